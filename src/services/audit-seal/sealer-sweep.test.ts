import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealedAuditLogIds, sealerWorld } from '../../../test/audit-seal.js';
import type { TestDatabase } from '../../../test/db.js';
import { makeAuditRow } from '../../../test/factories.js';
import type { Deps } from '../deps.js';
import type { AuditSigner } from './keys.js';
import { freshCursor, sealPending, SWEEP_MS, SWEEP_SLICE_IDS } from './sealer.js';
import { verifyAuditTrail } from './verify.js';

/**
 * The minutely sweep finds a row that committed below the settled floor — one the ordinary
 * turns never look at again — and it does so a slice of ids per turn, not all 200,000 ids in
 * one statement that every lookup on the embedded database would wait behind.
 */
let t: TestDatabase;
let deps: Deps;
let signer: AuditSigner;

const LATE_ID = 2 * SWEEP_SLICE_IDS + 1_000;

const isSealed = async (id: number) => (await sealedAuditLogIds(t.db)).includes(id);

beforeAll(async () => {
  ({ t, deps, signer } = await sealerWorld(9));
});
afterAll(() => t.drop());

describe('the sealer’s sweep', () => {
  it('seals a row below the settled floor a slice of ids per turn', async () => {
    const cursor = freshCursor();
    await makeAuditRow(t.db, { nik: '3303050101900001' });
    expect((await sealPending(deps, signer, cursor)).sealed).toBe(1);

    // Later ids in the fourth slice (ids are drawn, not all used: a gap is ordinary), sealed by
    // ordinary turns, which then look only above them (less a look-back of 2,000 ids until the
    // floor settles, which waits for every transaction on the server to end).
    await sql`SELECT setval(pg_get_serial_sequence('audit_log', 'id'), ${4 * SWEEP_SLICE_IDS - 10})`.execute(
      t.db,
    );
    let highest = 0;
    for (let i = 0; i < 3; i++) highest = await makeAuditRow(t.db, { nik: `33030501019001${i}0` });
    // The floor settles only once every transaction that ran on the server when these rows were
    // sealed has ended — other test files share the server and may hold one open for a while.
    await expect
      .poll(
        async () => {
          await sealPending(deps, signer, cursor);
          return cursor.settled?.audit_log;
        },
        { timeout: 20_000, interval: 50 },
      )
      .toBe(highest);

    // A row whose id was drawn long ago commits now, far below the floor: no ordinary turn
    // looks there again.
    await sql`
      INSERT INTO audit_log (id, at, action, channel, client_ip, nik, purpose, response_code)
      OVERRIDING SYSTEM VALUE
      VALUES (${LATE_ID}, now(), 'LOOKUP', 'API', '10.10.0.1', '3303050101900099',
              'Uji jejak audit', 'DITEMUKAN')`.execute(t.db);
    expect((await sealPending(deps, signer, cursor)).sealed).toBe(0);
    expect(await isSealed(LATE_ID)).toBe(false);

    // The sweep is due: each turn probes the next slice of ids, oldest first.
    cursor.lastSweep = Date.now() - SWEEP_MS;
    const sealedPerTurn: number[] = [];
    for (let turn = 0; turn < 5; turn++) {
      sealedPerTurn.push((await sealPending(deps, signer, cursor)).sealed);
      if (cursor.sweep === undefined) break;
      expect(cursor.sweep.next.audit_log).toBe((turn + 1) * SWEEP_SLICE_IDS);
    }
    // ids 1–5,000 and 5,001–10,000 hold nothing late; the third slice holds the late row;
    // the fourth ends at the floor, and with it the sweep.
    expect(sealedPerTurn).toEqual([0, 0, 1, 0]);
    expect(cursor.sweep).toBeUndefined();
    expect(await isSealed(LATE_ID)).toBe(true);
    expect((await verifyAuditTrail(deps)).ok).toBe(true);
  });
});
