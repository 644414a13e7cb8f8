import type { Actor } from '../../domain/actor.js';
import { can } from '../../domain/permissions.js';
import { dailyLimit, type QuotaStage } from '../../domain/quota.js';
import { RESPONSE_CODES, RESPONSES } from '../../domain/responses.js';
import { wibDay, wibDayStart } from '../../domain/time.js';
import { addDays } from '../../domain/working-days.js';
import {
  agencyUsers,
  daysAtLimit,
  findAgency,
  listAgencies,
  lookupsPerAgency,
  lookupsPerChannel,
  lookupsPerDay,
  lookupsPerHour,
  lookupsPerOperator,
  lookupsPerResponse,
  quotaStagePerAgency,
  quotaUsedPerAgency,
  requestsPerOfficer,
  type AgencyRow,
  type Period,
} from '../../store/usage.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';
import { REQUESTED_ACTION } from '../resident-history/statement.js';
import {
  alertCountsPerAgency,
  listAgencyAlerts,
  NO_ALERTS,
  type AgencyAlertView,
} from './alerts.js';
import {
  parseDayRange,
  parseNik,
  runAuditSearch,
  type AuditEntry,
  type PageAsked,
  type SearchPage,
} from './audit-search.js';

/*
 * Usage that people can see (issue 9 §3): the agency head's view of the agency's lookups
 * (/instansi/penggunaan), Dukcapil's view of every agency (/dukcapil/penggunaan, and the
 * overview's summary) and of one agency. Every figure is read from the audit trail and the
 * quota counters, never from population data. Days and hours are WIB.
 */

/** The charts and tables cover the last this many WIB days, today included. */
export const USAGE_DAYS = 30;
/** Rows per page of an agency's lookups. */
export const LOOKUPS_PAGE_SIZE = 25;
/** The newest alerts shown on an agency's page. */
export const ALERTS_SHOWN = 10;

/** The WIB days and instants a usage page covers. */
export interface UsagePeriods {
  readonly today: string;
  /** The first day of the current WIB month. */
  readonly monthFrom: string;
  /** The first of the USAGE_DAYS days. */
  readonly recentFrom: string;
}

function periodsAt(now: Date): UsagePeriods {
  const today = wibDay(now);
  return {
    today,
    monthFrom: `${today.slice(0, 7)}-01`,
    recentFrom: addDays(today, 1 - USAGE_DAYS),
  };
}

/** From the start of WIB day `fromDay` to the end of WIB day `toDay`. */
function daysPeriod(fromDay: string, toDay: string): Period {
  return { from: wibDayStart(fromDay), to: wibDayStart(addDays(toDay, 1)) };
}

export interface ResponseShare {
  readonly code: string;
  /** The verbatim message of SPEC §2, for the code. */
  readonly label: string;
  readonly lookups: number;
}

/** Every lookup response, in the order of SPEC §2, with its count (zeros included). */
function responseMix(rows: readonly { response_code: string; lookups: number }[]): ResponseShare[] {
  const counts = new Map(rows.map((r) => [r.response_code, r.lookups]));
  const known = RESPONSE_CODES.map((code) => ({
    code,
    label: RESPONSES[code].message,
    lookups: counts.get(code) ?? 0,
  }));
  const other = rows
    .filter((r) => !(RESPONSE_CODES as readonly string[]).includes(r.response_code))
    .map((r) => ({ code: r.response_code, label: r.response_code, lookups: r.lookups }));
  return [...known, ...other];
}

export interface QuotaUse {
  /** The daily limit of today's agreement; null: unlimited; undefined: no agreement in force. */
  readonly limit: number | null | undefined;
  /** Hits counted today (SPEC §2: lookups past login and format check). */
  readonly today: number;
  readonly month: number;
  /** Days this month on which the limit was reached (0 when unlimited). */
  readonly daysAtLimit: number;
}

