import type { FieldError } from './refusals.js';

/** A schema validator's error as Ajv (Fastify, TypeBox's compiler) reports it. */
export interface ValidationError {
  /** JSON Pointer of the value at fault, relative to what was validated: '/records/0/nik'. */
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
  readonly message?: string | undefined;
}

export type { FieldError };

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'teks',
  number: 'angka',
  integer: 'bilangan bulat',
  boolean: 'nilai benar/salah (true/false)',
  array: 'daftar',
  object: 'objek',
  null: 'kosong (null)',
};

const FORMAT_NAMES: Readonly<Record<string, string>> = {
  date: 'tanggal dengan format TTTT-BB-HH',
  'date-time': 'tanggal dan waktu dengan format ISO 8601',
  time: 'waktu dengan format JJ:MM:DD',
  email: 'alamat surel yang sah',
  uri: 'alamat URI yang sah',
  url: 'alamat URL yang sah',
  uuid: 'UUID yang sah',
  ipv4: 'alamat IPv4 yang sah',
  ipv6: 'alamat IPv6 yang sah',
};

/** '/records/0/nik' → 'records[0].nik' (JSON Pointer unescaped), as a client names the field. */
function fieldOf(pointer: string, child?: string): string {
  const segments = pointer === '' ? [] : pointer.slice(1).split('/');
  if (child !== undefined) segments.push(child);
  let field = '';
  for (const raw of segments) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(segment)) field += `[${segment}]`;
    else field += field === '' ? segment : `.${segment}`;
  }
  return field;
}

function typeNames(type: unknown): string {
  const types = Array.isArray(type) ? type : [type];
  return types.map((t) => TYPE_NAMES[String(t)] ?? String(t)).join(' atau ');
}

function shown(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
}

/** What is wrong with the value, without the field's name; undefined: reported elsewhere. */
function problemOf(error: ValidationError): string | undefined {
  const p = error.params;
  const limit = Number(p.limit);
  switch (error.keyword) {
    case 'required':
      return 'wajib diisi';
    case 'dependentRequired':
    case 'dependencies':
      return `wajib diisi bersama ${String(p.property)}`;
    case 'type':
      return `harus berupa ${typeNames(p.type)}`;
    case 'minLength':
      return limit <= 1 ? 'tidak boleh kosong' : `paling sedikit ${limit} karakter`;
    case 'maxLength':
      return `paling banyak ${limit} karakter`;
    case 'pattern':
      return 'formatnya tidak sesuai';
    case 'format':
      return `harus berupa ${FORMAT_NAMES[String(p.format)] ?? `format ${String(p.format)}`}`;
    case 'enum': {
      const allowed = Array.isArray(p.allowedValues) ? p.allowedValues : [];
      return `harus salah satu dari: ${allowed.map(shown).join(', ')}`;
    }
    case 'const':
      return `harus bernilai ${shown(p.allowedValue)}`;
    case 'minimum':
      return `paling kecil ${limit}`;
    case 'maximum':
      return `paling besar ${limit}`;
    case 'exclusiveMinimum':
      return `harus lebih dari ${limit}`;
    case 'exclusiveMaximum':
      return `harus kurang dari ${limit}`;
    case 'multipleOf':
      return `harus kelipatan ${String(p.multipleOf)}`;
    case 'minItems':
      return limit <= 1 ? 'paling sedikit berisi satu butir' : `paling sedikit ${limit} butir`;
    case 'maxItems':
      return `paling banyak ${limit} butir`;
    case 'uniqueItems':
      return 'tidak boleh berisi butir yang sama';
    case 'minProperties':
      return `paling sedikit berisi ${limit} isian`;
    case 'maxProperties':
      return `paling banyak berisi ${limit} isian`;
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return 'tidak dikenal';
    case 'propertyNames':
      return 'memuat nama isian yang tidak sah';
    case 'anyOf':
    case 'oneOf':
      return 'tidak sesuai dengan bentuk yang diterima';
    case 'not':
      return 'tidak diterima';
    // An `if` fails together with the `then` or `else` that says why.
    case 'if':
      return undefined;
    default:
      return 'tidak valid';
  }
}

/** The field a problem belongs to: a missing or unknown property is the property's own field. */
function fieldOfError(error: ValidationError): string {
  const p = error.params;
  if (error.keyword === 'required' && typeof p.missingProperty === 'string') {
    return fieldOf(error.instancePath, p.missingProperty.replace(/^\./, ''));
  }
  if (
    (error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties') &&
    typeof p.additionalProperty === 'string'
  ) {
    return fieldOf(error.instancePath, p.additionalProperty);
  }
  if (
    (error.keyword === 'dependentRequired' || error.keyword === 'dependencies') &&
    typeof p.missingProperty === 'string'
  ) {
    return fieldOf(error.instancePath, p.missingProperty);
  }
  return fieldOf(error.instancePath);
}

function isWithin(pointer: string, parent: string): boolean {
  return pointer === parent || pointer.startsWith(`${parent}/`);
}

/**
 * The validator's errors as problems by field, in Bahasa Indonesia, for the API's answer and
 * the portal's form summary alike: `{ field: 'purpose', message: 'Keperluan wajib diisi' }`.
 * `labels` names the fields for people, by the field as returned (`purpose`), or by its last
 * name (`nik` names `records[0].nik` as 'NIK (records[0].nik)'); unlabelled, the field is named. The
 * errors of the branches of an `anyOf`/`oneOf` are folded into the one problem of the value
 * that matched no branch, and each field is reported once, with its first problem.
 */
export function describeValidationErrors(
  errors: readonly ValidationError[],
  labels: Readonly<Record<string, string>> = {},
): FieldError[] {
  const alternatives = errors
    .filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')
    .map((e) => e.instancePath);
  const described: FieldError[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const folded =
      error.keyword !== 'anyOf' &&
      error.keyword !== 'oneOf' &&
      alternatives.some((path) => isWithin(error.instancePath, path));
    if (folded) continue;
    const problem = problemOf(error);
    if (problem === undefined) continue;
    const field = fieldOfError(error);
    if (seen.has(field)) continue;
    seen.add(field);
    const last = /([^.[\]]+)$/.exec(field)?.[1] ?? field;
    const byLast = field === '' ? undefined : labels[last];
    const subject =
      labels[field] ??
      (byLast !== undefined ? `${byLast} (${field})` : field === '' ? 'Isi permintaan' : field);
    described.push({ field, message: `${subject} ${problem}` });
  }
  return described;
}

/** One sentence for a whole refusal: 'Permintaan tidak valid: purpose wajib diisi; …'. */
export function validationSummary(problems: readonly FieldError[]): string {
  if (problems.length === 0) return 'Permintaan tidak valid';
  return `Permintaan tidak valid: ${problems.map((p) => p.message).join('; ')}`;
}
