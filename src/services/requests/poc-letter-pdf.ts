import { formatDate } from '../../domain/indonesian-dates.js';
import type { CaseResult } from '../../domain/poc-checklist.js';
import { dateInWords } from '../../domain/terbilang.js';
import { bodyText, letterhead, openLetter } from '../documents/official-letter.js';

/**
 * The PoC result letter (surat hasil PoC) in Dukcapil's official-letter frame: the number,
 * the day written out, the agency and its application, each case of the checklist with its
 * result and note, the conclusion, and the signature block of the head of Dukcapil (the name
 * left blank, written by hand: the system keeps none).
 */
export interface PocLetterContent {
  readonly nomor: string;
  /** YYYY-MM-DD */
  readonly tanggal: string;
  readonly agencyName: string;
  readonly agencyCode: string;
  readonly agreementNumber: string;
  readonly requestLetter: { readonly nomor: string; readonly tanggal: string };
  readonly application: string;
  readonly scheduledOn: string | null;
  readonly cases: readonly CaseResult[];
  readonly passed: boolean;
  readonly conclusion: string;
}

const MARGIN = 68;
const BODY_SIZE = 11;

export async function renderPocLetterPdf(content: PocLetterContent): Promise<Buffer> {
  const letter = await openLetter({
    margin: MARGIN,
    bottomMargin: 48,
    title: `Surat Hasil PoC ${content.nomor}`,
    subject: `Hasil proof of concept aplikasi ${content.application}`,
  });
  const { doc, width } = letter;
  letterhead(letter, {
    margin: MARGIN,
    title: 'SURAT HASIL PROOF OF CONCEPT (PoC)',
    subtitle: 'PEMANFAATAN LAYANAN WEB DATA KEPENDUDUKAN',
    number: content.nomor,
    bodySize: BODY_SIZE,
  });
  doc.moveDown(1);
  const { paragraph } = bodyText(letter, { margin: MARGIN, size: BODY_SIZE });
  paragraph(
    `Pada hari ini ${dateInWords(content.tanggal)} (${formatDate(content.tanggal)}), Dinas ` +
      'Kependudukan dan Pencatatan Sipil Kabupaten Purbalingga menyampaikan hasil proof of ' +
      `concept (PoC) aplikasi ${content.application} milik ${content.agencyName} ` +
      `(${content.agencyCode}) berdasarkan Perjanjian Kerja Sama nomor ${content.agreementNumber} ` +
      `dan surat permohonan nomor ${content.requestLetter.nomor} tanggal ` +
      `${formatDate(content.requestLetter.tanggal)}` +
      (content.scheduledOn ? `, yang dilaksanakan pada ${formatDate(content.scheduledOn)}` : '') +
      ' terhadap lingkungan uji (sandbox) berisi data sintetis, dengan hasil sebagai berikut:',
  );

  // The cases: number, case, result, note.
  const columns = [
    { title: 'No', width: 24 },
    { title: 'Kasus uji', width: width - 24 - 74 - 140 },
    { title: 'Hasil', width: 74 },
    { title: 'Catatan', width: 140 },
  ];
  const row = (cells: readonly string[], bold: boolean) => {
    doc.font(bold ? 'Times-Bold' : 'Times-Roman').fontSize(9.5);
    const heights = cells.map((cell, i) =>
      doc.heightOfString(cell || '-', { width: columns[i]!.width - 6 }),
    );
    const height = Math.max(...heights) + 6;
    if (doc.y + height > doc.page.height - 60) doc.addPage();
    const top = doc.y;
    let x = MARGIN;
    cells.forEach((cell, i) => {
      doc.rect(x, top, columns[i]!.width, height).lineWidth(0.5).stroke();
      doc.text(cell || '-', x + 3, top + 3, { width: columns[i]!.width - 6 });
      x += columns[i]!.width;
    });
    doc.x = MARGIN;
    doc.y = top + height;
  };
  row(
    columns.map((c) => c.title),
    true,
  );
  content.cases.forEach((c, i) =>
    row([String(i + 1), c.label, c.passed ? 'LULUS' : 'TIDAK LULUS', c.note], false),
  );
  doc.moveDown(1);

  doc.font('Times-Bold').fontSize(BODY_SIZE).text('Kesimpulan', MARGIN, doc.y, { width });
  paragraph(content.conclusion);
  paragraph(
    content.passed
      ? 'Dengan demikian permohonan PoC disetujui: aplikasi tersebut dapat memanggil layanan web ' +
          'sesuai Perjanjian Kerja Sama dan adendumnya, dan kuota harian akses instansi dicabut.'
      : 'Dengan demikian permohonan PoC ditolak. Instansi dapat memperbaiki aplikasinya dan ' +
          'mengajukan permohonan PoC baru.',
  );
  paragraph('Demikian surat hasil PoC ini dibuat untuk dipergunakan sebagaimana mestinya.');

  if (doc.y > doc.page.height - 170) doc.addPage();
  doc.moveDown(0.8);
  const column = width / 2;
  const x = MARGIN + column;
  doc
    .font('Times-Roman')
    .fontSize(BODY_SIZE)
    .text(`Purbalingga, ${formatDate(content.tanggal)}`, x, doc.y, {
      width: column,
      align: 'center',
    });
  doc.text('Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Purbalingga', x, doc.y, {
    width: column,
    align: 'center',
  });
  doc.text(`(${'.'.repeat(40)})`, x, doc.y + 56, { width: column, align: 'center' });
  return letter.finish();
}
