import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliDatabase, type CliDatabase } from '../../test/cli.js';
import { makeAgency, makeAgreement } from '../../test/factories.js';
import { WORDING_PROFILE_RECORDED } from '../services/agreements/wording-profile.js';

/**
 * `gerbang agreement profil-teks`: the refusal wording of an agreement's national-service
 * clients from the command line, recorded in the admin trail as the agreement's page does;
 * an unknown profile or agreement changes nothing.
 */
describe('gerbang agreement profil-teks', () => {
  let cli: CliDatabase;
  let nomor: string;
  let agreementId: number;

  beforeAll(async () => {
    cli = await createCliDatabase('gerbang-profil-teks-cli-');
    await cli.withDb(async (db) => {
      const agency = await makeAgency(db, { code: 'RSUD_CLI' });
      const agreement = await makeAgreement(db, agency.code);
      nomor = agreement.nomorDukcapil;
      agreementId = agreement.id;
    });
  });
  afterAll(() => cli.remove());

  const profile = () =>
    cli.withDb(async (db) => {
      const row = await db
        .selectFrom('agreement')
        .select('wording_profile')
        .where('id', '=', agreementId)
        .executeTakeFirstOrThrow();
      return row.wording_profile;
    });
  const trail = () =>
    cli.withDb((db) =>
      db
        .selectFrom('admin_action')
        .select(['actor_id', 'target', 'reason', 'detail'])
        .where('action', '=', WORDING_PROFILE_RECORDED)
        .execute(),
    );
  const run = (...args: string[]) =>
    cli.run(cli.env, ['agreement', 'profil-teks', '--nomor-dukcapil', nomor, ...args]);

  it('sets the profile and records the change with its reason, once', async () => {
    expect(await profile()).toBe('NASIONAL');
    const set = await run('--profil', 'KHANZA', '--reason', 'Bridging SIMRS Khanza RSUD');
    expect([set.code, set.stdout]).toEqual([0, `Profil teks PKS ${nomor}: KHANZA.\n`]);
    expect(await profile()).toBe('KHANZA');
    // The same profile again: nothing changes, nothing is recorded.
    expect((await run('--profil', 'KHANZA')).code).toBe(0);
    expect(await trail()).toEqual([
      {
        actor_id: null,
        target: nomor,
        reason: 'Bridging SIMRS Khanza RSUD',
        detail: { agreementId, before: 'NASIONAL', after: 'KHANZA' },
      },
    ]);
  });

  it('refuses an unknown profile or agreement and keeps what was set', async () => {
    const unknown = await run('--profil', 'LAIN');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('NASIONAL');
    const missing = await cli.run(cli.env, [
      'agreement',
      'profil-teks',
      '--nomor-dukcapil',
      '400.12/0000/1900',
      '--profil',
      'TEGAL',
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('PKS nomor 400.12/0000/1900 tidak terdaftar');
    expect(await profile()).toBe('KHANZA');
    expect(await trail()).toHaveLength(1);
  });
});
