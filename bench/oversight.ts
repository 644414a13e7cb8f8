import crypto from 'node:crypto';
import { auditKeyPair, verifierKey } from '../src/domain/audit-seal/checkpoint.js';
import { AUDIT_LOG_ORIGIN } from '../src/services/audit-seal/keys.js';
import type { Deps } from '../src/services/deps.js';
import { watchLookup } from '../src/services/lookup/pattern-watch.js';
import type { LookupStatementRow } from '../src/store/lookup.js';
import { sealedTrailSize } from '../src/store/pattern-window.js';
import { openDatabase } from '../src/store/db.js';
import { systemClock } from '../src/domain/time.js';
import {
  loadPatternWindows,
  PatternWindows,
  readOthersLookups,
} from '../src/services/lookup/pattern-windows.js';
import { SWEEP_IDS } from '../src/services/audit-seal/sealer.js';
import { createDatabase, query } from './db.js';
import { gerbang, type Env } from './gerbang.js';
import { CpuSampler, type CpuSplit } from './proc.js';
import { runCli } from './registry.js';

/**
 * What issue 9 asks `npm run bench` to show of the oversight work: the sealer's lag under load
 * and how quickly its backlog empties (measured on the lookup runs of bench/run.ts), the
 * findings the input-pattern policy raised during each run, and `gerbang audit seal` / `audit
 * verify` on a trail of 1,000,000 rows in a database of its own.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fresh Ed25519 seed for GERBANG_AUDIT_KEY, and the public key `audit verify` is given. */
export function benchAuditKey(): { env: string; publicKey: string } {
  const seed = crypto.randomBytes(32);
  return {
    env: seed.toString('base64'),
    publicKey: verifierKey(auditKeyPair(AUDIT_LOG_ORIGIN, seed)),
  };
}

const UNSEALED_AFTER = `SELECT count(*)::int AS n FROM audit_log a
  WHERE a.id > $1 AND NOT EXISTS (
    SELECT 1 FROM audit_seal_leaf l WHERE l.source = 'audit_log' AND l.source_id = a.id)`;

/** audit_log rows with an id above `afterId` that no leaf seals yet. */
export async function unsealedAfter(url: string, afterId: number): Promise<number> {
  return (await query<{ n: number }>(url, UNSEALED_AFTER, [afterId]))[0]!.n;
}

/** Every row of both audit tables not sealed yet (before a run: the sealer's backlog). */
export async function unsealedTotal(url: string): Promise<number> {
  const rows = await query<{ n: number }>(
    url,
    `SELECT ((SELECT count(*) FROM audit_log) + (SELECT count(*) FROM admin_action)
             - (SELECT count(*) FROM audit_seal_leaf))::int AS n`,
  );
  return rows[0]!.n;
}

/**
 * Waits until a running server's sealer has sealed everything (before a measured run, so
 * that the run does not also pay for sealing what earlier phases wrote). Returns the seconds.
 */
export async function waitUntilSealed(url: string, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if ((await unsealedTotal(url)) <= 0) return (performance.now() - started) / 1000;
    await sleep(500);
  }
  throw new Error(`the sealer did not catch up within ${timeoutMs / 1000} s`);
}

export interface SealDrain {
  /** Rows of the run not sealed when the load stopped. */
  readonly backlogAtEnd: number;
  /** Seconds from the end of the load until every row of the run was sealed; null: not within the wait. */
  readonly emptyAfterSeconds: number | null;
  readonly waitedSeconds: number;
}

/** Polls, right after the load stops, until every audit row of the run is sealed. */
export async function watchDrain(
  url: string,
  afterId: number,
  timeoutMs = 30_000,
): Promise<SealDrain> {
  const started = performance.now();
  let backlogAtEnd: number | undefined;
  for (;;) {
    const backlog = await unsealedAfter(url, afterId);
    backlogAtEnd ??= backlog;
    const seconds = (performance.now() - started) / 1000;
    if (backlog === 0) return { backlogAtEnd, emptyAfterSeconds: seconds, waitedSeconds: seconds };
    if (seconds * 1000 >= timeoutMs)
      return { backlogAtEnd, emptyAfterSeconds: null, waitedSeconds: seconds };
    await sleep(100);
  }
}

