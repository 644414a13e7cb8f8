import type { DataBalikanSchema } from './data-balikan.js';
import { purposeProblem } from './purpose.js';

/**
 * The counter service flow (SPEC §7, Lampiran II) as a case (*layanan*) the agency's officer
 * works through: 1–2 the application received and checked, 3 the NIK looked up, 4a matches →
 * approved and the document issued, 4b not found or not matching → 8 the applicant corrects,
 * 9 the officer completes, 10 checked again; 5 the document handed over; 6 the return data
 * sent; 7 done. A case holds no population data: the NIK, what the agency itself produced
 * (application number, kind, the issued document's number), states and times.
 */

export const CASE_STATES = [
  'TERBUKA',
  'DIPERIKSA',
  'PERBAIKAN',
  'DIPERBAIKI',
  'DISETUJUI',
  'DITERBITKAN',
  'DISERAHKAN',
  'DATA_BALIKAN_TERKIRIM',
  'SELESAI',
  'DIBATALKAN',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const CASE_STATE_LABELS: Readonly<Record<CaseState, string>> = {
  TERBUKA: 'Berkas diterima, belum diperiksa',
  DIPERIKSA: 'Diperiksa, menunggu keputusan',
  PERBAIKAN: 'Menunggu perbaikan dokumen pemohon',
  DIPERBAIKI: 'Dokumen diperbaiki, siap diperiksa ulang',
  DISETUJUI: 'Disetujui, dokumen disiapkan',
  DITERBITKAN: 'Dokumen diterbitkan',
  DISERAHKAN: 'Dokumen diserahkan, data balikan belum dikirim',
  DATA_BALIKAN_TERKIRIM: 'Data balikan terkirim',
  SELESAI: 'Selesai',
  DIBATALKAN: 'Dibatalkan',
};

export const CASE_ACTIONS = [
  'PERIKSA',
  'SESUAI',
  'TIDAK_SESUAI',
  'CATAT_PERBAIKAN',
  'TERBITKAN',
  'SERAHKAN',
  'KIRIM_DATA_BALIKAN',
  'TUTUP',
  'BATALKAN',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

export const CASE_ACTION_LABELS: Readonly<Record<CaseAction | 'BUKA', string>> = {
  BUKA: 'Layanan dibuka',
  PERIKSA: 'NIK diperiksa',
  SESUAI: 'Sesuai: disetujui',
  TIDAK_SESUAI: 'Tidak sesuai / tidak ditemukan: perbaikan diminta',
  CATAT_PERBAIKAN: 'Perbaikan dokumen dicatat',
  TERBITKAN: 'Dokumen diterbitkan',
  SERAHKAN: 'Dokumen diserahkan',
  KIRIM_DATA_BALIKAN: 'Data balikan dikirim',
  TUTUP: 'Layanan ditutup',
  BATALKAN: 'Layanan dibatalkan',
};

/** Which action leads from which states to which state: the whole flow in one table. */
export const TRANSITIONS: Readonly<
  Record<CaseAction, { readonly from: readonly CaseState[]; readonly to: CaseState }>
> = {
  // Step 3, and step 10 after a correction; again before deciding (each one a counted lookup).
  PERIKSA: { from: ['TERBUKA', 'DIPERIKSA', 'DIPERBAIKI'], to: 'DIPERIKSA' },
  SESUAI: { from: ['DIPERIKSA'], to: 'DISETUJUI' },
  TIDAK_SESUAI: { from: ['DIPERIKSA'], to: 'PERBAIKAN' },
  CATAT_PERBAIKAN: { from: ['PERBAIKAN'], to: 'DIPERBAIKI' },
  TERBITKAN: { from: ['DISETUJUI'], to: 'DITERBITKAN' },
  SERAHKAN: { from: ['DITERBITKAN'], to: 'DISERAHKAN' },
  KIRIM_DATA_BALIKAN: { from: ['DISERAHKAN'], to: 'DATA_BALIKAN_TERKIRIM' },
  TUTUP: { from: ['DATA_BALIKAN_TERKIRIM'], to: 'SELESAI' },
  // Withdrawn, or refused for good; never once the document is issued.
  BATALKAN: {
    from: ['TERBUKA', 'DIPERIKSA', 'PERBAIKAN', 'DIPERBAIKI', 'DISETUJUI'],
    to: 'DIBATALKAN',
  },
};

/** The state an action leads to from `state`, or undefined when it is not allowed there. */
export function nextState(state: CaseState, action: CaseAction): CaseState | undefined {
  const rule = TRANSITIONS[action];
  return rule.from.includes(state) ? rule.to : undefined;
}

/** The actions open in a state, in the order of the flow. */
export function actionsIn(state: CaseState): CaseAction[] {
  return CASE_ACTIONS.filter((action) => nextState(state, action) !== undefined);
}

export const CLOSED_STATES: readonly CaseState[] = ['SELESAI', 'DIBATALKAN'];
export const OPEN_STATES: readonly CaseState[] = CASE_STATES.filter(
  (s) => !CLOSED_STATES.includes(s),
);
/** The document is issued and its return data not yet sent (SPEC §3: the agency owes it). */
export const RETURN_OWED_STATES: readonly CaseState[] = ['DITERBITKAN', 'DISERAHKAN'];

export function isCaseState(value: string): value is CaseState {
  return (CASE_STATES as readonly string[]).includes(value);
}

/** The step of Lampiran II the case waits for (1–7), for the officer's guide. */
export function currentStep(state: CaseState): number {
  switch (state) {
    case 'TERBUKA':
    case 'DIPERBAIKI':
      return 3;
    case 'DIPERIKSA':
    case 'PERBAIKAN':
    case 'DISETUJUI':
      return 4;
    case 'DITERBITKAN':
      return 5;
    case 'DISERAHKAN':
      return 6;
    case 'DATA_BALIKAN_TERKIRIM':
    case 'SELESAI':
    case 'DIBATALKAN':
      return 7;
  }
}

export const STEPS: readonly string[] = [
  'Pemohon menyerahkan berkas permohonan',
  'Petugas memeriksa kelengkapan berkas',
  'Petugas memeriksa NIK pada portal',
  'Verifikasi: sesuai → terbitkan; tidak sesuai → perbaikan dan periksa ulang',
  'Dokumen diserahkan kepada pemohon',
  'Data balikan dikirim ke Dinas Dukcapil',
  'Selesai',
];

// ---- What the officer types -------------------------------------------------------------

/** Numbers the agency gives (application, issued document): letters, digits, separators. */
const NUMBER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ./-]*$/;
export const APPLICATION_NUMBER_MAX = 40;
export const DOCUMENT_NUMBER_MAX = 60;
export const NOTE_MIN = 5;
export const NOTE_MAX = 500;

export function numberProblem(label: string, value: string, max: number): string | undefined {
  const text = value.trim();
  if (text === '') return `${label} wajib diisi`;
  if (text.length > max) return `${label} paling banyak ${max} karakter`;
  if (!NUMBER_PATTERN.test(text)) {
    return `${label} hanya boleh berupa huruf, angka, spasi, titik, garis miring atau tanda hubung`;
  }
  return undefined;
}

/** A note the officer writes (what to correct, what was corrected, why cancelled). */
export function noteProblem(label: string, value: string): string | undefined {
  const text = value.trim();
  if (text.length < NOTE_MIN || text.length > NOTE_MAX) {
    return `${label} wajib diisi (${NOTE_MIN}–${NOTE_MAX} karakter)`;
  }
  if (/[^\P{Cc}\n\r\t]/u.test(text)) {
    return `${label} tidak boleh memuat karakter kendali`;
  }
  return undefined;
}

// ---- Kinds of service, per agreement ------------------------------------------------------

/** A kind of service an agency's counter offers, as its agreement's configuration names it. */
export interface ServiceKind {
  /** e.g. JKN_PENDAFTARAN, NIB */
  readonly code: string;
  /** e.g. "Pendaftaran peserta JKN" */
  readonly label: string;
  /** What the issued document's number is called, e.g. "Nomor kepesertaan JKN". */
  readonly documentLabel: string;
  /** The return-data field the issued document's number fills (step 6), if any. */
  readonly returnField?: string | undefined;
  /** Return-data fields this kind always fills with the same value (e.g. the permit's kind). */
  readonly returnValues?: Readonly<Record<string, string>> | undefined;
}

/** What an agreement without its own configuration offers. */
export const GENERAL_KINDS: readonly ServiceKind[] = [
  { code: 'UMUM', label: 'Layanan umum', documentLabel: 'Nomor dokumen yang diterbitkan' },
];

const KIND_CODE = /^[A-Z0-9_]{2,30}$/;
const KIND_ATTRIBUTES = ['code', 'label', 'documentLabel', 'returnField', 'returnValues'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textBetween(value: unknown, min: number, max: number): value is string {
  return typeof value === 'string' && value.trim().length >= min && value.length <= max;
}

/**
 * Every problem of a kinds configuration (JSON), in Bahasa Indonesia; empty when sound. With
 * the agreement's return-data schema, the fields a kind prefills must be the schema's.
 */
export function serviceKindsProblems(value: unknown, schema: DataBalikanSchema | null): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > 50) {
    return ['Jenis layanan harus berupa daftar berisi 1–50 jenis'];
  }
  const keys = schema ? new Set(schema.fields.map((f) => f.key)) : undefined;
  const seen = new Set<string>();
  const problems: string[] = [];
  value.forEach((kind: unknown, index) => {
    const where = `Jenis layanan ke-${index + 1}`;
    if (!isRecord(kind)) {
      problems.push(`${where} harus berupa objek`);
      return;
    }
    if (typeof kind.code !== 'string' || !KIND_CODE.test(kind.code)) {
      problems.push(`${where}: kode harus huruf besar, angka atau garis bawah (2–30 karakter)`);
    } else if (seen.has(kind.code)) {
      problems.push(`${where}: kode "${kind.code}" dipakai lebih dari sekali`);
    } else seen.add(kind.code);
    if (!textBetween(kind.label, 3, 80)) problems.push(`${where}: nama harus 3–80 karakter`);
    if (!textBetween(kind.documentLabel, 3, 80)) {
      problems.push(`${where}: nama nomor dokumen harus 3–80 karakter`);
    }
    if (kind.returnField !== undefined) {
      if (typeof kind.returnField !== 'string') problems.push(`${where}: returnField harus teks`);
      else if (keys && !keys.has(kind.returnField)) {
        problems.push(`${where}: kolom data balikan "${kind.returnField}" tidak ada pada skema`);
      }
    }
    if (kind.returnValues !== undefined) {
      if (!isRecord(kind.returnValues)) problems.push(`${where}: returnValues harus objek`);
      else {
        for (const [key, fixed] of Object.entries(kind.returnValues)) {
          if (typeof fixed !== 'string' || fixed.trim() === '') {
            problems.push(`${where}: nilai "${key}" harus teks yang tidak kosong`);
          } else if (keys && !keys.has(key)) {
            problems.push(`${where}: kolom data balikan "${key}" tidak ada pada skema`);
          }
        }
      }
    }
    for (const name of Object.keys(kind)) {
      if (!KIND_ATTRIBUTES.includes(name))
        problems.push(`${where}: atribut "${name}" tidak dikenal`);
    }
  });
  return problems;
}

