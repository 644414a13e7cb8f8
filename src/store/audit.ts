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
