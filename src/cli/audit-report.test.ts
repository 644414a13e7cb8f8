import fs from 'node:fs';
import path from 'node:path';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliDatabase, type CliDatabase } from '../../test/cli.js';
import { makeAgency, makeAgreement, makeUser } from '../../test/factories.js';
import { checkpointLine } from '../domain/usage-report.js';
import { sealAll } from '../services/audit-seal/sealer.js';
import { makeDeps } from '../services/deps.js';
import { draftReport } from '../services/reports/drafting.js';
import { reportFile } from '../services/reports/files.js';
import { saveNarrative } from '../services/reports/narrative.js';
import { submitReport } from '../services/reports/submission.js';

/**
 * `gerbang audit verify --size N --root HEX` and `--checkpoint FILE` (issue 10 item 2) as an
 * auditor uses them on a usage report: the agency submits its 2026-S1 report over a sealed
 * log, the log grows afterwards, and the checkpoint printed in the report's PDF is checked
 * against the log — accepted as it is, refused with a wrong root or a size the log never
 * had (exit 3, in Bahasa Indonesia), a half-given checkpoint refused as a usage error. The
 * runs that show what the auditor sees are the built command (needs `npm run build`).
 */
const NOW = new Date('2026-07-06T03:00:00Z');

describe('gerbang audit verify against a usage report', { timeout: 120_000 }, () => {
  let cli: CliDatabase;
  let size: number;
  let root: string;
  let pdfTextFile: string;
  const run = (...args: string[]) => cli.run(cli.env, ['audit', 'verify', ...args]);
  const runBuilt = (...args: string[]) => cli.runBuilt(cli.env, ['audit', 'verify', ...args]);

  beforeAll(async () => {
    cli = await createCliDatabase('gerbang-audit-laporan-');
    const pdf = await cli.withDb(async (db) => {
      const deps = makeDeps({ tokenTtlSeconds: 600, sessionTtlSeconds: 600 }, db, {
        clock: () => NOW,
      });
      const agency = await makeAgency(db);
      const agreement = await makeAgreement(db, agency.code);
      const h = await makeUser(db, { role: 'KEPALA_INSTANSI', agencyCode: agency.code });
      const operator = await makeUser(db, { agencyCode: agency.code });
      const head = { id: h.id, role: 'KEPALA_INSTANSI' as const, agencyId: agency.id };
      const lookup = (at: Date, i: number) =>
        db
          .insertInto('audit_log')
          .values({
            at,
            action: 'LOOKUP',
            channel: 'PORTAL',
            user_id: operator.id,
            agency_id: agency.id,
            agreement_id: agreement.id,
            client_ip: '10.10.0.67',
            nik: `33030547039000${String(10 + i)}`,
            purpose: 'Pendaftaran pasien',
            response_code: 'DITEMUKAN',
          })
          .execute();
      for (let i = 0; i < 20; i++) await lookup(new Date(Date.UTC(2026, i % 6, 3 + i)), i);
      await sealAll(deps);
      const id = await draftReport(deps, head, {
        agreementId: agreement.id,
        kind: 'SEMESTER',
        semester: '2026-S1',
      });
      await saveNarrative(deps, head, id, { letterNumber: '400/5/UJI/2026' });
      const submitted = await submitReport(deps, head, id);
      size = submitted.checkpoint.size;
      root = submitted.checkpoint.rootHex;
      // the log grows after the report (an hour later): its checkpoint is no longer the latest
      const later = new Date(NOW.getTime() + 3600_000);
      for (let i = 20; i < 25; i++) await lookup(later, i);
      await sealAll({ ...deps, clock: () => new Date(later.getTime() + 60_000) });
      return (await reportFile(deps, head, id, 'pdf')).content;
    });
    const text = (await new PDFParse({ data: pdf }).getText()).text;
    expect(text.replace(/\s+/g, ' ')).toContain(checkpointLine(size, root));
    pdfTextFile = path.join(cli.dir, 'laporan.txt');
    fs.writeFileSync(pdfTextFile, text);
  });
  afterAll(() => cli.remove());

  it('accepts the size and root printed in the report, though the log grew since', async () => {
    const verified = await runBuilt('--size', String(size), '--root', root);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    // leaves: the 25 lookups and the admin trail's steps, sealed with them
    const sealed = Number(/Catatan tersegel\s+: (\d+)/.exec(verified.stdout)?.[1]);
    expect(size).toBeGreaterThanOrEqual(20);
    expect(sealed).toBeGreaterThanOrEqual(size + 5);
    expect(verified.stdout).toContain(
      `COCOK: log pada ukuran ${size} berakar ${root}, sebagaimana tercantum dalam laporan.`,
    );
  });

  it('accepts --checkpoint with the text copied from the report PDF, or its one line', async () => {
    const fromPdf = await run('--checkpoint', pdfTextFile);
    expect(fromPdf.code, fromPdf.stdout + fromPdf.stderr).toBe(0);
    expect(fromPdf.stdout).toContain(`COCOK: log pada ukuran ${size} berakar ${root}`);
    const lineFile = path.join(cli.dir, 'checkpoint-laporan.txt');
    fs.writeFileSync(lineFile, `${checkpointLine(size, root)}\n`);
    const fromLine = await run('--checkpoint', lineFile);
    expect(fromLine.code, fromLine.stdout + fromLine.stderr).toBe(0);
    expect(fromLine.stdout).toContain(`COCOK: log pada ukuran ${size} berakar ${root}`);
  });

  it('refuses a wrong root with exit 3 and says the log differs from the report', async () => {
    const wrongRoot = `${root[0] === '0' ? '1' : '0'}${root.slice(1)}`;
    const refused = await runBuilt('--size', String(size), '--root', wrongRoot);
    expect(refused.code).toBe(3);
    expect(refused.stdout).toContain(
      `RUSAK [CHECKPOINT_LUAR]: Log pada ukuran ${size} berbeda dari checkpoint yang tercantum dalam laporan`,
    );
    expect(refused.stdout).not.toContain('COCOK');
    const wrongFile = path.join(cli.dir, 'checkpoint-salah.txt');
    fs.writeFileSync(wrongFile, checkpointLine(size, wrongRoot));
    expect((await run('--checkpoint', wrongFile)).code).toBe(3);
  });

  it('refuses a size the log never reached, and a checkpoint given by halves', async () => {
    const beyond = await run('--size', '999999', '--root', root);
    expect(beyond.code).toBe(3);
    expect(beyond.stdout).toMatch(
      /RUSAK \[EKOR_TERPOTONG\] \(posisi (\d+)\): Checkpoint yang tercantum dalam laporan mencatat 999999 leaf, tetapi log hanya memuat \1: ekor log terpotong/,
    );
    const half = await run('--size', String(size));
    expect(half.code).toBe(1);
    expect(half.stderr).toContain(
      'Gagal: --size harus bilangan bulat positif dan --root 64 digit heksadesimal; keduanya wajib diisi',
    );
  });
});
