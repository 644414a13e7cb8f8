import crypto from 'node:crypto';
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDeps } from '../src/services/deps.js';
import {
  AUDIT_TABLES,
  checkAuditPrivileges,
  DATABASE_ROLES_SECTION,
} from '../src/services/database-roles/audit-privileges.js';
import { openDatabase, type OpenDatabase } from '../src/store/db.js';
import { migrateAsOwner, migrationFiles } from '../src/store/migrate.js';
import { projectFile } from '../src/project-files.js';
import { serverUrl } from './db.js';
import {
  auditOf,
  makeAgency,
  makeAgreement,
  makeResident,
  makeUser,
  TEST_PASSWORD,
} from './factories.js';
import { startServerProcess, type ServerProcess } from './processes.js';
import { apiLookup, apiToken, PortalClient, startTestServer, type TestServer } from './server.js';

/**
 * Least privilege in PostgreSQL (issue 9 §1): migrations as the owner role, the server as an
 * application role that may only read and append to the audit tables (sql/roles.sql). Two
 * roles of their own and a database owned by the owner, dropped at the end.
 */

const FOUND = '3303054703900002';
const suffix = crypto.randomBytes(5).toString('hex');
const OWNER = `gerbang_owner_${suffix}`;
const APP = `gerbang_app_${suffix}`;
const DATABASE = `gerbang_roles_${suffix}`;

/** The test server's URL, connecting as `role` to the roles' database. */
function roleUrl(role: string): string {
  const url = new URL(serverUrl!);
  url.username = role;
  url.password = '';
  url.pathname = `/${DATABASE}`;
  return url.toString();
}

async function asAdmin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const hasPsql = spawnSync('psql', ['--version']).status === 0;

/**
 * Runs sql/roles.sql as the DBA's instructions say: with psql, or, where psql is not
 * installed, by executing its statements with the psql variables substituted. Returns the
 * rows of its final check (table and four flags), as text.
 */
async function runRolesSql(url: string): Promise<string[]> {
  const file = projectFile('sql', 'roles.sql');
  if (hasPsql) {
    const run = spawnSync(
      'psql',
      [
        url,
        '-X',
        '-q',
        '-A',
        '-t',
        '-v',
        `app_role=${APP}`,
        '-v',
        `owner_role=${OWNER}`,
        '-f',
        file,
      ],
      { encoding: 'utf8' },
    );
    if (run.status !== 0) throw new Error(`psql -f sql/roles.sql failed: ${run.stderr}`);
    return run.stdout.split('\n').filter(Boolean);
  }
  const variables: Record<string, string> = { app_role: APP, owner_role: OWNER, DBNAME: DATABASE };
  const text = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => !line.startsWith('\\'))
    .join('\n')
    .replace(/:"(\w+)"/g, (_, name: string) => `"${variables[name]}"`)
    .replace(/:'(\w+)'/g, (_, name: string) => `'${variables[name]}'`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const results = (await client.query(text)) as unknown as pg.QueryResult[];
    const check = results[results.length - 1]!;
    return check.rows.map((row: Record<string, unknown>) =>
      Object.values(row)
        .map((value) => (typeof value === 'boolean' ? (value ? 't' : 'f') : String(value)))
        .join('|'),
    );
  } finally {
    await client.end();
  }
}

/** A statement the app role sends, expected to be refused for want of privilege. */
async function expectNoPrivilege(db: OpenDatabase['db'], statement: string): Promise<void> {
  const error = await sql
    .raw(statement)
    .execute(db)
    .then(
      () => undefined,
      (failure: unknown) => failure as { code?: string; message?: string },
    );
  expect(error, statement).toBeDefined();
  expect(error?.code, `${statement}: ${error?.message}`).toBe('42501'); // insufficient_privilege
  expect(error?.message).toMatch(/permission denied|must be owner/);
}

