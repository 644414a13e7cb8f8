import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { ELEMENTS } from '../src/domain/elements.js';
import { createAgency, createAgreement } from '../src/services/administration/agreements.js';
import { createUser } from '../src/services/administration/users.js';
import { openDatabase } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { createDatabase, databaseUrl, DEFAULT_SERVER_URL, dropDatabase } from './db.js';
import { bodyShapes, fuzzCases, fuzzTargets, type FuzzTarget } from './fuzz.js';
import {
  countStatus,
  endpointOf,
  portalCaller,
  sendCase,
  type FuzzCaller,
  type StatusCounts,
} from './fuzz-client.js';
import { inParallel, login, startServer, type RunningServer } from './gerbang.js';
import { describeMachine, type Machine } from './proc.js';
import { writeSection } from './report.js';

/**
 * `npm run bench -- --fuzz [--runs N] [--resume]`: the request fuzzer of src/http/input-fuzz.test.ts at
 * length — N cases (default 100,000; BENCH_FUZZ_RUNS) against every public endpoint of a
 * server process started as `npm start` starts it, on a fresh PostgreSQL database
 * (BENCH_PG_URL) that is dropped afterwards, BENCH_FUZZ_CONCURRENCY requests in flight (8).
 * Prints, and writes to .bench/fuzz-results.json after every endpoint, the answers counted by
 * status per endpoint; `--resume` continues an interrupted run there. Once every endpoint has
 * had its cases, the section <!-- bench:fuzz --> of BENCHMARKS.md. The target is 0 answers 5xx
 * and 0 without an answer (a crash: the run stops there).
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RESULTS_FILE = path.join(ROOT, '.bench', 'fuzz-results.json');
const PASSWORD = 'uji-fuzz-gerbang-2026';
const BATCH = 500;

function positive(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name}: a positive integer`);
  return value;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** An agency with an agreement in force (API and portal, loopback) and one operator. */
async function seed(url: string): Promise<string> {
  const open = await openDatabase({ url, poolSize: 2 });
  try {
    await migrate(open.db);
    const now = new Date();
    const day = (offset: number) =>
      new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    await createAgency(open.db, { code: 'FUZZ', name: 'Instansi Uji Fuzz' }, now);
    await createAgreement(
      open.db,
      {
        agencyCode: 'FUZZ',
        nomorDukcapil: '400.12/9999/2026',
        nomorInstansi: '470/9999/2026',
        nomorJuknis: null,
        signedOn: day(-30),
        endsOn: day(700),
        purpose: 'Uji ketahanan masukan',
        grantedElements: [...ELEMENTS],
        accessMethods: ['PORTAL', 'API'],
        accessPoints: ['127.0.0.1', '::1'],
        quotaStage: 'PASCA_POC',
      },
      now,
    );
    await createUser(open.db, {
      userId: 'operator.fuzz',
      displayName: 'Operator Uji Fuzz',
      role: 'OPERATOR',
      agencyCode: 'FUZZ',
      password: PASSWORD,
      mustChangePassword: false,
    });
    return 'operator.fuzz';
  } finally {
    await open.close();
  }
}

/** Runs `runs` cases against one endpoint; false when the server stopped answering. */
async function fuzzEndpoint(
  server: RunningServer,
  target: FuzzTarget,
  caller: FuzzCaller,
  runs: number,
  concurrency: number,
  counts: StatusCounts,
  seed: number,
): Promise<boolean> {
  const cases = fuzzCases(target, caller.csrf);
  for (let done = 0; done < runs; done += BATCH) {
    const batch = fc.sample(cases, { numRuns: Math.min(BATCH, runs - done), seed: seed + done });
    const statuses = await inParallel(
      concurrency,
      batch.map((fuzz) => () => sendCase(server.url, target, fuzz, caller)),
    );
    for (const status of statuses) countStatus(counts, target, status);
    if (statuses.includes(0)) {
      const alive = await fetch(`${server.url}/masuk`).then(
        (response) => response.status === 200,
        () => false,
      );
      if (!alive) return false;
    }
  }
  return true;
}

