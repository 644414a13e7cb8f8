import {
  agreementDeadlines,
  certificateProblems,
  DEADLINE_KINDS,
  DEADLINE_STATUSES,
  isSemesterPeriod,
  officialsChangeDeadlines,
  reportOpensOn,
  semesterLabel,
  semestersCovered,
  type Deadline,
  type DeadlineKind,
  type DeadlineStatus,
  type SemesterPeriod,
} from '../../domain/deadlines.js';
import { can } from '../../domain/permissions.js';
import { wibDay } from '../../domain/time.js';
import { isDukcapilRole, type Role } from '../../domain/users.js';
import { holidayCalendar, isIsoDate, type HolidayCalendar } from '../../domain/working-days.js';
import { recordAdminAction } from '../../store/admin-actions.js';
import {
  addOfficialsNotice,
  agenciesByIds,
  extensionRequestsOf,
  findAgencyForDeadlines,
  findDeadlineDocument,
  findOpenOfficialsChange,
  fulfilmentsOf,
  insertDeadlineDocument,
  insertFulfilment,
  insertOfficialsChange,
  officialsChangesOf,
  setUserEmail,
  trackedAgreements,
  userEmail,
  type NewFulfilment,
  type TrackedAgreementRow,
} from '../../store/deadlines.js';
import type { Executor } from '../../store/db.js';
import { allHolidays } from '../../store/holidays.js';
import { checkScan, type CheckedScan, type UploadedFile } from './deadline-scan.js';
import type { Deps } from '../deps.js';
import { NotFound, RuleViolation } from '../errors.js';

/** The signed-in user acting on deadlines (portal user or API caller). */
export interface DeadlineActor {
  readonly id: number;
  readonly userId: string;
  readonly role: Role;
  readonly agencyId: number | null;
}

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
function calendarGaps(deadlines: readonly DeadlineView[], calendar: HolidayCalendar): number[] {
  const years = new Set<number>();
  for (const d of deadlines) {
    if (d.kind !== 'LAPORAN_SEMESTER' || d.status === 'TERPENUHI') continue;
    const year = Number(d.dueOn.slice(0, 4));
    if (!calendar.hasMovingHolidays(year)) years.add(year);
  }
  return [...years].sort();
}

export type StatusCounts = Readonly<Record<DeadlineStatus, number>>;

function countByStatus(deadlines: readonly DeadlineView[]): StatusCounts {
  const counts: Record<DeadlineStatus, number> = {
    TERLAMBAT: 0,
    SEGERA: 0,
    AKAN_DATANG: 0,
    TERPENUHI: 0,
  };
  for (const d of deadlines) counts[d.status]++;
  return counts;
}

export interface AgencyDeadlines {
  readonly today: string;
  readonly agency: AgencyRef;
  /** The agreement in force, when there is one. */
  readonly agreement: {
    readonly id: number;
    readonly nomorDukcapil: string;
    readonly signedOn: string;
    readonly endsOn: string;
    /** Semesters the agreement covers whose report may be handed in today. */
    readonly reportablePeriods: readonly { period: SemesterPeriod; label: string }[];
  } | null;
  readonly deadlines: readonly DeadlineView[];
  readonly counts: StatusCounts;
  /** Changes of officials Dukcapil recorded that still await the agency's notice. */
  readonly openChanges: readonly { id: number; changedOn: string; description: string }[];
  readonly calendarGaps: readonly number[];
}

/**
 * The scope rule: Dukcapil staff with the permission see any agency; an agency head only
 * their own. Anything else reads as "not found", so that nobody learns of another agency.
 */
function assertScope(actor: DeadlineActor, agencyId: number, permission: 'view' | 'record'): void {
  const allowed =
    permission === 'view'
      ? can(actor.role, 'deadline.viewAll') ||
        (can(actor.role, 'deadline.viewOwn') && actor.agencyId === agencyId)
      : can(actor.role, 'deadline.record') &&
        (isDukcapilRole(actor.role) || actor.agencyId === agencyId);
  if (!allowed) throw new NotFound('Instansi tidak ditemukan');
}

