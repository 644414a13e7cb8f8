import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wibDay } from '../domain/time.js';
import { sumQuotaUsage } from '../store/quota.js';
import { openDatabase, type Db } from '../store/db.js';
import { createCliDatabase, runBuiltCli, type CliDatabase } from '../../test/cli.js';
import { serverUrl, withDatabase } from '../../test/db.js';
import { makeAgency, makeAgreement, makeResident, makeUser } from '../../test/factories.js';
import { apiLookup, apiToken, startTestServer } from '../../test/server.js';

/**
 * Backup and restore (issue 13): a backup is made, things change (new lookups, their audit
 * rows, a new resident, a later seal), the backup is restored, and the data is as it was at
 * backup time with `gerbang audit verify` finding the seal intact. On PGlite with `gerbang
 * backup` / `gerbang restore`; on PostgreSQL with the README's pg_dump / pg_restore into a
 * database of the test's own. Restores are the built command, as an operator runs it (needs
 * `npm run build` first).
 */

/**
 * The servers' clock: now, fixed for the file (one quota day), because the sealer stamps its
 * checkpoints with the real time and a row dated long before a seal reads as back-dated.
 */
const NOW = new Date();
const nik = (i: number) => `33030547039000${String(10 + i)}`;

interface Seeded {
  agencyId: number;
  token: string;
}

/** An agency, its operator and five residents; the operator's bearer token. */
async function seed(db: Db): Promise<Seeded> {
  const agency = await makeAgency(db);
  await makeAgreement(db, agency.code);
  const operator = await makeUser(db, { agencyCode: agency.code });
  for (let i = 0; i < 5; i += 1) await makeResident(db, { nik: nik(i) });
  const server = await startTestServer(db, NOW);
  try {
    return {
      agencyId: agency.id,
      token: await apiToken(server.url, operator.userId, operator.password),
    };
  } finally {
    await server.close();
  }
}

/** Lookups through the API, each answered with the resident's data. */
async function lookUp(db: Db, token: string, niks: readonly string[]): Promise<void> {
  const server = await startTestServer(db, NOW);
  try {
    for (const one of niks) {
      const answer = await apiLookup(server.url, token, one);
      expect(answer.body.code, JSON.stringify(answer.body)).toBe('DITEMUKAN');
    }
  } finally {
    await server.close();
  }
}

/** What must be as at backup time after a restore. */
async function snapshot(db: Db, agencyId: number) {
  const audit = await db
    .selectFrom('audit_log')
    .select(['id', 'nik', 'response_code'])
    .orderBy('id')
    .execute();
  const residents = await db.selectFrom('resident').select('nik').orderBy('nik').execute();
  const sealed = await db
    .selectFrom('audit_seal_leaf')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return {
    audit,
    residents: residents.map((row) => row.nik),
    sealed: Number(sealed.n),
    quotaUsed: await sumQuotaUsage(db, agencyId, wibDay(NOW)),
  };
}

function expectIntact(run: { code: number; stdout: string; stderr: string }, sealed: number) {
  expect(run.code, run.stdout + run.stderr).toBe(0);
  expect(run.stdout).toContain('UTUH');
  expect(run.stdout).toMatch(new RegExp(`Catatan tersegel\\s+: ${sealed}\\n`));
}

