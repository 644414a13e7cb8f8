import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliDatabase, runCliInProcess, type CliDatabase } from '../../test/cli.js';
import { registerHolidayCommands } from './holidays.js';

/**
 * `gerbang holiday …` and `gerbang reminders send`, run in this process as the command
 * line runs them (configuration from the environment), on a PGlite folder of their own or
 * on a fresh PostgreSQL database.
 */
describe('gerbang holiday', () => {
  let cli: CliDatabase;
  /** Without SMTP, whatever this machine's environment says. */
  const gerbang = (...args: string[]) =>
    runCliInProcess(registerHolidayCommands, { ...cli.env, GERBANG_SMTP_URL: undefined }, args);

  const csv = (name: string, text: string) => {
    const file = path.join(cli.dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  beforeAll(async () => {
    cli = await createCliDatabase('gerbang-libur-');
  });
  afterAll(() => cli.remove());

  it('ships only the holidays fixed by date, and says the rest must be entered', async () => {
    const { stdout, stderr } = await gerbang('holiday', 'list', '--year', '2027');
    expect(stdout.trim().split('\n')).toEqual([
      'tanggal,nama,jenis',
      '2027-01-01,"Tahun Baru Masehi",LIBUR_NASIONAL',
      '2027-05-01,"Hari Buruh Internasional",LIBUR_NASIONAL',
      '2027-06-01,"Hari Lahir Pancasila",LIBUR_NASIONAL',
      '2027-08-17,"Hari Kemerdekaan Republik Indonesia",LIBUR_NASIONAL',
      '2027-12-25,"Hari Raya Natal",LIBUR_NASIONAL',
    ]);
    expect(stderr).toContain('SKB 3 Menteri');
    const seeded = await cli.withDb((db) =>
      db
        .selectFrom('holiday')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst(),
    );
    expect(Number(seeded?.n)).toBe(20);
  });

  it('imports a year’s decree from CSV, all or nothing, and records who did it', async () => {
    // Dates and names are this test's own entries, not a real decree.
    const good = csv(
      'libur-2029.csv',
      'tanggal,nama,jenis\n' +
        '2029-01-01,Tahun Baru Masehi,LIBUR_NASIONAL\n' +
        '2029-01-02,"Cuti bersama, entri uji",cuti bersama\n',
    );
    expect((await gerbang('holiday', 'import', good)).stdout).toContain(
      '2 ditambahkan, 0 diperbarui, 0 tidak berubah',
    );
    expect((await gerbang('holiday', 'import', good)).stdout).toContain(
      '0 ditambahkan, 0 diperbarui, 2 tidak berubah',
    );
    const bad = csv(
      'salah.csv',
      'tanggal,nama,jenis\n2029-03-01,Entri uji,LIBUR_NASIONAL\n2029-02-30,Salah,LIBUR_NASIONAL\n2029-04-01,Ab,LIBUR\n',
    );
    await expect(gerbang('holiday', 'import', bad)).rejects.toThrow(
      /baris 3: Tanggal harus tanggal yang sah.*baris 4: Nama hari libur 3–200 karakter; Jenis harus LIBUR_NASIONAL atau CUTI_BERSAMA/,
    );
    const days = await cli.withDb((db) =>
      db
        .selectFrom('holiday')
        .select(['day', 'kind'])
        .where('day', '>=', '2029-01-01')
        .orderBy('day')
        .execute(),
    );
    expect(days).toEqual([
      { day: '2029-01-01', kind: 'LIBUR_NASIONAL' },
      { day: '2029-01-02', kind: 'CUTI_BERSAMA' },
    ]);
    const actions = await cli.withDb((db) =>
      db
        .selectFrom('admin_action')
        .select(['action', 'actor_id', 'target'])
        .where('action', 'like', 'LIBUR_%')
        .execute(),
    );
    expect(actions).toEqual([
      { action: 'LIBUR_DIIMPOR', actor_id: null, target: 'libur-2029.csv' },
      { action: 'LIBUR_DIIMPOR', actor_id: null, target: 'libur-2029.csv' },
    ]);
  });

  it('adds, corrects and removes one day', async () => {
    expect(
      (await gerbang('holiday', 'add', '--date', '2029-05-10', '--name', 'Entri uji')).stdout,
    ).toContain('2029-05-10: ditambahkan');
    expect(
      (
        await gerbang(
          'holiday',
          'add',
          '--date',
          '2029-05-10',
          '--name',
          'Entri uji diperbaiki',
          '--kind',
          'CUTI_BERSAMA',
        )
      ).stdout,
    ).toContain('diperbarui');
    await expect(
      gerbang('holiday', 'remove', '--date', '2029-05-10', '--reason', 'x'),
    ).rejects.toThrow('Alasan penghapusan');
    expect(
      (await gerbang('holiday', 'remove', '--date', '2029-05-10', '--reason', 'Salah masuk'))
        .stdout,
    ).toContain('dihapus');
    await expect(
      gerbang('holiday', 'remove', '--date', '2029-05-10', '--reason', 'Salah masuk'),
    ).rejects.toThrow('tidak ada di kalender');
  });

  it('sends no reminder e-mail without SMTP, and says so', async () => {
    expect((await gerbang('reminders', 'send')).stdout).toContain('GERBANG_SMTP_URL tidak diisi');
  });
});
