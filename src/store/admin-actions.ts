import type { Executor } from './db.js';

export interface AdminActionEntry {
  readonly at: Date;
  /** null when the server's operator acted through the command line. */
  readonly actorId: number | null;
  readonly agencyId: number | null;
  /** An upper-case verb, e.g. PKS_DICABUT, USER_DIBUAT. */
  readonly action: string;
  /** What was acted on, as people name it: a user ID, an agreement number. */
  readonly target: string;
  readonly reason?: string | null;
  readonly detail?: unknown;
}

/** Records an administrative action; call it in the transaction that makes the change. */
export async function recordAdminAction(db: Executor, entry: AdminActionEntry): Promise<void> {
  await db
    .insertInto('admin_action')
    .values({
      at: entry.at,
      actor_id: entry.actorId,
      agency_id: entry.agencyId,
      action: entry.action,
      target: entry.target,
      reason: entry.reason ?? null,
      detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
    })
    .execute();
}

/** The newest administrative actions, of one agency or of all. */
export async function listAdminActions(
  db: Executor,
  options: {
    agencyId?: number;
    limit: number;
    offset?: number;
    /** Leave out the actions whose verb starts so (e.g. a feature's routine LAYANAN_ steps). */
    excludePrefix?: string;
  },
) {
  let query = db
    .selectFrom('admin_action as a')
    .leftJoin('app_user as u', 'u.id', 'a.actor_id')
    .leftJoin('agency as ag', 'ag.id', 'a.agency_id')
    .select([
      'a.id',
      'a.at',
      'a.action',
      'a.target',
      'a.reason',
      'a.detail',
      'u.user_id as actor',
      'ag.code as agency_code',
    ])
    .orderBy('a.id', 'desc')
    .limit(options.limit)
    .offset(options.offset ?? 0);
  if (options.agencyId !== undefined) query = query.where('a.agency_id', '=', options.agencyId);
  if (options.excludePrefix !== undefined) {
    query = query.where('a.action', 'not like', `${options.excludePrefix.replace(/_/g, '\\_')}%`);
  }
  return query.execute();
}
