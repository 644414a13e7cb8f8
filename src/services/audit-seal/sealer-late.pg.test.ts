import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealedAuditLogIds, sealerWorld } from '../../../test/audit-seal.js';
import type { TestDatabase } from '../../../test/db.js';
import { makeAuditRow } from '../../../test/factories.js';
import type { Executor } from '../../store/db.js';
import type { Deps } from '../deps.js';
import type { AuditSigner } from './keys.js';
import { freshCursor, sealPending } from './sealer.js';

/**
 * The sealer looks only above the ids it knows settled (sealer.ts SealerCursor), so a row
 * whose transaction commits long after its id was drawn — after rows with higher ids have
 * been sealed — must still be sealed by the next turns, without waiting for the minutely
 * sweep. PostgreSQL only: the embedded database runs one transaction at a time.
 */
let t: TestDatabase;
let deps: Deps;
let signer: AuditSigner;

const writeRow = (db: Executor, nik: string) => makeAuditRow(db, { nik });
const pause = () => new Promise((resolve) => setTimeout(resolve, 50));

const sealedIds = () => sealedAuditLogIds(t.db);

beforeAll(async () => {
  ({ t, deps, signer } = await sealerWorld(7));
});
afterAll(() => t.drop());

describe('the sealer and a late commit', () => {
  it('seals a row committed after higher ids were sealed, and then looks only above settled ids', async () => {
    const cursor = freshCursor();
    for (let i = 0; i < 3; i++) await writeRow(t.db, `330305010190000${i}`);
    expect((await sealPending(deps, signer, cursor)).sealed).toBe(3);

    // A transaction draws an id and stays open while later rows commit and are sealed.
    let commit!: () => void;
    const held = new Promise<void>((resolve) => (commit = resolve));
    let lateId = 0;
    let drawn!: () => void;
    const isDrawn = new Promise<void>((resolve) => (drawn = resolve));
    const late = t.db.transaction().execute(async (trx) => {
      lateId = await writeRow(trx, '3303050101900099');
      drawn();
      await held;
    });
    await isDrawn;
    const after: number[] = [];
    for (let turn = 0; turn < 4; turn++) {
      after.push(await writeRow(t.db, `330305010190001${turn}`));
      expect((await sealPending(deps, signer, cursor)).sealed).toBe(1);
    }
    expect(after.every((id) => id > lateId)).toBe(true);
    expect(await sealedIds()).not.toContain(lateId);
    // While the transaction runs, nothing at or above its id is taken as settled.
    expect(cursor.settled === undefined || cursor.settled.audit_log < lateId).toBe(true);

    commit();
    await late;
    const sweepBefore = cursor.lastSweep;
    expect((await sealPending(deps, signer, cursor)).sealed).toBe(1);
    expect(cursor.lastSweep).toBe(sweepBefore); // found by an ordinary turn, not the sweep
    expect(await sealedIds()).toContain(lateId);

    // With no transaction left running, the floor moves up to what has been sealed.
    // The snapshot's xmin is the whole server's: a transaction of another test file running on
    // it holds the floor back too, so the turns go on (a while, not a fixed number) until then.
    for (const until = Date.now() + 30_000; Date.now() < until; await pause()) {
      await sealPending(deps, signer, cursor);
      if (cursor.settled?.audit_log === Math.max(...after)) break;
    }
    expect(cursor.settled?.audit_log).toBe(Math.max(...after));
    const next = await writeRow(t.db, '3303050101900077');
    expect((await sealPending(deps, signer, cursor)).sealed).toBe(1);
    expect(await sealedIds()).toContain(next);
  });
});
