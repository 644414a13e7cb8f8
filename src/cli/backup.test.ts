import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectIntact,
  lookUp,
  nik,
  seed,
  snapshot,
  type Seeded,
} from '../../test/backup-scenario.js';
import { createCliDatabase, runBuiltCli, type CliDatabase } from '../../test/cli.js';
import { serverUrl } from '../../test/db.js';
import { makeResident } from '../../test/factories.js';

/**
 * Backup and restore of the embedded database (issue 13): a backup is made, things change
 * (new lookups, their audit rows, a new resident, a later seal), the backup is restored, and
 * the data is as it was at backup time with `gerbang audit verify` finding the seal intact.
 * Restores are the built command, as an operator runs it (needs `npm run build` first). On
 * PostgreSQL the commands refuse and name pg_dump / pg_restore, whose README procedure
 * test/backup-postgres.pg.test.ts runs.
 */

describe('gerbang backup and restore', { timeout: 240_000 }, () => {
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
      // The restored trail records the restore itself, for the next seal.
      const recorded = await cli.withDb((db) =>
        db
          .selectFrom('admin_action')
          .select(['action', 'target', 'actor_id'])
          .where('action', '=', 'BASIS_DATA_DIPULIHKAN')
          .execute(),
      );
      expect(recorded).toEqual([
        { action: 'BASIS_DATA_DIPULIHKAN', target: 'cadangan.gerbang', actor_id: null },
      ]);

      // The restored database goes on: a lookup, sealed onto the restored trail, verifies.
      await cli.withDb((db) => lookUp(db, seeded.token, [nik(3)]));
      await sealNow();
      const after = await cli.withDb((db) => snapshot(db, seeded.agencyId));
      expect(after.quotaUsed).toBe(4);
      expectIntact(await cli.run(cli.env, ['audit', 'verify']), after.sealed);
    });
  else
    it('PostgreSQL: refuses both commands and names pg_dump / pg_restore (test/backup-postgres.pg.test.ts runs them)', async () => {
      const backup = await cli.run(cli.env, ['backup', path.join(cli.dir, 'x.gerbang')]);
      expect(backup.code).toBe(1);
      expect(backup.stderr).toContain('Untuk PostgreSQL gunakan pg_dump dan pg_restore');
      expect(fs.existsSync(path.join(cli.dir, 'x.gerbang'))).toBe(false);
      const restore = await cli.run(cli.env, ['restore', path.join(cli.dir, 'x.gerbang')]);
      expect(restore.code).toBe(1);
      expect(restore.stderr).toContain('Untuk PostgreSQL gunakan pg_restore');
      // Nothing was touched: the database answers as before.
      const after = await cli.withDb((db) => snapshot(db, seeded.agencyId));
      expect(after.residents).toHaveLength(5);
    });
});
