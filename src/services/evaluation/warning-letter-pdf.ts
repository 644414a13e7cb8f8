import { formatDate } from '../../domain/indonesian-dates.js';
import { bodyText, letterhead, numberPages, openLetter } from '../documents/official-letter.js';

/**
 * The warning letter (surat teguran) of an evaluation whose follow-up is one (issue 10 item
 * 3), in Dukcapil's official-letter frame: number and date (a draft has neither yet), the
 * agency head it is addressed to, the agreement and the evaluation it rests on with its
 * score and grade, each checklist item not met, the findings, what the agency is asked to do
 * (the recommendations), the consequence the agreement allows, and the signature block of the
 * head of Dukcapil (the name left blank, written by hand: the system keeps none).
 */
export interface WarningLetterContent {
  /** null: a draft, before the letter is numbered and recorded as sent. */
  readonly letter: { readonly number: string; readonly on: string } | null;
  readonly agency: {
    readonly code: string;
    readonly name: string;
    readonly address: string | null;
    readonly headTitle: string | null;
  };
  readonly agreementNumber: string;
  readonly evaluation: {
    readonly id: number;
    readonly from: string;
    readonly to: string;
    readonly finalizedOn: string;
    readonly score: number | null;
    readonly gradeLabel: string | null;
  };
  /** The checklist items answered "Tidak memenuhi", as the form prints them. */
  readonly shortfalls: readonly {
    readonly label: string;
    readonly basis: string;
    readonly note: string;
  }[];
  readonly findings: string;
  readonly recommendations: string;
}

const MARGIN = 68;
const BODY_SIZE = 11;
const SIGNER_TITLE = 'Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Purbalingga';
const BLANK = '.'.repeat(40);

export async function renderWarningLetterPdf(content: WarningLetterContent): Promise<Buffer> {
  const { agency, evaluation: e, letter: numbered } = content;
  const letter = await openLetter({
    margin: MARGIN,
    bottomMargin: 56,
    bufferPages: true,
    title: `Surat Teguran ${numbered?.number ?? '(draf)'}`,
    subject: `Teguran atas hasil evaluasi pemanfaatan data kependudukan oleh ${agency.name}`,
  });
  const { doc, width } = letter;
  letterhead(letter, {
    margin: MARGIN,
    title: 'SURAT TEGURAN',
    ...(numbered ? {} : { subtitle: 'DRAF (belum bernomor dan belum dikirim)' }),
    number: numbered?.number ?? BLANK,
    bodySize: BODY_SIZE,
  });
  doc.moveDown(1);
  const { text, paragraph } = bodyText(letter, { margin: MARGIN, size: BODY_SIZE });
  text(`Purbalingga, ${numbered ? formatDate(numbered.on) : BLANK}`, { align: 'right' });
  doc.moveDown(0.6);
  for (const line of [
    'Kepada Yth.',
    agency.headTitle ?? `Pimpinan ${agency.name}`,
    ...(agency.headTitle ? [agency.name] : []),
    ...(agency.address ? [agency.address] : []),
    'di tempat',
  ]) {
    text(line, { align: 'left' });
  }
  doc.moveDown(0.6);
  text('Perihal: Teguran atas hasil evaluasi pemanfaatan data kependudukan', { align: 'left' });
  doc.moveDown(0.8);

  const grade =
    e.score === null || e.gradeLabel === null
      ? ''
      : ` dengan nilai ${e.score} dan predikat ${e.gradeLabel}`;
  paragraph(
    'Berdasarkan Perjanjian Kerja Sama pemanfaatan Nomor Induk Kependudukan, data kependudukan, ' +
      `dan KTP-el nomor ${content.agreementNumber}, Dinas Kependudukan dan Pencatatan Sipil ` +
      `Kabupaten Purbalingga telah mengevaluasi penggunaan hak akses oleh ${agency.name} ` +
      `(${agency.code}) untuk periode ${formatDate(e.from)} s.d. ${formatDate(e.to)} ` +
      `(evaluasi nomor ${e.id}, difinalkan ${formatDate(e.finalizedOn)})${grade}.`,
  );
  if (content.shortfalls.length > 0) {
    paragraph('Evaluasi tersebut mencatat kewajiban yang belum dipenuhi sebagai berikut:');
    content.shortfalls.forEach((s, i) => {
      text(`${i + 1}. ${s.label}.`, { indent: 0 });
      text(`${s.basis}${s.note ? ` Catatan: ${s.note}` : ''}`, { indent: 14 });
      doc.moveDown(0.3);
    });
    doc.moveDown(0.2);
  }
  doc.font('Times-Bold').fontSize(BODY_SIZE).text('Temuan', MARGIN, doc.y, { width });
  paragraph(content.findings);
  paragraph(
    `Sehubungan dengan hal tersebut, dengan ini kami menegur ${agency.name} dan meminta ` +
      'agar segera melaksanakan hal-hal berikut:',
  );
  paragraph(content.recommendations);
  paragraph(
    'Apabila kewajiban sebagaimana diatur dalam Perjanjian Kerja Sama tersebut tetap tidak ' +
      'dipenuhi, Dinas Kependudukan dan Pencatatan Sipil Kabupaten Purbalingga dapat mengusulkan ' +
      'pencabutan hak akses sesuai ketentuan Perjanjian Kerja Sama.',
  );
  paragraph(
    'Demikian surat teguran ini disampaikan untuk menjadi perhatian dan segera ditindaklanjuti.',
  );

  if (doc.y > doc.page.height - 170) doc.addPage();
  doc.moveDown(0.8);
  const column = width / 2;
  const x = MARGIN + column;
  doc.font('Times-Roman').fontSize(BODY_SIZE);
  doc.text(SIGNER_TITLE, x, doc.y, { width: column, align: 'center' });
  doc.text(`(${BLANK})`, x, doc.y + 56, { width: column, align: 'center' });
  doc.x = MARGIN;
  numberPages(letter, { margin: MARGIN, fontSize: 9 });
  return letter.finish();
}