/** The table of answers by status per endpoint, and the count of 5xx among them. */
function report(counts: StatusCounts): { lines: string[]; serverErrors: number } {
  const lines = ['| endpoint | answers by status | 5xx | no answer |', '|---|---|---:|---:|'];
  let serverErrors = 0;
  for (const [endpoint, byStatus] of counts) {
    const sorted = [...byStatus].sort(([a], [b]) => a - b);
    const fives = sorted.filter(([status]) => status >= 500).reduce((n, [, c]) => n + c, 0);
    const none = byStatus.get(0) ?? 0;
    serverErrors += fives;
    const shown = sorted
      .filter(([status]) => status > 0)
      .map(([status, count]) => `${status}: ${count.toLocaleString('en')}`)
      .join(', ');
    lines.push(`| ${endpoint} | ${shown} | ${fives} | ${none} |`);
  }
  return { lines, serverErrors };
}

/**
 * What a run has done so far, kept in RESULTS_FILE after every endpoint: a run of 100,000
 * cases per endpoint takes well over an hour on the 2-core machine (79 min for 35 endpoints),
 * so an interrupted one continues with `--resume` where it stopped instead of starting again.
 */
interface FuzzProgress {
  readonly runs: number;
  /** Requests in flight (BENCH_FUZZ_CONCURRENCY). */
  readonly concurrency: number;
  readonly machine: Machine;
  /** When each stretch of the run began (one more per `--resume`). */
  readonly stretches: string[];
  /** Per endpoint done: answers by status and the seconds it took. */
  readonly endpoints: Record<string, { counts: Record<string, number>; seconds: number }>;
  crashed?: string;
}

function readProgress(runs: number, concurrency: number, resume: boolean): FuzzProgress {
  const fresh: FuzzProgress = {
    runs,
    concurrency,
    machine: describeMachine(),
    stretches: [],
    endpoints: {},
  };
  if (!resume || !fs.existsSync(RESULTS_FILE)) return fresh;
  const kept = JSON.parse(fs.readFileSync(RESULTS_FILE, 'utf8')) as Partial<FuzzProgress>;
  if (
    kept.runs !== runs ||
    kept.concurrency !== concurrency ||
    !kept.endpoints ||
    !kept.stretches ||
    kept.crashed
  ) {
    throw new Error(
      `--resume: ${RESULTS_FILE} holds no unfinished run of ${runs} cases per endpoint with ${concurrency} in flight; run without --resume`,
    );
  }
  return kept as FuzzProgress;
}

function writeProgress(progress: FuzzProgress): void {
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(RESULTS_FILE, JSON.stringify(progress, null, 2));
}

const asCounts = (progress: FuzzProgress): StatusCounts =>
  new Map(
    Object.entries(progress.endpoints).map(([endpoint, done]) => [
      endpoint,
      new Map(Object.entries(done.counts).map(([status, n]) => [Number(status), n])),
    ]),
  );

/** The run's verdict against its target, as the console and the section state it. */
const verdict = (progress: FuzzProgress, serverErrors: number) =>
  `5xx: ${serverErrors}; server stopped answering: ${progress.crashed ? `yes, at ${progress.crashed}` : 'never'} (target: 0 and never)`;

/** The section <!-- bench:fuzz --> of BENCHMARKS.md, once every endpoint has had its cases. */
function writeFuzzSection(progress: FuzzProgress, lines: readonly string[], serverErrors: number) {
  const m = progress.machine;
  const endpoints = Object.values(progress.endpoints);
  const cases = endpoints.length * progress.runs;
  const seconds = endpoints.reduce((sum, done) => sum + done.seconds, 0);
  const body = [
    '## Request fuzzing at length (`npm run bench -- --fuzz`)',
    '',
    `Run of ${progress.runs.toLocaleString('en')} cases per public endpoint (bench/fuzz-bench.ts, the cases of ` +
      `src/http/input-fuzz.test.ts), begun ${progress.stretches.map((at) => `${at.slice(0, 16).replace('T', ' ')} UTC`).join(', resumed ')}; ` +
      `${cases.toLocaleString('en')} requests to ${endpoints.length} endpoints in ${(seconds / 60).toFixed(0)} min of sending ` +
      `(${(cases / seconds).toFixed(0)} a second), against one server process as \`npm start\` starts it, on PostgreSQL, ` +
      `${progress.concurrency} requests in flight. Machine: ${m.cores} cores (${m.cpuModel}), ${(m.memoryBytes / 1024 ** 3).toFixed(1)} GiB RAM; Node ${m.node}.`,
    '',
    `**${verdict(progress, serverErrors)}.**`,
    '',
    ...lines,
  ].join('\n');
  writeSection(path.join(ROOT, 'BENCHMARKS.md'), body, 'bench:fuzz');
}

