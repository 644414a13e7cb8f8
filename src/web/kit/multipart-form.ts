import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** A file from a form post, before its content is checked. */
export interface PostedFile {
  /** The form field it came in. */
  readonly field: string;
  readonly fileName: string;
  readonly content: Buffer;
}

/** A request form with or without files, read the same way. */
export interface PostedForm {
  readonly _csrf?: string;
  readonly fields: Readonly<Record<string, string | string[]>>;
  readonly files: readonly PostedFile[];
}

interface MultipartPart {
  readonly type?: string;
  readonly value?: unknown;
  readonly filename?: string;
  toBuffer?: () => Promise<Buffer>;
}

function addField(fields: Record<string, string | string[]>, name: string, value: string) {
  const seen = fields[name];
  if (seen === undefined) fields[name] = value;
  else fields[name] = Array.isArray(seen) ? [...seen, value] : [seen, value];
}

/**
 * A preValidation hook that turns the body into a PostedForm: the multipart plugin (with
 * attachFieldsToBody) leaves each part as an object, formbody leaves strings. The CSRF check
 * runs after it and finds the token as text. A file input left empty arrives as a part
 * without a name and without bytes: it is no file.
 */
export async function readPostedForm(request: FastifyRequest): Promise<void> {
  const fields: Record<string, string | string[]> = {};
  const files: PostedFile[] = [];
  const body = (request.body ?? {}) as Record<string, unknown>;
  if (request.isMultipart()) {
    for (const [name, entry] of Object.entries(body)) {
      const parts = (Array.isArray(entry) ? entry : [entry]) as MultipartPart[];
      for (const part of parts) {
        if (part.type === 'file' && part.toBuffer) {
          const content = await part.toBuffer();
          if (part.filename || content.length > 0)
            files.push({ field: name, fileName: part.filename ?? '', content });
        } else if (part.type === 'field' && typeof part.value === 'string') {
          addField(fields, name, part.value);
        }
      }
    }
  } else {
    for (const [name, entry] of Object.entries(body)) {
      for (const item of Array.isArray(entry) ? entry : [entry]) {
        if (typeof item === 'string') addField(fields, name, item);
      }
    }
  }
  const token = fields._csrf;
  const form: PostedForm = {
    ...(typeof token === 'string' ? { _csrf: token } : {}),
    fields,
    files,
  };
  request.body = form;
}

export function field(form: PostedForm, name: string): string {
  const value = form.fields[name];
  return typeof value === 'string' ? value : Array.isArray(value) ? (value[0] ?? '') : '';
}

/**
 * Accepts multipart posts on the calling plugin's routes only, and gives the preValidation
 * hooks of its forms: read into a PostedForm, then the CSRF check. A file over maxFileBytes is
 * cut one byte past it and refused by the content check with a message that names it,
 * instead of failing the whole post.
 */
export async function acceptPostedForms(
  app: FastifyInstance,
  limits: { maxFileBytes: number; files: number; fields: number; parts: number },
) {
  await app.register(multipart, {
    attachFieldsToBody: true,
    throwFileSizeLimit: false,
    limits: {
      fileSize: limits.maxFileBytes + 1,
      files: limits.files,
      fields: limits.fields,
      fieldSize: 4096,
      parts: limits.parts,
    },
  });
  return [readPostedForm, app.csrfProtection.bind(app)];
}
