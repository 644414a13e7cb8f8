import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agencyCompliance,
  allAgenciesCompliance,
  outstandingNiks,
  resolvePeriod,
  type AgencyCompliance,
} from './compliance.js';
import { submitDataBalikan } from '../data-balikan/submission.js';
import { makeDeps, type Deps } from '../deps.js';
import { RuleViolation } from '../../../test/refusals.js';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeReturnAgency, recordAccess, testNiks } from '../../../test/data-balikan.js';
import { makeUser } from '../../../test/factories.js';

let database: TestDatabase;
let deps: Deps;
/** 24 November 2026, 10:00 WIB. With dueDays 30, a first access before 25 October is overdue. */
const now = new Date('2026-11-24T03:00:00Z');

beforeAll(async () => {
  database = await createTestDatabase();
  deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, database.db, {
    clock: () => now,
  });
});
afterAll(() => database.drop());

const jkn = (n: number) => String(1000000000000 + n);

function monthFigures(detail: AgencyCompliance, month: string) {
  return detail.byMonth.find((m) => m.month === month)?.figures;
}

describe('return-data compliance figures', () => {
  const S = testNiks(3, 0); // September, operator 1
  const M = testNiks(1, 3); // September, operator 1, resident deceased (still accessed)
  const X = testNiks(1, 4); // September, not found: never accessed
  const O = testNiks(2, 5); // 24 October 23:59:59 WIB: 31 days ago, overdue
  const P = testNiks(2, 7); // 25 October 00:00 WIB: exactly 30 days ago, still pending
  const N = testNiks(1, 9); // 1 November 00:30 WIB (31 October in UTC), pending
  let agencyId: number;
  let otherAgencyId: number;
  let op1: string;
  let op2: string;

  beforeAll(async () => {
    const a = await makeReturnAgency(database.db);
    agencyId = a.agency.id;
    op1 = a.operator.userId;
    const second = await makeUser(database.db, { agencyCode: a.agency.code });
    op2 = second.userId;
    const access = (userId: number, niks: string[], at: string, responseCode?: string) =>
      recordAccess(database.db, {
        agreementId: a.agreement.id,
        agencyId: a.agency.id,
        userId,
        niks,
        at: new Date(at),
        responseCode,
      });
    await access(a.operator.id, S, '2026-09-10T03:00:00Z');
    await access(a.operator.id, M, '2026-09-11T03:00:00Z', 'MENINGGAL');
    await access(a.operator.id, X, '2026-09-12T03:00:00Z', 'TIDAK_DITEMUKAN');
    await access(a.operator.id, O, '2026-10-24T16:59:59Z');
    await access(second.id, P, '2026-10-24T17:00:00Z');
    await access(second.id, N, '2026-10-31T17:30:00Z');
    // Looked up again later by someone else: still counted once, at its first access.
    await access(second.id, [S[0]!], '2026-11-20T03:00:00Z');

    const sent = await submitDataBalikan(
      deps,
      a.caller,
      'FORMULIR',
      [
        { line: 1, nik: S[0], values: { nomor_kepesertaan_jkn: jkn(1) } },
        { line: 2, nik: P[0], values: { nomor_rekam_medis: 'RM-1' } },
      ],
      'SEMUA',
    );
    expect(sent).toMatchObject({ applied: true, added: 2 });

    // Another agency looking up its own NIKs (and one of the same residents).
    const b = await makeReturnAgency(database.db);
    otherAgencyId = b.agency.id;
    await recordAccess(database.db, {
      agreementId: b.agreement.id,
      agencyId: b.agency.id,
      userId: b.operator.id,
      niks: [...testNiks(2, 500), S[1]!],
      at: new Date('2026-09-01T03:00:00Z'),
    });
  });

  it('counts accessed, returned, pending and overdue NIKs by WIB month of first access', async () => {
    const detail = await agencyCompliance(deps, agencyId, resolvePeriod(now));
    expect(detail.period).toEqual({ from: '2025-12', to: '2026-11' });
    expect(detail.byMonth).toHaveLength(12);
    expect(detail.totals).toEqual({ accessed: 9, returned: 2, pending: 2, overdue: 5 });
    expect(monthFigures(detail, '2026-09')).toEqual({
      accessed: 4,
      returned: 1,
      pending: 0,
      overdue: 3,
    });
    expect(monthFigures(detail, '2026-10')).toEqual({
      accessed: 4,
      returned: 1,
      pending: 1,
      overdue: 2,
    });
    expect(monthFigures(detail, '2026-11')).toEqual({
      accessed: 1,
      returned: 0,
      pending: 1,
      overdue: 0,
    });
    expect(monthFigures(detail, '2026-08')).toEqual({
      accessed: 0,
      returned: 0,
      pending: 0,
      overdue: 0,
    });
    expect(detail.agreements).toHaveLength(1);
    expect(detail.agreements[0]).toMatchObject({ dueDays: 30, overdueBeforeDay: '2026-10-25' });
  });

  it('credits each NIK to the operator of its first access', async () => {
    const detail = await agencyCompliance(deps, agencyId, resolvePeriod(now));
    expect(detail.byOperator.map((o) => [o.userId, o.figures])).toEqual([
      [op1, { accessed: 6, returned: 1, pending: 0, overdue: 5 }],
      [op2, { accessed: 3, returned: 1, pending: 2, overdue: 0 }],
    ]);
    expect(detail.byOperator[0]!.displayName).toBe(`Pengguna Uji ${op1}`);
  });

  it('limits the figures to the period and still tells what lies outside it', async () => {
    const detail = await agencyCompliance(
      deps,
      agencyId,
      resolvePeriod(now, { from: '2026-10', to: '2026-11' }),
    );
    expect(detail.byMonth.map((m) => m.month)).toEqual(['2026-10', '2026-11']);
    expect(detail.totals).toEqual({ accessed: 5, returned: 1, pending: 2, overdue: 2 });
    expect(detail.allTime).toEqual({ accessed: 9, returned: 2, pending: 2, overdue: 5 });
    expect(detail.byOperator.map((o) => o.userId)).toEqual([op2, op1]);
  });

  it('lists the NIKs still owed, oldest first, with first access and operator only', async () => {
    const period = resolvePeriod(now);
    const all = await outstandingNiks(deps, agencyId, { period, filter: 'semua', page: 1 });
    expect(all.total).toBe(7);
    expect(all.items.map((i) => i.nik)).toEqual([S[1], S[2], M[0], O[0], O[1], P[1], N[0]]);
    expect(Object.keys(all.items[0]!).sort()).toEqual(
      ['displayName', 'dueDay', 'firstAccess', 'nik', 'overdue', 'userId'].sort(),
    );
    const pending = all.items.find((i) => i.nik === P[1])!;
    expect(pending).toMatchObject({ userId: op2, overdue: false, dueDay: '2026-11-24' });
    expect(pending.firstAccess.toISOString()).toBe('2026-10-24T17:00:00.000Z');

    const overdue = await outstandingNiks(deps, agencyId, { period, filter: 'terlambat', page: 1 });
    expect(overdue.items.map((i) => i.nik)).toEqual([S[1], S[2], M[0], O[0], O[1]]);
    expect(overdue.items.every((i) => i.overdue && i.userId === op1)).toBe(true);
    const waiting = await outstandingNiks(deps, agencyId, { period, filter: 'menunggu', page: 1 });
    expect(waiting.items.map((i) => i.nik)).toEqual([P[1], N[0]]);
  });

  it("never shows another agency's NIKs", async () => {
    const period = resolvePeriod(now);
    const mine = await outstandingNiks(deps, agencyId, { period, filter: 'semua', page: 1 });
    for (const nik of testNiks(2, 500)) expect(mine.items.map((i) => i.nik)).not.toContain(nik);
    const theirs = await agencyCompliance(deps, otherAgencyId, period);
    expect(theirs.totals).toEqual({ accessed: 3, returned: 0, pending: 0, overdue: 3 });
  });

  it("gives every agency's figures from one overview", async () => {
    const overview = await allAgenciesCompliance(deps, resolvePeriod(now));
    const mine = overview.find((a) => a.agency.id === agencyId)!;
    expect(mine.totals).toEqual({ accessed: 9, returned: 2, pending: 2, overdue: 5 });
    expect(overview.find((a) => a.agency.id === otherAgencyId)!.totals.accessed).toBe(3);
  });
});

