import { TINY_PDF } from './factories.js';

/** Scans as the content check sees them: a real PDF, PNG and JPEG start, and impostors. */
export const SCANS = {
  pdf: { name: 'sertifikat.pdf', content: TINY_PDF, type: 'application/pdf' },
  png: {
    name: 'laporan.png',
    content: Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
      'base64',
    ),
    type: 'image/png',
  },
  /** Text named .pdf and declared as PDF: refused by its content. */
  fakePdf: {
    name: 'bukan-pdf.pdf',
    content: Buffer.from('ini hanya teks, bukan pindaian\n'),
    type: 'application/pdf',
  },
  /** A Windows program renamed .pdf. */
  exe: {
    name: 'program.pdf',
    content: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]),
    type: 'application/pdf',
  },
} as const;

/** A PDF one byte over the 5 MB limit. */
export function oversizedPdf(): Buffer {
  return Buffer.concat([TINY_PDF, Buffer.alloc(5 * 1024 * 1024 + 1 - TINY_PDF.length, 0x20)]);
}

export { NotFound, RuleViolation } from './refusals.js';
