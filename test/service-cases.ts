import { sql } from 'kysely';
import type { Actor } from '../src/domain/actor.js';
import { Refusal } from '../src/domain/refusals.js';
import { CLI_ACTOR } from '../src/domain/user-scope.js';
import { login } from '../src/services/account/login.js';
import { makeDeps, type Deps } from '../src/services/deps.js';
import { DEMO_SERVICE_KINDS } from '../src/services/service-cases/demo-kinds.js';
import { setServiceKindsByNumber } from '../src/services/service-cases/kinds.js';
import { makeReturnAgency } from './data-balikan.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { makeResident, TEST_PASSWORD } from './factories.js';

/** What the service tests of the counter flow (src/services/service-cases/) start from. */

export const FOUND = '3303054703900002';
export const FOUND_NAME = 'RATNA SARI DEWI';
export const UNKNOWN = '3303051203850007';
export const COUNTER_NOW = new Date('2026-11-24T03:00:00Z');

export interface Counter {
  readonly t: TestDatabase;
  readonly deps: Deps;
  /** DINKES-like agency A's operator, acting from its access point. */
  readonly officer: Actor;
  /** The officer's portal session: the lookup authenticates with it. */
  readonly token: string;
  readonly agencyId: number;
  readonly agreementId: number;
  portalToken(userId: string): Promise<string>;
  count(table: 'service_case' | 'data_balikan' | 'audit_log'): Promise<number>;
}

/**
 * A database with one found resident and an agency whose agreement has DINKES's return-data
 * schema and kinds of service, its operator signed in on the portal, the clock fixed.
 */
export async function setUpCounter(): Promise<Counter> {
  const t = await createTestDatabase();
  const deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, t.db, {
    clock: () => COUNTER_NOW,
  });
  await makeResident(t.db, { nik: FOUND, namaLengkap: FOUND_NAME });
  const made = await makeReturnAgency(t.db);
  await setServiceKindsByNumber(
    deps,
    CLI_ACTOR,
    made.agreement.nomorDukcapil,
    DEMO_SERVICE_KINDS.DINKES,
  );
  const portalToken = async (userId: string): Promise<string> => {
    const result = await login(deps, {
      userId,
      password: TEST_PASSWORD,
      kind: 'PORTAL',
      clientIp: '127.0.0.1',
    });
    if (!result.ok) throw new Error(result.code);
    return result.token;
  };
  return {
    t,
    deps,
    officer: {
      id: made.operator.id,
      userId: made.operator.userId,
      displayName: 'Operator',
      role: 'OPERATOR',
      agencyId: made.agency.id,
      clientIp: '127.0.0.1',
    },
    token: await portalToken(made.operator.userId),
    agencyId: made.agency.id,
    agreementId: made.agreement.id,
    portalToken,
    async count(table) {
      const row = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.db);
      return row.rows[0]!.n;
    },
  };
}

/** The refusal a use case rejected with (anything else fails the test). */
export async function refusalOf(promise: Promise<unknown>): Promise<Refusal> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Refusal)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}
