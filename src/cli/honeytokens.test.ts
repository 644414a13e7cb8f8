import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, seedDataDir, serverUrl, type TestDatabase } from '../../test/db.js';
import { parseNik } from '../domain/nik.js';
import { openDatabase, type Db } from '../store/db.js';
import { registerHoneytokenCommands } from './honeytokens.js';

/**
 * `gerbang honeytoken tanam | daftar`, run in this process against a database of its own (a
 * PGlite folder, or a fresh PostgreSQL database when DATABASE_URL is set): the NIKs go to
 * standard output only, the count and the warning to standard error.
 */
describe('gerbang honeytoken commands', () => {
  let dir: string;
  let t: TestDatabase | undefined;
  const saved = { ...process.env };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-honeytoken-cli-'));
    if (serverUrl) t = await createTestDatabase();
    else await seedDataDir(path.join(dir, 'data'));
    process.env.DATABASE_URL = t?.url ?? '';
    process.env.GERBANG_DATA_DIR = path.join(dir, 'data');
  });
  afterAll(async () => {
    process.env = saved;
    await t?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Runs one command; what it wrote to stdout and to stderr. */
  async function gerbang(...args: string[]): Promise<{ out: string; err: string }> {
    const program = new Command('gerbang').exitOverride();
    registerHoneytokenCommands(program);
    const out: string[] = [];
    const err: string[] = [];
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      err.push(String(chunk));
      return true;
    });
    try {
      await program.parseAsync(['node', 'gerbang', ...args]);
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
    return { out: out.join(''), err: err.join('') };
  }

  async function withDb<T>(read: (db: Db) => Promise<T>): Promise<T> {
    if (t) return read(t.db);
    const open = await openDatabase({ dataDir: path.join(dir, 'data') });
    try {
      return await read(open.db);
    } finally {
      await open.close();
    }
  }

  it('plants N honeytokens: the NIKs on stdout, the count and a secrecy warning on stderr', async () => {
    const { out, err } = await gerbang('honeytoken', 'tanam', '--jumlah', '3', '--catatan', 'BA 7');
    const niks = out.trim().split('\n');
    expect(niks).toHaveLength(3);
    for (const nik of niks) {
      expect(parseNik(nik, new Date()).ok, nik).toBe(true);
      expect(nik.startsWith('3303')).toBe(true);
    }
    expect(err).toContain('3 NIK penanda ditanam.');
    expect(err).toContain('RAHASIA');
    expect(err).not.toMatch(/\d{16}/);

    const stored = await withDb(async (db) => ({
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
    expect(listed.err).toContain('3 NIK penanda.');
    const lines = listed.out.trim().split('\n');
    expect(lines.map((line) => line.slice(0, 16)).sort()).toEqual([...niks].sort());
    expect(lines[0]).toMatch(/^\d{16} {2}\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} WIB {2}BA 7$/);
  });

  it('refuses a count that is not 1–100 and plants nothing', async () => {
    await expect(gerbang('honeytoken', 'tanam', '--jumlah', '0')).rejects.toThrow(/1–100/);
    await expect(gerbang('honeytoken', 'tanam', '--jumlah', 'tiga')).rejects.toThrow(/1–100/);
    const count = await withDb(async (db) =>
      db
        .selectFrom('honeytoken')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    );
    expect(Number(count.n)).toBe(3);
  });
});