export interface AgencyUsage {
  readonly agency: AgencyRow;
  readonly periods: UsagePeriods;
  /** Lookups today and this month. */
  readonly lookupsToday: number;
  readonly lookupsMonth: number;
  /** Every day of the last USAGE_DAYS, oldest first, with zeros. */
  readonly perDay: readonly { day: string; lookups: number }[];
  readonly perHour: readonly { hour: number; lookups: number }[];
  readonly perOperator: readonly {
    userId: string | null;
    displayName: string | null;
    lookups: number;
    found: number;
    notFound: number;
    refused: number;
    lastAt: Date;
  }[];
  /**
   * Per channel, application and client kind (issue 11): the portal, each application's API
   * calls (native or as a national-service client), the card readers; busiest first.
   */
  readonly perChannel: readonly {
    channel: string;
    application: string | null;
    compatible: boolean;
    lookups: number;
    found: number;
    lastAt: Date;
  }[];
  readonly responses: readonly ResponseShare[];
  readonly quota: QuotaUse;
  readonly alerts: {
    /**
     * The newest ALERTS_SHOWN, as the agency reads them (alerts.ts listAgencyAlerts): no
     * summary or evidence, a planted NIK unnamed — on Dukcapil's page of the agency too,
     * which links each to its own page.
     */
    readonly rows: readonly AgencyAlertView[];
    readonly total: number;
    /** Not yet closed (OPEN or DITINJAU). */
    readonly open: number;
  };
  /** The agency's users, for the operator filter of the lookups list. */
  readonly users: readonly { userId: string; displayName: string }[];
}

/**
 * Whether the actor may see the agency's usage: Dukcapil (usage.viewAll) any agency, the
 * head (usage.viewOwn) their own. Anything else reads as absent (404), as another agency's
 * records do elsewhere.
 */
async function agencyInScope(
  deps: Deps,
  actor: Pick<Actor, 'role' | 'agencyId'>,
  agencyId: number,
): Promise<AgencyRow> {
  const allowed =
    can(actor.role, 'usage.viewAll') ||
    (can(actor.role, 'usage.viewOwn') && actor.agencyId === agencyId);
  const agency =
    allowed && Number.isSafeInteger(agencyId) ? await findAgency(deps.db, agencyId) : undefined;
  if (!agency) throw new Refusal('TIDAK_DITEMUKAN', 'Instansi tidak ditemukan');
  return agency;
}

function fillDays(
  fromDay: string,
  count: number,
  rows: readonly { day: string; lookups: number }[],
): { day: string; lookups: number }[] {
  const counts = new Map(rows.map((r) => [r.day, r.lookups]));
  return Array.from({ length: count }, (_, i) => {
    const day = addDays(fromDay, i);
    return { day, lookups: counts.get(day) ?? 0 };
  });
}

function fillHours(rows: readonly { hour: number; lookups: number }[]) {
  const counts = new Map(rows.map((r) => [r.hour, r.lookups]));
  return Array.from({ length: 24 }, (_, hour) => ({ hour, lookups: counts.get(hour) ?? 0 }));
}

