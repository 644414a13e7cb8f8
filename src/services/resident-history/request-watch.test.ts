import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeAgency, makeUser } from '../../../test/factories.js';
import type { Role } from '../../domain/users.js';
import { makeDeps, type Deps } from '../deps.js';
import { Refusal } from '../errors.js';
import {
  alertCountsPerAgency,
  getAlert,
  listAgencyAlerts,
  listAlerts,
  releaseHeldUser,
} from '../oversight/alerts.js';
import { REQUESTED_ACTION, residentAccessStatement } from './statement.js';

/**
 * Issue 14 §2 on a real engine: requests for residents' access histories are an input like any
 * lookup. An officer at the counter's pace raises nothing; three requests within a minute, or
 * four NIKs in sequence, are a finding — an alert for Dukcapil without an agency, whose
 * evidence are the requests themselves — and the officer is warned on the third / fourth,
 * not before; a honeytoken holds the officer without telling them, until an admin releases
 * them. No agency's list of alerts ever shows any of it.
 */
let now = new Date('2026-12-07T01:00:00Z'); // 08:00 WIB, Monday
const settings = { tokenTtlSeconds: 600, sessionTtlSeconds: 600 };

let t: TestDatabase;
let deps: Deps;
let admin: { id: number; role: Role; agencyId: null };
let agencyId: number;
let counter = 0;

/** Unrelated NIKs: other districts, other birth dates (no sequence, no pattern). */
const UNRELATED = [
  '3303054703900011',
  '3303121508850003',
  '3303016610920007',
  '3303090101700002',
  '3303142212990004',
];
const HONEYTOKEN = '3303175508880001';

async function officer(): Promise<{ id: number; role: Role; userId: string }> {
  const user = await makeUser(t.db, { role: 'PETUGAS_LAYANAN_DUKCAPIL' });
  return { id: user.id, role: 'PETUGAS_LAYANAN_DUKCAPIL', userId: user.userId };
}

function request(nik: string) {
  counter += 1;
  return { nik, requestNumber: `RA/2026/${counter}`, identityCheck: 'KTP-el asli' };
}

/** The officer's request at `at`: the warning they were shown, if any. */
async function ask(who: { id: number; role: Role }, nik: string, at: Date) {
  now = at;
  const issued = await residentAccessStatement(deps, who, request(nik));
  return issued.warning;
}

const minutes = (base: Date, m: number) => new Date(base.getTime() + m * 60_000);

async function requestIds(officerId: number): Promise<number[]> {
  const rows = await t.db
    .selectFrom('admin_action')
    .select('id')
    .where('action', '=', REQUESTED_ACTION)
    .where('actor_id', '=', officerId)
    .orderBy('id')
    .execute();
  return rows.map((r) => Number(r.id));
}

async function alertsOf(officerId: number) {
  const list = await listAlerts(deps, admin, {}, { limit: 100, offset: 0 });
  return list.rows.filter((a) => a.userId === officerId);
}

beforeAll(async () => {
  t = await createTestDatabase();
  deps = makeDeps(settings, t.db, { clock: () => now, auditKey: Buffer.alloc(32, 5) });
  const user = await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' });
  admin = { id: user.id, role: 'ADMIN_DUKCAPIL', agencyId: null };
  agencyId = (await makeAgency(t.db)).id;
  await t.db.insertInto('honeytoken').values({ nik: HONEYTOKEN, planted_at: now }).execute();
}, 60_000);

afterAll(() => t.drop());

describe(
  'requests for residents’ access histories under the input-pattern policy',
  {
    timeout: 60_000,
  },
  () => {
    it('at the counter’s pace (one resident every few minutes) raises nothing', async () => {
      const calm = await officer();
      const start = new Date('2026-12-07T01:00:00Z');
      for (const [i, nik] of UNRELATED.entries()) {
        expect(await ask(calm, nik, minutes(start, i * 4))).toBeUndefined();
      }
      expect(await alertsOf(calm.id)).toEqual([]);
    });

    it('three requests within a minute: warned on the third, an alert with the requests as evidence', async () => {
      const quick = await officer();
      const start = new Date('2026-12-07T03:00:00Z');
      expect(await ask(quick, UNRELATED[0]!, start)).toBeUndefined();
      expect(await ask(quick, UNRELATED[1]!, minutes(start, 0.3))).toBeUndefined();
      expect(await alertsOf(quick.id)).toEqual([]);
      const warning = await ask(quick, UNRELATED[2]!, minutes(start, 0.6));
      expect(warning).toMatch(/waktu berdekatan|berdekatan/i);

      const [alert] = await alertsOf(quick.id);
      expect(alert).toMatchObject({
        source: 'RIWAYAT_AKSES',
        agencyId: null,
        kind: 'BERDEKATAN',
        scope: 'PENGGUNA',
        action: 'PERINGATAN',
        userLogin: quick.userId,
      });
      const detail = await getAlert(deps, admin, alert!.id);
      expect(detail.evidence.map((e) => e.auditId)).toEqual(await requestIds(quick.id));
      // Masked as everywhere: the birth date never shows.
      expect(detail.evidence.map((e) => e.nik)).not.toContain(UNRELATED[0]);
    });

    it('four NIKs in sequence at counter pace: a BERURUTAN finding on the fourth', async () => {
      const sweeper = await officer();
      const start = new Date('2026-12-07T05:00:00Z');
      const niks = ['3303101203750041', '3303101203750042', '3303101203750043', '3303101203750044'];
      for (const [i, nik] of niks.slice(0, 3).entries()) {
        expect(await ask(sweeper, nik, minutes(start, i * 5))).toBeUndefined();
      }
      expect(await ask(sweeper, niks[3]!, minutes(start, 15))).toBeDefined();
      expect((await alertsOf(sweeper.id)).map((a) => a.kind)).toEqual(['BERURUTAN']);
    });

    it('a honeytoken holds the officer without a word; an admin releases them', async () => {
      const curious = await officer();
      const start = new Date('2026-12-07T07:00:00Z');
      expect(await ask(curious, HONEYTOKEN, start)).toBeUndefined();
      const [alert] = await alertsOf(curious.id);
      expect(alert).toMatchObject({ kind: 'HONEYTOKEN', action: 'BLOKIR', userStatus: 'DITAHAN' });

      await expect(ask(curious, UNRELATED[0]!, minutes(start, 10))).rejects.toSatisfy(
        (error) => error instanceof Refusal && error.code === 'AKSES_DITAHAN',
      );

      await releaseHeldUser(deps, admin, {
        id: alert!.id,
        reason: 'Salah ketik, sudah dikonfirmasi',
      });
      expect(await ask(curious, UNRELATED[1]!, minutes(start, 20))).toBeUndefined();
    });

    it('no agency sees any of these alerts', async () => {
      const all = await listAlerts(deps, admin, {}, { limit: 100, offset: 0 });
      expect(all.rows.filter((a) => a.source === 'RIWAYAT_AKSES').length).toBeGreaterThanOrEqual(3);
      expect(all.rows.every((a) => (a.source === 'RIWAYAT_AKSES') === (a.agencyId === null))).toBe(
        true,
      );
      expect(await listAgencyAlerts(deps, agencyId)).toEqual([]);
      expect([...(await alertCountsPerAgency(deps)).keys()]).toEqual([]);
    });
  },
);
