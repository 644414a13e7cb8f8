import net from 'node:net';
import { ACCESSED_RESPONSES, RESPONSES } from '../src/domain/responses.js';
import { createDatabase, databaseUrl, dropDatabase, query } from './db.js';
import { gerbang, login, startServer, type Env, type RunningServer } from './gerbang.js';
import { benchAuditKey, waitUntilSealed } from './oversight.js';
import { openApi, pgExec } from './population.js';
import { writeSection } from './report.js';

/**
 * Crash safety under load (issue 13): the server is killed with SIGKILL while lookups pour
 * in, several times, and afterwards every answer that carried a resident's data must have its
 * audit record, sealed (by the next process's sealer), the trail must verify, and each
 * agency's quota count must equal the lookups its audit rows count — one agency limited (one
 * row under its lock, the demo's 200 a day), one unlimited (sharded counts). Whatever the
 * lookup's hot path becomes (the compact pattern windows, batching), this is checked from the
 * outside: only answers and rows. PostgreSQL, in a database of its own dropped at the end.
 *
 * `npm run bench -- --crash` runs this phase alone; the whole bench runs it last (BENCH_SKIP
 * crash leaves it out). Settings: BENCH_CRASH_KILLS (5), BENCH_CRASH_CLIENTS (16).
 */

export interface CrashResult {
  readonly kills: number;
  readonly clients: number;
  readonly seconds: number;
  /** Answers received: with resident data, without (refusals, quota spent), and requests cut off by a kill. */
  readonly answers: {
    readonly withData: number;
    readonly withoutData: number;
    readonly cut: number;
  };
  /** audit_log rows of lookups, and how many of them the sealer had sealed at the end. */
  readonly auditRows: number;
  readonly sealedRows: number;
  readonly quota: readonly { agency: string; counted: number; audited: number; limit: string }[];
  readonly verify: string;
  readonly problems: readonly string[];
}

const PASSWORD = 'sandi-uji-tabrakan-2026';
const PURPOSE = 'Verifikasi peserta JKN (uji tabrakan)';
const OPERATORS = [
  { userId: 'operator.dinkes', agency: 'DINKES' },
  { userId: 'operator.dpmptsp', agency: 'DPMPTSP' },
];
const HIT_CODES = Object.entries(RESPONSES)
  .filter(([, response]) => response.hit)
  .map(([code]) => code);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

interface Served {
  readonly userId: string;
  readonly nik: string;
}

/**
 * Lookups from `clients` loops until `stop` says so; each answer with data is kept. A request
 * the kill cuts off is counted apart: it may or may not have been committed, and either way
 * must not have left an answer without its record.
 */