export async function findAgencyByCodeForDeadlines(
  deps: Deps,
  code: string,
): Promise<AgencyRef | undefined> {
  const agency = await findAgencyForDeadlines(deps.db, { code: code.trim().toUpperCase() });
  return agency ? { id: agency.id, code: agency.code, name: agency.name } : undefined;
}

/** One agency's deadlines, for its head or for Dukcapil. */
export async function agencyDeadlines(
  deps: Deps,
  actor: DeadlineActor,
  agencyId: number,
): Promise<AgencyDeadlines> {
  assertScope(actor, agencyId, 'view');
  const agency = await findAgencyForDeadlines(deps.db, { id: agencyId });
  if (!agency) throw new NotFound('Instansi tidak ditemukan');
  const computed = await computeDeadlines(deps, agencyId);
  const agreement = computed.agreements[0];
  const changes = await officialsChangesOf(deps.db, [agencyId]);
  return {
    today: computed.today,
    agency: { id: agency.id, code: agency.code, name: agency.name },
    agreement: agreement
      ? {
          id: agreement.id,
          nomorDukcapil: agreement.nomor_dukcapil,
          signedOn: agreement.signed_on,
          endsOn: agreement.ends_on,
          reportablePeriods: semestersCovered(agreement.signed_on, agreement.ends_on)
            .filter((s) => reportOpensOn(s.period) <= computed.today)
            .map((s) => ({ period: s.period, label: semesterLabel(s.period) }))
            .reverse(),
        }
      : null,
    deadlines: computed.deadlines,
    counts: countByStatus(computed.deadlines),
    openChanges: changes
      .filter((c) => c.notified_on === null)
      .map((c) => ({ id: c.id, changedOn: c.changed_on, description: c.description })),
    calendarGaps: calendarGaps(computed.deadlines, computed.calendar),
  };
}

export const STATUS_FILTERS = ['SEMUA', 'BELUM_TERPENUHI', ...DEADLINE_STATUSES] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];
export const KIND_FILTERS = ['SEMUA', ...DEADLINE_KINDS] as const;
export type KindFilter = (typeof KIND_FILTERS)[number];
export const PAGE_SIZE = 25;

export interface DeadlineFilter {
  readonly status: StatusFilter;
  readonly kind: KindFilter;
  /** An agency code, or null for every agency. */
  readonly agency: string | null;
  readonly page: number;
}

/** Reads a filter from a query string, falling back to "everything, page 1". */
export function parseDeadlineFilter(query: {
  status?: string | undefined;
  kind?: string | undefined;
  agency?: string | undefined;
  page?: string | number | undefined;
}): DeadlineFilter {
  const status = (query.status ?? '').toUpperCase();
  const kind = (query.kind ?? '').toUpperCase();
  const page = Number(query.page ?? 1);
  const agency = (query.agency ?? '').trim().toUpperCase();
  return {
    status: (STATUS_FILTERS as readonly string[]).includes(status)
      ? (status as StatusFilter)
      : 'SEMUA',
    kind: (KIND_FILTERS as readonly string[]).includes(kind) ? (kind as KindFilter) : 'SEMUA',
    agency: /^[A-Z0-9_]{2,20}$/.test(agency) ? agency : null,
    page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
  };
}

export interface AgencySummaryRow {
  readonly agency: AgencyRef;
  readonly counts: StatusCounts;
}

export interface DeadlinePage {
  readonly today: string;
  readonly filter: DeadlineFilter;
  readonly rows: readonly DeadlineView[];
  readonly total: number;
  readonly pages: number;
  /** Counts over every agency (and the chosen kind), whatever the status filter. */
  readonly counts: StatusCounts;
  readonly byAgency: readonly AgencySummaryRow[];
  readonly agencies: readonly AgencyRef[];
  readonly calendarGaps: readonly number[];
}

function matchesStatus(d: DeadlineView, status: StatusFilter): boolean {
  if (status === 'SEMUA') return true;
  if (status === 'BELUM_TERPENUHI') return d.status !== 'TERPENUHI';
  return d.status === status;
}

/**
 * Dukcapil's view: the deadlines of every agency, filtered and paged. Computed in memory:
 * a regency has tens of agencies with a handful of duties each.
 */