describe('database roles on PostgreSQL', { timeout: 120_000 }, () => {
  let app: OpenDatabase;
  let owner: OpenDatabase;
  let server: TestServer | undefined;
  let processes: ServerProcess[] = [];
  let applied: string[] = [];
  let checkRows: string[] = [];

  beforeAll(async () => {
    // What the DBA does once (README, "Database roles (PostgreSQL)").
    await asAdmin(`CREATE ROLE ${OWNER} LOGIN`);
    await asAdmin(`CREATE ROLE ${APP} LOGIN`);
    await asAdmin(`CREATE DATABASE ${DATABASE} OWNER ${OWNER}`);
    app = await openDatabase({ url: roleUrl(APP), poolSize: 6 });
    owner = await openDatabase({ url: roleUrl(OWNER), poolSize: 2 });
    // Migrations over the owner's own connection, the app's database handle untouched.
    applied = await migrateAsOwner(app.db, roleUrl(OWNER));
    // Twice: the script is re-runnable (and is run again after new migrations).
    await runRolesSql(roleUrl(OWNER));
    checkRows = await runRolesSql(roleUrl(OWNER));
    await makeResident(app.db, { nik: FOUND });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(processes.map((each) => each.stop()));
    await server?.close();
    await app?.close();
    await owner?.close();
    await asAdmin(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await asAdmin(`DROP ROLE IF EXISTS ${APP}`);
    await asAdmin(`DROP ROLE IF EXISTS ${OWNER}`);
  }, 60_000);

  it('migrates as the owner: every table is the owner’s, none the app role’s', async () => {
    expect(applied).toEqual(migrationFiles());
    const owners = await sql<{ tableowner: string }>`
      SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'`.execute(app.db);
    expect(owners.rows.map((row) => row.tableowner)).toEqual([OWNER]);
    // The script's own check: on every audit table, all four "could rewrite" flags false.
    expect(checkRows).toEqual([...AUDIT_TABLES].sort().map((table) => `${table}|f|f|f|f`));
  });

  it('serves a real lookup, portal and API, as the app role', async () => {
    const agency = await makeAgency(app.db);
    await makeAgreement(app.db, agency.code);
    const user = await makeUser(app.db, { agencyCode: agency.code });
    server = await startTestServer(app.db);

    const token = await apiToken(server.url, user.userId, TEST_PASSWORD);
    const answer = await apiLookup(server.url, token, FOUND);
    expect(answer.body.code).toBe('DITEMUKAN');
    expect(answer.body.quota?.remaining).toBe(199);

    const portal = new PortalClient(server.url);
    await portal.login(user.userId, TEST_PASSWORD);
    const page = await portal.lookup(FOUND);
    expect(page.code).toBe('DITEMUKAN');
    expect(page.remaining).toBe(198);

    const lookups = (await auditOf(app.db, user.userId)).filter((row) => row.action === 'LOOKUP');
    expect(lookups.map((row) => [row.channel, row.response_code])).toEqual([
      ['API', 'DITEMUKAN'],
      ['PORTAL', 'DITEMUKAN'],
    ]);
    // Administrative actions were appended too (agency, agreement, user).
    const actions = await sql<{ n: number }>`SELECT count(*)::int AS n FROM admin_action`.execute(
      app.db,
    );
    expect(actions.rows[0]!.n).toBeGreaterThan(0);
  });

  it('refuses the app role every way of rewriting the audit trail', async () => {
    for (const statement of [
      `UPDATE audit_log SET purpose = 'diubah'`,
      'DELETE FROM audit_log',
      'TRUNCATE audit_log',
      `UPDATE admin_action SET reason = 'diubah'`,
      'DELETE FROM admin_action',
      'TRUNCATE admin_action',
      'ALTER TABLE audit_log DISABLE TRIGGER ALL',
      'ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update',
      'ALTER TABLE admin_action DISABLE TRIGGER ALL',
      'ALTER TABLE audit_log OWNER TO CURRENT_USER',
      'DROP TABLE audit_log',
      ...AUDIT_TABLES.flatMap((table) => [`DELETE FROM ${table}`, `TRUNCATE ${table}`]),
      // Nor may it migrate, or pretend to have migrated.
      'CREATE TABLE rahasia (a int)',
      `INSERT INTO schema_migration (name) VALUES ('999_palsu.sql')`,
    ]) {
      await expectNoPrivilege(app.db, statement);
    }

    // A leaf may be appended to the seal, but not changed afterwards (in a transaction that
    // the refusal rolls back, so that no made-up leaf stays behind).
    const failure = await app.db
      .transaction()
      .execute(async (tx) => {
        await sql`INSERT INTO audit_seal_leaf (position, source, source_id, format, leaf_hash)
          VALUES (0, 'audit_log', 1, 1, ${Buffer.alloc(32, 1)})`.execute(tx);
        const leaves = await sql<{ n: number }>`
          SELECT count(*)::int AS n FROM audit_seal_leaf`.execute(tx);
        expect(leaves.rows[0]!.n).toBe(1);
        await sql`UPDATE audit_seal_leaf SET leaf_hash = ${Buffer.alloc(32, 2)}`.execute(tx);
      })
      .then(
        () => undefined,
        (error: unknown) => error as { code?: string; message?: string },
      );
    expect(failure?.code).toBe('42501');
    expect(failure?.message).toContain('permission denied for table audit_seal_leaf');

    // Everything is still there.
    const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log`.execute(app.db);
    expect(rows.rows[0]!.n).toBeGreaterThanOrEqual(2);

    // The ordinary tables keep full DML.
    await sql`UPDATE agency SET name = name`.execute(app.db);
    await sql`DELETE FROM lookup_form_token WHERE spent_at < now() - interval '100 years'`.execute(
      app.db,
    );
  });

  it('warns at start when the server’s role could rewrite the audit trail, not otherwise', async () => {
    const settings = { tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 };
    expect(await checkAuditPrivileges(makeDeps(settings, app.db))).toBeUndefined();
    const warning = await checkAuditPrivileges(makeDeps(settings, owner.db));
    expect(warning).toContain(`"${OWNER}"`);
    expect(warning).toContain('UPDATE, DELETE, TRUNCATE, kepemilikan');
    for (const table of AUDIT_TABLES) expect(warning).toContain(table);
    expect(warning).toContain(`README, bagian "${DATABASE_ROLES_SECTION}"`);
    expect(warning).toContain('DATABASE_OWNER_URL');
  });

  it('a server process on DATABASE_URL and DATABASE_OWNER_URL starts, serves and does not warn', async () => {
    // The server process runs the build (npm test builds dist/ first) on the real clock.
    const day = (offset: number) =>
      new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const agency = await makeAgency(app.db);
    await makeAgreement(app.db, agency.code, { signedOn: day(-365), endsOn: day(365) });
    const user = await makeUser(app.db, { agencyCode: agency.code });

    const asApp = await startServerProcess({
      DATABASE_URL: roleUrl(APP),
      DATABASE_OWNER_URL: roleUrl(OWNER),
      GERBANG_DB_POOL: '4',
    });
    processes.push(asApp);
    const token = await apiToken(asApp.url, user.userId, TEST_PASSWORD);
    expect((await apiLookup(asApp.url, token, FOUND)).body.code).toBe('DITEMUKAN');
    expect(asApp.output()).not.toContain('dapat menulis ulang jejak audit');

    // The same server connected as the owner is told what to fix.
    const asOwner = await startServerProcess({
      DATABASE_URL: roleUrl(OWNER),
      GERBANG_DB_POOL: '2',
    });
    processes.push(asOwner);
    expect(asOwner.output()).toContain(`Peran basis data \\"${OWNER}\\" dapat menulis ulang`);
    expect(asOwner.output()).toContain(DATABASE_ROLES_SECTION);
    await Promise.all(processes.map((each) => each.stop()));
    processes = [];
  });
});
