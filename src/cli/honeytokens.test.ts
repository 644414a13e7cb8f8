import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliDatabase, runCliInProcess, type CliDatabase } from '../../test/cli.js';
import { parseNik } from '../domain/nik.js';
import { registerHoneytokenCommands } from './honeytokens.js';

/**
 * `gerbang honeytoken tanam | daftar`, run in this process against a database of its own (a
 * PGlite folder, or a fresh PostgreSQL database when DATABASE_URL is set): the NIKs go to
 * standard output only, the count and the warning to standard error.
 */
describe('gerbang honeytoken commands', () => {
  let cli: CliDatabase;
  const gerbang = (...args: string[]) => runCliInProcess(registerHoneytokenCommands, cli.env, args);

  beforeAll(async () => {
    cli = await createCliDatabase('gerbang-honeytoken-cli-');
  });
  afterAll(() => cli.remove());

  it('plants N honeytokens: the NIKs on stdout, the count and a secrecy warning on stderr', async () => {
    const { stdout, stderr } = await gerbang(
      'honeytoken',
      'tanam',
      '--jumlah',
      '3',
      '--catatan',
      'BA 7',
    );
    const niks = stdout.trim().split('\n');
    expect(niks).toHaveLength(3);
    for (const nik of niks) {
      expect(parseNik(nik, new Date()).ok, nik).toBe(true);
      expect(nik.startsWith('3303')).toBe(true);
    }
    expect(stderr).toContain('3 NIK penanda ditanam.');
    expect(stderr).toContain('RAHASIA');
    expect(stderr).not.toMatch(/\d{16}/);

    const stored = await cli.withDb(async (db) => ({
      honeytokens: await db
        .selectFrom('honeytoken')
        .select(['nik', 'note'])
        .orderBy('nik')
        .execute(),
      residents: await db
        .selectFrom('resident')
        .select(['nik', 'status'])
        .where('nik', 'in', niks)
        .execute(),
      recorded: await db
        .selectFrom('admin_action')
        .select(['action', 'actor_id', 'detail'])
        .where('action', '=', 'HONEYTOKEN_DITANAM')
        .execute(),
    }));
    expect(stored.honeytokens).toEqual([...niks].sort().map((nik) => ({ nik, note: 'BA 7' })));
    expect(stored.residents).toHaveLength(3);
    expect(stored.residents.every((r) => r.status === 'AKTIF')).toBe(true);
    expect(stored.recorded).toEqual([
      { action: 'HONEYTOKEN_DITANAM', actor_id: null, detail: { count: 3 } },
    ]);

    const listed = await gerbang('honeytoken', 'daftar');
    expect(listed.stderr).toContain('3 NIK penanda.');
    const lines = listed.stdout.trim().split('\n');
    expect(lines.map((line) => line.slice(0, 16)).sort()).toEqual([...niks].sort());
    expect(lines[0]).toMatch(/^\d{16} {2}\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} WIB {2}BA 7$/);
  });

  it('refuses a count that is not 1–100 and plants nothing', async () => {
    await expect(gerbang('honeytoken', 'tanam', '--jumlah', '0')).rejects.toThrow(/1–100/);
    await expect(gerbang('honeytoken', 'tanam', '--jumlah', 'tiga')).rejects.toThrow(/1–100/);
    const count = await cli.withDb(async (db) =>
      db
        .selectFrom('honeytoken')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    );
    expect(Number(count.n)).toBe(3);
  });
});
