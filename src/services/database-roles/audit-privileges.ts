import { currentRole, tableRewriteRights } from '../../store/db-privileges.js';
import type { Deps } from '../deps.js';

/**
 * Least privilege in the database (issue 9 §1, SPEC §6): the server's role may read and
 * append to the audit trail and nothing more — no UPDATE, DELETE, TRUNCATE, and no ownership
 * (an owner can disable the append-only triggers). sql/roles.sql grants exactly that; this
 * check, run at start on PostgreSQL, says when the role the server connects as could still
 * rewrite the trail. The embedded database has no roles and is not checked.
 */

/** The tables of the audit trail: the records, and the seal that proves them. */
export const AUDIT_TABLES = [
  'audit_log',
  'admin_action',
  'audit_seal_leaf',
  'audit_checkpoint',
  'audit_signing_key',
  'audit_verification',
] as const;

/** Where the README explains the two roles and the script that grants them. */
export const DATABASE_ROLES_SECTION = 'Database roles (PostgreSQL)';

export type RewriteRight = 'UPDATE' | 'DELETE' | 'TRUNCATE' | 'PEMILIK';

export interface AuditRewriteRisk {
  /** The role the server acts as. */
  readonly role: string;
  /** Each audit table the role could rewrite, with how; empty when it can only append. */
  readonly tables: readonly { readonly table: string; readonly rights: readonly RewriteRight[] }[];
}

/** What the connected role could do to rewrite each audit table. */
export async function auditRewriteRisk(deps: Deps): Promise<AuditRewriteRisk> {
  const [role, rows] = await Promise.all([
    currentRole(deps.db),
    tableRewriteRights(deps.db, AUDIT_TABLES),
  ]);
  const tables = rows
    .map((row) => ({
      table: row.table_name,
      rights: [
        ...(row.can_update ? (['UPDATE'] as const) : []),
        ...(row.can_delete ? (['DELETE'] as const) : []),
        ...(row.can_truncate ? (['TRUNCATE'] as const) : []),
        ...(row.owns ? (['PEMILIK'] as const) : []),
      ],
    }))
    .filter((table) => table.rights.length > 0);
  return { role, tables };
}

/** The warning for the log, in Bahasa Indonesia, or undefined when the trail is safe. */
export function auditRewriteWarning(risk: AuditRewriteRisk): string | undefined {
  if (risk.tables.length === 0) return undefined;
  const byRights = new Map<string, string[]>();
  for (const { table, rights } of risk.tables) {
    const key = rights.map((right) => (right === 'PEMILIK' ? 'kepemilikan' : right)).join(', ');
    byRights.set(key, [...(byRights.get(key) ?? []), table]);
  }
  const detail = [...byRights].map(([rights, tables]) => `${rights} pada ${tables.join(', ')}`);
  return (
    `Peran basis data "${risk.role}" dapat menulis ulang jejak audit (${detail.join('; ')}). ` +
    'Hubungkan server sebagai peran aplikasi yang hanya boleh menambah (INSERT) pada tabel audit ' +
    'dan jalankan migrasi sebagai peran pemilik melalui DATABASE_OWNER_URL: lihat README, ' +
    `bagian "${DATABASE_ROLES_SECTION}" (sql/roles.sql).`
  );
}

/** The start-up check: the warning to log, or undefined when the role can only append. */
export async function checkAuditPrivileges(deps: Deps): Promise<string | undefined> {
  return auditRewriteWarning(await auditRewriteRisk(deps));
}
