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
import { CLI_ACTOR } from '../../domain/user-scope.js';
import { openDatabase, type OpenDatabase } from '../../store/db.js';
import { makeDeps, type Deps } from '../deps.js';
import { reviewAlert } from './alerts.js';
import {
  applyFindings,
  getPatternSettings,
  setPatternSettings,
  type PolicyContext,
} from './pattern-policy.js';

/** Tuesday 24 November 2026, 10:00 WIB: within the default service hours. */
const NOW = new Date('2026-11-24T03:00:00Z');

describe('applyFindings: the input-pattern policy acts on a lookup that made a finding', () => {
  let t: TestDatabase;
  let deps: Deps;
  let agency: { id: number; code: string };
  let agreementId: number;
  const clock = new TestClock(NOW);

  beforeAll(async () => {
    t = await createTestDatabase();
    deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, t.db, {
      clock: clock.now,
    });
    agency = await makeAgency(t.db);
    agreementId = (await makeAgreement(t.db, agency.code, { quotaStage: 'PASCA_POC' })).id;
    await makeTestResidents(t.db, 6);
  });
  afterAll(async () => {
    await t.drop();
  });

  const context = (userId: number, policy: PolicyContext['policy']): PolicyContext => ({
    agencyId: agency.id,
    agreementId,
    userId,
    policy,
  });

  /** A fresh operator who has looked up `count` NIKs of the sweep, and the audit rows of it. */
  async function sweepingOperator(count = 3) {
    const operator = await makeOperator(deps, agency.code);
    for (let serial = 1; serial <= count; serial++) {
      expect((await lookupAs(deps, clock, operator.token, testNik(serial))).code).toBe('DITEMUKAN');
    }
    return { operator, evidence: await lookupsOf(t.db, operator.id) };
  }

  const alertsOf = (userId: number) =>
    t.db
      .selectFrom('pattern_alert')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('id')
      .execute();

  const actionsAbout = (target: string) =>
    t.db
      .selectFrom('admin_action')
      .select(['action', 'actor_id', 'reason', 'detail'])
      .where('target', '=', target)
      .orderBy('id')
      .execute();

  it('does nothing without findings', async () => {
    const { operator } = await sweepingOperator(1);
    expect(await applyFindings(deps, context(operator.id, 'BLOKIR'), [])).toEqual({
      reasonRequiredNext: false,
      held: false,
    });
    expect(await alertsOf(operator.id)).toEqual([]);
  });

  it('PERINGATAN: warns the operator, opens one alert with the evidence masked, records it', async () => {
    const { operator, evidence } = await sweepingOperator(3);
    const effect = await applyFindings(deps, context(operator.id, 'PERINGATAN'), [
      finding('BERURUTAN', evidence),
    ]);
    expect(effect.held).toBe(false);
    expect(effect.reasonRequiredNext).toBe(false);
    expect(effect.warning).toMatch(
      /^Peringatan: pola input NIK Anda terdeteksi tidak wajar \(NIK berurutan\)/,
    );

    const [alert, ...others] = await alertsOf(operator.id);
    expect(others).toEqual([]);
    expect(alert).toMatchObject({
      agency_id: agency.id,
      agreement_id: agreementId,
      scope: 'PENGGUNA',
      kind: 'BERURUTAN',
      action: 'PERINGATAN',
      state: 'OPEN',
      repeats: 0,
      mailed_at: null,
    });
    const stored = JSON.stringify(alert!.evidence);
    expect(stored).toContain(maskedTestNik(1));
    expect(stored).not.toMatch(/\d{16}/);
    expect(await actionsAbout(operator.userId)).toEqual([
      expect.objectContaining({ action: 'POLA_INPUT_TERDETEKSI', actor_id: null }),
    ]);
    // A warning holds nothing: the next lookup is served.
    expect((await lookupAs(deps, clock, operator.token, testNik(4))).code).toBe('DITEMUKAN');
    const user = await t.db
      .selectFrom('app_user')
      .select(['status', 'reason_required_since'])
      .where('id', '=', operator.id)
      .executeTakeFirstOrThrow();
    expect(user).toEqual({ status: 'AKTIF', reason_required_since: null });
  });

  it('adds a repeated finding to the open alert: one alert, its repeats, the evidence merged', async () => {
    const { operator, evidence } = await sweepingOperator(3);
    const opened = clock.now();
    await applyFindings(deps, context(operator.id, 'PERINGATAN'), [finding('BERURUTAN', evidence)]);
    await lookupAs(deps, clock, operator.token, testNik(4));
    const repeated = clock.now();
    const more = await lookupsOf(t.db, operator.id);
    await applyFindings(deps, context(operator.id, 'PERINGATAN'), [
      finding('BERURUTAN', more.slice(1)),
      finding('BERDEKATAN', more),
    ]);
    const alerts = await alertsOf(operator.id);
    expect(alerts.map((a) => [a.kind, a.repeats])).toEqual([
      ['BERURUTAN', 1],
      ['BERDEKATAN', 0],
    ]);
    const sequential = alerts[0]!;
    expect(sequential.created_at).toEqual(opened);
    expect(sequential.last_seen_at).toEqual(repeated);
    // Four lookups in all, each once, though the two findings overlapped.
    expect((sequential.evidence as { nik: string }[]).map((e) => e.nik)).toEqual([
      maskedTestNik(1),
      maskedTestNik(2),
      maskedTestNik(3),
      maskedTestNik(4),
    ]);
  });

  it('ALASAN: warns, and the user must give a written reason with the next lookup', async () => {
    const { operator, evidence } = await sweepingOperator(3);
    const at = clock.now();
    const effect = await applyFindings(deps, context(operator.id, 'ALASAN'), [
      finding('BERPOLA', evidence),
    ]);
    expect(effect.warning).toContain('Pencarian berikutnya wajib disertai alasan tertulis.');
    expect(effect.reasonRequiredNext).toBe(true);
    expect(effect.held).toBe(false);
    const user = await t.db
      .selectFrom('app_user')
      .select(['status', 'reason_required_since'])
      .where('id', '=', operator.id)
      .executeTakeFirstOrThrow();
    expect(user).toEqual({ status: 'AKTIF', reason_required_since: at });
    expect((await alertsOf(operator.id))[0]).toMatchObject({ kind: 'BERPOLA', action: 'ALASAN' });
    const [recorded] = await actionsAbout(operator.userId);
    expect(recorded).toMatchObject({ action: 'POLA_INPUT_TERDETEKSI', actor_id: null });
    expect(recorded!.detail).toMatchObject({ action: 'ALASAN', reasonRequired: true });
  });

  it('BLOKIR: holds the user; their next lookup answers AKSES_DITAHAN and serves nothing', async () => {
    const { operator, evidence } = await sweepingOperator(3);
    const effect = await applyFindings(deps, context(operator.id, 'BLOKIR'), [
      finding('BERURUTAN', evidence),
    ]);
    expect(effect.held).toBe(true);
    expect(effect.reasonRequiredNext).toBe(false);
    expect(effect.warning).toContain('Akses Anda ditahan');

    const user = await t.db
      .selectFrom('app_user')
      .select('status')
      .where('id', '=', operator.id)
      .executeTakeFirstOrThrow();
    expect(user.status).toBe('DITAHAN');
    // The same token, as a hold made by Dukcapil keeps it: the refusal says why.
    const held = await lookupAs(deps, clock, operator.token, testNik(4));
    expect(held.code).toBe('AKSES_DITAHAN');
    expect(held.data).toBeUndefined();
    const again = await apiLogin(deps, operator.userId);
    expect((await lookupAs(deps, clock, again, testNik(5))).code).toBe('AKSES_DITAHAN');

    expect((await alertsOf(operator.id))[0]).toMatchObject({
      kind: 'BERURUTAN',
      action: 'BLOKIR',
    });
    // The findings, then the hold: the users' own action, made by the system (no actor).
    const recorded = await actionsAbout(operator.userId);
    expect(recorded.map((r) => [r.action, r.actor_id])).toEqual([
      ['POLA_INPUT_TERDETEKSI', null],
      ['PENGGUNA_DITAHAN', null],
    ]);
    expect(recorded[1]!.detail).toEqual({ from: 'AKTIF', to: 'DITAHAN' });
    expect(recorded[1]!.reason).toMatch(/^Ditahan otomatis oleh kebijakan pola input NIK/);

    // A finding while already held adds to the alert and holds no twice.
    const effectAgain = await applyFindings(deps, context(operator.id, 'BLOKIR'), [
      finding('BERURUTAN', evidence),
    ]);
    expect(effectAgain.held).toBe(true);
    expect((await alertsOf(operator.id))[0]!.repeats).toBe(1);
    expect((await actionsAbout(operator.userId)).map((r) => r.action)).toEqual([
      'POLA_INPUT_TERDETEKSI',
      'PENGGUNA_DITAHAN',
      'POLA_INPUT_TERDETEKSI',
    ]);
  });

  it('a honeytoken holds the user under any policy, and the warning does not name it', async () => {
    const { operator, evidence } = await sweepingOperator(1);
    const effect = await applyFindings(deps, context(operator.id, 'PERINGATAN'), [
      finding('HONEYTOKEN', evidence),
    ]);
    expect(effect.held).toBe(true);
    expect(effect.warning).not.toMatch(/honeytoken|penanda/i);
    const again = await apiLogin(deps, operator.userId);
    expect((await lookupAs(deps, clock, again, testNik(2))).code).toBe('AKSES_DITAHAN');
    expect((await alertsOf(operator.id))[0]).toMatchObject({
      kind: 'HONEYTOKEN',
      action: 'BLOKIR',
    });
  });

  it('opens a new alert for a finding after the open one was closed', async () => {
    const { operator, evidence } = await sweepingOperator(2);
    const admin = await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' });
    const actor = { id: admin.id, role: 'ADMIN_DUKCAPIL' as const, agencyId: null };
    await applyFindings(deps, context(operator.id, 'PERINGATAN'), [
      finding('TIDAK_DITEMUKAN', evidence),
    ]);
    const [first] = await alertsOf(operator.id);
    await reviewAlert(deps, actor, { id: first!.id, to: 'DITINJAU', note: '' });
    await reviewAlert(deps, actor, { id: first!.id, to: 'SELESAI', note: 'Operator salah ketik' });
    await applyFindings(deps, context(operator.id, 'PERINGATAN'), [
      finding('TIDAK_DITEMUKAN', evidence),
    ]);
    expect((await alertsOf(operator.id)).map((a) => [a.state, a.repeats])).toEqual([
      ['SELESAI', 0],
      ['OPEN', 0],
    ]);
  });

  it('makes one alert when two connections apply the same finding at once', async () => {
    const { operator, evidence } = await sweepingOperator(3);
    // On PostgreSQL a second pool, as a second server process has; PGlite has one connection.
    const second: OpenDatabase | undefined = t.url
      ? await openDatabase({ url: t.url, poolSize: 4 })
      : undefined;
    try {
      const depsB = second
        ? makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, second.db, {
            clock: clock.now,
          })
        : deps;
      const calls = Array.from({ length: 8 }, (_, i) =>
        applyFindings(i % 2 === 0 ? deps : depsB, context(operator.id, 'PERINGATAN'), [
          finding('BERDEKATAN', evidence),
          finding('BERDEKATAN', evidence, 'INSTANSI'),
        ]),
      );
      await Promise.all(calls);
    } finally {
      await second?.close();
    }
    const alerts = await alertsOf(operator.id);
    expect(alerts.map((a) => [a.scope, a.kind, a.repeats]).sort()).toEqual([
      ['INSTANSI', 'BERDEKATAN', 7],
      ['PENGGUNA', 'BERDEKATAN', 7],
    ]);
  });
});

