import { accessMethodLabel } from '../../domain/agreement-record.js';
import ExcelJS from 'exceljs';
import { formatDate, monthName } from '../../domain/indonesian-dates.js';
import { dateInWords } from '../../domain/terbilang.js';
import {
  CHECKPOINT_BASIS_LABELS,
  checkpointLine,
  periodLabel,
  USAGE_REPORT_KIND_LABELS,
  type CheckpointBasis,
  type UsageReportKind,
} from '../../domain/usage-report.js';
import { letterhead, numberPages, openLetter } from '../documents/official-letter.js';
import { type ReportFigures } from './figures.js';

/*
 * The usage report as documents (issue 10 items 1, 2): a PDF in the form of the agency's
 * official letter to Dukcapil — letterhead, number, date in words, the narrative, the
 * statement of absolute responsibility over the period's audit checkpoint, the signature
 * block, then the attachment tables, every page numbered — and an XLSX with the same figures,
 * one sheet per table. Both are made from one ReportDocument, so they cannot disagree.
 */

export interface ReportCheckpoint {
  readonly size: number;
  /** The root hash, hex. */
  readonly rootHex: string;
  readonly basis: CheckpointBasis;
  /** When that checkpoint was sealed (ISO instant). */
  readonly sealedAt: string;
}

export interface ReportDocument {
  readonly figures: ReportFigures;
  readonly kind: UsageReportKind;
  readonly semester: string | null;
  readonly version: number;
  readonly letterNumber: string | null;
  readonly obstacles: string | null;
  readonly followUp: string | null;
  readonly officialsChanges: string | null;
  readonly correctionReason: string | null;
  readonly checkpoint: ReportCheckpoint | null;
  /** The letter's date (YYYY-MM-DD, WIB): the day of submission, or today for a draft. */
  readonly dated: string;
  /** A draft: marked so, never to be sent. */
  readonly draft: boolean;
}

const MARGIN = 62;
const BODY = 10.5;
const DUKCAPIL = 'Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Purbalingga';
const BLANK = '.'.repeat(40);

function nf(n: number): string {
  return n.toLocaleString('id-ID');
}

function periodOf(d: ReportDocument): string {
  return periodLabel({
    semester: d.semester as never,
    from: d.figures.period.from,
    to: d.figures.period.to,
  });
}

/** The attachment tables, as rows of text: the PDF and the XLSX both print these. */
export interface ReportTable {
  readonly key: string;
  readonly title: string;
  readonly columns: readonly string[];
  /** Relative widths in the PDF. */
  readonly widths: readonly number[];
  readonly rows: readonly (readonly (string | number)[])[];
  /** Printed when there are no rows. */
  readonly empty: string;
}

