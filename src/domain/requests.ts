import { ACCESS_METHODS, type AccessMethod } from './agreement.js';
import { ELEMENTS, type Element } from './elements.js';

/**
 * Requests an agency sends Dukcapil by letter (SPEC §4): a user ID change, a proof of
 * concept, a change of access method or data elements, a change of bandwidth, an
 * extension. Each is submitted, then scheduled (PoC) or reviewed (the rest), then approved
 * or rejected by an answer letter.
 */
export const REQUEST_KINDS = [
  'PERUBAHAN_USER_ID',
  'POC',
  'PERUBAHAN_METODE_ELEMEN',
  'BANDWIDTH',
  'PERPANJANGAN',
] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export const REQUEST_KIND_LABELS: Readonly<Record<RequestKind, string>> = {
  PERUBAHAN_USER_ID: 'Perubahan user ID',
  POC: 'Proof of concept (PoC)',
  PERUBAHAN_METODE_ELEMEN: 'Perubahan metode akses / elemen data',
  BANDWIDTH: 'Perubahan bandwidth',
  PERPANJANGAN: 'Perpanjangan PKS',
};

export const REQUEST_STATES = [
  'DIAJUKAN',
  'DIJADWALKAN',
  'DITELAAH',
  'DISETUJUI',
  'DITOLAK',
] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

export const REQUEST_STATE_LABELS: Readonly<Record<RequestState, string>> = {
  DIAJUKAN: 'Diajukan',
  DIJADWALKAN: 'Dijadwalkan',
  DITELAAH: 'Ditelaah',
  DISETUJUI: 'Disetujui',
  DITOLAK: 'Ditolak',
};

export const REQUEST_ACTIONS = ['JADWALKAN', 'TELAAH', 'SETUJUI', 'TOLAK'] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];

export const REQUEST_ACTION_LABELS: Readonly<Record<RequestAction, string>> = {
  JADWALKAN: 'Jadwalkan PoC',
  TELAAH: 'Mulai telaah',
  SETUJUI: 'Setujui',
  TOLAK: 'Tolak',
};

export function isRequestKind(value: unknown): value is RequestKind {
  return (REQUEST_KINDS as readonly unknown[]).includes(value);
}

export function isRequestState(value: unknown): value is RequestState {
  return (REQUEST_STATES as readonly unknown[]).includes(value);
}

type Transitions = Readonly<
  Partial<Record<RequestState, Partial<Record<RequestAction, RequestState>>>>
>;

/**
 * A PoC is held on a date (rescheduling moves it) and its result approves or rejects it.
 * Every other request is reviewed first: approval without a review would skip the study
 * of the letter that the answer letter cites. Any open request may be rejected, including
 * one just submitted (an incomplete letter needs no review to be turned down). Approved and
 * rejected are final: a changed mind is a new letter.
 */
const REVIEWED: Transitions = {
  DIAJUKAN: { TELAAH: 'DITELAAH', TOLAK: 'DITOLAK' },
  DITELAAH: { SETUJUI: 'DISETUJUI', TOLAK: 'DITOLAK' },
};

export const TRANSITIONS: Readonly<Record<RequestKind, Transitions>> = {
  POC: {
    DIAJUKAN: { JADWALKAN: 'DIJADWALKAN', TOLAK: 'DITOLAK' },
    DIJADWALKAN: { JADWALKAN: 'DIJADWALKAN', SETUJUI: 'DISETUJUI', TOLAK: 'DITOLAK' },
  },
  PERUBAHAN_USER_ID: REVIEWED,
  PERUBAHAN_METODE_ELEMEN: REVIEWED,
  BANDWIDTH: REVIEWED,
  PERPANJANGAN: REVIEWED,
};

export type TransitionResult =
  | { readonly ok: true; readonly to: RequestState }
  | { readonly ok: false; readonly reason: string };