export async function deadlinesPage(
  deps: Deps,
  actor: DeadlineActor,
  filter: DeadlineFilter,
): Promise<DeadlinePage> {
  if (!can(actor.role, 'deadline.viewAll')) throw new NotFound('Halaman tidak ditemukan');
  const computed = await computeDeadlines(deps);
  const agencies = new Map<number, AgencyRef>();
  for (const d of computed.deadlines) agencies.set(d.agency.id, d.agency);
  const ofKind = computed.deadlines.filter(
    (d) => filter.kind === 'SEMUA' || d.kind === filter.kind,
  );
  const ofAgency = ofKind.filter((d) => filter.agency === null || d.agency.code === filter.agency);
  const matching = ofAgency.filter((d) => matchesStatus(d, filter.status));
  const pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
  const page = Math.min(filter.page, pages);
  const byAgency = [...agencies.values()]
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((agency) => ({
      agency,
      counts: countByStatus(ofKind.filter((d) => d.agency.id === agency.id)),
    }));
  return {
    today: computed.today,
    filter: { ...filter, page },
    rows: matching.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
    total: matching.length,
    pages,
    counts: countByStatus(ofAgency),
    byAgency,
    agencies: [...agencies.values()].sort((a, b) => a.code.localeCompare(b.code)),
    calendarGaps: calendarGaps(computed.deadlines, computed.calendar),
  };
}

/** Overdue and due-soon deadlines of the head's agency, for the reminder on every page. */
export async function pressingDeadlines(deps: Deps, agencyId: number): Promise<DeadlineView[]> {
  const { deadlines } = await computeDeadlines(deps, agencyId);
  return deadlines.filter((d) => d.status === 'TERLAMBAT' || d.status === 'SEGERA');
}

async function agreementInForce(deps: Deps, agencyId: number): Promise<TrackedAgreementRow> {
  const agreement = (await trackedAgreements(deps.db, agencyId))[0];
  if (!agreement) {
    throw new RuleViolation(
      'Instansi ini tidak memiliki PKS yang berlaku; tidak ada tenggat yang dapat dipenuhi',
    );
  }
  return agreement;
}

export interface RecordedFulfilment {
  readonly id: number;
  readonly documentId: number;
}

/**
 * Keeps a fulfilment handed in under the agreement in force, with its scan and the admin
 * action naming the agreement, in one transaction. It counts as received today.
 */
async function storeFulfilment(
  deps: Deps,
  actor: DeadlineActor,
  agreement: TrackedAgreementRow,
  now: Date,
  scan: CheckedScan,
  fulfilment: NewFulfilment,
  action: { readonly name: string; readonly detail: Record<string, unknown> },
): Promise<RecordedFulfilment> {
  const agencyId = agreement.agency_id;
  return deps.db.transaction().execute(async (tx) => {
    const documentId = await insertDeadlineDocument(tx, {
      agencyId,
      ...scan,
      uploadedBy: actor.id,
      uploadedAt: now,
    });
    const id = await insertFulfilment(tx, {
      ...fulfilment,
      agreementId: agreement.id,
      agencyId,
      documentId,
      receivedOn: wibDay(now),
      recordedBy: actor.id,
      recordedAt: now,
    });
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId,
      action: action.name,
      target: agreement.nomor_dukcapil,
      detail: { ...action.detail, documentId, sha256: scan.sha256.toString('hex') },
    });
    return { id, documentId };
  });
}

/** Records an ISO/IEC 27001 certificate handed in, with its scan. */
export async function recordIsoCertificate(
  deps: Deps,
  actor: DeadlineActor,
  agencyId: number,
  input: { number: string; issuedOn: string; expiresOn: string; file: UploadedFile | undefined },
): Promise<RecordedFulfilment> {
  assertScope(actor, agencyId, 'record');
  const now = deps.clock();
  const today = wibDay(now);
  const agreement = await agreementInForce(deps, agencyId);
  const details = {
    number: input.number.trim(),
    issuedOn: input.issuedOn.trim(),
    expiresOn: input.expiresOn.trim(),
  };
  const problems = certificateProblems(details, today);
  if (problems.length > 0) throw new RuleViolation(problems.join('; '));
  const scan = await checkScan(input.file, 'sertifikat');
  return storeFulfilment(
    deps,
    actor,
    agreement,
    now,
    scan,
    {
      kind: 'SERTIFIKAT_ISO',
      certificateNumber: details.number,
      issuedOn: details.issuedOn,
      expiresOn: details.expiresOn,
    },
    {
      name: 'SERTIFIKAT_ISO_DICATAT',
      detail: {
        certificateNumber: details.number,
        issuedOn: details.issuedOn,
        expiresOn: details.expiresOn,
      },
    },
  );
}

