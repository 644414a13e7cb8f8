import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { ELEMENTS } from '../src/domain/elements.js';
import { composeNik } from '../src/domain/nik.js';
import { systemClock } from '../src/domain/time.js';
import { createAgency, createAgreement } from '../src/services/administration/agreements.js';
import { createUser } from '../src/services/administration/users.js';
import type { AgencyCaller } from '../src/services/data-balikan/sender.js';
import { readDataBalikanFile } from '../src/services/data-balikan/file.js';
import type { UploadFormat } from '../src/services/data-balikan/file-type.js';
import {
  dataBalikanCsv,
  dataBalikanXlsx,
  type FileRow,
} from '../src/services/data-balikan/template.js';
import { createDataBalikanUploads } from '../src/services/data-balikan/upload.js';
import { makeDeps } from '../src/services/deps.js';
import { DINKES_DATA_BALIKAN } from '../src/services/demo/agreements.js';
import { setDataBalikanSchema } from '../src/store/data-balikan.js';
import { writeSection } from './report.js';
import { openDatabase, type Db } from '../src/store/db.js';
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

/**
 * Return-data file ingest (issue 4): the time from handing a file of 100,000 rows to the
 * portal's upload service to its result — read, every row checked against the schema and
 * the agency's accessed NIKs, and applied in one transaction — on PostgreSQL. The service
 * is the one the portal uses (createDataBalikanUploads: accept, background processing), run
 * in a child process with the server's own heap cap (`npm start`: --max-old-space-size=192),
 * so that the figures also show a 100,000-row file fits in a server process.
 *
 *   node dist/bench/data-balikan.js [--rows N]    (or: node dist/bench/run.js --data-balikan)
 *
 * BENCH_PG_URL names the PostgreSQL server (default local); a database of its own is made
 * and dropped; BENCH_QUIET_WAIT (60) seconds to wait for a busy machine to calm down. The
 * section <!-- bench:data-balikan --> of BENCHMARKS.md is rewritten.
 */

export const SECTION = 'bench:data-balikan';
const HEAP_CAP_MB = 192;
const HERE = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(HERE), '..', '..');

/** One file handed to the service, and what to do after its first result. */
interface IngestJob {
  readonly label: string;
  readonly file: string;
  readonly format: UploadFormat;
  readonly caller: AgencyCaller;
  /** When the file has refused rows: apply its valid rows afterwards, timed on its own. */
  readonly applyValid?: boolean;
}

export interface IngestRun {
  readonly label: string;
  readonly format: UploadFormat;
  readonly rows: number;
  readonly megabytes: number;
  /** Reading the file alone (parse, header, records), without checks or database. */
  readonly readSeconds: number;
  /** From accept() to the result: read, check, apply (or stage the rows when some are refused). */
  readonly ingestSeconds: number;
  readonly status: string;
  readonly added: number;
  readonly unchanged: number;
  readonly refused: number;
  readonly refusedLines: number[];
  /** Applying the valid rows of a file with refused ones, when asked. */
  readonly applyValidSeconds?: number;
  readonly applyValidAdded?: number;
}

export interface DataBalikanFigures {
  readonly startedAt: Date;
  readonly machine: Machine;
  readonly postgres: { version: string; settings: Record<string, string> };
  readonly loadBefore: number;
  readonly rows: number;
  readonly runs: IngestRun[];
  /** Peak RSS of the child process doing the ingest (getrusage maxrss). */
  readonly childPeakRssMb: number;
  /** CPU over the ingest child's life, in cores: node (the child), postgres, other. */
  readonly cpu: CpuSplit;
  readonly heapCapMb: number;
  readonly totalSeconds: number;
}

