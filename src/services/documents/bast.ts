import { formatDate } from '../../domain/indonesian-dates.js';
import { dateInWords } from '../../domain/terbilang.js';
import { letterhead, openLetter, type OpenLetter } from './official-letter.js';

/**
 * A Berita Acara Serah Terima in Dukcapil's official-letter frame: the letterhead, the title
 * and number, the day written out, the two parties by their titles, what is handed over
 * (each BAST writes its own lines), the closing formula and the signature blocks. The
 * signatories' names are left blank to be written by hand: the system keeps none. One frame
 * for every BAST (a user ID, a SAM's return), so that they read and look alike.
 */

const MARGIN = 68; // 2.4 cm
const BODY_SIZE = 11;
const BLANK = '.'.repeat(40);

export interface BastParty {
  /** The institution, e.g. "Dinas Kesehatan Kabupaten Purbalingga". */
  readonly name: string;
  /** The title of its head, who signs. */
  readonly headTitle: string;
}

export interface BastFrame {
  readonly nomor: string;
  /** YYYY-MM-DD */
  readonly tanggal: string;
  readonly subtitle: string;
  /** The PDF's subject line. */
  readonly subject: string;
  /** Dukcapil. */
  readonly first: BastParty;
  /** The agency. */
  readonly second: BastParty;
  /** Which party hands over: it is named first in the opening and signs on the left. */
  readonly handsOver: 'first' | 'second';
}

export interface BastWriter {
  readonly letter: OpenLetter;
  readonly paragraph: (text: string, indent?: number) => void;
  /** `label : value`, the value bold where it is what the BAST is about. */
  readonly row: (label: string, value: string, indent?: number, bold?: boolean) => void;
}

/** Opens the BAST, writes up to the parties, lets `body` write what is handed over, and closes it. */
export async function renderBast(
  frame: BastFrame,
  body: (writer: BastWriter) => void,
): Promise<Buffer> {
  const letter = await openLetter({
    margin: MARGIN,
    bottomMargin: 48,
    title: `Berita Acara Serah Terima ${frame.nomor}`,
    subject: frame.subject,
  });
  const { doc, width } = letter;
  letterhead(letter, {
    margin: MARGIN,
    title: 'BERITA ACARA SERAH TERIMA',
    subtitle: frame.subtitle,
    number: frame.nomor,
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

  const parties: [BastParty, string][] = [
    [frame.first, 'PIHAK KESATU'],
    [frame.second, 'PIHAK KEDUA'],
  ];
  if (frame.handsOver === 'second') parties.reverse();
  paragraph(
    `Pada hari ini ${dateInWords(frame.tanggal)} (${formatDate(frame.tanggal)}), ` +
      'yang bertanda tangan di bawah ini:',
  );
  parties.forEach(([party, label], i) => {
    doc.font('Times-Roman').text(`${i + 1}.`, MARGIN, doc.y);
    doc.moveUp();
    row('Nama', BLANK);
    row('Jabatan', party.headTitle);
    paragraph(
      `dalam hal ini bertindak untuk dan atas nama ${party.name}, selanjutnya disebut ${label}.`,
      18,
    );
  });

  body({ letter, paragraph, row });

  paragraph(
    'Demikian Berita Acara Serah Terima ini dibuat dalam rangkap 2 (dua) untuk dipergunakan ' +
      'sebagaimana mestinya.',
  );
  // Signature blocks: PIHAK KEDUA on the left, PIHAK KESATU on the right, as is customary;
  // both titles first, then both name lines at one height below the taller title.
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
  const role = (party: 'first' | 'second') =>
    frame.handsOver === party ? 'Yang menyerahkan, ' : 'Yang menerima, ';
  const bottom = Math.max(
    heading(MARGIN, `${role('second')}PIHAK KEDUA`, frame.second.headTitle),
    heading(MARGIN + column, `${role('first')}PIHAK KESATU`, frame.first.headTitle),
  );
  for (const x of [MARGIN, MARGIN + column]) {
    doc.text(`(${BLANK})`, x, bottom + 64, { width: column, align: 'center' });
  }
  return letter.finish();
}