/** Records a semester usage report handed in, with its scan. */
export async function recordSemesterReport(
  deps: Deps,
  actor: DeadlineActor,
  agencyId: number,
  input: { period: string; file: UploadedFile | undefined },
): Promise<RecordedFulfilment> {
  assertScope(actor, agencyId, 'record');
  const now = deps.clock();
  const today = wibDay(now);
  const agreement = await agreementInForce(deps, agencyId);
  const period = input.period.trim().toUpperCase();
  const covered = semestersCovered(agreement.signed_on, agreement.ends_on).map((s) => s.period);
  if (!isSemesterPeriod(period) || !covered.includes(period)) {
    throw new RuleViolation(
      `Periode laporan harus salah satu semester yang dicakup PKS: ${covered.join(', ')}`,
    );
  }
  if (today < reportOpensOn(period)) {
    throw new RuleViolation(
      `Laporan ${semesterLabel(period)} baru dapat dikirim mulai ${reportOpensOn(period)}`,
    );
  }
  const scan = await checkScan(input.file, 'laporan');
  return storeFulfilment(
    deps,
    actor,
    agreement,
    now,
    scan,
    { kind: 'LAPORAN_SEMESTER', period },
    { name: 'LAPORAN_SEMESTER_DICATAT', detail: { period } },
  );
}

function checkedChange(input: { changedOn: string; description: string }, today: string) {
  const changedOn = input.changedOn.trim();
  const description = input.description.trim().replace(/\s+/g, ' ');
  const problems: string[] = [];
  if (!isIsoDate(changedOn)) problems.push('Tanggal perubahan harus tanggal yang sah, YYYY-MM-DD');
  else if (changedOn > today) problems.push('Tanggal perubahan tidak boleh sesudah hari ini');
  else if (changedOn < '2000-01-01')
    problems.push('Tanggal perubahan tidak boleh sebelum tahun 2000');
  if (description.length < 5 || description.length > 1000) {
    problems.push('Uraian perubahan 5–1.000 karakter');
  }
  if (problems.length > 0) throw new RuleViolation(problems.join('; '));
  return { changedOn, description };
}

/**
 * Records a change of the agency's officials or structure. From the agency head it is the
 * notice itself and needs the letter's scan. A Dukcapil admin may record it with the
 * agency's letter received on paper, or without one: a change Dukcapil learned of, which
 * stays an open duty until the agency's notice is added to it.
 */
export async function recordOfficialsChange(
  deps: Deps,
  actor: DeadlineActor,
  agencyId: number,
  input: { changedOn: string; description: string; file: UploadedFile | undefined },
): Promise<{ id: number; documentId: number | null }> {
  assertScope(actor, agencyId, 'record');
  const now = deps.clock();
  const today = wibDay(now);
  const agency = await findAgencyForDeadlines(deps.db, { id: agencyId });
  if (!agency) throw new NotFound('Instansi tidak ditemukan');
  const change = checkedChange(input, today);
  const withNotice = !isDukcapilRole(actor.role) || (input.file && input.file.bytes.length > 0);
  const scan = withNotice ? await checkScan(input.file, 'surat pemberitahuan') : null;
  return deps.db.transaction().execute(async (tx) => {
    const documentId = scan
      ? await insertDeadlineDocument(tx, {
          agencyId,
          ...scan,
          uploadedBy: actor.id,
          uploadedAt: now,
        })
      : null;
    const id = await insertOfficialsChange(tx, {
      agencyId,
      changedOn: change.changedOn,
      description: change.description,
      recordedBy: actor.id,
      recordedAt: now,
      notice: documentId === null ? null : { documentId, notifiedOn: today },
    });
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId,
      action:
        documentId === null ? 'PERUBAHAN_PEJABAT_DIKETAHUI' : 'PERUBAHAN_PEJABAT_DIBERITAHUKAN',
      target: agency.code,
      detail: {
        changeId: id,
        changedOn: change.changedOn,
        description: change.description,
        documentId,
        sha256: scan?.sha256.toString('hex') ?? null,
      },
    });
    return { id, documentId };
  });
}

