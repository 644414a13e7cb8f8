import { DOCUMENT_LABELS, type DocumentKind } from '../../domain/documents.js';

/**
 * A one-page PDF standing in for a signed NDA or SPTJM in the demo: it says plainly that it
 * is a demo and names no person, so that nobody mistakes it for a real statement.
 */
export async function demoDocumentPdf(kind: DocumentKind, userId: string): Promise<Buffer> {
  // pdfkit (about 30 MB) is loaded only when a PDF is made, not with every server process.
  const { default: PDFDocument } = await import('pdfkit');
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 72,
      info: { Title: `${kind} demo Gerbang`, Author: 'Gerbang (demo)' },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(18).text(`DOKUMEN DEMO — ${kind}`, { align: 'center' });
    doc.moveDown();
    doc
      .fontSize(12)
      .text(
        `${DOCUMENT_LABELS[kind]} untuk user ID ${userId} pada data demo Gerbang ` +
          '(Dinas Kependudukan dan Pencatatan Sipil Kabupaten Purbalingga).',
      );
    doc.moveDown();
    doc.text(
      'Berkas ini dibuat otomatis oleh program untuk keperluan demonstrasi. Berkas ini bukan ' +
        'pernyataan yang ditandatangani siapa pun dan tidak berlaku sebagai dokumen resmi.',
    );
    doc.end();
  });
}
