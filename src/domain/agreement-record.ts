import { agreementProblems, type AccessMethod, type AgreementTerms } from './agreement.js';
import type { QuotaStage } from './quota.js';

/**
 * Every field of an agreement (SPEC §4) besides its agency and status: the terms the lookup
 * enforces plus the link's bandwidth and the parties as the agreement names them.
 */
export interface AgreementRecord extends AgreementTerms {
  readonly bandwidthKbps: number;
  /** PIHAK KESATU: Dukcapil. */
  readonly firstPartyName: string;
  readonly firstPartyHeadTitle: string;
  readonly firstPartyHeadName: string | null;
  /** PIHAK KEDUA: the agency. */
  readonly secondPartyName: string;
  readonly secondPartyHeadTitle: string;
  readonly secondPartyHeadName: string | null;
}

/** An agreement's fields as a channel sends them, before the codes in them are checked. */
export type UncheckedAgreementRecord = Omit<
  AgreementRecord,
  'grantedElements' | 'accessMethods' | 'quotaStage'
> & {
  readonly grantedElements: readonly string[];
  readonly accessMethods: readonly string[];
  readonly quotaStage: string;
};

export const QUOTA_STAGES = ['PRA_POC', 'PASCA_POC'] as const satisfies readonly QuotaStage[];

export const QUOTA_STAGE_LABELS: Readonly<Record<QuotaStage, string>> = {
  PRA_POC: 'Sebelum PoC (200 NIK per hari)',
  PASCA_POC: 'Sesudah PoC (tanpa batas)',
};

export const ACCESS_METHOD_LABELS: Readonly<Record<AccessMethod, string>> = {
  PORTAL: 'Portal web',
  API: 'Web service (API)',
  CARD_READER: 'Card reader KTP-el',
};

/** An access method's or an audit row's channel by its label (the code itself if unknown). */
export function accessMethodLabel(method: string): string {
  return (ACCESS_METHOD_LABELS as Readonly<Record<string, string>>)[method] ?? method;
}

/** What each term of an agreement is called, in its detail, history and forms. */
export const AGREEMENT_TERM_LABELS: Readonly<Record<keyof AgreementRecord, string>> = {
  nomorDukcapil: 'Nomor PKS Dukcapil',
  nomorInstansi: 'Nomor PKS instansi',
  nomorJuknis: 'Nomor petunjuk teknis',
  signedOn: 'Tanggal penandatanganan',
  endsOn: 'Tanggal berakhir',
  purpose: 'Maksud dan tujuan',
  grantedElements: 'Elemen data',
  accessMethods: 'Metode akses',
  accessPoints: 'Titik akses',
  bandwidthKbps: 'Bandwidth',
  quotaStage: 'Tahap kuota',
  firstPartyName: 'PIHAK KESATU',
  firstPartyHeadTitle: 'Jabatan pimpinan PIHAK KESATU',
  firstPartyHeadName: 'Nama pimpinan PIHAK KESATU',
  secondPartyName: 'PIHAK KEDUA',
  secondPartyHeadTitle: 'Jabatan pimpinan PIHAK KEDUA',
  secondPartyHeadName: 'Nama pimpinan PIHAK KEDUA',
};

/** PIHAK KESATU of every agreement of this deployment, as the two signed agreements name it. */
export const DUKCAPIL_PARTY = {
  name: 'Dinas Kependudukan dan Pencatatan Sipil Kabupaten Purbalingga',
  headTitle: 'Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Purbalingga',
} as const;

/** The link the agreements give each access point (SPEC §2: 1 Mbps). */
export const DEFAULT_BANDWIDTH_KBPS = 1000;
export const MIN_BANDWIDTH_KBPS = 64;
export const MAX_BANDWIDTH_KBPS = 10_000_000;

function lengthProblem(label: string, value: string, min: number, max: number): string[] {
  const length = value.trim().length;
  return length < min || length > max ? [`${label} ${min}–${max} karakter`] : [];
}

/** Every problem with an agreement's fields, in Bahasa Indonesia; empty when they are sound. */
export function agreementRecordProblems(record: UncheckedAgreementRecord): string[] {
  const problems = [
    ...lengthProblem('Nomor PKS Dukcapil', record.nomorDukcapil, 3, 60),
    ...lengthProblem('Nomor PKS instansi', record.nomorInstansi, 3, 60),
    ...(record.nomorJuknis === null
      ? []
      : lengthProblem('Nomor petunjuk teknis', record.nomorJuknis, 3, 60)),
    ...agreementProblems(record),
    ...lengthProblem('Maksud dan tujuan', record.purpose, 3, 500),
  ];
  if (
    !Number.isInteger(record.bandwidthKbps) ||
    record.bandwidthKbps < MIN_BANDWIDTH_KBPS ||
    record.bandwidthKbps > MAX_BANDWIDTH_KBPS
  ) {
    problems.push(
      `Bandwidth harus bilangan bulat ${MIN_BANDWIDTH_KBPS}–${MAX_BANDWIDTH_KBPS.toLocaleString('id-ID')} kbps`,
    );
  }
  if (!(QUOTA_STAGES as readonly string[]).includes(record.quotaStage)) {
    problems.push(`Tahap kuota tidak dikenal: ${record.quotaStage} (yang sah: PRA_POC, PASCA_POC)`);
  }
  problems.push(
    ...lengthProblem('Nama PIHAK KESATU', record.firstPartyName, 3, 200),
    ...lengthProblem('Jabatan pimpinan PIHAK KESATU', record.firstPartyHeadTitle, 3, 200),
    ...(record.firstPartyHeadName === null
      ? []
      : lengthProblem('Nama pimpinan PIHAK KESATU', record.firstPartyHeadName, 3, 120)),
    ...lengthProblem('Nama PIHAK KEDUA', record.secondPartyName, 3, 200),
    ...lengthProblem('Jabatan pimpinan PIHAK KEDUA', record.secondPartyHeadTitle, 3, 200),
    ...(record.secondPartyHeadName === null
      ? []
      : lengthProblem('Nama pimpinan PIHAK KEDUA', record.secondPartyHeadName, 3, 120)),
  );
  return problems;
}