export function reportTables(f: ReportFigures): ReportTable[] {
  return [
    {
      key: 'Pengguna',
      title: 'Lampiran I. Pengguna (User ID) dan status NDA/SPTJM',
      columns: ['User ID', 'Nama', 'Peran', 'Status', 'NDA', 'SPTJM', 'Lengkap'],
      widths: [3, 4, 3, 2, 2, 2, 1.5],
      rows: f.users.map((u) => {
        const doc = (kind: string) => {
          const d = u.documents.find((x) => x.kind === kind);
          return d ? (d.signedOn ? formatDate(d.signedOn) : 'belum ada') : '—';
        };
        return [
          u.userId,
          u.displayName,
          u.roleLabel,
          u.statusLabel,
          doc('NDA'),
          doc('SPTJM'),
          u.documentsComplete ? 'Ya' : 'Tidak',
        ];
      }),
      empty: 'Tidak ada pengguna.',
    },
    {
      key: 'Per bulan',
      title: 'Lampiran II. Pencarian NIK per bulan, kanal dan respons',
      columns: ['Bulan', 'Kanal', 'Respons', 'Jumlah'],
      widths: [2, 3, 4, 1.5],
      rows: f.lookups.byMonthChannelResponse.map((r) => [
        monthName(r.month),
        accessMethodLabel(r.channel),
        r.responseCode,
        r.lookups,
      ]),
      empty: 'Tidak ada pencarian dalam periode ini.',
    },
    {
      key: 'Bulan',
      title: 'Lampiran III. Jumlah pencarian per bulan',
      columns: ['Bulan', 'Jumlah'],
      widths: [3, 1.5],
      rows: f.lookups.byMonth.map((m) => [monthName(m.month), m.lookups]),
      empty: '—',
    },
    {
      key: 'Respons',
      title: 'Lampiran IV. Pencarian per respons',
      columns: ['Kode', 'Respons', 'Jumlah'],
      widths: [3, 5, 1.5],
      rows: f.lookups.byResponse.map((r) => [r.code, r.label, r.lookups]),
      empty: '—',
    },
    {
      key: 'Operator',
      title: 'Lampiran V. Pencarian per operator',
      columns: ['User ID', 'Nama', 'Jumlah', 'Ditemukan', 'Tidak ditemukan', 'Ditolak'],
      widths: [3, 4, 1.5, 1.5, 1.5, 1.5],
      rows: f.operators.map((o) => [
        o.userId ?? '(tanpa pengguna)',
        o.displayName ?? '—',
        o.lookups,
        o.found,
        o.notFound,
        o.refused,
      ]),
      empty: 'Tidak ada pencarian dalam periode ini.',
    },
    {
      key: 'Kuota',
      title: 'Lampiran VI. Penggunaan kuota',
      columns: ['Uraian', 'Nilai'],
      widths: [4, 3],
      rows: [
        ['Batas harian', f.quota.limit === null ? 'Tanpa batas' : f.quota.limit],
        ['Hit terhitung pada kuota', f.quota.hits],
        ['Hari dengan pencarian', f.quota.daysUsed],
        [
          'Hari tersibuk',
          f.quota.busiestDay
            ? `${formatDate(f.quota.busiestDay.day)} (${nf(f.quota.busiestDay.used)})`
            : '—',
        ],
        ['Hari kuota habis', f.quota.daysAtLimit],
      ],
      empty: '—',
    },
    {
      key: 'Keperluan',
      title: 'Lampiran VII. Keperluan yang dinyatakan',
      columns: ['Keperluan', 'Jumlah'],
      widths: [6, 1.5],
      rows: [
        ...f.purposes.listed.map((p) => [p.purpose || '(tanpa keperluan)', p.lookups]),
        ...(f.purposes.otherLookups > 0
          ? [
              [
                `Keperluan lain (${nf(f.purposes.distinct - f.purposes.listed.length)} jenis)`,
                f.purposes.otherLookups,
              ],
            ]
          : []),
      ],
      empty: 'Tidak ada pencarian dalam periode ini.',
    },
    {
      key: 'Data balikan',
      title: 'Lampiran VIII. Kepatuhan data balikan (NIK pertama kali diakses dalam periode)',
      columns: ['Uraian', 'Nilai'],
      widths: [4, 3],
      rows: [
        ['NIK diakses', f.returnData.accessed],
        ['Data balikan sudah dikirim', f.returnData.returned],
        ['Menunggu (belum lewat batas)', f.returnData.pending],
        ['Terlambat', f.returnData.overdue],
        [
          'Persentase terkirim',
          f.returnData.percentReturned === null
            ? '—'
            : `${f.returnData.percentReturned.toLocaleString('id-ID')}%`,
        ],
        [
          'Batas pengiriman',
          f.returnData.dueDays === null ? 'Skema belum ditetapkan' : `${f.returnData.dueDays} hari`,
        ],
      ],
      empty: '—',
    },
    {
      key: 'Card reader',
      title: 'Lampiran IX. Card reader KTP-el dan penggunaannya',
      columns: ['Nomor seri', 'Merek', 'Lokasi', 'Status', 'Pembacaan'],
      widths: [3, 3, 3, 2.5, 1.5],
      rows: f.cardReaders.map((r) => [r.serial, r.make, r.location, r.stateLabel, r.reads]),
      empty: 'Tidak ada card reader yang terdaftar.',
    },
    {
      key: 'Peringatan',
      title: 'Lampiran X. Peringatan pola input dan penyelesaiannya',
      columns: ['Waktu (WIB)', 'Jenis', 'Lingkup', 'User ID', 'Ulang', 'Hasil'],
      widths: [2.5, 3, 1.5, 2.5, 1, 3],
      rows: f.alerts.map((a) => [
        formatDate(wibDayOf(a.raisedAt)),
        a.kindLabel,
        a.scope,
        a.userId ?? '—',
        a.repeats,
        a.outcome,
      ]),
      empty: 'Tidak ada peringatan pola input dalam periode ini.',
    },
    {
      key: 'Tenggat',
      title: 'Lampiran XI. Kewajiban bertenggat dalam periode',
      columns: ['Kewajiban', 'Jatuh tempo', 'Status', 'Diterima'],
      widths: [4, 2.5, 2.5, 3],
      rows: f.deadlines.rows.map((d) => [
        d.label,
        formatDate(d.dueOn),
        d.statusLabel,
        d.receivedOn
          ? `${formatDate(d.receivedOn)}${d.late ? ' (terlambat)' : ''}`
          : 'belum diterima',
      ]),
      empty: 'Tidak ada kewajiban yang jatuh tempo dalam periode ini.',
    },
  ];
}

