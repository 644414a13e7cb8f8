import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliDatabase, type CliDatabase } from '../../test/cli.js';
import { countResidents, findResidentByNik } from '../store/residents.js';

/**
 * The command end to end: generate → import → import again, on PGlite (a data folder of its
 * own) or on a fresh PostgreSQL database. Generating to a pipe and the first import run the
 * built command as a user does (needs `npm run build` first); the other runs go through the
 * same program in this process, which is much cheaper.
 */
describe('gerbang registry', { timeout: 60_000 }, () => {
  let cli: CliDatabase;
  const run = (...args: string[]) => cli.run(cli.env, ['registry', ...args]);
  const runBuilt = (...args: string[]) => cli.runBuilt(cli.env, ['registry', ...args]);

  beforeAll(async () => {
    cli = await createCliDatabase('gerbang-cli-');
  });
  afterAll(() => cli.remove());

  it('generates 2,000 residents, imports them, and re-imports them unchanged', async () => {
    const file = path.join(cli.dir, 'penduduk.csv');
    const generated = await run('generate', '--count', '2000', '--seed', 'cli', '--out', file);
    expect(generated.code, generated.stderr).toBe(0);
    expect(generated.stdout).toContain(`2.000 penduduk sintetis (seed "cli") ditulis ke ${file}`);
    const text = fs.readFileSync(file, 'utf8');
    expect(text.split('\n')).toHaveLength(2002);
    expect(fs.readdirSync(cli.dir).filter((name) => name.includes('sebagian'))).toEqual([]);

    const toStdout = await runBuilt('generate', '--count', '2000', '--seed', 'cli');
    expect(toStdout.stdout).toBe(text);

    const first = await runBuilt('import', file);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Baris data dibaca\s+: 2\.000/);
    expect(first.stdout).toMatch(/Ditambahkan\s+: 2\.000/);
    expect(first.stdout).toMatch(/Ditolak\s+: 0/);

    const second = await run('import', file);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/Tidak berubah\s+: 2\.000/);

    const someone = text.split('\n')[1]!.split(',')[0]!;
    const found = await cli.withDb(async (db) => ({
      count: await countResidents(db),
      resident: await findResidentByNik(db, someone),
    }));
    expect(found.count).toBe(2000);
    expect(found.resident?.nik).toBe(someone);
  });

  it('applies a file with bad rows, listing each refused line, and exits 0', async () => {
    const file = path.join(cli.dir, 'campur.csv');
    const good = (await run('generate', '--count', '3', '--seed', 'campur')).stdout.trimEnd();
    const [header, ...rows] = good.split('\n');
    const bad = rows[1]!.replace(/,\d{4}-\d{2}-\d{2},/, ',1990-13-01,');
    fs.writeFileSync(file, [header, rows[0], bad, rows[2], 'x'].join('\n') + '\n');
    const result = await run('import', file);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      'baris 3: kolom tanggal_lahir: bukan tanggal yang sah (YYYY-MM-DD)',
    );
    expect(result.stdout).toContain('baris 5: jumlah kolom 1, seharusnya 12');
    expect(result.stdout).toMatch(/Ditolak\s+: 2/);
    expect(result.stdout).toContain('PERHATIAN: 2 baris ditolak dan tidak dimuat');
  });

  it('refuses a file with a wrong header with exit code 2, writing nothing', async () => {
    const before = await cli.withDb(countResidents);
    const file = path.join(cli.dir, 'salah.csv');
    fs.writeFileSync(file, 'NIK;NAMA\n3303054506900001;SITI\n');
    const result = await run('import', file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Impor dibatalkan; data penduduk tidak diubah.');
    expect(result.stderr).toContain('nik,nama_lengkap,jenis_kelamin,tempat_lahir,tanggal_lahir');
    expect(await cli.withDb(countResidents)).toBe(before);
  });

  it('exits 2 when no row at all is valid, and on a missing file', async () => {
    const file = path.join(cli.dir, 'semua-salah.csv');
    const header = (await run('generate', '--count', '1')).stdout.split('\n')[0]!;
    fs.writeFileSync(file, `${header}\nx\ny\n`);
    const none = await run('import', file);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Tidak satu baris pun lolos pemeriksaan');

    const missing = await run('import', path.join(cli.dir, 'tidak-ada.csv'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('tidak-ada.csv tidak ditemukan');
  });

  it('validates the options of generate', async () => {
    for (const count of ['0', '-5', 'seribu', '1.5', '10000001']) {
      const result = await run('generate', `--count=${count}`);
      expect(result.code, count).toBe(1);
      expect(result.stderr).toContain('Opsi --count harus bilangan bulat 1–10.000.000');
    }
    const noCount = await run('generate');
    expect(noCount.code).toBe(1);
    expect(noCount.stderr).toContain('Opsi --count wajib diisi');
  });
});
