import pg from 'pg';

/** The PostgreSQL side of the benchmark: a throw-away database per run, and plain queries on it. */

export const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/';

/** The URL of `database` on the server of `serverUrl` (whatever database that URL names). */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withClient<T>(
  url: string,
  run: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export async function query<R extends pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<R[]> {
  return withClient(url, async (client) => (await client.query<R>(text, values)).rows);
}

const ident = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe database name ${name}`);
  return name;
};

/** A new database, empty or (`template`) a copy of one no session is connected to. */
export async function createDatabase(
  serverUrl: string,
  name: string,
  template?: string,
): Promise<string> {
  const statement = `CREATE DATABASE ${ident(name)}${template ? ` TEMPLATE ${ident(template)}` : ''}`;
  // A stopped server's backends end a moment after its connections close: a copy waits for
  // them (55006, "source database is being accessed by other users") up to ten seconds.
  for (let attempt = 1; ; attempt++) {
    try {
      await query(databaseUrl(serverUrl, 'postgres'), statement);
      return databaseUrl(serverUrl, name);
    } catch (error) {
      if (!template || (error as { code?: string }).code !== '55006' || attempt >= 40) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await query(
    databaseUrl(serverUrl, 'postgres'),
    `DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`,
  );
}

export async function serverFacts(
  serverUrl: string,
): Promise<{ version: string; settings: Record<string, string> }> {
  return withClient(databaseUrl(serverUrl, 'postgres'), async (client) => {
    const version = (await client.query<{ v: string }>('SELECT version() AS v')).rows[0]!.v;
    const names = [
      'synchronous_commit',
      'fsync',
      'wal_sync_method',
      'shared_buffers',
      'max_connections',
      'max_wal_size',
      'checkpoint_timeout',
    ];
    const rows = (
      await client.query<{ name: string; setting: string }>(
        'SELECT name, current_setting(name) AS setting FROM pg_settings WHERE name = ANY($1)',
        [names],
      )
    ).rows;
    return { version, settings: Object.fromEntries(rows.map((row) => [row.name, row.setting])) };
  });
}

/** The highest audit_log id so far: rows after it belong to the next run. */
export async function lastAuditId(url: string): Promise<number> {
  const rows = await query<{ id: string | null }>(url, 'SELECT max(id) AS id FROM audit_log');
  return Number(rows[0]?.id ?? 0);
}

/** Audit rows written after `afterId`, by response code. */
export async function auditSince(url: string, afterId: number): Promise<Record<string, number>> {
  const rows = await query<{ response_code: string; n: string }>(
    url,
    'SELECT response_code, count(*) AS n FROM audit_log WHERE id > $1 GROUP BY 1 ORDER BY 1',
    [afterId],
  );
  return Object.fromEntries(rows.map((row) => [row.response_code, Number(row.n)]));
}
