/**
 * The frame of Dukcapil's official letters as PDF (the BAST of a user ID, a resident's access
 * history): an A4 document, the letterhead (kop surat) with its double rule, and the title
 * with the letter's number. Each letter writes its own body between `openLetter` and `finish`.
 */
export const LETTER_AUTHOR = 'Dinas Kependudukan dan Pencatatan Sipil Kabupaten Purbalingga';

export interface LetterOptions {
  readonly margin: number;
  readonly bottomMargin: number;
  /** Keep pages for a last pass (page numbers). */
  readonly bufferPages?: boolean;
  readonly title: string;
  readonly subject: string;
  /** The PDF's author; Dukcapil unless an agency writes the letter (its usage report). */
  readonly author?: string;
}

export interface OpenLetter {
  readonly doc: PDFKit.PDFDocument;
  /** The text width between the margins. */
  readonly width: number;
  /** Ends the document and gives its bytes. */
  finish(): Promise<Buffer>;
}

export async function openLetter(options: LetterOptions): Promise<OpenLetter> {
  // pdfkit (about 30 MB) is loaded only when a PDF is made, not with every server process.
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    bufferPages: options.bufferPages ?? false,
    margins: {
      top: 48,
      bottom: options.bottomMargin,
      left: options.margin,
      right: options.margin,
    },
    info: {
      Title: options.title,
      Author: options.author ?? LETTER_AUTHOR,
      Subject: options.subject,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  return {
    doc,
    width: doc.page.width - 2 * options.margin,
    async finish() {
      doc.end();
      await finished;
      return Buffer.concat(chunks);
    },
  };
}

/**
 * The letter's body text: Times at the body size, justified between the margins, from where
 * the last text ended; `paragraph` adds the space after it.
 */
export function bodyText(letter: OpenLetter, options: { margin: number; size: number }) {
  const { doc, width } = letter;
  const text = (value: string, more: PDFKit.Mixins.TextOptions = {}) =>
    doc
      .font('Times-Roman')
      .fontSize(options.size)
      .text(value, options.margin, doc.y, { width, align: 'justify', ...more });
  const paragraph = (value: string) => {
    text(value);
    doc.moveDown(0.5);
  };
  return { text, paragraph };
}

/** The letterhead and, under it, the title (underlined) and the letter's number. */
export function letterhead(
  letter: OpenLetter,
  options: {
    readonly margin: number;
    readonly title: string;
    readonly subtitle?: string;
    readonly number: string;
    readonly bodySize: number;
    /** Whose letterhead: Dukcapil's unless an agency writes (its name and address). */
    readonly issuer?: { readonly name: string; readonly address: string };
  },
): void {
  const { doc, width } = letter;
  const { margin } = options;
  const issuer = options.issuer ?? {
    name: 'DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL',
    address: 'Purbalingga, Jawa Tengah',
  };
  doc.font('Times-Bold').fontSize(14).text('PEMERINTAH KABUPATEN PURBALINGGA', { align: 'center' });
  doc.fontSize(16).text(issuer.name, { align: 'center', width });
  doc.font('Times-Roman').fontSize(10).text(issuer.address, { align: 'center', width });
  const ruleY = doc.y + 4;
  doc
    .lineWidth(2)
    .moveTo(margin, ruleY)
    .lineTo(margin + width, ruleY)
    .stroke();
  doc
    .lineWidth(0.75)
    .moveTo(margin, ruleY + 3)
    .lineTo(margin + width, ruleY + 3)
    .stroke();
  doc.y = ruleY + 16;
  doc.font('Times-Bold').fontSize(13).text(options.title, margin, doc.y, {
    align: 'center',
    width,
    underline: true,
  });
  if (options.subtitle) doc.fontSize(12).text(options.subtitle, { align: 'center', width });
  doc
    .font('Times-Roman')
    .fontSize(options.bodySize)
    .text(`Nomor: ${options.number}`, { align: 'center', width });
}

/**
 * "Halaman i dari n" at the foot of every page, centred between the margins (a letter opened
 * with `bufferPages`, once its body is written and before `finish`).
 */
export function numberPages(
  letter: OpenLetter,
  options: { readonly margin: number; readonly fontSize: number },
): void {
  const { doc, width } = letter;
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    // the number sits inside the bottom margin: lift it for the one line, or pdfkit adds a page
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Times-Roman')
      .fontSize(options.fontSize)
      .text(`Halaman ${i + 1} dari ${range.count}`, options.margin, doc.page.height - 36, {
        width,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
}
