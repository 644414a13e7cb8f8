import { sql } from 'kysely';
import { ELEMENTS } from '../src/domain/elements.js';
import { createAgency, createAgreement } from '../src/services/administration/agreements.js';
import { makeDeps } from '../src/services/deps.js';
import { summarizeClosedDays } from '../src/services/reports/daily-summary.js';
import { reportFigures } from '../src/services/reports/figures.js';
import { renderReportPdf, renderReportXlsx } from '../src/services/reports/report-document.js';
import { openDatabase } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { createDatabase, databaseUrl, DEFAULT_SERVER_URL, dropDatabase } from './db.js';

/*
 * `npm run bench -- --reports` (issue 10, "Speed and size"): drafting a semester usage report
 * over a long audit trail on PostgreSQL. Generates BENCH_REPORT_ROWS audit_log lookups (default
 * 10,000,000) over 2025–2026 for BENCH_REPORT_AGENCIES agencies (default 20; the agency under
 * report has a quarter of all rows), then times: the daily summariser's catch-up over the whole
 * history (a one-off: the server keeps it up to date every ten minutes afterwards), and the
 * drafting of the 2026-S1 report — its figures (summaries plus the live tail), the PDF and the
 * XLSX — cold and warm, and, for comparison, the figures read from audit_log alone. Target:
 * drafting ≤ 3 s. Prints the figures; the database is dropped afterwards unless BENCH_KEEP=1.
 */

const say = (line: string) => process.stdout.write(`${line}\n`);

