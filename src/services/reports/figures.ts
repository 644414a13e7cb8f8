import { ACCESS_METHODS } from '../../domain/agreement.js';
import { accessMethodLabel } from '../../domain/agreement-record.js';
import { DEADLINE_KIND_LABELS, DEADLINE_STATUS_LABELS } from '../../domain/deadlines.js';
import { parseDataBalikanSchema } from '../../domain/data-balikan.js';
import { documentStatus, type DocumentKind } from '../../domain/documents.js';
import { dailyLimit, type QuotaStage } from '../../domain/quota.js';
import { ACCESSED_RESPONSES, RESPONSE_CODES, RESPONSES } from '../../domain/responses.js';
import { wibDay, wibDayStart } from '../../domain/time.js';
import { ALERT_STATE_LABELS, HEAD_KIND_LABELS, SCOPE_LABELS } from '../../domain/pattern-alert.js';
import { CARD_READER_STATE_LABELS, type CardReaderState } from '../../domain/card-reader-state.js';
import { ROLE_LABELS, type Role } from '../../domain/users.js';
import { USER_STATUS_LABELS, type UserStatus } from '../../domain/user-status.js';
import { addDays } from '../../domain/working-days.js';
import {
  findReportAgreement,
  lookupCounts,
  purposeCounts,
  quotaDays,
  reportAlerts,
  reportCardReaders,
  reportUsers,
  returnCounts,
  summarizedUntil,
  type FigurePeriod,
  type ReportAgreementRow,
} from '../../store/report-figures.js';
import type { Deps } from '../deps.js';
import { computeDeadlines } from '../deadlines/compute-deadlines.js';
import { Refusal } from '../errors.js';

/*
 * The figures of an agency's usage report for one agreement and a period of WIB days (issue
 * 10 item 1), from Gerbang's own records only: the audit trail (through the daily summaries
 * and the live tail, docs/REPORTS.md), the quota counters, return data, card readers, alerts,
 * deadlines and users. Never population data. The same figures feed the PDF, the XLSX, the
 * head's preview and Dukcapil's evaluation; frozen as JSON in usage_report.figures once the
 * report is submitted.
 */

/** The purposes listed by name; the rest are counted together. */
export const PURPOSES_LISTED = 20;

/** Responses a lookup counts as "found" (reached a resident), "not found", or refused. */
const FOUND = new Set<string>(ACCESSED_RESPONSES);

