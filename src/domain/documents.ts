import type { Role } from './users.js';

/**
 * Documents per person (SPEC §4): every operator signs an NDA before accessing data; the
 * agency head signs the SPTJM and, like the operators, an NDA of their own (in the signed
 * seeds the NDAs are the heads'). The lookup refuses an officer whose documents are not all
 * recorded.
 */
export const DOCUMENT_KINDS = ['NDA', 'SPTJM'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_LABELS: Readonly<Record<DocumentKind, string>> = {
  NDA: 'NDA (perjanjian kerahasiaan)',
  SPTJM: 'SPTJM (surat pernyataan tanggung jawab mutlak)',
};

/**
 * The documents a role must have signed before it may look residents up, in the order the
 * pages list them; none for Dukcapil.
 */
export function requiredDocuments(role: Role): readonly DocumentKind[] {
  if (role === 'OPERATOR') return ['NDA'];
  if (role === 'KEPALA_INSTANSI') return ['SPTJM', 'NDA'];
  return [];
}

/** Each required document of a role with its signing date once recorded (null: missing). */
export function documentStatus(
  role: Role,
  signed: { readonly nda_signed_on: string | null; readonly sptjm_signed_on: string | null },
): { readonly kind: DocumentKind; readonly signedOn: string | null }[] {
  return requiredDocuments(role).map((kind) => ({
    kind,
    signedOn: kind === 'NDA' ? signed.nda_signed_on : signed.sptjm_signed_on,
  }));
}

/** Scans are kept in the database and read over a 1 Mbps link: a few pages at most. */
export const DOCUMENT_MAX_BYTES = 5 * 1024 * 1024;

/** What a scan may be, recognised by its content (never by its name or declared type). */
export const DOCUMENT_TYPES = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
} as const;
export type DocumentContentType = keyof typeof DOCUMENT_TYPES;

export function isDocumentContentType(mime: string | undefined): mime is DocumentContentType {
  return mime !== undefined && Object.hasOwn(DOCUMENT_TYPES, mime);
}

export function isDocumentKind(value: string): value is DocumentKind {
  return (DOCUMENT_KINDS as readonly string[]).includes(value);
}

/**
 * The problem with a signing date, if any: a real calendar date (YYYY-MM-DD), not after
 * `today`, and not before 2000 (a typo rather than a document).
 */
export function signedDateProblem(signedOn: string, today: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(signedOn);
  if (!match) return 'Tanggal penandatanganan harus berformat TTTT-BB-HH';
  const date = new Date(`${signedOn}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== signedOn) {
    return 'Tanggal penandatanganan bukan tanggal yang sah';
  }
  if (signedOn > today) return 'Tanggal penandatanganan tidak boleh setelah hari ini';
  if (signedOn < '2000-01-01') return 'Tanggal penandatanganan tidak boleh sebelum tahun 2000';
  return undefined;
}
