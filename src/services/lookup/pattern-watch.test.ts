import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import {
  makeAgency,
  makeAgreement,
  makeResident,
  makeUser,
  TEST_PASSWORD,
} from '../../../test/factories.js';
import { makeDeps, type Deps } from '../deps.js';
import { login } from '../account/login.js';
import { lookupResident } from './lookup-resident.js';

/**
 * The input-pattern policy on the real lookup, per policy: a user who types serials one after
 * another (SPEC §2: "berurutan") is warned, asked for a reason, or held — and a honeytoken
 * holds them without a word. The clock moves 90 s per lookup: a counter's pace.
 */
describe('the input-pattern policy on every lookup', () => {
  let t: TestDatabase;
  let deps: Deps;
  let now = Date.parse('2026-11-24T03:00:00Z'); // Tuesday 10:00 WIB
  let agreementId: number;
  let userKey: string;
  /** Applicants of an ordinary day: other districts, other birth dates, other serials. */
  const APPLICANTS = [
    '3303011203850004',
    '3303154508920011',
    '3303070101700123',
    '3303184707010035',
    '3303025210880002',
    '3303122906650017',
    '3303096011990008',
  ];
  const serial = (n: number) => `33030547039${String(n).padStart(5, '0')}`;

  async function newSession(): Promise<string> {
    const result = await login(deps, {
      userId: userKey,
      password: TEST_PASSWORD,
      kind: 'API',
      clientIp: '127.0.0.1',
    });
    if (!result.ok) throw new Error(result.code);
    return result.token;
  }

  const lookup = (token: string, nik: string, reason?: string) => {
    now += 90_000;
    return lookupResident(deps, {
      token,
      channel: 'API',
      nik,
      purpose: 'Pendaftaran pasien',
      clientIp: '127.0.0.1',
      reason,
    });
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    deps = makeDeps({ tokenTtlSeconds: 86_400, sessionTtlSeconds: 86_400 }, t.db, {
      clock: () => new Date(now),
    });
    for (let n = 1; n <= 40; n += 1) await makeResident(t.db, { nik: serial(n) });
    for (const nik of APPLICANTS) await makeResident(t.db, { nik });
  });
  beforeEach(async () => {
    // A fresh agency and operator for each case: the windows are per user and per agency.
    const agency = await makeAgency(t.db);
    agreementId = (await makeAgreement(t.db, agency.code)).id;
    userKey = (await makeUser(t.db, { agencyCode: agency.code })).userId;
  });
  afterAll(async () => {
    await t.drop();
  });

  async function setPolicy(policy: string) {
    await t.db
      .updateTable('agreement')
      .set({ pattern_policy: policy })
      .where('id', '=', agreementId)
      .execute();
  }

  it('raises nothing for applicants in no order at a counter pace', async () => {
    await setPolicy('BLOKIR');
    const token = await newSession();
    for (const nik of [...APPLICANTS, APPLICANTS[2]!]) {
      const result = await lookup(token, nik);
      expect(result.code).toBe('DITEMUKAN');
      expect(result.warning).toBeUndefined();
    }
    expect(await t.db.selectFrom('pattern_alert').selectAll().execute()).toEqual([]);
  });

  it('PERINGATAN: warns from the 4th sequential NIK and alerts Dukcapil, serving every lookup', async () => {
    await setPolicy('PERINGATAN');
    const token = await newSession();
    const answers = [];
    for (let n = 1; n <= 6; n += 1) answers.push(await lookup(token, serial(n)));
    expect(answers.map((a) => a.code)).toEqual(Array(6).fill('DITEMUKAN'));
    expect(answers.map((a) => a.warning !== undefined)).toEqual([
      false,
      false,
      false,
      true,
      true,
      true,
    ]);
    const alerts = await t.db
      .selectFrom('pattern_alert')
      .selectAll()
      .where('kind', '=', 'BERURUTAN')
      .execute();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ state: 'OPEN', action: 'PERINGATAN', repeats: 2 });
    // The evidence never holds a whole NIK.
    expect(JSON.stringify(alerts[0]!.evidence)).not.toContain(serial(4));
  });

  it('ALASAN: the next lookup without a reason is refused and counts nothing; with one it runs', async () => {
    await setPolicy('ALASAN');
    const token = await newSession();
    let last;
    for (let n = 11; n <= 14; n += 1) last = await lookup(token, serial(n));
    expect(last).toMatchObject({ code: 'DITEMUKAN', reasonRequiredNext: true });
    const before = await t.db
      .selectFrom('quota_usage')
      .select((eb) => eb.fn.sum<number>('used').as('used'))
      .executeTakeFirstOrThrow();
    await expect(lookup(token, APPLICANTS[0]!)).rejects.toMatchObject({
      code: 'ALASAN_DIPERLUKAN',
    });
    await expect(lookup(token, APPLICANTS[0]!, 'pendek')).rejects.toMatchObject({
      code: 'PERMINTAAN_TIDAK_VALID',
    });
    const after = await t.db
      .selectFrom('quota_usage')
      .select((eb) => eb.fn.sum<number>('used').as('used'))
      .executeTakeFirstOrThrow();
    expect(Number(after.used)).toBe(Number(before.used));
    const withReason = await lookup(
      token,
      APPLICANTS[0]!,
      'Pemohon antrean 12, berkas rujukan puskesmas',
    );
    expect(withReason.code).toBe('DITEMUKAN');
    const row = await t.db
      .selectFrom('audit_log')
      .select(['reason', 'response_code'])
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      reason: 'Pemohon antrean 12, berkas rujukan puskesmas',
      response_code: 'DITEMUKAN',
    });
    // The requirement is lifted by that lookup.
    expect((await lookup(token, serial(30))).code).toBe('DITEMUKAN');
  });

  it('BLOKIR: the 4th sequential NIK holds the user; the next lookup answers AKSES_DITAHAN', async () => {
    await setPolicy('BLOKIR');
    const token = await newSession();
    for (let n = 21; n <= 24; n += 1)
      expect((await lookup(token, serial(n))).code).toBe('DITEMUKAN');
    expect((await lookup(token, serial(25))).code).toBe('AKSES_DITAHAN');
    const user = await t.db
      .selectFrom('app_user')
      .select('status')
      .where('user_id', '=', userKey)
      .executeTakeFirstOrThrow();
    expect(user.status).toBe('DITAHAN');
  });

  it('a honeytoken holds the user whatever the policy, and the answer says nothing of it', async () => {
    await setPolicy('PERINGATAN');
    await t.db
      .insertInto('honeytoken')
      .values({ nik: serial(33), planted_at: new Date(now), note: null })
      .execute();
    const token = await newSession();
    const trap = await lookup(token, serial(33));
    expect(trap.code).toBe('DITEMUKAN');
    expect(trap.warning).toBeUndefined();
    expect((await lookup(token, serial(5))).code).toBe('AKSES_DITAHAN');
    const alert = await t.db
      .selectFrom('pattern_alert')
      .selectAll()
      .where('kind', '=', 'HONEYTOKEN')
      .executeTakeFirstOrThrow();
    expect(alert.action).toBe('BLOKIR');
  });
});
