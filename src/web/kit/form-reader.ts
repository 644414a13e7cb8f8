import multipart from '@fastify/multipart';
import type {
  FastifyInstance,
  FastifyRequest,
  preValidationAsyncHookHandler,
  preValidationHookHandler,
} from 'fastify';
import type { Static, TObject, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { findTextProblem, textProblemMessage } from '../../domain/input-text.js';
import { Refusal, type FieldError } from '../../domain/refusals.js';
import {
  describeValidationErrors,
  type ValidationError,
} from '../../domain/validation-messages.js';

export type { FieldError };

/** What one form may send: the multipart reader refuses or marks anything beyond. */
export interface FormLimits {
  /** Per file; a larger file is kept cut just past it and marked `tooLarge`. */
  readonly maxFileBytes: number;
  readonly maxFiles: number;
  /** Text fields, `_csrf` included. */
  readonly maxFields: number;
  /** Per text field; a longer value is cut and the field reported too long. 4096 unless given. */
  readonly maxFieldBytes?: number;
}

/** A file from a form post, before its content is checked. */
export interface PostedFile {
  /** The form field it came in. */
  readonly field: string;
  readonly fileName: string;
  /** Cut one byte past the limit when the file is larger. */
  readonly content: Buffer;
  /** Larger than the form's maxFileBytes: refused by readForm with 413. */
  readonly tooLarge: boolean;
  /** The form's limit, for the message. */
  readonly maxBytes: number;
}

/** A posted form as read, urlencoded or multipart alike, before its schema is checked. */
export interface PostedForm {
  /** Text fields as posted (`_csrf` included); a repeated field is a list. */
  readonly fields: Readonly<Record<string, string | string[]>>;
  readonly files: readonly PostedFile[];
  /** Text fields cut at maxFieldBytes. */
  readonly longFields: readonly string[];
}

interface MultipartExtras {
  readonly files: readonly PostedFile[];
  readonly longFields: readonly string[];
}

/** What the multipart reader found beside the text fields, which go to request.body. */
const extras = new WeakMap<FastifyRequest, MultipartExtras>();

const LIMIT_CODES = new Set(['FST_FILES_LIMIT', 'FST_PARTS_LIMIT', 'FST_FIELDS_LIMIT']);

/**
 * A multipart form with more files or fields than its limits: 413 with the parser's code
 * (a page can tell which) and a message in Bahasa Indonesia.
 */
export class FormLimitError extends Error {
  readonly statusCode = 413;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'FormLimitError';
  }
}

function megabytes(bytes: number): string {
  const mb = bytes / 1024 / 1024;
  return `${Number.isInteger(mb) ? mb : mb.toLocaleString('id-ID', { maximumFractionDigits: 1 })} MB`;
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? megabytes(bytes) : `${Math.ceil(bytes / 1024)} KB`;
}

/**
 * The sentence for a refusal of the form as a whole (before any field is read): a body over
 * the server's limit, or more files or fields than the form has. Undefined for any other
 * error. For the error page.
 */
export function formLimitMessage(error: { readonly code?: string }): string | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'Isian formulir terlalu besar untuk dikirim sekaligus.';
    case 'FST_FILES_LIMIT':
      return 'Formulir berisi berkas lebih banyak daripada yang dapat diterima.';
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return 'Formulir berisi isian lebih banyak daripada yang dapat diterima.';
    case 'FST_REQ_FILE_TOO_LARGE':
      return 'Berkas melebihi batas ukuran yang diterima.';
    case undefined:
    default:
      return undefined;
  }
}

function addField(fields: Record<string, string | string[]>, name: string, value: string) {
  const seen = fields[name];
  if (seen === undefined) fields[name] = value;
  else fields[name] = Array.isArray(seen) ? [...seen, value] : [seen, value];
}

/**
 * The preValidation hook that reads a multipart body, before the CSRF check: text fields
 * into `request.body` (where the check finds `_csrf`, as in an urlencoded body), files kept
 * for postedForm/readForm. A file larger than the limit is read to its end but kept cut, so
 * that the page can say so instead of failing mid-upload; an empty file input (a part with
 * no name and no bytes) is no file. Any other body is left as @fastify/formbody read it.
 */
