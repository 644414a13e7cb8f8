import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { PGlitePool } from '../src/store/pglite-pool.js';
import type { Database } from '../src/store/schema.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * The database migrated once for this run, that each test file copies (test/db.ts): the
     * path of a PGlite `dumpDataDir()` tarball, or the name of a PostgreSQL template database.
     */
    testDatabaseTemplate:
      { engine: 'pglite'; file: string } | { engine: 'postgresql'; name: string };
  }
}

/**
 * Vitest global setup of the projects whose tests use a database: runs migrations once per
 * run instead of once per test file, and hands the result to the test files (`inject`).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = project.config.env.DATABASE_URL || undefined;
  return url ? postgresTemplate(project, url) : pgliteTemplate(project);
}

/** In-memory PGlite, migrated, dumped as a gzip tarball to a temporary file. */
async function pgliteTemplate(project: TestProject): Promise<() => Promise<void>> {
  const pool = await PGlitePool.open(undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-template-'));
  try {
    await migrate(db);
    const dump = await pool.database.dumpDataDir();
    const file = path.join(dir, 'pgdata.tar.gz');
    fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    project.provide('testDatabaseTemplate', { engine: 'pglite', file });
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  } finally {
    await db.destroy();
  }
  return async () => fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * A database `gerbang_tpl_<random>` on the server, migrated, then closed to connections:
 * `CREATE DATABASE … TEMPLATE` refuses a template that anyone is connected to, and test
 * files create their copies in parallel.
 */
async function postgresTemplate(project: TestProject, url: string): Promise<() => Promise<void>> {
  const name = `gerbang_tpl_${crypto.randomBytes(6).toString('hex')}`;
  await admin(url, `CREATE DATABASE ${name}`);
  try {
    const templateUrl = new URL(url);
    templateUrl.pathname = `/${name}`;
    const open = await openDatabase({ url: templateUrl.toString(), poolSize: 1 });
    try {
      await migrate(open.db);
    } finally {
      await open.close();
    }
    await admin(
      url,
      `ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`,
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`,
    );
  } catch (error) {
    await admin(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    throw error;
  }
  project.provide('testDatabaseTemplate', { engine: 'postgresql', name });
  // The copies test files made (test/db.ts names them after the template; each worker keeps
  // its copies from file to file, so they outlive the files), then the template.
  return async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE '${name}\\_%'`,
      );
      for (const { datname } of rows)
        await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    } finally {
      await client.end();
    }
    await admin(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  };
}

async function admin(url: string, ...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}
