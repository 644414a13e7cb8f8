import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openDatabase } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import {
  createDatabase,
  databaseUrl,
  DEFAULT_SERVER_URL,
  dropDatabase,
  serverFacts,
} from './db.js';
import {
  childAndPostgresSampler,
  describeMachine,
  machineLoad,
  type CpuSplit,
  type Machine,
} from './proc.js';
import { writeSection } from './report.js';
import type { ChildInput, EndLine, StepLine } from './reports-child.js';
import { generateHistory, type History } from './reports-history.js';
import { reportsMarkdown } from './reports-section.js';

/*
 * `npm run bench -- --reports` (issue 10, "Speed and size"), on PostgreSQL: the two targets,
 * drafting a semester usage report over a 10,000,000-row audit trail ≤ 3 s and the report to
 * the Directorate General for 100 agencies ≤ 10 s, with the server's memory cap. Generates
 * the history (bench/reports-history.ts: BENCH_REPORT_ROWS rows, default 10,000,000, over
 * BENCH_REPORT_AGENCIES agencies, default 100), then measures in a child process started as
 * the server is (bench/reports-child.ts, --max-old-space-size=192), and writes the section
 * <!-- bench:reports --> of BENCHMARKS.md with the machine and its load (the machine is
 * shared). The database is dropped afterwards unless BENCH_KEEP=1.
 */

const HEAP_CAP_MB = 192;
const HERE = path.dirname(fileURLToPath(import.meta.url));
const CHILD = path.join(HERE, 'reports-child.js');
const ROOT = path.resolve(HERE, '..', '..');
const SECTION = 'bench:reports';
/** After 2026-S1, its report's due date and the history's last day: every day summarisable. */
const NOW = '2027-01-20T03:00:00Z';

const say = (line: string) => process.stdout.write(`${line}\n`);

function int(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive integer`);
  return value;
}

export interface ReportsFigures {
  readonly startedAt: Date;
  readonly totalSeconds: number;
  readonly rows: number;
  readonly agencies: number;
  readonly machine: Machine;
  readonly postgres: { version: string; settings: Record<string, string> };
  readonly loadBefore: number;
  readonly history: History['seconds'];
  readonly sizes: Readonly<Record<string, number>>;
  readonly steps: readonly StepLine[];
  readonly end: EndLine;
  readonly cpu: CpuSplit;
  readonly heapCapMb: number;
}

function runChild(url: string, dbName: string, input: ChildInput) {
  return new Promise<{ steps: StepLine[]; end: EndLine; cpu: CpuSplit }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [`--max-old-space-size=${HEAP_CAP_MB}`, CHILD, '--measure'],
      {
        env: { ...process.env, DATABASE_URL: url, BENCH_REPORTS_INPUT: JSON.stringify(input) },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const cpu = childAndPostgresSampler(() => child.pid, dbName);
    cpu.start();
    const steps: StepLine[] = [];
    let end: EndLine | undefined;
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let at: number;
      while ((at = buffered.indexOf('\n')) >= 0) {
        const text = buffered.slice(0, at);
        buffered = buffered.slice(at + 1);
        if (!text.startsWith('{')) {
          say(`  (child) ${text}`);
          continue;
        }
        const line = JSON.parse(text) as StepLine | EndLine;
        if (line.step === 'end') end = line as EndLine;
        else {
          const s = line as StepLine;
          steps.push(s);
          say(
            `  ${s.step.padEnd(22)} ${s.ms.toFixed(0).padStart(8)} ms  load ${s.loadavg.toFixed(2)}  ${JSON.stringify(s.detail ?? {})}`,
          );
        }
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const split = cpu.stop();
      if (code === 0 && end) resolve({ steps, end, cpu: split });
      else reject(new Error(`reports bench child exited ${code}`));
    });
  });
}

async function tableSizes(url: string): Promise<Record<string, number>> {
  const open = await openDatabase({ url, poolSize: 1 });
  try {
    const result = await sql<{ name: string; n: string }>`
      SELECT 'audit_log' AS name, count(*)::text AS n FROM audit_log
      UNION ALL SELECT 'audit_daily_summary', count(*)::text FROM audit_daily_summary
      UNION ALL SELECT 'audit_daily_purpose', count(*)::text FROM audit_daily_purpose
      UNION ALL SELECT 'audit_first_access', count(*)::text FROM audit_first_access`.execute(
      open.db,
    );
    return Object.fromEntries(result.rows.map((r) => [r.name, Number(r.n)]));
  } finally {
    await open.close();
  }
}

/** Migrates the fresh database and generates the history on it. */
async function prepare(url: string, rows: number, agencies: number): Promise<History> {
  const open = await openDatabase({ url, poolSize: 4 });
  try {
    await migrate(open.db);
    return await generateHistory(open.db, { rows, agencies, say });
  } finally {
    await open.close();
  }
}

export async function runReportsBench(): Promise<ReportsFigures> {
  const started = performance.now();
  const startedAt = new Date();
  const rows = int('BENCH_REPORT_ROWS', 10_000_000);
  const agencies = int('BENCH_REPORT_AGENCIES', 100);
  const serverUrl = process.env.BENCH_SERVER_URL ?? DEFAULT_SERVER_URL;
  const loadBefore = await machineLoad(3000);
  const name = `gerbang_bench_reports_${Date.now()}`;
  const url = databaseUrl(serverUrl, name);
  await createDatabase(serverUrl, name);
  try {
    say(`Reports bench on ${name} (machine load before: ${loadBefore.toFixed(2)} cores busy)`);
    const history = await prepare(url, rows, agencies);
    say(
      `  history: insert ${history.seconds.insert.toFixed(0)} s, indexes ${history.seconds.indexes.toFixed(0)} s, vacuum ${history.seconds.vacuum.toFixed(0)} s`,
    );
    const measured = await runChild(url, name, {
      agreementId: history.agencies[0]!.agreement,
      adminId: history.adminId,
      now: NOW,
    });
    const figures: ReportsFigures = {
      startedAt,
      totalSeconds: (performance.now() - started) / 1000,
      rows,
      agencies,
      machine: describeMachine(),
      postgres: await serverFacts(serverUrl),
      loadBefore,
      history: history.seconds,
      sizes: await tableSizes(url),
      ...measured,
      heapCapMb: HEAP_CAP_MB,
    };
    const markdown = reportsMarkdown(figures);
    const file = path.join(ROOT, 'BENCHMARKS.md');
    writeSection(file, markdown, SECTION);
    say(`\n${markdown}\n\nWritten to ${file} (section <!-- ${SECTION} -->).`);
    const lookups = (s: string) => figures.steps.find((x) => x.step === s)?.detail?.lookups;
    if (lookups('figuresFromAuditLog') !== lookups('draftFirst')) {
      process.exitCode = 1;
      say('MISMATCH: the figures from the summaries and from audit_log alone disagree');
    }
    return figures;
  } finally {
    if (process.env.BENCH_KEEP !== '1') await dropDatabase(serverUrl, name);
    else say(`kept database ${name}`);
  }
}