/** Where an action takes a request of a kind in a state, or why it may not be taken. */
export function transition(
  kind: RequestKind,
  from: RequestState,
  action: RequestAction,
): TransitionResult {
  const to = TRANSITIONS[kind][from]?.[action];
  if (to) return { ok: true, to };
  if (from === 'DISETUJUI' || from === 'DITOLAK') {
    return {
      ok: false,
      reason: `Permohonan sudah ${REQUEST_STATE_LABELS[from].toLowerCase()}; tidak dapat diubah lagi`,
    };
  }
  return {
    ok: false,
    reason:
      `Tindakan "${REQUEST_ACTION_LABELS[action]}" tidak berlaku untuk permohonan ` +
      `${REQUEST_KIND_LABELS[kind]} yang berstatus ${REQUEST_STATE_LABELS[from]}`,
  };
}

/** The actions open to Dukcapil on a request, in the order the pages offer them. */
export function allowedActions(kind: RequestKind, state: RequestState): RequestAction[] {
  const open = TRANSITIONS[kind][state] ?? {};
  return REQUEST_ACTIONS.filter((action) => open[action] !== undefined);
}

export function isFinalState(state: RequestState): boolean {
  return state === 'DISETUJUI' || state === 'DITOLAK';
}

// ---------------------------------------------------------------------------------------
// Dates and letters

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export interface Letter {
  readonly nomor: string;
  /** YYYY-MM-DD */
  readonly tanggal: string;
}

/**
 * Problems with a letter's number and date (`what` names it: "surat permohonan", "surat
 * jawaban"): a number as the agenda book gives it, a real date no later than today (WIB).
 */
export function letterProblems(
  what: string,
  letter: { nomor?: unknown; tanggal?: unknown },
  today: string,
  maxLength = 100,
): string[] {
  return letterPartProblems(what, letter, today, maxLength).map((p) => p.message);
}

/** The same, each problem with the part of the letter it is about (for a form's fields). */
export function letterPartProblems(
  what: string,
  letter: { nomor?: unknown; tanggal?: unknown },
  today: string,
  maxLength = 100,
): { readonly part: 'nomor' | 'tanggal'; readonly message: string }[] {
  const problems: { part: 'nomor' | 'tanggal'; message: string }[] = [];
  const nomor = typeof letter.nomor === 'string' ? letter.nomor.trim() : '';
  if (nomor.length < 3 || nomor.length > maxLength)
    problems.push({ part: 'nomor', message: `Nomor ${what} harus 3–${maxLength} karakter` });
  if (!isIsoDate(letter.tanggal)) {
    problems.push({ part: 'tanggal', message: `Tanggal ${what} harus tanggal YYYY-MM-DD` });
  } else if (letter.tanggal > today) {
    problems.push({ part: 'tanggal', message: `Tanggal ${what} tidak boleh sesudah hari ini` });
  }
  return problems;
}

// ---------------------------------------------------------------------------------------
// What each kind asks for (the form of PERUBAHAN_USER_ID lives in user-id-change.ts)

export interface PocPayload {
  /** The application to be tested; every new API application needs its own PoC (SPEC §4). */
  readonly namaAplikasi: string;
  readonly keterangan: string;
  /**
   * The registered application tested (migration 026): its passed PoC lets it call the web
   * service. Absent for the agreement's own PoC of the web portal (and requests filed before).
   */
  readonly aplikasiId?: number;
}

export interface MethodElementPayload {
  /** The complete sets asked for, not a difference: the addendum states the new terms. */
  readonly metodeAkses: readonly AccessMethod[];
  readonly elemenData: readonly Element[];
}

export interface BandwidthPayload {
  readonly bandwidthKbps: number;
}

export interface ExtensionPayload {
  /** The new end date of the agreement, YYYY-MM-DD. */
  readonly berakhirBaru: string;
}

export const MIN_BANDWIDTH_KBPS = 64;
export const MAX_BANDWIDTH_KBPS = 10_000_000;

export type CheckResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problems: readonly string[] };

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : '';
}

/** A form gives one value or several under one name; the API gives an array. */
function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value === 'string' && value !== '') return [value];
  return [];
}

/**
 * The registered application a PoC request names (`aplikasiId`, a number or its digits):
 * undefined when none is named, NaN when what was sent is not one.
 */
export function pocApplicationId(raw: Record<string, unknown>): number | undefined {
  const rawId = typeof raw.aplikasiId === 'string' ? raw.aplikasiId.trim() : raw.aplikasiId;
  if (rawId === undefined || rawId === null || rawId === '') return undefined;
  return typeof rawId === 'number' || (typeof rawId === 'string' && /^\d{1,9}$/.test(rawId))
    ? Number(rawId)
    : NaN;
}

