import { openLetter } from '../documents/official-letter.js';

/**
 * The resident's consent form (Juknis IV.F) as the agency prints it for signing: the agency's
 * heading (it is the agency's form, not Dukcapil's letter), what was read and through which
 * reader, what may be kept and for what, the statement of consent, the signature blocks.
 */
export interface ConsentFormContent {
  readonly number: string;
  readonly agencyName: string;
  readonly agencyHeadTitle: string;
  readonly nik: string;
  readonly reader: string;
  readonly officer: string;
  readonly givenAt: string;
  readonly elements: readonly string[];
  readonly purpose: string;
  /** When and why it was withdrawn, or null while it holds. */
  readonly withdrawn: string | null;
}

const MARGIN = 68;
const SIZE = 11;

export async function renderConsentForm(content: ConsentFormContent): Promise<Buffer> {
  const letter = await openLetter({
    margin: MARGIN,
    bottomMargin: 48,
    title: `Persetujuan Penyimpanan Data KTP-el ${content.number}`,
    subject: 'Persetujuan penduduk atas penyimpanan data yang dibaca dari KTP-el',
  });
  const { doc, width } = letter;
  doc.font('Times-Bold').fontSize(14).text(content.agencyName.toUpperCase(), { align: 'center' });
  doc.moveDown(0.6);
  doc.fontSize(13).text('SURAT PERSETUJUAN PENDUDUK', { align: 'center' });
  doc.fontSize(SIZE).text('PENYIMPANAN DATA YANG DIBACA DARI KTP-EL', { align: 'center' });
  doc.font('Times-Roman').text(`Nomor: ${content.number}`, { align: 'center' });
  doc.moveDown(1);

  const paragraph = (text: string) => {
    doc.font('Times-Roman').fontSize(SIZE).text(text, MARGIN, doc.y, { align: 'justify', width });
    doc.moveDown(0.4);
  };
  const row = (label: string, value: string) => {
    const y = doc.y;
    doc
      .font('Times-Roman')
      .fontSize(SIZE)
      .text(label, MARGIN + 18, y, { width: 150 });
    doc.text(':', MARGIN + 170, y, { width: 10 });
    doc.text(value, MARGIN + 182, y, { width: width - 182 });
    doc.x = MARGIN;
  };

  paragraph('Saya, pemilik KTP-el dengan data berikut:');
  row('NIK', content.nik);
  row('Nama', '.'.repeat(50));
  doc.moveDown(0.4);
  paragraph(
    'telah memeriksa data yang dibaca dari KTP-el saya melalui card reader di bawah ini, ' +
      'menyatakan data tersebut benar, dan menyetujui penyimpanan elemen data berikut oleh ' +
      `${content.agencyName} semata-mata untuk keperluan yang disebutkan:`,
  );
  row('Card reader', content.reader);
  row('Petugas', content.officer);
  row('Waktu persetujuan', content.givenAt);
  row('Elemen yang disimpan', content.elements.join(', '));
  row('Keperluan', content.purpose);
  doc.moveDown(0.4);
  paragraph(
    'Data tersebut tidak akan diberikan kepada pihak lain. Saya dapat menarik persetujuan ini ' +
      'sewaktu-waktu melalui petugas instansi; sejak penarikan dicatat, data tersebut tidak ' +
      'lagi boleh disimpan.',
  );
  if (content.withdrawn) {
    doc.font('Times-Bold').text(`PERSETUJUAN INI TELAH DITARIK pada ${content.withdrawn}`);
    doc.moveDown(0.4);
  }

  doc.moveDown(1);
  const column = width / 2;
  const top = doc.y;
  doc.font('Times-Roman').text('Petugas,', MARGIN, top, { width: column, align: 'center' });
  doc.text('Penduduk yang menyetujui,', MARGIN + column, top, { width: column, align: 'center' });
  for (const x of [MARGIN, MARGIN + column]) {
    doc.text(`(${'.'.repeat(40)})`, x, top + 80, { width: column, align: 'center' });
  }
  return letter.finish();
}
