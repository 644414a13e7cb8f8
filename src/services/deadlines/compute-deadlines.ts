import {
  agreementDeadlines,
  isSemesterPeriod,
  officialsChangeDeadlines,
  type Deadline,
  type DeadlineStatus,
  type SemesterPeriod,
} from '../../domain/deadlines.js';
import { wibDay } from '../../domain/time.js';
import { holidayCalendar, type HolidayCalendar } from '../../domain/working-days.js';
import {
  agenciesByIds,
  extensionRequestsOf,
  fulfilmentsOf,
  officialsChangesOf,
  trackedAgreements,
  type TrackedAgreementRow,
} from '../../store/deadlines.js';
import type { Executor } from '../../store/db.js';
import { allHolidays } from '../../store/holidays.js';
import type { Deps } from '../deps.js';

/*
 * Every deadline, computed when asked from the agreements in force, the holiday calendar and
 * what was handed in: the one source for the pages, the API, the banner and the reminders.
 */

export interface AgencyRef {
  readonly id: number;
  readonly code: string;
  readonly name: string;
}

/** A deadline with the agency and agreement it belongs to. */
export interface DeadlineView extends Deadline {
  readonly agency: AgencyRef;
  /** The agreement's Dukcapil number; null for a change-of-officials notice. */
  readonly agreementNumber: string | null;
}

/** Urgency first: overdue, due soon, upcoming, fulfilled; then by due date. */
const STATUS_ORDER: Readonly<Record<DeadlineStatus, number>> = {
  TERLAMBAT: 0,
  SEGERA: 1,
  AKAN_DATANG: 2,
  TERPENUHI: 3,
};

export function byUrgency(a: DeadlineView, b: DeadlineView): number {
  const status = STATUS_ORDER[a.status] - STATUS_ORDER[b.status];
  if (status !== 0) return status;
  if (a.dueOn !== b.dueOn) return a.dueOn < b.dueOn ? -1 : 1;
  return a.agency.code.localeCompare(b.agency.code) || a.key.localeCompare(b.key);
}

export async function loadCalendar(db: Executor): Promise<HolidayCalendar> {
  return holidayCalendar(await allHolidays(db));
}

interface Computed {
  readonly today: string;
  readonly deadlines: DeadlineView[];
  readonly agreements: readonly TrackedAgreementRow[];
  readonly calendar: HolidayCalendar;
}

/**
 * Every deadline of one agency or of all, computed now from the agreements in force, the
 * holiday calendar, what was handed in and the extension requests filed (migrations/009).
 */
export async function computeDeadlines(deps: Deps, agencyId?: number): Promise<Computed> {
  const today = wibDay(deps.clock());
  const agreements = await trackedAgreements(deps.db, agencyId);
  const ids = agreements.map((a) => a.id);
  const [calendar, fulfilments, requests, changes] = await Promise.all([
    loadCalendar(deps.db),
    fulfilmentsOf(deps.db, ids),
    extensionRequestsOf(deps.db, ids),
    officialsChangesOf(deps.db, agencyId === undefined ? undefined : [agencyId]),
  ]);
  const deadlines: DeadlineView[] = [];
  for (const agreement of agreements) {
    const agency = {
      id: agreement.agency_id,
      code: agreement.agency_code,
      name: agreement.agency_name,
    };
    const own = fulfilments.filter((f) => f.agreement_id === agreement.id);
    const list = agreementDeadlines(
      {
        agreement: { id: agreement.id, signedOn: agreement.signed_on, endsOn: agreement.ends_on },
        certificates: own
          .filter((f) => f.kind === 'SERTIFIKAT_ISO')
          .map((f) => ({
            id: f.id,
            number: f.certificate_number!,
            issuedOn: f.issued_on!,
            expiresOn: f.expires_on!,
            receivedOn: f.received_on,
            documentId: f.document_id,
          })),
        reports: own
          .filter((f) => f.kind === 'LAPORAN_SEMESTER' && isSemesterPeriod(f.period ?? ''))
          .map((f) => ({
            id: f.id,
            period: f.period as SemesterPeriod,
            receivedOn: f.received_on,
            documentId: f.document_id,
          })),
        extensionRequests: requests
          .filter((r) => r.agreement_id === agreement.id)
          .map((r) => ({ filedOn: r.filed_on, reference: `Surat nomor ${r.letter_number}` })),
      },
      today,
      calendar,
    );
    deadlines.push(
      ...list.map((d) => ({ ...d, agency, agreementNumber: agreement.nomor_dukcapil })),
    );
  }
  const changeAgencyIds = [...new Set(changes.map((c) => c.agency_id))];
  const agencies = new Map(
    (await agenciesByIds(deps.db, changeAgencyIds)).map((a) => [
      a.id,
      { id: a.id, code: a.code, name: a.name },
    ]),
  );
  for (const agencyIdOfChange of changeAgencyIds) {
    const agency = agencies.get(agencyIdOfChange)!;
    const list = officialsChangeDeadlines(
      agencyIdOfChange,
      changes
        .filter((c) => c.agency_id === agencyIdOfChange)
        .map((c) => ({
          id: c.id,
          changedOn: c.changed_on,
          description: c.description,
          notifiedOn: c.notified_on,
          documentId: c.notice_document_id,
        })),
      today,
    );
    deadlines.push(...list.map((d) => ({ ...d, agency, agreementNumber: null })));
  }
  return { today, deadlines: deadlines.sort(byUrgency), agreements, calendar };
}

/**
 * Years in which an open semester report falls due while the calendar holds only the
 * holidays fixed by date: its due date may still move when the decree is entered.
 */
export function calendarGaps(
  deadlines: readonly DeadlineView[],
  calendar: HolidayCalendar,
): number[] {
  const years = new Set<number>();
  for (const d of deadlines) {
    if (d.kind !== 'LAPORAN_SEMESTER' || d.status === 'TERPENUHI') continue;
    const year = Number(d.dueOn.slice(0, 4));
    if (!calendar.hasMovingHolidays(year)) years.add(year);
  }
  return [...years].sort();
}

export type StatusCounts = Readonly<Record<DeadlineStatus, number>>;

export function countByStatus(deadlines: readonly DeadlineView[]): StatusCounts {
  const counts: Record<DeadlineStatus, number> = {
    TERLAMBAT: 0,
    SEGERA: 0,
    AKAN_DATANG: 0,
    TERPENUHI: 0,
  };
  for (const d of deadlines) counts[d.status]++;
  return counts;
}

/** Overdue and due-soon deadlines of the head's agency, for the reminder on every page. */
export async function pressingDeadlines(deps: Deps, agencyId: number): Promise<DeadlineView[]> {
  const { deadlines } = await computeDeadlines(deps, agencyId);
  return deadlines.filter((d) => d.status === 'TERLAMBAT' || d.status === 'SEGERA');
}
