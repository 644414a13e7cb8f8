import { parseNik } from './nik.js';

/**
 * Return data (data balikan, SPEC §3): the fields an agency owes back for each resident it
 * accessed. What they are, which are required, and their formats live with the agreement
 * as configuration, so that a new agency needs no code.
 */
export interface DataBalikanField {
  /** The column name in files and the key in the API, e.g. `nomor_kepesertaan_jkn`. */
  readonly key: string;
  /** The field's name as users read it. */
  readonly label: string;
  readonly required: boolean;
  readonly maxLength: number;
  /** A regular expression the whole value must match. */
  readonly pattern?: string | undefined;
  /** What the pattern asks for, in words (shown when a value does not match). */
  readonly patternHint?: string | undefined;
  /** When set, the value must be one of these (compared without regard to case). */
  readonly options?: readonly string[] | undefined;
}

export interface DataBalikanSchema {
  readonly fields: readonly DataBalikanField[];
  /** Days after an access without return data before the NIK counts as overdue. */
  readonly dueDays: number;
}

export const FIELD_KEY_PATTERN = /^[a-z][a-z0-9_]{1,49}$/;
export const MAX_FIELD_LENGTH = 500;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fieldProblems(field: unknown, index: number, seen: Set<string>): string[] {
  const where = `Kolom ke-${index + 1}`;
  if (!isRecord(field)) return [`${where} harus berupa objek`];
  const problems: string[] = [];
  const { key, label, required, maxLength, pattern, patternHint, options } = field;
  if (typeof key !== 'string' || !FIELD_KEY_PATTERN.test(key) || key === 'nik') {
    problems.push(
      `${where}: kunci harus huruf kecil, angka atau garis bawah (2–50 karakter, bukan "nik")`,
    );
  } else if (seen.has(key)) {
    problems.push(`${where}: kunci "${key}" dipakai lebih dari sekali`);
  } else {
    seen.add(key);
  }
  if (typeof label !== 'string' || label.trim().length < 2 || label.length > 100) {
    problems.push(`${where}: label harus 2–100 karakter`);
  }
  if (typeof required !== 'boolean') problems.push(`${where}: "required" harus true atau false`);
  if (
    typeof maxLength !== 'number' ||
    !Number.isInteger(maxLength) ||
    maxLength < 1 ||
    maxLength > MAX_FIELD_LENGTH
  ) {
    problems.push(`${where}: panjang maksimum harus bilangan bulat 1–${MAX_FIELD_LENGTH}`);
  }
  if (pattern !== undefined) {
    if (typeof pattern !== 'string') problems.push(`${where}: pola harus berupa teks`);
    else {
      try {
        new RegExp(pattern, 'u');
      } catch {
        problems.push(`${where}: pola "${pattern}" bukan ekspresi reguler yang sah`);
      }
    }
  }
  if (patternHint !== undefined && typeof patternHint !== 'string') {
    problems.push(`${where}: keterangan pola harus berupa teks`);
  }
  if (options !== undefined) {
    if (
      !Array.isArray(options) ||
      options.length === 0 ||
      options.some((o) => typeof o !== 'string' || o.trim() === '' || o.length > 100)
    ) {
      problems.push(`${where}: pilihan harus daftar teks yang tidak kosong`);
    }
  }
  for (const name of Object.keys(field)) {
    if (
      !['key', 'label', 'required', 'maxLength', 'pattern', 'patternHint', 'options'].includes(name)
    ) {
      problems.push(`${where}: atribut "${name}" tidak dikenal`);
    }
  }
  return problems;
}

/** Every problem of a schema as configured (e.g. read from a JSON file); empty when it is sound. */
export function dataBalikanSchemaProblems(value: unknown): string[] {
  if (!isRecord(value)) return ['Skema data balikan harus berupa objek { fields, dueDays }'];
  const problems: string[] = [];
  const { fields, dueDays } = value;
  if (!Array.isArray(fields) || fields.length === 0 || fields.length > 30) {
    problems.push('Skema data balikan harus memiliki 1–30 kolom selain NIK');
  } else {
    const seen = new Set<string>();
    fields.forEach((field, index) => problems.push(...fieldProblems(field, index, seen)));
  }
  if (typeof dueDays !== 'number' || !Number.isInteger(dueDays) || dueDays < 1 || dueDays > 365) {
    problems.push('Batas hari pengiriman data balikan harus bilangan bulat 1–365');
  }
  for (const name of Object.keys(value)) {
    if (name !== 'fields' && name !== 'dueDays')
      problems.push(`Atribut skema "${name}" tidak dikenal`);
  }
  return problems;
}