/** The kinds of a configuration read back from the database (checked when it was set). */
export function parseServiceKinds(value: unknown): readonly ServiceKind[] {
  if (value === null || value === undefined) return GENERAL_KINDS;
  const problems = serviceKindsProblems(value, null);
  if (problems.length > 0) throw new Error(`Konfigurasi jenis layanan rusak: ${problems[0]}`);
  return value as ServiceKind[];
}

/**
 * Step 6: the return data as far as the case knows it — the issued document's number in its
 * field and the kind's fixed values — limited to the schema's fields. The officer completes
 * or corrects it before sending.
 */
export function prefilledReturnData(
  kind: Pick<ServiceKind, 'returnField' | 'returnValues'> | undefined,
  documentNumber: string | null,
  schema: DataBalikanSchema,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of schema.fields) values[field.key] = '';
  for (const [key, fixed] of Object.entries(kind?.returnValues ?? {})) {
    if (key in values) values[key] = fixed;
  }
  if (kind?.returnField && kind.returnField in values && documentNumber) {
    values[kind.returnField] = documentNumber;
  }
  return values;
}

// ---- The case in the audit trail ----------------------------------------------------------

/** A case's number: LYN/<agency code>/<WIB year>/<sequence of five digits>. */
export function caseNumber(agencyCode: string, year: number, sequence: number): string {
  return `LYN/${agencyCode}/${year}/${String(sequence).padStart(5, '0')}`;
}

/**
 * The purpose a case's lookup states in the audit trail: the case number first, so that
 * Dukcapil (and the resident's access history) can tie the access to the service, then the
 * kind and the agency's application number.
 */
export function caseLookupPurpose(c: {
  readonly caseNumber: string;
  readonly kindLabel: string;
  readonly applicationNumber: string;
}): string {
  const purpose = `Layanan ${c.caseNumber}: ${c.kindLabel}, permohonan ${c.applicationNumber}`;
  const problem = purposeProblem(purpose);
  if (problem) throw new Error(problem);
  return purpose;
}
