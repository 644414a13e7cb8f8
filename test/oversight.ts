import { sql } from 'kysely';
import type { AlertFinding, AlertKind, AlertScope } from '../src/domain/pattern-alert.js';
import { login } from '../src/services/account/login.js';
import type { Deps } from '../src/services/deps.js';
import { lookupResident } from '../src/services/lookup/lookup-resident.js';
import type { Db } from '../src/store/db.js';
import { makeResident, makeUser, TEST_PASSWORD } from './factories.js';

/** What the input-pattern alert tests share: operators who look up, and findings of their lookups. */

/**
 * Test residents, far apart on purpose (districts, birth dates and serials in no order, no
 * constant step): the lookups these tests make must not themselves look like a pattern to
 * the detector; the findings are given to the policy by hand.
 */
const TEST_NIKS = [
  '3303021106850001',
  '3303092304720002',
  '3303050305990001',
  '3303141708900003',
  '3303072811630001',
  '3303110903010002',
] as const;

/** The n-th test resident's NIK, n from 1 to 6. */
export const testNik = (n: number): string => TEST_NIKS[n - 1]!;

/** What testNik(n) looks like masked (maskNik): region and serial. */
export const maskedTestNik = (n: number) =>
  `${testNik(n).slice(0, 6)}••••••${testNik(n).slice(12)}`;

export async function makeTestResidents(db: Db, count: number): Promise<void> {
  if (count > TEST_NIKS.length) throw new Error(`at most ${TEST_NIKS.length} test residents`);
  for (let n = 1; n <= count; n++) await makeResident(db, { nik: testNik(n) });
}

export interface Operator {
  readonly id: number;
  readonly userId: string;
  /** An API token of theirs, from 127.0.0.1. */
  readonly token: string;
}

export async function apiLogin(deps: Deps, userId: string): Promise<string> {
  const result = await login(deps, {
    userId,
    password: TEST_PASSWORD,
    kind: 'API',
    clientIp: '127.0.0.1',
  });
  if (!result.ok) throw new Error(`login ${userId}: ${result.code}`);
  return result.token;
}

export async function makeOperator(deps: Deps, agencyCode: string): Promise<Operator> {
  const user = await makeUser(deps.db, { agencyCode });
  return { id: user.id, userId: user.userId, token: await apiLogin(deps, user.userId) };
}

/**
 * The tests' clock, which their lookups move: a minute and a half from one lookup to the
 * next, as a counter works, so that the detector (which runs in every real lookup) sees no
 * pace in them, whoever of the agency looks up.
 */
export class TestClock {
  private at: Date;
  constructor(start: Date) {
    this.at = start;
  }
  readonly now = (): Date => this.at;
  set(at: Date): void {
    this.at = at;
  }
  advance(ms: number): void {
    this.at = new Date(this.at.getTime() + ms);
  }
}

export const COUNTER_PACE_MS = 90_000;

/** A real lookup over the API channel, as the operator's application makes it, at counter pace. */
export async function lookupAs(deps: Deps, clock: TestClock, token: string, nik: string) {
  try {
    return await lookupResident(deps, {
      token,
      channel: 'API',
      nik,
      purpose: 'Verifikasi peserta JKN',
      clientIp: '127.0.0.1',
    });
  } finally {
    clock.advance(COUNTER_PACE_MS);
  }
}

/** The user's lookups as the audit trail holds them, oldest first: a finding's evidence. */
export async function lookupsOf(db: Db, userId: number) {
  const rows = await sql<{ id: number; at: Date; nik: string | null; response_code: string }>`
    SELECT id, at, nik, response_code FROM audit_log
    WHERE user_id = ${userId} AND action = 'LOOKUP' ORDER BY id`.execute(db);
  return rows.rows.map((r) => ({
    auditId: Number(r.id),
    at: r.at,
    userId,
    nik: r.nik,
    responseCode: r.response_code,
  }));
}

export function finding(
  kind: AlertKind,
  evidence: AlertFinding['evidence'],
  scope: AlertScope = 'PENGGUNA',
): AlertFinding {
  return { kind, scope, summary: `Temuan uji ${kind}: ${evidence.length} pencarian`, evidence };
}
