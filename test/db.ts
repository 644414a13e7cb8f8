import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { sql } from 'kysely';
import { openDatabase, type Db, type OpenDatabase } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';

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
 * A PostgreSQL database a finished test file gave back (`drop()`), kept by this worker for its
 * next test file: emptied back to the template's state there costs a few DELETEs, where a new
 * copy costs a `CREATE DATABASE` and a `DROP DATABASE` (1–3 s of waiting on the disk each). A
 * database whose structure a test changed is not kept.
 */
const kept: string[] = [];

export async function createTestDatabase(): Promise<TestDatabase> {
  for (let name = kept.pop(); name; name = kept.pop()) {
    const reused = await reuse(name).catch(() => undefined);
    if (reused) return reused;
    await dropOnServer(name).catch(() => undefined);
  }
  return fresh();
}

async function fresh(): Promise<TestDatabase> {
  if (!serverUrl) {
    if (template?.engine === 'pglite') pgliteDump ??= new Blob([fs.readFileSync(template.file)]);
    // A new PGlite per file: a kept one would hand the next file the same database object,
    // which per-database caches of the services (the TOTP seal key) key on.
    const open = await openDatabase({ loadDataDir: pgliteDump });
    if (!pgliteDump) await migrate(open.db);
    return { ...open, url: undefined, drop: () => open.close() };
  }
  const copied = template?.engine === 'postgresql';
  // Named after the template, so that the run's teardown finds and drops every copy.
  const name = copied
    ? `${template.name}_${crypto.randomBytes(6).toString('hex')}`
    : `gerbang_test_${crypto.randomBytes(6).toString('hex')}`;
  await onServer(`CREATE DATABASE ${name}${copied ? ` TEMPLATE ${template.name}` : ''}`);
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
 * trigger, a function or a privilege leaves a database no other file should inherit.
 */
async function resetToTemplate(db: Db): Promise<boolean> {
  const state = templateState;
  if (!state || (await structureOf(db)) !== state.structure) return false;
  const tables = await publicTables(db);
  await db.transaction().execute(async (tx) => {
    await sql`SELECT set_config('session_replication_role', 'replica', true)`.execute(tx);
    // DELETE, not TRUNCATE: TRUNCATE makes new files and waits on the disk (about 3 s for
    // every table); autovacuum clears the dead rows DELETE leaves. (PGlite, which has no
    // autovacuum and would keep them, is not reused.)
    for (const table of tables) await sql`DELETE FROM ${sql.table(table)}`.execute(tx);
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

/** A digest of the database's structure and privileges (roles are the server's, not its). */
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
