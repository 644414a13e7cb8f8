import { sql } from 'kysely';
import type { AuditLogLeafRow } from '../domain/audit-seal/leaf.js';
import { auditLogColumns } from './audit-seal.js';
import type { Executor } from './db.js';

/**
 * The SQL of a resident's access statement (issue 14): the accesses of one NIK in a period,
 * each with the row's sealed columns (the same text the sealer hashed, store/audit-seal.ts),
 * its leaf position when sealed, and the agency's name. Read by the audit_log_nik index.
 */

/**
 * audit_log actions that are an access to one resident's data. A verification is a LOOKUP with
 * a detail (migration 024); later: card reads.
 */
export const ACCESS_ACTIONS = ['LOOKUP'] as const;

export interface ResidentAccessRow {
  readonly row: AuditLogLeafRow;
  readonly at: Date;
  readonly agencyName: string | null;
  /** The leaf position in the sealed log; null when not sealed yet. */
  readonly position: number | null;
}

interface AccessRecord extends AuditLogLeafRow {
  readonly at_time: Date;
  readonly agency_name: string | null;
  readonly position: number | null;
}

export async function listResidentAccesses(
  db: Executor,
  nik: string,
  from: Date,
  toExclusive: Date,
): Promise<ResidentAccessRow[]> {
  const result = await sql<AccessRecord>`
    SELECT ${auditLogColumns('a')}, a.at AS at_time, ag.name AS agency_name,
           s.position AS position
    FROM audit_log a
    LEFT JOIN agency ag ON ag.id = a.agency_id
    LEFT JOIN audit_seal_leaf s ON s.source = 'audit_log' AND s.source_id = a.id
    WHERE a.nik = ${nik} AND a.action IN (${sql.join([...ACCESS_ACTIONS])})
      AND a.at >= ${from} AND a.at < ${toExclusive}
    ORDER BY a.at, a.id`.execute(db);
  return result.rows.map(({ at_time, agency_name, position, ...row }) => ({
    row,
    at: at_time,
    agencyName: agency_name,
    position: position === null ? null : Number(position),
  }));
}

export interface ResidentReturnRow {
  readonly receivedAt: Date;
  readonly agencyName: string;
  readonly channel: string;
  readonly version: number;
}

/** Return data received for the NIK in the period, every version (not sealed). */
export async function listResidentReturnData(
  db: Executor,
  nik: string,
  from: Date,
  toExclusive: Date,
): Promise<ResidentReturnRow[]> {
  const rows = await db
    .selectFrom('data_balikan as d')
    .innerJoin('agency as ag', 'ag.id', 'd.agency_id')
    .select(['d.received_at', 'ag.name as agency_name', 'd.channel', 'd.version'])
    .where('d.nik', '=', nik)
    .where('d.received_at', '>=', from)
    .where('d.received_at', '<', toExclusive)
    .orderBy('d.received_at')
    .orderBy('d.id')
    .execute();
  return rows.map((r) => ({
    receivedAt: r.received_at,
    agencyName: r.agency_name,
    channel: r.channel,
    version: r.version,
  }));
}

/** One request for a resident's access history at Dukcapil's counter (admin_action). */
export interface HistoryRequestRow {
  readonly id: number;
  readonly at: Date;
  readonly actorId: number;
  readonly nik: string | null;
}

/**
 * The latest requests (RIWAYAT_AKSES_DIMINTA), newest first: one officer's, or every officer's
 * (`actorId` null), for the input-pattern policy. Read by admin_action_history_requests (017).
 */
export async function listHistoryRequests(
  db: Executor,
  action: string,
  actorId: number | null,
  limit: number,
): Promise<HistoryRequestRow[]> {
  let query = db
    .selectFrom('admin_action')
    .select(['id', 'at', 'actor_id', sql<string | null>`detail->>'nik'`.as('nik')])
    .where('action', '=', action)
    .where('actor_id', 'is not', null)
    .orderBy('id', 'desc')
    .limit(limit);
  if (actorId !== null) query = query.where('actor_id', '=', actorId);
  const rows = await query.execute();
  return rows.map((r) => ({ id: Number(r.id), at: r.at, actorId: r.actor_id!, nik: r.nik }));
}
