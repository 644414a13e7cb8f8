import type { FieldError } from './refusals.js';

/**
 * Why an agreement ends (Pasal 6 of the agreements, SPEC §4), the record of a force majeure,
 * and the Director General's approval letter an agreement rests on.
 */

export const END_GROUNDS = [
  'KESEPAKATAN',
  'PERUBAHAN_KELEMBAGAAN',
  'FORCE_MAJEURE',
  'MASA_BERLAKU',
  'PERPANJANGAN_DITOLAK',
] as const;
export type EndGround = (typeof END_GROUNDS)[number];

export const END_GROUND_LABELS: Readonly<Record<EndGround, string>> = {
  KESEPAKATAN: 'Kesepakatan para pihak',
  PERUBAHAN_KELEMBAGAAN: 'Perubahan nama atau kelembagaan instansi',
  FORCE_MAJEURE: 'Keadaan kahar (force majeure): kebijakan pemerintah',
  MASA_BERLAKU: 'Masa berlaku habis',
  PERPANJANGAN_DITOLAK: 'Masa berlaku habis dan permohonan perpanjangan ditolak',
};

/** The grounds Dukcapil chooses when it ends an agreement by hand (force majeure has its own form). */
export const MANUAL_END_GROUNDS = ['KESEPAKATAN', 'PERUBAHAN_KELEMBAGAAN'] as const;
export type ManualEndGround = (typeof MANUAL_END_GROUNDS)[number];

export function isManualEndGround(value: unknown): value is ManualEndGround {
  return (MANUAL_END_GROUNDS as readonly unknown[]).includes(value);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (value: unknown): value is string =>
  typeof value === 'string' &&
  ISO_DATE.test(value) &&
  new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;

export interface ForceMajeureInput {
  /** When the policy took effect, YYYY-MM-DD. */
  readonly occurredOn: string;
  /** Which government policy, and why it makes continuing impossible. */
  readonly description: string;
}

/**
 * Problems with a force majeure's record, by field: the date it took effect (a real date, not
 * after today, not before the agreement was signed) and its description (10–1000 characters).
 */
export function forceMajeureProblems(
  input: ForceMajeureInput,
  agreement: { readonly signedOn: string },
  today: string,
): FieldError[] {
  const problems: FieldError[] = [];
  const occurredOn = input.occurredOn.trim();
  if (!isRealDate(occurredOn))
    problems.push({ field: 'tanggal', message: 'Tanggal keadaan kahar harus tanggal YYYY-MM-DD' });
  else if (occurredOn > today)
    problems.push({
      field: 'tanggal',
      message: 'Tanggal keadaan kahar tidak boleh sesudah hari ini',
    });
  else if (occurredOn < agreement.signedOn)
    problems.push({
      field: 'tanggal',
      message: `Tanggal keadaan kahar tidak boleh sebelum penandatanganan PKS (${agreement.signedOn})`,
    });
  const length = input.description.trim().length;
  if (length < 10 || length > 1000)
    problems.push({
      field: 'uraian',
      message: 'Uraian kebijakan pemerintah yang menyebabkan keadaan kahar 10–1000 karakter',
    });
  return problems;
}

export interface DgApprovalLetter {
  readonly nomor: string;
  /** YYYY-MM-DD */
  readonly tanggal: string;
}

/**
 * Problems with the Director General's approval letter, by field: its number as the agenda
 * gives it (3–100 characters; never "corrected", SPEC §10) and a real date not after today.
 */
export function dgApprovalProblems(letter: DgApprovalLetter, today: string): FieldError[] {
  const problems: FieldError[] = [];
  const nomor = letter.nomor.trim();
  if (nomor.length < 3 || nomor.length > 100)
    problems.push({
      field: 'nomor',
      message: 'Nomor surat persetujuan Direktur Jenderal harus 3–100 karakter',
    });
  const tanggal = letter.tanggal.trim();
  if (!isRealDate(tanggal))
    problems.push({
      field: 'tanggal',
      message: 'Tanggal surat persetujuan Direktur Jenderal harus tanggal YYYY-MM-DD',
    });
  else if (tanggal > today)
    problems.push({
      field: 'tanggal',
      message: 'Tanggal surat persetujuan Direktur Jenderal tidak boleh sesudah hari ini',
    });
  return problems;
}