/** Adds the agency's notice to a change Dukcapil recorded without one. */
export async function fileOfficialsNotice(
  deps: Deps,
  actor: DeadlineActor,
  agencyId: number,
  input: { changeId: number; file: UploadedFile | undefined },
): Promise<{ documentId: number }> {
  assertScope(actor, agencyId, 'record');
  const now = deps.clock();
  const scan = await checkScan(input.file, 'surat pemberitahuan');
  const agency = await findAgencyForDeadlines(deps.db, { id: agencyId });
  if (!agency) throw new NotFound('Instansi tidak ditemukan');
  return deps.db.transaction().execute(async (tx) => {
    const change = await findOpenOfficialsChange(tx, agencyId, input.changeId);
    if (!change) {
      throw new RuleViolation('Perubahan ini tidak ada atau sudah diberitahukan');
    }
    const documentId = await insertDeadlineDocument(tx, {
      agencyId,
      ...scan,
      uploadedBy: actor.id,
      uploadedAt: now,
    });
    await addOfficialsNotice(tx, change.id, {
      documentId,
      notifiedOn: wibDay(now),
      notifiedBy: actor.id,
    });
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId,
      action: 'PERUBAHAN_PEJABAT_DIBERITAHUKAN',
      target: agency.code,
      detail: {
        changeId: change.id,
        changedOn: change.changed_on,
        documentId,
        sha256: scan.sha256.toString('hex'),
      },
    });
    return { documentId };
  });
}

export interface DeadlineFile {
  readonly fileName: string;
  readonly contentType: string;
  readonly content: Buffer;
}

/** A scan handed in: Dukcapil sees every agency's, a head only their own agency's. */
export async function deadlineDocument(
  deps: Deps,
  actor: DeadlineActor,
  documentId: number,
): Promise<DeadlineFile> {
  const doc = Number.isInteger(documentId)
    ? await findDeadlineDocument(deps.db, documentId)
    : undefined;
  if (!doc) throw new NotFound('Berkas tidak ditemukan');
  try {
    assertScope(actor, doc.agency_id, 'view');
  } catch {
    throw new NotFound('Berkas tidak ditemukan');
  }
  // PGlite hands bytea back as a plain Uint8Array.
  return {
    fileName: doc.file_name,
    contentType: doc.content_type,
    content: Buffer.from(doc.content),
  };
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export async function reminderEmailOf(deps: Deps, actor: DeadlineActor): Promise<string | null> {
  return userEmail(deps.db, actor.id);
}

/** The head's own address for deadline reminders; empty removes it. */
export async function setReminderEmail(
  deps: Deps,
  actor: DeadlineActor,
  email: string,
): Promise<string | null> {
  if (!can(actor.role, 'deadline.viewOwn') || actor.agencyId === null) {
    throw new NotFound('Halaman tidak ditemukan');
  }
  const value = email.trim();
  if (value !== '' && (value.length > 200 || !EMAIL.test(value))) {
    throw new RuleViolation(
      'Alamat surel tidak valid (contoh: kepala@dinkes.purbalinggakab.go.id)',
    );
  }
  const stored = value === '' ? null : value;
  await deps.db.transaction().execute(async (tx) => {
    await setUserEmail(tx, actor.id, stored);
    await recordAdminAction(tx, {
      at: deps.clock(),
      actorId: actor.id,
      agencyId: actor.agencyId,
      action: 'SUREL_PENGINGAT_DIUBAH',
      target: actor.userId,
      detail: { removed: stored === null },
    });
  });
  return stored;
}

export type { DeadlineKind, DeadlineStatus };