/** The schema from stored or uploaded JSON; throws with every problem when it is unsound. */
export function parseDataBalikanSchema(value: unknown): DataBalikanSchema {
  const problems = dataBalikanSchemaProblems(value);
  if (problems.length > 0) throw new Error(problems.join('; '));
  return value as DataBalikanSchema;
}

export type RecordCheck =
  | { readonly ok: true; readonly nik: string; readonly fields: Readonly<Record<string, string>> }
  | { readonly ok: false; readonly reasons: readonly string[] };

// Files carry up to hundreds of thousands of records: each field's pattern is compiled once.
const compiled = new WeakMap<DataBalikanField, RegExp>();
function matcher(field: DataBalikanField, pattern: string): RegExp {
  let regex = compiled.get(field);
  if (!regex) {
    regex = new RegExp(`^(?:${pattern})$`, 'u');
    compiled.set(field, regex);
  }
  return regex;
}

/**
 * The value as received: text (or a number, as spreadsheets and JSON clients send digits)
 * trimmed; empty text, null and absence are all "not given". Anything else (an object, a
 * list) is not a value at all: `null` marks it.
 */
function given(value: unknown): string | undefined | null {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const text = value.trim();
  return text === '' ? undefined : text;
}

/**
 * Checks one record against the agreement's schema: the NIK's format, every field's rule,
 * no unknown field, and at least one field beyond the NIK. The accepted record keeps only
 * the fields given, trimmed, with an option written as the schema writes it.
 */
export function checkDataBalikanRecord(
  schema: DataBalikanSchema,
  nik: unknown,
  values: Readonly<Record<string, unknown>>,
  now: Date,
): RecordCheck {
  const reasons: string[] = [];
  const parsed = parseNik(given(nik) ?? '', now);
  if (!parsed.ok) reasons.push(`NIK: ${parsed.reason}`);

  const known = new Set(schema.fields.map((f) => f.key));
  for (const name of Object.keys(values)) {
    if (!known.has(name) && given(values[name]) !== undefined) {
      reasons.push(`Kolom "${name}" tidak dikenal dalam skema data balikan PKS ini`);
    }
  }

  const fields: Record<string, string> = {};
  for (const field of schema.fields) {
    const value = given(values[field.key]);
    if (value === undefined) {
      if (field.required) reasons.push(`${field.label} wajib diisi`);
      continue;
    }
    if (value === null) {
      reasons.push(`${field.label} harus berupa teks`);
      continue;
    }
    if ([...value].length > field.maxLength) {
      reasons.push(`${field.label} paling banyak ${field.maxLength} karakter`);
      continue;
    }
    if (field.options) {
      const option = field.options.find((o) => o.toUpperCase() === value.toUpperCase());
      if (!option) {
        reasons.push(`${field.label} harus salah satu dari: ${field.options.join(', ')}`);
        continue;
      }
      fields[field.key] = option;
      continue;
    }
    if (field.pattern !== undefined && !matcher(field, field.pattern).test(value)) {
      reasons.push(`${field.label} harus ${field.patternHint ?? 'sesuai format yang ditetapkan'}`);
      continue;
    }
    if (/\p{Cc}/u.test(value)) {
      reasons.push(`${field.label} memuat karakter kendali`);
      continue;
    }
    fields[field.key] = value;
  }
  if (reasons.length === 0 && Object.keys(fields).length === 0) {
    reasons.push('Isi paling sedikit satu kolom data balikan selain NIK');
  }
  if (reasons.length > 0 || !parsed.ok) return { ok: false, reasons };
  return { ok: true, nik: parsed.value.nik, fields };
}

/** Two accepted records carry the same data (the order of keys does not matter). */
export function sameFields(
  a: Readonly<Record<string, string>>,
  b: Readonly<Record<string, string>>,
): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