describe('an agreement without a return-data schema', () => {
  it('counts nothing as overdue', async () => {
    const a = await makeReturnAgency(database.db, null);
    await recordAccess(database.db, {
      agreementId: a.agreement.id,
      agencyId: a.agency.id,
      userId: a.operator.id,
      niks: testNiks(2, 700),
      at: new Date('2026-01-05T03:00:00Z'),
    });
    const detail = await agencyCompliance(deps, a.agency.id, resolvePeriod(now));
    expect(detail.totals).toEqual({ accessed: 2, returned: 0, pending: 2, overdue: 0 });
    expect(detail.agreements[0]).toMatchObject({ dueDays: null, overdueBeforeDay: null });
    const list = await outstandingNiks(deps, a.agency.id, {
      period: resolvePeriod(now),
      filter: 'terlambat',
      page: 1,
    });
    expect(list.total).toBe(0);
  });
});

describe('the outstanding list in pages', () => {
  it('pages by 50 and shows the last page when asked past the end', async () => {
    const a = await makeReturnAgency(database.db);
    const niks = testNiks(120, 1000);
    await recordAccess(database.db, {
      agreementId: a.agreement.id,
      agencyId: a.agency.id,
      userId: a.operator.id,
      niks,
      at: new Date('2026-11-02T03:00:00Z'),
    });
    const period = resolvePeriod(now);
    const seen: string[] = [];
    for (const page of [1, 2, 3]) {
      const list = await outstandingNiks(deps, a.agency.id, { period, filter: 'semua', page });
      expect(list).toMatchObject({ total: 120, page, pageCount: 3 });
      seen.push(...list.items.map((i) => i.nik));
    }
    expect(seen).toEqual([...niks].sort());
    const beyond = await outstandingNiks(deps, a.agency.id, { period, filter: 'semua', page: 99 });
    expect(beyond.page).toBe(3);
    expect(beyond.items).toHaveLength(20);
  });
});

describe('resolvePeriod', () => {
  it('defaults to the last 12 WIB months and checks what is asked', () => {
    // 31 December 2026, 18:00 UTC is already January 2027 in WIB.
    expect(resolvePeriod(new Date('2026-12-31T18:00:00Z'))).toEqual({
      from: '2026-02',
      to: '2027-01',
    });
    expect(resolvePeriod(now, { from: '2026-03' })).toEqual({ from: '2026-03', to: '2026-11' });
    expect(resolvePeriod(now, { to: '2026-03' })).toEqual({ from: '2025-04', to: '2026-03' });
    expect(() => resolvePeriod(now, { from: '2026-13' })).toThrow(RuleViolation);
    expect(() => resolvePeriod(now, { from: '2026-05', to: '2026-04' })).toThrow(
      'Bulan awal periode tidak boleh sesudah bulan akhir',
    );
    expect(() => resolvePeriod(now, { from: '2020-01', to: '2026-01' })).toThrow(
      'Periode paling panjang 60 bulan',
    );
  });
});
