import type { FastifyReply } from 'fastify';

/**
 * The file's name for Content-Disposition (RFC 6266): a plain ASCII name as it is; any other
 * with an ASCII fallback for old clients and the exact name as RFC 5987 `filename*` (UTF-8,
 * percent-encoded) for the rest. Quotes, backslashes, control characters and non-ASCII
 * letters become `_` in the fallback, so no name can end the parameter or split the header.
 */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  if (ascii === fileName) return `attachment; filename="${ascii}"`;
  // encodeURIComponent leaves ' ( ) * unencoded; RFC 5987's attr-char does not allow them.
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * Sets the headers of a file download: its type, the attachment with its name, and nosniff
 * (the browser keeps to the stated type). `reply.send(content)` follows.
 */
export function downloadHeaders(
  reply: FastifyReply,
  file: { readonly filename: string; readonly type: string },
): FastifyReply {
  return reply
    .type(file.type)
    .header('content-disposition', contentDisposition(file.filename))
    .header('x-content-type-options', 'nosniff');
}