function wibDayOf(iso: string): string {
  return new Date(new Date(iso).getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

/** The statement of absolute responsibility (issue 10 item 2), over the checkpoint. */
export function responsibilityStatement(d: ReportDocument): string {
  const f = d.figures;
  return (
    `Dengan ini saya, ${f.agency.headTitle ?? 'Kepala Instansi'} ${f.agency.name}, menyatakan ` +
    `bertanggung jawab mutlak bahwa selama periode ${periodOf(d)}: data kependudukan yang ` +
    `diakses melalui Gerbang tidak disimpan dan tidak dibagikan kepada pihak lain di luar yang ` +
    `diatur dalam PKS, dan setiap pencarian NIK dilakukan hanya untuk tujuan PKS ` +
    `(${f.agreement.purpose}). Pernyataan ini dibuat atas jejak audit periode tersebut ` +
    `sebagaimana tercatat pada checkpoint log audit berikut; perubahan atas jejak audit periode ` +
    `ini di kemudian hari akan bertentangan dengan checkpoint yang tercantum dalam laporan ini.`
  );
}

export function letterSubject(d: ReportDocument): string {
  return `${USAGE_REPORT_KIND_LABELS[d.kind]} Penggunaan NIK, Data Kependudukan dan KTP-el — ${periodOf(d)}`;
}

/** The PDF: the letter, the statement, the signature block, then the attachment tables. */
export async function renderReportPdf(d: ReportDocument): Promise<Buffer> {
  const f = d.figures;
  const letter = await openLetter({
    margin: MARGIN,
    bottomMargin: 56,
    bufferPages: true,
    title: `Laporan Penggunaan Data ${f.agency.name} ${periodOf(d)}`,
    subject: letterSubject(d),
    author: f.agency.name,
  });
  const { doc, width } = letter;
  letterhead(letter, {
    margin: MARGIN,
    title: 'LAPORAN PENGGUNAAN NIK, DATA KEPENDUDUKAN DAN KTP-EL',
    subtitle: `${USAGE_REPORT_KIND_LABELS[d.kind]} — ${periodOf(d)}${d.version > 1 ? ` (koreksi ke-${d.version - 1})` : ''}`,
    number: d.draft ? `${d.letterNumber ?? '—'} (DRAF, belum dikirim)` : (d.letterNumber ?? '—'),
    bodySize: BODY,
    issuer: { name: f.agency.name.toUpperCase(), address: f.agency.address ?? 'Purbalingga' },
  });
  doc.moveDown(1);
  const paragraph = (text: string, options: { bold?: boolean; indent?: number } = {}) => {
    const indent = options.indent ?? 0;
    doc
      .font(options.bold ? 'Times-Bold' : 'Times-Roman')
      .fontSize(BODY)
      .text(text, MARGIN + indent, doc.y, { align: 'justify', width: width - indent });
    doc.moveDown(0.4);
  };
  paragraph(`Kepada Yth. ${DUKCAPIL}\ndi Purbalingga`);
  paragraph(
    `Pada hari ini ${dateInWords(d.dated)} (${formatDate(d.dated)}), berdasarkan Pasal 8 ` +
      `Perjanjian Kerja Sama nomor ${f.agreement.nomorDukcapil} dan ${f.agreement.nomorInstansi} ` +
      `tentang pemanfaatan NIK, data kependudukan dan KTP-el, ${f.agency.name} melaporkan ` +
      `penggunaannya untuk periode ${periodOf(d)} sebagai berikut.`,
  );
  paragraph('A. Ringkasan', { bold: true });
  const summary: [string, string][] = [
    ['Jumlah pencarian NIK', nf(f.lookups.total)],
    ['Ditemukan', nf(f.lookups.found)],
    ['Tidak ditemukan', nf(f.lookups.notFound)],
    ['Ditolak', nf(f.lookups.refused)],
    ['Pengguna (User ID)', nf(f.users.length)],
    ['Operator yang melakukan pencarian', nf(f.operators.filter((o) => o.userId).length)],
    [
      'NIK diakses / data balikan terkirim',
      `${nf(f.returnData.accessed)} / ${nf(f.returnData.returned)}`,
    ],
    ['Card reader terdaftar', nf(f.cardReaders.length)],
    ['Peringatan pola input', nf(f.alerts.length)],
    [
      'Kewajiban bertenggat: dipenuhi / terlambat dipenuhi / terlewat',
      `${f.deadlines.met} / ${f.deadlines.metLate} / ${f.deadlines.missed}`,
    ],
  ];
  for (const [label, value] of summary) {
    const y = doc.y;
    doc
      .font('Times-Roman')
      .fontSize(BODY)
      .text(label, MARGIN + 14, y, { width: 300 });
    const after = doc.y;
    doc.text(`: ${value}`, MARGIN + 320, y, { width: width - 320 });
    doc.y = Math.max(after, doc.y);
  }
  doc.x = MARGIN;
  doc.moveDown(0.5);
  paragraph('B. Kendala', { bold: true });
  paragraph(d.obstacles?.trim() || 'Tidak ada kendala yang dilaporkan.', { indent: 14 });
  paragraph('C. Rencana tindak lanjut', { bold: true });
  paragraph(d.followUp?.trim() || 'Tidak ada.', { indent: 14 });
  paragraph('D. Perubahan pejabat atau struktur', { bold: true });
  paragraph(d.officialsChanges?.trim() || 'Tidak ada perubahan dalam periode ini.', { indent: 14 });
  if (d.version > 1) {
    paragraph('E. Alasan koreksi', { bold: true });
    paragraph(d.correctionReason?.trim() || '—', { indent: 14 });
  }
  paragraph('Pernyataan tanggung jawab mutlak', { bold: true });
  paragraph(responsibilityStatement(d));
  if (d.checkpoint) {
    doc
      .font('Courier')
      .fontSize(8.5)
      .text(checkpointLine(d.checkpoint.size, d.checkpoint.rootHex), MARGIN, doc.y, { width });
    doc
      .font('Times-Italic')
      .fontSize(9)
      .text(
        `(${CHECKPOINT_BASIS_LABELS[d.checkpoint.basis]}, disegel ${d.checkpoint.sealedAt}; ` +
          'periksa dengan: gerbang audit verify --size UKURAN --root AKAR)',
        { width },
      );
    doc.moveDown(0.4);
  } else {
    paragraph('Checkpoint log audit: belum tersedia (dicantumkan saat laporan dikirim).');
  }
  paragraph(
    'Demikian laporan ini kami sampaikan dengan sebenar-benarnya untuk dipergunakan ' +
      'sebagaimana mestinya.',
  );
  if (doc.y > doc.page.height - 190) doc.addPage();
  doc.moveDown(0.8);
  const column = width / 2;
  const x = MARGIN + column;
  doc
    .font('Times-Roman')
    .fontSize(BODY)
    .text(`Purbalingga, ${formatDate(d.dated)}`, x, doc.y, {
      width: column,
      align: 'center',
    });
  doc.text(f.agency.headTitle ?? 'Kepala Instansi', x, doc.y, { width: column, align: 'center' });
  doc.moveDown(4);
  doc.text(`(${f.agency.headName ?? BLANK})`, x, doc.y, { width: column, align: 'center' });
  doc.x = MARGIN;

  for (const table of reportTables(f)) drawTable(doc, table, width);

  numberPages(letter, { margin: MARGIN, fontSize: 8.5 });
  return letter.finish();
}

function drawTable(doc: PDFKit.PDFDocument, table: ReportTable, width: number): void {
  if (doc.y > doc.page.height - 160) doc.addPage();
  else doc.moveDown(1);
  doc.font('Times-Bold').fontSize(BODY).text(table.title, MARGIN, doc.y, { width });
  doc.moveDown(0.3);
  const total = table.widths.reduce((a, b) => a + b, 0);
  const cols = table.widths.map((w) => (w / total) * width);
  const row = (cells: readonly (string | number)[], bold: boolean) => {
    doc.font(bold ? 'Times-Bold' : 'Times-Roman').fontSize(9);
    const texts = cells.map((c) => (typeof c === 'number' ? nf(c) : c));
    const height =
      Math.max(...texts.map((t, i) => doc.heightOfString(t, { width: cols[i]! - 6 }))) + 6;
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const top = doc.y;
    let left = MARGIN;
    texts.forEach((t, i) => {
      doc.rect(left, top, cols[i]!, height).lineWidth(0.5).stroke();
      doc.text(t, left + 3, top + 3, {
        width: cols[i]! - 6,
        align: typeof cells[i] === 'number' ? 'right' : 'left',
      });
      left += cols[i]!;
    });
    doc.x = MARGIN;
    doc.y = top + height;
  };
  row(table.columns, true);
  if (table.rows.length === 0) {
    doc
      .font('Times-Italic')
      .fontSize(9)
      .text(table.empty, MARGIN + 3, doc.y + 3, { width });
    doc.x = MARGIN;
    return;
  }
  for (const cells of table.rows) row(cells, false);
}

/** The XLSX: the summary and checkpoint on the first sheet, then one sheet per table. */
export async function renderReportXlsx(d: ReportDocument): Promise<Buffer> {
  const f = d.figures;
  const book = new ExcelJS.Workbook();
  book.creator = f.agency.name;
  const summary = book.addWorksheet('Ringkasan');
  summary.columns = [{ width: 44 }, { width: 80 }];
  const lines: [string, string | number][] = [
    ['Instansi', f.agency.name],
    ['Kode instansi', f.agency.code],
    ['PKS (Dukcapil)', f.agreement.nomorDukcapil],
    ['PKS (Instansi)', f.agreement.nomorInstansi],
    ['Jenis laporan', USAGE_REPORT_KIND_LABELS[d.kind]],
    ['Periode', periodOf(d)],
    ['Dari', f.period.from],
    ['Sampai', f.period.to],
    ['Nomor surat', d.letterNumber ?? ''],
    ['Tanggal', d.dated],
    ['Versi', d.version],
    ['Status', d.draft ? 'DRAF' : 'DIKIRIM'],
    ['Jumlah pencarian', f.lookups.total],
    ['Ditemukan', f.lookups.found],
    ['Tidak ditemukan', f.lookups.notFound],
    ['Ditolak', f.lookups.refused],
    ['Checkpoint: ukuran log', d.checkpoint?.size ?? ''],
    ['Checkpoint: akar', d.checkpoint?.rootHex ?? ''],
    ['Checkpoint: dasar', d.checkpoint ? CHECKPOINT_BASIS_LABELS[d.checkpoint.basis] : ''],
    ['Kendala', d.obstacles ?? ''],
    ['Rencana tindak lanjut', d.followUp ?? ''],
    ['Perubahan pejabat', d.officialsChanges ?? ''],
  ];
  for (const line of lines) summary.addRow(line);
  summary.getColumn(1).font = { bold: true };
  for (const table of reportTables(f)) {
    const sheet = book.addWorksheet(table.key);
    sheet.addRow([table.title]).font = { bold: true };
    sheet.addRow([...table.columns]).font = { bold: true };
    for (const cells of table.rows) sheet.addRow([...cells]);
    sheet.columns.forEach((column, i) => {
      column.width = Math.max(12, (table.widths[i] ?? 2) * 8);
    });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