export async function runFuzzBench(argv: readonly string[]): Promise<void> {
  const at = argv.indexOf('--runs');
  const runs = positive(
    at >= 0 ? argv[at + 1] : process.env.BENCH_FUZZ_RUNS,
    100_000,
    'BENCH_FUZZ_RUNS / --runs',
  );
  const concurrency = positive(process.env.BENCH_FUZZ_CONCURRENCY, 8, 'BENCH_FUZZ_CONCURRENCY');
  const progress = readProgress(runs, concurrency, argv.includes('--resume'));
  progress.stretches.push(new Date().toISOString());
  const serverUrl = process.env.BENCH_PG_URL || DEFAULT_SERVER_URL;
  const name = `gerbang_fuzz_${process.pid}`;
  await createDatabase(serverUrl, name);
  let server: RunningServer | undefined;
  try {
    const url = databaseUrl(serverUrl, name);
    const userId = await seed(url);
    server = await startServer(await freePort(), {
      DATABASE_URL: url,
      GERBANG_SECURE_COOKIES: 'false',
      GERBANG_DB_POOL: '8',
    });
    const caller: FuzzCaller = {
      bearer: await login(server.url, userId, PASSWORD),
      ...(await portalCaller(server.url, userId, PASSWORD)),
    };
    const targets = fuzzTargets(
      { routeDeclarations: await routeList(server.url) },
      await bodyShapes(server.url),
    );
    for (const [index, target] of targets.entries()) {
      const endpoint = endpointOf(target);
      if (progress.endpoints[endpoint]) continue;
      const started = performance.now();
      const counts: StatusCounts = new Map();
      // Each endpoint its own cases: seeds apart by more than any run's length.
      const seed = (index + 1) * 10_000_019;
      const alive = await fuzzEndpoint(server, target, caller, runs, concurrency, counts, seed);
      const seconds = (performance.now() - started) / 1000;
      process.stdout.write(`[fuzz] ${endpoint}: ${runs} cases, ${seconds.toFixed(1)} s\n`);
      progress.endpoints[endpoint] = {
        counts: Object.fromEntries(counts.get(endpoint) ?? []),
        seconds,
      };
      if (!alive) progress.crashed = endpoint;
      writeProgress(progress);
      if (!alive) break;
    }
    const { lines, serverErrors } = report(asCounts(progress));
    const done = targets.every((target) => progress.endpoints[endpointOf(target)]);
    if (done || progress.crashed) writeFuzzSection(progress, lines, serverErrors);
    process.stdout.write(
      [
        '',
        `Fuzz: ${runs.toLocaleString('en')} cases per endpoint`,
        '',
        ...lines,
        '',
        verdict(progress, serverErrors),
        '',
        `Figures in ${RESULTS_FILE}${done ? ' and BENCHMARKS.md' : ''}.`,
        '',
      ].join('\n'),
    );
    if (progress.crashed || serverErrors > 0) process.exitCode = 1;
  } finally {
    await server?.stop();
    await dropDatabase(serverUrl, name);
  }
}

/**
 * The server's routes as its declarations list them. A separate process does not hand its
 * `routeDeclarations` over, so they are read from the same build in this process.
 */
async function routeList(_url: string) {
  const { buildApp } = await import('../src/app.js');
  const { makeDeps } = await import('../src/services/deps.js');
  const app = await buildApp(
    makeDeps({ tokenTtlSeconds: 60, sessionTtlSeconds: 300 }, undefined as never),
    { trustProxy: false, secureCookies: false, logLevel: 'silent' },
  );
  await app.ready();
  const routes = [...app.routeDeclarations];
  await app.close();
  return routes;
}
