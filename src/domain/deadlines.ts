import { formatDate } from './indonesian-dates.js';
import {
  addDays,
  addMonthsClamped,
  daysBetween,
  isIsoDate,
  workingDaysAfter,
  type Holiday,
  type HolidayCalendar,
  type IsoDate,
} from './working-days.js';

/*
 * The agency's dated duties under an agreement (SPEC §4), computed from the agreement's
 * dates, the holiday calendar and what the agency has handed in. Nothing here is stored:
 * change a date, a holiday or a fulfilment and every deadline follows.
 */

export const DEADLINE_KINDS = [
  'PERPANJANGAN',
  'SERTIFIKAT_ISO',
  'LAPORAN_SEMESTER',
  'PERUBAHAN_PEJABAT',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export const DEADLINE_KIND_LABELS: Readonly<Record<DeadlineKind, string>> = {
  PERPANJANGAN: 'Permohonan perpanjangan PKS',
  SERTIFIKAT_ISO: 'Sertifikat ISO/IEC 27001',
  LAPORAN_SEMESTER: 'Laporan semester penggunaan data',
  PERUBAHAN_PEJABAT: 'Pemberitahuan perubahan pejabat/struktur',
};

export const DEADLINE_STATUSES = ['TERLAMBAT', 'SEGERA', 'AKAN_DATANG', 'TERPENUHI'] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

export const DEADLINE_STATUS_LABELS: Readonly<Record<DeadlineStatus, string>> = {
  TERLAMBAT: 'Terlambat',
  SEGERA: 'Segera jatuh tempo',
  AKAN_DATANG: 'Akan datang',
  TERPENUHI: 'Terpenuhi',
};

/** A deadline this close (in days, inclusive) is "due soon". */
export const DUE_SOON_DAYS = 30;
/** Extension request at least this many months before the end (SPEC §4). */
export const EXTENSION_MONTHS_BEFORE_END = 2;
/** ISO/IEC 27001 certificate within this many months of signing (SPEC §4). */
export const ISO_MONTHS_AFTER_SIGNING = 6;
/** Semester report within this many working days after the semester's last day (SPEC §4). */
export const REPORT_WORKING_DAYS = 10;
/**
 * Notice of a change of officials or structure within this many calendar days of the
 * change (product decision: the agreements set no period; two weeks lets the new official
 * sign the letter while the change is still news).
 */
export const OFFICIALS_NOTICE_DAYS = 14;

export type SemesterPeriod = `${number}-S${1 | 2}`;

const PERIOD = /^(\d{4})-S([12])$/;

export function isSemesterPeriod(value: string): value is SemesterPeriod {
  return PERIOD.test(value);
}

export interface Semester {
  readonly period: SemesterPeriod;
  readonly year: number;
  readonly half: 1 | 2;
  readonly firstDay: IsoDate;
  readonly lastDay: IsoDate;
}

export function semesterOf(period: SemesterPeriod): Semester {
  const match = PERIOD.exec(period)!;
  const year = Number(match[1]);
  const half = Number(match[2]) as 1 | 2;
  return half === 1
    ? { period, year, half, firstDay: `${year}-01-01`, lastDay: `${year}-06-30` }
    : { period, year, half, firstDay: `${year}-07-01`, lastDay: `${year}-12-31` };
}

/** "Semester 1 2026 (Januari–Juni)" */
export function semesterLabel(period: SemesterPeriod): string {
  const s = semesterOf(period);
  return `Semester ${s.half} ${s.year} (${s.half === 1 ? 'Januari–Juni' : 'Juli–Desember'})`;
}

/** Every semester with at least one day inside [from, to]. */
export function semestersCovered(from: IsoDate, to: IsoDate): Semester[] {
  const list: Semester[] = [];
  let year = Number(from.slice(0, 4));
  let half: 1 | 2 = from.slice(5) <= '06-30' ? 1 : 2;
  for (;;) {
    const semester = semesterOf(`${year}-S${half}`);
    if (semester.firstDay > to) break;
    list.push(semester);
    if (half === 1) half = 2;
    else {
      half = 1;
      year++;
    }
  }
  return list;
}

/**
 * A semester's report may be handed in from the first day of its last month (the SPEC has
 * it made "in June" / "in December"), not before.
 */
export function reportOpensOn(period: SemesterPeriod): IsoDate {
  const s = semesterOf(period);
  return s.half === 1 ? `${s.year}-06-01` : `${s.year}-12-01`;
}

export function extensionRequestDue(endsOn: IsoDate): IsoDate {
  return addMonthsClamped(endsOn, -EXTENSION_MONTHS_BEFORE_END);
}

export function isoCertificateDue(signedOn: IsoDate): IsoDate {
  return addMonthsClamped(signedOn, ISO_MONTHS_AFTER_SIGNING);
}

export function semesterReportDue(
  period: SemesterPeriod,
  calendar: HolidayCalendar,
): { dueOn: IsoDate; skipped: readonly Holiday[] } {
  const { date, skipped } = workingDaysAfter(
    semesterOf(period).lastDay,
    REPORT_WORKING_DAYS,
    calendar,
  );
  return { dueOn: date, skipped };
}

export function officialsNoticeDue(changedOn: IsoDate): IsoDate {
  return addDays(changedOn, OFFICIALS_NOTICE_DAYS);
}

export function deadlineStatus(
  dueOn: IsoDate,
  today: IsoDate,
  fulfilledOn: IsoDate | null,
): DeadlineStatus {
  if (fulfilledOn !== null) return 'TERPENUHI';
  const left = daysBetween(today, dueOn);
  if (left < 0) return 'TERLAMBAT';
  return left <= DUE_SOON_DAYS ? 'SEGERA' : 'AKAN_DATANG';
}

/** What fulfilled a deadline: when it was received and what it was. */
export interface Fulfilment {
  /** The WIB day it was received. */
  readonly on: IsoDate;
  /** Certificate number, report period, letter: as people name it. */
  readonly reference: string;
  /** The uploaded file, when there is one. */
  readonly documentId: number | null;
}

export interface Deadline {
  /** Stable while the duty is the same one (reminders are logged against it). */
  readonly key: string;
  readonly kind: DeadlineKind;
  readonly agreementId: number | null;
  readonly dueOn: IsoDate;
  readonly status: DeadlineStatus;
  /** Days from today to the due date: negative once it has passed. */
  readonly daysLeft: number;
  readonly fulfilment: (Fulfilment & { readonly late: boolean }) | null;
  /** What the due date was computed from, for the reader. */
  readonly basis: DeadlineBasis;
}

export type DeadlineBasis =
  | { readonly kind: 'PERPANJANGAN'; readonly endsOn: IsoDate }
  | { readonly kind: 'SERTIFIKAT_ISO'; readonly signedOn: IsoDate; readonly renewsExpiry: null }
  | { readonly kind: 'SERTIFIKAT_ISO'; readonly signedOn: IsoDate; readonly renewsExpiry: IsoDate }
  | {
      readonly kind: 'LAPORAN_SEMESTER';
      readonly period: SemesterPeriod;
      readonly semesterEnd: IsoDate;
      readonly skipped: readonly Holiday[];
    }
  | {
      readonly kind: 'PERUBAHAN_PEJABAT';
      readonly changeId: number;
      readonly changedOn: IsoDate;
      readonly description: string;
    };

function deadline(
  key: string,
  agreementId: number | null,
  dueOn: IsoDate,
  today: IsoDate,
  fulfilment: Fulfilment | null,
  basis: DeadlineBasis,
): Deadline {
  return {
    key,
    kind: basis.kind,
    agreementId,
    dueOn,
    status: deadlineStatus(dueOn, today, fulfilment?.on ?? null),
    daysLeft: daysBetween(today, dueOn),
    fulfilment: fulfilment ? { ...fulfilment, late: fulfilment.on > dueOn } : null,
    basis,
  };
}

export interface CertificateRecord {
  readonly id: number;
  readonly number: string;
  readonly issuedOn: IsoDate;
  readonly expiresOn: IsoDate;
  readonly receivedOn: IsoDate;
  readonly documentId: number | null;
}

export interface SemesterReportRecord {
  readonly id: number;
  readonly period: SemesterPeriod;
  readonly receivedOn: IsoDate;
  readonly documentId: number | null;
}

export interface ExtensionRequestRecord {
  readonly filedOn: IsoDate;
  /** The request letter's number. */
  readonly reference: string;
}

export interface AgreementDeadlineInput {
  readonly agreement: {
    readonly id: number;
    readonly signedOn: IsoDate;
    readonly endsOn: IsoDate;
  };
  readonly certificates: readonly CertificateRecord[];
  readonly reports: readonly SemesterReportRecord[];
  readonly extensionRequests: readonly ExtensionRequestRecord[];
}

const byReceipt = <T extends { receivedOn: IsoDate; id: number }>(a: T, b: T) =>
  a.receivedOn === b.receivedOn ? a.id - b.id : a.receivedOn < b.receivedOn ? -1 : 1;

/**
 * The ISO/IEC 27001 duty: a certificate by signing + 6 months, then, whenever the newest
 * certificate lapses before the agreement ends, a new one by the day it lapses. Each
 * certificate fulfils the first open duty it extends the cover of.
 */
function certificateDeadlines(input: AgreementDeadlineInput, today: IsoDate): Deadline[] {
  const { agreement } = input;
  const pending = [...input.certificates].sort(byReceipt);
  const list: Deadline[] = [];
  let dueOn = isoCertificateDue(agreement.signedOn);
  let renewsExpiry: IsoDate | null = null;
  // Bounded: a certificate lasts at least a day, an agreement a few years.
  for (let round = 0; round < 50; round++) {
    const coveredUntil = renewsExpiry;
    const index = pending.findIndex((c) => coveredUntil === null || c.expiresOn > coveredUntil);
    const fulfiller = index >= 0 ? pending[index]! : null;
    const basis: DeadlineBasis =
      renewsExpiry === null
        ? { kind: 'SERTIFIKAT_ISO', signedOn: agreement.signedOn, renewsExpiry: null }
        : { kind: 'SERTIFIKAT_ISO', signedOn: agreement.signedOn, renewsExpiry };
    list.push(
      deadline(
        `pks-${agreement.id}-iso-${dueOn}`,
        agreement.id,
        dueOn,
        today,
        fulfiller
          ? {
              on: fulfiller.receivedOn,
              reference: `Sertifikat nomor ${fulfiller.number}`,
              documentId: fulfiller.documentId,
            }
          : null,
        basis,
      ),
    );
    if (!fulfiller) break;
    pending.splice(0, index + 1);
    if (fulfiller.expiresOn >= agreement.endsOn) break;
    renewsExpiry = fulfiller.expiresOn;
    dueOn = fulfiller.expiresOn;
  }
  return list;
}

/** Every deadline of one agreement, in due-date order. */
export function agreementDeadlines(
  input: AgreementDeadlineInput,
  today: IsoDate,
  calendar: HolidayCalendar,
): Deadline[] {
  const { agreement } = input;
  const list: Deadline[] = [];

  const extensionDue = extensionRequestDue(agreement.endsOn);
  const request = [...input.extensionRequests].sort((a, b) =>
    a.filedOn < b.filedOn ? -1 : a.filedOn > b.filedOn ? 1 : 0,
  )[0];
  list.push(
    deadline(
      `pks-${agreement.id}-perpanjangan-${extensionDue}`,
      agreement.id,
      extensionDue,
      today,
      request ? { on: request.filedOn, reference: request.reference, documentId: null } : null,
      { kind: 'PERPANJANGAN', endsOn: agreement.endsOn },
    ),
  );

  list.push(...certificateDeadlines(input, today));

  for (const semester of semestersCovered(agreement.signedOn, agreement.endsOn)) {
    const { dueOn, skipped } = semesterReportDue(semester.period, calendar);
    const report = input.reports.filter((r) => r.period === semester.period).sort(byReceipt)[0];
    list.push(
      deadline(
        `pks-${agreement.id}-laporan-${semester.period}`,
        agreement.id,
        dueOn,
        today,
        report
          ? {
              on: report.receivedOn,
              reference: semesterLabel(semester.period),
              documentId: report.documentId,
            }
          : null,
        {
          kind: 'LAPORAN_SEMESTER',
          period: semester.period,
          semesterEnd: semester.lastDay,
          skipped,
        },
      ),
    );
  }
  return sortDeadlines(list);
}

export interface OfficialsChangeRecord {
  readonly id: number;
  readonly changedOn: IsoDate;
  readonly description: string;
  /** The WIB day the agency's notice was received; null while Dukcapil knows of the change only. */
  readonly notifiedOn: IsoDate | null;
  readonly documentId: number | null;
}

/** One notice per recorded change, due a fixed number of days after the change. */
export function officialsChangeDeadlines(
  agencyId: number,
  changes: readonly OfficialsChangeRecord[],
  today: IsoDate,
): Deadline[] {
  return sortDeadlines(
    changes.map((change) =>
      deadline(
        `instansi-${agencyId}-pejabat-${change.id}`,
        null,
        officialsNoticeDue(change.changedOn),
        today,
        change.notifiedOn === null
          ? null
          : {
              on: change.notifiedOn,
              reference: 'Surat pemberitahuan',
              documentId: change.documentId,
            },
        {
          kind: 'PERUBAHAN_PEJABAT',
          changeId: change.id,
          changedOn: change.changedOn,
          description: change.description,
        },
      ),
    ),
  );
}

export function sortDeadlines<T extends Deadline>(list: T[]): T[] {
  return list.sort((a, b) =>
    a.dueOn === b.dueOn ? a.key.localeCompare(b.key) : a.dueOn < b.dueOn ? -1 : 1,
  );
}

/**
 * The reminder points (product decision): 30, 7 and 1 days before the due date, and once
 * when it has passed. A run on any day sends the latest point reached and not yet sent, so
 * a day the server was down delays a reminder instead of losing it, and never floods.
 */
export const REMINDER_STAGES = ['H_30', 'H_7', 'H_1', 'TERLAMBAT'] as const;
export type ReminderStage = (typeof REMINDER_STAGES)[number];

export function reminderStage(deadline: Deadline): ReminderStage | null {
  if (deadline.status === 'TERPENUHI') return null;
  const left = deadline.daysLeft;
  if (left < 0) return 'TERLAMBAT';
  if (left <= 1) return 'H_1';
  if (left <= 7) return 'H_7';
  if (left <= 30) return 'H_30';
  return null;
}

/** Problems with an ISO/IEC 27001 certificate's details, in Bahasa Indonesia. */
export function certificateProblems(
  input: { number: string; issuedOn: string; expiresOn: string },
  today: IsoDate,
): string[] {
  const problems: string[] = [];
  const number = input.number.trim();
  if (number.length < 3 || number.length > 100) problems.push('Nomor sertifikat 3–100 karakter');
  const issuedOk = isIsoDate(input.issuedOn);
  const expiresOk = isIsoDate(input.expiresOn);
  if (!issuedOk) problems.push('Tanggal terbit sertifikat tidak valid (YYYY-MM-DD)');
  if (!expiresOk) problems.push('Tanggal berakhir sertifikat tidak valid (YYYY-MM-DD)');
  if (issuedOk && input.issuedOn > today)
    problems.push('Tanggal terbit tidak boleh sesudah hari ini');
  if (issuedOk && expiresOk && input.expiresOn <= input.issuedOn) {
    problems.push('Tanggal berakhir harus sesudah tanggal terbit');
  }
  if (expiresOk && input.expiresOn < today) {
    problems.push('Sertifikat sudah tidak berlaku pada hari ini');
  }
  return problems;
}

/** What the duty is about, in a sentence fragment: the same words on pages and in e-mails. */
export function deadlineSubject(deadline: Deadline): string {
  const basis = deadline.basis;
  switch (basis.kind) {
    case 'PERPANJANGAN':
      return `${DEADLINE_KIND_LABELS.PERPANJANGAN} (PKS berakhir ${formatDate(basis.endsOn)})`;
    case 'SERTIFIKAT_ISO':
      return basis.renewsExpiry === null
        ? `${DEADLINE_KIND_LABELS.SERTIFIKAT_ISO} (${ISO_MONTHS_AFTER_SIGNING} bulan sejak PKS ditandatangani ${formatDate(basis.signedOn)})`
        : `${DEADLINE_KIND_LABELS.SERTIFIKAT_ISO} baru (sertifikat sebelumnya berakhir ${formatDate(basis.renewsExpiry)})`;
    case 'LAPORAN_SEMESTER':
      return `${DEADLINE_KIND_LABELS.LAPORAN_SEMESTER} ${semesterLabel(basis.period)}`;
    case 'PERUBAHAN_PEJABAT':
      return `${DEADLINE_KIND_LABELS.PERUBAHAN_PEJABAT} (perubahan ${formatDate(basis.changedOn)}: ${basis.description})`;
  }
}

/** "7 hari lagi", "hari ini", "lewat 3 hari": how the due date stands today. */
export function dueInWords(deadline: Deadline): string {
  const left = deadline.daysLeft;
  if (left > 1) return `${left} hari lagi`;
  if (left === 1) return 'besok';
  if (left === 0) return 'hari ini';
  return `lewat ${-left} hari`;
}
