import fs from 'node:fs';
import type { AuditVerifyFigures, CostParts, SealDrain, SealLag } from './oversight.js';
import type { PgbenchResult } from './pgbench.js';
import type { CpuSplit, Machine } from './proc.js';
import type { WrkResult } from './wrk.js';
import { QUOTA_SHARDS } from '../src/domain/quota.js';

/** The results of one `npm run bench`, and their rendering into BENCHMARKS.md and the terminal. */

export const SECTION = 'bench:lookup';

/**
 * Issue 13 target 3: the embedded database's p99 at this many lookups/s (the whole run paces
 * PGlite at it, as `--pglite` does).
 */
export const PGLITE_TARGET_RATE = 100;

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

export interface ReferenceRun {
  readonly result: PgbenchResult;
  readonly clients: number;
  readonly seconds: number;
  readonly cpu: CpuSplit;
  readonly audited: number;
  readonly verified: boolean;
  /** Transactions a second it was paced at; absent: as fast as its clients go. */
  readonly rate?: number;
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
  readonly pgbench?: ReferenceRun;
  /** The reference on a schedule at the rate of the 1-process paced run, every transaction logged. */
  readonly pgbenchPaced?: ReferenceRun;
  readonly gerbang: GerbangConfig[];
  /** The population of the PostgreSQL runs. */
  readonly population?: PopulationFigures;
  /** 1 process with GERBANG_OVERSIGHT=off, on the same data, just after the 1-process run with it on. */
  readonly oversightOff?: GerbangConfig;
  /**
   * The oversight's cost, pooled per side over `rounds` runs of each (all their CPU over all
   * their lookups): 'paired', both sides at the same time at `rate` lookups/s each on two
   * copies of the data (bench/run.ts `paired`); otherwise (saved figures of runs before
   * 2026-12-08) maximum runs alternated on / off / off / on … on fresh servers.
   */
  readonly oversightAb?: {
    on: HttpRun;
    off: HttpRun;
    rounds: number;
    method?: 'paired';
    rate?: number;
  };
  /** `gerbang audit seal` and `audit verify` on a fresh trail (bench/oversight.ts). */
  readonly auditVerify?: AuditVerifyFigures;
  /** Parts of the oversight's cost measured on their own (bench/oversight.ts). */
  readonly costParts?: CostParts;
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
  for (const p of [results.pgbench, results.pgbenchPaced]) {
    if (!p) continue;
    const latency = p.result.latencyUs;
    rows.push([
      `pgbench reference (3 statements, 1 txn)${p.rate ? ' at the 1-process paced rate' : ''}`,
      `PostgreSQL, ${p.clients} clients`,
      `${p.clients} clients, ${p.seconds} s${p.rate ? `, ${n0(p.rate)}/s (-R)` : ''}`,
      n0(p.result.tps),
      latency ? ms(latency.p50) : '—',
      latency ? ms(latency.p99) : `${p.result.latencyMs.toFixed(2)} (mean)`,
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

/** Lookups of a run as the audit trail counts them (wrk's count leaves out those still in flight). */
const lookupsOf = (run: HttpRun) =>
  Math.max(
    run.wrk.requests,
    Object.values(run.audit).reduce((a, b) => a + b, 0),
  );

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

/** Whether the oversight's two sides ran at the same time (then neither throughput nor the other cores compare). */
const sideBySide = (results: Results) => results.oversightAb?.method === 'paired';

/** Which runs the oversight comparison pools, in a few words. */
function comparisonRuns(results: Results): string {
  const ab = results.oversightAb;
  if (ab && sideBySide(results)) return `side by side at ${n0(ab.rate ?? 0)}/s each`;
  return ab ? 'max runs alternated' : 'max runs';
}

/** How the oversight comparison was measured: the first sentences of its section. */
function comparisonMethod(results: Results): string {
  const ab = results.oversightAb;
  const what =
    '`GERBANG_OVERSIGHT=off` (no input-pattern policy: no windows kept at start or per lookup, nothing detected; no sealer)';
  if (ab && sideBySide(results))
    return (
      `Two 1-process servers (pool 16) at the same time, one as it ships and one with ${what}, each on its own copy of the same data ` +
      `(\`CREATE DATABASE … TEMPLATE\`) and each under its own wrk at the same ${n0(ab.rate ?? 0)} lookups/s (by default a third of the 1-process maximum above, so that both with their load stay below what the machine serves), ` +
      `in ${ab.rounds} rounds of ${ab.on.seconds / ab.rounds} s (fresh servers and a 3 s warm-up each; the copies swap sides every round): ` +
      'the shared machine, whose CPU-second does a third more or less work from one minute to the next, drifts under both sides alike. ' +
      "A side's cost is its server's CPU and its own database's backends' (PostgreSQL's shared processes, the WAL writer and the checkpointer, serve both and count for neither); each side's figures pool its rounds (all its CPU over all its lookups). "
    );
  if (ab)
    return `The same 1-process server (pool 16), the same data and the same load, as it ships and with ${what}, in ${ab.rounds} rounds of maximum runs alternated on, off, off, on … (${ab.on.seconds / ab.rounds} s each, a fresh server and a 3 s warm-up before each), so that neither side gets the cold caches or the quieter minutes of a shared machine; each side's figures pool its runs (all its CPU over all its lookups). `;
  return (
    `The same 1-process server (pool 16), the same data and the same load, run first as it ships and then with ${what} — ` +
    "in that order so that the first run's cold caches count against the oversight, not for it. "
  );
}

/** The 1-process maximum runs with GERBANG_OVERSIGHT off and on, side by side. */
export function oversightComparison(results: Results): OversightComparison | undefined {
  const offConfig = results.oversightOff;
  const onConfig = results.gerbang.find(
    (config) => config.processes === 1 && config.oversight !== 'off',
  );
  const off = results.oversightAb?.off ?? offConfig?.max;
  const on = results.oversightAb?.on ?? onConfig?.max;
  if (!off || !on) return undefined;
  const costOff = perRequestMs(off, 'node', 'postgres');
  const costOn = perRequestMs(on, 'node', 'postgres');
  return {
    off,
    on,
    ...(offConfig?.paced ? { offPaced: offConfig.paced } : {}),
    ...(onConfig?.paced ? { onPaced: onConfig.paced } : {}),
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
  const floor = results.pgbenchPaced;
  const floorLatency = floor?.result.latencyUs;
  for (const config of results.gerbang) {
    if (config.paced) {
      const p = config.paced;
      lines.push(
        `At ${n0(p.targetRate ?? 0)}/s (${Math.round(results.pacedShare * 100)} % of the ${config.processes}-process max): p50 ${ms(p.wrk.latencyUs.p50)} ms, p99 ${ms(p.wrk.latencyUs.p99)} ms ` +
          `(target ≤ 20 ms: ${p.wrk.latencyUs.p99 <= 20_000 ? 'met' : 'NOT met'}; ${p.wrk.late} of ${n0(p.wrk.requests)} sends > 1 ms behind schedule)`,
      );
    }
  }
  if (floor?.rate && floorLatency) {
    lines.push(
      `The pgbench reference alone at the same ${n0(floor.rate)}/s: p50 ${ms(floorLatency.p50)} ms, p99 ${ms(floorLatency.p99)} ms from each transaction's start` +
        `${floorLatency.p99FromSchedule === undefined ? '' : ` (${ms(floorLatency.p99FromSchedule)} ms from its scheduled start)`}, ` +
        `with ${cores(floor.cpu.byCategory.postgres)} cores of PostgreSQL and ${cores(floor.cpu.byCategory.loadgen)} of pgbench busy: the tail the database and this machine give at that load without Gerbang`,
    );
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
      `Oversight cost (${comparisonRuns(results)}): ${n0(c.on.wrk.rps)} lookups/s with detection and sealing against ${n0(c.off.wrk.rps)} without (${signedPercent(c.on.wrk.rps / c.off.wrk.rps)}); ` +
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
          ? `; at ${n0(p.paced.targetRate ?? 0)}/s p50 ${ms(p.paced.wrk.latencyUs.p50)} ms, p99 ${ms(p.paced.wrk.latencyUs.p99)} ms` +
            (p.paced.targetRate === PGLITE_TARGET_RATE
              ? ` (target ≤ 20 ms at ${PGLITE_TARGET_RATE}/s: ${p.paced.wrk.latencyUs.p99 <= 20_000 ? 'met' : 'NOT met'})`
              : '')
          : '') +
        (p.peakRssBytes[0]
          ? `; peak RSS under load ${mb(p.peakRssBytes[0])} (the database runs inside the process)`
          : ''),
    );
  }
  return lines;
}

function dataParagraph(results: Results): string {
  const d = results.dataset;
  const base = `**Data.** A fresh database with ${n0(d.residents)} synthetic residents (${d.loadMethod}, ${d.loadSeconds.toFixed(0)} s). `;
  const pop = results.population;
  if (!pop) {
    return (
      base +
      `${d.agencies} agencies each with an agreement in force at stage PASCA_POC (unlimited quota) and access points 127.0.0.1 and ::1, ` +
      `${d.operators} operators (API tokens from POST /api/v1/auth/token). Lookups pick a random token and a random NIK out of ` +
      `${n0(d.niksInList)} drawn from the register, so every answer is 200 with DITEMUKAN, or MENINGGAL/GANDA/NON_AKTIF for those residents. ` +
      'The database is dropped at the end.'
    );
  }
  return (
    base +
    `**The load's users** (bench/population.ts): ${n0(pop.agencies)} agencies, each with an agreement in force at stage PASCA_POC (unlimited quota), ` +
    'access points 127.0.0.1 and ::1, service hours around the clock and the default policy PERINGATAN, and ' +
    `${n0(pop.users / pop.agencies)} operators each, ${n0(pop.users)} in all, each with an API session and ${pop.historyPerUser} earlier lookups of random NIKs ` +
    `(${n0(pop.historyRows)} audit rows in the minutes before the runs, sealed before the first one: ${n0(pop.sealedRows)} rows in ${pop.sealSeconds.toFixed(1)} s ` +
    `with \`gerbang audit seal\`, ${n0(pop.sealedRows / pop.sealSeconds)} rows/s), so that the policy reads windows as full as on a working day. ` +
    `They are written with SQL in ${pop.seedSeconds.toFixed(0)} s (logging ${n0(pop.users)} operators in through argon2id would take longer than the whole run). ` +
    'wrk takes the operators in turn, operator k belonging to agency k mod ' +
    `${n0(pop.agencies)}: one operator's lookups come ${n0(pop.users)}/rate seconds apart and one agency's ${n0(pop.agencies)}/rate seconds apart, ` +
    `below the policy's rate thresholds (9 a minute or 5 in 10 s per operator, 21 in 30 s or 10 in 10 s per agency) up to ${n0(pop.safeRate)} lookups/s; ` +
    'each lookup takes a random NIK out of ' +
    `${n0(d.niksInList)} drawn from the register, so every answer is 200 with DITEMUKAN, or MENINGGAL/GANDA/NON_AKTIF for those residents. ` +
    'That is what ordinary traffic looks like to the policy, many counters serving applicants in random order, only thousands of times more of it. ' +
    'Twenty operators at full speed, as earlier runs used, would each make a hundred lookups a second: every lookup would be a "rapid input" finding ' +
    '(an alert upsert and an admin_action row each) and the bench would measure an attack, not the policy on ordinary traffic; ' +
    'the "lookups with findings" column counts what each run raised all the same. ' +
    `Besides them, ${d.agencies} agencies and ${d.operators} operators made with the CLI serve the reference's ids and the one-agency run. The database is dropped at the end.`
  );
}

function oversightSection(results: Results): string {
  const c = oversightComparison(results);
  const v = results.auditVerify;
  const lagRuns = results.gerbang.flatMap((config) =>
    [config.max, config.paced]
      .filter((run): run is HttpRun => run?.sealLag !== undefined)
      .map((run) => ({ config, run })),
  );
  if (!c && !v && lagRuns.length === 0) return '';
  const parts: string[] = [
    '',
    "### Oversight: what detection and sealing cost, the sealer's lag, `gerbang audit verify` (issue 9)",
    '',
  ];
  if (c) {
    const row = (label: string, off: string, on: string, ratio: string) =>
      `| ${label} | ${off} | ${on} | ${ratio} |`;
    const ms3 = (value: number) => value.toFixed(3);
    const paced = (run: HttpRun | undefined) =>
      run
        ? `${ms(run.wrk.latencyUs.p50)} / ${ms(run.wrk.latencyUs.p99)} (at ${n0(run.targetRate ?? 0)}/s)`
        : '—';
    parts.push(
      comparisonMethod(results) +
        '"Cost" is the CPU the server and PostgreSQL spend per lookup ' +
        "(the sealer's work included: it runs in the server process and in PostgreSQL), read from /proc over each run.",
      '',
      `| 1 process, ${comparisonRuns(results)} unless said | GERBANG_OVERSIGHT=off | on (as shipped) | on / off |`,
      '| --- | --- | --- | --- |',
      row(
        'lookups/s',
        n0(c.off.wrk.rps),
        n0(c.on.wrk.rps),
        signedPercent(c.on.wrk.rps / c.off.wrk.rps),
      ),
      row(
        'CPU per lookup: PostgreSQL (ms)',
        ms3(perRequestMs(c.off, 'postgres')),
        ms3(perRequestMs(c.on, 'postgres')),
        signedPercent(perRequestMs(c.on, 'postgres') / perRequestMs(c.off, 'postgres')),
      ),
      row(
        'CPU per lookup: Node (ms)',
        ms3(perRequestMs(c.off, 'node')),
        ms3(perRequestMs(c.on, 'node')),
        signedPercent(perRequestMs(c.on, 'node') / perRequestMs(c.off, 'node')),
      ),
      row(
        '**CPU per lookup: PostgreSQL + Node (ms)**',
        `**${ms3(c.costOff)}**`,
        `**${ms3(c.costOn)}**`,
        `**${signedPercent(c.costRatio)}**`,
      ),
      row(
        'p50 / p99 at 80 % of its own max (ms)',
        paced(c.offPaced),
        paced(c.onPaced),
        c.offPaced && c.onPaced
          ? `p99 ${signedPercent(c.onPaced.wrk.latencyUs.p99 / c.offPaced.wrk.latencyUs.p99)}`
          : '—',
      ),
      row(
        `lookups with findings (${comparisonRuns(results)})`,
        '— (off)',
        `${n0(c.on.findings ?? 0)} of ${n0(lookupsOf(c.on))}`,
        '',
      ),
      // Side by side, each side's "other" holds the other side: no figure of the machine's noise.
      ...(sideBySide(results)
        ? []
        : [
            row(
              'other processes on the machine (cores)',
              cores(c.off.cpu.other),
              cores(c.on.cpu.other),
              '',
            ),
          ]),
      '',
      `**Budget: detection plus sealing add ≤ 5 % to the lookup's cost — ${c.costRatio <= BUDGET ? 'met' : 'NOT met'}** in this run: ` +
        `${signedPercent(c.costRatio)} CPU per lookup (server and database together)` +
        (sideBySide(results)
          ? ' at the same fixed rate on both sides.'
          : `, ${signedPercent(c.on.wrk.rps / c.off.wrk.rps)} maximum throughput.`),
      '',
    );
    const where = whereTheCostGoes(results, c);
    if (where) parts.push(where, '');
  }
  if (lagRuns.length) {
    parts.push(
      '**Sealer lag**, computed after each run with SQL from the tables alone: for every audit_log row of the run, from its `at` (the time of its request) to the `sealed_at` ' +
        'of the first audit_checkpoint whose size covers its leaf position (audit_seal_leaf). "Unsealed when the load stopped": rows of the run without a leaf at the moment wrk ended, then polled every 100 ms until none was left.',
      '',
      '| Run | audit rows | sealed | lag p50 | lag p99 | lag max | checkpoints | unsealed when the load stopped | all sealed after |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      ...lagRuns.map(({ config, run }) => {
        const lag = run.sealLag!;
        const drain = run.sealDrain;
        return `| ${run.label} (${config.processes} process${config.processes > 1 ? 'es' : ''}, ${n0(run.wrk.rps)}/s) | ${n0(lag.rows)} | ${n0(lag.sealed)} | ${msOf(lag.p50Ms)} | ${msOf(lag.p99Ms)} | ${msOf(lag.maxMs)} | ${n0(lag.checkpoints)} | ${drain ? n0(drain.backlogAtEnd) : '—'} | ${drain ? (drain.emptyAfterSeconds === null ? `not within ${drain.waitedSeconds.toFixed(0)} s` : `${drain.emptyAfterSeconds.toFixed(1)} s`) : '—'} |`;
      }),
      '',
    );
    const waits = results.gerbang.filter((config) => config.sealWaitSeconds !== undefined);
    if (waits.length) {
      parts.push(
        "Before the load of each configuration with oversight on, its sealer first sealed what the earlier phases had written without one (the reference's rows; before 2 processes, also the run with oversight off): " +
          waits
            .map(
              (config) =>
                `${config.processes} process${config.processes > 1 ? 'es' : ''} ${config.sealWaitSeconds!.toFixed(1)} s`,
            )
            .join(', ') +
          '.',
        '',
      );
    }
  }
  if (v) {
    parts.push(
      `**\`gerbang audit verify\` on ${n0(v.rows)} rows** (bench/oversight.ts): a fresh database of its own; ${n0(v.rows)} audit_log rows inserted with one ` +
        '`INSERT … SELECT generate_series` (lookups over both channels with the usual mix of answers, one in 40 a login; 100 agencies, 800 operators) ' +
        `in ${v.insertSeconds.toFixed(1)} s, sealed with the built CLI (\`node dist/src/cli/main.js audit seal\`, GERBANG_AUDIT_KEY set), then verified with ` +
        "`node dist/src/cli/main.js audit verify --public-key …` (the key given from outside the database). The rows' times lie in the four minutes before the seal: " +
        'verify refuses a row much older than the seal before it (back-dated), so a trail written in one go has to be sealed at once; a real trail is sealed as it grows and verifies the same way. ' +
        'Peak RSS is what each child reports at exit (getrusage); CPU is read from /proc over each command.',
      '',
      '| Command | wall time | rows/s | reported by the command | peak RSS | CPU: the command / PostgreSQL (cores) | result |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      `| \`gerbang audit seal\` | ${v.seal.seconds.toFixed(1)} s | ${n0(v.seal.rowsPerSecond)} | ${n0(v.seal.checkpoints)} checkpoints (batches of 5,000) | ${v.seal.peakRssMb} MB | ${(v.seal.cpuSeconds / v.seal.seconds).toFixed(2)} / ${cores(v.seal.postgresCores)} | ${n0(v.rows)} sealed |`,
      `| \`gerbang audit verify\` | ${v.verify.seconds.toFixed(1)} s | ${n0(v.verify.rowsPerSecond)} | ${n0(v.verify.reportedMs)} ms | ${v.verify.peakRssMb} MB | ${(v.verify.cpuSeconds / v.verify.seconds).toFixed(2)} / ${cores(v.verify.postgresCores)} | ${v.verify.verdict.replace(/\|/g, '/')} |`,
      '',
    );
  }
  const shows = oversightReading(results);
  if (shows) parts.push(`**What this shows.** ${shows}`, '');
  return parts.join('\n');
}

/** The parts of the on − off difference measured on their own, and what is left. */
function whereTheCostGoes(results: Results, c: OversightComparison): string | undefined {
  const p = results.costParts;
  const v = results.auditVerify;
  if (!p && !v) return undefined;
  const rate = c.on.wrk.rps;
  const us = (value: number) => `${value.toFixed(0)} µs`;
  const delta = (c.costOn - c.costOff) * 1000;
  const rows: [string, number][] = [];
  if (p) {
    if (p.detectorUs !== null) {
      rows.push([
        "Node: appending the lookup to its two windows in memory and the detector (`watchLookup`, the server's code), run in the bench process for 200 population operators on their windows as read from the bench database",
        p.detectorUs,
      ]);
    }
    rows.push([
      `The sealer's once-a-minute sweep for rows sealed late (the last 200,000 ids probed for their leaf, 5,000 a turn over 40 turns; ${n0(p.auditRows)} audit rows in all): ${p.fullSweepSeconds.toFixed(2)} s in all (probed here in one statement), in each server process — ` +
        `per lookup at ${n0(rate)}/s`,
      (p.fullSweepSeconds / 60 / rate) * 1e6,
    ]);
  }
  if (v) {
    const node = (v.seal.cpuSeconds / v.rows) * 1e6;
    const pg = ((v.seal.postgresCores * v.seal.seconds) / v.rows) * 1e6;
    rows.push([
      `Sealing a row, as \`gerbang audit seal\` does in batches of 5,000 (the ${n0(v.rows)} rows below): Node ${us(node)} (reading, hashing, the Merkle frontier, signing) + PostgreSQL ${us(pg)}; ` +
        "the server's sealer seals a few hundred rows per turn, four turns a second, so it pays each turn's fixed work more often",
      node + pg,
    ]);
  }
  const measured = rows.reduce((sum, [, value]) => sum + value, 0);
  return [
    '**Where the cost goes.** Parts of the difference measured on their own in the same run (the detector and the sweep on the bench database after the runs), per lookup:',
    '',
    '| Part | µs per lookup |',
    '| --- | --- |',
    ...rows.map(([label, value]) => `| ${label} | ${value.toFixed(0)} |`),
    `| The rest: garbage collection under the 192 MB heap cap, the sealer's per-turn work, the feed reading this process's own leaves back, run-to-run noise (not measured apart) | ${(delta - measured).toFixed(0)} |`,
    `| **Difference on − off (CPU per lookup, server and database)** | **${delta.toFixed(0)}** |`,
    ...(p
      ? [
          '',
          `With two or more processes, each lookup also costs every other process the feed's read (services/lookup/pattern-windows.ts: the leaf ids, then the other's rows with their window entries): ${p.feedUs.toFixed(1)} µs per lookup over the trail's last 50,000 leaves, wall time in the bench process with PostgreSQL. Each process reads every window from the audit trail when it starts: ${n0(p.load.windows)} windows in ${p.load.seconds.toFixed(2)} s, ${p.load.rssMb.toFixed(0)} MB more resident memory.`,
        ]
      : []),
  ].join('\n');
}

function oversightReading(results: Results): string {
  const c = oversightComparison(results);
  const one = results.gerbang.find(
    (config) => config.processes === 1 && config.oversight !== 'off',
  );
  const v = results.auditVerify;
  const parts: string[] = [];
  if (c) {
    const pg = perRequestMs(c.on, 'postgres') - perRequestMs(c.off, 'postgres');
    const node = perRequestMs(c.on, 'node') - perRequestMs(c.off, 'node');
    parts.push(
      `With the policy and the sealer on, a lookup costs ${signedPercent(c.costRatio)} CPU in server and database together ` +
        `(PostgreSQL ${pg >= 0 ? '+' : '−'}${Math.abs(pg * 1000).toFixed(0)} µs, Node ${node >= 0 ? '+' : '−'}${Math.abs(node * 1000).toFixed(0)} µs)${sideBySide(results) ? '' : ` and the maximum moves ${signedPercent(c.on.wrk.rps / c.off.wrk.rps)}`}: ` +
        `the ≤ 5 % budget is ${c.costRatio <= BUDGET ? 'met' : 'NOT met'}; the table above splits the difference.`,
    );
    const findings = c.on.findings ?? 0;
    parts.push(
      findings === 0
        ? 'The load raised no finding, so what was paid for is the detection itself and the sealing, as on an ordinary day.'
        : `${n0(findings)} of ${n0(lookupsOf(c.on))} lookups raised a finding (${((findings / lookupsOf(c.on)) * 100).toFixed(2)} %), each paying for an alert upsert and an admin_action row (sealed in turn) as well.`,
    );
    if (
      !sideBySide(results) &&
      (Math.abs(c.on.cpu.other - c.off.cpu.other) > 0.1 ||
        Math.max(c.on.cpu.other, c.off.cpu.other) > 0.25)
    ) {
      parts.push(
        `Other work on the machine differed between the two runs (${cores(c.off.cpu.other)} against ${cores(c.on.cpu.other)} cores), so the throughput ratio carries that noise; the CPU per lookup is each process's own.`,
      );
    }
  }
  const lag = one?.max?.sealLag;
  if (lag && one?.max) {
    const drain = one.max.sealDrain;
    parts.push(
      `At full load (${n0(one.max.wrk.rps)} lookups/s) a row waited ${msOf(lag.p50Ms)} for its seal at the median and ${msOf(lag.p99Ms)} at p99 (worst ${msOf(lag.maxMs)}), ` +
        `against a sealer turn every 250 ms` +
        (drain
          ? drain.emptyAfterSeconds === null
            ? `; the backlog was NOT empty ${drain.waitedSeconds.toFixed(0)} s after the load stopped.`
            : `; when the load stopped ${n0(drain.backlogAtEnd)} rows were waiting and all were sealed ${drain.emptyAfterSeconds.toFixed(1)} s later.`
          : '.'),
    );
    const worst = results.gerbang
      .flatMap((config) => [config.max, config.paced])
      .filter((run): run is HttpRun => run?.sealLag?.maxMs != null)
      .sort((a, b) => b.sealLag!.maxMs! - a.sealLag!.maxMs!)[0];
    if (worst && worst.sealLag!.maxMs! > 2000) {
      parts.push(
        `The tail is longer in some runs (${msOf(worst.sealLag!.maxMs)} at worst, ${worst.label}), most likely where the sealer's turn was its once-a-minute sweep of the whole trail for rows sealed late` +
          (results.costParts
            ? `, which alone took ${results.costParts.fullSweepSeconds.toFixed(1)} s over ${n0(results.costParts.auditRows)} rows after the runs and takes longer under load`
            : '') +
          '; that sweep grows with the trail.',
      );
    }
  }
  if (v) {
    parts.push(
      `\`gerbang audit verify\` re-reads and re-hashes ${n0(v.rows)} rows and checks every checkpoint in ${v.verify.seconds.toFixed(0)} s (${n0(v.verify.rowsPerSecond)} rows/s) within ${v.verify.peakRssMb} MB ` +
        `(it reads the leaves ${n0(10_000)} at a time, so its memory should not grow with the trail; its time does: ten million rows would take about ${(10_000_000 / v.verify.rowsPerSecond / 60).toFixed(0)} minutes at this rate, if it stays linear). ` +
        `Sealing the same rows as one backlog takes ${v.seal.seconds.toFixed(0)} s (${n0(v.seal.rowsPerSecond)} rows/s)` +
        (one?.max
          ? `, ${(v.seal.rowsPerSecond / one.max.wrk.rps).toFixed(1)}× the full-load lookup rate above: a backlog (after the sealer was stopped, say) drains far faster than lookups add to it.`
          : '.'),
    );
  }
  parts.push(
    'All figures are from one run on a shared, noisy 2-core machine: only ratios within the run mean much.',
  );
  return parts.join(' ');
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
      "wrk2 (the usual constant-rate wrk) is not packaged by Debian; autocannon's overallRate would have cost the server a large part of one of the two cores." +
      (results.pgbenchPaced
        ? " The reference runs at the 1-process paced rate too (`pgbench -R`, each transaction logged with `-l`): its percentiles are taken from each transaction's actual start, as wrk's are, and its p99 from the scheduled start is given beside them."
        : ''),
    "- **One agency**: the maximum-throughput run with only the two tokens of one agency (two `gerbang user add` operators, logged in over the API), all counting on that agency's quota rows. " +
      (singleAgencyConfig(results)?.oversight === 'off'
        ? "It runs on the server with GERBANG_OVERSIGHT=off: at full speed one agency is, by the policy's definition, far more rapid than any office, every lookup would be a finding, and the run would measure alert writing instead of the quota counter."
        : ''),
    '- **Peak RSS**: VmHWM from /proc/<pid>/status of each server process after its runs; VmHWM is reset (`echo 5 > /proc/<pid>/clear_refs`) ' +
      'after start-up and the logins, just before the warm-up, so the figure is the peak under lookup load. The peak since start, logins included ' +
      '(argon2id takes 19 MiB per concurrent hash), is given beside it.',
    results.pglite
      ? `- **PGlite**: the server without DATABASE_URL on a fresh GERBANG_DATA_DIR: \`gerbang demo\` (${n0(results.pglite.residents)} residents, ${results.pglite.seedSeconds.toFixed(0)} s) and ` +
        '`gerbang agreement stage … --stage PASCA_POC` for both demo agreements before the server starts; ' +
        (results.pglite.population
          ? `a population made the same way as above, ${n0(results.pglite.population.agencies)} agencies with ${n0(results.pglite.population.users)} operators ` +
            `and ${n0(results.pglite.population.historyRows)} earlier lookups (${results.pglite.population.seedSeconds.toFixed(0)} s, sealed with \`gerbang audit seal\` in ${results.pglite.population.sealSeconds.toFixed(0)} s), ` +
            `below the rate thresholds up to ${n0(results.pglite.population.safeRate)} lookups/s, NIKs out of 20,000 of the register (the demo's honeytokens left out); `
          : "the two demo operators' tokens; ") +
        `${results.pglite.max?.connections ?? 16} connections (PGlite runs one statement at a time, so more connections only queue); ` +
        `after its maximum, the paced run holds ${n0(results.pglite.paced?.targetRate ?? 0)} lookups/s (issue 13's target for the embedded database is p99 ≤ 20 ms at ${PGLITE_TARGET_RATE}/s).`
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

/**
 * Replaces a benchmark's section of BENCHMARKS.md (`<!-- name -->` … `<!-- /name -->`), leaving
 * the rest as it is; a section not there yet goes before the hand-kept notes.
 */
export function writeSection(file: string, body: string, section: string = SECTION): void {
  const start = `<!-- ${section} -->`;
  const end = `<!-- /${section} -->`;
  const block = `${start}\n${body.trim()}\n${end}`;
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const notes = current.indexOf('\n## Notes');
  const next =
    from >= 0 && to > from
      ? `${current.slice(0, from)}${block}${current.slice(to + end.length)}`
      : notes >= 0
        ? `${current.slice(0, notes)}\n${block}\n${current.slice(notes)}`
        : `${current.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(file, next);
}