function int(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive integer`);
  return value;
}

async function timed<T>(label: string, run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  const ms = performance.now() - started;
  say(`  ${label.padEnd(58)} ${ms.toFixed(0).padStart(7)} ms`);
  return { ms, value };
}

export async function runReportsBench(): Promise<void> {
  const rows = int('BENCH_REPORT_ROWS', 10_000_000);
  const agencies = int('BENCH_REPORT_AGENCIES', 20);
  const serverUrl = process.env.BENCH_SERVER_URL ?? DEFAULT_SERVER_URL;
  const name = `gerbang_bench_reports_${Date.now()}`;
  await createDatabase(serverUrl, name);
  const open = await openDatabase({ url: databaseUrl(serverUrl, name), poolSize: 4 });
  try {
    const db = open.db;
    await migrate(db);
    const at = new Date('2024-12-01T00:00:00Z');
    const ids: { agency: number; agreement: number }[] = [];
    for (let i = 0; i < agencies; i++) {
      const code = `BENCH${i}`;
      const agency = await createAgency(db, { code, name: `Instansi Bench ${i}` }, at);
      const agreement = await createAgreement(
        db,
        {
          agencyCode: code,
          nomorDukcapil: `400.12/${i}/2024`,
          nomorInstansi: `470/${i}/2024`,
          nomorJuknis: null,
          signedOn: '2024-12-01',
          endsOn: '2029-12-01',
          purpose: 'Verifikasi data pemohon layanan',
          grantedElements: [...ELEMENTS],
          accessMethods: ['PORTAL', 'API'],
          accessPoints: ['10.0.0.0/8'],
          quotaStage: 'PASCA_POC',
        },
        at,
      );
      ids.push({ agency, agreement });
    }
    // ten operators per agency, inserted directly (no password hashing needed to be counted)
    await sql`
      INSERT INTO app_user (user_id, display_name, agency_id, role, password_hash)
      SELECT 'op' || a.id || '.' || n, 'Operator ' || n, a.id, 'OPERATOR', 'x'
      FROM agency a, generate_series(1, 10) AS n ORDER BY a.id, n`.execute(db);
    const firstIds = await sql<{ a0: number; p0: number; u0: number }>`
      SELECT (SELECT min(id) FROM agency) AS a0, (SELECT min(id) FROM agreement) AS p0,
             (SELECT min(id) FROM app_user) AS u0`.execute(db);
    const { a0, p0, u0 } = firstIds.rows[0]!;
    if (ids.some((x, i) => x.agency !== a0 + i || x.agreement !== p0 + i)) {
      throw new Error('the bench expects consecutive agency and agreement ids');
    }
    say(
      `Reports bench: generating ${rows.toLocaleString('en')} audit rows for ${agencies} agencies…`,
    );
    const from = Date.parse('2025-01-01T00:00:00+07:00') / 1000;
    const span = Date.parse('2027-01-01T00:00:00+07:00') / 1000 - from;
    const batch = 1_000_000;
    const generation = await timed('generate audit_log history', async () => {
      for (let done = 0; done < rows; done += batch) {
        const count = Math.min(batch, rows - done);
        // agency 0 (the one reported on) gets a quarter of the rows, the others share the rest
        await sql`
          INSERT INTO audit_log (at, action, channel, user_id, agency_id, agreement_id, client_ip,
                                 nik, purpose, response_code)
          SELECT to_timestamp(${from}::bigint + (g::bigint * ${span}::bigint) / ${rows}::bigint),
                 'LOOKUP',
                 (ARRAY['PORTAL','API','PORTAL','CARD_READER'])[1 + g % 4],
                 ${u0}::int + k * 10 + g % 10, ${a0}::int + k, ${p0}::int + k, '10.1.2.3'::inet,
                 '3303' || lpad(((g::bigint * 7919) % 999983)::text, 12, '0'),
                 (ARRAY['Pendaftaran pasien','Verifikasi JKN','Akta kelahiran','Rekam medis'])[1 + g % 4],
                 (ARRAY['DITEMUKAN','DITEMUKAN','DITEMUKAN','TIDAK_DITEMUKAN','MENINGGAL','KUOTA_HABIS'])[1 + g % 6]
          FROM (
            SELECT g, CASE WHEN g % 4 = 0 THEN 0 ELSE 1 + (g % ${Math.max(1, agencies - 1)}::int) END AS k
            FROM generate_series(${done}::int, ${done + count - 1}::int) AS g
          ) AS s`.execute(db);
        say(`    ${(done + count).toLocaleString('en')} rows`);
      }
    });
    await sql`ANALYZE`.execute(db);
    const target = ids[0]!;
    const clock = () => new Date('2027-01-20T03:00:00Z');
    const deps = makeDeps({ tokenTtlSeconds: 600, sessionTtlSeconds: 600 }, db, { clock });
    const tailOnly = await timed('figures 2026-S1 from audit_log alone (no summaries)', () =>
      reportFigures(deps, target.agreement, '2026-01-01', '2026-06-30'),
    );
    const summarise = await timed('daily summariser catch-up over the whole history', () =>
      summarizeClosedDays(deps, 100_000),
    );
    const draft = async () => {
      const figures = await reportFigures(deps, target.agreement, '2026-01-01', '2026-06-30');
      const document = {
        figures,
        kind: 'SEMESTER' as const,
        semester: '2026-S1',
        version: 1,
        letterNumber: '400/1/2027',
        obstacles: null,
        followUp: null,
        officialsChanges: null,
        correctionReason: null,
        checkpoint: null,
        dated: '2027-01-20',
        draft: true,
      };
      await Promise.all([renderReportPdf(document), renderReportXlsx(document)]);
      return figures;
    };
    const cold = await timed('draft 2026-S1 (figures + PDF + XLSX), first', draft);
    const warm = await timed('draft 2026-S1 (figures + PDF + XLSX), again', draft);
    say('');
    say(
      `Reports bench (${rows.toLocaleString('en')} audit rows, ${agencies} agencies, PostgreSQL):`,
    );
    say(
      `  rows of the agency reported on in 2026-S1: ${cold.value.lookups.total.toLocaleString('en')}`,
    );
    say(
      `  generation ${(generation.ms / 1000).toFixed(1)} s; summariser ${(summarise.ms / 1000).toFixed(1)} s for ${summarise.value.days} days`,
    );
    say(`  figures without summaries ${(tailOnly.ms / 1000).toFixed(2)} s`);
    say(
      `  drafting: first ${(cold.ms / 1000).toFixed(2)} s, again ${(warm.ms / 1000).toFixed(2)} s (target ≤ 3 s)`,
    );
    if (cold.value.lookups.total !== tailOnly.value.lookups.total) {
      process.exitCode = 1;
      say('  MISMATCH: summaries and audit_log disagree');
    }
  } finally {
    await open.close();
    if (process.env.BENCH_KEEP !== '1') await dropDatabase(serverUrl, name);
  }
}
