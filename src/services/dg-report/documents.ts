import ExcelJS from 'exceljs';
import type { DgFormat, DgSection } from '../../domain/dg-report.js';
import { formatDate } from '../../domain/indonesian-dates.js';
import {
  letterhead,
  numberPages,
  bodyText,
  openLetter,
  LETTER_AUTHOR,
} from '../documents/official-letter.js';
import type { DgContent } from './content.js';

/*
 * The report to the Directorate General as documents: an official letter of Dukcapil with
 * the attachment's sections in the configured format's order (PDF), and the same tables as a
 * workbook, one sheet per section in that order (XLSX). Both are built from one table model
 * (`sectionTable`), so that they cannot say different things.
 */

export const DG_ADDRESSEE = [
  'Kepada Yth.',
  'Direktur Jenderal Kependudukan dan Pencatatan Sipil',
  'Kementerian Dalam Negeri',
  'c.q. Subdirektorat Monitoring dan Evaluasi (Subdit MED)',
  'di Jakarta',
];
const SIGNER_TITLE = 'Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Purbalingga';

type Cell = string | number;

interface SectionTable {
  readonly header: readonly string[];
  /** Relative widths of the columns (the PDF spreads them over the page). */
  readonly widths: readonly number[];
  readonly rows: readonly (readonly Cell[])[];
  /** Shown instead of the table when it has no rows. */
  readonly empty: string;
}

const percent = (value: number | null) =>
  value === null ? '–' : `${value.toLocaleString('id-ID', { maximumFractionDigits: 1 })}%`;

/** Each section as one table: the PDF's attachment and the workbook's sheet. */
export function sectionTable(content: DgContent, section: DgSection): SectionTable {
  const t = content.totals;
  switch (section) {
    case 'RINGKASAN':
      return {
        header: ['Uraian', 'Jumlah'],
        widths: [4, 1],
        empty: '',
        rows: [
          ['Instansi pengguna dengan PKS berlaku dalam semester', t.agencies],
          ['Pencarian NIK dalam semester', t.lookups],
          ['Laporan semester tepat waktu', t.byStatus.TEPAT_WAKTU],
          ['Laporan semester terlambat', t.byStatus.TERLAMBAT],
          ['Instansi tidak menyampaikan laporan', t.byStatus.TIDAK_ADA],
          ['Laporan belum jatuh tempo', t.byStatus.BELUM_JATUH_TEMPO],
          ['Instansi yang telah dievaluasi', t.evaluated],
          ['Predikat A (Baik)', t.byGrade.A],
          ['Predikat B (Cukup)', t.byGrade.B],
          ['Predikat C (Kurang)', t.byGrade.C],
          ['Predikat D (Buruk)', t.byGrade.D],
          ['Tindak lanjut: surat teguran', t.byFollowUp.SURAT_TEGURAN],
          ['Tindak lanjut: usul pencabutan akses', t.byFollowUp.USUL_PENCABUTAN],
        ],
      };
    case 'STATUS_LAPORAN':
      return {
        header: ['No', 'Instansi', 'Nomor PKS', 'Batas waktu', 'Diterima', 'Status laporan'],
        widths: [0.5, 3, 2.4, 1.6, 1.6, 1.8],
        empty: 'Tidak ada instansi dengan PKS berlaku dalam semester ini.',
        rows: content.rows.map((r, i) => [
          i + 1,
          `${r.agency.code} — ${r.agency.name}`,
          r.agreement.nomorDukcapil,
          formatDate(r.report.dueOn),
          r.report.receivedOn ? formatDate(r.report.receivedOn) : '–',
          r.report.statusLabel,
        ]),
      };
    case 'ANGKA_INSTANSI':
      return {
        header: [
          'Instansi',
          'Pencarian',
          'Ditemukan',
          'Tidak ditemukan',
          'Ditolak',
          'NIK diakses',
          'Data balikan',
          'Data balikan terlambat',
          'Peringatan pola',
          'Pengguna tanpa NDA/SPTJM',
        ],
        widths: [1.4, 1.1, 1.1, 1.1, 1, 1, 1.1, 1.1, 1, 1.2],
        empty: 'Tidak ada instansi dengan PKS berlaku dalam semester ini.',
        rows: content.rows.map((r) => [
          r.agency.code,
          r.figures.lookups,
          r.figures.found,
          r.figures.notFound,
          r.figures.refused,
          r.figures.accessedNiks,
          percent(r.figures.percentReturned),
          r.figures.overdue,
          r.figures.alerts,
          r.figures.usersWithoutDocuments,
        ]),
      };
    case 'HASIL_EVALUASI':
      return {
        header: ['Instansi', 'Nilai', 'Predikat', 'Keadaan evaluasi'],
        widths: [3, 1, 1.4, 3],
        empty: 'Tidak ada instansi dengan PKS berlaku dalam semester ini.',
        rows: content.rows.map((r) => [
          `${r.agency.code} — ${r.agency.name}`,
          r.evaluation ? r.evaluation.score : '–',
          r.evaluation ? r.evaluation.gradeLabel : 'Belum dievaluasi',
          r.evaluation ? r.evaluation.stateLabel : '–',
        ]),
      };
    case 'TINDAK_LANJUT': {
      const rows = content.rows.filter(
        (r) => r.evaluation && r.evaluation.followUp !== 'TIDAK_ADA',
      );
      return {
        header: ['Instansi', 'Nomor PKS', 'Tindak lanjut', 'Keadaan'],
        widths: [3, 2.4, 2, 3],
        empty: 'Tidak ada instansi yang memerlukan tindak lanjut.',
        rows: rows.map((r) => [
          `${r.agency.code} — ${r.agency.name}`,
          r.agreement.nomorDukcapil,
          r.evaluation!.followUpLabel,
          r.evaluation!.stateLabel,
        ]),
      };
    }
  }
}

