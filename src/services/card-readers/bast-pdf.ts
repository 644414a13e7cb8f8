import { formatDate } from '../../domain/indonesian-dates.js';
import { dateInWords } from '../../domain/terbilang.js';
import { letterhead, openLetter } from '../documents/official-letter.js';

/**
 * The BAST of a SAM's return and its reader's deactivation (SPEC §5), in the official-letter
 * frame of the user-ID BAST: the agency (PIHAK KEDUA) hands the SAM back to Dukcapil (PIHAK
 * KESATU) and states the reader deactivated. Signatories' names are left blank for the pen.
 */
export interface SamReturnBastContent {
  readonly nomor: string;
  /** YYYY-MM-DD */
  readonly tanggal: string;
  readonly firstPartyName: string;
  readonly firstPartyHeadTitle: string;
  readonly secondPartyName: string;
  readonly secondPartyHeadTitle: string;
  readonly agencyCode: string;
  readonly agreement: { readonly dukcapil: string; readonly instansi: string } | null;
  readonly reason: string;
  readonly reader: {
    readonly serial: string;
    readonly make: string;
    readonly location: string;
    readonly samNumber: string;
    readonly activation: string | null;
  };
  readonly samPulledOn: string | null;
}

const MARGIN = 68; // 2.4 cm
const BODY_SIZE = 11;
const blank = () => '.'.repeat(40);

export async function renderSamReturnBast(content: SamReturnBastContent): Promise<Buffer> {
  const letter = await openLetter({
    margin: MARGIN,
    bottomMargin: 48,
    title: `Berita Acara Serah Terima ${content.nomor}`,
    subject: `Pengembalian SAM ${content.reader.samNumber}`,
  });
  const { doc, width } = letter;
  letterhead(letter, {
    margin: MARGIN,
    title: 'BERITA ACARA SERAH TERIMA',
    subtitle: 'PENGEMBALIAN SAM DAN PENONAKTIFAN CARD READER KTP-EL',
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
      .text(label, MARGIN + indent, y, { width: labelWidth - indent });
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
  row('Nama', blank());
  row('Jabatan', content.secondPartyHeadTitle);
  paragraph(
    `dalam hal ini bertindak untuk dan atas nama ${content.secondPartyName}, ` +
      'selanjutnya disebut PIHAK KEDUA.',
    18,
  );
  doc.font('Times-Roman').text('2.', MARGIN, doc.y);
  doc.moveUp();
  row('Nama', blank());
  row('Jabatan', content.firstPartyHeadTitle);
  paragraph(
    `dalam hal ini bertindak untuk dan atas nama ${content.firstPartyName}, ` +
      'selanjutnya disebut PIHAK KESATU.',
    18,
  );

  paragraph(
    (content.agreement
      ? 'Sehubungan dengan berakhirnya Perjanjian Kerja Sama tentang Pemanfaatan Data ' +
        `Kependudukan nomor ${content.agreement.dukcapil} dan ${content.agreement.instansi} ` +
        'tanpa perpanjangan, '
      : `Sehubungan dengan ${content.reason.replace(/\.$/, '')}, `) +
      'PIHAK KEDUA menyerahkan kembali kepada PIHAK KESATU Secure Access Module (SAM) ' +
      'card reader KTP-el sebagai berikut:',
  );
  row('Instansi', `${content.secondPartyName} (${content.agencyCode})`);
  row('Nomor SAM', content.reader.samNumber, 18, true);
  row('Nomor seri card reader', content.reader.serial, 18, true);
  row('Merek/tipe', content.reader.make);
  row('Lokasi', content.reader.location);
  row('Aktivasi SIFILMA', content.reader.activation ?? '-');
  row('SAM dicabut pada', content.samPulledOn ? formatDate(content.samPulledOn) : '-');
  doc.moveDown(0.4);

  paragraph(
    'Dengan diserahkannya SAM tersebut, card reader KTP-el di atas dinyatakan nonaktif dan ' +
      'tidak lagi dipergunakan untuk membaca data KTP-el. PIHAK KEDUA menyatakan tidak ' +
      'menyimpan data kependudukan yang dibaca melalui card reader tersebut selain yang telah ' +
      'disetujui penduduk, dan tidak memberikannya kepada pihak lain.',
  );
  paragraph(
    'Demikian Berita Acara Serah Terima ini dibuat dalam rangkap 2 (dua) untuk dipergunakan ' +
      'sebagaimana mestinya.',
  );

  if (doc.y > doc.page.height - 170) doc.addPage();
  doc.moveDown(0.8);
  const column = width / 2;
  const top = doc.y;
  const heading = (x: number, party: string, title: string) => {
    doc
      .font('Times-Bold')
      .fontSize(BODY_SIZE)
      .text(party, x, top, { width: column, align: 'center' });
    doc.font('Times-Roman').text(title, x + 6, doc.y, { width: column - 12, align: 'center' });
    return doc.y;
  };
  const bottom = Math.max(
    heading(MARGIN, 'Yang menyerahkan, PIHAK KEDUA', content.secondPartyHeadTitle),
    heading(MARGIN + column, 'Yang menerima, PIHAK KESATU', content.firstPartyHeadTitle),
  );
  for (const x of [MARGIN, MARGIN + column]) {
    doc.text(`(${blank()})`, x, bottom + 64, { width: column, align: 'center' });
  }
  return letter.finish();
}