export function multipartReader(limits: FormLimits): preValidationAsyncHookHandler {
  return async function readMultipartForm(request) {
    if (!request.isMultipart()) return;
    if (request.body !== undefined) {
      throw new Error(
        'multipart sudah dibaca: daftarkan @fastify/multipart tanpa attachFieldsToBody',
      );
    }
    const fields: Record<string, string | string[]> = Object.create(null) as Record<
      string,
      string | string[]
    >;
    const files: PostedFile[] = [];
    const longFields = new Set<string>();
    // throwFileSizeLimit is read per call at run time, though the typings omit it.
    const options = {
      limits: {
        fileSize: limits.maxFileBytes + 1,
        files: limits.maxFiles,
        fields: limits.maxFields,
        parts: limits.maxFiles + limits.maxFields,
        fieldSize: limits.maxFieldBytes ?? 4096,
      },
      throwFileSizeLimit: false,
    };
    try {
      for await (const part of request.parts(options)) {
        if (part.type === 'file') {
          const content = await part.toBuffer();
          if (!part.filename && content.length === 0) continue;
          files.push({
            field: part.fieldname,
            fileName: part.filename,
            content,
            tooLarge: part.file.truncated || content.length > limits.maxFileBytes,
            maxBytes: limits.maxFileBytes,
          });
        } else if (typeof part.value === 'string') {
          if (part.valueTruncated) longFields.add(part.fieldname);
          addField(fields, part.fieldname, part.value);
        }
      }
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && LIMIT_CODES.has(code)) {
        throw new FormLimitError(code, formLimitMessage({ code })!);
      }
      throw error;
    }
    // The text fields go to request.body, where the edge's input guard checks them with the
    // rest of the request (app-input-guard.ts); the files' names it does not see: checked here.
    const badName = files
      .map((file) => findTextProblem(file.fileName, `${file.field} (nama berkas)`))
      .find((finding) => finding !== undefined);
    if (badName) {
      const message = textProblemMessage(badName);
      throw new Refusal('TEKS_TIDAK_SAH', message, { fields: [{ field: badName.field, message }] });
    }
    request.body = fields;
    extras.set(request, { files, longFields: [...longFields] });
  };
}

/**
 * Accepts multipart posts on the calling plugin's routes (registering @fastify/multipart
 * there unless its scope has it) and gives the preValidation hooks of their forms: read the
 * form, then the CSRF check. Put a permission check first when it needs only the cookie:
 * `preValidation: [guard, ...formHooks]`, so no file is read for a caller who may not send it.
 */
export async function acceptForms(
  app: FastifyInstance,
  limits: FormLimits,
): Promise<preValidationHookHandler[]> {
  if (!app.hasContentTypeParser('multipart/form-data')) await app.register(multipart);
  return [multipartReader(limits), app.csrfProtection.bind(app)];
}

/** The posted form as read, whichever its encoding; the untyped view (prefer readForm). */
export function postedForm(request: FastifyRequest): PostedForm {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const fields: Record<string, string | string[]> = Object.create(null) as Record<
    string,
    string | string[]
  >;
  for (const [name, entry] of Object.entries(body)) {
    for (const item of Array.isArray(entry) ? (entry as unknown[]) : [entry]) {
      if (typeof item === 'string') addField(fields, name, item);
    }
  }
  const extra = extras.get(request);
  return { fields, files: extra?.files ?? [], longFields: extra?.longFields ?? [] };
}

/** One text field of a posted form: its first value, '' when absent. */
export function formText(form: PostedForm, name: string): string {
  const value = form.fields[name];
  return typeof value === 'string' ? value : Array.isArray(value) ? (value[0] ?? '') : '';
}

export interface ReadFormOptions {
  /** Fields' names for people, as the messages say them: `{ nama: 'Nama lengkap' }`. */
  readonly labels?: Readonly<Record<string, string>>;
  /** A message of one's own for any problem of a field (else the schema's `errorMessage`). */
  readonly messages?: Readonly<Record<string, string>>;
  /** The file inputs the form has; files of other fields are dropped. All kept when absent. */
  readonly files?: Readonly<
    Record<string, { readonly label: string; readonly required?: boolean }>
  >;
}

/** What the form held as typed, for showing it again: the first value of each text field. */
export type FormValues = Readonly<Record<string, string>>;

export type FormResult<T> =
  | {
      readonly ok: true;
      readonly value: T;
      readonly files: readonly PostedFile[];
      readonly values: FormValues;
    }
  | {
      readonly ok: false;
      /** In the order of the schema's fields, one per field. */
      readonly errors: readonly FieldError[];
      /** 413 when a file is over the limit, else 400. */
      readonly status: 400 | 413;
      readonly values: FormValues;
    };