/** An agency's usage: lookups per day, hour and operator, responses, quota, alerts. */
export async function agencyUsage(
  deps: Deps,
  actor: Pick<Actor, 'role' | 'agencyId'>,
  agencyId: number,
): Promise<AgencyUsage> {
  const agency = await agencyInScope(deps, actor, agencyId);
  const periods = periodsAt(deps.clock());
  const recent = daysPeriod(periods.recentFrom, periods.today);
  const month = daysPeriod(periods.monthFrom, periods.today);
  const [
    perDay,
    perHour,
    perOperator,
    perChannel,
    responses,
    counts,
    used,
    stages,
    alerts,
    alertCounts,
    users,
  ] = await Promise.all([
    lookupsPerDay(deps.db, { period: recent, agencyId }),
    lookupsPerHour(deps.db, { period: recent, agencyId }),
    lookupsPerOperator(deps.db, { period: recent, agencyId }),
    lookupsPerChannel(deps.db, { period: recent, agencyId }),
    lookupsPerResponse(deps.db, { period: recent, agencyId }),
    lookupsPerAgency(deps.db, { period: month, todayFrom: wibDayStart(periods.today) }),
    quotaUsedPerAgency(deps.db, { fromDay: periods.monthFrom, today: periods.today, agencyId }),
    quotaStagePerAgency(deps.db, periods.today),
    listAgencyAlerts(deps, agencyId, ALERTS_SHOWN),
    alertCountsPerAgency(deps, agencyId),
    agencyUsers(deps.db, agencyId),
  ]);
  const count = counts.find((c) => c.agency_id === agencyId);
  const quota = used.find((u) => u.agency_id === agencyId);
  const stage = stages.find((s) => s.agency_id === agencyId);
  const limit = stage ? dailyLimit(stage.quota_stage as QuotaStage) : undefined;
  return {
    agency,
    periods,
    lookupsToday: count?.today ?? 0,
    lookupsMonth: count?.period ?? 0,
    perDay: fillDays(periods.recentFrom, USAGE_DAYS, perDay),
    perHour: fillHours(perHour),
    perOperator: perOperator.map((o) => ({
      userId: o.user_id,
      displayName: o.display_name,
      lookups: o.lookups,
      found: o.found,
      notFound: o.not_found,
      refused: o.refused,
      lastAt: o.last_at,
    })),
    perChannel: perChannel.map((c) => ({
      channel: c.channel,
      application: c.application_name,
      compatible: c.compatible,
      lookups: c.lookups,
      found: c.found,
      lastAt: c.last_at,
    })),
    responses: responseMix(responses),
    quota: {
      limit,
      today: quota?.today ?? 0,
      month: quota?.period ?? 0,
      daysAtLimit:
        typeof limit === 'number'
          ? await daysAtLimit(deps.db, {
              agencyId,
              fromDay: periods.monthFrom,
              today: periods.today,
              limit,
            })
          : 0,
    },
    alerts: {
      rows: alerts,
      total: (alertCounts.get(agencyId) ?? NO_ALERTS).total,
      open: (alertCounts.get(agencyId) ?? NO_ALERTS).open,
    },
    users: users.map((u) => ({ userId: u.user_id, displayName: u.display_name })),
  };
}

/** A search of an agency's lookups as its GET form sends it. */
export interface LookupSearchParams {
  /** The operator's user ID. */
  readonly operator?: string | undefined;
  readonly respons?: string | undefined;
  readonly nik?: string | undefined;
  readonly dari?: string | undefined;
  readonly sampai?: string | undefined;
}

/** One page of an agency's lookups, newest first, NIKs masked. */
export async function agencyLookups(
  deps: Deps,
  actor: Pick<Actor, 'role' | 'agencyId'>,
  agencyId: number,
  params: LookupSearchParams,
  asked: PageAsked,
): Promise<SearchPage<AuditEntry>> {
  await agencyInScope(deps, actor, agencyId);
  const applied: Record<string, string> = {};
  const errors: { field: string; message: string }[] = [];
  const nik = parseNik(params.nik, errors);
  if (nik !== undefined) applied.nik = nik;
  const operator = params.operator?.trim().toLowerCase() || undefined;
  if (operator !== undefined) applied.operator = operator;
  let responseCode = params.respons?.trim().toUpperCase() || undefined;
  if (responseCode !== undefined && !(RESPONSE_CODES as readonly string[]).includes(responseCode)) {
    errors.push({ field: 'respons', message: 'Respons tidak dikenal' });
    responseCode = undefined;
  }
  if (responseCode !== undefined) applied.respons = responseCode;
  const range = parseDayRange(params, applied, errors);
  return runAuditSearch(
    deps,
    {
      filter: {
        action: 'LOOKUP',
        agencyId,
        nik,
        userLogin: operator,
        responseCode,
        ...range,
      },
      applied,
      errors,
    },
    asked,
  );
}

export interface AgencyUsageLine {
  readonly agency: AgencyRow;
  readonly lookupsToday: number;
  readonly lookupsMonth: number;
  readonly quota: QuotaUse;
  /** Alerts not yet closed (OPEN or DITINJAU). */
  readonly openAlerts: number;
}

export interface AllAgenciesUsage {
  readonly periods: UsagePeriods;
  readonly agencies: readonly AgencyUsageLine[];
  readonly totals: { lookupsToday: number; lookupsMonth: number; openAlerts: number };
  /** Over the last USAGE_DAYS days, every agency. */
  readonly responses: readonly ResponseShare[];
  readonly perHour: readonly { hour: number; lookups: number }[];
  /** Resident access histories requested per Dukcapil officer, today and this month. */
  readonly historyRequests: readonly {
    userId: string;
    name: string;
    today: number;
    month: number;
  }[];
}

