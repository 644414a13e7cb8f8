import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliDatabase, type CliDatabase, type CliEnv } from '../../test/cli.js';

/**
 * `gerbang audit …` as Dukcapil's officer and an auditor use it: a key made, the trail
 * sealed, the checkpoint kept in a file, verified against it, one access proved and its
 * proof checked with the public key alone — then a row rewritten as the database's owner,
 * and `verify` names it. That last `verify` is the built command as a user runs it (needs
 * `npm run build` first); the other runs go through the same program in this process.
 */
describe('gerbang audit', { timeout: 60_000 }, () => {
  let cli: CliDatabase;
  /** The variables of the runs, the audit key once made. */
  let env: CliEnv;
  const run = (...args: string[]) => cli.run(env, ['audit', ...args]);
  const runBuilt = (...args: string[]) => cli.runBuilt(env, ['audit', ...args]);

  beforeAll(async () => {
    cli = await createCliDatabase('gerbang-audit-');
    env = cli.env;
    await cli.withDb(async (db) => {
      for (let i = 0; i < 25; i += 1) {
        await db
          .insertInto('audit_log')
          .values({
            at: new Date(Date.now() - (25 - i) * 1000),
            action: 'LOOKUP',
            channel: 'PORTAL',
            user_id: null,
            agency_id: null,
            client_ip: '10.10.0.67',
            nik: `33030547039000${String(10 + i)}`,
            purpose: 'Pendaftaran pasien',
            response_code: 'DITEMUKAN',
          })
          .execute();
      }
    });
  });
  afterAll(() => cli.remove());

  it('seals, keeps a checkpoint, verifies against it, and proves one access with the public key alone', async () => {
    const keygen = await run('keygen');
    expect(keygen.code, keygen.stderr).toBe(0);
    const seed = /^GERBANG_AUDIT_KEY=(\S+)$/m.exec(keygen.stdout)![1]!;
    const publicKey = /Kunci publik: (\S+)/.exec(keygen.stderr)![1]!;
    env = { ...env, GERBANG_AUDIT_KEY: seed };

    const checkpoint = await run('checkpoint');
    expect(checkpoint.code, checkpoint.stderr).toBe(0);
    expect(checkpoint.stdout.split('\n').slice(0, 2)).toEqual([
      'disdukcapil.purbalinggakab.go.id/gerbang/audit',
      '25',
    ]);
    expect(checkpoint.stderr).toContain(`Kunci publik penanda tangan: ${publicKey}`);
    const kept = path.join(cli.dir, 'checkpoint.txt');
    fs.writeFileSync(kept, checkpoint.stdout);

    const verified = await run('verify', '--checkpoint', kept, '--public-key', publicKey);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/Catatan tersegel\s+: 25/);
    expect(verified.stdout).toContain('UTUH');

    const proof = await run('prove', '--id', '7');
    expect(proof.code, proof.stderr).toBe(0);
    const proofFile = path.join(cli.dir, 'bukti.json');
    fs.writeFileSync(proofFile, proof.stdout);
    // No database for the check: only the file and the key.
    const checked = await run('check-proof', proofFile, '--public-key', publicKey);
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stdout).toContain('SAH: catatan tercakup log berukuran 25');

    const otherKey = /Kunci publik: (\S+)/.exec((await run('keygen')).stderr)![1]!;
    const wrong = await run('check-proof', proofFile, '--public-key', otherKey);
    expect(wrong.code).toBe(3);
    expect(wrong.stdout).toContain('TIDAK SAH: tanda tangan checkpoint tidak sah');
  });

  it('names a row rewritten by the database owner, with its position, and exits 3', async () => {
    await cli.withDb(async (db) => {
      await db.transaction().execute(async (trx) => {
        await sql`SET LOCAL session_replication_role = replica`.execute(trx);
        await sql`UPDATE audit_log SET response_code = 'TIDAK_DITEMUKAN' WHERE id = 12`.execute(
          trx,
        );
      });
    });
    const verified = await runBuilt('verify');
    expect(verified.code).toBe(3);
    expect(verified.stdout).toMatch(
      /RUSAK \[BARIS_DIUBAH\] \(posisi 11\): Baris audit_log id 12 \(posisi 11\) telah diubah setelah disegel/,
    );
    expect(verified.stderr).toContain('tanpa --public-key');
    const recorded = await cli.withDb((db) =>
      db.selectFrom('audit_verification').select(['ok', 'problem']).orderBy('id').execute(),
    );
    expect(recorded.map((r) => r.ok)).toEqual([true, false]);
  });

  it('refuses bad options and files with a clear message', async () => {
    const badId = await run('prove', '--id', 'x');
    expect(badId.code).toBe(1);
    expect(badId.stderr).toContain('--id harus bilangan bulat positif');
    const missing = await run('verify', '--checkpoint', path.join(cli.dir, 'tidak-ada.txt'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('tidak dapat dibaca');
    const badKey = await run(
      'check-proof',
      path.join(cli.dir, 'bukti.json'),
      '--public-key',
      'abc',
    );
    expect(badKey.code).toBe(1);
    expect(badKey.stderr).toContain('kunci publik audit tidak sah');
  });
});
