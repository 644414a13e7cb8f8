import { sql } from 'kysely';
import { ELEMENTS } from '../src/domain/elements.js';
import { createAgency, createAgreement } from '../src/services/administration/agreements.js';
import type { Db } from '../src/store/db.js';

/*
 * The history the reports bench measures on (bench/reports.ts): AGENCIES agencies, each with
 * one agreement in force over 2025–2026 and ten operators, a Dukcapil admin (who produces the
 * report to the Directorate General), and ROWS audit_log lookups over 2025–2026 WIB — the
 * agency reported on (the first) holding a quarter of them, the others sharing the rest.
 *
 * The rows are made by generate_series in one INSERT per million, not through the lookup
 * (the CLI or the API would take hours for ten million): with audit_log's secondary indexes
 * dropped during the load and rebuilt from their own definitions afterwards, and its foreign
 * keys not checked row by row (session_replication_role = replica; every id used exists, by
 * construction). Then VACUUM ANALYZE, as a long-lived table would have had.
 */

export const HISTORY_FROM = '2025-01-01';
export const HISTORY_TO = '2026-12-31';

export interface BenchAgency {
  readonly agency: number;
  readonly agreement: number;
}

export interface History {
  readonly agencies: readonly BenchAgency[];
  readonly adminId: number;
  readonly seconds: {
    readonly insert: number;
    readonly indexes: number;
    readonly vacuum: number;
  };
}

type Say = (line: string) => void;

async function seedAgencies(db: Db, count: number): Promise<BenchAgency[]> {
  const at = new Date('2024-12-01T00:00:00Z');
  const list: BenchAgency[] = [];
  for (let i = 0; i < count; i++) {
    const code = `BENCH${i}`;
    const agency = await createAgency(
      db,
      { code, name: `Instansi Bench ${i}`, address: `Jl. Bench No. ${i}, Purbalingga` },
      at,
    );
    const agreement = await createAgreement(
      db,
      {
        agencyCode: code,
        nomorDukcapil: `400.12/${i}/2024`,
        nomorInstansi: `470/${i}/2024`,
        nomorJuknis: null,
        signedOn: '2024-12-01',
        endsOn: '2029-12-01',
        purpose: 'Verifikasi data pemohon layanan',
        grantedElements: [...ELEMENTS],
        accessMethods: ['PORTAL', 'API'],
        accessPoints: ['10.0.0.0/8'],
        quotaStage: 'PASCA_POC',
      },
      at,
    );
    list.push({ agency, agreement });
  }
  return list;
}

async function timedSeconds(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return (performance.now() - started) / 1000;
}

/** Seeds the agencies and users, then loads `rows` lookups as described above. */
export async function generateHistory(
  db: Db,
  options: { rows: number; agencies: number; say: Say },
): Promise<History> {
  const { rows, say } = options;
  const agencies = await seedAgencies(db, options.agencies);
  await sql`
    INSERT INTO app_user (user_id, display_name, agency_id, role, password_hash)
    SELECT 'op' || a.id || '.' || n, 'Operator ' || n, a.id, 'OPERATOR', 'x'
    FROM agency a, generate_series(0, 9) AS n ORDER BY a.id, n`.execute(db);
  const admin = await sql<{ id: number }>`
    INSERT INTO app_user (user_id, display_name, agency_id, role, password_hash)
    VALUES ('admin.bench', 'Admin Bench', NULL, 'ADMIN_DUKCAPIL', 'x') RETURNING id`.execute(db);
  const first = await sql<{ a0: number; p0: number; u0: number }>`
    SELECT (SELECT min(id) FROM agency) AS a0, (SELECT min(id) FROM agreement) AS p0,
           (SELECT min(id) FROM app_user) AS u0`.execute(db);
  const { a0, p0, u0 } = first.rows[0]!;
  if (agencies.some((x, i) => x.agency !== a0 + i || x.agreement !== p0 + i)) {
    throw new Error('the bench expects consecutive agency and agreement ids');
  }

  const indexes = await sql<{ name: string; definition: string }>`
    SELECT indexname AS name, indexdef AS definition FROM pg_indexes
    WHERE schemaname = current_schema() AND tablename = 'audit_log'
      AND indexname <> 'audit_log_pkey'
    ORDER BY indexname`.execute(db);
  for (const index of indexes.rows) await sql.raw(`DROP INDEX ${index.name}`).execute(db);

  const from = Date.parse(`${HISTORY_FROM}T00:00:00+07:00`) / 1000;
  const span = Date.parse('2027-01-01T00:00:00+07:00') / 1000 - from;
  const others = Math.max(1, options.agencies - 1);
  const batch = 1_000_000;
  say(`  generating ${rows.toLocaleString('en')} audit rows for ${options.agencies} agencies…`);
  const insert = await timedSeconds(async () => {
    for (let done = 0; done < rows; done += batch) {
      const count = Math.min(batch, rows - done);
      await db.transaction().execute(async (tx) => {
        await sql`SET LOCAL session_replication_role = replica`.execute(tx);
        // h: a multiplicative hash of the row's number; its upper bits pick channel,
        // response, operator and purpose independently of the agency (g % 4), and a second
        // hash picks the NIK out of a population of a million
        await sql`
          INSERT INTO audit_log (at, action, channel, user_id, agency_id, agreement_id, client_ip,
                                 nik, purpose, response_code)
          SELECT to_timestamp(${from}::bigint + (g * ${span}::bigint) / ${rows}::bigint),
                 'LOOKUP',
                 (ARRAY['PORTAL','API','PORTAL','CARD_READER'])[1 + x % 4],
                 ${u0}::int + k * 10 + (x / 24) % 10, ${a0}::int + k, ${p0}::int + k,
                 '10.1.2.3'::inet,
                 '3303' || lpad((((g + 7777777) * 2246822519) % 4294967296 % 1000000)::text, 12, '0'),
                 (ARRAY['Pendaftaran pasien','Verifikasi JKN','Akta kelahiran','Rekam medis'])[1 + (x / 240) % 4],
                 (ARRAY['DITEMUKAN','DITEMUKAN','DITEMUKAN','TIDAK_DITEMUKAN','MENINGGAL','KUOTA_HABIS'])[1 + (x / 4) % 6]
          FROM (
            SELECT g,
                   (CASE WHEN g % 4 = 0 THEN 0 ELSE 1 + g % ${others}::int END)::int AS k,
                   (((g * 2654435761) % 4294967296) / 1048576)::int AS x
            FROM generate_series(${done}::bigint, ${done + count - 1}::bigint) AS g
          ) AS s`.execute(tx);
      });
      say(`    ${(done + count).toLocaleString('en')} rows`);
    }
  });
  say(`  rebuilding ${indexes.rows.length} indexes of audit_log…`);
  const indexSeconds = await timedSeconds(() =>
    db.connection().execute(async (connection) => {
      await sql`SET maintenance_work_mem = '256MB'`.execute(connection);
      for (const index of indexes.rows) await sql.raw(index.definition).execute(connection);
    }),
  );
  say('  VACUUM ANALYZE…');
  const vacuum = await timedSeconds(() => sql`VACUUM (ANALYZE)`.execute(db));
  return {
    agencies,
    adminId: admin.rows[0]!.id,
    seconds: { insert, indexes: indexSeconds, vacuum },
  };
}
