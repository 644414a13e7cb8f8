import crypto from 'node:crypto';
import { QUOTA_SHARDS } from '../src/domain/quota.js';
import { query } from './db.js';

/**
 * The bench's users: a population of agencies and operators large enough that full-speed load
 * looks, to the input-pattern policy (issue 9 §2), like what it is meant to look like — many
 * counters each serving applicants in random order — and not like one script sweeping the
 * register.
 *
 * Why so many: the policy flags a user who makes 9 lookups in 60 s or 5 in 10 s, and an agency
 * with 21 in 30 s or 10 in 10 s (src/domain/input-pattern/settings.ts). At 2,000–3,000 lookups
 * a second, 20 operators would each make over 100 a second and every lookup would be a finding
 * (an alert upsert and an admin_action row each time): the bench would measure an attack, not
 * the policy's cost on ordinary traffic. So every operator here gets its own API session, the
 * load generator takes the operators in turn (bench/wrk.ts, `tokenOrder: 'round-robin'`), and
 * operator k belongs to agency k mod A, so that one operator's lookups are `users / rate`
 * seconds apart and one agency's `agencies / rate` seconds apart. `safeRate` says up to which
 * rate neither threshold is reached; the runs count the findings they raise anyway. The
 * default, 7,200 agencies of 5 operators, holds up to 4,800 lookups/s: 4,800 agencies held
 * 3,200/s, and on a quick phase of this machine (pgbench 4,222 tps, 2026-12-08) the 1-process
 * maximum ran past it and raised 4,477 findings in 30 s, measuring an attack's cost instead.
 *
 * Steady state: the policy reads each user's and each agency's last 29 lookups on every lookup
 * (each server process's windows, read from the audit trail when it starts). A fresh database would give it empty windows, cheaper than
 * a working day, so every operator gets `history` earlier lookups of random NIKs, spread evenly
 * over the minutes before the run (recent enough to be sealed without looking back-dated:
 * verify.ts LATE_MARGIN_MS). They are sealed before any measured run.
 *
 * The SQL runs through `exec`, so the same population is made in PostgreSQL and in PGlite.
 * Sessions are written directly (SHA-256 of a random token, as login does): logging 20,000
 * operators in through argon2id would take longer than the whole benchmark.
 */

export type Exec = (text: string, values?: unknown[]) => Promise<Record<string, unknown>[]>;

export interface PopulationSpec {
  readonly agencies: number;
  /** Operators per agency. */
  readonly usersPerAgency: number;
  /** Earlier lookups per operator, written before the run. */
  readonly history: number;
  /** The history ends this many seconds before now and spreads over `historyMinutes`. */
  readonly historyEndsSecondsAgo: number;
  readonly historyMinutes: number;
  /** An agreement in force whose purpose, elements, access methods and points the agencies copy. */
  readonly templateAgreementId: number;
  /** An operator whose password hash and NDA date the operators copy. */
  readonly templateUserId: number;
  /** The table of NIKs (columns i 1…n, nik) the history draws from. */
  readonly nikTable: string;
  readonly nikCount: number;
  readonly purpose: string;
}

export interface Population {
  readonly agencies: number;
  readonly users: number;
  /** One bearer token per operator, operator k on line k (agency k mod agencies). */
  readonly tokens: string[];
  readonly historyRows: number;
  /** The rate (lookups/s) up to which round-robin load raises no BERDEKATAN finding. */
  readonly safeRate: number;
  readonly seconds: number;
}

/** Rate limits of DEFAULT_PATTERN_SETTINGS, as the load spaces them (see `safeRate`). */
const USER_LIMIT = { count: 9, seconds: 60 };
const USER_BURST = { count: 5, seconds: 10 };
const AGENCY_LIMIT = { count: 21, seconds: 30 };
const AGENCY_BURST = { count: 10, seconds: 10 };

/**
 * Evenly spaced lookups every `interval` seconds put `floor(window / interval) + 1` in a window
 * ending at one of them; that stays below `count` while interval > window / (count − 1).
 */
export function safeRate(agencies: number, users: number): number {
  const per = (members: number, limit: { count: number; seconds: number }) =>
    (members * (limit.count - 1)) / limit.seconds;
  return Math.floor(
    Math.min(
      per(users, USER_LIMIT),
      per(users, USER_BURST),
      per(agencies, AGENCY_LIMIT),
      per(agencies, AGENCY_BURST),
    ),
  );
}

const POP_CODE = 'POP';

/** Statements on the bench's PostgreSQL database `url`, one connection each. */
export function pgExec(url: string): Exec {
  return (text, values) => query<Record<string, unknown>>(url, text, values ?? []);
}