export interface SealLag {
  /** audit_log rows of the run, and how many of them are sealed. */
  readonly rows: number;
  readonly sealed: number;
  /** From a row's `at` (its request's time) to the sealed_at of the first checkpoint covering its leaf. */
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
  readonly maxMs: number | null;
  /** Checkpoints signed while the run's rows were sealed. */
  readonly checkpoints: number;
}

/**
 * The sealer's lag for the audit rows with ids in (afterId, toId], from the tables alone:
 * audit_log.at → audit_seal_leaf.position → the first audit_checkpoint whose size covers it.
 */
export async function sealLag(url: string, afterId: number, toId: number): Promise<SealLag> {
  const row = (
    await query<{
      rows: number;
      sealed: number;
      p50: number | null;
      p99: number | null;
      max: number | null;
      checkpoints: number;
    }>(
      url,
      `WITH lag AS (
         SELECT a.id, l.position, c.size, extract(epoch FROM c.sealed_at - a.at) * 1000 AS ms
         FROM audit_log a
         LEFT JOIN audit_seal_leaf l ON l.source = 'audit_log' AND l.source_id = a.id
         LEFT JOIN LATERAL (
           SELECT k.size, k.sealed_at FROM audit_checkpoint k
           WHERE k.size > l.position ORDER BY k.size LIMIT 1) c ON true
         WHERE a.id > $1 AND a.id <= $2)
       SELECT count(*)::int AS rows, count(ms)::int AS sealed,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99,
              max(ms) AS max, count(DISTINCT size)::int AS checkpoints
       FROM lag`,
      [afterId, toId],
    )
  )[0]!;
  const num = (value: number | null) => (value === null ? null : Number(value));
  return {
    rows: row.rows,
    sealed: row.sealed,
    p50Ms: num(row.p50),
    p99Ms: num(row.p99),
    maxMs: num(row.max),
    checkpoints: row.checkpoints,
  };
}

/** The highest admin_action id so far (findings of a run are the rows after it). */
export async function lastAdminActionId(url: string): Promise<number> {
  const rows = await query<{ id: string | null }>(url, 'SELECT max(id) AS id FROM admin_action');
  return Number(rows[0]?.id ?? 0);
}

/** Lookups after which the input-pattern policy recorded findings (one admin_action row each). */
export async function findingsSince(url: string, afterId: number): Promise<number> {
  const rows = await query<{ n: number }>(
    url,
    `SELECT count(*)::int AS n FROM admin_action WHERE id > $1 AND action = 'POLA_INPUT_TERDETEKSI'`,
    [afterId],
  );
  return rows[0]!.n;
}

// --- Where the cost goes ---------------------------------------------------------------------

/** Leaves the feed's measurement reads, in batches of FEED_BATCH_LEAVES (the server's batch). */
const FEED_LEAVES = 50_000;
const FEED_BATCH_LEAVES = 5_000;

export interface CostParts {
  /**
   * The input-pattern windows' start: reading every window from the audit trail (what each
   * server process does when it starts, services/lookup/pattern-windows.ts).
   */
  readonly load: { readonly seconds: number; readonly windows: number; readonly rssMb: number };
  /**
   * Reading one lookup of another process from the sealed trail into the windows (the feed),
   * per lookup and per other process: wall time of the feed's query over the trail's last
   * leaves, this process and PostgreSQL together.
   */
  readonly feedUs: number;
  /**
   * Node's part of the policy per lookup: appending the lookup to its two windows and the
   * detector (watchLookup, the server's own code), in this process, on the windows read from
   * the bench database; null when a sample raised a finding (it would need the database).
   */
  readonly detectorUs: number | null;
  /** The sealer's sweep of the whole trail for rows sealed late (once a minute per server process). */
  readonly fullSweepSeconds: number;
  readonly auditRows: number;
}

/**
 * Parts of the oversight's cost measured on their own, on the bench database after the runs:
 * reading the policy's windows at start and the other processes' lookups as they are sealed,
 * the detector, and the duration of the sealer's full sweep (findUnsealedRows from id 0 over a
 * trail with everything sealed: every audit_log row probed for its leaf).
 */
