import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Pure tests run once. Tests that touch the database run on embedded PGlite always, and
 * again on PostgreSQL when DATABASE_URL names a server (each test file makes and drops a
 * database of its own there). The database projects migrate once per run, in
 * test/global-setup.ts, and each test file works on a copy of that template (test/db.ts).
 */
const databaseTests = ['src/{store,services,http,web,cli}/**/*.test.ts', 'test/**/*.test.ts'];
/** Tests of several processes sharing one server: PostgreSQL only (`*.pg.test.ts`). */
const postgresOnlyTests = ['**/*.pg.test.ts'];
/**
 * Tests of the embedded database's own life (its lock folder): PGlite only. They open PGlite
 * folders whatever DATABASE_URL says, so a PostgreSQL run would only repeat them.
 */
const embeddedOnlyTests = [
  'test/clean-stop.test.ts',
  'test/embedded-lock.test.ts',
  'test/embedded-worker.test.ts',
];
const postgresUrl = process.env.DATABASE_URL;

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Vitest's default on a 2-core machine is one worker, which leaves a core idle while a
    // file waits on PostgreSQL, Chromium or a server process.
    maxWorkers: 2,
    // A worker keeps its loaded modules from one test file to the next (of the same project)
    // instead of importing the whole application again for each file. Test files therefore
    // must not leave state behind: close what they open, restore what they change.
    isolate: false,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['src/domain/**/*.test.ts', 'src/reference/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'pglite',
          include: databaseTests,
          exclude: [...configDefaults.exclude, ...postgresOnlyTests],
          env: { DATABASE_URL: '' },
          globalSetup: ['test/global-setup.ts'],
        },
      },
      ...(postgresUrl
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgresql',
                include: databaseTests,
                exclude: [...configDefaults.exclude, ...embeddedOnlyTests],
                env: { DATABASE_URL: postgresUrl },
                globalSetup: ['test/global-setup.ts'],
              },
            },
          ]
        : []),
    ],
  },
});