export interface ReportFigures {
  /** When the figures were computed (ISO instant) and up to when the summaries reached. */
  readonly computedAt: string;
  readonly summarizedUntil: string | null;
  readonly agency: {
    readonly id: number;
    readonly code: string;
    readonly name: string;
    readonly address: string | null;
    readonly headTitle: string | null;
    readonly headName: string | null;
    readonly email: string | null;
  };
  readonly agreement: {
    readonly id: number;
    readonly nomorDukcapil: string;
    readonly nomorInstansi: string;
    readonly signedOn: string;
    readonly endsOn: string;
    readonly purpose: string;
    readonly status: string;
    readonly quotaStage: string;
    readonly accessMethods: readonly string[];
    readonly firstPartyName: string;
    readonly firstPartyHeadTitle: string;
  };
  /** WIB days, both included. */
  readonly period: { readonly from: string; readonly to: string };
  readonly lookups: {
    readonly total: number;
    readonly found: number;
    readonly notFound: number;
    readonly refused: number;
    /** Every month of the period × channel × response with lookups (zeros left out). */
    readonly byMonthChannelResponse: readonly {
      readonly month: string;
      readonly channel: string;
      readonly responseCode: string;
      readonly lookups: number;
    }[];
    /** Every month of the period, zeros included. */
    readonly byMonth: readonly { readonly month: string; readonly lookups: number }[];
    readonly byChannel: readonly {
      readonly channel: string;
      readonly label: string;
      readonly lookups: number;
    }[];
    /** Every response of SPEC §2 in its order, zeros included, then any other code seen. */
    readonly byResponse: readonly {
      readonly code: string;
      readonly label: string;
      readonly lookups: number;
    }[];
  };
  /** Users with lookups in the period, busiest first. */
  readonly operators: readonly {
    readonly userKey: number;
    readonly userId: string | null;
    readonly displayName: string | null;
    readonly lookups: number;
    readonly found: number;
    readonly notFound: number;
    readonly refused: number;
  }[];
  readonly quota: {
    /** The daily limit of the agreement's current stage; null: unlimited. */
    readonly limit: number | null;
    /** Hits counted on the quota in the period. */
    readonly hits: number;
    readonly daysUsed: number;
    readonly busiestDay: { readonly day: string; readonly used: number } | null;
    readonly daysAtLimit: number;
  };
  readonly purposes: {
    readonly listed: readonly { readonly purpose: string; readonly lookups: number }[];
    /** Distinct purposes in all, and lookups under those not listed. */
    readonly distinct: number;
    readonly otherLookups: number;
  };
  /** NIKs first accessed within the period (the compliance definition), as of computedAt. */
  readonly returnData: {
    readonly dueDays: number | null;
    readonly accessed: number;
    readonly returned: number;
    readonly pending: number;
    readonly overdue: number;
    /** Share returned in percent, one decimal; null when nothing was accessed. */
    readonly percentReturned: number | null;
  };
  readonly cardReaders: readonly {
    readonly id: number;
    readonly serial: string;
    readonly make: string;
    readonly location: string;
    readonly state: string;
    readonly stateLabel: string;
    readonly reads: number;
  }[];
  readonly alerts: readonly {
    readonly id: number;
    readonly raisedAt: string;
    readonly kind: string;
    readonly kindLabel: string;
    readonly scope: string;
    readonly userId: string | null;
    readonly repeats: number;
    readonly state: string;
    /** How it ended (or stands), in words. */
    readonly outcome: string;
  }[];
  /** The agreement's duties due within the period, and how each stands. */
  readonly deadlines: {
    readonly rows: readonly {
      readonly kind: string;
      readonly label: string;
      readonly dueOn: string;
      readonly status: string;
      readonly statusLabel: string;
      readonly receivedOn: string | null;
      readonly late: boolean | null;
    }[];
    readonly met: number;
    readonly metLate: number;
    readonly missed: number;
    readonly open: number;
  };
  readonly users: readonly {
    readonly userId: string;
    readonly displayName: string;
    readonly role: string;
    readonly roleLabel: string;
    readonly status: string;
    readonly statusLabel: string;
    readonly documents: readonly {
      readonly kind: DocumentKind;
      readonly signedOn: string | null;
    }[];
    /** Every document the role needs is on record. */
    readonly documentsComplete: boolean;
  }[];
}

function monthsBetween(from: string, to: string): string[] {
  const list: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (;;) {
    const m = `${year}-${String(month).padStart(2, '0')}`;
    if (m > last) break;
    list.push(m);
    month++;
    if (month === 13) {
      month = 1;
      year++;
    }
  }
  return list;
}

function sumBy<K>(rows: readonly { lookups: number }[], key: (r: never) => K): Map<K, number> {
  const map = new Map<K, number>();
  for (const row of rows) {
    const k = key(row as never);
    map.set(k, (map.get(k) ?? 0) + row.lookups);
  }
  return map;
}

async function agreementOf(deps: Pick<Deps, 'db'>, agreementId: number) {
  const agreement = Number.isSafeInteger(agreementId)
    ? await findReportAgreement(deps.db, agreementId)
    : undefined;
  if (!agreement) throw new Refusal('TIDAK_DITEMUKAN', 'PKS tidak ditemukan');
  return agreement;
}

function dueDaysOf(agreement: ReportAgreementRow): number | null {
  if (agreement.data_balikan_schema === null) return null;
  return parseDataBalikanSchema(agreement.data_balikan_schema)?.dueDays ?? null;
}

/**
 * The figures of `agreementId` for the WIB days `from` … `to` (both included, YYYY-MM-DD).
 * The caller checks who may see them and that the period makes sense (services/reports).
 */
