import { formatDate } from '../../domain/indonesian-dates.js';
import { dateInWords } from '../../domain/terbilang.js';
import { letterhead, openLetter } from '../documents/official-letter.js';

/**
 * The handover letter (Berita Acara Serah Terima, BAST) of a new user ID, in the form of an
 * Indonesian government letter: letterhead, title and number, the day written out, the two
 * parties by their titles, what is handed over, and the signature blocks. Personal names of
 * the signatories are left blank to be written by hand: the system keeps none.
 */
export interface BastContent {
  readonly nomor: string;
  /** YYYY-MM-DD */
  readonly tanggal: string;
  readonly firstPartyName: string;
  readonly firstPartyHeadTitle: string;
  readonly secondPartyName: string;
  readonly secondPartyHeadTitle: string;
  readonly agencyCode: string;
  readonly agreementNumbers: { readonly dukcapil: string; readonly instansi: string };
  readonly requestLetter: { readonly nomor: string; readonly tanggal: string };
  readonly userId: string;
  readonly roleLabel: string;
  readonly holder: {
    readonly namaLengkap: string;
    readonly nomorIdentitasKepegawaian: string;
    readonly jabatan: string;
  };
  /**
   * The one-time password, only in the copy made from the approval's answer. Absent: the
   * copy says it was handed over separately and is not kept by the system.
   */
  readonly password?: string | undefined;
}

const MARGIN = 68; // 2.4 cm
const BODY_SIZE = 11;

function blankLine(): string {
  return '.'.repeat(40);
}

export async function renderBastPdf(content: BastContent): Promise<Buffer> {
  const letter = await openLetter({
    margin: MARGIN,
    bottomMargin: 48,
    title: `Berita Acara Serah Terima ${content.nomor}`,
    subject: `Serah terima user ID ${content.userId}`,
  });
  const { doc, width } = letter;
  letterhead(letter, {
    margin: MARGIN,
    title: 'BERITA ACARA SERAH TERIMA',
    subtitle: 'USER ID DAN KATA SANDI LAYANAN GERBANG',
    number: content.nomor,
    bodySize: BODY_SIZE,
  });
  doc.moveDown(1);

  const paragraph = (text: string, indent = 0) => {
    doc
      .font('Times-Roman')
      .fontSize(BODY_SIZE)
      .text(text, MARGIN + indent, doc.y, { align: 'justify', width: width - indent });
    doc.moveDown(0.4);
  };

  const labelWidth = 170;
  const row = (label: string, value: string, indent = 18, bold = false) => {
    const y = doc.y;
    doc
      .font('Times-Roman')
      .fontSize(BODY_SIZE)
      .text(label, MARGIN + indent, y, {
        width: labelWidth - indent,
      });
    doc.text(':', MARGIN + labelWidth, y, { width: 10 });
    doc.font(bold ? 'Times-Bold' : 'Times-Roman').text(value, MARGIN + labelWidth + 12, y, {
      width: width - labelWidth - 12,
    });
    doc.x = MARGIN;
  };

  paragraph(
    `Pada hari ini ${dateInWords(content.tanggal)} (${formatDate(content.tanggal)}), ` +
      'yang bertanda tangan di bawah ini:',
  );
  doc.font('Times-Roman').text('1.', MARGIN, doc.y);
  doc.moveUp();
  row('Nama', blankLine());
  row('Jabatan', content.firstPartyHeadTitle);
  paragraph(
    `dalam hal ini bertindak untuk dan atas nama ${content.firstPartyName}, ` +
      'selanjutnya disebut PIHAK KESATU.',
    18,
  );
  doc.font('Times-Roman').text('2.', MARGIN, doc.y);
  doc.moveUp();
  row('Nama', blankLine());
  row('Jabatan', content.secondPartyHeadTitle);
  paragraph(
    `dalam hal ini bertindak untuk dan atas nama ${content.secondPartyName}, ` +
      'selanjutnya disebut PIHAK KEDUA.',
    18,
  );

  paragraph(
    'Berdasarkan Perjanjian Kerja Sama tentang Pemanfaatan Data Kependudukan nomor ' +
      `${content.agreementNumbers.dukcapil} dan ${content.agreementNumbers.instansi}, serta ` +
      `surat permohonan PIHAK KEDUA nomor ${content.requestLetter.nomor} tanggal ` +
      `${formatDate(content.requestLetter.tanggal)} perihal perubahan user ID, PIHAK KESATU ` +
      'menyerahkan kepada PIHAK KEDUA hak akses sebagai berikut:',
  );
  row('Instansi', `${content.secondPartyName} (${content.agencyCode})`);
  row('Nomor PKS', content.agreementNumbers.dukcapil);
  row('User ID', content.userId, 18, true);
  row(
    'Kata sandi',
    content.password ??
      'diserahkan langsung kepada PIHAK KEDUA pada saat serah terima; tidak disimpan oleh sistem',
    18,
    content.password !== undefined,
  );
  row('Peran', content.roleLabel);
  row('Pemegang user ID', content.holder.namaLengkap);
  row('Nomor identitas kepegawaian', content.holder.nomorIdentitasKepegawaian);
  row('Jabatan', content.holder.jabatan);
  doc.moveDown(0.4);

  paragraph(
    'Kata sandi tersebut hanya berlaku untuk masuk pertama kali dan wajib segera diganti oleh ' +
      'pemegang user ID. PIHAK KEDUA bertanggung jawab penuh atas penggunaan user ID tersebut ' +
      'sesuai Perjanjian Kerja Sama, menjaga kerahasiaan kata sandi, dan tidak menyimpan maupun ' +
      'memberikan data kependudukan kepada pihak lain.',
  );
  paragraph(
    'Demikian Berita Acara Serah Terima ini dibuat dalam rangkap 2 (dua) untuk dipergunakan ' +
      'sebagaimana mestinya.',
  );

  // Signature blocks: PIHAK KEDUA on the left, PIHAK KESATU on the right, as is customary.
  if (doc.y > doc.page.height - 170) doc.addPage();
  doc.moveDown(0.8);
  const column = width / 2;
  const top = doc.y;
  // Both titles first, then both name lines at one height below the taller title.
  const heading = (x: number, party: string, title: string) => {
    doc
      .font('Times-Bold')
      .fontSize(BODY_SIZE)
      .text(party, x, top, { width: column, align: 'center' });
    doc.font('Times-Roman').text(title, x + 6, doc.y, { width: column - 12, align: 'center' });
    return doc.y;
  };
  const bottom = Math.max(
    heading(MARGIN, 'PIHAK KEDUA', content.secondPartyHeadTitle),
    heading(MARGIN + column, 'PIHAK KESATU', content.firstPartyHeadTitle),
  );
  for (const x of [MARGIN, MARGIN + column]) {
    doc.text(`(${blankLine()})`, x, bottom + 64, { width: column, align: 'center' });
  }

  return letter.finish();
}