/** Creates the population (once per database) and returns the operators' tokens in order. */
export async function seedPopulation(exec: Exec, spec: PopulationSpec): Promise<Population> {
  const started = performance.now();
  const users = spec.agencies * spec.usersPerAgency;
  await exec(
    `INSERT INTO agency (code, name)
     SELECT '${POP_CODE}' || lpad(g::text, 5, '0'), 'Instansi Populasi Uji Beban ' || g
     FROM generate_series(1, $1::int) g ORDER BY g`,
    [spec.agencies],
  );
  // Around the clock, every day: the bench runs at any hour, and a lookup outside an agency's
  // service hours is a finding of its own (DI_LUAR_JAM).
  await exec(
    `INSERT INTO agreement (agency_id, nomor_dukcapil, nomor_instansi, signed_on, ends_on, purpose,
       granted_elements, access_methods, access_points, quota_stage, status, bandwidth_kbps,
       first_party_name, first_party_head_title, second_party_name, second_party_head_title,
       pattern_policy, service_start, service_end, service_days)
     SELECT a.id, '400.12/P' || a.id || '/BENCH', '470/P' || a.id || '/BENCH', t.signed_on, t.ends_on,
       t.purpose, t.granted_elements, t.access_methods, t.access_points, 'PASCA_POC', 'AKTIF',
       t.bandwidth_kbps, t.first_party_name, t.first_party_head_title, a.name,
       t.second_party_head_title, 'PERINGATAN', NULL, NULL, '{1,2,3,4,5,6,7}'
     FROM agency a CROSS JOIN agreement t
     WHERE t.id = $1 AND a.code LIKE '${POP_CODE}%'
     ORDER BY a.id`,
    [spec.templateAgreementId],
  );
  // Operator k (0-based) of agency k mod agencies, inserted in k order.
  await exec(
    `INSERT INTO app_user (user_id, display_name, agency_id, role, password_hash, nda_signed_on)
     SELECT 'pop' || k, 'Operator Populasi ' || k, ag.id, 'OPERATOR', t.password_hash, t.nda_signed_on
     FROM generate_series(0, $1::int - 1) k
     JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM agency WHERE code LIKE '${POP_CODE}%') ag
       ON ag.n = k % $2::int
     CROSS JOIN app_user t WHERE t.id = $3
     ORDER BY k`,
    [users, spec.agencies, spec.templateUserId],
  );
  const ids = (
    await exec(
      `SELECT id FROM app_user WHERE user_id LIKE 'pop%' AND role = 'OPERATOR'
       ORDER BY substr(user_id, 4)::int`,
    )
  ).map((row) => Number(row.id));
  if (ids.length !== users) throw new Error(`expected ${users} operators, found ${ids.length}`);
  const tokens = ids.map(() => crypto.randomBytes(24).toString('base64url'));
  const hashes = tokens.map((token) => crypto.createHash('sha256').update(token).digest('hex'));
  for (let from = 0; from < users; from += 10_000) {
    await exec(
      `INSERT INTO auth_session (token_hash, user_id, kind, created_at, expires_at)
       SELECT decode(h, 'hex'), u, 'API', now(), now() + interval '1 day'
       FROM unnest($1::text[], $2::int[]) AS s(h, u)`,
      [hashes.slice(from, from + 10_000), ids.slice(from, from + 10_000)],
    );
  }
  await openApi(exec);
  // Today's quota rows (WIB), all shards, as for the BENCH agencies (bench/run.ts).
  await exec(
    `INSERT INTO quota_usage (agency_id, day, shard, used)
     SELECT a.id, (now() AT TIME ZONE 'Asia/Jakarta')::date, s, 0
     FROM agency a CROSS JOIN generate_series(0, ${QUOTA_SHARDS - 1}) s
     WHERE a.code LIKE '${POP_CODE}%'
     ON CONFLICT DO NOTHING`,
  );
  // History in time order (so ids follow time, as the server writes them): row s is operator
  // s mod users, evenly spaced over the window; the NIK drawn at random from the list.
  const historyRows = users * spec.history;
  if (historyRows > 0) {
    await exec(
      `INSERT INTO audit_log (at, action, channel, user_id, agency_id, agreement_id, client_ip, nik, purpose, response_code)
       SELECT now() - make_interval(secs => $1::float8 + $2::float8 * (1 - g.s::float8 / $3::int)),
              'LOOKUP', 'API', u.id, u.agency_id, p.id, '127.0.0.1', n.nik, $4, 'DITEMUKAN'
       FROM (SELECT s, 1 + floor(random() * $5::int)::int AS r FROM generate_series(0, $3::int - 1) s) g
       JOIN (SELECT id, agency_id, row_number() OVER (ORDER BY substr(user_id, 4)::int) - 1 AS k
             FROM app_user WHERE user_id LIKE 'pop%' AND role = 'OPERATOR') u ON u.k = g.s % $6::int
       JOIN agreement p ON p.agency_id = u.agency_id AND p.status = 'AKTIF'
       JOIN ${spec.nikTable} n ON n.i = g.r
       ORDER BY g.s`,
      [
        spec.historyEndsSecondsAgo,
        spec.historyMinutes * 60,
        historyRows,
        spec.purpose,
        spec.nikCount,
        users,
      ],
    );
  }
  return {
    agencies: spec.agencies,
    users,
    tokens,
    historyRows,
    safeRate: safeRate(spec.agencies, users),
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * The load calls the API, which the agreements grant only after an addendum of a method change
 * and only to applications whose PoC passed (issue 11): every agreement in force gets the API
 * as after such an addendum, and its agency an application at each loopback address the load
 * comes from, as after its PoC.
 */
export async function openApi(exec: Exec): Promise<void> {
  await exec(
    `UPDATE agreement SET access_methods = array_append(access_methods, 'API')
     WHERE status = 'AKTIF' AND NOT ('API' = ANY (access_methods))`,
  );
  await exec(
    `INSERT INTO application (agency_id, name, purpose, technical_contact, access_point, state,
       poc_result, poc_decided_at, registered_at)
     SELECT p.agency_id, 'Aplikasi Uji Beban ' || family(ip.ap), 'Aplikasi yang dipakai uji beban',
       'tim.teknis@contoh.go.id', ip.ap, 'LULUS_POC', 'LULUS', now(), now()
     FROM agreement p CROSS JOIN (VALUES ('127.0.0.1/32'::inet), ('::1/128'::inet)) ip(ap)
     WHERE p.status = 'AKTIF'
       AND NOT EXISTS (SELECT 1 FROM application a WHERE a.agency_id = p.agency_id
                        AND a.state = 'LULUS_POC' AND a.access_point = ip.ap)`,
  );
}