export async function measureCostParts(options: { url: string }): Promise<CostParts> {
  const { url } = options;
  const database = await openDatabase({ url, poolSize: 1 });
  try {
    const windows = new PatternWindows();
    const deps = { db: database.db, clock: systemClock, patternWindows: windows };
    const rssBefore = process.memoryUsage().rss;
    const loadStarted = performance.now();
    const loaded = await loadPatternWindows(deps);
    const load = {
      seconds: (performance.now() - loadStarted) / 1000,
      windows: loaded.windows,
      rssMb: (process.memoryUsage().rss - rssBefore) / 1e6,
    };

    const size = await sealedTrailSize(database.db);
    const feedStarted = performance.now();
    let leaves = 0;
    // As another process reads them: none of these lookups is this process's own.
    for (let from = Math.max(0, size - FEED_LEAVES); from < size;) {
      const batch = await readOthersLookups(deps, from, FEED_BATCH_LEAVES);
      leaves += batch.next - from;
      if (batch.next === from) break;
      from = batch.next;
    }
    const feedUs = ((performance.now() - feedStarted) / Math.max(1, leaves)) * 1000;

    // No database: a finding (which would write its alert) fails the measurement instead.
    const detectorUs = await detectorCost(url, {
      oversight: true,
      patternWindows: windows,
    } as unknown as Deps);

    const sweep = async () => {
      const started = performance.now();
      // As the sealer sweeps once a minute: the last SWEEP_IDS ids (services/audit-seal/sealer.ts).
      await query(
        url,
        `SELECT a.id FROM audit_log a WHERE a.id > (SELECT max(id) - ${SWEEP_IDS} FROM audit_log) AND NOT EXISTS (
           SELECT 1 FROM audit_seal_leaf l WHERE l.source = 'audit_log' AND l.source_id = a.id)
         ORDER BY a.id LIMIT 5000`,
      );
      return (performance.now() - started) / 1000;
    };
    await sweep();
    const fullSweepSeconds = await sweep();
    const auditRows = (
      await query<{ n: number }>(url, 'SELECT count(*)::int AS n FROM audit_log')
    )[0]!.n;
    return { load, feedUs, detectorUs, fullSweepSeconds, auditRows };
  } finally {
    await database.close();
  }
}

/** watchLookup per lookup, for 200 population operators with their windows as loaded. */
async function detectorCost(url: string, deps: Deps): Promise<number | null> {
  const samples = await query<{ user_id: number; agency_id: number }>(
    url,
    `SELECT u.id AS user_id, u.agency_id FROM app_user u
     WHERE u.user_id LIKE 'pop%' AND u.role = 'OPERATOR' ORDER BY random() LIMIT 200`,
  );
  // An hour after the population's history, so that no rate is reached with it.
  const at = new Date(Date.now() + 3_600_000);
  let auditId = Number.MAX_SAFE_INTEGER - 1_000_000;
  // With no finding, watchLookup reads nothing from deps but the switch and the windows.
  const rowOf = (sample: { user_id: number; agency_id: number }) =>
    ({
      user_id: sample.user_id,
      agency_id: sample.agency_id,
      agreement_id: 1,
      audit_id: auditId++,
      response_code: 'DITEMUKAN',
      pattern_policy: 'PERINGATAN',
      service_start: null,
      service_end: null,
      service_days: [1, 2, 3, 4, 5, 6, 7],
      is_honeytoken: false,
      watched: true,
    }) as unknown as LookupStatementRow;
  // One NIK per sample, far apart (a pattern would need the database to record its finding).
  const niks = samples.map(
    (_, i) =>
      `33030${(i % 9) + 1}${String((i * 7919) % 1_000_000).padStart(6, '0')}${String(i + 1).padStart(4, '0')}`,
  );
  const run = async (count: number) => {
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      const k = i % samples.length;
      // A minute apart per lookup of one sample: no pace to find.
      await watchLookup(deps, rowOf(samples[k]!), {
        at: new Date(at.getTime() + i * 60_000),
        nik: niks[k]!,
      });
    }
    return ((performance.now() - started) / count) * 1000;
  };
  try {
    await run(2_000);
    return await run(20_000);
  } catch {
    return null;
  }
}

// --- `gerbang audit seal` and `audit verify` on 1,000,000 rows ----------------------------------

export interface CliFigures {
  readonly seconds: number;
  readonly peakRssMb: number;
  /** CPU of the CLI process itself. */
  readonly cpuSeconds: number;
  /** PostgreSQL's CPU over the command (backends of the database and background processes), in cores. */
  readonly postgresCores: number;
  readonly rowsPerSecond: number;
}