describe('an agreement’s input-pattern policy and service hours', () => {
  let t: TestDatabase;
  let deps: Deps;
  let agreementId: number;
  let nomor: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, t.db, {
      clock: () => NOW,
    });
    const agency = await makeAgency(t.db);
    const agreement = await makeAgreement(t.db, agency.code);
    agreementId = agreement.id;
    nomor = agreement.nomorDukcapil;
  });
  afterAll(async () => {
    await t.drop();
  });

  it('reads the settings as stored (the test agreements serve around the clock)', async () => {
    expect(await getPatternSettings(deps, agreementId)).toMatchObject({
      policy: 'PERINGATAN',
      hours: { start: null, end: null, days: [1, 2, 3, 4, 5, 6, 7] },
    });
  });

  it('sets the policy and hours, recorded with the old and new settings', async () => {
    const admin = await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' });
    await setPatternSettings(
      deps,
      { id: admin.id, role: 'ADMIN_DUKCAPIL', agencyId: null },
      agreementId,
      {
        policy: 'BLOKIR',
        allDay: false,
        start: '08:00',
        end: '15:30',
        days: ['1', '2', '3', '4', '5'],
      },
    );
    expect(await getPatternSettings(deps, agreementId)).toMatchObject({
      policy: 'BLOKIR',
      hours: { start: '08:00', end: '15:30', days: [1, 2, 3, 4, 5] },
    });
    await setPatternSettings(deps, CLI_ACTOR, agreementId, {
      policy: 'ALASAN',
      allDay: true,
      start: '',
      end: '',
      days: ['1', '2', '3', '4', '5', '6', '7'],
    });
    expect((await getPatternSettings(deps, agreementId)).hours).toEqual({
      start: null,
      end: null,
      days: [1, 2, 3, 4, 5, 6, 7],
    });
    const recorded = await t.db
      .selectFrom('admin_action')
      .select(['action', 'actor_id', 'detail'])
      .where('target', '=', nomor)
      .where('action', '=', 'KEBIJAKAN_POLA_DIUBAH')
      .orderBy('id')
      .execute();
    expect(recorded.map((r) => r.actor_id)).toEqual([admin.id, null]);
    expect(recorded[0]!.detail).toEqual({
      before: {
        policy: 'PERINGATAN',
        hours: { start: null, end: null, days: [1, 2, 3, 4, 5, 6, 7] },
      },
      after: { policy: 'BLOKIR', hours: { start: '08:00', end: '15:30', days: [1, 2, 3, 4, 5] } },
    });
  });

  it('refuses an end before the start and no day, naming each field, and changes nothing', async () => {
    const before = await getPatternSettings(deps, agreementId);
    await expect(
      setPatternSettings(deps, CLI_ACTOR, agreementId, {
        policy: 'PERINGATAN',
        allDay: false,
        start: '16:00',
        end: '07:00',
        days: [],
      }),
    ).rejects.toMatchObject({
      code: 'PERMINTAAN_TIDAK_VALID',
      detail: {
        fields: [
          { field: 'end', message: 'Jam selesai harus setelah jam mulai' },
          { field: 'days', message: 'Pilih minimal satu hari layanan' },
        ],
      },
    });
    expect(await getPatternSettings(deps, agreementId)).toEqual(before);
  });

  it('refuses anyone but a Dukcapil admin', async () => {
    await expect(
      setPatternSettings(deps, { id: 1, role: 'EVALUATOR_DUKCAPIL', agencyId: null }, agreementId, {
        policy: 'PERINGATAN',
        allDay: true,
        start: '',
        end: '',
        days: ['1'],
      }),
    ).rejects.toMatchObject({ code: 'TIDAK_BERWENANG' });
  });
});
