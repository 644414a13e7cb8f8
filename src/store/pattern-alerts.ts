import { sql } from 'kysely';
import {
  MAX_EVIDENCE,
  type AlertKind,
  type AlertSource,
  type AlertScope,
  type AlertState,
  type HoldDecision,
  type PatternPolicy,
  type StoredEvidence,
} from '../domain/pattern-alert.js';
import type { Db, Executor } from './db.js';
import { pageWithTotal } from './list-query.js';

/**
 * The input-pattern policy's alerts (table pattern_alert, migrations 012 and 015): one open
 * alert per agency, user, scope and kind, the lookups that make it (NIKs masked), Dukcapil's
 * review, the decision on a hold, and the e-mail outbox.
 */

export interface AlertUpsert {
  /** null with source RIWAYAT_AKSES: Dukcapil's own officer, no agency and no agreement. */
  readonly agencyId: number | null;
  readonly agreementId: number | null;
  readonly source: AlertSource;
  readonly userId: number;
  readonly scope: AlertScope;
  readonly kind: AlertKind;
  readonly action: PatternPolicy;
  readonly summary: string;
  readonly evidence: readonly StoredEvidence[];
  readonly now: Date;
}

/**
 * Opens an alert, or adds to the one open for the same agency, user, scope and kind: one more
 * repeat, seen now, the new evidence merged in (by audit id, the newest MAX_EVIDENCE kept), the
 * newest summary and the strongest action. One statement on the partial unique index
 * `pattern_alert_one_open`, so that two server processes finding the same pattern at once
 * make one alert (the second waits for the first and adds to it).
 */
export async function upsertAlert(
  db: Executor,
  alert: AlertUpsert,
): Promise<{ id: number; created: boolean }> {
  const result = await sql<{ id: number; created: boolean }>`
    INSERT INTO pattern_alert AS pa
      (agency_id, agreement_id, user_id, scope, kind, action, summary, evidence, created_at, last_seen_at, source)
    VALUES (${alert.agencyId}, ${alert.agreementId}, ${alert.userId}, ${alert.scope}, ${alert.kind},
      ${alert.action}, ${alert.summary}, ${JSON.stringify(alert.evidence)}::jsonb, ${alert.now}, ${alert.now},
      ${alert.source})
    ON CONFLICT ((coalesce(agency_id, 0)), (coalesce(user_id, 0)), scope, kind) WHERE state <> 'SELESAI'
    DO UPDATE SET
      repeats = pa.repeats + 1,
      last_seen_at = greatest(pa.last_seen_at, excluded.last_seen_at),
      summary = excluded.summary,
      agreement_id = excluded.agreement_id,
      action = CASE
        WHEN array_position(ARRAY['PERINGATAN', 'ALASAN', 'BLOKIR'], excluded.action)
           > array_position(ARRAY['PERINGATAN', 'ALASAN', 'BLOKIR'], pa.action)
        THEN excluded.action ELSE pa.action END,
      evidence = (
        SELECT coalesce(jsonb_agg(kept.item ORDER BY kept.audit_id), '[]'::jsonb)
        FROM (
          SELECT DISTINCT ON ((x.item->>'auditId')::bigint) x.item, (x.item->>'auditId')::bigint AS audit_id
          FROM jsonb_array_elements(pa.evidence || excluded.evidence) AS x (item)
          ORDER BY (x.item->>'auditId')::bigint DESC
          LIMIT ${MAX_EVIDENCE}::int
        ) kept
      )
    RETURNING id, repeats = 0 AS created`.execute(db);
  const row = result.rows[0]!;
  return { id: Number(row.id), created: row.created };
}

/**
 * ALASAN: the user's next lookup must carry a written reason (the lookup statement clears
 * the flag when one is given). True when the flag was set now, false when it already was.
 */
