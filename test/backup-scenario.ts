import { expect } from 'vitest';
import { wibDay } from '../src/domain/time.js';
import type { Db } from '../src/store/db.js';
import { sumQuotaUsage } from '../src/store/quota.js';
import { makeAgency, makeAgreement, makeResident, makeUser } from './factories.js';
import { apiLookup, apiToken, startTestServer } from './server.js';

/**
 * What the backup tests of both engines do and check (src/cli/backup.test.ts for the embedded
 * database, test/backup-postgres.pg.test.ts for pg_dump / pg_restore): an agency with its
 * operator and residents, lookups over the API, and what must be as at backup time after a
 * restore.
 */

/**
 * The servers' clock: now, fixed for the file (one quota day), because the sealer stamps its
 * checkpoints with the real time and a row dated long before a seal reads as back-dated.
 */
export const NOW = new Date();
export const nik = (i: number) => `33030547039000${String(10 + i)}`;

export interface Seeded {
  agencyId: number;
  token: string;
}

/** An agency, its operator and five residents; the operator's bearer token. */
export async function seed(db: Db): Promise<Seeded> {
  const agency = await makeAgency(db);
  await makeAgreement(db, agency.code);
  const operator = await makeUser(db, { agencyCode: agency.code });
  for (let i = 0; i < 5; i += 1) await makeResident(db, { nik: nik(i) });
  const server = await startTestServer(db, NOW);
  try {
    return {
      agencyId: agency.id,
      token: await apiToken(server.url, operator.userId, operator.password),
    };
  } finally {
    await server.close();
  }
}

/** Lookups through the API, each answered with the resident's data. */
export async function lookUp(db: Db, token: string, niks: readonly string[]): Promise<void> {
  const server = await startTestServer(db, NOW);
  try {
    for (const one of niks) {
      const answer = await apiLookup(server.url, token, one);
      expect(answer.body.code, JSON.stringify(answer.body)).toBe('DITEMUKAN');
    }
  } finally {
    await server.close();
  }
}

/** What must be as at backup time after a restore. */
export async function snapshot(db: Db, agencyId: number) {
  const audit = await db
    .selectFrom('audit_log')
    .select(['id', 'nik', 'response_code'])
    .orderBy('id')
    .execute();
  const residents = await db.selectFrom('resident').select('nik').orderBy('nik').execute();
  const sealed = await db
    .selectFrom('audit_seal_leaf')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return {
    audit,
    residents: residents.map((row) => row.nik),
    sealed: Number(sealed.n),
    quotaUsed: await sumQuotaUsage(db, agencyId, wibDay(NOW)),
  };
}

export function expectIntact(
  run: { code: number; stdout: string; stderr: string },
  sealed: number,
) {
  expect(run.code, run.stdout + run.stderr).toBe(0);
  expect(run.stdout).toContain('UTUH');
  expect(run.stdout).toMatch(new RegExp(`Catatan tersegel\\s+: ${sealed}\\n`));
}
