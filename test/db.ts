import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { sql } from 'kysely';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { openDatabase, type Db, type OpenDatabase } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { PGlitePool } from '../src/store/pglite-pool.js';
import { PGliteSession } from '../src/store/pglite-session.js';
import type { Database } from '../src/store/schema.js';

/**
 * A fresh, migrated database for one test file: PostgreSQL when DATABASE_URL is set (a new
 * database created on that server and dropped afterwards), otherwise in-memory PGlite.
 *
 * Migrations run once per test run (test/global-setup.ts); each database here is a copy of
 * that migrated template: `CREATE DATABASE … TEMPLATE` on PostgreSQL, PGlite started from the
 * template's `dumpDataDir()` tarball. Without a template (a config that does not run the
 * global setup) the database is migrated here, as before.
 */
export interface TestDatabase extends OpenDatabase {
  /** Connection string of the fresh PostgreSQL database, when on PostgreSQL. */
  readonly url: string | undefined;
  drop(): Promise<void>;
}

export const serverUrl = process.env.DATABASE_URL || undefined;

const template = inject('testDatabaseTemplate');
let pgliteDump: Blob | undefined;

/**
 * A database a finished test file gave back (`drop()`), kept by this worker for its next test
 * file: emptied back to the template's state there costs a few statements, where a new copy
 * costs a `CREATE DATABASE` and a `DROP DATABASE` on PostgreSQL (1–3 s of waiting on the disk
 * each) and starting PGlite from the template's tarball (1.3–1.5 s of CPU). A database whose
 * structure a test changed is not kept.
 */
const kept: string[] = [];
let keptPglite: PGlite | undefined;

export async function createTestDatabase(): Promise<TestDatabase> {
  for (let name = kept.pop(); name; name = kept.pop()) {
    const reused = await reuse(name).catch(() => undefined);
    if (reused) return reused;
    await dropOnServer(name).catch(() => undefined);
  }
  const pglite = keptPglite;
  keptPglite = undefined;
  if (pglite) {
    const reused = await reusePglite(pglite).catch(() => undefined);
    if (reused) return reused;
    await pglite.close().catch(() => undefined);
  }
  return fresh();
}

async function fresh(): Promise<TestDatabase> {
  if (!serverUrl) {
    if (template?.engine !== 'pglite') {
      const open = await openDatabase({});
      await migrate(open.db);
      return { ...open, url: undefined, drop: () => open.close() };
    }
    pgliteDump ??= new Blob([fs.readFileSync(template.file)]);
    const database = pgliteDatabase((await PGliteSession.open(undefined, pgliteDump)).pglite);
    await rememberTemplateState(database.db);
    return database;
  }
  const copied = template?.engine === 'postgresql';
  // Named after the template, so that the run's teardown finds and drops every copy.
  const name = copied
    ? `${template.name}_${crypto.randomBytes(6).toString('hex')}`
    : `gerbang_test_${crypto.randomBytes(6).toString('hex')}`;
  await onServer(`CREATE DATABASE ${name}${copied ? ` TEMPLATE ${template.name}` : ''}`);
  // A commit need not wait for the disk here: what the tests check of durability is a server
  // process killed, never PostgreSQL itself, and commits stay atomic and ordered (measured on
  // three commit-heavy files in alternated runs: about 12 % less wall time).
  await onServer(`ALTER DATABASE ${name} SET synchronous_commit = off`);
  const url = withDatabase(serverUrl, name);
  const open = await openDatabase({ url, poolSize: 20 });
  if (!copied) {
    await migrate(open.db);
    return {
      ...open,
      url,
      drop: () => open.close().then(() => dropOnServer(name)),
    };
  }
  await rememberTemplateState(open.db);
  return postgresDatabase(open, name);
}

/**
 * A file's database over this worker's PGlite: a Kysely of its own each time (per-database
 * caches of the services, such as the TOTP seal key's, key on the Kysely object, so a file
 * never inherits another's), the PGlite itself kept for the next file at `drop()`.
 */
function pgliteDatabase(pglite: PGlite): TestDatabase {
  const pool = new PGlitePool(new PGliteSession(pglite));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let given = false;
  const drop = async () => {
    if (given) return;
    given = true;
    // Waits for the file's last statement. The Kysely is not destroyed: that would close the
    // PGlite under it.
    (await pool.connect()).release();
    if (keptPglite) await keptPglite.close();
    keptPglite = pglite;
  };
  return {
    db,
    engine: 'pglite',
    url: undefined,
    dumpDataDir: () => pglite.dumpDataDir('gzip'),
    close: drop,
    drop,
  };
}