export async function reportFigures(
  deps: Pick<Deps, 'db' | 'clock'>,
  agreementId: number,
  from: string,
  to: string,
): Promise<ReportFigures> {
  const agreement = await agreementOf(deps, agreementId);
  const now = deps.clock();
  const today = wibDay(now);
  const period: FigurePeriod = {
    agreementId,
    agencyId: agreement.agency_id,
    fromDay: from,
    toDay: to,
    start: wibDayStart(from),
    end: wibDayStart(addDays(to, 1)),
  };
  const dueDays = dueDaysOf(agreement);
  const overdueBefore = dueDays === null ? null : wibDayStart(addDays(today, -dueDays));
  const until = await summarizedUntil(deps.db);
  const [counts, purposes, returns, quota, users, readers, alerts, deadlines] = await Promise.all([
    lookupCounts(deps.db, period, until),
    purposeCounts(deps.db, period, until, PURPOSES_LISTED),
    returnCounts(deps.db, period, until, overdueBefore),
    quotaDays(deps.db, period),
    reportUsers(deps.db, agreement.agency_id),
    reportCardReaders(deps.db, agreement.agency_id),
    reportAlerts(deps.db, period),
    computeDeadlines(deps as Deps, agreement.agency_id),
  ]);

  const months = monthsBetween(from, to);
  const byMonth = sumBy(counts, (r: { month: string }) => r.month);
  const byChannel = sumBy(counts, (r: { channel: string }) => r.channel);
  const byResponse = sumBy(counts, (r: { response_code: string }) => r.response_code);
  const byMcr = sumBy(
    counts,
    (r: { month: string; channel: string; response_code: string }) =>
      `${r.month}|${r.channel}|${r.response_code}`,
  );
  const byReader = sumBy(counts, (r: { card_reader_id: number }) => r.card_reader_id);
  const operators = new Map<number, { lookups: number; found: number; notFound: number }>();
  for (const row of counts) {
    const o = operators.get(row.user_id) ?? { lookups: 0, found: 0, notFound: 0 };
    o.lookups += row.lookups;
    if (FOUND.has(row.response_code)) o.found += row.lookups;
    else if (row.response_code === 'TIDAK_DITEMUKAN') o.notFound += row.lookups;
    operators.set(row.user_id, o);
  }
  const userById = new Map(users.map((u) => [u.id, u]));
  const total = counts.reduce((n, r) => n + r.lookups, 0);
  const found = counts.filter((r) => FOUND.has(r.response_code)).reduce((n, r) => n + r.lookups, 0);
  const notFound = byResponse.get('TIDAK_DITEMUKAN') ?? 0;

  const limit = dailyLimit(agreement.quota_stage as QuotaStage);
  const busiest = quota.reduce<{ day: string; used: number } | null>(
    (best, d) => (best === null || d.used > best.used ? d : best),
    null,
  );
  const listedLookups = purposes.reduce((n, p) => n + p.lookups, 0);
  const own = deadlines.deadlines.filter(
    (d) =>
      (d.agreementId === agreementId || d.agreementId === null) && d.dueOn >= from && d.dueOn <= to,
  );

  return {
    computedAt: now.toISOString(),
    summarizedUntil: until?.toISOString() ?? null,
    agency: {
      id: agreement.agency_id,
      code: agreement.agency_code,
      name: agreement.agency_name,
      address: agreement.agency_address,
      headTitle: agreement.agency_head_title,
      headName: agreement.agency_head_name,
      email: agreement.agency_email,
    },
    agreement: {
      id: agreement.id,
      nomorDukcapil: agreement.nomor_dukcapil,
      nomorInstansi: agreement.nomor_instansi,
      signedOn: agreement.signed_on,
      endsOn: agreement.ends_on,
      purpose: agreement.purpose,
      status: agreement.status,
      quotaStage: agreement.quota_stage,
      accessMethods: agreement.access_methods,
      firstPartyName: agreement.first_party_name,
      firstPartyHeadTitle: agreement.first_party_head_title,
    },
    period: { from, to },
    lookups: {
      total,
      found,
      notFound,
      refused: total - found - notFound,
      byMonthChannelResponse: [...byMcr].map(([key, lookups]) => {
        const [month, channel, responseCode] = key.split('|') as [string, string, string];
        return { month, channel, responseCode, lookups };
      }),
      byMonth: months.map((month) => ({ month, lookups: byMonth.get(month) ?? 0 })),
      byChannel: [
        ...ACCESS_METHODS,
        ...[...byChannel.keys()].filter((c) => !(ACCESS_METHODS as readonly string[]).includes(c)),
      ].map((channel) => ({
        channel,
        label: accessMethodLabel(channel),
        lookups: byChannel.get(channel) ?? 0,
      })),
      byResponse: [
        ...RESPONSE_CODES.map((code) => ({
          code,
          label: RESPONSES[code].message,
          lookups: byResponse.get(code) ?? 0,
        })),
        ...[...byResponse]
          .filter(([code]) => !(RESPONSE_CODES as readonly string[]).includes(code))
          .map(([code, lookups]) => ({ code, label: code, lookups })),
      ],
    },
    operators: [...operators]
      .map(([userKey, o]) => ({
        userKey,
        userId: userById.get(userKey)?.user_id ?? null,
        displayName: userById.get(userKey)?.display_name ?? null,
        lookups: o.lookups,
        found: o.found,
        notFound: o.notFound,
        refused: o.lookups - o.found - o.notFound,
      }))
      .sort((a, b) => b.lookups - a.lookups || (a.userId ?? '').localeCompare(b.userId ?? '')),
    quota: {
      limit,
      hits: quota.reduce((n, d) => n + d.used, 0),
      daysUsed: quota.filter((d) => d.used > 0).length,
      busiestDay: busiest,
      daysAtLimit: limit === null ? 0 : quota.filter((d) => d.used >= limit).length,
    },
    purposes: {
      listed: purposes.map((p) => ({ purpose: p.purpose, lookups: p.lookups })),
      distinct: purposes[0]?.distinct_total ?? 0,
      otherLookups: (purposes[0]?.lookups_total ?? 0) - listedLookups,
    },
    returnData: {
      dueDays,
      ...returns,
      percentReturned:
        returns.accessed === 0
          ? null
          : Math.round((returns.returned / returns.accessed) * 1000) / 10,
    },
    cardReaders: readers.map((r) => ({
      id: r.id,
      serial: r.serial,
      make: r.make,
      location: r.location,
      state: r.state,
      stateLabel: CARD_READER_STATE_LABELS[r.state as CardReaderState] ?? r.state,
      reads: byReader.get(r.id) ?? 0,
    })),
    alerts: alerts.map((a) => ({
      id: a.id,
      raisedAt: a.created_at.toISOString(),
      kind: a.kind,
      kindLabel: HEAD_KIND_LABELS[a.kind as keyof typeof HEAD_KIND_LABELS] ?? a.kind,
      scope: SCOPE_LABELS[a.scope] ?? a.scope,
      userId: a.user_code,
      repeats: a.repeats,
      state: a.state,
      outcome: alertOutcome(a.state, a.hold_decision),
    })),
    deadlines: {
      rows: own.map((d) => ({
        kind: d.kind,
        label: DEADLINE_KIND_LABELS[d.kind],
        dueOn: d.dueOn,
        status: d.status,
        statusLabel: DEADLINE_STATUS_LABELS[d.status],
        receivedOn: d.fulfilment?.on ?? null,
        late: d.fulfilment ? d.fulfilment.late : null,
      })),
      met: own.filter((d) => d.fulfilment !== null && !d.fulfilment.late).length,
      metLate: own.filter((d) => d.fulfilment !== null && d.fulfilment.late).length,
      missed: own.filter((d) => d.fulfilment === null && d.status === 'TERLAMBAT').length,
      open: own.filter((d) => d.fulfilment === null && d.status !== 'TERLAMBAT').length,
    },
    users: users.map((u) => {
      const documents = documentStatus(u.role as Role, u);
      return {
        userId: u.user_id,
        displayName: u.display_name,
        role: u.role,
        roleLabel: ROLE_LABELS[u.role as Role] ?? u.role,
        status: u.status,
        statusLabel: USER_STATUS_LABELS[u.status as UserStatus] ?? u.status,
        documents,
        documentsComplete: documents.every((d) => d.signedOn !== null),
      };
    }),
  };
}

function alertOutcome(state: string, holdDecision: string | null): string {
  const stateLabel = ALERT_STATE_LABELS[state as keyof typeof ALERT_STATE_LABELS] ?? state;
  if (holdDecision === 'DILEPAS') return `${stateLabel}; penahanan dilepas`;
  if (holdDecision === 'DIPERTAHANKAN') return `${stateLabel}; penahanan dipertahankan`;
  return stateLabel;
}
