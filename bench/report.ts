import fs from 'node:fs';
import type { AuditVerifyFigures, SealDrain, SealLag } from './oversight.js';
import type { PgbenchResult } from './pgbench.js';
import type { CpuSplit, Machine } from './proc.js';
import type { WrkResult } from './wrk.js';
import { QUOTA_SHARDS } from '../src/domain/quota.js';

/** The results of one `npm run bench`, and their rendering into BENCHMARKS.md and the terminal. */

export const SECTION = 'bench:lookup';

export interface HttpRun {
  readonly label: string;
  readonly wrk: WrkResult;
  readonly threads: number;
  readonly connections: number;
  readonly seconds: number;
  /** Paced runs: the schedule's total rate (requests/s). */
  readonly targetRate?: number;
  readonly cpu: CpuSplit;
  /** Audit rows of the run by response code, and whether they account for wrk's count. */
  readonly audit: Record<string, number>;
  readonly verified: boolean;
  readonly problems: string[];
  /** Lookups of the run after which the input-pattern policy recorded findings. */
  readonly findings?: number;
  /** Servers with the sealer: its lag for the run's rows, and its backlog when the load stopped. */
  readonly sealLag?: SealLag;
  readonly sealDrain?: SealDrain;
}

/** The operators the load runs as (bench/population.ts). */
export interface PopulationFigures {
  readonly agencies: number;
  readonly users: number;
  readonly historyRows: number;
  readonly historyPerUser: number;
  /** Up to this rate (lookups/s) the round-robin load stays below the policy's rate thresholds. */
  readonly safeRate: number;
  readonly seedSeconds: number;
  /** `gerbang audit seal` of everything written before the runs. */
  readonly sealedRows: number;
  readonly sealSeconds: number;
}

export interface GerbangConfig {
  readonly processes: number;
  readonly poolPerProcess: number;
  /** GERBANG_OVERSIGHT of the servers (absent in results saved before it existed: on). */
  readonly oversight?: 'on' | 'off';
  /** Seconds the sealer took to seal the earlier phases' rows before the load. */
  readonly sealWaitSeconds?: number;
  readonly max?: HttpRun;
  readonly paced?: HttpRun;
  readonly singleAgency?: HttpRun;
  /** VmHWM of each server process at the end of its runs, reset just before the load (see `rssPeakReset`). */
  readonly peakRssBytes: number[];
  /** VmHWM since the process started (start-up and the logins' argon2 included). */
  readonly peakRssSinceStartBytes: number[];
  /** VmRSS of each process just before the load (after start-up and logins). */
  readonly rssBeforeLoadBytes: number[];
  /** Whether VmHWM could be reset before the load; when not, peakRssBytes is the peak since start. */
  readonly rssPeakReset: boolean;
  readonly skipped?: string;
}

export interface Results {
  readonly startedAt: Date;
  readonly totalSeconds: number;
  readonly machine: Machine;
  readonly postgres: { version: string; settings: Record<string, string> };
  readonly tools: { wrk: string; pgbench: string };
  readonly dataset: {
    residents: number;
    agencies: number;
    operators: number;
    loadMethod: string;
    loadSeconds: number;
    niksInList: number;
  };
  /** Whether today's quota shard rows of every agency existed before the load. */
  readonly prefilledShards?: boolean;
  /** The paced runs' rate as a share of the measured maximum (0.8). */
  readonly pacedShare: number;
  readonly backgroundBefore: { cores: number; busiest: { title: string; cores: number }[] };
  readonly pgbench?: {
    result: PgbenchResult;
    clients: number;
    seconds: number;
    cpu: CpuSplit;
    audited: number;
    verified: boolean;
  };
  readonly gerbang: GerbangConfig[];
  /** The population of the PostgreSQL runs. */
  readonly population?: PopulationFigures;
  /** 1 process with GERBANG_OVERSIGHT=off, on the same data, just before the 1-process run with it on. */
  readonly oversightOff?: GerbangConfig;
  /** `gerbang audit seal` and `audit verify` on a fresh trail (bench/oversight.ts). */
  readonly auditVerify?: AuditVerifyFigures;
  readonly pglite?: GerbangConfig & {
    residents: number;
    seedSeconds: number;
    population?: PopulationFigures;
  };
  readonly registry?: { table?: string; missing?: string };
  readonly phases: { name: string; seconds: number }[];
}

