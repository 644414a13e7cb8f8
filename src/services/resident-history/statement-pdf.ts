import { formatDate } from '../../domain/indonesian-dates.js';
import type { StatementDocument } from '../../domain/resident-statement.js';
import { dateInWords } from '../../domain/terbilang.js';
import { bodyText, letterhead, openLetter } from '../documents/official-letter.js';

/**
 * Riwayat Akses Data Kependudukan as a printed letter, in the form of the other official
 * documents (requests/bast-pdf.ts): letterhead, title and number (the request's), the day
 * written out, the accesses in a table, the signature block (the officer's name left blank to
 * be written by hand), page numbers — and at the end the signed checkpoint, the public key and
 * how to verify the statement with its JSON export. No operator's name or user ID is printed.
 */
const MARGIN = 56;

/** The name of the JSON export attached to the PDF (read back by verify-statement). */
export const STATEMENT_ATTACHMENT = 'riwayat-akses.json';
const BODY_SIZE = 10.5;
const TABLE_SIZE = 8.5;

export interface StatementPdfContent {
  readonly statement: StatementDocument;
  /** The identity check done at the counter, as recorded with the request. */
  readonly identityCheck: string;
}

export async function renderStatementPdf(content: StatementPdfContent): Promise<Buffer> {
  const { statement } = content;
  const letter = await openLetter({
    margin: MARGIN,
    bottomMargin: 56,
    bufferPages: true,
    title: `Riwayat Akses Data Kependudukan ${statement.requestNumber}`,
    subject: 'Riwayat akses data kependudukan atas permohonan penduduk',
  });
  const { doc, width } = letter;
  const bottomLimit = () => doc.page.height - doc.page.margins.bottom;
  letterhead(letter, {
    margin: MARGIN,
    title: 'RIWAYAT AKSES DATA KEPENDUDUKAN',
    number: statement.requestNumber,
    bodySize: BODY_SIZE,
  });
  doc.moveDown(1);

  const { paragraph } = bodyText(letter, { margin: MARGIN, size: BODY_SIZE });

  const issuedDay = statement.issuedAt.slice(0, 10);
  paragraph(
    `Pada hari ini ${dateInWords(issuedDay)} (${formatDate(issuedDay)}), atas permohonan ` +
      `penduduk pemilik NIK ${statement.nik} yang datang sendiri dan identitasnya telah diperiksa ` +
      `(${content.identityCheck}), Dinas Kependudukan dan Pencatatan Sipil Kabupaten Purbalingga ` +
      'menerangkan bahwa menurut jejak audit tersegel layanan Gerbang, data kependudukan atas NIK ' +
      `tersebut diakses oleh instansi pengguna sebagai berikut dalam periode ` +
      `${formatDate(statement.period.from)} sampai dengan ${formatDate(statement.period.to)}:`,
  );

  // The accesses, as a table drawn cell by cell (pdfkit has no table of its own).
  const columns = [
    { header: 'No.', width: 26 },
    { header: 'Waktu (WIB)', width: 64 },
    { header: 'Instansi', width: 110 },
    { header: 'Kanal', width: 62 },
    { header: 'Keperluan / rujukan', width: 113 },
    { header: 'Jawaban', width: 0 },
  ];
  columns[5]!.width = width - columns.slice(0, 5).reduce((sum, c) => sum + c.width, 0);
  const PAD = 3;
  const drawRow = (cells: readonly string[], bold: boolean) => {
    doc.font(bold ? 'Times-Bold' : 'Times-Roman').fontSize(TABLE_SIZE);
    const height =
      Math.max(
        ...cells.map((cell, i) => doc.heightOfString(cell, { width: columns[i]!.width - 2 * PAD })),
      ) +
      2 * PAD;
    if (doc.y + height > bottomLimit()) {
      doc.addPage();
      if (!bold)
        drawRow(
          columns.map((c) => c.header),
          true,
        );
      doc.font(bold ? 'Times-Bold' : 'Times-Roman').fontSize(TABLE_SIZE);
    }
    const top = doc.y;
    let x = MARGIN;
    cells.forEach((cell, i) => {
      const w = columns[i]!.width;
      doc.lineWidth(0.5).rect(x, top, w, height).stroke();
      doc.text(cell, x + PAD, top + PAD, { width: w - 2 * PAD });
      x += w;
    });
    doc.x = MARGIN;
    doc.y = top + height;
  };
  if (statement.lines.length === 0) {
    paragraph('Tidak ada akses yang tercatat atas NIK tersebut dalam periode ini.');
  } else {
    drawRow(
      columns.map((c) => c.header),
      true,
    );
    for (const line of statement.lines) {
      drawRow(
        [String(line.number), line.at, line.agency, line.channel, line.purpose ?? '—', line.answer],
        false,
      );
    }
    doc.moveDown(0.8);
  }

  paragraph(
    'Data balikan (pemutakhiran data) yang dikirim instansi pengguna atas NIK tersebut dalam ' +
      'periode yang sama, tanpa bukti segel (data balikan tidak termasuk jejak audit tersegel):',
  );
  if (statement.returnData.length === 0) {
    paragraph('Tidak ada data balikan yang diterima.');
  } else {
    for (const record of statement.returnData) {
      paragraph(`• ${record.at} WIB — ${record.agency} (versi ${record.version})`);
    }
  }

  paragraph(
    'Keterangan ini tidak memuat nama maupun user ID petugas instansi. Demikian keterangan ini ' +
      'dibuat atas permohonan yang bersangkutan untuk dipergunakan sebagaimana mestinya.',
  );

  // Signature block, on the right.
  if (doc.y > bottomLimit() - 130) doc.addPage();
  doc.moveDown(0.8);
  const column = width / 2;
  const right = MARGIN + column;
  doc
    .font('Times-Roman')
    .fontSize(BODY_SIZE)
    .text(`Purbalingga, ${formatDate(issuedDay)}`, right, doc.y, {
      width: column,
      align: 'center',
    });
  doc.text('Petugas Dinas Kependudukan dan Pencatatan Sipil', right, doc.y, {
    width: column,
    align: 'center',
  });
  doc.text(`(${'.'.repeat(40)})`, right, doc.y + 56, { width: column, align: 'center' });
  doc.x = MARGIN;
  doc.moveDown(1.5);

  // The seal: checkpoint, public key, and how to check.
  if (doc.y > bottomLimit() - 200) doc.addPage();
  doc.font('Times-Bold').fontSize(BODY_SIZE).text('Bukti segel jejak audit', MARGIN, doc.y, {
    width,
  });
  doc.moveDown(0.3);
  paragraph(
    'Setiap baris di atas tercatat pada jejak audit tersegel Gerbang dan memiliki bukti inklusi ' +
      'terhadap checkpoint bertanda tangan berikut. Siapa pun yang memegang kunci publik dapat ' +
      'memeriksa bahwa daftar ini sama dengan jejak audit tersegel dan bukan salinan yang diubah: ' +
      'berkas PDF elektronik ini memuat lampiran JSON riwayat akses (format gerbang-riwayat-akses/1); ' +
      'untuk salinan cetak, minta berkas JSON itu kepada Disdukcapil. Jalankan perintah berikut ' +
      'atas berkas PDF atau JSON tersebut; hasil "SAH" berarti setiap baris dan tanda tangan cocok.',
  );
  doc
    .font('Courier')
    .fontSize(8)
    .text(
      `gerbang audit verify-statement riwayat-akses.pdf --public-key ${statement.publicKey}`,
      MARGIN,
      doc.y,
      { width },
    );
  doc.moveDown(0.6);
  doc.font('Times-Roman').fontSize(BODY_SIZE).text('Checkpoint:', MARGIN, doc.y, { width });
  doc.font('Courier').fontSize(7.5).text(statement.checkpoint.trimEnd(), MARGIN, doc.y, { width });
  doc.moveDown(0.4);
  doc.font('Times-Roman').fontSize(BODY_SIZE).text('Kunci publik:', MARGIN, doc.y, { width });
  doc.font('Courier').fontSize(7.5).text(statement.publicKey, MARGIN, doc.y, { width });

  // The JSON export inside the file itself: `gerbang audit verify-statement` checks the PDF
  // as it was handed over (a paper copy needs the JSON file instead).
  doc.file(Buffer.from(`${JSON.stringify(statement, null, 2)}\n`), {
    name: STATEMENT_ATTACHMENT,
    type: 'application/json',
    description: 'Riwayat akses beserta bukti inklusi (gerbang-riwayat-akses/1)',
  });

  // Page numbers on every page.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Times-Roman')
      .fontSize(9)
      .text(
        `Riwayat Akses Data Kependudukan ${statement.requestNumber} — halaman ${i + 1 - range.start} dari ${range.count}`,
        MARGIN,
        doc.page.height - 36,
        { width, align: 'center', lineBreak: false },
      );
    doc.page.margins.bottom = bottom;
  }
  doc.flushPages();
  return letter.finish();
}
