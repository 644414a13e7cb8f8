import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase, type Db } from './db.js';
import { projectFile } from '../project-files.js';

// The .sql files are not compiled: they are read from the source tree.
const migrationsDir = projectFile('src', 'store', 'migrations');

export function migrationFiles(): string[] {
  return fs
    .readdirSync(migrationsDir)
    .filter((name) => /^\d{3}_[a-z0-9_]+\.sql$/.test(name))
    .sort();
}

/**
 * Applies, in order and each in its own transaction, the migrations not yet recorded.
 * An advisory lock makes concurrent starts (several server processes) wait for one another
 * instead of racing to create the same tables. Returns the names applied now.
 */
export async function migrate(db: Db): Promise<string[]> {
  await db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(4242001)`.execute(tx);
    await sql`CREATE TABLE IF NOT EXISTS schema_migration (
      name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`.execute(tx);
  });
  const applied: string[] = [];
  for (const name of migrationFiles()) {
    const done = await db.transaction().execute(async (tx) => {
      await sql`SELECT pg_advisory_xact_lock(4242001)`.execute(tx);
      const seen = await tx
        .selectFrom('schema_migration')
        .select('name')
        .where('name', '=', name)
        .executeTakeFirst();
      if (seen) return false;
      const text = fs.readFileSync(path.join(migrationsDir, name), 'utf8');
      await sql.raw(text).execute(tx);
      await tx.insertInto('schema_migration').values({ name }).execute();
      return true;
    });
    if (done) applied.push(name);
  }
  return applied;
}

/**
 * Migrates as the role that owns the schema when `ownerUrl` (DATABASE_OWNER_URL) is given,
 * over a connection of its own closed afterwards, while `db` stays the application role's
 * (which may not create tables); without it, over `db` itself, as before.
 */
export async function migrateAsOwner(db: Db, ownerUrl: string | undefined): Promise<string[]> {
  if (!ownerUrl) return migrate(db);
  const owner = await openDatabase({ url: ownerUrl, poolSize: 1 });
  try {
    return await migrate(owner.db);
  } finally {
    await owner.close();
  }
}