export async function requireReasonNext(db: Executor, userId: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('app_user')
    .set({ reason_required_since: now })
    .where('id', '=', userId)
    .where('reason_required_since', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface AlertFilter {
  readonly state?: AlertState | undefined;
  readonly agencyId?: number | undefined;
  readonly kind?: AlertKind | undefined;
}

function selectAlerts(db: Executor) {
  return (
    db
      .selectFrom('pattern_alert as pa')
      // No agency: an alert on a Dukcapil officer's access-history requests (migration 017).
      .leftJoin('agency as ag', 'ag.id', 'pa.agency_id')
      .leftJoin('app_user as u', 'u.id', 'pa.user_id')
      .leftJoin('agreement as p', 'p.id', 'pa.agreement_id')
      .select([
        'pa.id',
        'pa.agency_id',
        'ag.code as agency_code',
        'ag.name as agency_name',
        'pa.agreement_id',
        'p.nomor_dukcapil as agreement_number',
        'pa.user_id',
        'u.user_id as user_login',
        'u.status as user_status',
        'pa.source',
        'pa.scope',
        'pa.kind',
        'pa.action',
        'pa.summary',
        'pa.repeats',
        'pa.state',
        'pa.created_at',
        'pa.last_seen_at',
      ])
  );
}

export type AlertRow = Awaited<ReturnType<typeof listAlerts>>['rows'][number];

/** One page of alerts, newest first, with the count of all that match. */
export async function listAlerts(
  db: Executor,
  filter: AlertFilter,
  page: { limit: number; offset: number },
) {
  let query = selectAlerts(db).orderBy('pa.id', 'desc');
  if (filter.state) query = query.where('pa.state', '=', filter.state);
  if (filter.agencyId !== undefined) query = query.where('pa.agency_id', '=', filter.agencyId);
  if (filter.kind) query = query.where('pa.kind', '=', filter.kind);
  return pageWithTotal(query, page);
}

/** One alert with its evidence, review and hold decision (who by user ID). */
export async function findAlert(db: Executor, id: number) {
  return selectAlerts(db)
    .leftJoin('app_user as r', 'r.id', 'pa.reviewed_by')
    .leftJoin('app_user as d', 'd.id', 'pa.hold_decided_by')
    .select([
      'pa.evidence',
      'pa.note',
      'pa.reviewed_at',
      'r.user_id as reviewer',
      'pa.hold_decision',
      'pa.hold_decided_at',
      'pa.hold_reason',
      'd.user_id as hold_decider',
      'pa.mailed_at',
    ])
    .where('pa.id', '=', id)
    .executeTakeFirst();
}

/** The user IDs (app_user.user_id) of app_user ids, for the evidence table. */
export async function userLoginsOf(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return new Map<number, string>();
  const rows = await db
    .selectFrom('app_user')
    .select(['id', 'user_id'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.user_id]));
}

/**
 * Moves an alert one review step, if it is still in `from` (two admins at once: the second
 * finds it moved and changes nothing). True when it moved.
 */
export async function moveAlert(
  db: Executor,
  input: {
    id: number;
    from: AlertState;
    to: AlertState;
    note: string | null;
    by: number;
    at: Date;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('pattern_alert')
    .set({
      state: input.to,
      // A review step without a note keeps the note written before it.
      ...(input.note ? { note: input.note } : {}),
      reviewed_by: input.by,
      reviewed_at: input.at,
    })
    .where('id', '=', input.id)
    .where('state', '=', input.from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function recordHoldDecision(
  db: Executor,
  input: { id: number; decision: HoldDecision; by: number; at: Date; reason: string },
): Promise<void> {
  await db
    .updateTable('pattern_alert')
    .set({
      hold_decision: input.decision,
      hold_decided_by: input.by,
      hold_decided_at: input.at,
      hold_reason: input.reason,
    })
    .where('id', '=', input.id)
    .execute();
}

/** Alerts not yet closed (OPEN and DITINJAU), and of them the ones nobody has looked at. */
export async function countOpenAlerts(db: Executor): Promise<{ open: number; unread: number }> {
  const row = await db
    .selectFrom('pattern_alert')
    .select([
      sql<number>`count(*) FILTER (WHERE state <> 'SELESAI')::int`.as('open'),
      sql<number>`count(*) FILTER (WHERE state = 'OPEN')::int`.as('unread'),
    ])
    .executeTakeFirstOrThrow();
  return { open: Number(row.open), unread: Number(row.unread) };
}

/** An agency's alerts, newest first (what its head may read). */
export async function listAgencyAlertRows(db: Executor, agencyId: number, limit: number) {
  return selectAlerts(db)
    .where('pa.agency_id', '=', agencyId)
    .orderBy('pa.created_at', 'desc')
    .orderBy('pa.id', 'desc')
    .limit(limit)
    .execute();
}

export interface AgencyAlertCountRow {
  readonly agency_id: number;
  /** Every alert of the agency. */
  readonly total: number;
  /** Not yet closed (OPEN and DITINJAU), as countOpenAlerts counts them. */
  readonly open: number;
  /** Of those, the ones nobody has looked at (OPEN). */
  readonly unread: number;
}

/** Per agency (or of one agency): its alerts, those not yet closed, and those unread. */
export async function countAlertsPerAgency(
  db: Executor,
  agencyId?: number,
): Promise<AgencyAlertCountRow[]> {
  let query = db
    .selectFrom('pattern_alert')
    .select([
      'agency_id',
      sql<number>`count(*)::int`.as('total'),
      sql<number>`count(*) FILTER (WHERE state <> 'SELESAI')::int`.as('open'),
      sql<number>`count(*) FILTER (WHERE state = 'OPEN')::int`.as('unread'),
    ])
    .where('agency_id', 'is not', null)
    .groupBy('agency_id');
  if (agencyId !== undefined) query = query.where('agency_id', '=', agencyId);
  const rows = await query.execute();
  return rows.map((r) => ({
    agency_id: r.agency_id!,
    total: Number(r.total),
    open: Number(r.open),
    unread: Number(r.unread),
  }));
}

// --- The e-mail outbox ------------------------------------------------------------------------

/**
 * Claims up to `limit` alerts not yet mailed, oldest first, by marking them mailed now:
 * another server process skips them (SKIP LOCKED) and a restart never sends them again.
 * Sending that fails gives them back (releaseMailClaims).
 */
export async function claimUnmailedAlerts(db: Db, now: Date, limit: number) {
  return db.transaction().execute(async (tx) => {
    const ids = await sql<{ id: number }>`
      UPDATE pattern_alert SET mailed_at = ${now}
      WHERE id IN (
        SELECT id FROM pattern_alert WHERE mailed_at IS NULL
        ORDER BY id LIMIT ${limit}::int FOR UPDATE SKIP LOCKED)
      RETURNING id`.execute(tx);
    if (ids.rows.length === 0) return [];
    return selectAlerts(tx)
      .select(['pa.evidence'])
      .where(
        'pa.id',
        'in',
        ids.rows.map((r) => Number(r.id)),
      )
      .orderBy('pa.id')
      .execute();
  });
}

/** Sending failed: the alerts go back to the outbox for the next run. */
export async function releaseMailClaims(db: Executor, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('pattern_alert')
    .set({ mailed_at: null })
    .where('id', 'in', [...ids])
    .execute();
}