function say(line: string): void {
  process.stdout.write(`[bench data-balikan ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

/** Distinct valid NIKs, the n-th always the same (as test/data-balikan.ts makes them). */
function niks(count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    const month = String((Math.floor(i / 28) % 12) + 1).padStart(2, '0');
    const serial = Math.floor(i / (28 * 12)) + 1;
    out.push(composeNik('330301', `1990-${month}-${day}`, 'PEREMPUAN', serial));
  }
  return out;
}

let agencySequence = 0;

/** An agency with an agreement in force carrying DINKES's schema, an operator, and its accessed NIKs. */
async function agencyThatAccessed(db: Db, accessed: readonly string[]): Promise<AgencyCaller> {
  const code = `BENCHDB${++agencySequence}`;
  await createAgency(db, { code, name: `Instansi Uji Beban ${code}` }, systemClock());
  const agreementId = await createAgreement(
    db,
    {
      agencyCode: code,
      nomorDukcapil: `400.12/${8000 + agencySequence}/2025`,
      nomorInstansi: `470/${8000 + agencySequence}/2025`,
      nomorJuknis: null,
      signedOn: '2025-09-16',
      endsOn: '2099-09-16',
      purpose: 'Verifikasi peserta JKN (uji beban data balikan)',
      grantedElements: [...ELEMENTS],
      accessMethods: ['PORTAL', 'API'],
      accessPoints: ['127.0.0.1', '::1'],
      quotaStage: 'PASCA_POC',
    },
    systemClock(),
  );
  await setDataBalikanSchema(db, agreementId, DINKES_DATA_BALIKAN);
  const userId = `op.${code.toLowerCase()}`;
  const id = await createUser(db, {
    userId,
    displayName: `Operator ${code}`,
    role: 'OPERATOR',
    agencyCode: code,
    password: crypto.randomBytes(12).toString('hex'),
  });
  const agency = await db
    .selectFrom('agency')
    .select('id')
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
  // The audit rows lookups would have written: the NIKs this agreement accessed.
  await sql`
    INSERT INTO audit_log (at, action, channel, user_id, agency_id, agreement_id, client_ip, nik, purpose, response_code)
    SELECT now() - interval '1 day', 'LOOKUP', 'PORTAL', ${id}::int, ${agency.id}::int,
           ${agreementId}::int, '127.0.0.1'::inet, n, 'Verifikasi peserta JKN', 'DITEMUKAN'
    FROM unnest(${[...accessed]}::text[]) AS n`.execute(db);
  return {
    id,
    userId,
    role: 'OPERATOR',
    agencyId: agency.id,
    agreementId,
    dataBalikanSchema: DINKES_DATA_BALIKAN,
  };
}

const rowsOf = (list: readonly string[]): FileRow[] =>
  list.map((nik, i) => ({
    nik,
    values: {
      nomor_kepesertaan_jkn: String(1_000_000_000_000 + i),
      nomor_rekam_medis: `RM-${2026_0000 + i}`,
    },
  }));

/** The parse alone; its records are dropped before the ingest holds its own. */
async function readAlone(job: IngestJob, bytes: Buffer) {
  const started = performance.now();
  const read = await readDataBalikanFile(job.format, bytes, job.caller.dataBalikanSchema!);
  const readSeconds = (performance.now() - started) / 1000;
  if (!read.ok) throw new Error(`${job.label}: ${read.problem}`);
  return { rows: read.records.length, readSeconds };
}

/** The child: the upload service with the server's heap cap, one job after another. */
async function ingestChild(): Promise<void> {
  const jobs = JSON.parse(fs.readFileSync(0, 'utf8')) as IngestJob[];
  const database = await openDatabase({ url: process.env.DATABASE_URL!, poolSize: 4 });
  const deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, database.db);
  const uploads = createDataBalikanUploads(deps, {
    log: (message, error) => process.stderr.write(`${message}: ${String(error)}\n`),
  });
  const tenMinutes = 600_000;
  try {
    for (const job of jobs) {
      const bytes = fs.readFileSync(job.file);
      const { rows, readSeconds } = await readAlone(job, bytes);
      let started = performance.now();
      const accepted = await uploads.accept(job.caller, {
        fileName: path.basename(job.file),
        bytes,
      });
      if (!accepted.ok) throw new Error(`${job.label}: ${accepted.refusal.message}`);
      await uploads.settled(accepted.id, tenMinutes);
      const ingestSeconds = (performance.now() - started) / 1000;
      const view = (await uploads.view(job.caller.agencyId, accepted.id))!;
      let applied: Pick<IngestRun, 'applyValidSeconds' | 'applyValidAdded'> = {};
      if (job.applyValid && view.status === 'DITOLAK') {
        started = performance.now();
        const decided = await uploads.applyValid(job.caller, accepted.id);
        if (!decided.ok) throw new Error(`${job.label}: ${decided.refusal.message}`);
        await uploads.settled(accepted.id, tenMinutes);
        const after = (await uploads.view(job.caller.agencyId, accepted.id))!;
        applied = {
          applyValidSeconds: (performance.now() - started) / 1000,
          applyValidAdded: after.added ?? 0,
        };
      }
      const run: IngestRun = {
        label: job.label,
        format: job.format,
        rows,
        megabytes: bytes.length / 1024 / 1024,
        readSeconds,
        ingestSeconds,
        status: view.status,
        added: view.added ?? 0,
        unchanged: view.unchanged ?? 0,
        refused: view.refused ?? 0,
        refusedLines: view.refusedRows.map((row) => row.line),
        ...applied,
      };
      process.stdout.write(`${JSON.stringify(run)}\n`);
    }
  } finally {
    await uploads.close();
    await database.close();
  }
  process.stdout.write(`maxrss=${process.resourceUsage().maxRSS}\n`);
}

function runChild(url: string, dbName: string, jobs: IngestJob[], log: (line: string) => void) {
  return new Promise<{ runs: IngestRun[]; peakRssMb: number; cpu: CpuSplit }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [`--max-old-space-size=${HEAP_CAP_MB}`, HERE, '--ingest'],
      { env: { ...process.env, DATABASE_URL: url }, stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const cpu = childAndPostgresSampler(() => child.pid, dbName);
    cpu.start();
    const runs: IngestRun[] = [];
    let peakRssMb = NaN;
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let end: number;
      while ((end = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 1);
        if (line.startsWith('maxrss=')) peakRssMb = Math.round(Number(line.slice(7)) / 1024);
        else if (line.startsWith('{')) {
          const run = JSON.parse(line) as IngestRun;
          runs.push(run);
          log(
            `${run.label}: ${run.ingestSeconds.toFixed(2)} s (read alone ${run.readSeconds.toFixed(2)} s) → ${run.status}` +
              (run.applyValidSeconds !== undefined
                ? `; valid rows applied in ${run.applyValidSeconds.toFixed(2)} s`
                : ''),
          );
        }
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const split = cpu.stop();
      if (code === 0) resolve({ runs, peakRssMb, cpu: split });
      else reject(new Error(`ingest child exited ${code}`));
    });
    child.stdin.end(JSON.stringify(jobs));
  });
}

/**
 * Makes a database on the server of `serverUrl`, three agencies that each accessed the same
 * `rows` NIKs, the files, and runs the ingest child on them; drops the database at the end.
 */
export async function benchDataBalikan(options: {
  serverUrl: string;
  rows?: number;
  log?: (line: string) => void;
}): Promise<DataBalikanFigures> {
  const log = options.log ?? say;
  const count = options.rows ?? 100_000;
  // Other work on the machine slows every figure: wait a while for it to calm down.
  let loadBefore = await machineLoad(3000);
  const quietDeadline = Date.now() + Number(process.env.BENCH_QUIET_WAIT ?? 60) * 1000;
  while (loadBefore > 0.3 && Date.now() < quietDeadline) {
    log(`machine busy (${loadBefore.toFixed(2)} cores); waiting for quiet…`);
    loadBefore = await machineLoad(3000);
  }
  const started = performance.now();
  const startedAt = new Date();
  const name = `gerbang_bench_db_${process.pid}_${Date.now().toString(36)}`;
  const url = await createDatabase(options.serverUrl, name);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-bench-data-balikan-'));
  try {
    const database = await openDatabase({ url, poolSize: 4 });
    let callers: AgencyCaller[];
    const list = niks(count);
    try {
      await migrate(database.db);
      callers = [];
      for (let i = 0; i < 3; i++) callers.push(await agencyThatAccessed(database.db, list));
      await sql`VACUUM ANALYZE`.execute(database.db);
    } finally {
      await database.close();
    }
    log(
      `database ${databaseUrl(options.serverUrl, name)}: 3 agencies, ${count} accessed NIKs each`,
    );

    const rows = rowsOf(list);
    const schema = DINKES_DATA_BALIKAN;
    const csvFile = path.join(dir, `data-balikan-${count}.csv`);
    fs.writeFileSync(csvFile, dataBalikanCsv(schema, rows));
    const xlsxFile = path.join(dir, `data-balikan-${count}.xlsx`);
    fs.writeFileSync(xlsxFile, await dataBalikanXlsx(schema, rows));
    // One bad row at line count - 1 (line 1 is the header).
    const bad = [...rows];
    bad[count - 3] = { nik: bad[count - 3]!.nik, values: { nomor_kepesertaan_jkn: '12345' } };
    const badFile = path.join(dir, `data-balikan-${count}-satu-salah.csv`);
    fs.writeFileSync(badFile, dataBalikanCsv(schema, bad));

    const n = count.toLocaleString('en-US');
    const jobs: IngestJob[] = [
      { label: `CSV, ${n} rows, all valid`, file: csvFile, format: 'CSV', caller: callers[0]! },
      { label: `XLSX, ${n} rows, all valid`, file: xlsxFile, format: 'XLSX', caller: callers[1]! },
      {
        label: `CSV, ${n} rows, one bad row at line ${(count - 1).toLocaleString('en-US')}`,
        file: badFile,
        format: 'CSV',
        caller: callers[2]!,
        applyValid: true,
      },
      {
        label: `CSV, ${n} rows, sent again (all unchanged)`,
        file: csvFile,
        format: 'CSV',
        caller: callers[0]!,
      },
    ];
    const { runs, peakRssMb, cpu } = await runChild(url, name, jobs, log);
    return {
      startedAt,
      machine: describeMachine(),
      postgres: await serverFacts(options.serverUrl),
      loadBefore,
      rows: count,
      runs,
      childPeakRssMb: peakRssMb,
      cpu,
      heapCapMb: HEAP_CAP_MB,
      totalSeconds: (performance.now() - started) / 1000,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await dropDatabase(options.serverUrl, name).catch((error: unknown) =>
      log(`could not drop ${name}: ${String(error)}`),
    );
  }
}

const s = (seconds: number | undefined) =>
  seconds === undefined ? '—' : `${seconds.toFixed(2)} s`;

export function dataBalikanMarkdown(f: DataBalikanFigures): string {
  const m = f.machine;
  const pg = f.postgres;
  const target = f.runs.filter((run) => run.status === 'DITERAPKAN' && run.added === f.rows);
  const rowsTable = [
    '| File | Size | Read alone | Ingest (read + check + apply) | Rows/s | Result | Apply valid rows |',
    '|---|---|---|---|---|---|---|',
    ...f.runs.map(
      (run) =>
        `| ${run.label} | ${run.megabytes.toFixed(1)} MB | ${s(run.readSeconds)} | ${s(run.ingestSeconds)} | ` +
        `${Math.round(run.rows / run.ingestSeconds).toLocaleString('en-US')} | ` +
        `${run.status}: ${run.added.toLocaleString('en-US')} added, ${run.unchanged.toLocaleString('en-US')} unchanged, ` +
        `${run.refused.toLocaleString('en-US')} refused${run.refusedLines.length ? ` (line ${run.refusedLines.join(', ')})` : ''} | ` +
        `${run.applyValidSeconds === undefined ? '—' : `${s(run.applyValidSeconds)}: ${run.applyValidAdded?.toLocaleString('en-US')} added`} |`,
    ),
  ].join('\n');
  return [
    '## Return-data file ingest (`npm run bench -- --data-balikan`)',
    '',
    `Measured ${f.startedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC; the whole run took ${f.totalSeconds.toFixed(0)} s.`,
    '',
    `**Machine.** ${m.cores} cores (${m.cpuModel}), ${(m.memoryBytes / 1024 ** 3).toFixed(1)} GiB RAM, ${m.kernel}; Node ${m.node}; ` +
      `${pg.version.split(' on ')[0]} on the same machine (synchronous_commit=${pg.settings.synchronous_commit}, fsync=${pg.settings.fsync}, ` +
      `shared_buffers=${pg.settings.shared_buffers}). Machine load just before the run: ${f.loadBefore.toFixed(2)} cores busy` +
      `${f.loadBefore > 0.3 ? ' — other work was running, so these figures are pessimistic' : ''}.`,
    '',
    `**What is measured.** The portal's upload service (\`createDataBalikanUploads\`, src/services/data-balikan-upload.ts) in a child process ` +
      `started as \`npm start\` starts the server (--max-old-space-size=${f.heapCapMb}), on a fresh PostgreSQL database that is dropped afterwards. ` +
      `Three agencies each have an agreement in force with the DINKES return-data schema and ${f.rows.toLocaleString('en-US')} accessed NIKs (audit rows). ` +
      '"Ingest" runs from `accept()` (the file\'s bytes, as the upload route hands them over) to the result on the upload\'s row: the file read, ' +
      'every row checked against the schema, duplicates and the accessed NIKs, and applied in one transaction — or, when a row is refused, ' +
      'nothing applied and the rows kept for the decision. "Read alone" is the parse of the same file without checks or database. ' +
      'Files carry the NIK, a 13-digit JKN number and a medical-record number per row, as generated by the template writer.',
    '',
    rowsTable,
    '',
    `- Target ≤ 10 s for ${f.rows.toLocaleString('en-US')} CSV rows on PostgreSQL: ` +
      (target.find((run) => run.format === 'CSV')
        ? `${target.find((run) => run.format === 'CSV')!.ingestSeconds <= 10 ? 'met' : 'NOT met'} (${s(target.find((run) => run.format === 'CSV')!.ingestSeconds)}); ` +
          `XLSX ${target.find((run) => run.format === 'XLSX') ? s(target.find((run) => run.format === 'XLSX')!.ingestSeconds) : 'not measured'}.`
        : 'not measured.'),
    `- Peak RSS of the ingesting process: ${f.childPeakRssMb} MB (heap capped at ${f.heapCapMb} MB, as \`npm start\`).`,
    `- CPU over the ${f.cpu.seconds.toFixed(0)} s of the ingesting process, in cores of ${f.cpu.cores}: node ${(f.cpu.byCategory.node ?? 0).toFixed(2)}, ` +
      `PostgreSQL ${(f.cpu.byCategory.postgres ?? 0).toFixed(2)}, other processes ${f.cpu.other.toFixed(2)}, iowait ${f.cpu.iowait.toFixed(2)}` +
      (f.cpu.other > 0.25
        ? '. Other work was using the machine during the run, which lowers these figures by an unknown share.'
        : '.'),
  ].join('\n');
}

/** Runs the benchmark alone and writes its section of BENCHMARKS.md. */
export async function runDataBalikanBench(rows?: number): Promise<DataBalikanFigures> {
  const figures = await benchDataBalikan({
    serverUrl: process.env.BENCH_PG_URL || DEFAULT_SERVER_URL,
    ...(rows ? { rows } : {}),
  });
  const markdown = dataBalikanMarkdown(figures);
  const file = path.join(ROOT, 'BENCHMARKS.md');
  writeSection(file, markdown, SECTION);
  process.stdout.write(`\n${markdown}\n\nWritten to ${file} (section <!-- ${SECTION} -->).\n`);
  return figures;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const rowsAt = args.indexOf('--rows');
  const task = args.includes('--ingest')
    ? ingestChild()
    : runDataBalikanBench(rowsAt >= 0 ? Number(args[rowsAt + 1]) : undefined).then(() => {});
  task.catch((error: unknown) => {
    process.stderr.write(
      `bench data-balikan failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}