const MARGIN = 56;
const BODY_SIZE = 11;
const TABLE_SIZE = 8.5;

/** The PDF: the covering letter, then the attachment's sections in the format's order. */
export async function dgReportPdf(
  content: DgContent,
  format: DgFormat,
  letter: { readonly number: string; readonly date: string },
): Promise<Buffer> {
  const open = await openLetter({
    margin: MARGIN,
    bottomMargin: 56,
    bufferPages: true,
    title: `Laporan Evaluasi ${content.semesterLabel}`,
    subject: 'Laporan hasil evaluasi pemanfaatan data kependudukan kepada Direktur Jenderal',
  });
  const { doc, width } = open;
  letterhead(open, {
    margin: MARGIN,
    title: 'LAPORAN HASIL EVALUASI PEMANFAATAN DATA KEPENDUDUKAN',
    subtitle: content.semesterLabel,
    number: letter.number,
    bodySize: BODY_SIZE,
  });
  doc.moveDown(1);
  const { text } = bodyText(open, { margin: MARGIN, size: BODY_SIZE });
  text(`Purbalingga, ${formatDate(letter.date)}`, { align: 'right' });
  doc.moveDown(0.6);
  for (const line of DG_ADDRESSEE) text(line, { align: 'left' });
  doc.moveDown(0.8);
  const t = content.totals;
  text(
    'Memenuhi Pasal 8 Perjanjian Kerja Sama pemanfaatan data kependudukan dan Petunjuk Teknis ' +
      'bagian V, bersama ini Dinas Kependudukan dan Pencatatan Sipil Kabupaten Purbalingga ' +
      `menyampaikan laporan hasil evaluasi pemanfaatan NIK, data kependudukan, dan KTP-el oleh ` +
      `${t.agencies} instansi pengguna untuk ${content.semesterLabel} ` +
      `(${formatDate(content.period.from)} s.d. ${formatDate(content.period.to)}).`,
  );
  doc.moveDown(0.4);
  text(
    `Laporan semester instansi jatuh tempo pada ${formatDate(content.dueOn)}: ` +
      `${t.byStatus.TEPAT_WAKTU} tepat waktu, ${t.byStatus.TERLAMBAT} terlambat, ` +
      `${t.byStatus.TIDAK_ADA} tidak menyampaikan, ${t.byStatus.BELUM_JATUH_TEMPO} belum jatuh tempo. ` +
      `${t.evaluated} instansi telah dievaluasi; tindak lanjut: ${t.byFollowUp.SURAT_TEGURAN} surat teguran ` +
      `dan ${t.byFollowUp.USUL_PENCABUTAN} usul pencabutan akses. Rincian terlampir.`,
  );
  doc.moveDown(0.4);
  text('Demikian laporan ini kami sampaikan untuk menjadi bahan periksa.');
  doc.moveDown(1.2);
  const signX = MARGIN + width / 2;
  doc.font('Times-Roman').text(SIGNER_TITLE, signX, doc.y, { width: width / 2, align: 'center' });
  doc.moveDown(4);
  doc.text(`(${'.'.repeat(40)})`, signX, doc.y, { width: width / 2, align: 'center' });

  doc.addPage();
  doc
    .font('Times-Bold')
    .fontSize(12)
    .text(`LAMPIRAN LAPORAN NOMOR ${letter.number}`, MARGIN, doc.y, { width, align: 'center' });
  doc
    .font('Times-Roman')
    .fontSize(BODY_SIZE)
    .text(content.semesterLabel, { width, align: 'center' });
  format.sections.forEach((section, i) => {
    doc.moveDown(1);
    if (doc.y > doc.page.height - 140) doc.addPage();
    doc
      .font('Times-Bold')
      .fontSize(BODY_SIZE)
      .text(`${String.fromCharCode(65 + i)}. ${section.title}`, MARGIN, doc.y, { width });
    doc.moveDown(0.3);
    drawTable(doc, sectionTable(content, section.code), width);
  });

  numberPages(open, { margin: MARGIN, fontSize: 9 });
  return open.finish();
}

