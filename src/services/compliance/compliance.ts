import { parseDataBalikanSchema } from '../../domain/data-balikan.js';
import { wibDay, wibDayStart } from '../../domain/time.js';
import {
  countCompliance,
  findAgencyForCompliance,
  findUserNames,
  listAgenciesForCompliance,
  listAgreementsForCompliance,
  listOutstanding,
  type AgreementCutoff,
  type ComplianceAgreementRow,
  type ComplianceCountRow,
  type OutstandingStatus,
} from '../../store/compliance.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';

/*
 * Return-data compliance (issue 4). The definitions, as the pages state them:
 * - "Diakses" (accessed): a lookup under the agreement reached a resident in the register
 *   (audit_log: action LOOKUP, response DITEMUKAN, MENINGGAL, GANDA or NON_AKTIF). A NIK
 *   counts once per agreement, at its first access; its month (WIB) and its operator are
 *   those of that first access.
 * - "Sudah dikirim" (returned): the NIK has current return data under that agreement.
 * - "Menunggu" (pending): accessed, not returned, first access at most dueDays calendar
 *   days (WIB) ago.
 * - "Terlambat" (overdue): accessed, not returned, first access more than dueDays days ago.
 *   dueDays comes from the agreement's return-data schema; without a schema nothing is
 *   overdue (and the pages say so).
 * The clock is deps.clock: "today" is the WIB day of deps.clock().
 */

export interface Figures {
  readonly accessed: number;
  readonly returned: number;
  readonly pending: number;
  readonly overdue: number;
}

const ZERO: Figures = { accessed: 0, returned: 0, pending: 0, overdue: 0 };

function add(a: Figures, b: Figures): Figures {
  return {
    accessed: a.accessed + b.accessed,
    returned: a.returned + b.returned,
    pending: a.pending + b.pending,
    overdue: a.overdue + b.overdue,
  };
}

/** Share of accessed NIKs with return data, in percent; null when nothing was accessed. */
export function percentReturned(figures: Figures): number | null {
  return figures.accessed === 0 ? null : (figures.returned / figures.accessed) * 100;
}

