import { isSemesterPeriod, semesterOf, type SemesterPeriod } from './deadlines.js';
import { formatDate } from './indonesian-dates.js';
import { addDays } from './working-days.js';

/*
 * The agency's usage report (issue 10 items 1, 2; Pasal 8, Juknis V): its kinds, states,
 * periods and the refusals of a period. Pure rules, no I/O.
 */

export const USAGE_REPORT_KINDS = ['SEMESTER', 'SEWAKTU_WAKTU'] as const;
export type UsageReportKind = (typeof USAGE_REPORT_KINDS)[number];

export const USAGE_REPORT_KIND_LABELS: Readonly<Record<UsageReportKind, string>> = {
  SEMESTER: 'Laporan semester',
  SEWAKTU_WAKTU: 'Laporan sewaktu-waktu',
};

/** DRAFT → DIKIRIM → DIGANTI (a correction of it submitted); a draft may be dropped: BATAL. */
export const USAGE_REPORT_STATES = ['DRAFT', 'DIKIRIM', 'DIGANTI', 'BATAL'] as const;
export type UsageReportState = (typeof USAGE_REPORT_STATES)[number];

export const USAGE_REPORT_STATE_LABELS: Readonly<Record<UsageReportState, string>> = {
  DRAFT: 'Draf',
  DIKIRIM: 'Terkirim',
  DIGANTI: 'Diganti koreksi',
  BATAL: 'Dibatalkan',
};

/** Which checkpoint a report carries (migration 028). */
export const CHECKPOINT_BASES = ['TERAKHIR', 'PERTAMA_SESUDAH'] as const;
export type CheckpointBasis = (typeof CHECKPOINT_BASES)[number];

export const CHECKPOINT_BASIS_LABELS: Readonly<Record<CheckpointBasis, string>> = {
  TERAKHIR: 'checkpoint bertanda tangan terakhir sebelum periode berakhir',
  PERTAMA_SESUDAH:
    'checkpoint bertanda tangan pertama sesudah periode berakhir (belum ada checkpoint sebelumnya)',
};

/** The longest ad-hoc period, in days (a report is about a stretch of use, not the whole life). */
export const MAX_AD_HOC_DAYS = 731;
/** The narrative fields' longest text. */
export const NARRATIVE_MAX = 4000;

export interface ReportPeriod {
  readonly kind: UsageReportKind;
  readonly semester: SemesterPeriod | null;
  /** WIB days, both included. */
  readonly from: string;
  readonly to: string;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function isIsoDay(value: string): boolean {
  if (!ISO_DAY.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** The period asked, or the Indonesian reason it cannot be reported on. */
export function reportPeriodProblem(
  asked: {
    readonly kind: UsageReportKind;
    readonly semester?: string | undefined;
    readonly from?: string | undefined;
    readonly to?: string | undefined;
  },
  agreement: { readonly signedOn: string; readonly endsOn: string },
  today: string,
):
  | { readonly period: ReportPeriod }
  | {
      readonly problem: string;
      readonly code: 'PERIODE_LAPORAN_TIDAK_SAH' | 'SEMESTER_BELUM_BERAKHIR';
    } {
  const refuse = (problem: string) => ({ problem, code: 'PERIODE_LAPORAN_TIDAK_SAH' as const });
  let period: ReportPeriod;
  if (asked.kind === 'SEMESTER') {
    const semester = (asked.semester ?? '').trim().toUpperCase();
    if (!isSemesterPeriod(semester)) {
      return refuse('Semester harus ditulis sebagai TAHUN-S1 atau TAHUN-S2, misalnya 2026-S1.');
    }
    const s = semesterOf(semester);
    if (s.lastDay >= today) {
      return {
        problem: `Laporan ${semesterName(semester)} baru dapat disusun setelah semester berakhir pada ${formatDate(s.lastDay)}.`,
        code: 'SEMESTER_BELUM_BERAKHIR' as const,
      };
    }
    period = { kind: 'SEMESTER', semester, from: s.firstDay, to: s.lastDay };
  } else {
    const from = (asked.from ?? '').trim();
    const to = (asked.to ?? '').trim();
    if (!isIsoDay(from) || !isIsoDay(to)) {
      return refuse('Tanggal awal dan akhir periode wajib diisi dengan tanggal yang sah.');
    }
    if (to < from) return refuse('Tanggal akhir periode tidak boleh sebelum tanggal awal.');
    if (to >= today) {
      return refuse('Periode laporan sewaktu-waktu harus berakhir paling lambat kemarin.');
    }
    if (addDays(from, MAX_AD_HOC_DAYS - 1) < to) {
      return refuse(`Periode laporan sewaktu-waktu paling panjang ${MAX_AD_HOC_DAYS} hari.`);
    }
    period = { kind: 'SEWAKTU_WAKTU', semester: null, from, to };
  }
  if (period.to < agreement.signedOn || period.from > agreement.endsOn) {
    return refuse(
      `Periode ${periodLabel(period)} berada di luar masa berlaku PKS (${formatDate(agreement.signedOn)} s.d. ${formatDate(agreement.endsOn)}).`,
    );
  }
  if (
    period.kind === 'SEWAKTU_WAKTU' &&
    (period.from < agreement.signedOn || period.to > agreement.endsOn)
  ) {
    return refuse(
      `Periode laporan sewaktu-waktu harus berada di dalam masa berlaku PKS (${formatDate(agreement.signedOn)} s.d. ${formatDate(agreement.endsOn)}).`,
    );
  }
  return { period };
}

/** "Semester 1 Tahun 2026" */
export function semesterName(semester: SemesterPeriod): string {
  const s = semesterOf(semester);
  return `Semester ${s.half} Tahun ${s.year}`;
}

/** "Semester 1 Tahun 2026 (1 Januari 2026 s.d. 30 Juni 2026)" or the ad-hoc range. */
export function periodLabel(period: Pick<ReportPeriod, 'semester' | 'from' | 'to'>): string {
  const range = `${formatDate(period.from)} s.d. ${formatDate(period.to)}`;
  return period.semester ? `${semesterName(period.semester)} (${range})` : range;
}

/** The hex of a checkpoint's root as a report prints it and `gerbang audit verify` reads it. */
export function checkpointLine(size: number, rootHex: string): string {
  return `Checkpoint log audit: ukuran ${size}, akar ${rootHex}`;
}

/** Reads the line `checkpointLine` prints, back: size and root (hex, lower case). */
export function parseCheckpointLine(text: string): { size: number; rootHex: string } | undefined {
  const match = /ukuran\s+(\d+)\s*,\s*akar\s+([0-9a-fA-F]{64})/.exec(text);
  if (!match) return undefined;
  return { size: Number(match[1]), rootHex: match[2]!.toLowerCase() };
}