const FALSE_TEXTS = new Set(['', '0', 'false', 'tidak']);

function typeOf(schema: TSchema): unknown {
  return (schema as { type?: unknown }).type;
}

/**
 * A form's values as its schema expects them: each field's text (a repeated field gives
 * its first value, except for an array field), an empty text as absent, a checkbox as a
 * boolean (ticked `on`, absent false), numbers converted. Fields the schema does not name
 * are left out.
 */
function inputOf(schema: TObject, fields: PostedForm['fields']): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(schema.properties as Record<string, TSchema>)) {
    const raw = fields[name];
    const texts = (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]).filter(
      (text) => text !== '',
    );
    const type = typeOf(property);
    if (type === 'array') input[name] = texts;
    else if (type === 'boolean') input[name] = texts.length > 0 && !FALSE_TEXTS.has(texts[0]!);
    else if (texts.length > 0) input[name] = texts[0];
  }
  return Value.Convert(schema, input) as Record<string, unknown>;
}

/** TypeBox names all missing properties in one error; the messages name each field. */
function asValidationErrors(errors: readonly unknown[]): ValidationError[] {
  return errors.flatMap((raw) => {
    const error = raw as ValidationError;
    const missing = error.params.requiredProperties;
    if (error.keyword === 'required' && Array.isArray(missing)) {
      return missing.map((name) => ({ ...error, params: { missingProperty: String(name) } }));
    }
    return [error];
  });
}

function firstValues(fields: PostedForm['fields']): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (name === '_csrf') continue;
    values[name] = Array.isArray(value) ? (value[0] ?? '') : value;
  }
  return values;
}

/**
 * Reads a posted form (urlencoded, or multipart read by acceptForms) against its TypeBox
 * schema: `value` typed as the schema says, or the problems by field in Bahasa Indonesia for
 * the error summary and the fields (`{ field: 'nama', message: 'Nama wajib diisi' }`). Files
 * over the limit and text fields cut at the limit are problems too. `_csrf` and fields the
 * schema does not name are not in `value`.
 */
export function readForm<S extends TObject>(
  request: FastifyRequest,
  schema: S,
  options: ReadFormOptions = {},
): FormResult<Static<S>> {
  const form = postedForm(request);
  const values = firstValues(form.fields);
  const labels = options.labels ?? {};
  const properties = schema.properties as Record<string, TSchema & { errorMessage?: unknown }>;
  const input = inputOf(schema, form.fields);
  // A value cut at the limit is reported as too long, not for what the cut left.
  const problems: FieldError[] = form.longFields
    .filter((name) => name in properties)
    .map((name) => ({ field: name, message: `${labels[name] ?? name} terlalu panjang` }));
  if (!Value.Check(schema, input)) {
    const described = describeValidationErrors(
      asValidationErrors(Value.Errors(schema, input)),
      labels,
    );
    problems.push(...described.filter((d) => !problems.some((p) => p.field === d.field)));
  }

  const declared = options.files;
  const files = declared ? form.files.filter((file) => file.field in declared) : form.files;
  let tooLarge = false;
  for (const file of files) {
    if (!file.tooLarge || problems.some((p) => p.field === file.field)) continue;
    tooLarge = true;
    problems.push({
      field: file.field,
      message: `Berkas "${file.fileName}" melebihi batas ${sizeText(file.maxBytes)}`,
    });
  }
  for (const [name, file] of Object.entries(declared ?? {})) {
    if (file.required && !files.some((f) => f.field === name)) {
      problems.push({ field: name, message: `Pilih berkas untuk ${file.label}` });
    }
  }

  if (problems.length > 0) {
    // The schema's order is the page's order: the summary lists problems as the fields come.
    const order = [...Object.keys(properties), ...Object.keys(declared ?? {})];
    const rank = (field: string) => {
      const at = order.indexOf(field);
      return at === -1 ? order.length : at;
    };
    const errors = problems
      .map((problem) => {
        const own = options.messages?.[problem.field] ?? properties[problem.field]?.errorMessage;
        return typeof own === 'string' ? { field: problem.field, message: own } : problem;
      })
      .sort((a, b) => rank(a.field) - rank(b.field));
    return { ok: false, errors, status: tooLarge ? 413 : 400, values };
  }
  return { ok: true, value: input as Static<S>, files, values };
}