export function checkPocPayload(raw: Record<string, unknown>): CheckResult<PocPayload> {
  const namaAplikasi = text(raw.namaAplikasi);
  const keterangan = text(raw.keterangan);
  const problems: string[] = [];
  const aplikasiId = pocApplicationId(raw);
  if (aplikasiId !== undefined && (!Number.isInteger(aplikasiId) || aplikasiId < 1))
    problems.push('Aplikasi yang diuji harus nomor aplikasi terdaftar');
  if (namaAplikasi.length < 3 || namaAplikasi.length > 100)
    problems.push('Nama aplikasi yang diuji harus 3–100 karakter');
  if (keterangan.length > 1000) problems.push('Keterangan paling banyak 1.000 karakter');
  return problems.length > 0
    ? { ok: false, problems }
    : {
        ok: true,
        value: { namaAplikasi, keterangan, ...(aplikasiId !== undefined ? { aplikasiId } : {}) },
      };
}

export function checkMethodElementPayload(
  raw: Record<string, unknown>,
): CheckResult<MethodElementPayload> {
  const methods = list(raw.metodeAkses);
  const elements = list(raw.elemenData);
  const problems: string[] = [];
  const unknownMethods = methods.filter((m) => !(ACCESS_METHODS as readonly string[]).includes(m));
  if (unknownMethods.length > 0)
    problems.push(`Metode akses tidak dikenal: ${unknownMethods.join(', ')}`);
  if (methods.length === 0) problems.push('Pilih sekurang-kurangnya satu metode akses');
  const unknownElements = elements.filter((e) => !(ELEMENTS as readonly string[]).includes(e));
  if (unknownElements.length > 0) {
    problems.push(
      `Elemen data tidak dikenal: ${unknownElements.join(', ')} (hanya 8 elemen SPEC yang dapat diberikan)`,
    );
  }
  if (elements.length === 0) problems.push('Pilih sekurang-kurangnya satu elemen data');
  if (new Set(elements).size !== elements.length || new Set(methods).size !== methods.length)
    problems.push('Metode akses dan elemen data tidak boleh berulang');
  if (problems.length > 0) return { ok: false, problems };
  // Kept in the canonical order, so that equal requests read the same.
  return {
    ok: true,
    value: {
      metodeAkses: ACCESS_METHODS.filter((m) => methods.includes(m)),
      elemenData: ELEMENTS.filter((e) => elements.includes(e)),
    },
  };
}

export function checkBandwidthPayload(raw: Record<string, unknown>): CheckResult<BandwidthPayload> {
  const value =
    typeof raw.bandwidthKbps === 'string' ? Number(raw.bandwidthKbps.trim()) : raw.bandwidthKbps;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < MIN_BANDWIDTH_KBPS ||
    value > MAX_BANDWIDTH_KBPS
  ) {
    return {
      ok: false,
      problems: [
        `Bandwidth harus bilangan bulat ${MIN_BANDWIDTH_KBPS.toLocaleString('id-ID')}–` +
          `${MAX_BANDWIDTH_KBPS.toLocaleString('id-ID')} kbps`,
      ],
    };
  }
  return { ok: true, value: { bandwidthKbps: value } };
}

/** `currentEnd` is the agreement's end date now: an extension must move it later. */
export function checkExtensionPayload(
  raw: Record<string, unknown>,
  currentEnd: string,
): CheckResult<ExtensionPayload> {
  const berakhirBaru = text(raw.berakhirBaru);
  if (!isIsoDate(berakhirBaru))
    return { ok: false, problems: ['Tanggal berakhir baru harus tanggal YYYY-MM-DD'] };
  if (berakhirBaru <= currentEnd) {
    return {
      ok: false,
      problems: [
        `Tanggal berakhir baru harus sesudah tanggal berakhir PKS saat ini (${currentEnd})`,
      ],
    };
  }
  return { ok: true, value: { berakhirBaru } };
}

// ---------------------------------------------------------------------------------------
// Dukcapil's steps

export const MIN_REASON_LENGTH = 10;
export const MAX_REASON_LENGTH = 1000;

