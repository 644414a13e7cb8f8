/*
 * Files sent inside JSON bodies as base64 (users' NDA/SPTJM scans, requests' attachments,
 * deadlines' fulfilment scans): one reading of the text and one body limit for them all.
 * What the bytes are (PDF, PNG, JPEG) and their size are checked by the use cases.
 */

/** A JSON body that carries a file of maxBytes: base64 is a third larger; room for the rest. */
export function base64BodyLimit(maxBytes: number): number {
  return Math.ceil((maxBytes * 4) / 3) + 64 * 1024;
}

/** base64 as sent: whitespace allowed, nothing else outside the alphabet; undefined if not. */
export function decodeBase64(text: string): Buffer | undefined {
  const compact = text.replace(/\s/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) return undefined;
  return Buffer.from(compact, 'base64');
}