export interface AuditVerifyFigures {
  readonly rows: number;
  readonly insertSeconds: number;
  readonly seal: CliFigures & { readonly checkpoints: number };
  readonly verify: CliFigures & {
    /** The duration `audit verify` reports itself (from its first query to its verdict). */
    readonly reportedMs: number;
    readonly intact: boolean;
    readonly verdict: string;
  };
}

/** Classifies a CLI child (by its command line) and the database's PostgreSQL processes. */
function cliClassifier(dbName: string, command: string) {
  return ({ title }: { pid: number; title: string }) => {
    if (title.includes('dist/src/cli/main.js') && title.includes(command)) return 'node';
    const backend = /^postgres: [^:]+: \S+ (\S+) (?:\S+\(\d+\)|\[local\])/.exec(title);
    if (backend) return backend[1] === dbName ? 'postgres' : undefined;
    if (title.startsWith('postgres: ') || /bin\/postgres\b/.test(title)) return 'postgres';
    return undefined;
  };
}

async function timedCli(
  args: string[],
  env: Env,
  dbName: string,
): Promise<{ result: Awaited<ReturnType<typeof runCli>>; cpu: CpuSplit }> {
  const sampler = new CpuSampler(cliClassifier(dbName, args.join(' ')));
  sampler.start(500);
  try {
    const result = await runCli(args, env);
    return { result, cpu: sampler.stop() };
  } catch (error) {
    sampler.stop();
    throw error;
  }
}

/**
 * A trail of `rows` audit rows in a fresh database: inserted in one statement (what the server
 * writes: lookups over both channels with their usual answers, and logins), sealed with the
 * built CLI (`gerbang audit seal`, as an operator would catch up a backlog), then verified with
 * `gerbang audit verify --public-key` (the key given from outside the database).
 *
 * The rows' times lie in the few minutes before the seal. A real trail spans months and is
 * sealed as it grows, a few rows at a time; verify checks each row's time against the seal
 * before it (a row much older than that seal was slipped in or back-dated), so a trail written
 * in one go must be sealed right after it. What verify does per row is the same either way.
 */