export interface DecisionInput {
  readonly action: RequestAction;
  /** JADWALKAN: the PoC date. */
  readonly scheduledOn?: string | undefined;
  /** SETUJUI and TOLAK: the answer letter. */
  readonly answer?: { nomor?: unknown; tanggal?: unknown } | undefined;
  /** TOLAK: why (required); SETUJUI: an optional note. */
  readonly reason?: string | undefined;
}

/**
 * Problems with a step before it is taken: the transition itself, the PoC date (not in the
 * past), the answer letter, the reason for a rejection, and that a PoC result is not
 * recorded before the PoC was held.
 */
export function decisionProblems(
  request: {
    kind: RequestKind;
    state: RequestState;
    scheduledOn: string | null;
    letterDate: string;
  },
  input: DecisionInput,
  today: string,
): string[] {
  const moved = transition(request.kind, request.state, input.action);
  if (!moved.ok) return [moved.reason];
  const problems: string[] = [];
  if (input.action === 'JADWALKAN') {
    if (!isIsoDate(input.scheduledOn)) problems.push('Tanggal PoC harus tanggal YYYY-MM-DD');
    else if (input.scheduledOn < today) problems.push('Tanggal PoC tidak boleh sebelum hari ini');
  }
  if (input.action === 'SETUJUI' || input.action === 'TOLAK') {
    problems.push(...letterProblems('surat jawaban', input.answer ?? {}, today));
    if (isIsoDate(input.answer?.tanggal) && input.answer.tanggal < request.letterDate) {
      problems.push('Tanggal surat jawaban tidak boleh sebelum tanggal surat permohonan');
    }
  }
  const reason = (input.reason ?? '').trim();
  if (input.action === 'TOLAK' && reason.length < MIN_REASON_LENGTH) {
    problems.push(`Alasan penolakan wajib diisi, sekurang-kurangnya ${MIN_REASON_LENGTH} karakter`);
  }
  if (reason.length > MAX_REASON_LENGTH) {
    problems.push(`Alasan paling banyak ${MAX_REASON_LENGTH.toLocaleString('id-ID')} karakter`);
  }
  if (
    request.kind === 'POC' &&
    input.action === 'SETUJUI' &&
    request.scheduledOn !== null &&
    today < request.scheduledOn
  ) {
    problems.push(
      `Hasil PoC baru dapat dicatat pada atau sesudah tanggal PoC (${request.scheduledOn})`,
    );
  }
  return problems;
}

/**
 * Kinds whose approval changes the agreement's terms by an addendum with its own number and
 * date. A passed PoC changes only the quota stage, and a change of bandwidth is settled by
 * the answer letter alone (SPEC §4: the agency then changes it with its network provider):
 * the agreement's history records both without an addendum (services/agreement-lifecycle.ts);
 * a user ID change leaves the agreement as it is.
 */
export function needsAddendum(kind: RequestKind): boolean {
  return kind === 'PERUBAHAN_METODE_ELEMEN' || kind === 'PERPANJANGAN';
}

// ---------------------------------------------------------------------------------------
// Attachments

export const ATTACHMENT_PURPOSES = [
  'SURAT_PERMOHONAN',
  'KAJIAN_TEKNIS',
  'LAMPIRAN_LAIN',
  'SURAT_JAWABAN',
] as const;
export type AttachmentPurpose = (typeof ATTACHMENT_PURPOSES)[number];

export const ATTACHMENT_PURPOSE_LABELS: Readonly<Record<AttachmentPurpose, string>> = {
  SURAT_PERMOHONAN: 'Surat permohonan',
  KAJIAN_TEKNIS: 'Kajian teknis',
  LAMPIRAN_LAIN: 'Lampiran lain',
  SURAT_JAWABAN: 'Surat jawaban',
};

/** Scans of letters and studies: PDF or an image, checked by their content, not their name. */
export const ATTACHMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
export const MAX_ATTACHMENTS = 5;

/** The changes of access method or elements and of bandwidth need their technical study (SPEC §4). */
export function requiredAttachments(kind: RequestKind): AttachmentPurpose[] {
  return kind === 'PERUBAHAN_METODE_ELEMEN' || kind === 'BANDWIDTH' ? ['KAJIAN_TEKNIS'] : [];
}
