import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { auditKeyPair, parseVerifierKey, verifierKey } from '../../domain/audit-seal/checkpoint.js';
import { checkInclusionProof } from '../../domain/audit-seal/proof.js';
import type { Db } from '../../store/db.js';
import { makeDeps, type Deps } from '../deps.js';
import { auditSigner, AUDIT_LOG_ORIGIN, recordedVerifiers } from './keys.js';
import { proveAuditRow } from './prove.js';
import { sealAll, sealPending } from './sealer.js';
import { latestCheckpoint } from './status.js';
import { verifyAuditTrail, type BreakKind } from './verify.js';
import { recordAdminAction } from '../../store/admin-actions.js';

/**
 * The sealed trail on a real engine: rows written, sealed in several batches (one
 * checkpoint each), then tampered with as the database's owner would (triggers off) — and
 * `verify` must name every change and where it is.
 */
const START = Date.parse('2026-12-01T01:00:00Z');
const settings = { tokenTtlSeconds: 600, sessionTtlSeconds: 600 };
const HOUR = 3_600_000;
const AUDIT_ROWS = 120;
const ADMIN_ROWS = 12;

let t: TestDatabase;
let now = START;
let deps: Deps;
const seed = Buffer.alloc(32, 42);
const key = { name: AUDIT_LOG_ORIGIN, publicKey: auditKeyPair(AUDIT_LOG_ORIGIN, seed).publicKey };
const otherKey = auditKeyPair(AUDIT_LOG_ORIGIN, Buffer.alloc(32, 43));

async function writeRows(db: Db, count: number, admin: number, from: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    await db
      .insertInto('audit_log')
      .values({
        at: new Date(from + i * 1000),
        action: 'LOOKUP',
        channel: i % 3 === 0 ? 'API' : 'PORTAL',
        user_id: null,
        agency_id: null,
        client_ip: `10.10.0.${(i % 200) + 1}`,
        nik: `330305${String(100101 + i).padStart(6, '0')}${String(1 + i).padStart(4, '0')}`,
        purpose: 'Pendaftaran pasien',
        response_code: i % 5 === 0 ? 'TIDAK_DITEMUKAN' : 'DITEMUKAN',
        // One access in four carries a detail (a verification's elements): leaf format 2.
        detail:
          i % 4 === 1 ? JSON.stringify({ verifikasi: ['namaLengkap', 'tanggalLahir'] }) : null,
      })
      .execute();
  }
  for (let i = 0; i < admin; i += 1) {
    await recordAdminAction(db, {
      at: new Date(from + i * 7000 + 500),
      actorId: null,
      agencyId: null,
      action: 'UJI_TINDAKAN',
      target: `sasaran ${i}`,
      reason: i % 2 ? 'alasan uji' : null,
      detail: { urutan: i, catatan: 'ä ü' },
    });
  }
}

/** Runs `change` as the owner with triggers off, verifies inside, and undoes it all. */
async function verifyTampered(
  change: (trx: Db) => Promise<void>,
  options: { externalCheckpoint?: string } = {},
) {
  let report: Awaited<ReturnType<typeof verifyAuditTrail>> | undefined;
  await t.db
    .transaction()
    .execute(async (trx) => {
      await sql`SET LOCAL session_replication_role = replica`.execute(trx);
      await change(trx);
      await sql`SET LOCAL session_replication_role = origin`.execute(trx);
      report = await verifyAuditTrail(
        makeDeps(settings, trx, { clock: () => new Date(now), auditKey: seed }),
        { verifiers: [key], ...options },
      );
      throw new Error('undo');
    })
    .catch((error: unknown) => {
      if (!(error instanceof Error && error.message === 'undo')) throw error;
    });
  return report!;
}

async function positionOf(db: Db, source: string, id: number): Promise<number> {
  const row = await db
    .selectFrom('audit_seal_leaf')
    .select('position')
    .where('source', '=', source as 'audit_log')
    .where('source_id', '=', id)
    .executeTakeFirstOrThrow();
  return row.position;
}

