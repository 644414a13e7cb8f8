import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { withClient } from './db.js';
import { CLI, gerbang, type Env } from './gerbang.js';

/**
 * Registry benchmark: `gerbang registry generate` of N residents to a CSV file, then
 * `gerbang registry import` of that file into an empty register on PostgreSQL, then the
 * same import again (every row already there, unchanged). Each step is the built CLI as a
 * child process, as an operator runs it; its peak RSS is what the child itself reports as
 * it exits (getrusage maxrss via process.resourceUsage(), through a preloaded one-liner),
 * which needs no /usr/bin/time and cannot miss a short peak.
 *
 *   node dist/bench/registry.js [COUNT …]     (DATABASE_URL names the server; default local)
 */

const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';
const RSS_MARK = 'gerbang-bench-maxrss-kb=';
/** Preloaded into each child: print its peak RSS (kB) and CPU time (µs) on stderr as it exits. */
const RSS_PROBE =
  'data:text/javascript,' +
  encodeURIComponent(
    `import fs from 'node:fs'; process.on('exit', () => { const u = process.resourceUsage(); ` +
      `fs.writeSync(2, '\\n${RSS_MARK}' + u.maxRSS + ',' + (u.userCPUTime + u.systemCPUTime) + '\\n'); });`,
  );

export interface RegistryRun {
  readonly count: number;
  readonly csvMegabytes: number;
  readonly generateSeconds: number;
  readonly generatePeakRssMb: number;
  readonly importSeconds: number;
  readonly importRowsPerSecond: number;
  readonly importPeakRssMb: number;
  /** CPU seconds of the importing process (parse, check, send); the rest of the wall time is PostgreSQL or waiting. */
  readonly importCpuSeconds: number;
  readonly reimportSeconds: number;
  readonly reimportPeakRssMb: number;
  /** Rows in the register after the import (must equal count). */
  readonly residentsInDatabase: number;
}

interface ChildResult {
  readonly seconds: number;
  readonly peakRssMb: number;
  /** CPU time of the CLI process itself (user + system); PostgreSQL's is not in it. */
  readonly cpuSeconds: number;
  readonly stdout: string;
}

/** The built CLI with the RSS probe preloaded, and what the probe reported. */
export async function runCli(args: string[], env: Env): Promise<ChildResult> {
  const { seconds, stderr, stdout } = await gerbang(args, env, {
    nodeArgs: ['--import', RSS_PROBE],
  });
  const mark = stderr.lastIndexOf(RSS_MARK);
  const [rssKb, cpuUs] = (mark >= 0 ? stderr.slice(mark + RSS_MARK.length) : '')
    .split(/[,\n]/)
    .map(Number);
  return {
    seconds,
    peakRssMb: Math.round((rssKb ?? NaN) / 1024),
    cpuSeconds: (cpuUs ?? NaN) / 1e6,
    stdout,
  };
}

/** Empties the register for the next count: TRUNCATE gives it new, empty storage. */
async function emptyRegister(url: string): Promise<void> {
  await withClient(url, async (client) => {
    const exists = await client.query(`SELECT to_regclass('resident') AS t`);
    if ((exists.rows[0] as { t: string | null }).t) await client.query('TRUNCATE resident');
    // Start each import from a clean WAL position; needs superuser or pg_checkpoint.
    await client.query('CHECKPOINT').catch(() => undefined);
  });
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

/**
 * For each count: generate the CSV (timed), import it into `databaseUrl`'s emptied register
 * (timed, peak RSS), and import it again. `databaseUrl` names a database of its own: its
 * register is truncated before each count. Returns the figures keyed `n=<count>`.
 */
export async function benchRegistry(options: {
  databaseUrl: string;
  counts: number[];
  log?: (line: string) => void;
}): Promise<Record<string, RegistryRun>> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  const env: Env = { DATABASE_URL: options.databaseUrl };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-bench-registry-'));
  const figures: Record<string, RegistryRun> = {};
  try {
    for (const count of options.counts) {
      const file = path.join(dir, `penduduk-${count}.csv`);
      const generate = await runCli(
        ['registry', 'generate', '--count', String(count), '--seed', 'bench', '--out', file],
        env,
      );
      const csvMegabytes = fs.statSync(file).size / 1024 / 1024;
      log(`registry: generated ${count} residents in ${generate.seconds.toFixed(1)} s`);

      await emptyRegister(options.databaseUrl);
      const first = await runCli(['registry', 'import', file], env);
      if (!/Ditambahkan\s+: [\d.]+/.test(first.stdout)) {
        throw new Error(`unexpected import output:\n${first.stdout}`);
      }
      log(`registry: imported ${count} rows in ${first.seconds.toFixed(1)} s`);
      const again = await runCli(['registry', 'import', file], env);
      log(`registry: re-imported ${count} rows in ${again.seconds.toFixed(1)} s`);

      const stored = await withClient(options.databaseUrl, async (client) => {
        const result = await client.query('SELECT count(*)::integer AS n FROM resident');
        return (result.rows[0] as { n: number }).n;
      });
      figures[`n=${count}`] = {
        count,
        csvMegabytes: round(csvMegabytes),
        generateSeconds: round(generate.seconds),
        generatePeakRssMb: generate.peakRssMb,
        importSeconds: round(first.seconds),
        importRowsPerSecond: Math.round(count / first.seconds),
        importPeakRssMb: first.peakRssMb,
        importCpuSeconds: round(first.cpuSeconds),
        reimportSeconds: round(again.seconds),
        reimportPeakRssMb: again.peakRssMb,
        residentsInDatabase: stored,
      };
      fs.rmSync(file, { force: true });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

export function registryTable(figures: Record<string, RegistryRun>): string {
  const rows = Object.values(figures).map((run) =>
    [
      run.count.toLocaleString('en-US'),
      `${run.csvMegabytes} MB`,
      `${run.generateSeconds} s`,
      `${run.generatePeakRssMb} MB`,
      `${run.importSeconds} s`,
      run.importRowsPerSecond.toLocaleString('en-US'),
      `${run.importPeakRssMb} MB`,
      `${run.importCpuSeconds} s`,
      `${run.reimportSeconds} s`,
      `${run.reimportPeakRssMb} MB`,
    ].join(' | '),
  );
  return [
    '| residents | CSV | generate | generate peak RSS | import (empty register) | rows/s | import peak RSS | import CPU (node) | re-import (unchanged) | re-import peak RSS |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((row) => `| ${row} |`),
  ].join('\n');
}

async function main(): Promise<void> {
  const counts = process.argv.slice(2).map(Number);
  if (counts.some((count) => !Number.isInteger(count) || count < 1)) {
    throw new Error('usage: node dist/bench/registry.js [COUNT …] (positive integers)');
  }
  const server = process.env.DATABASE_URL || DEFAULT_SERVER;
  const name = `gerbang_bench_registry_${crypto.randomBytes(4).toString('hex')}`;
  const url = new URL(server);
  url.pathname = `/${name}`;
  await withClient(server, (client) => client.query(`CREATE DATABASE ${name}`));
  try {
    const figures = await benchRegistry({
      databaseUrl: url.toString(),
      counts: counts.length > 0 ? counts : [100_000, 1_000_000],
    });
    const cpus = os.cpus();
    process.stdout.write(
      `Registry benchmark, ${cpus.length} cores (${cpus[0]?.model ?? 'unknown'}), Node ${process.version}\n\n` +
        `${registryTable(figures)}\n`,
    );
  } finally {
    await withClient(server, (client) =>
      client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    );
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
