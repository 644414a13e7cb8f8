import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Pure tests run once. Tests that touch the database run on embedded PGlite always, and
 * again on PostgreSQL when DATABASE_URL names a server (each test file makes and drops a
 * database of its own there).
 */
const databaseTests = ['src/{store,services,http,web,cli}/**/*.test.ts', 'test/**/*.test.ts'];
/** Tests of several processes sharing one server: PostgreSQL only (`*.pg.test.ts`). */
const postgresOnlyTests = ['**/*.pg.test.ts'];
const postgresUrl = process.env.DATABASE_URL;

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
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
        },
      },
      ...(postgresUrl
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgresql',
                include: databaseTests,
                env: { DATABASE_URL: postgresUrl },
              },
            },
          ]
        : []),
    ],
  },
});