/** A period of WIB months of first access, both ends included (YYYY-MM). */
export interface Period {
  readonly from: string;
  readonly to: string;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
export const DEFAULT_PERIOD_MONTHS = 12;
export const MAX_PERIOD_MONTHS = 60;

function monthIndex(month: string): number {
  const [, year, mm] = MONTH.exec(month)!;
  return Number(year) * 12 + Number(mm) - 1;
}

function monthAt(index: number): string {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The WIB months of a period, oldest first. */
export function monthsOf(period: Period): string[] {
  const months: string[] = [];
  for (let i = monthIndex(period.from); i <= monthIndex(period.to); i++) months.push(monthAt(i));
  return months;
}

/** The instant a WIB month begins (WIB is UTC+7 all year). */
function monthStart(month: string): Date {
  return new Date(`${month}-01T00:00:00+07:00`);
}

/** A WIB day moved by whole days, as YYYY-MM-DD. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * The period asked for (`dari`, `sampai` as YYYY-MM), or by default the last 12 WIB months
 * up to the current one. Refuses a malformed month, an inverted or an over-long period.
 */
export function resolvePeriod(now: Date, asked: { from?: string; to?: string } = {}): Period {
  const current = wibDay(now).slice(0, 7);
  const from = asked.from?.trim() || undefined;
  const to = asked.to?.trim() || undefined;
  for (const value of [from, to]) {
    if (value !== undefined && !MONTH.test(value)) {
      throw new Refusal(
        'PERMINTAAN_TIDAK_VALID',
        'Bulan harus ditulis dengan format TTTT-BB, misalnya 2026-01',
      );
    }
  }
  const end = to ?? (from ? monthAt(Math.max(monthIndex(from), monthIndex(current))) : current);
  const start = from ?? monthAt(monthIndex(end) - (DEFAULT_PERIOD_MONTHS - 1));
  if (monthIndex(start) > monthIndex(end)) {
    throw new Refusal(
      'PERMINTAAN_TIDAK_VALID',
      'Bulan awal periode tidak boleh sesudah bulan akhir',
    );
  }
  if (monthIndex(end) - monthIndex(start) + 1 > MAX_PERIOD_MONTHS) {
    throw new Refusal(
      'PERMINTAAN_TIDAK_VALID',
      `Periode paling panjang ${MAX_PERIOD_MONTHS} bulan`,
    );
  }
  return { from: start, to: end };
}

export interface AgreementCompliance {
  readonly id: number;
  readonly nomorDukcapil: string;
  readonly status: string;
  /** Days allowed to send return data; null while the agreement has no schema. */
  readonly dueDays: number | null;
  /** NIKs first accessed before this WIB day and still without return data are overdue. */
  readonly overdueBeforeDay: string | null;
  /** Within the period. */
  readonly figures: Figures;
}

export interface OperatorFigures {
  /** The user ID people sign in with; null for an access without a user on record. */
  readonly userId: string | null;
  readonly displayName: string | null;
  readonly figures: Figures;
}

export interface AgencyCompliance {
  readonly agency: {
    readonly id: number;
    readonly code: string;
    readonly name: string;
    readonly status: string;
  };
  readonly period: Period;
  /** Today, WIB (YYYY-MM-DD), as the figures were computed. */
  readonly today: string;
  readonly agreements: readonly AgreementCompliance[];
  /** Within the period. */
  readonly totals: Figures;
  /** Whatever the month of first access: shows debts older than the period. */
  readonly allTime: Figures;
  /** Every month of the period, oldest first (zero figures included). */
  readonly byMonth: readonly { readonly month: string; readonly figures: Figures }[];
  /** Operators with a first access within the period, most NIKs first. */
  readonly byOperator: readonly OperatorFigures[];
}

interface AgreementTerms {
  readonly row: ComplianceAgreementRow;
  readonly dueDays: number | null;
  readonly overdueBeforeDay: string | null;
}

function agreementTerms(rows: readonly ComplianceAgreementRow[], today: string): AgreementTerms[] {
  return rows.map((row) => {
    const schema =
      row.data_balikan_schema === null ? null : parseDataBalikanSchema(row.data_balikan_schema);
    const dueDays = schema?.dueDays ?? null;
    return {
      row,
      dueDays,
      // First access on (today - dueDays) is exactly dueDays days ago: still pending.
      overdueBeforeDay: dueDays === null ? null : addDays(today, -dueDays),
    };
  });
}

function cutoffsOf(terms: readonly AgreementTerms[]): AgreementCutoff[] {
  return terms.map((t) => ({
    agreementId: t.row.id,
    overdueBefore: t.overdueBeforeDay === null ? null : wibDayStart(t.overdueBeforeDay),
  }));
}

function figuresOf(row: ComplianceCountRow): Figures {
  return {
    accessed: row.accessed,
    returned: row.returned,
    pending: row.pending,
    overdue: row.overdue,
  };
}

function summarize(
  agency: AgencyCompliance['agency'],
  terms: readonly AgreementTerms[],
  rows: readonly ComplianceCountRow[],
  names: ReadonlyMap<number, { userId: string; displayName: string }>,
  period: Period,
  today: string,
): AgencyCompliance {
  const months = monthsOf(period);
  const inPeriod = (month: string) => month >= period.from && month <= period.to;
  const byMonth = new Map(months.map((m) => [m, ZERO]));
  const byAgreement = new Map<number, Figures>();
  const byOperator = new Map<number | null, Figures>();
  let totals = ZERO;
  let allTime = ZERO;
  for (const row of rows) {
    const figures = figuresOf(row);
    allTime = add(allTime, figures);
    if (!inPeriod(row.month)) continue;
    totals = add(totals, figures);
    byMonth.set(row.month, add(byMonth.get(row.month) ?? ZERO, figures));
    byAgreement.set(row.agreement_id, add(byAgreement.get(row.agreement_id) ?? ZERO, figures));
    byOperator.set(row.user_id, add(byOperator.get(row.user_id) ?? ZERO, figures));
  }
  return {
    agency,
    period,
    today,
    agreements: terms.map((t) => ({
      id: t.row.id,
      nomorDukcapil: t.row.nomor_dukcapil,
      status: t.row.status,
      dueDays: t.dueDays,
      overdueBeforeDay: t.overdueBeforeDay,
      figures: byAgreement.get(t.row.id) ?? ZERO,
    })),
    totals,
    allTime,
    byMonth: months.map((month) => ({ month, figures: byMonth.get(month) ?? ZERO })),
    byOperator: [...byOperator]
      .map(([id, figures]) => {
        const name = id === null ? undefined : names.get(id);
        return {
          userId: name?.userId ?? null,
          displayName: name?.displayName ?? null,
          figures,
        };
      })
      .sort(
        (a, b) =>
          b.figures.accessed - a.figures.accessed || (a.userId ?? '').localeCompare(b.userId ?? ''),
      ),
  };
}

async function userNames(deps: Deps, rows: readonly ComplianceCountRow[]) {
  const ids = [...new Set(rows.map((r) => r.user_id).filter((id): id is number => id !== null))];
  const found = await findUserNames(deps.db, ids);
  return new Map(found.map((u) => [u.id, { userId: u.user_id, displayName: u.display_name }]));
}

async function complianceOf(
  deps: Deps,
  agencies: readonly AgencyCompliance['agency'][],
  period: Period,
): Promise<AgencyCompliance[]> {
  const today = wibDay(deps.clock());
  const agreements = await listAgreementsForCompliance(
    deps.db,
    agencies.map((a) => a.id),
  );
  const terms = agreementTerms(agreements, today);
  const rows = await countCompliance(deps.db, cutoffsOf(terms));
  const names = await userNames(deps, rows);
  return agencies.map((agency) => {
    const own = terms.filter((t) => t.row.agency_id === agency.id);
    const ids = new Set(own.map((t) => t.row.id));
    return summarize(
      agency,
      own,
      rows.filter((r) => ids.has(r.agreement_id)),
      names,
      period,
      today,
    );
  });
}

/** One agency's figures: totals, per agreement, by month and by operator. */
export async function agencyCompliance(
  deps: Deps,
  agencyId: number,
  period: Period,
): Promise<AgencyCompliance> {
  const agency = await findAgencyForCompliance(deps.db, { id: agencyId });
  if (!agency) throw new Refusal('TIDAK_DITEMUKAN', 'Instansi tidak ditemukan');
  const [result] = await complianceOf(deps, [agency], period);
  return result!;
}

/** The agency with this code, or undefined (for Dukcapil's detail page). */
export async function findAgencyByCodeForCompliance(deps: Deps, code: string) {
  return findAgencyForCompliance(deps.db, { code });
}

/** Every agency's figures for Dukcapil's overview, computed in one grouped query. */
export async function allAgenciesCompliance(
  deps: Deps,
  period: Period,
): Promise<AgencyCompliance[]> {
  const agencies = await listAgenciesForCompliance(deps.db);
  return complianceOf(deps, agencies, period);
}

/** The pending/overdue list's filter as the pages name it. */
export const OUTSTANDING_FILTERS = ['semua', 'menunggu', 'terlambat'] as const;
export type OutstandingFilter = (typeof OUTSTANDING_FILTERS)[number];

const FILTER_STATUS: Readonly<Record<OutstandingFilter, OutstandingStatus>> = {
  semua: 'ALL',
  menunggu: 'PENDING',
  terlambat: 'OVERDUE',
};

export function parseOutstandingFilter(value: string | undefined): OutstandingFilter {
  return (OUTSTANDING_FILTERS as readonly string[]).includes(value ?? '')
    ? (value as OutstandingFilter)
    : 'semua';
}

export const OUTSTANDING_PAGE_SIZE = 50;

/** A NIK still owing return data: the NIK, its first access and who made it. Nothing else. */
export interface OutstandingNik {
  readonly nik: string;
  readonly firstAccess: Date;
  readonly userId: string | null;
  readonly displayName: string | null;
  readonly overdue: boolean;
  /** Last WIB day to send without being overdue; null while the agreement has no schema. */
  readonly dueDay: string | null;
}

export interface OutstandingPage {
  readonly filter: OutstandingFilter;
  readonly items: readonly OutstandingNik[];
  readonly total: number;
  /** 1-based; clamped to the last page. */
  readonly page: number;
  readonly pageCount: number;
  readonly pageSize: number;
}

/**
 * An agency's accessed NIKs without return data whose first access lies in the period,
 * oldest first, one page at a time. Only what the agency itself recorded in the audit trail
 * is shown: never any element of the resident (zero storage).
 */
export async function outstandingNiks(
  deps: Deps,
  agencyId: number,
  options: { period: Period; filter: OutstandingFilter; page: number },
): Promise<OutstandingPage> {
  const today = wibDay(deps.clock());
  const terms = agreementTerms(await listAgreementsForCompliance(deps.db, [agencyId]), today);
  const dueDays = new Map(terms.map((t) => [t.row.id, t.dueDays]));
  const pageSize = OUTSTANDING_PAGE_SIZE;
  const query = {
    cutoffs: cutoffsOf(terms),
    status: FILTER_STATUS[options.filter],
    from: monthStart(options.period.from),
    to: monthStart(monthAt(monthIndex(options.period.to) + 1)),
    limit: pageSize,
  };
  let page = Math.max(1, Math.floor(options.page) || 1);
  let rows = await listOutstanding(deps.db, { ...query, offset: (page - 1) * pageSize });
  if (rows.length === 0 && page > 1) {
    // Past the end (the list shrank, or a hand-typed page): show the last page instead.
    const probe = await listOutstanding(deps.db, { ...query, limit: 1, offset: 0 });
    page = Math.max(1, Math.ceil((probe[0]?.total ?? 0) / pageSize));
    rows = await listOutstanding(deps.db, { ...query, offset: (page - 1) * pageSize });
  }
  const total = rows[0]?.total ?? 0;
  return {
    filter: options.filter,
    items: rows.map((row) => {
      const days = dueDays.get(row.agreement_id) ?? null;
      return {
        nik: row.nik,
        firstAccess: row.first_at,
        userId: row.user_code,
        displayName: row.display_name,
        overdue: row.overdue,
        dueDay: days === null ? null : addDays(wibDay(row.first_at), days),
      };
    }),
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / pageSize)),
    pageSize,
  };
}