describe('gerbang backup and restore', { timeout: 120_000 }, () => {
  let cli: CliDatabase;
  let seeded: Seeded;
  beforeAll(async () => {
    cli = await createCliDatabase('gerbang-backup-');
    seeded = await cli.withDb(seed);
  });
  afterAll(() => cli.remove());

  const sealNow = async () => {
    const sealed = await cli.run(cli.env, ['audit', 'seal']);
    expect(sealed.code, sealed.stderr).toBe(0);
  };

  // One engine per project run: PGlite's own commands, or PostgreSQL's own tools.
  const onPglite = !serverUrl;
  if (onPglite)
    it('PGlite: restores the backup, refuses while held and refuses a file that is not a backup', async () => {
      await cli.withDb((db) => lookUp(db, seeded.token, [nik(0), nik(1), nik(2)]));
      await sealNow();
      const atBackup = await cli.withDb((db) => snapshot(db, seeded.agencyId));
      expect(atBackup.audit.length).toBeGreaterThanOrEqual(3);
      expect(atBackup.quotaUsed).toBe(3);

      const file = path.join(cli.dir, 'cadangan.gerbang');
      const backup = await cli.run(cli.env, ['backup', file]);
      expect(backup.code, backup.stderr).toBe(0);
      expect(backup.stdout).toContain(`Cadangan ditulis ke ${file}: 5 penduduk`);
      // No GERBANG_AUDIT_KEY: the sealer's key is in the database, and so in the file.
      expect(backup.stderr).toContain('ikut dalam cadangan ini');
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const again = await cli.run(cli.env, ['backup', file]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('sudah ada');

      // Things change after the backup: lookups, their audit rows, a resident, a later seal.
      await cli.withDb(async (db) => {
        await lookUp(db, seeded.token, [nik(3), nik(4)]);
        await makeResident(db, { nik: nik(7) });
      });
      await sealNow();
      const changed = await cli.withDb((db) => snapshot(db, seeded.agencyId));
      expect(changed.quotaUsed).toBe(5);
      expect(changed.sealed).toBeGreaterThan(atBackup.sealed);

      // A server (here: this process) holds the folder: the restore is refused, nothing changes.
      await cli.withDb(async () => {});
      const held = await runBuiltCli(cli.env, ['restore', file]);
      expect(held.code).toBe(1);
      expect(held.stderr).toContain('sedang dipakai proses lain');

      const notBackup = path.join(cli.dir, 'bukan-cadangan.txt');
      fs.writeFileSync(notBackup, 'nik,nama\n3303054703900010,SRI\n');
      const refused = await cli.runBuilt(cli.env, ['restore', notBackup]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(
        `Gagal: Berkas ${notBackup} bukan berkas cadangan Gerbang; tidak ada yang diubah.`,
      );
      const truncated = path.join(cli.dir, 'terpotong.gerbang');
      const whole = fs.readFileSync(file);
      fs.writeFileSync(truncated, whole.subarray(0, whole.length - 1000));
      const cut = await cli.runBuilt(cli.env, ['restore', truncated]);
      expect(cut.code).toBe(1);
      expect(cut.stderr).toContain('rusak atau tidak lengkap');
      expect(await cli.withDb((db) => snapshot(db, seeded.agencyId))).toEqual(changed);

      const restored = await cli.runBuilt(cli.env, ['restore', file]);
      expect(restored.code, restored.stderr).toBe(0);
      expect(restored.stdout).toContain('dipulihkan dari cadangan');
      const previous = /Folder data sebelumnya disimpan di (\S+);/.exec(restored.stdout)![1]!;
      expect(fs.existsSync(path.join(previous, 'PG_VERSION'))).toBe(true);
      expect(fs.existsSync(path.join(cli.env.GERBANG_DATA_DIR, 'gerbang.lock'))).toBe(false);

      expect(await cli.withDb((db) => snapshot(db, seeded.agencyId))).toEqual(atBackup);
      expectIntact(await cli.run(cli.env, ['audit', 'verify']), atBackup.sealed);

      // The restored database goes on: a lookup, sealed onto the restored trail, verifies.
      await cli.withDb((db) => lookUp(db, seeded.token, [nik(3)]));
      await sealNow();
      const after = await cli.withDb((db) => snapshot(db, seeded.agencyId));
      expect(after.quotaUsed).toBe(4);
      expectIntact(await cli.run(cli.env, ['audit', 'verify']), after.sealed);
    });
  else
    it('PostgreSQL: the README procedure with pg_dump and pg_restore, into a database of its own', async () => {
      const refused = await cli.run(cli.env, ['backup', path.join(cli.dir, 'x.gerbang')]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('Untuk PostgreSQL gunakan pg_dump');

      await cli.withDb((db) => lookUp(db, seeded.token, [nik(0), nik(1), nik(2)]));
      await sealNow();
      const atBackup = await cli.withDb((db) => snapshot(db, seeded.agencyId));
      const file = path.join(cli.dir, 'gerbang.dump');
      const dumped = spawnSync(
        'pg_dump',
        ['--format=custom', `--file=${file}`, cli.env.DATABASE_URL],
        {
          encoding: 'utf8',
        },
      );
      expect(dumped.status, dumped.stderr).toBe(0);

      await cli.withDb(async (db) => {
        await lookUp(db, seeded.token, [nik(3), nik(4)]);
        await makeResident(db, { nik: nik(7) });
      });
      await sealNow();

      const name = `gerbang_pulih_${crypto.randomBytes(5).toString('hex')}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name} TEMPLATE template0`);
      try {
        const url = withDatabase(serverUrl!, name);
        const restored = spawnSync(
          'pg_restore',
          ['--exit-on-error', '--single-transaction', `--dbname=${url}`, file],
          { encoding: 'utf8' },
        );
        expect(restored.status, restored.stderr).toBe(0);
        const env = { ...cli.env, DATABASE_URL: url };
        const verified = await runBuiltCli(env, ['audit', 'verify']);
        expectIntact(verified, atBackup.sealed);
        const check = await openDatabase({ url });
        try {
          expect(await snapshot(check.db, seeded.agencyId)).toEqual(atBackup);
        } finally {
          await check.close();
        }
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      }
    });
});
