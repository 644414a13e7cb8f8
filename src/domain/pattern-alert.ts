import type {
  ObservedLookup,
  PatternFinding,
  PatternKind,
  PatternScope,
  ServiceHours,
} from './input-pattern/detector.js';
import { maskNik } from './nik-mask.js';
import type { FieldError } from './refusals.js';

/**
 * The input-pattern policy's alerts as Dukcapil works them (issue 9 §2; SPEC §2: input "tidak
 * boleh … berurutan, berpola, dan dalam waktu yang berdekatan", Juknis II.E.1): the kinds of
 * finding, what each policy does, the states of an alert, the evidence as it is kept (NIKs
 * masked), the operator's warning, and an agreement's service hours. Pure rules, no I/O.
 */

export const PATTERN_KINDS = [
  'BERURUTAN',
  'BERPOLA',
  'BERDEKATAN',
  'TIDAK_DITEMUKAN',
  'DI_LUAR_JAM',
  'HONEYTOKEN',
] as const satisfies readonly PatternKind[];
export type AlertKind = PatternKind;

export const PATTERN_SCOPES = ['PENGGUNA', 'INSTANSI'] as const satisfies readonly PatternScope[];
export type AlertScope = PatternScope;

/**
 * What the pattern is in: agencies' lookups (evidence: audit_log rows), or a Dukcapil counter
 * officer's requests for residents' access histories (issue 14; evidence: admin_action rows of
 * the requests; no agency, no agreement).
 */
export const ALERT_SOURCES = ['PENCARIAN', 'RIWAYAT_AKSES'] as const;
export type AlertSource = (typeof ALERT_SOURCES)[number];

export const SOURCE_LABELS: Readonly<Record<AlertSource, string>> = {
  PENCARIAN: 'Pencarian NIK oleh instansi',
  RIWAYAT_AKSES: 'Permintaan riwayat akses di loket Dukcapil',
};

/** One lookup of a finding's evidence, as the detector gives it (the NIK not yet masked). */
export type FindingEvidence = ObservedLookup;

/** A finding of the detector (domain/input-pattern): what the policy acts on. */
export type AlertFinding = PatternFinding;

/** One lookup of an alert's evidence as stored (pattern_alert.evidence) and shown. */
export interface StoredEvidence {
  /** audit_log.id; for source RIWAYAT_AKSES, admin_action.id of the request. */
  readonly auditId: number;
  /** ISO 8601 instant. */
  readonly at: string;
  readonly userId: number;
  /** Masked: region and serial only (maskNik). Never a full NIK. */
  readonly nik: string;
  readonly responseCode: string;
}

/** An alert keeps at most this many lookups, the newest: enough to see the pattern. */
export const MAX_EVIDENCE = 50;

export function storedEvidence(evidence: readonly FindingEvidence[]): StoredEvidence[] {
  return evidence
    .map((e) => ({
      auditId: e.auditId,
      at: e.at.toISOString(),
      userId: e.userId,
      nik: maskNik(e.nik),
      responseCode: e.responseCode,
    }))
    .sort((a, b) => a.auditId - b.auditId)
    .slice(-MAX_EVIDENCE);
}

/** For Dukcapil (console and e-mail): what the finding is. */
export const KIND_LABELS: Readonly<Record<AlertKind, string>> = {
  BERURUTAN: 'NIK berurutan',
  BERPOLA: 'Input NIK berpola',
  BERDEKATAN: 'Input dalam waktu berdekatan',
  TIDAK_DITEMUKAN: 'Banyak NIK tidak ditemukan',
  DI_LUAR_JAM: 'Di luar jam layanan',
  HONEYTOKEN: 'NIK penanda (honeytoken)',
};

/**
 * For the agency (the head's usage page, and Dukcapil's page of the agency's usage): what was
 * found, a planted NIK never named — it reads as an unusual input, like any other.
 */
export const HEAD_KIND_LABELS: Readonly<Record<AlertKind, string>> = {
  ...KIND_LABELS,
  HONEYTOKEN: 'Input NIK tidak wajar',
};

export const SCOPE_LABELS: Readonly<Record<AlertScope, string>> = {
  PENGGUNA: 'Pengguna',
  INSTANSI: 'Instansi',
};

export const PATTERN_POLICIES = ['PERINGATAN', 'ALASAN', 'BLOKIR'] as const;
export type PatternPolicy = (typeof PATTERN_POLICIES)[number];

export function isPatternPolicy(value: string): value is PatternPolicy {
  return (PATTERN_POLICIES as readonly string[]).includes(value);
}

export const POLICY_LABELS: Readonly<Record<PatternPolicy, string>> = {
  PERINGATAN: 'Peringatan',
  ALASAN: 'Wajib alasan',
  BLOKIR: 'Tahan pengguna',
};

