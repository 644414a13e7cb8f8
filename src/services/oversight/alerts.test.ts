import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeAgency, makeAgreement, makeUser } from '../../../test/factories.js';
import {
  apiLogin,
  finding,
  lookupAs,
  TestClock,
  lookupsOf,
  maskedTestNik,
  makeOperator,
  makeTestResidents,
  testNik,
} from '../../../test/oversight.js';
import type { Role } from '../../domain/users.js';
import { makeDeps, type Deps } from '../deps.js';
import {
  countOpenAlerts,
  getAlert,
  keepHold,
  listAgencyAlerts,
  listAlerts,
  releaseHeldUser,
  reviewAlert,
} from './alerts.js';
import { applyFindings } from './pattern-policy.js';

const NOW = new Date('2026-11-24T03:00:00Z');

describe('Dukcapil works the alerts: list, review, release or keep the hold', () => {
  let t: TestDatabase;
  let deps: Deps;
  const clock = new TestClock(NOW);
  let agencyA: { id: number; code: string };
  let agencyB: { id: number; code: string };
  let agreementA: number;
  let agreementB: number;
  let admin: { id: number; role: Role; agencyId: null };
  let evaluator: { id: number; role: Role; agencyId: null };

  beforeAll(async () => {
    t = await createTestDatabase();
    deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, t.db, {
      clock: clock.now,
    });
    agencyA = await makeAgency(t.db);
    agencyB = await makeAgency(t.db);
    agreementA = (await makeAgreement(t.db, agencyA.code)).id;
    agreementB = (await makeAgreement(t.db, agencyB.code)).id;
    await makeTestResidents(t.db, 6);
    admin = {
      id: (await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' })).id,
      role: 'ADMIN_DUKCAPIL',
      agencyId: null,
    };
    evaluator = {
      id: (await makeUser(t.db, { role: 'EVALUATOR_DUKCAPIL' })).id,
      role: 'EVALUATOR_DUKCAPIL',
      agencyId: null,
    };
  });
  afterAll(async () => {
    await t.drop();
  });

  /** An operator of the agency whose sweep made a finding under the policy; the alert's id. */
  async function alertFor(
    agency: { id: number; code: string },
    agreementId: number,
    policy: 'PERINGATAN' | 'BLOKIR',
    kind: 'BERURUTAN' | 'HONEYTOKEN' = 'BERURUTAN',
  ) {
    const operator = await makeOperator(deps, agency.code);
    for (let serial = 1; serial <= 3; serial++)
      await lookupAs(deps, clock, operator.token, testNik(serial));
    const evidence = await lookupsOf(t.db, operator.id);
    await applyFindings(deps, { agencyId: agency.id, agreementId, userId: operator.id, policy }, [
      finding(kind, evidence),
    ]);
    const row = await t.db
      .selectFrom('pattern_alert')
      .select('id')
      .where('user_id', '=', operator.id)
      .executeTakeFirstOrThrow();
    return { operator, id: Number(row.id) };
  }

  const history = (target: string) =>
    t.db
      .selectFrom('admin_action')
      .select(['action', 'actor_id', 'reason'])
      .where('target', '=', target)
      .orderBy('id')
      .execute();

  it('lists alerts newest first by state, agency and kind, with the open count', async () => {
    const first = await alertFor(agencyA, agreementA, 'PERINGATAN');
    const second = await alertFor(agencyB, agreementB, 'PERINGATAN', 'HONEYTOKEN');
    const all = await listAlerts(deps, evaluator, {}, { limit: 10, offset: 0 });
    expect(all.rows.map((a) => a.id).slice(0, 2)).toEqual([second.id, first.id]);
    const ofB = await listAlerts(deps, admin, { agencyId: agencyB.id }, { limit: 10, offset: 0 });
    expect(ofB.rows.map((a) => [a.id, a.agencyCode, a.kindLabel, a.userLogin])).toEqual([
      [second.id, agencyB.code, 'NIK penanda (honeytoken)', second.operator.userId],
    ]);
    const sequential = await listAlerts(
      deps,
      admin,
      { kind: 'BERURUTAN' },
      { limit: 10, offset: 0 },
    );
    expect(sequential.rows.every((a) => a.kind === 'BERURUTAN')).toBe(true);
    expect(
      (await listAlerts(deps, admin, { state: 'SELESAI' }, { limit: 10, offset: 0 })).total,
    ).toBe(0);
    expect(await countOpenAlerts(deps)).toEqual({ open: all.total, unread: all.total });
    await expect(
      listAlerts(
        deps,
        { id: 1, role: 'KEPALA_INSTANSI', agencyId: agencyA.id },
        {},
        { limit: 1, offset: 0 },
      ),
    ).rejects.toMatchObject({ code: 'TIDAK_BERWENANG' });
  });

  it('shows one alert with its evidence: time, user ID, masked NIK, response', async () => {
    const first = clock.now();
    const { id, operator } = await alertFor(agencyA, agreementA, 'PERINGATAN');
    const detail = await getAlert(deps, evaluator, id);
    expect(detail.evidence.map((e) => [e.userLogin, e.nik, e.responseCode])).toEqual([
      [operator.userId, maskedTestNik(1), 'DITEMUKAN'],
      [operator.userId, maskedTestNik(2), 'DITEMUKAN'],
      [operator.userId, maskedTestNik(3), 'DITEMUKAN'],
    ]);
    expect(detail.evidence[0]!.at).toEqual(first);
    await expect(getAlert(deps, evaluator, 999_999)).rejects.toMatchObject({
      code: 'TIDAK_DITEMUKAN',
    });
  });

  it('moves OPEN → DITINJAU → SELESAI, keeping who and when; SELESAI needs a note', async () => {
    const { id } = await alertFor(agencyA, agreementA, 'PERINGATAN');
    await expect(
      reviewAlert(deps, evaluator, { id, to: 'DITINJAU', note: '' }),
    ).rejects.toMatchObject({ code: 'TIDAK_BERWENANG' });
    await expect(
      reviewAlert(deps, admin, { id, to: 'SELESAI', note: 'Langsung selesai' }),
    ).rejects.toMatchObject({ code: 'PERMINTAAN_TIDAK_VALID' });

    clock.advance(3_600_000);
    const reviewing = await reviewAlert(deps, admin, { id, to: 'DITINJAU', note: '' });
    expect(reviewing).toMatchObject({ state: 'DITINJAU', reviewedAt: clock.now(), note: null });
    await expect(reviewAlert(deps, admin, { id, to: 'SELESAI', note: '  ' })).rejects.toMatchObject(
      {
        code: 'PERMINTAAN_TIDAK_VALID',
        message: 'Catatan wajib diisi (minimal 3 karakter) untuk menyelesaikan peringatan',
        detail: { fields: [{ field: 'note' }] },
      },
    );
    clock.advance(3_600_000);
    const closedAt = clock.now();
    const done = await reviewAlert(deps, admin, {
      id,
      to: 'SELESAI',
      note: 'Operator menguji aplikasi; instansi telah ditegur',
    });
    expect(done.state).toBe('SELESAI');
    expect(done.note).toBe('Operator menguji aplikasi; instansi telah ditegur');
    expect(done.reviewedAt).toEqual(closedAt);
    expect(done.reviewer).toMatch(/^pengguna\./);
    await expect(reviewAlert(deps, admin, { id, to: 'DITINJAU', note: '' })).rejects.toMatchObject({
      message: 'Peringatan ini sudah selesai ditinjau',
    });
    expect(await history(`peringatan #${id}`)).toEqual([
      { action: 'PERINGATAN_POLA_DITINJAU', actor_id: admin.id, reason: null },
      {
        action: 'PERINGATAN_POLA_SELESAI',
        actor_id: admin.id,
        reason: 'Operator menguji aplikasi; instansi telah ditegur',
      },
    ]);
  });

  it('releases the held user with a reason through the users’ use case; the next lookup is served', async () => {
    const { id, operator } = await alertFor(agencyA, agreementA, 'BLOKIR');
    const token = await apiLogin(deps, operator.userId);
    expect((await lookupAs(deps, clock, token, testNik(4))).code).toBe('AKSES_DITAHAN');

    await expect(releaseHeldUser(deps, admin, { id, reason: '' })).rejects.toMatchObject({
      code: 'PERMINTAAN_TIDAK_VALID',
    });
    await expect(
      releaseHeldUser(deps, evaluator, { id, reason: 'Sudah diklarifikasi' }),
    ).rejects.toMatchObject({ code: 'TIDAK_BERWENANG' });
    const released = await releaseHeldUser(deps, admin, {
      id,
      reason: 'Instansi menjelaskan: pengujian aplikasi',
    });
    expect(released).toMatchObject({
      userStatus: 'AKTIF',
      holdDecision: 'DILEPAS',
      holdReason: 'Instansi menjelaskan: pengujian aplikasi',
    });
    expect((await lookupAs(deps, clock, token, testNik(5))).code).toBe('DITEMUKAN');
    expect((await history(operator.userId)).map((h) => [h.action, h.actor_id])).toEqual([
      ['POLA_INPUT_TERDETEKSI', null],
      ['PENGGUNA_DITAHAN', null],
      ['PENGGUNA_TAHANAN_DILEPAS', admin.id],
    ]);

    // Released already: neither a second release nor keeping the hold applies.
    await expect(releaseHeldUser(deps, admin, { id, reason: 'Lagi' })).rejects.toMatchObject({
      code: 'STATUS_TIDAK_SESUAI',
    });
    await expect(keepHold(deps, admin, { id, reason: 'Tetap ditahan' })).rejects.toMatchObject({
      code: 'STATUS_TIDAK_SESUAI',
    });
  });

  it('keeps the hold with a reason, recorded; the user stays held', async () => {
    const { id, operator } = await alertFor(agencyB, agreementB, 'PERINGATAN', 'HONEYTOKEN');
    const kept = await keepHold(deps, admin, { id, reason: 'Menunggu klarifikasi tertulis' });
    expect(kept).toMatchObject({
      userStatus: 'DITAHAN',
      holdDecision: 'DIPERTAHANKAN',
      holdDecisionLabel: 'Tahanan dipertahankan',
    });
    const token = await apiLogin(deps, operator.userId);
    expect((await lookupAs(deps, clock, token, testNik(6))).code).toBe('AKSES_DITAHAN');
    expect((await history(operator.userId)).at(-1)).toEqual({
      action: 'PENGGUNA_TAHANAN_DIPERTAHANKAN',
      actor_id: admin.id,
      reason: 'Menunggu klarifikasi tertulis',
    });
  });

  it('gives the agency head their agency’s alerts, a planted NIK not named', async () => {
    const ofB = await listAgencyAlerts(deps, agencyB.id);
    expect(ofB.length).toBeGreaterThan(0);
    expect(ofB.every((a) => a.kindLabel === 'Input NIK tidak wajar')).toBe(true);
    expect(JSON.stringify(ofB)).not.toMatch(/honeytoken|penanda|\d{16}/i);
    const ofA = await listAgencyAlerts(deps, agencyA.id);
    expect(ofA.map((a) => a.kindLabel)).toContain('NIK berurutan');
    expect(ofA.some((a) => a.actionLabel === 'Pengguna ditahan')).toBe(true);
  });
});
