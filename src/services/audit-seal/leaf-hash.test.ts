import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeAuditRow } from '../../../test/factories.js';
import { auditKeyPair } from '../../domain/audit-seal/checkpoint.js';
import { makeDeps, type Deps } from '../deps.js';
import { AUDIT_LOG_ORIGIN } from './keys.js';
import { sealAll } from './sealer.js';
import { verifyAuditTrail } from './verify.js';
import { recordAdminAction } from '../../store/admin-actions.js';

/**
 * The sealer takes each row's leaf hash from PostgreSQL (store/audit-seal.ts leafHashSql);
 * `verify` recomputes it in Node from the columns (domain/audit-seal/leaf.ts). Over arbitrary
 * text — quotes, backslashes, control characters, any Unicode — and JSON details, the two
 * must agree, or an untouched trail would be reported as tampered with.
 */
const seed = Buffer.alloc(32, 11);
const key = { name: AUDIT_LOG_ORIGIN, publicKey: auditKeyPair(AUDIT_LOG_ORIGIN, seed).publicKey };
let t: TestDatabase;
let deps: Deps;

beforeAll(async () => {
  t = await createTestDatabase();
  deps = makeDeps({ tokenTtlSeconds: 600, sessionTtlSeconds: 600 }, t.db, { auditKey: seed });
});
afterAll(() => t.drop());

/** Text PostgreSQL can hold (no NUL), weighted towards what JSON must escape. */
const text = (maxLength: number) =>
  fc
    .string({
      unit: fc.oneof(
        fc.constantFrom('"', '\\', '\n', '\t', '\u0001', '\u001f', '\u007f', '\u2028', '/'),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
        fc.integer({ min: 1, max: 0x1f }).map((code) => String.fromCharCode(code)),
      ),
      maxLength,
    })
    .filter((value) => !value.includes('\u0000'));

const detail = fc.option(
  fc.dictionary(text(12), fc.oneof(text(20), fc.integer(), fc.boolean(), fc.constant(null)), {
    maxKeys: 4,
  }),
);

describe('leaf hashes computed by the database', () => {
  it('are the hashes Node computes from the same rows, for any text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          nik: fc.option(text(40)),
          purpose: fc.option(text(120)),
          reason: fc.option(text(120)),
          ip: fc.oneof(fc.ipV4(), fc.ipV6()),
          detail,
          target: text(60).filter((value) => value.length >= 1),
          adminReason: fc.option(text(100)),
          adminDetail: detail,
        }),
        async (row) => {
          await makeAuditRow(t.db, {
            client_ip: row.ip,
            nik: row.nik,
            purpose: row.purpose,
            reason: row.reason,
            detail: row.detail === null ? null : JSON.stringify(row.detail),
          });
          await recordAdminAction(t.db, {
            at: new Date(),
            actorId: null,
            agencyId: null,
            action: 'UJI_TINDAKAN',
            target: row.target,
            reason: row.adminReason,
            // Absent, not JSON null: the column's NULL.
            detail: row.adminDetail ?? undefined,
          });
          expect((await sealAll(deps)).sealed).toBe(2);
        },
      ),
      { numRuns: 40, seed: 20261207 },
    );
    const report = await verifyAuditTrail(deps, { verifiers: [key] });
    expect(report).toMatchObject({ ok: true, size: 80 });
  });
});
