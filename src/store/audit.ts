import type { Executor } from './db.js';

export interface LoginAuditEntry {
  readonly at: Date;
  readonly channel: 'PORTAL' | 'API';
  readonly userId: number | null;
  readonly agencyId: number | null;
  readonly clientIp: string;
  readonly responseCode: string;
}

export async function insertLoginAudit(db: Executor, entry: LoginAuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: entry.at,
      action: 'LOGIN',
      channel: entry.channel,
      user_id: entry.userId,
      agency_id: entry.agencyId,
      client_ip: entry.clientIp,
      response_code: entry.responseCode,
    })
    .execute();
}

/** The most recent audit records of an agency (or of all agencies), newest first. */
export async function listAudit(db: Executor, options: { agencyId?: number; limit: number }) {
  let query = db
    .selectFrom('audit_log as a')
    .leftJoin('app_user as u', 'u.id', 'a.user_id')
    .leftJoin('agency as ag', 'ag.id', 'a.agency_id')
    .select([
      'a.id',
      'a.at',
      'a.action',
      'a.channel',
      'u.user_id',
      'ag.code as agency_code',
      'a.client_ip',
      'a.nik',
      'a.purpose',
      'a.response_code',
    ])
    .orderBy('a.id', 'desc')
    .limit(options.limit);
  if (options.agencyId !== undefined) query = query.where('a.agency_id', '=', options.agencyId);
  return query.execute();
}
