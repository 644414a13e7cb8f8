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

export interface ExportAuditEntry {
  readonly at: Date;
  readonly userId: number;
  /** The agency the export was narrowed to, if any. */
  readonly agencyId: number | null;
  readonly clientIp: string;
  /** The NIK the export was narrowed to, if any: a search by that NIK finds the export. */
  readonly nik?: string | undefined;
  /** What was exported, in words: the list, the format, the filter, the rows. */
  readonly description: string;
}

/**
 * One audit row per export (action EKSPOR, migration 004) — of the return data or of the
 * audit trail itself — written before any row leaves.
 */
export async function insertExportAudit(db: Executor, entry: ExportAuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: entry.at,
      action: 'EKSPOR',
      channel: 'PORTAL',
      user_id: entry.userId,
      agency_id: entry.agencyId,
      client_ip: entry.clientIp,
      nik: entry.nik ?? null,
      purpose: entry.description,
      response_code: 'BERHASIL',
    })
    .execute();
}