async function load(
  url: string,
  tokens: readonly string[],
  niks: readonly string[],
  clients: number,
  stopped: () => boolean,
  tally: { withData: Served[]; withoutData: number; cut: number },
): Promise<void> {
  let next = Math.floor(Math.random() * niks.length);
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      const operator = client % OPERATORS.length;
      while (!stopped()) {
        const nik = niks[next++ % niks.length]!;
        try {
          const response = await fetch(`${url}/api/v1/nik/lookup`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${tokens[operator]}`,
            },
            body: JSON.stringify({ nik, purpose: PURPOSE }),
          });
          const body = (await response.json()) as { data?: unknown };
          if (body.data) tally.withData.push({ userId: OPERATORS[operator]!.userId, nik });
          else tally.withoutData += 1;
        } catch {
          tally.cut += 1;
          await sleep(20);
        }
      }
    }),
  );
}

/** Audit rows of lookups that reached a resident, by operator and NIK, and how many are sealed. */
async function auditedLookups(url: string) {
  return query<{ user_id: string; nik: string; n: number; sealed: number }>(
    url,
    `SELECT u.user_id, a.nik, count(*)::int AS n,
            count(l.source_id)::int AS sealed
       FROM audit_log a JOIN app_user u ON u.id = a.user_id
       LEFT JOIN audit_seal_leaf l ON l.source = 'audit_log' AND l.source_id = a.id
      WHERE a.action = 'LOOKUP' AND a.response_code = ANY($1)
      GROUP BY u.user_id, a.nik`,
    [ACCESSED_RESPONSES],
  );
}

/** Each agency's quota count today against the lookups its audit rows count (WIB days). */
async function quotaAgainstAudit(url: string) {
  return query<{ agency: string; counted: number; audited: number; stage: string }>(
    url,
    `SELECT ag.code AS agency,
            coalesce((SELECT sum(q.used) FROM quota_usage q
                       WHERE q.agency_id = ag.id
                         AND q.day = (now() AT TIME ZONE 'Asia/Jakarta')::date), 0)::int AS counted,
            (SELECT count(*) FROM audit_log a
              WHERE a.agency_id = ag.id AND a.action = 'LOOKUP' AND a.response_code = ANY($1)
                AND (a.at AT TIME ZONE 'Asia/Jakarta')::date
                    = (now() AT TIME ZONE 'Asia/Jakarta')::date)::int AS audited,
            (SELECT quota_stage FROM agreement WHERE agency_id = ag.id
              ORDER BY id DESC LIMIT 1) AS stage
       FROM agency ag ORDER BY ag.code`,
    [HIT_CODES],
  );
}

export async function runCrashBench(options: {
  readonly serverUrl: string;
  readonly kills: number;
  readonly clients: number;
  readonly keep: boolean;
  readonly say: (line: string) => void;
}): Promise<CrashResult> {
  const started = performance.now();
  const name = `gerbang_crash_${process.pid}`;
  await dropDatabase(options.serverUrl, name);
  const url = await createDatabase(options.serverUrl, name);
  const key = benchAuditKey();
  const env: Env = {
    DATABASE_URL: url,
    GERBANG_DEMO_PASSWORD: PASSWORD,
    GERBANG_AUDIT_KEY: key.env,
    GERBANG_SECURE_COOKIES: 'false',
  };
  const problems: string[] = [];
  let server: RunningServer | undefined;
  try {
    await gerbang(['demo', '--residents', '3000'], env);
    // DPMPTSP past its proof of concept: no limit, its count spread over shards.
    const [dpmptsp] = await query<{ nomor: string }>(
      url,
      `SELECT g.nomor_dukcapil AS nomor FROM agreement g JOIN agency a ON a.id = g.agency_id
        WHERE a.code = 'DPMPTSP'`,
    );
    await gerbang(
      [
        'agreement',
        'stage',
        '--nomor-dukcapil',
        dpmptsp!.nomor,
        '--stage',
        'PASCA_POC',
        '--reason',
        'Uji tabrakan',
      ],
      env,
    );
    await openApi(pgExec(url));
    // Residents only: a honeytoken would hold the operator (that is another test's matter).
    const niks = (
      await query<{ nik: string }>(
        url,
        `SELECT nik FROM resident WHERE status = 'AKTIF'
           AND nik NOT IN (SELECT nik FROM honeytoken) ORDER BY md5(nik) LIMIT 2000`,
      )
    ).map((row) => row.nik);

    const tally = { withData: [] as Served[], withoutData: 0, cut: 0 };
    let tokens: string[] | undefined;
    for (let kill = 1; kill <= options.kills; kill += 1) {
      const port = await freePort();
      server = await startServer(port, env);
      tokens ??= await Promise.all(OPERATORS.map((o) => login(server!.url, o.userId, PASSWORD)));
      let stop = false;
      const running = load(server.url, tokens, niks, options.clients, () => stop, tally);
      await sleep(1500 + Math.random() * 1500);
      process.kill(server.pid, 'SIGKILL');
      await server.stop();
      server = undefined;
      stop = true;
      await running;
      options.say(
        `kill ${kill}/${options.kills}: ${tally.withData.length} answers with data so far, ${tally.cut} requests cut off`,
      );
    }
    // One more start: its sealer seals what the killed processes committed.
    server = await startServer(await freePort(), env);
    await waitUntilSealed(url, 120_000);
    await server.stop();
    server = undefined;

    const audited = new Map(
      (await auditedLookups(url)).map((row) => [`${row.user_id} ${row.nik}`, row]),
    );
    const served = new Map<string, number>();
    for (const one of tally.withData) {
      const id = `${one.userId} ${one.nik}`;
      served.set(id, (served.get(id) ?? 0) + 1);
    }
    let missing = 0;
    for (const [id, count] of served) missing += Math.max(0, count - (audited.get(id)?.n ?? 0));
    if (missing > 0) problems.push(`${missing} answers with data have no audit record`);
    const rows = [...audited.values()];
    const auditRows = rows.reduce((sum, row) => sum + row.n, 0);
    const sealedRows = rows.reduce((sum, row) => sum + row.sealed, 0);
    if (sealedRows < auditRows) problems.push(`${auditRows - sealedRows} audit records not sealed`);
    if (tally.withData.length === 0) problems.push('no answer carried data: nothing was checked');

    const quota = (await quotaAgainstAudit(url)).map((row) => ({
      agency: row.agency,
      counted: row.counted,
      audited: row.audited,
      limit: row.stage === 'PRA_POC' ? '200' : 'none',
    }));
    for (const row of quota) {
      if (row.counted !== row.audited)
        problems.push(`${row.agency}: quota counts ${row.counted}, audit rows ${row.audited}`);
      if (row.limit !== 'none' && row.counted > Number(row.limit))
        problems.push(`${row.agency}: ${row.counted} counted over its limit ${row.limit}`);
    }

    const verified = await gerbang(['audit', 'verify', '--public-key', key.publicKey], env, {
      allowFailure: true,
    });
    const verdict =
      /^(UTUH|RUSAK).*$/m.exec(verified.stdout)?.[0] ?? verified.stderr.trim().slice(0, 200);
    if (verified.code !== 0) problems.push(`gerbang audit verify: ${verdict}`);

    return {
      kills: options.kills,
      clients: options.clients,
      seconds: (performance.now() - started) / 1000,
      answers: { withData: tally.withData.length, withoutData: tally.withoutData, cut: tally.cut },
      auditRows,
      sealedRows,
      quota,
      verify: verdict,
      problems,
    };
  } finally {
    await server?.stop();
    if (!options.keep) await dropDatabase(options.serverUrl, name);
    else options.say(`kept ${databaseUrl(options.serverUrl, name)}`);
  }
}

/** The phase's lines for BENCHMARKS.md and the console. */
export function crashReport(result: CrashResult): string[] {
  return [
    `Crash safety: ${result.kills} × SIGKILL under load (${result.clients} clients), ${result.seconds.toFixed(0)} s.`,
    `Answers: ${result.answers.withData} with data, ${result.answers.withoutData} without, ${result.answers.cut} requests cut off by a kill.`,
    `Audit records of lookups that reached a resident: ${result.auditRows}, sealed ${result.sealedRows}; audit verify: ${result.verify.replace(/\.$/, '')}.`,
    ...result.quota.map(
      (row) =>
        `Quota ${row.agency} (limit ${row.limit}): counted ${row.counted}, audit rows ${row.audited}.`,
    ),
    result.problems.length === 0
      ? 'Result: every answer with data has its sealed audit record; quota counts equal the audit rows.'
      : `Result: FAILED — ${result.problems.join('; ')}`,
  ];
}

const SECTION = 'bench:crash';

/** Rewrites the section <!-- bench:crash --> of BENCHMARKS.md with this run's lines. */
export function writeCrashSection(file: string, result: CrashResult, startedAt: Date): void {
  const body = [
    '## Crash safety (SIGKILL under load)',
    '',
    `Run of ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC (\`npm run bench -- --crash\`, bench/crash.ts): ` +
      'the server killed with SIGKILL while lookups arrive, restarted each time; then checked from the ' +
      'outside that every answer that carried data has its audit record, sealed, that `gerbang audit ' +
      'verify` passes, and that each agency’s quota count equals its counted audit rows (DINKES ' +
      'limited to 200 a day, one row; DPMPTSP unlimited, sharded).',
    '',
    ...crashReport(result).map((line) => `- ${line}`),
  ].join('\n');
  writeSection(file, body, SECTION);
}