export async function benchAuditVerify(options: {
  serverUrl: string;
  dbName: string;
  rows: number;
  log: (line: string) => void;
}): Promise<AuditVerifyFigures> {
  const { dbName, rows, log } = options;
  const url = await createDatabase(options.serverUrl, dbName);
  const key = benchAuditKey();
  const env: Env = { DATABASE_URL: url, GERBANG_AUDIT_KEY: key.env };
  await gerbang(['migrate'], env);
  await query(
    url,
    `INSERT INTO agency (code, name)
     SELECT 'AUD' || lpad(g::text, 4, '0'), 'Instansi Jejak Audit ' || g FROM generate_series(1, 100) g`,
  );
  await query(
    url,
    `INSERT INTO agreement (agency_id, nomor_dukcapil, nomor_instansi, signed_on, ends_on, purpose,
       granted_elements, access_methods, access_points, quota_stage, status,
       first_party_name, first_party_head_title, second_party_name, second_party_head_title)
     SELECT a.id, '400.12/A' || a.id || '/BENCH', '470/A' || a.id || '/BENCH', current_date - 400,
       current_date + 330, 'Verifikasi peserta JKN', ARRAY['NIK','NAMA_LENGKAP','TANGGAL_LAHIR','ALAMAT'],
       ARRAY['PORTAL','API'], ARRAY['10.20.0.0/16']::inet[], 'PASCA_POC', 'AKTIF',
       'Dinas Kependudukan dan Pencatatan Sipil Kabupaten Purbalingga', 'Kepala Dinas', a.name, 'Kepala'
     FROM agency a`,
  );
  await query(
    url,
    `INSERT INTO app_user (user_id, display_name, agency_id, role, password_hash, nda_signed_on)
     SELECT 'aud' || a.id || '.' || j, 'Operator ' || a.id || '.' || j, a.id, 'OPERATOR', 'x', current_date - 400
     FROM agency a CROSS JOIN generate_series(1, 8) j ORDER BY a.id, j`,
  );
  log(`inserting ${rows.toLocaleString('en-US')} audit rows`);
  const insertStarted = performance.now();
  // Row g: operator g mod 800; one in 40 a login, the lookups mostly found, some not, a few
  // refused; a third over the portal. Times evenly spread over the 4 minutes before now.
  await query(
    url,
    `INSERT INTO audit_log (at, action, channel, user_id, agency_id, agreement_id, client_ip, nik, purpose, response_code)
     SELECT now() - make_interval(secs => 240 * (1 - g::float8 / $1::int)),
       CASE WHEN g % 40 = 0 THEN 'LOGIN' ELSE 'LOOKUP' END,
       CASE WHEN g % 3 = 0 THEN 'PORTAL' ELSE 'API' END,
       u.id, u.agency_id, CASE WHEN g % 40 = 0 THEN NULL ELSE p.id END,
       ('10.20.' || (g % 200) || '.' || (g % 250 + 1))::inet,
       CASE WHEN g % 40 = 0 THEN NULL
         ELSE '3303' || lpad((g::bigint * 7919 % 100)::text, 2, '0') || lpad((1 + g % 28)::text, 2, '0')
              || lpad((1 + g % 12)::text, 2, '0') || lpad((g % 100)::text, 2, '0')
              || lpad((1 + g::bigint * 31 % 9999)::text, 4, '0') END,
       CASE WHEN g % 40 = 0 THEN NULL ELSE 'Verifikasi peserta JKN' END,
       CASE WHEN g % 40 = 0 THEN 'BERHASIL' WHEN g % 50 = 1 THEN 'TIDAK_DITEMUKAN'
            WHEN g % 97 = 2 THEN 'FORMAT_SALAH' WHEN g % 211 = 3 THEN 'MENINGGAL' ELSE 'DITEMUKAN' END
     FROM generate_series(1, $1::int) g
     JOIN app_user u ON u.user_id = 'aud' || (1 + g % 100) || '.' || (1 + g / 100 % 8)
     JOIN agreement p ON p.agency_id = u.agency_id
     ORDER BY g`,
    [rows],
  );
  await query(url, 'VACUUM ANALYZE audit_log');
  await query(url, 'CHECKPOINT').catch(() => undefined);
  const insertSeconds = (performance.now() - insertStarted) / 1000;
  log(`inserted in ${insertSeconds.toFixed(1)} s; sealing with \`gerbang audit seal\``);

  const sealed = await timedCli(['audit', 'seal'], env, dbName);
  const sealedRows = Number(/^(\d+) catatan disegel/m.exec(sealed.result.stdout)?.[1] ?? NaN);
  if (sealedRows !== rows)
    throw new Error(`audit seal sealed ${sealedRows} rows, not ${rows}: ${sealed.result.stdout}`);
  const checkpoints = Number(
    (await query<{ n: number }>(url, 'SELECT count(*)::int AS n FROM audit_checkpoint'))[0]!.n,
  );
  log(
    `sealed in ${sealed.result.seconds.toFixed(1)} s (${checkpoints} checkpoints); verifying with \`gerbang audit verify\``,
  );
  await query(url, 'CHECKPOINT').catch(() => undefined);

  const verified = await timedCli(['audit', 'verify', '--public-key', key.publicKey], env, dbName);
  const out = verified.result.stdout;
  const reportedMs = Number(/Waktu verifikasi\s*:\s*(\d+) ms/.exec(out)?.[1] ?? NaN);
  const size = Number(/Catatan tersegel\s*:\s*(\d+)/.exec(out)?.[1] ?? NaN);
  const verdict = out.split('\n').find((line) => /^(UTUH|RUSAK)/.test(line)) ?? out.trim();
  log(
    `verified in ${verified.result.seconds.toFixed(1)} s (reported ${reportedMs} ms): ${verdict}`,
  );
  const figures = (run: Awaited<ReturnType<typeof timedCli>>, seconds: number): CliFigures => ({
    seconds,
    peakRssMb: run.result.peakRssMb,
    cpuSeconds: run.result.cpuSeconds,
    postgresCores: run.cpu.byCategory.postgres ?? 0,
    rowsPerSecond: rows / seconds,
  });
  return {
    rows,
    insertSeconds,
    seal: { ...figures(sealed, sealed.result.seconds), checkpoints },
    verify: {
      ...figures(verified, verified.result.seconds),
      reportedMs,
      intact: verdict.startsWith('UTUH') && size === rows,
      verdict,
    },
  };
}
