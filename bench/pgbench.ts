import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { QUOTA_SHARDS } from '../src/domain/quota.js';

/**
 * The reference: what PostgreSQL itself does per second with the work of one lookup
 * reduced to three plain statements in one durable transaction — count the hit, read the
 * resident by primary key, append the audit record. No authentication, no agreement check,
 * no HTTP, no JSON: the ceiling Gerbang's lookup is measured against.
 *
 * The quota row: Gerbang counts an unlimited agency's hits on QUOTA_SHARDS rows picked by
 * the database session (pg_backend_pid() % QUOTA_SHARDS), so concurrent lookups do not queue on one row
 * lock. The reference does the same with pgbench's client number, on rows created
 * beforehand; with `shard = 0` its clients would instead wait on each other's row locks
 * through every commit's WAL flush and the reference would understate PostgreSQL. Its rows
 * belong to a day long past, so that the reference and Gerbang never touch the same rows.
 */
/** The reference counts on a day of its own (this many days ago), never on Gerbang's rows. */
export const REFERENCE_DAY_OFFSET = 3650;

export const PGBENCH_SCRIPT = `\\set i random(1, :residents)
\\set a :agency_min + random(0, :agencies - 1)
\\set u :user_min + random(0, :users - 1)
BEGIN;
UPDATE quota_usage SET used = used + 1 WHERE agency_id = :a AND day = CURRENT_DATE - ${REFERENCE_DAY_OFFSET} AND shard = :client_id % ${QUOTA_SHARDS};
SELECT r.* FROM bench_nik b JOIN resident r ON r.nik = b.nik WHERE b.i = :i;
INSERT INTO audit_log (at, action, channel, user_id, agency_id, client_ip, nik, purpose, response_code)
  VALUES (now(), 'LOOKUP', 'API', :u, :a, '127.0.0.1', (SELECT nik FROM bench_nik WHERE i = :i), 'Verifikasi peserta JKN (uji beban)', 'DITEMUKAN');
END;
`;

/** SQL that prepares the reference's tables in the bench database. */
export const PGBENCH_SETUP = [
  `CREATE TABLE bench_nik AS SELECT (row_number() OVER (ORDER BY nik))::int AS i, nik FROM resident`,
  `ALTER TABLE bench_nik ADD PRIMARY KEY (i)`,
];

export function pgbenchVersion(): string | undefined {
  const result = spawnSync('pgbench', ['--version'], { encoding: 'utf8' });
  if (result.error) return undefined;
  return result.stdout.trim();
}

export interface PgbenchResult {
  readonly tps: number;
  readonly transactions: number;
  readonly failed: number;
  readonly latencyMs: number;
  readonly command: string;
  /**
   * Per-transaction latency percentiles, from pgbench's transaction log (with `logPrefix`):
   * from each transaction's actual start, as wrk measures Gerbang's paced runs, and (with
   * `rate`) from its scheduled start, the schedule lag included.
   */
  readonly latencyUs?: {
    readonly p50: number;
    readonly p99: number;
    readonly p99FromSchedule: number | undefined;
  };
}

/** The q-quantile (0…1) of sorted values, nearest rank. */
const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;

/**
 * Latency percentiles from pgbench's per-transaction logs (`-l --log-prefix`), which it
 * writes as <prefix>.<pid>[.<thread>]: "client_id transaction_no time script_no time_epoch
 * time_us [schedule_lag]", time and lag in microseconds. The files are removed after reading.
 */
function latencyFromLogs(prefix: string): PgbenchResult['latencyUs'] {
  const dir = path.dirname(prefix);
  const base = `${path.basename(prefix)}.`;
  const times: number[] = [];
  const fromSchedule: number[] = [];
  for (const name of fs.readdirSync(dir).filter((file) => file.startsWith(base))) {
    const file = path.join(dir, name);
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 6) continue;
      const time = Number(fields[2]);
      times.push(time);
      if (fields.length >= 7) fromSchedule.push(time + Number(fields[6]));
    }
    fs.rmSync(file);
  }
  if (times.length === 0) return undefined;
  times.sort((a, b) => a - b);
  fromSchedule.sort((a, b) => a - b);
  return {
    p50: quantile(times, 0.5),
    p99: quantile(times, 0.99),
    p99FromSchedule: fromSchedule.length > 0 ? quantile(fromSchedule, 0.99) : undefined,
  };
}

export async function runPgbench(options: {
  url: string;
  clients: number;
  threads: number;
  seconds: number;
  scriptFile: string;
  variables: Record<string, number>;
  protocol: 'simple' | 'prepared';
  /** Transactions a second on a schedule (`-R`) instead of as fast as the clients go. */
  rate?: number;
  /** Log every transaction (`-l`) to files of this prefix, for latency percentiles. */
  logPrefix?: string;
}): Promise<PgbenchResult> {
  const args = [
    '-n',
    `-c${options.clients}`,
    `-j${options.threads}`,
    `-T${options.seconds}`,
    `-M${options.protocol}`,
    ...(options.rate ? [`-R${Math.round(options.rate)}`] : []),
    ...(options.logPrefix ? ['-l', `--log-prefix=${options.logPrefix}`] : []),
    ...Object.entries(options.variables).map(([name, value]) => `-D${name}=${value}`),
    '-f',
    options.scriptFile,
    options.url,
  ];
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn('pgbench', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(text) : reject(new Error(`pgbench exited ${code}:\n${text}`)),
    );
  });
  const number = (pattern: RegExp) => {
    const match = pattern.exec(output);
    if (!match) throw new Error(`pgbench output without ${String(pattern)}:\n${output}`);
    return Number(match[1]);
  };
  return {
    tps: number(/tps = ([\d.]+) \(without initial connection time\)/),
    transactions: number(/number of transactions actually processed: (\d+)/),
    failed: /number of failed transactions: (\d+)/.test(output)
      ? number(/number of failed transactions: (\d+)/)
      : 0,
    latencyMs: number(/latency average = ([\d.]+) ms/),
    command: `pgbench ${args
      .slice(0, -1)
      .map((arg) =>
        arg === options.scriptFile
          ? 'reference.sql'
          : arg.startsWith('--log-prefix=')
            ? '--log-prefix=<work dir>/pgbench_log'
            : arg,
      )
      .join(' ')} <bench db>`,
    ...(options.logPrefix ? { latencyUs: latencyFromLogs(options.logPrefix) } : {}),
  };
}

export function writePgbenchScript(file: string): string {
  fs.writeFileSync(file, PGBENCH_SCRIPT);
  return file;
}