function drawTable(doc: PDFKit.PDFDocument, table: SectionTable, width: number): void {
  if (table.rows.length === 0) {
    doc.font('Times-Italic').fontSize(BODY_SIZE).text(table.empty, MARGIN, doc.y, { width });
    return;
  }
  const total = table.widths.reduce((a, b) => a + b, 0);
  const widths = table.widths.map((w) => (w / total) * width);
  const pad = 3;
  const rowHeight = (cells: readonly Cell[], bold: boolean) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(TABLE_SIZE);
    return (
      Math.max(
        ...cells.map((c, i) => doc.heightOfString(String(c), { width: widths[i]! - 2 * pad })),
      ) +
      2 * pad
    );
  };
  const drawRow = (cells: readonly Cell[], bold: boolean) => {
    const h = rowHeight(cells, bold);
    if (doc.y + h > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      if (!bold) drawRow(table.header, true);
    }
    const y = doc.y;
    let x = MARGIN;
    cells.forEach((cell, i) => {
      const w = widths[i]!;
      if (bold) doc.rect(x, y, w, h).fillAndStroke('#e8e8e8', '#000000').fillColor('#000000');
      else doc.rect(x, y, w, h).stroke();
      doc
        .font(bold ? 'Helvetica-Bold' : 'Helvetica')
        .fontSize(TABLE_SIZE)
        .text(String(cell), x + pad, y + pad, {
          width: w - 2 * pad,
          align: typeof cell === 'number' ? 'right' : 'left',
        });
      x += w;
    });
    doc.x = MARGIN;
    doc.y = y + h;
  };
  doc.lineWidth(0.5);
  drawRow(table.header, true);
  for (const row of table.rows) drawRow(row, false);
}

/** The XLSX: one sheet per section, in the format's order, with the letter's facts first. */
export async function dgReportXlsx(
  content: DgContent,
  format: DgFormat,
  letter: { readonly number: string; readonly date: string },
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = LETTER_AUTHOR;
  workbook.created = new Date(`${letter.date}T00:00:00Z`);
  const about = workbook.addWorksheet('Surat');
  about.addRows([
    ['Laporan hasil evaluasi pemanfaatan data kependudukan'],
    ['Nomor', letter.number],
    ['Tanggal', formatDate(letter.date)],
    ['Periode', content.semesterLabel],
    ['Batas waktu laporan semester', formatDate(content.dueOn)],
    ['Kepada', DG_ADDRESSEE.slice(1).join(', ')],
  ]);
  about.getColumn(1).width = 32;
  about.getColumn(2).width = 60;
  format.sections.forEach((section, i) => {
    const table = sectionTable(content, section.code);
    // Sheet names: at most 31 characters, unique.
    const sheet = workbook.addWorksheet(
      `${String.fromCharCode(65 + i)} ${section.title}`.slice(0, 31),
    );
    sheet.addRow([...table.header]).font = { bold: true };
    if (table.rows.length === 0) sheet.addRow([table.empty]);
    for (const row of table.rows) sheet.addRow([...row]);
    table.header.forEach((name, c) => {
      sheet.getColumn(c + 1).width = Math.max(10, Math.min(50, Math.round(table.widths[c]! * 10)));
    });
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