/** What an addendum (or, for the quota stage alone, a PoC result) may change. */
export interface AgreementChange {
  /** A later end date: an extension. */
  readonly endsOn?: string;
  readonly grantedElements?: readonly string[];
  readonly accessMethods?: readonly string[];
  readonly accessPoints?: readonly string[];
  readonly bandwidthKbps?: number;
  readonly quotaStage?: string;
}

/** The addendum letter that makes a change: its number and date. */
export interface AddendumLetter {
  readonly nomor: string;
  /** YYYY-MM-DD */
  readonly tanggal: string;
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((item) => b.includes(item));

/** The fields of `change` that differ from `current`. */
export function changedFields(
  current: Pick<
    AgreementRecord,
    'endsOn' | 'grantedElements' | 'accessMethods' | 'accessPoints' | 'bandwidthKbps' | 'quotaStage'
  >,
  change: AgreementChange,
): (keyof AgreementChange)[] {
  const changed: (keyof AgreementChange)[] = [];
  if (change.endsOn !== undefined && change.endsOn !== current.endsOn) changed.push('endsOn');
  for (const key of ['grantedElements', 'accessMethods', 'accessPoints'] as const) {
    const value = change[key];
    if (value !== undefined && !sameSet(value, current[key])) changed.push(key);
  }
  if (change.bandwidthKbps !== undefined && change.bandwidthKbps !== current.bandwidthKbps)
    changed.push('bandwidthKbps');
  if (change.quotaStage !== undefined && change.quotaStage !== current.quotaStage)
    changed.push('quotaStage');
  return changed;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (value: string) =>
  ISO_DATE.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;

/** Terms an agreement in force changes without an addendum: the quota stage after a PoC, the bandwidth by answer letter (SPEC §4). */
const WITHOUT_ADDENDUM: readonly (keyof AgreementChange)[] = ['quotaStage', 'bandwidthKbps'];

/**
 * Problems with an addendum to an agreement in force on `today`: it must change something,
 * an extension must move the end date later, and only a change of the quota stage (a passed
 * PoC) or of the bandwidth (settled by an answer letter) may go without an addendum letter.
 */
export function addendumProblems(
  current: AgreementRecord,
  change: AgreementChange,
  letter: AddendumLetter | null,
  today: string,
): string[] {
  const changed = changedFields(current, change);
  if (changed.length === 0) return ['Perubahan tidak mengubah satu pun ketentuan PKS'];
  const problems: string[] = [];
  if (change.endsOn !== undefined && changed.includes('endsOn')) {
    if (!isRealDate(change.endsOn)) problems.push('Tanggal berakhir baru harus tanggal YYYY-MM-DD');
    else if (change.endsOn < current.endsOn)
      problems.push(
        `Perpanjangan harus sesudah tanggal berakhir saat ini (${current.endsOn}); untuk mengakhiri PKS gunakan Akhiri`,
      );
  }
  if (letter === null) {
    if (changed.some((field) => !WITHOUT_ADDENDUM.includes(field)))
      problems.push(
        'Perubahan selain tahap kuota dan bandwidth memerlukan nomor dan tanggal adendum',
      );
  } else {
    problems.push(...lengthProblem('Nomor adendum', letter.nomor, 3, 60));
    if (!isRealDate(letter.tanggal)) problems.push('Tanggal adendum harus tanggal YYYY-MM-DD');
    else if (letter.tanggal < current.signedOn)
      problems.push('Tanggal adendum tidak boleh sebelum tanggal penandatanganan PKS');
    else if (letter.tanggal > today) problems.push('Tanggal adendum belum tiba');
  }
  return problems;
}

/** The reason an action must state: 5–1000 characters. */
export function reasonProblem(reason: string | null | undefined): string | undefined {
  const length = (reason ?? '').trim().length;
  if (length === 0) return 'Alasan wajib diisi';
  if (length < 5 || length > 1000) return 'Alasan 5–1000 karakter';
  return undefined;
}
