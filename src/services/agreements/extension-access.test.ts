import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AFTER_END, agreementTermsHelpers, NIK } from '../../../test/agreement-terms.js';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeResident, TINY_PDF } from '../../../test/factories.js';
import { resolvePortalSession } from '../account/portal-session.js';
import { makeDeps, type Deps } from '../deps.js';
import { returnSchemaOfAgency } from '../data-balikan/submission.js';
import { DINKES_DATA_BALIKAN } from '../demo/agreements.js';
import { setDataBalikanSchema } from '../../store/data-balikan.js';
import { decideRequest, startReview } from '../requests/decision.js';
import { fileRequest } from '../requests/filing.js';
import { agreementHistory, getAgreement } from './agreement-queries.js';

/**
 * Access during an extension (SPEC §4, issue 12 item 5), end to end on the database: the
 * timely request kept on the agreement by the request use cases and read by the lookup
 * statement itself. Runs on PGlite and on PostgreSQL.
 */

let database: TestDatabase;
let deps: Deps;
let now = new Date('2026-10-15T03:00:00Z');

const BEFORE_DUE = new Date('2026-10-15T03:00:00Z');
const AFTER_DUE = new Date('2026-11-15T03:00:00Z');
const letter = { letterNumber: '470/501/2026', letterDate: '2026-10-14' };

beforeAll(async () => {
  database = await createTestDatabase();
  deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, database.db, {
    clock: () => now,
  });
  await makeResident(database.db, { nik: NIK });
});
afterAll(() => database.drop());

const { agencyWorld, token, lookupCode } = agreementTermsHelpers(() => ({
  db: database.db,
  deps,
}));

/** Signs in and looks the resident up at `at`; the answer's code. */
async function lookupAt(at: Date, user: { userId: string; password: string }): Promise<string> {
  now = at;
  const signedIn = await token(user.userId, user.password);
  return signedIn.token ? lookupCode(signedIn.token) : signedIn.refused!;
}

async function fileExtension(world: Awaited<ReturnType<typeof agencyWorld>>, at: Date) {
  now = at;
  return fileRequest(deps, world.head.actor, {
    kind: 'PERPANJANGAN',
    ...letter,
    letterDate: at.toISOString().slice(0, 10),
    fields: { berakhirBaru: '2028-12-31' },
    files: [],
  });
}

