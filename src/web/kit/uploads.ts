import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DOCUMENT_MAX_BYTES } from '../../domain/documents.js';

/** A document upload form as read: its text fields and the one file, if any. */
export interface UploadForm {
  readonly fields: Readonly<Record<string, string>>;
  readonly file?: {
    readonly content: Buffer;
    readonly fileName: string;
    /** Cut at the size limit: the use case refuses it as too large. */
    readonly truncated: boolean;
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    uploadForm?: UploadForm;
  }
}

/**
 * Makes multipart forms readable in this plugin's routes, unless an enclosing scope already
 * did (registering it twice in one scope is an error).
 */
export async function enableUploads(app: FastifyInstance): Promise<void> {
  if (!app.hasContentTypeParser('multipart/form-data')) {
    await app.register(multipart, { limits: { fileSize: DOCUMENT_MAX_BYTES } });
  }
}

/**
 * Route preValidation hook, before the CSRF check: reads a multipart form into
 * `request.uploadForm` and its text fields into `request.body`, where the CSRF check looks
 * for `_csrf`. A file over the limit is read to its end but kept only as "truncated", so
 * that the page can say so instead of failing mid-upload.
 */
export async function readUploadForm(request: FastifyRequest): Promise<void> {
  if (!request.isMultipart()) {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const fields = Object.fromEntries(
      Object.entries(body).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    );
    request.uploadForm = { fields };
    return;
  }
  const fields: Record<string, string> = {};
  let file: UploadForm['file'];
  // throwFileSizeLimit is read per call at run time, though the typings omit it.
  const options = {
    limits: { fileSize: DOCUMENT_MAX_BYTES, files: 1, fields: 20, fieldSize: 4096 },
    throwFileSizeLimit: false,
  };
  const parts = request.parts(options);
  for await (const part of parts) {
    if (part.type === 'file') {
      const content = await part.toBuffer();
      // An empty file input still sends a part, with no name and no bytes.
      if (part.filename || content.length > 0) {
        file = { content, fileName: part.filename, truncated: part.file.truncated };
      }
    } else if (typeof part.value === 'string') {
      fields[part.fieldname] = part.value;
    }
  }
  request.body = fields;
  request.uploadForm = { fields, file };
}
