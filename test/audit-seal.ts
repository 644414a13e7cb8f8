import { makeDeps, type Deps } from '../src/services/deps.js';
import { auditSigner, type AuditSigner } from '../src/services/audit-seal/keys.js';
import type { Db } from '../src/store/db.js';
import { createTestDatabase, type TestDatabase } from './db.js';

/** What a test of the sealer starts from: its own database, deps with a fixed audit key, the signer. */
export async function sealerWorld(
  keyByte: number,
): Promise<{ t: TestDatabase; deps: Deps; signer: AuditSigner }> {
  const t = await createTestDatabase();
  const deps = makeDeps({ tokenTtlSeconds: 600, sessionTtlSeconds: 600 }, t.db, {
    auditKey: Buffer.alloc(32, keyByte),
  });
  return { t, deps, signer: await auditSigner(deps) };
}

/** The ids of the audit_log rows that have a leaf in the sealed log. */
export async function sealedAuditLogIds(db: Db): Promise<number[]> {
  const leaves = await db
    .selectFrom('audit_seal_leaf')
    .select('source_id')
    .where('source', '=', 'audit_log')
    .execute();
  return leaves.map((leaf) => leaf.source_id);
}