/**
 * PGlite back to the template's state for the next file: the session's settings and
 * temporary objects discarded, then the same reset as on PostgreSQL, by TRUNCATE (PGlite runs
 * no autovacuum: deleted rows would stay for every later file to scan).
 */
async function reusePglite(pglite: PGlite): Promise<TestDatabase | undefined> {
  await pglite.exec('DISCARD ALL');
  const database = pgliteDatabase(pglite);
  return (await resetToTemplate(database.db)) ? database : undefined;
}

function postgresDatabase(open: OpenDatabase, name: string): TestDatabase {
  let given = false;
  return {
    ...open,
    url: withDatabase(serverUrl!, name),
    async drop() {
      if (given) return;
      given = true;
      await open.close();
      kept.push(name);
    },
  };
}

async function reuse(name: string): Promise<TestDatabase | undefined> {
  if (!serverUrl) return undefined;
  // A server process a test left running would hold the database: end its sessions.
  await onServer(
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`,
  );
  const open = await openDatabase({ url: withDatabase(serverUrl, name), poolSize: 20 });
  const ok = await resetToTemplate(open.db).catch(async (error: unknown) => {
    await open.close();
    throw error;
  });
  if (!ok) {
    await open.close();
    return undefined;
  }
  return postgresDatabase(open, name);
}

function dropOnServer(name: string): Promise<void> {
  return onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

async function onServer(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * What the template holds besides its structure: the rows of the tables migrations fill (the
 * applied migrations, the holidays) as JSON, and each sequence's position. Read from the first
 * copy this worker makes.
 */
interface TemplateState {
  readonly structure: string;
  readonly rows: ReadonlyArray<{ table: string; json: string }>;
  readonly sequences: ReadonlyArray<{ name: string; value: number; called: boolean }>;
}
let templateState: TemplateState | undefined;

async function rememberTemplateState(db: Db): Promise<void> {
  if (templateState) return;
  const tables = await publicTables(db);
  const rows: { table: string; json: string }[] = [];
  for (const table of tables) {
    const { rows: found } = await sql<{
      json: string | null;
    }>`SELECT json_agg(t)::text AS json FROM ${sql.table(table)} t`.execute(db);
    if (found[0]?.json) rows.push({ table, json: found[0].json });
  }
  const { rows: sequences } = await sql<{ name: string; value: string; called: boolean }>`
    SELECT format('%I', sequencename) AS name, coalesce(last_value, start_value)::text AS value,
           last_value IS NOT NULL AS called
      FROM pg_sequences WHERE schemaname = 'public'`.execute(db);
  templateState = {
    structure: await structureOf(db),
    rows,
    sequences: sequences.map((s) => ({ name: s.name, value: Number(s.value), called: s.called })),
  };
}

async function publicTables(db: Db): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`.execute(
    db,
  );
  return rows.map((row) => row.name);
}

/**
 * Empties every table of the copy and puts back the template's rows and sequence positions, in
 * one transaction with triggers off (the audit tables refuse DELETE by trigger). Refuses
 * (false) when the structure differs from the template's: a test that altered a table, a
 * trigger, a function, a privilege or (PGlite) a role leaves a database no other file should
 * inherit.
 */
async function resetToTemplate(db: Db): Promise<boolean> {
  const state = templateState;
  if (!state || (await structureOf(db)) !== state.structure) return false;
  const tables = await publicTables(db);
  await db.transaction().execute(async (tx) => {
    await sql`SELECT set_config('session_replication_role', 'replica', true)`.execute(tx);
    // PostgreSQL: DELETE, not TRUNCATE — TRUNCATE makes new files and waits on the disk
    // (about 3 s for every table); autovacuum clears the dead rows DELETE leaves. PGlite (in
    // memory, no autovacuum): TRUNCATE, or the dead rows would stay.
    if (serverUrl)
      for (const table of tables) await sql`DELETE FROM ${sql.table(table)}`.execute(tx);
    else await sql`TRUNCATE ${sql.join(tables.map((table) => sql.table(table)))}`.execute(tx);
    for (const { table, json } of state.rows)
      await sql`INSERT INTO ${sql.table(table)}
        SELECT * FROM json_populate_recordset(NULL::${sql.table(table)}, ${json}::json)`.execute(
        tx,
      );
    for (const { name, value, called } of state.sequences)
      await sql`SELECT setval(${name}::regclass, ${value}, ${called})`.execute(tx);
  });
  return true;
}

/** A digest of the database's structure and privileges (and, on PGlite, its roles). */
async function structureOf(db: Db): Promise<string> {
  const { rows } = await sql<{ digest: string }>`
    SELECT md5(string_agg(item, E'\n' ORDER BY item)) AS digest FROM (
      SELECT 'rel ' || n.nspname || '.' || c.relname || ' ' || c.relkind::text || ' '
             || c.relowner::regrole::text || ' ' || coalesce(c.relacl::text, '')
             || ' ' || c.relrowsecurity AS item
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
      UNION ALL
      SELECT 'col ' || a.attrelid::regclass::text || '.' || a.attname || ' '
             || a.atttypid::regtype::text || ' ' || a.attnotnull || ' ' || a.attisdropped
             || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE n.nspname = 'public' AND a.attnum > 0
      UNION ALL
      SELECT 'trg ' || tgrelid::regclass::text || '.' || tgname || ' ' || tgenabled::text
        FROM pg_trigger WHERE NOT tgisinternal
      UNION ALL
      SELECT 'con ' || conrelid::regclass::text || '.' || conname || ' '
             || pg_get_constraintdef(oid)
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace
      UNION ALL
      SELECT 'fn ' || p.oid::regprocedure::text || ' ' || md5(p.prosrc) || ' '
             || coalesce(p.proacl::text, '') || ' ' || p.proowner::regrole::text
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
       WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
      UNION ALL
      SELECT 'ns ' || nspname || ' ' || coalesce(nspacl::text, '') FROM pg_namespace
      UNION ALL
      SELECT 'rule ' || ev_class::regclass::text || '.' || rulename FROM pg_rewrite r
        JOIN pg_class c ON c.oid = r.ev_class
       WHERE c.relnamespace = 'public'::regnamespace
      UNION ALL
      SELECT 'pol ' || polrelid::regclass::text || '.' || polname FROM pg_policy
      UNION ALL
      SELECT 'dacl ' || coalesce(defaclacl::text, '') FROM pg_default_acl
      UNION ALL
      SELECT 'db ' || coalesce(datacl::text, '') || ' ' || datallowconn FROM pg_database
       WHERE datname = current_database()
      UNION ALL
      SELECT 'set ' || array_to_string(setconfig, ',') FROM pg_db_role_setting s
        JOIN pg_database d ON d.oid = s.setdatabase WHERE d.datname = current_database()
      UNION ALL
      SELECT 'ext ' || extname || ' ' || extversion FROM pg_extension
      ${
        // PGlite is its own cluster, kept from file to file: its roles too (on a server they
        // belong to every database, and other files change them at the same time).
        serverUrl
          ? sql``
          : sql`UNION ALL
      SELECT 'role ' || rolname || ' ' || rolsuper || rolcanlogin || rolbypassrls || ' '
             || coalesce(array_to_string(rolconfig, ','), '') FROM pg_roles
      UNION ALL
      SELECT 'member ' || roleid::regrole::text || ' ' || member::regrole::text FROM pg_auth_members`
      }
    ) structure`.execute(db);
  return rows[0]!.digest;
}

/**
 * A folder holding the migrated template as PGlite leaves it when closed, made once per test
 * worker (unpacking the tarball through PGlite takes about two seconds; copying the folder,
 * about half that). It lies beside the template's tarball, whose folder the global setup
 * removes at the end of the run.
 */
let seededFolder: Promise<string> | undefined;

async function makeSeededFolder(templateFile: string): Promise<string> {
  const folder = fs.mkdtempSync(path.join(path.dirname(templateFile), 'seeded-'));
  pgliteDump ??= new Blob([fs.readFileSync(templateFile)]);
  const open = await openDatabase({ dataDir: folder, loadDataDir: pgliteDump });
  await open.close();
  return folder;
}

/**
 * Fills the empty folder `dataDir` with the migrated template, as an embedded database that
 * has been started before: a test of what runs on such a folder (the CLI) is spared PGlite's
 * initdb and the migrations. Does nothing without a PGlite template (the folder then starts
 * empty, as on a first start).
 */
export async function seedDataDir(dataDir: string): Promise<void> {
  if (template?.engine !== 'pglite') return;
  seededFolder ??= makeSeededFolder(template.file);
  fs.cpSync(await seededFolder, dataDir, { recursive: true });
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