export const POLICY_DESCRIPTIONS: Readonly<Record<PatternPolicy, string>> = {
  PERINGATAN: 'Operator diperingatkan dan Dinas Dukcapil menerima pemberitahuan.',
  ALASAN:
    'Operator diperingatkan, Dinas Dukcapil menerima pemberitahuan, dan pencarian berikutnya wajib disertai alasan tertulis.',
  BLOKIR:
    'Pengguna ditahan: setiap pencariannya dijawab "Akses ditahan" sampai dilepaskan oleh Admin Dukcapil dengan alasan.',
};

/** What an alert records that the policy did (pattern_alert.action). */
export const POLICY_ACTION_LABELS: Readonly<Record<PatternPolicy, string>> = {
  PERINGATAN: 'Diperingatkan',
  ALASAN: 'Wajib alasan pada pencarian berikutnya',
  BLOKIR: 'Pengguna ditahan',
};

/** What the policy did, as the agency reads it next to the alert. */
export const HEAD_ACTION_LABELS: Readonly<Record<PatternPolicy, string>> = {
  PERINGATAN: 'Operator diperingatkan',
  ALASAN: 'Wajib alasan pada pencarian berikutnya',
  BLOKIR: 'Pengguna ditahan',
};

/** What the policy does about findings: a honeytoken holds the user whatever the policy. */
export function effectiveAction(
  policy: PatternPolicy,
  findings: readonly Pick<AlertFinding, 'kind'>[],
): PatternPolicy {
  return findings.some((f) => f.kind === 'HONEYTOKEN') ? 'BLOKIR' : policy;
}

const ACTION_RANK: Readonly<Record<PatternPolicy, number>> = {
  PERINGATAN: 0,
  ALASAN: 1,
  BLOKIR: 2,
};

/** The stronger of two actions: an open alert records the strongest it led to. */
export function strongerAction(a: PatternPolicy, b: PatternPolicy): PatternPolicy {
  return ACTION_RANK[b] > ACTION_RANK[a] ? b : a;
}

/** How the operator is told what was found; a honeytoken is never named to them. */
const OPERATOR_WORDS: Readonly<Record<Exclude<AlertKind, 'HONEYTOKEN'>, string>> = {
  BERURUTAN: 'NIK berurutan',
  BERPOLA: 'NIK berpola',
  BERDEKATAN: 'pencarian dalam waktu berdekatan',
  TIDAK_DITEMUKAN: 'banyak NIK tidak ditemukan',
  DI_LUAR_JAM: 'pencarian di luar jam layanan',
};

/**
 * The warning the operator reads after a lookup that made a finding, in formal Bahasa
 * Indonesia: what was found (never that a NIK was planted), the rule, and what follows.
 */
export function operatorWarning(
  action: PatternPolicy,
  findings: readonly Pick<AlertFinding, 'kind'>[],
): string {
  const kinds = [...new Set(findings.map((f) => f.kind))].filter(
    (kind): kind is Exclude<AlertKind, 'HONEYTOKEN'> => kind !== 'HONEYTOKEN',
  );
  const what = kinds.length > 0 ? ` (${kinds.map((k) => OPERATOR_WORDS[k]).join(', ')})` : '';
  const parts = [
    `Peringatan: pola input NIK Anda terdeteksi tidak wajar${what}.`,
    'Input NIK harus sesuai keperluan dalam PKS dan tidak boleh berurutan, berpola, atau dalam waktu yang berdekatan.',
    'Dinas Kependudukan dan Pencatatan Sipil telah menerima pemberitahuan.',
  ];
  if (action === 'ALASAN') parts.push('Pencarian berikutnya wajib disertai alasan tertulis.');
  if (action === 'BLOKIR') {
    parts.push('Akses Anda ditahan sampai dilepaskan oleh Admin Dinas Dukcapil.');
  }
  return parts.join(' ');
}

// --- Review ----------------------------------------------------------------------------------