async function agreementRow(id: number) {
  return database.db
    .selectFrom('agreement')
    .select(['status', 'ends_on', 'extension_request_id', 'end_ground'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

async function lastAdminActions(agencyId: number, n: number) {
  const rows = await database.db
    .selectFrom('admin_action')
    .select(['action', 'detail'])
    .where('agency_id', '=', agencyId)
    .orderBy('id', 'desc')
    .limit(n)
    .execute();
  return rows;
}

describe('access during an extension (SPEC §4), decided inside the lookup statement', () => {
  it('a timely request keeps access past the end date under the SPTJM, shown as such', async () => {
    const world = await agencyWorld();
    const requestId = await fileExtension(world, BEFORE_DUE);
    expect((await agreementRow(world.agreement.id)).extension_request_id).toBe(requestId);
    expect((await lastAdminActions(world.agency.id, 2)).map((a) => a.action)).toEqual([
      'PERMOHONAN_DIAJUKAN',
      'PKS_PERPANJANGAN_TEPAT_WAKTU',
    ]);

    expect(await lookupAt(AFTER_END, world.operator)).toBe('DITEMUKAN');
    const view = (await getAgreement(database.db, world.agreement.id, '2027-01-05'))!;
    expect(view).toMatchObject({
      effectiveStatus: 'AKTIF',
      inExtensionPeriod: true,
      extensionRequestId: requestId,
    });
    expect(view.statusLabel).toContain(
      'Masa perpanjangan: akses berlanjut berdasarkan SPTJM sampai adendum ditandatangani',
    );
    // The portal's caller knows it too (every page shows the notice): no extra query.
    const portal = await token(world.operator.userId, world.operator.password, 'PORTAL');
    const user = await resolvePortalSession(deps, portal.token!, '127.0.0.1');
    expect(user).toMatchObject({ agencyInactive: false, agreementInExtension: true });
    // Every other gated action follows the same rule: the head may still file a request.
    const bandwidth = await fileRequest(deps, world.head.actor, {
      kind: 'BANDWIDTH',
      ...letter,
      letterDate: '2027-01-04',
      fields: { bandwidthKbps: 2048 },
      files: [{ purpose: 'KAJIAN_TEKNIS', fileName: 'kajian.pdf', content: TINY_PDF }],
    });
    expect(bandwidth).toBeGreaterThan(0);
    // A second extension request while the first is open is refused.
    await expect(fileExtension(world, AFTER_END)).rejects.toThrow(
      'Permohonan perpanjangan PKS ini sudah diajukan tepat waktu dan masih diproses',
    );
  });

  it('without a request, or with a late one, access ends with the end date', async () => {
    const none = await agencyWorld();
    expect(await lookupAt(new Date('2026-12-31T16:00:00Z'), none.operator)).toBe('DITEMUKAN');
    expect(await lookupAt(AFTER_END, none.operator)).toBe('INSTANSI_TIDAK_AKTIF');

    const late = await agencyWorld();
    await fileExtension(late, AFTER_DUE);
    expect((await agreementRow(late.agreement.id)).extension_request_id).toBeNull();
    expect(await lookupAt(AFTER_END, late.operator)).toBe('INSTANSI_TIDAK_AKTIF');
    const view = (await getAgreement(database.db, late.agreement.id, '2027-01-05'))!;
    expect(view).toMatchObject({ effectiveStatus: 'BERAKHIR', inExtensionPeriod: false });
  });

  it('after refusal access ends at once: the agreement ends, its sessions and tokens with it', async () => {
    const world = await agencyWorld();
    const requestId = await fileExtension(world, BEFORE_DUE);
    await setDataBalikanSchema(database.db, world.agreement.id, DINKES_DATA_BALIKAN);
    now = AFTER_END;
    const signedIn = await token(world.operator.userId, world.operator.password);
    expect(await lookupCode(signedIn.token!)).toBe('DITEMUKAN');
    // Return data follows the same rule: received during the extension period.
    expect(await returnSchemaOfAgency(deps, world.agency.id)).toEqual(DINKES_DATA_BALIKAN);

    await startReview(deps, world.admin, requestId);
    await decideRequest(deps, world.admin, requestId, {
      action: 'TOLAK',
      answerNumber: '400.12/3101/2027',
      answerDate: '2027-01-05',
      reason: 'Evaluasi pemanfaatan data tidak memenuhi syarat perpanjangan',
    });
    // The same token, the same day: refused at once; no return data either.
    expect(await lookupCode(signedIn.token!)).toBe('INSTANSI_TIDAK_AKTIF');
    expect(await returnSchemaOfAgency(deps, world.agency.id)).toBeUndefined();
    expect(await agreementRow(world.agreement.id)).toMatchObject({
      status: 'BERAKHIR',
      extension_request_id: null,
      end_ground: 'PERPANJANGAN_DITOLAK',
    });
    const [ended] = await lastAdminActions(world.agency.id, 1);
    expect(ended!.action).toBe('PKS_BERAKHIR');
    expect(ended!.detail).toMatchObject({ requestId, ground: 'PERPANJANGAN_DITOLAK' });
    expect((ended!.detail as { revokedSessions: number }).revokedSessions).toBeGreaterThan(0);
    expect((await agreementHistory(database.db, world.agreement.id)).at(-1)!.kind).toBe('BERAKHIR');
  });

  it('a refusal before the end date leaves access to the end date', async () => {
    const world = await agencyWorld();
    const requestId = await fileExtension(world, BEFORE_DUE);
    await startReview(deps, world.admin, requestId);
    await decideRequest(deps, world.admin, requestId, {
      action: 'TOLAK',
      answerNumber: '400.12/3102/2026',
      answerDate: '2026-10-15',
      reason: 'Permohonan belum dilengkapi laporan semester',
    });
    expect(await agreementRow(world.agreement.id)).toMatchObject({
      status: 'AKTIF',
      extension_request_id: null,
    });
    expect(await lookupAt(new Date('2026-12-30T03:00:00Z'), world.operator)).toBe('DITEMUKAN');
    expect(await lookupAt(AFTER_END, world.operator)).toBe('INSTANSI_TIDAK_AKTIF');
  });

  it('the addendum signed during the extension sets the new end date and closes the period', async () => {
    const world = await agencyWorld();
    const requestId = await fileExtension(world, BEFORE_DUE);
    now = AFTER_END;
    await startReview(deps, world.admin, requestId);
    await decideRequest(deps, world.admin, requestId, {
      action: 'SETUJUI',
      answerNumber: '400.12/3103/2027',
      answerDate: '2027-01-05',
      addendum: { nomor: '400.12/3104/2027', tanggal: '2027-01-05' },
    });
    expect(await agreementRow(world.agreement.id)).toMatchObject({
      status: 'AKTIF',
      ends_on: '2028-12-31',
      extension_request_id: null,
    });
    expect(await lookupAt(AFTER_END, world.operator)).toBe('DITEMUKAN');
    const view = (await getAgreement(database.db, world.agreement.id, '2027-01-05'))!;
    expect(view.inExtensionPeriod).toBe(false);
  });
});
