import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectFile } from '../src/project-files.js';
import { openDatabase, type OpenDatabase } from '../src/store/db.js';
import { expectIntact, lookUp, nik, seed, snapshot } from './backup-scenario.js';
import { runBuiltCli, runGerbangInProcess, type CliEnv } from './cli.js';
import { serverUrl } from './db.js';
import { makeResident } from './factories.js';

/**
 * The README's PostgreSQL backup and restore ("Backup and restore"), step by step with the
 * real tools: roles as in "Database roles" (an owner and an application role of the test's
 * own), a checkpoint kept, `pg_dump` as the owner, things changed, then `pg_restore` into a
 * new database owned by the owner, `sql/roles.sql` again, and `gerbang audit verify` as the
 * application role against the kept checkpoint and key: the data as at backup time, the seal
 * intact. Both databases and both roles are made here and dropped at the end.
 */

const suffix = crypto.randomBytes(5).toString('hex');
const OWNER = `gerbang_owner_${suffix}`;
const APP = `gerbang_app_${suffix}`;
const SOURCE = `gerbang_cadang_${suffix}`;
const RESTORED = `gerbang_pulih_${suffix}`;

function urlOf(role: string, database: string): string {
  const url = new URL(serverUrl!);
  url.username = role;
  url.password = '';
  url.pathname = `/${database}`;
  return url.toString();
}

async function asAdmin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A PostgreSQL client tool as the README runs it; its output, or the test fails with stderr. */
function tool(command: string, args: readonly string[]): string {
  const run = spawnSync(command, args, { encoding: 'utf8' });
  expect(run.error, `${command} is not installed`).toBeUndefined();
  expect(run.status, `${command} ${args.join(' ')}: ${run.stderr}`).toBe(0);
  return run.stdout;
}

/** sql/roles.sql as the owner; its final check, one line per audit table. */
function rolesSql(database: string): string[] {
  const out = tool('psql', [
    urlOf(OWNER, database),
    '-X',
    '-q',
    '-A',
    '-t',
    '-v',
    `app_role=${APP}`,
    '-v',
    `owner_role=${OWNER}`,
    '-f',
    projectFile('sql', 'roles.sql'),
  ]);
  return out.split('\n').filter(Boolean);
}

describe('PostgreSQL backup and restore as the README says', { timeout: 120_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-pgdump-'));
  const auditKey = crypto.randomBytes(32).toString('base64');
  const env = (database: string): CliEnv => ({
    DATABASE_URL: urlOf(APP, database),
    DATABASE_OWNER_URL: urlOf(OWNER, database),
    GERBANG_AUDIT_KEY: auditKey,
  });
  let app: OpenDatabase | undefined;

  beforeAll(async () => {
    await asAdmin(`CREATE ROLE ${OWNER} LOGIN`);
    await asAdmin(`CREATE ROLE ${APP} LOGIN`);
    await asAdmin(`CREATE DATABASE ${SOURCE} OWNER ${OWNER}`);
    const migrated = await runGerbangInProcess(env(SOURCE), ['migrate']);
    expect(migrated.code, migrated.stderr).toBe(0);
    rolesSql(SOURCE);
    app = await openDatabase({ url: urlOf(APP, SOURCE), poolSize: 4 });
  });

  afterAll(async () => {
    await app?.close();
    await asAdmin(`DROP DATABASE IF EXISTS ${SOURCE} WITH (FORCE)`);
    await asAdmin(`DROP DATABASE IF EXISTS ${RESTORED} WITH (FORCE)`);
    await asAdmin(`DROP ROLE IF EXISTS ${APP}`);
    await asAdmin(`DROP ROLE IF EXISTS ${OWNER}`);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('restores into a new database with the data as at backup time and the seal intact', async () => {
    const db = app!.db;
    const seeded = await seed(db);
    await lookUp(db, seeded.token, [nik(0), nik(1), nik(2)]);

    // Backup: the checkpoint first (it seals; the dump then covers it), then pg_dump as the owner.
    const checkpoint = await runGerbangInProcess(env(SOURCE), ['audit', 'checkpoint']);
    expect(checkpoint.code, checkpoint.stderr).toBe(0);
    const kept = path.join(dir, 'gerbang.checkpoint');
    fs.writeFileSync(kept, checkpoint.stdout);
    const publicKey = /Kunci publik penanda tangan: (\S+)/.exec(checkpoint.stderr)![1]!;
    const atBackup = await snapshot(db, seeded.agencyId);
    expect(atBackup.sealed).toBeGreaterThan(0);
    const dump = path.join(dir, 'gerbang.dump');
    tool('pg_dump', ['--format=custom', `--file=${dump}`, urlOf(OWNER, SOURCE)]);

    // Things change after the backup.
    await lookUp(db, seeded.token, [nik(3), nik(4)]);
    await makeResident(db, { nik: nik(7) });
    const sealed = await runGerbangInProcess(env(SOURCE), ['audit', 'seal']);
    expect(sealed.code, sealed.stderr).toBe(0);
    expect((await snapshot(db, seeded.agencyId)).quotaUsed).toBe(5);

    // Restore into a new database owned by the owner, as the owner, all or nothing.
    await asAdmin(`CREATE DATABASE ${RESTORED} OWNER ${OWNER} TEMPLATE template0`);
    tool('pg_restore', [
      '--exit-on-error',
      '--single-transaction',
      `--dbname=${urlOf(OWNER, RESTORED)}`,
      dump,
    ]);
    const check = rolesSql(RESTORED);
    expect(check).toHaveLength(6);
    for (const line of check) expect(line).toMatch(/^(audit_\w+|admin_action)\|f\|f\|f\|f$/);

    const verified = await runBuiltCli(env(RESTORED), [
      'audit',
      'verify',
      '--checkpoint',
      kept,
      '--public-key',
      publicKey,
    ]);
    expectIntact(verified, atBackup.sealed);
    const restored = await openDatabase({ url: urlOf(APP, RESTORED), poolSize: 2 });
    try {
      expect(await snapshot(restored.db, seeded.agencyId)).toEqual(atBackup);
      // The application role goes on working on the restored database: a lookup is served.
      await lookUp(restored.db, seeded.token, [nik(3)]);
      expect((await snapshot(restored.db, seeded.agencyId)).quotaUsed).toBe(4);
    } finally {
      await restored.close();
    }
  });
});
