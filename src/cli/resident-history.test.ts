import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliDatabase, type CliDatabase } from '../../test/cli.js';
import { makeUser, TINY_PDF } from '../../test/factories.js';
import { auditKeyPair, verifierKey } from '../domain/audit-seal/checkpoint.js';
import type { StatementDocument } from '../domain/resident-statement.js';
import { AUDIT_LOG_ORIGIN } from '../services/audit-seal/keys.js';
import { makeDeps } from '../services/deps.js';
import { statementFile } from '../services/resident-history/files.js';
import { residentAccessStatement } from '../services/resident-history/statement.js';

/**
 * `gerbang audit verify-statement` as an auditor or a court uses it, with no database: a
 * statement made at the counter, exported as JSON, checked with the public key; a line edited
 * in the file, and another key, fail with exit 3. The first check is the built command as a
 * user runs it (needs `npm run build`); the others go through the same program in this
 * process, which is much cheaper.
 */
const NIK = '3303054703900011';
const seed = Buffer.alloc(32, 21);
const publicKey = verifierKey(auditKeyPair(AUDIT_LOG_ORIGIN, seed));
const otherKey = verifierKey(auditKeyPair(AUDIT_LOG_ORIGIN, Buffer.alloc(32, 22)));

describe('gerbang audit verify-statement', { timeout: 60_000 }, () => {
  let cli: CliDatabase;
  let file: string;
  let statement: StatementDocument;
  let pdfFile: string;
  const run = (...args: string[]) => cli.run(cli.env, ['audit', 'verify-statement', ...args]);
  const runBuilt = (...args: string[]) =>
    cli.runBuilt(cli.env, ['audit', 'verify-statement', ...args]);
  const writeVariant = (name: string, change: (doc: StatementDocument) => unknown) => {
    const target = path.join(cli.dir, name);
    fs.writeFileSync(target, JSON.stringify(change(structuredClone(statement)), null, 2));
    return target;
  };

  beforeAll(async () => {
    cli = await createCliDatabase('gerbang-riwayat-');
    statement = await cli.withDb(async (db) => {
      for (let i = 0; i < 9; i += 1) {
        await db
          .insertInto('audit_log')
          .values({
            at: new Date(Date.parse('2026-11-02T02:00:00Z') + i * 3_600_000),
            action: 'LOOKUP',
            channel: i % 2 ? 'API' : 'PORTAL',
            user_id: null,
            agency_id: null,
            client_ip: '10.10.0.67',
            nik: i % 3 === 0 ? '3303054703900099' : NIK,
            purpose: `Pendaftaran pasien RM-${i}`,
            response_code: 'DITEMUKAN',
          })
          .execute();
      }
      const admin = await makeUser(db, { role: 'ADMIN_DUKCAPIL' });
      const deps = makeDeps({ tokenTtlSeconds: 600, sessionTtlSeconds: 600 }, db, {
        auditKey: seed,
        clock: () => new Date('2026-12-06T03:00:00Z'),
      });
      const officer = { id: admin.id, role: 'ADMIN_DUKCAPIL' } as const;
      const request = { nik: NIK, requestNumber: 'RA/2026/7', identityCheck: 'KTP-el asli' };
      const pdf = await statementFile(deps, officer, request, 'PDF');
      pdfFile = path.join(cli.dir, pdf.fileName);
      fs.writeFileSync(pdfFile, pdf.body);
      return (await residentAccessStatement(deps, officer, request, 'JSON')).statement;
    });
    file = path.join(cli.dir, 'riwayat.json');
    fs.writeFileSync(file, JSON.stringify(statement, null, 2));
  });
  afterAll(() => cli.remove());

  it('an untouched statement is valid with the public key', async () => {
    expect(statement.lines).toHaveLength(6);
    const checked = await runBuilt(file, '--public-key', publicKey);
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);
    expect(checked.stdout).toMatch(/^SAH: 6 baris akses tercakup log berukuran \d+/);
    expect(checked.stderr).toBe('');
  });

  it('without --public-key it uses the file’s key and warns', async () => {
    const checked = await run(file);
    expect(checked.code).toBe(0);
    expect(checked.stderr).toContain('Peringatan: tanpa --public-key');
  });

  it('a line edited in the file fails with its line number, exit 3', async () => {
    const edited = writeVariant('diubah.json', (doc) => ({
      ...doc,
      lines: doc.lines.map((line) =>
        line.number === 4 ? { ...line, agency: line.agency, at: '2026-11-02 23:00:00' } : line,
      ),
    }));
    const checked = await run(edited, '--public-key', publicKey);
    expect(checked.code).toBe(3);
    expect(checked.stdout).toContain('TIDAK SAH: baris 4: waktu yang tertulis tidak sama');

    const leafEdited = writeVariant('daun.json', (doc) => ({
      ...doc,
      lines: doc.lines.map((line) =>
        line.number === 2
          ? { ...line, leaf: line.leaf.replace('DITEMUKAN', 'TIDAK_DITEMUKAN') }
          : line,
      ),
    }));
    const leafChecked = await run(leafEdited, '--public-key', publicKey);
    expect(leafChecked.code).toBe(3);
    expect(leafChecked.stdout).toContain('TIDAK SAH: baris 2: jalur bukti');
  });

  it('the PDF as handed over is checked by the JSON it carries', async () => {
    const checked = await run(pdfFile, '--public-key', publicKey);
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);
    expect(checked.stdout).toMatch(/^SAH: 6 baris akses/);
    const wrong = await run(pdfFile, '--public-key', otherKey);
    expect(wrong.code).toBe(3);
    const bare = path.join(cli.dir, 'tanpa-lampiran.pdf');
    fs.writeFileSync(bare, TINY_PDF);
    const refused = await run(bare, '--public-key', publicKey);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('tidak memuat lampiran JSON riwayat akses');
  });

  it('another key fails, exit 3; a file that is not JSON is refused', async () => {
    const checked = await run(file, '--public-key', otherKey);
    expect(checked.code).toBe(3);
    expect(checked.stdout).toContain('TIDAK SAH: tanda tangan checkpoint tidak sah');
    const garbage = path.join(cli.dir, 'bukan.json');
    fs.writeFileSync(garbage, 'bukan json');
    const refused = await run(garbage, '--public-key', publicKey);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('bukan JSON yang sah');
  });
});