const n0 = (value: number) => Math.round(value).toLocaleString('en-US');
const ms = (us: number) => (us / 1000).toFixed(us < 10_000 ? 2 : 1);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const cores = (value: number | undefined) => (value ?? 0).toFixed(2);

function cpuCell(cpu: CpuSplit): string {
  const c = cpu.byCategory;
  return `${cores(c.node)} / ${cores(c.postgres)} / ${cores(c.loadgen)} / ${cores(cpu.other)}`;
}

function httpRow(run: HttpRun, config: string): string[] {
  const rate = run.targetRate
    ? `${n0(run.wrk.rps)} (target ${n0(run.targetRate)}, ${run.wrk.late} late slots, worst ${run.wrk.maxLateMs.toFixed(0)} ms)`
    : n0(run.wrk.rps);
  const errors = run.wrk.errors;
  const non2xx = errors.status + errors.connect + errors.read + errors.write + errors.timeout;
  const audited = Object.values(run.audit).reduce((a, b) => a + b, 0);
  return [
    `${run.label}`,
    config,
    `${run.connections} conns, ${run.seconds} s`,
    rate,
    ms(run.wrk.latencyUs.p50),
    ms(run.wrk.latencyUs.p99),
    `${n0(run.wrk.requests)} / ${n0(non2xx)} / ${n0(audited)}${run.verified ? ' ✓' : ' ✗'}`,
    run.findings === undefined ? '—' : n0(run.findings),
    cpuCell(run.cpu),
  ];
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function resultsTable(results: Results): string {
  const rows: string[][] = [];
  if (results.pgbench) {
    const p = results.pgbench;
    rows.push([
      'pgbench reference (3 statements, 1 txn)',
      `PostgreSQL, ${p.clients} clients`,
      `${p.clients} clients, ${p.seconds} s`,
      n0(p.result.tps),
      '—',
      `${p.result.latencyMs.toFixed(2)} (mean)`,
      `${n0(p.result.transactions)} / ${n0(p.result.failed)} / ${n0(p.audited)}${p.verified ? ' ✓' : ' ✗'}`,
      '—',
      `— / ${cores(p.cpu.byCategory.postgres)} / ${cores(p.cpu.byCategory.loadgen)} / ${cores(p.cpu.other)}`,
    ]);
  }
  const configs = [
    ...(results.oversightOff ? [results.oversightOff] : []),
    ...results.gerbang,
    ...(results.pglite ? [results.pglite] : []),
  ];
  for (const config of configs) {
    const engine = config === results.pglite ? 'PGlite (embedded)' : 'PostgreSQL';
    const label = `${engine}, ${config.processes} process${config.processes > 1 ? 'es' : ''}${
      config === results.pglite
        ? ''
        : `, pool ${config.poolPerProcess}${config.processes > 1 ? ' each' : ''}`
    }${config.oversight === 'off' ? ', **GERBANG_OVERSIGHT=off**' : ''}`;
    for (const run of [config.max, config.paced, config.singleAgency])
      if (run) rows.push(httpRow(run, label));
  }
  return table(
    [
      'Run',
      'Gerbang on',
      'Load',
      'Throughput (req/s)',
      'p50 ms',
      'p99 ms',
      'requests / errors+non-2xx / audit rows',
      'lookups with findings',
      'CPU cores: node / postgres / load generator / other',
    ],
    rows,
  );
}

function ratio(results: Results): string | undefined {
  const reference = results.pgbench?.result.tps;
  if (!reference) return undefined;
  return results.gerbang
    .filter((config) => config.max)
    .map(
      (config) =>
        `${(config.max!.wrk.rps / reference).toFixed(2)}× (${config.processes} process${config.processes > 1 ? 'es' : ''})`,
    )
    .join(', ');
}

/** Issue 9: detection plus sealing add at most 5 % to the lookup's cost. */
export const BUDGET = 1.05;

const signedPercent = (ratio: number) =>
  `${ratio >= 1 ? '+' : '−'}${Math.abs((ratio - 1) * 100).toFixed(1)} %`;
const msOf = (value: number | null) =>
  value === null ? '—' : value < 100 ? `${value.toFixed(0)} ms` : `${(value / 1000).toFixed(2)} s`;

/** CPU (ms) per request of the run, of one category or of several together. */
export function perRequestMs(run: HttpRun, ...categories: string[]): number {
  const coresUsed = categories.reduce((sum, c) => sum + (run.cpu.byCategory[c] ?? 0), 0);
  return (coresUsed / run.wrk.rps) * 1000;
}

/** The 1-process configuration that ran the one-agency run (with oversight off when it ran). */
function singleAgencyConfig(results: Results): GerbangConfig | undefined {
  return [results.oversightOff, ...results.gerbang].find(
    (config) => config?.processes === 1 && config.singleAgency && config.max,
  );
}

export interface OversightComparison {
  readonly off: HttpRun;
  readonly on: HttpRun;
  readonly offPaced?: HttpRun;
  readonly onPaced?: HttpRun;
  /** CPU per lookup of the server and the database (ms), and on / off. */
  readonly costOff: number;
  readonly costOn: number;
  readonly costRatio: number;
}

/** The 1-process maximum runs with GERBANG_OVERSIGHT off and on, side by side. */
export function oversightComparison(results: Results): OversightComparison | undefined {
  const offConfig = results.oversightOff;
  const onConfig = results.gerbang.find(
    (config) => config.processes === 1 && config.oversight !== 'off',
  );
  if (!offConfig?.max || !onConfig?.max) return undefined;
  const costOff = perRequestMs(offConfig.max, 'node', 'postgres');
  const costOn = perRequestMs(onConfig.max, 'node', 'postgres');
  return {
    off: offConfig.max,
    on: onConfig.max,
    ...(offConfig.paced ? { offPaced: offConfig.paced } : {}),
    ...(onConfig.paced ? { onPaced: onConfig.paced } : {}),
    costOff,
    costOn,
    costRatio: costOn / costOff,
  };
}

export function keyFigures(results: Results): string[] {
  const lines: string[] = [];
  const one = results.gerbang.find((config) => config.processes === 1);
  const two = results.gerbang.find((config) => config.processes === 2);
  if (results.pgbench)
    lines.push(`pgbench reference: ${n0(results.pgbench.result.tps)} transactions/s`);
  if (one?.max) lines.push(`Gerbang max, 1 process: ${n0(one.max.wrk.rps)} lookups/s`);
  if (two?.max) lines.push(`Gerbang max, 2 processes: ${n0(two.max.wrk.rps)} lookups/s`);
  const r = ratio(results);
  if (r) lines.push(`Gerbang / pgbench: ${r}`);
  for (const config of results.gerbang) {
    if (config.paced) {
      const p = config.paced;
      lines.push(
        `At ${n0(p.targetRate ?? 0)}/s (${Math.round(results.pacedShare * 100)} % of the ${config.processes}-process max): p50 ${ms(p.wrk.latencyUs.p50)} ms, p99 ${ms(p.wrk.latencyUs.p99)} ms ` +
          `(target ≤ 20 ms: ${p.wrk.latencyUs.p99 <= 20_000 ? 'met' : 'NOT met'}; ${p.wrk.late} of ${n0(p.wrk.requests)} sends > 1 ms behind schedule)`,
      );
    }
  }
  const single = singleAgencyConfig(results);
  if (single) {
    lines.push(
      `One agency only (1 process${single.oversight === 'off' ? ', GERBANG_OVERSIGHT=off' : ''}): ${n0(single.singleAgency!.wrk.rps)} lookups/s = ` +
        `${(single.singleAgency!.wrk.rps / single.max!.wrk.rps).toFixed(2)}× the same server's max over all agencies`,
    );
  }
  const oversight = oversightComparison(results);
  if (oversight) {
    const c = oversight;
    lines.push(
      `Oversight cost (1 process, max runs): ${n0(c.on.wrk.rps)} lookups/s with detection and sealing against ${n0(c.off.wrk.rps)} without (${signedPercent(c.on.wrk.rps / c.off.wrk.rps)}); ` +
        `CPU per lookup, PostgreSQL + Node: ${c.costOn.toFixed(3)} ms against ${c.costOff.toFixed(3)} ms (${signedPercent(c.costRatio)}; budget ≤ +5 %: ${c.costRatio <= BUDGET ? 'met' : 'NOT met'})`,
    );
  }
  const lagRun = one?.max?.sealLag ? one.max : undefined;
  if (lagRun?.sealLag) {
    const lag = lagRun.sealLag;
    const drain = lagRun.sealDrain;
    lines.push(
      `Sealer lag at full load (1 process, max run, ${n0(lag.rows)} rows, ${n0(lag.sealed)} sealed): p50 ${msOf(lag.p50Ms)}, p99 ${msOf(lag.p99Ms)}, max ${msOf(lag.maxMs)}` +
        (drain
          ? `; ${n0(drain.backlogAtEnd)} rows unsealed when the load stopped, ${drain.emptyAfterSeconds === null ? `still not all sealed after ${drain.waitedSeconds.toFixed(0)} s` : `all sealed ${drain.emptyAfterSeconds.toFixed(1)} s later`}`
          : ''),
    );
  }
  const v = results.auditVerify;
  if (v) {
    lines.push(
      `\`gerbang audit verify\` of ${n0(v.rows)} sealed rows: ${v.verify.seconds.toFixed(1)} s (reported ${n0(v.verify.reportedMs)} ms) = ${n0(v.verify.rowsPerSecond)} rows/s, peak RSS ${v.verify.peakRssMb} MB, ${v.verify.intact ? 'intact' : `NOT intact: ${v.verify.verdict}`}; ` +
        `\`gerbang audit seal\` of the same rows: ${v.seal.seconds.toFixed(1)} s = ${n0(v.seal.rowsPerSecond)} rows/s, peak RSS ${v.seal.peakRssMb} MB`,
    );
  }
  const withMemory = results.gerbang.filter((config) => config.peakRssBytes.length > 0);
  if (withMemory.length) {
    const peak = Math.max(...withMemory.flatMap((config) => config.peakRssBytes));
    const sinceStart = Math.max(...withMemory.flatMap((config) => config.peakRssSinceStartBytes));
    const before = Math.max(...withMemory.flatMap((config) => config.rssBeforeLoadBytes));
    const reset = withMemory.every((config) => config.rssPeakReset);
    lines.push(
      `Peak RSS of a PostgreSQL-backed server process under lookup load: ${mb(peak)} ` +
        `(target ≤ 256 MB: ${peak <= 256 * 1024 * 1024 ? 'met' : 'NOT met'}; ` +
        withMemory
          .map((config) => `${config.processes}p: ${config.peakRssBytes.map(mb).join(' + ')}`)
          .join(', ') +
        `; ${mb(before)} before the load${reset ? `, ${mb(sinceStart)} peak since start with the logins` : ', peak could not be reset: since start'})`,
    );
  }
  const cpuPerRequest = (run: HttpRun | undefined, category: string) =>
    run ? (((run.cpu.byCategory[category] ?? 0) / run.wrk.rps) * 1000).toFixed(2) : '?';
  if (one?.max) {
    lines.push(
      `CPU per lookup (1 process, max run): PostgreSQL ${cpuPerRequest(one.max, 'postgres')} ms, Node ${cpuPerRequest(one.max, 'node')} ms, wrk ${cpuPerRequest(one.max, 'loadgen')} ms` +
        (results.pgbench
          ? `; per reference transaction: PostgreSQL ${(((results.pgbench.cpu.byCategory.postgres ?? 0) / results.pgbench.result.tps) * 1000).toFixed(2)} ms, pgbench ${(((results.pgbench.cpu.byCategory.loadgen ?? 0) / results.pgbench.result.tps) * 1000).toFixed(2)} ms`
          : ''),
    );
  }
  if (results.pglite?.max) {
    const p = results.pglite;
    lines.push(
      `PGlite (embedded, ${n0(p.residents)} residents): max ${n0(p.max!.wrk.rps)} lookups/s` +
        (p.paced
          ? `; at ${n0(p.paced.targetRate ?? 0)}/s p50 ${ms(p.paced.wrk.latencyUs.p50)} ms, p99 ${ms(p.paced.wrk.latencyUs.p99)} ms`
          : '') +
        (p.peakRssBytes[0]
          ? `; peak RSS under load ${mb(p.peakRssBytes[0])} (the database runs inside the process)`
          : ''),
    );
  }
  return lines;
}

function registrySection(registry: Results['registry']): string {
  if (!registry) return '';
  if (registry.missing)
    return `\n### Registry generate/import\n\nNot measured in this run: ${registry.missing}\n`;
  return (
    '\n### Registry generate/import (`benchRegistry` of bench/registry.ts)\n\n' +
    'The built CLI as child processes: `gerbang registry generate` to a CSV file, `gerbang registry import` into an empty register ' +
    'of a separate database, then the same import again (every row already there); peak RSS as each child reports it at exit.\n\n' +
    `${registry.table ?? ''}\n`
  );
}

export function markdown(results: Results, reading: string): string {
  const m = results.machine;
  const pg = results.postgres;
  const one = results.gerbang.find((config) => config.processes === 1);
  const two = results.gerbang.find((config) => config.processes === 2);
  const max = one?.max;
  const lines = [
    `## Lookup throughput and latency (\`npm run bench\`)`,
    '',
    `Measured ${results.startedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC; the whole run took ${(results.totalSeconds / 60).toFixed(1)} min.`,
    '',
    `**Machine.** ${m.cores} cores (${m.cpuModel}), ${(m.memoryBytes / 1024 ** 3).toFixed(1)} GiB RAM, ${m.kernel}; Node ${m.node}; ` +
      `${pg.version.split(' on ')[0]} on the same machine (synchronous_commit=${pg.settings.synchronous_commit}, fsync=${pg.settings.fsync}, ` +
      `wal_sync_method=${pg.settings.wal_sync_method}, shared_buffers=${pg.settings.shared_buffers}); wrk ${results.tools.wrk}; ${results.tools.pgbench}. ` +
      `Server, database and load generator share the ${m.cores} cores over loopback.`,
    '',
    `**Background.** Machine load just before the run: ${results.backgroundBefore.cores.toFixed(2)} cores busy` +
      (results.backgroundBefore.busiest.length
        ? ` (${results.backgroundBefore.busiest.map((p) => `${p.title.split(' ').slice(0, 3).join(' ')} ${p.cores.toFixed(2)}`).join('; ')})`
        : '') +
      '. The "other" CPU column shows what was not ours during each run.',
    '',
    dataParagraph(results),
    '',
    '### Key figures',
    '',
    ...keyFigures(results).map((line) => `- ${line}`),
    '',
    '### All runs',
    '',
    resultsTable(results),
    '',
    "Latency is wrk's, from the moment a request is written to the moment its answer is read, on loopback. " +
      '"errors+non-2xx" sums wrk\'s socket errors, timeouts (10 s) and non-2xx answers; "audit rows" are the audit_log rows the run wrote ' +
      '(✓: no errors, only 200-class lookup codes, and the audit rows account for every completed request — at most one in-flight request per connection more). ' +
      "CPU is read from /proc over the run: node = the server process(es); postgres = the backends of the bench database and PostgreSQL's own background processes; " +
      'load generator = wrk or pgbench; other = everything else on the machine (kernel included). 2.00 = both cores busy.',
    '',
    '### Method',
    '',
    `- **Reference**: \`${results.pgbench?.result.command ?? 'pgbench (not run)'}\` running, per transaction, ` +
      '`BEGIN; UPDATE quota_usage SET used = used + 1 WHERE agency_id = :a AND day = CURRENT_DATE - 3650 AND shard = :client_id % ' +
      QUOTA_SHARDS +
      '; ' +
      'SELECT r.* FROM bench_nik b JOIN resident r ON r.nik = b.nik WHERE b.i = :i; INSERT INTO audit_log (…) VALUES (…); END;` ' +
      'with a random agency, user and resident (bench_nik maps 1…N to the NIKs), on quota rows created beforehand. Durable commits (synchronous_commit on). ' +
      'The quota row is sharded per client as Gerbang shards an unlimited agency per database session, on rows of a day of its own (see bench/pgbench.ts).',
    results.prefilledShards === false
      ? '- **Quota rows**: none exist for today before the load; Gerbang creates the shard rows of its own backends (pg_backend_pid() % ' +
        QUOTA_SHARDS +
        '), so each lookup sums only those for the quota it reports.'
      : '- **Quota rows**: all ' +
        QUOTA_SHARDS +
        ' shard rows of every bench agency exist for today before the load, as after some hours of traffic with pool connections coming and going, so each lookup sums ' +
        QUOTA_SHARDS +
        ' rows for the quota it reports (the steady state, not the cheaper start of a day).',
    `- **Gerbang**: \`node dist/src/main.js\` with DATABASE_URL of the bench database, LOG_LEVEL=warn, GERBANG_AUDIT_KEY (a fresh key per run), ` +
      'oversight on (the input-pattern policy on every lookup, the sealer every 250 ms in each process) unless the row says GERBANG_OVERSIGHT=off; ' +
      `${one ? `1 process with GERBANG_DB_POOL=${one.poolPerProcess}` : ''}${two ? `, and 2 processes on two ports with GERBANG_DB_POOL=${two.poolPerProcess} each (the same ${two.poolPerProcess * 2} database sessions in all)` : ''}. ` +
      `Load: wrk, 2 threads (with 2 processes, one thread per process), ${max?.connections ?? 64} keep-alive connections, a generated Lua script (bench/wrk.ts) that sets the bearer token ` +
      "(the population's operators in turn, each thread its own half) and a random NIK per request. " +
      'Each configuration gets a 5 s warm-up first; a CHECKPOINT precedes each configuration, and with oversight on the sealer has first sealed every row the earlier phases wrote.',
    `- **Maximum throughput**: closed loop (each connection sends again as soon as it is answered), ${max?.seconds ?? 30} s.`,
    `- **Latency at ${Math.round(results.pacedShare * 100)} %**: an open-loop schedule at ${Math.round(results.pacedShare * 100)} % of the measured maximum — each wrk thread releases requests on a fixed timetable (1 ms timer resolution), ` +
      'connections take the next slot when free; sends that could not go out within 1 ms of their slot are counted ("late slots") since wrk measures from the actual send. ' +
      "wrk2 (the usual constant-rate wrk) is not packaged by Debian; autocannon's overallRate would have cost the server a large part of one of the two cores.",
    "- **One agency**: the maximum-throughput run with only the two tokens of one agency (two `gerbang user add` operators, logged in over the API), all counting on that agency's quota rows. " +
      (singleAgencyConfig(results)?.oversight === 'off'
        ? 'It runs on the server with GERBANG_OVERSIGHT=off: at full speed one agency is, by the policy\'s definition, far more rapid than any office, every lookup would be a finding, and the run would measure alert writing instead of the quota counter.'
        : ''),
    '- **Peak RSS**: VmHWM from /proc/<pid>/status of each server process after its runs; VmHWM is reset (`echo 5 > /proc/<pid>/clear_refs`) ' +
      'after start-up and the logins, just before the warm-up, so the figure is the peak under lookup load. The peak since start, logins included ' +
      '(argon2id takes 19 MiB per concurrent hash), is given beside it.',
    results.pglite
      ? `- **PGlite**: the server without DATABASE_URL on a fresh GERBANG_DATA_DIR: \`gerbang demo\` (${n0(results.pglite.residents)} residents, ${results.pglite.seedSeconds.toFixed(0)} s) and ` +
        "`gerbang agreement stage … --stage PASCA_POC` for both demo agreements before the server starts; the two demo operators' tokens; " +
        `${results.pglite.max?.connections ?? 16} connections (PGlite runs one statement at a time, so more connections only queue).`
      : '- **PGlite**: not run.',
    '',
    '### Reading',
    '',
    reading,
    oversightSection(results),
    registrySection(results.registry),
    `<sub>Phases of this run: ${results.phases.map((phase) => `${phase.name} ${phase.seconds.toFixed(0)} s`).join(', ')}.</sub>`,
  ];
  return lines.join('\n');
}

/** Replaces (or appends) this benchmark's section of BENCHMARKS.md, leaving the rest as it is. */
export function writeSection(file: string, body: string): void {
  const start = `<!-- ${SECTION} -->`;
  const end = `<!-- /${SECTION} -->`;
  const block = `${start}\n${body.trim()}\n${end}`;
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const next =
    from >= 0 && to > from
      ? `${current.slice(0, from)}${block}${current.slice(to + end.length)}`
      : `${current.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(file, next);
}
