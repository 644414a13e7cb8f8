import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/store/db.js';
import { seedDataDir } from './db.js';

describe('the embedded database folder', () => {
  it('refuses a second opener while the first holds it, and frees it on close', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-lock-'));
    try {
      // A folder that has held a database before: PGlite's initdb on an empty folder (about
      // eight seconds) is not what this is about, and test/clean-stop.test.ts runs it.
      await seedDataDir(dataDir);
      const first = await openDatabase({ dataDir });
      await expect(openDatabase({ dataDir })).rejects.toThrow(/sedang dipakai proses lain/);
      await first.close();
      const again = await openDatabase({ dataDir });
      await again.close();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('takes over a lock left by a process that no longer runs', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-lock-'));
    try {
      // The folder of a process that had started and then died: a database, and its lock.
      await seedDataDir(dataDir);
      fs.writeFileSync(path.join(dataDir, 'gerbang.lock'), '999999999');
      const open = await openDatabase({ dataDir });
      await open.close();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
