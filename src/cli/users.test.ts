import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliDatabase, runCliInProcess, type CliDatabase } from '../../test/cli.js';
import { TINY_PDF } from '../../test/factories.js';
import { registerAdminCommands } from './admin.js';

/**
 * `gerbang user add | status | document`, run in this process against a database of its own
 * (a PGlite folder, or a fresh PostgreSQL database when DATABASE_URL is set).
 */
describe('gerbang user commands', () => {
  let cli: CliDatabase;
  /** Runs one command; returns what it printed, or throws what it refused with. */
  const gerbang = async (...args: string[]) =>
    (await runCliInProcess(registerAdminCommands, cli.env, args)).stdout;

  beforeAll(async () => {
    cli = await createCliDatabase('gerbang-user-cli-');
  });
  afterAll(() => cli.remove());

  it('adds a user with a one-time password that must be changed, changes status, records an NDA', async () => {
    await gerbang('agency', 'add', '--code', 'CLIUJI', '--name', 'Instansi Uji Baris Perintah');
    const added = await gerbang(
      'user',
      'add',
      '--user-id',
      'operator.cli',
      '--name',
      'Operator CLI',
      '--role',
      'OPERATOR',
      '--agency',
      'CLIUJI',
    );
    const password = /wajib diganti saat masuk pertama\): (\S+)/.exec(added)?.[1];
    expect(password?.length).toBeGreaterThanOrEqual(16);

    expect(
      await gerbang('user', 'status', '--user-id', 'operator.cli', '--status', 'NON_AKTIF'),
    ).toContain('Status operator.cli: NON_AKTIF');

    const scan = path.join(cli.dir, 'nda.pdf');
    fs.writeFileSync(scan, TINY_PDF);
    const recorded = await gerbang(
      'user',
      'document',
      '--user-id',
      'operator.cli',
      '--kind',
      'NDA',
      '--signed',
      '2025-09-16',
      '--file',
      scan,
    );
    expect(recorded).toContain('NDA operator.cli tercatat (application/pdf');

    const text = path.join(cli.dir, 'nda-palsu.pdf');
    fs.writeFileSync(text, 'bukan pindaian');
    await expect(
      gerbang(
        'user',
        'document',
        '--user-id',
        'operator.cli',
        '--kind',
        'NDA',
        '--signed',
        '2025-09-16',
        '--file',
        text,
      ),
    ).rejects.toThrow('Berkas harus berupa PDF, PNG atau JPEG');

    const state = await cli.withDb(async (db) => {
      const user = await db
        .selectFrom('app_user')
        .select(['password_hash', 'must_change_password', 'status', 'nda_signed_on'])
        .where('user_id', '=', 'operator.cli')
        .executeTakeFirstOrThrow();
      const actions = await db
        .selectFrom('admin_action')
        .select(['action', 'actor_id'])
        .where('target', '=', 'operator.cli')
        .orderBy('id')
        .execute();
      return { user, actions };
    });
    expect(state.user).toMatchObject({
      must_change_password: true,
      status: 'NON_AKTIF',
      nda_signed_on: '2025-09-16',
    });
    expect(state.user.password_hash).toMatch(/^\$argon2id\$/);
    expect(state.actions).toEqual([
      { action: 'PENGGUNA_DIBUAT', actor_id: null },
      { action: 'PENGGUNA_DINONAKTIFKAN', actor_id: null },
      { action: 'DOKUMEN_DICATAT', actor_id: null },
    ]);
  });
});