export const ALERT_STATES = ['OPEN', 'DITINJAU', 'SELESAI'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export function isAlertState(value: string): value is AlertState {
  return (ALERT_STATES as readonly string[]).includes(value);
}

export const ALERT_STATE_LABELS: Readonly<Record<AlertState, string>> = {
  OPEN: 'Baru',
  DITINJAU: 'Sedang ditinjau',
  SELESAI: 'Selesai',
};

/** What the administrative history records for a review step. */
export const REVIEW_ACTIONS: Readonly<Record<Exclude<AlertState, 'OPEN'>, string>> = {
  DITINJAU: 'PERINGATAN_POLA_DITINJAU',
  SELESAI: 'PERINGATAN_POLA_SELESAI',
};

export const MAX_NOTE_LENGTH = 1000;

/**
 * Why an alert may not move from `from` to `to` with this note, if it may not, by field
 * (`to` the step, `note` the note): OPEN → DITINJAU → SELESAI, one step at a time, and no
 * alert is closed without a note.
 */
export function reviewProblem(
  from: AlertState,
  to: AlertState,
  note: string,
): FieldError | undefined {
  const next: Readonly<Record<AlertState, AlertState | undefined>> = {
    OPEN: 'DITINJAU',
    DITINJAU: 'SELESAI',
    SELESAI: undefined,
  };
  if (next[from] !== to) {
    return {
      field: 'to',
      message:
        from === 'SELESAI'
          ? 'Peringatan ini sudah selesai ditinjau'
          : `Peringatan berstatus ${ALERT_STATE_LABELS[from]} tidak dapat diubah menjadi ${ALERT_STATE_LABELS[to]}`,
    };
  }
  if (note.length > MAX_NOTE_LENGTH) {
    return { field: 'note', message: `Catatan paling banyak ${MAX_NOTE_LENGTH} karakter` };
  }
  if (to === 'SELESAI' && note.length < 3) {
    return {
      field: 'note',
      message: 'Catatan wajib diisi (minimal 3 karakter) untuk menyelesaikan peringatan',
    };
  }
  return undefined;
}

export const HOLD_DECISIONS = ['DILEPAS', 'DIPERTAHANKAN'] as const;
export type HoldDecision = (typeof HOLD_DECISIONS)[number];

export const HOLD_DECISION_LABELS: Readonly<Record<HoldDecision, string>> = {
  DILEPAS: 'Tahanan dilepas',
  DIPERTAHANKAN: 'Tahanan dipertahankan',
};

// --- Service hours ---------------------------------------------------------------------------

/** ISO days of the week, 1 = Monday … 7 = Sunday. */
export const DAY_LABELS: Readonly<Record<number, string>> = {
  1: 'Senin',
  2: 'Selasa',
  3: 'Rabu',
  4: 'Kamis',
  5: 'Jumat',
  6: 'Sabtu',
  7: 'Minggu',
};
export const WEEK_DAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** An agency's service hours in WIB, as the detector reads them: `HH:MM`, or null and null. */
export type { ServiceHours };

/** What the policy form sends, as typed. */
export interface PolicyInput {
  readonly policy: string;
  readonly allDay: boolean;
  readonly start: string;
  readonly end: string;
  readonly days: readonly string[];
}

export interface PatternSettings {
  readonly policy: PatternPolicy;
  readonly hours: ServiceHours;
}

const TIME = /^([01]\d|2[0-3])[:.]([0-5]\d)$/;

/** `7:30`, `07.30`, `07:30` → `07:30`; undefined when it is not a time of day. */
function timeOfDay(text: string): string | undefined {
  const padded = /^\d[:.]/.test(text.trim()) ? `0${text.trim()}` : text.trim();
  const match = TIME.exec(padded);
  return match ? `${match[1]}:${match[2]}` : undefined;
}

/**
 * The policy form checked: a policy of the three, service hours with a start before the end
 * (or around the clock), at least one day. Every problem at once, by field.
 */
export function checkPatternSettings(
  input: PolicyInput,
): { ok: true; value: PatternSettings } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const policy = input.policy.trim();
  if (!isPatternPolicy(policy)) {
    errors.push({
      field: 'policy',
      message: 'Pilih kebijakan: Peringatan, Wajib alasan atau Tahan pengguna',
    });
  }
  let start: string | null = null;
  let end: string | null = null;
  if (!input.allDay) {
    const from = timeOfDay(input.start);
    const to = timeOfDay(input.end);
    if (!from)
      errors.push({ field: 'start', message: 'Jam mulai harus berbentuk JJ:MM, mis. 07:00' });
    if (!to)
      errors.push({ field: 'end', message: 'Jam selesai harus berbentuk JJ:MM, mis. 16:00' });
    if (from && to && from >= to) {
      errors.push({ field: 'end', message: 'Jam selesai harus setelah jam mulai' });
    }
    start = from ?? null;
    end = to ?? null;
  }
  const days = [...new Set(input.days.map(Number))].sort((a, b) => a - b);
  if (days.length === 0 || days.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
    errors.push({ field: 'days', message: 'Pilih minimal satu hari layanan' });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { policy: policy as PatternPolicy, hours: { start, end, days } } };
}

/** `HH:MM:SS` as PostgreSQL gives a time → `HH.MM`, as Indonesian writes a time of day. */
function clock(time: string): string {
  return time.slice(0, 5).replace(':', '.');
}

/** "Senin–Sabtu, 07.00–17.00 WIB", "Setiap hari, 24 jam", "Senin, Rabu, 08.00–12.00 WIB". */
export function describeServiceHours(hours: ServiceHours): string {
  const days = [...hours.days].sort((a, b) => a - b);
  const contiguous = days.every((d, i) => i === 0 || d === days[i - 1]! + 1);
  const dayText =
    days.length === 7
      ? 'Setiap hari'
      : contiguous && days.length > 2
        ? `${DAY_LABELS[days[0]!]}–${DAY_LABELS[days[days.length - 1]!]}`
        : days.map((d) => DAY_LABELS[d]).join(', ');
  const timeText =
    hours.start === null || hours.end === null
      ? '24 jam'
      : `${clock(hours.start)}–${clock(hours.end)} WIB`;
  return `${dayText}, ${timeText}`;
}