describe('the sealed audit trail', () => {
  let firstCheckpoint: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    deps = makeDeps(settings, t.db, { clock: () => new Date(now), auditKey: seed });
    // Three seals, an hour apart: three checkpoints.
    for (let batch = 0; batch < 3; batch += 1) {
      await writeRows(t.db, AUDIT_ROWS / 3, ADMIN_ROWS / 3, START + batch * HOUR);
      now = START + batch * HOUR + 59_000;
      const sealed = await sealAll(deps);
      expect(sealed.sealed).toBe((AUDIT_ROWS + ADMIN_ROWS) / 3);
      if (batch === 0) firstCheckpoint = (await latestCheckpoint(deps))!.note;
    }
  });
  afterAll(async () => {
    await t.drop();
  });

  it('seals every row once, in batches, each with a signed checkpoint that verifies', async () => {
    expect(await sealPending(deps, await auditSigner(deps))).toEqual({
      sealed: 0,
      size: AUDIT_ROWS + ADMIN_ROWS,
    });
    const report = await verifyAuditTrail(deps, { verifiers: [key], record: true });
    expect(report).toMatchObject({
      ok: true,
      size: AUDIT_ROWS + ADMIN_ROWS,
      checkpoints: 3,
      awaitingSeal: 0,
    });
    const runs = await t.db.selectFrom('audit_verification').selectAll().execute();
    expect(runs.at(-1)).toMatchObject({ ok: true, size: AUDIT_ROWS + ADMIN_ROWS, problem: null });
    // Accesses with a detail are sealed in format 2, the rest of the trail in format 1.
    const formats = await t.db
      .selectFrom('audit_seal_leaf')
      .select(['source', 'format', (eb) => eb.fn.countAll<number>().as('rows')])
      .groupBy(['source', 'format'])
      .orderBy('source')
      .orderBy('format')
      .execute();
    expect(formats.map((f) => [f.source, f.format, Number(f.rows)])).toEqual([
      ['admin_action', 1, ADMIN_ROWS],
      ['audit_log', 1, (AUDIT_ROWS * 3) / 4],
      ['audit_log', 2, AUDIT_ROWS / 4],
    ]);
    // The key GERBANG_AUDIT_KEY names is the one recorded, public half only.
    expect((await recordedVerifiers(deps)).map(verifierKey)).toEqual([verifierKey(key)]);
    const keys = await t.db.selectFrom('audit_signing_key').select('private_key').execute();
    expect(keys.map((k) => k.private_key)).toEqual([null]);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of the sealed tables to anyone with triggers on', async () => {
    for (const statement of [
      sql`UPDATE audit_log SET nik = '1' WHERE id = 1`,
      sql`DELETE FROM audit_seal_leaf WHERE position = 0`,
      sql`UPDATE audit_checkpoint SET note = 'x'`,
      sql`TRUNCATE admin_action`,
    ]) {
      await expect(statement.execute(t.db)).rejects.toThrow('hanya dapat ditambah');
    }
  });

  it('leaves rows written after the last seal waiting, not broken', async () => {
    const report = await verifyTampered(async (trx) => {
      await writeRows(trx, 2, 0, now);
    });
    expect(report).toMatchObject({ ok: true, awaitingSeal: 2 });
  });

  const cases: {
    name: string;
    /** What verify must say; a change in the last batch can only show as a shorter log. */
    kind: BreakKind | readonly BreakKind[];
    change: (trx: Db, pick: number) => Promise<{ position?: number }>;
  }[] = [
    {
      name: 'a changed column of an access',
      kind: 'BARIS_DIUBAH',
      change: async (trx, pick) => {
        const id = (pick % AUDIT_ROWS) + 1;
        await sql`UPDATE audit_log SET response_code = 'GANDA' WHERE id = ${id}`.execute(trx);
        return { position: await positionOf(trx, 'audit_log', id) };
      },
    },
    {
      name: 'a changed NIK (one digit)',
      kind: 'BARIS_DIUBAH',
      change: async (trx, pick) => {
        const id = (pick % AUDIT_ROWS) + 1;
        await sql`UPDATE audit_log SET nik = overlay(nik placing CASE WHEN right(nik, 1) = '9' THEN '8' ELSE '9' END from 16) WHERE id = ${id}`.execute(
          trx,
        );
        return { position: await positionOf(trx, 'audit_log', id) };
      },
    },
    {
      name: 'a changed detail of an access (format 2)',
      kind: 'BARIS_DIUBAH',
      change: async (trx, pick) => {
        const id = 4 * (pick % (AUDIT_ROWS / 4)) + 2;
        await sql`UPDATE audit_log SET detail = '{"verifikasi": ["namaLengkap"]}' WHERE id = ${id}`.execute(
          trx,
        );
        return { position: await positionOf(trx, 'audit_log', id) };
      },
    },
    {
      name: 'a detail removed from an access, or added to one',
      kind: 'BARIS_DIUBAH',
      change: async (trx, pick) => {
        const id = (pick % AUDIT_ROWS) + 1;
        await sql`UPDATE audit_log SET detail = CASE WHEN detail IS NULL THEN '{}'::jsonb END WHERE id = ${id}`.execute(
          trx,
        );
        return { position: await positionOf(trx, 'audit_log', id) };
      },
    },
    {
      name: 'a changed administrative action',
      kind: 'BARIS_DIUBAH',
      change: async (trx, pick) => {
        const id = (pick % ADMIN_ROWS) + 1;
        await sql`UPDATE admin_action SET detail = '{"urutan": -1}' WHERE id = ${id}`.execute(trx);
        return { position: await positionOf(trx, 'admin_action', id) };
      },
    },
    {
      name: 'a back-dated access (by a microsecond)',
      kind: 'BARIS_DIUBAH',
      change: async (trx, pick) => {
        const id = (pick % AUDIT_ROWS) + 1;
        await sql`UPDATE audit_log SET at = at - interval '1 microsecond' WHERE id = ${id}`.execute(
          trx,
        );
        return { position: await positionOf(trx, 'audit_log', id) };
      },
    },
    {
      name: 'a deleted access',
      kind: 'BARIS_DIHAPUS',
      change: async (trx, pick) => {
        const id = (pick % AUDIT_ROWS) + 1;
        const position = await positionOf(trx, 'audit_log', id);
        await sql`DELETE FROM audit_log WHERE id = ${id}`.execute(trx);
        return { position };
      },
    },
    {
      name: 'a deleted access with its leaf',
      kind: ['POSISI', 'EKOR_TERPOTONG'], // the last leaf gone reads as a shorter log
      change: async (trx, pick) => {
        const id = (pick % AUDIT_ROWS) + 1;
        const position = await positionOf(trx, 'audit_log', id);
        await sql`DELETE FROM audit_seal_leaf WHERE position = ${position}`.execute(trx);
        await sql`DELETE FROM audit_log WHERE id = ${id}`.execute(trx);
        return { position };
      },
    },
    {
      name: 'a deleted access, the later leaves moved up and their hashes kept',
      kind: ['AKAR_BERBEDA', 'EKOR_TERPOTONG'],
      change: async (trx, pick) => {
        const id = (pick % AUDIT_ROWS) + 1;
        const position = await positionOf(trx, 'audit_log', id);
        await sql`DELETE FROM audit_seal_leaf WHERE position = ${position}`.execute(trx);
        await sql`DELETE FROM audit_log WHERE id = ${id}`.execute(trx);
        await sql`UPDATE audit_seal_leaf SET position = position + 1000000000000 WHERE position > ${position}`.execute(
          trx,
        );
        await sql`UPDATE audit_seal_leaf SET position = position - 1000000000001 WHERE position > 1000000000000`.execute(
          trx,
        );
        return { position };
      },
    },
    {
      name: 'two sealed accesses swapped in the log (reordered)',
      kind: 'AKAR_BERBEDA',
      change: async (trx, pick) => {
        const a = pick % (AUDIT_ROWS + ADMIN_ROWS - 1);
        const park = 1_000_000_000_000;
        await sql`UPDATE audit_seal_leaf SET position = ${park}::bigint WHERE position = ${a}::bigint`.execute(
          trx,
        );
        await sql`UPDATE audit_seal_leaf SET position = ${a}::bigint WHERE position = ${a + 1}::bigint`.execute(
          trx,
        );
        await sql`UPDATE audit_seal_leaf SET position = ${a + 1}::bigint WHERE position = ${park}::bigint`.execute(
          trx,
        );
        return { position: a };
      },
    },
    {
      name: 'a changed row with its leaf hash recomputed',
      kind: 'AKAR_BERBEDA',
      change: async (trx, pick) => {
        const id = (pick % AUDIT_ROWS) + 1;
        await sql`UPDATE audit_log SET purpose = 'keperluan lain' WHERE id = ${id}`.execute(trx);
        const position = await positionOf(trx, 'audit_log', id);
        const { leafData } = await import('../../domain/audit-seal/leaf.js');
        const { leafHash } = await import('../../domain/audit-seal/merkle.js');
        const { readLeaves } = await import('../../store/audit-seal.js');
        const [leaf] = await readLeaves(trx, position, 1);
        await sql`UPDATE audit_seal_leaf SET leaf_hash = ${leafHash(leafData(leaf!.row!))}
                  WHERE position = ${position}`.execute(trx);
        return { position };
      },
    },
    {
      name: 'a forged access inserted with an old time',
      kind: 'TIDAK_TERSEGEL',
      change: async (trx, pick) => {
        await writeRows(trx, 1, 0, START + (pick % 100) * 1000);
        return {};
      },
    },
    {
      name: 'a forged access inserted with an old time, then sealed by the server',
      kind: 'BERTANGGAL_MUNDUR',
      change: async (trx, pick) => {
        await writeRows(trx, 1, 0, START + (pick % 100) * 1000);
        const sealing = makeDeps(settings, trx, { clock: () => new Date(now), auditKey: seed });
        await sealAll(sealing);
        return { position: AUDIT_ROWS + ADMIN_ROWS };
      },
    },
    {
      name: 'the last checkpoint deleted',
      kind: 'CHECKPOINT',
      change: async (trx) => {
        await sql`DELETE FROM audit_checkpoint WHERE size = (SELECT max(size) FROM audit_checkpoint)`.execute(
          trx,
        );
        return {};
      },
    },
    {
      name: 'a checkpoint re-signed with another key',
      kind: 'TANDA_TANGAN',
      change: async (trx) => {
        const { signCheckpoint } = await import('../../domain/audit-seal/checkpoint.js');
        const cp = (await latestCheckpoint(makeDeps(settings, trx)))!;
        const forged = signCheckpoint(
          { origin: AUDIT_LOG_ORIGIN, size: cp.size, rootHash: cp.rootHash, sealedAt: cp.sealedAt },
          otherKey,
        );
        await sql`UPDATE audit_checkpoint SET note = ${forged.text} WHERE size = ${cp.size}`.execute(
          trx,
        );
        return {};
      },
    },
  ];

  it('finds every kind of tampering by the database owner, and where it is (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...cases), fc.nat({ max: 10_000 }), async (tamper, pick) => {
        let expected: { position?: number } = {};
        const report = await verifyTampered(async (trx) => {
          expected = await tamper.change(trx, pick);
        });
        expect(report.ok, tamper.name).toBe(false);
        expect([tamper.kind].flat(), tamper.name).toContain(report.broken?.kind);
        if (expected.position !== undefined) {
          const from = report.broken!.position!;
          const to = report.broken!.positionTo ?? from;
          expect(expected.position, tamper.name).toBeGreaterThanOrEqual(from);
          expect(expected.position, tamper.name).toBeLessThanOrEqual(Math.max(to, from));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('finds a truncated tail only against a checkpoint kept outside the database', async () => {
    const kept = (await latestCheckpoint(deps))!.note;
    const truncate = async (trx: Db) => {
      const cut = AUDIT_ROWS + ADMIN_ROWS - 5;
      await sql`DELETE FROM audit_log WHERE id IN (SELECT source_id FROM audit_seal_leaf
                WHERE source = 'audit_log' AND position >= ${cut})`.execute(trx);
      await sql`DELETE FROM admin_action WHERE id IN (SELECT source_id FROM audit_seal_leaf
                WHERE source = 'admin_action' AND position >= ${cut})`.execute(trx);
      await sql`DELETE FROM audit_seal_leaf WHERE position >= ${cut}`.execute(trx);
      // The last batch's checkpoint goes too, and a new one is signed — with the server's key.
      await sql`DELETE FROM audit_checkpoint WHERE size > ${cut}`.execute(trx);
    };
    const inside = await verifyTampered(truncate);
    expect(inside.ok).toBe(false); // the earlier checkpoint no longer ends on a leaf
    const resealed = await verifyTampered(async (trx) => {
      await truncate(trx);
      await sql`DELETE FROM audit_seal_leaf WHERE position >= ${(2 * (AUDIT_ROWS + ADMIN_ROWS)) / 3}`.execute(
        trx,
      );
    });
    expect(resealed).toMatchObject({ ok: true });
    const outside = await verifyTampered(
      async (trx) => {
        await truncate(trx);
        await sql`DELETE FROM audit_seal_leaf WHERE position >= ${(2 * (AUDIT_ROWS + ADMIN_ROWS)) / 3}`.execute(
          trx,
        );
      },
      { externalCheckpoint: kept },
    );
    expect(outside.broken).toMatchObject({ kind: 'EKOR_TERPOTONG' });
    // An older checkpoint kept outside still matches the log's prefix.
    expect(
      await verifyAuditTrail(deps, { verifiers: [key], externalCheckpoint: firstCheckpoint }),
    ).toMatchObject({
      ok: true,
    });
  });

  it('refuses a checkpoint kept outside that another key signed', async () => {
    const { signCheckpoint } = await import('../../domain/audit-seal/checkpoint.js');
    const cp = (await latestCheckpoint(deps))!;
    const forged = signCheckpoint(
      { origin: AUDIT_LOG_ORIGIN, size: cp.size, rootHash: cp.rootHash, sealedAt: cp.sealedAt },
      otherKey,
    ).text;
    const report = await verifyAuditTrail(deps, { verifiers: [key], externalCheckpoint: forged });
    expect(report.broken).toMatchObject({ kind: 'TANDA_TANGAN' });
    // And the whole log against another key's public half fails at the first checkpoint.
    const wrongKey = await verifyAuditTrail(deps, {
      verifiers: [{ name: otherKey.name, publicKey: otherKey.publicKey }],
    });
    expect(wrongKey.broken).toMatchObject({ kind: 'TANDA_TANGAN', position: 0 });
  });

  it('proves one access with the public key alone; a changed row or another key does not', async () => {
    const document = await proveAuditRow(deps, { source: 'audit_log', id: 7 });
    expect(JSON.parse(document.leaf)).toEqual(
      expect.arrayContaining(['audit_log', 1, 7, 'LOOKUP', 'Pendaftaran pasien']),
    );
    const publicKey = parseVerifierKey(verifierKey(key));
    expect(checkInclusionProof(JSON.parse(JSON.stringify(document)), publicKey)).toMatchObject({
      ok: true,
      size: AUDIT_ROWS + ADMIN_ROWS,
    });
    expect(
      checkInclusionProof(document, { name: otherKey.name, publicKey: otherKey.publicKey }),
    ).toMatchObject({
      ok: false,
      problem: 'tanda tangan checkpoint tidak sah untuk kunci publik ini',
    });
    const edited = { ...document, leaf: document.leaf.replace('DITEMUKAN', 'GANDA') };
    expect(checkInclusionProof(edited, publicKey)).toMatchObject({ ok: false });
    await expect(proveAuditRow(deps, { source: 'audit_log', id: 999_999 })).rejects.toMatchObject({
      code: 'TIDAK_DITEMUKAN',
    });
  });

  it('generates a key once and keeps it when GERBANG_AUDIT_KEY is absent', async () => {
    const keyless = makeDeps(settings, t.db, { clock: () => new Date(now) });
    const first = await auditSigner(keyless);
    const second = await auditSigner(keyless);
    expect(first.keptInDatabase).toBe(true);
    expect(second.keyId).toBe(first.keyId);
  });
});
