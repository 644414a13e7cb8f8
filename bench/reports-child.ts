import os from 'node:os';
import v8 from 'node:v8';
import { sql } from 'kysely';
import { DEFAULT_DG_FORMAT } from '../src/domain/dg-report.js';
import { produceDgReport } from '../src/services/dg-report/dg-reports.js';
import { makeDeps, type Deps } from '../src/services/deps.js';
import { summarizeClosedDays } from '../src/services/reports/daily-summary.js';
import { reportFigures } from '../src/services/reports/figures.js';
import { renderReportPdf, renderReportXlsx } from '../src/services/reports/report-document.js';
import { openDatabase } from '../src/store/db.js';

/*
 * The measuring process of the reports bench (bench/reports.ts starts it as `npm start` starts
 * the server: node --max-old-space-size=192, a pool of 16): on the generated history, in this
 * order, the 2026-S1 figures of the agency reported on from audit_log alone (before any
 * summary), the daily summariser's catch-up over the whole history, a VACUUM of the summary
 * tables (autovacuum's work, see migration 031), the drafting of that
 * agency's 2026-S1 report (figures + PDF + XLSX, as submitting makes them) first and again,
 * and the report to the Directorate General for 2026-S1 over every agency (produceDgReport:
 * content, PDF, XLSX, kept) first and again. One JSON line per step on stdout.
 */

export interface ChildInput {
  readonly agreementId: number;
  readonly adminId: number;
  /** The fixed "now" of the run (ISO), after the semester and its report's due date. */
  readonly now: string;
}

export interface StepLine {
  readonly step: string;
  readonly ms: number;
  /** The one-minute load average when the step ended (other workers included). */
  readonly loadavg: number;
  readonly detail?: Record<string, number>;
}

export interface EndLine {
  readonly step: 'end';
  readonly maxRssMb: number;
  readonly heapLimitMb: number;
}

const SEMESTER = { period: '2026-S1', from: '2026-01-01', to: '2026-06-30' } as const;

const emit = (line: StepLine | EndLine) => process.stdout.write(`${JSON.stringify(line)}\n`);

async function step(
  name: string,
  run: () => Promise<Record<string, number> | undefined>,
): Promise<void> {
  const started = performance.now();
  const detail = await run();
  const ms = performance.now() - started;
  emit({ step: name, ms, loadavg: os.loadavg()[0]!, ...(detail ? { detail } : {}) });
}

async function draft(deps: Deps, agreementId: number) {
  const figures = await reportFigures(deps, agreementId, SEMESTER.from, SEMESTER.to);
  const document = {
    figures,
    kind: 'SEMESTER' as const,
    semester: SEMESTER.period,
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
  const [pdf, xlsx] = await Promise.all([renderReportPdf(document), renderReportXlsx(document)]);
  return { lookups: figures.lookups.total, pdfBytes: pdf.length, xlsxBytes: xlsx.length };
}

async function produce(deps: Deps, adminId: number, n: number) {
  const admin = { id: adminId, role: 'ADMIN_DUKCAPIL' as const };
  const { id } = await produceDgReport(
    deps,
    admin,
    { semester: SEMESTER.period, letterNumber: `400/${n}/DIRJEN/2027` },
    DEFAULT_DG_FORMAT,
  );
  const row = await deps.db
    .selectFrom('dg_report')
    .select(['pdf', 'xlsx', 'content'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const content = row.content as { rows: unknown[]; totals: { lookups: number } };
  return {
    agencies: content.rows.length,
    lookups: content.totals.lookups,
    pdfBytes: row.pdf.length,
    xlsxBytes: row.xlsx.length,
  };
}

export async function measureReports(input: ChildInput, url: string): Promise<void> {
  const database = await openDatabase({ url, poolSize: 16 });
  const now = new Date(input.now);
  const deps = makeDeps({ tokenTtlSeconds: 600, sessionTtlSeconds: 600 }, database.db, {
    clock: () => now,
  });
  try {
    await step('figuresFromAuditLog', async () => {
      const f = await reportFigures(deps, input.agreementId, SEMESTER.from, SEMESTER.to);
      return { lookups: f.lookups.total };
    });
    await step('summaryCatchUp', async () => {
      const run = await summarizeClosedDays(deps, 100_000);
      return { days: run.days };
    });
    // What autovacuum does soon after with the thresholds of migration 031 (it marks the new
    // summary pages all-visible, so that reports read them by index alone); here at once, so
    // that the timings do not depend on when it wakes.
    await step('vacuumSummaries', async () => {
      await sql`VACUUM (ANALYZE) audit_daily_summary, audit_daily_purpose, audit_first_access`.execute(
        deps.db,
      );
      return undefined;
    });
    await step('draftFirst', () => draft(deps, input.agreementId));
    for (let i = 0; i < 3; i++) await step('draftAgain', () => draft(deps, input.agreementId));
    await step('dgFirst', () => produce(deps, input.adminId, 1));
    for (let i = 0; i < 2; i++) await step('dgAgain', () => produce(deps, input.adminId, i + 2));
  } finally {
    await database.close();
  }
  emit({
    step: 'end',
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    heapLimitMb: Math.round(v8.getHeapStatistics().heap_size_limit / 1024 / 1024),
  });
}

if (process.argv[2] === '--measure') {
  measureReports(
    JSON.parse(process.env.BENCH_REPORTS_INPUT ?? '') as ChildInput,
    process.env.DATABASE_URL ?? '',
  ).catch((error: unknown) => {
    process.stderr.write(
      `reports bench child failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}
