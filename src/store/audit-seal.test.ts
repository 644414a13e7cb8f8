import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealerWorld } from '../../test/audit-seal.js';
import type { TestDatabase } from '../../test/db.js';
import { makeAuditRow } from '../../test/factories.js';
import type { Deps } from '../services/deps.js';
import type { AuditSigner } from '../services/audit-seal/keys.js';
import { sealPending } from '../services/audit-seal/sealer.js';
import { findUnsealedRows, readSealState, trySealerLock } from './audit-seal.js';
import { recordAdminAction } from './admin-actions.js';

/**
 * The sealer's reads, each one statement however many ranges a turn asks about: the rows not
 * sealed yet, one list per range in the order asked; and the seal's state after the lock.
 */
let t: TestDatabase;
let deps: Deps;
let signer: AuditSigner;

beforeAll(async () => {
  ({ t, deps, signer } = await sealerWorld(11));
});
afterAll(() => t.drop());

/** An administrative action, and its id. */
async function adminRow(): Promise<number> {
  await recordAdminAction(t.db, {
    at: new Date(),
    actorId: null,
    agencyId: null,
    action: 'UJI_TINDAKAN',
    target: 'uji',
  });
  const newest = await t.db
    .selectFrom('admin_action')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirstOrThrow();
  return Number(newest.id);
}

describe('the sealer’s reads', () => {
  it('find the unsealed rows of every range in one list each, oldest id first, in the order asked', async () => {
    const sealed: number[] = [];
    for (let i = 0; i < 3; i++)
      sealed.push(await makeAuditRow(t.db, { nik: `330305010190010${i}` }));
    await sealPending(deps, signer);
    const open: number[] = [];
    for (let i = 0; i < 5; i++) open.push(await makeAuditRow(t.db, { nik: `330305010190020${i}` }));
    const admin = [await adminRow(), await adminRow()];

    const [above, adminAbove, slice, empty] = await findUnsealedRows(
      t.db,
      [
        { source: 'audit_log', after: 0 },
        { source: 'admin_action', after: 0 },
        { source: 'audit_log', after: open[1]!, upto: open[3]! },
        { source: 'audit_log', after: open[4]! },
      ],
      100,
    );
    expect(above!.map((row) => row.id)).toEqual(open);
    expect(above!.every((row) => row.source === 'audit_log' && row.leafHash.length === 32)).toBe(
      true,
    );
    expect(adminAbove!.map((row) => [row.source, row.id])).toEqual(
      admin.map((id) => ['admin_action', id]),
    );
    expect(slice!.map((row) => row.id)).toEqual([open[2], open[3]]);
    expect(empty).toEqual([]);
    // Each range's limit is its own.
    const [firstTwo, adminOne] = await findUnsealedRows(
      t.db,
      [
        { source: 'audit_log', after: 0 },
        { source: 'admin_action', after: 0 },
      ],
      1,
    );
    expect(firstTwo!.map((row) => row.id)).toEqual([open[0]]);
    expect(adminOne!.map((row) => row.id)).toEqual([admin[0]]);
  });

  it('read the seal’s state in one statement: highest sealed ids and the latest checkpoint', async () => {
    await sealPending(deps, signer);
    const state = await t.db.transaction().execute(async (trx) => {
      expect(await trySealerLock(trx)).toBe(true);
      return readSealState(trx);
    });
    const leaves = await t.db
      .selectFrom('audit_seal_leaf')
      .select((eb) => ['source', eb.fn.max('source_id').as('highest')])
      .groupBy('source')
      .execute();
    const highestOf = (source: string) =>
      Number(leaves.find((leaf) => leaf.source === source)?.highest);
    expect(state.highest).toEqual({
      audit_log: highestOf('audit_log'),
      admin_action: highestOf('admin_action'),
    });
    const checkpoint = await t.db
      .selectFrom('audit_checkpoint')
      .select(['size', 'note'])
      .orderBy('size', 'desc')
      .executeTakeFirstOrThrow();
    expect(state.latest?.size).toBe(Number(checkpoint.size));
    expect(state.latest?.note).toBe(checkpoint.note);
    expect(state.latest?.frontier.every((hash) => hash.length === 32)).toBe(true);
    expect(state.snapshot.xmin <= state.snapshot.xmax).toBe(true);
  });
});