function requireAll(actor: Pick<Actor, 'role'>): void {
  if (!can(actor.role, 'usage.viewAll')) throw new Refusal('TIDAK_BERWENANG');
}

/** Dukcapil's view of every agency: lookups and quota today and this month, open alerts. */
export async function allAgenciesUsage(
  deps: Deps,
  actor: Pick<Actor, 'role'>,
): Promise<AllAgenciesUsage> {
  requireAll(actor);
  const periods = periodsAt(deps.clock());
  const recent = daysPeriod(periods.recentFrom, periods.today);
  const month = daysPeriod(periods.monthFrom, periods.today);
  const [agencies, counts, used, stages, alerts, responses, perHour, requests] = await Promise.all([
    listAgencies(deps.db),
    lookupsPerAgency(deps.db, { period: month, todayFrom: wibDayStart(periods.today) }),
    quotaUsedPerAgency(deps.db, { fromDay: periods.monthFrom, today: periods.today }),
    quotaStagePerAgency(deps.db, periods.today),
    alertCountsPerAgency(deps),
    lookupsPerResponse(deps.db, { period: recent }),
    lookupsPerHour(deps.db, { period: recent }),
    requestsPerOfficer(deps.db, {
      action: REQUESTED_ACTION,
      period: month,
      todayFrom: wibDayStart(periods.today),
    }),
  ]);
  const lines = agencies.map((agency) => {
    const count = counts.find((c) => c.agency_id === agency.id);
    const quota = used.find((u) => u.agency_id === agency.id);
    const stage = stages.find((s) => s.agency_id === agency.id);
    return {
      agency,
      lookupsToday: count?.today ?? 0,
      lookupsMonth: count?.period ?? 0,
      quota: {
        limit: stage ? dailyLimit(stage.quota_stage as QuotaStage) : undefined,
        today: quota?.today ?? 0,
        month: quota?.period ?? 0,
        daysAtLimit: 0,
      },
      openAlerts: (alerts.get(agency.id) ?? NO_ALERTS).open,
    };
  });
  return {
    periods,
    agencies: lines,
    totals: {
      lookupsToday: lines.reduce((sum, l) => sum + l.lookupsToday, 0),
      lookupsMonth: lines.reduce((sum, l) => sum + l.lookupsMonth, 0),
      openAlerts: lines.reduce((sum, l) => sum + l.openAlerts, 0),
    },
    responses: responseMix(responses),
    perHour: fillHours(perHour),
    historyRequests: requests.map((r) => ({
      userId: r.user_id,
      name: r.display_name,
      today: r.today,
      month: r.period,
    })),
  };
}

export interface UsageSummary {
  readonly today: string;
  /** Agencies with lookups today or open alerts, busiest first. */
  readonly agencies: readonly {
    agency: AgencyRow;
    lookupsToday: number;
    openAlerts: number;
  }[];
  readonly totals: { lookupsToday: number; openAlerts: number };
}

/** The overview's compact summary: today's lookups and the open alerts, per agency. */
export async function usageSummary(deps: Deps, actor: Pick<Actor, 'role'>): Promise<UsageSummary> {
  requireAll(actor);
  const today = wibDay(deps.clock());
  const [agencies, counts, alerts] = await Promise.all([
    listAgencies(deps.db),
    lookupsPerAgency(deps.db, {
      period: daysPeriod(today, today),
      todayFrom: wibDayStart(today),
    }),
    alertCountsPerAgency(deps),
  ]);
  const lines = agencies
    .map((agency) => ({
      agency,
      lookupsToday: counts.find((c) => c.agency_id === agency.id)?.today ?? 0,
      openAlerts: (alerts.get(agency.id) ?? NO_ALERTS).open,
    }))
    .filter((l) => l.lookupsToday > 0 || l.openAlerts > 0)
    .sort((a, b) => b.lookupsToday - a.lookupsToday || a.agency.code.localeCompare(b.agency.code));
  return {
    today,
    agencies: lines,
    totals: {
      lookupsToday: lines.reduce((sum, l) => sum + l.lookupsToday, 0),
      openAlerts: lines.reduce((sum, l) => sum + l.openAlerts, 0),
    },
  };
}
