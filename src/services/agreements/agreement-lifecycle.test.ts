import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeAgency, makeAgreement, makeUser } from '../../../test/factories.js';
import { DUKCAPIL_PARTY } from '../../domain/agreement-record.js';
import { ELEMENTS } from '../../domain/elements.js';
import { setAgreementStageByNumber } from '../administration/agreements.js';
import {
  activateAgreement,
  applyAddendum,
  cancelAgreementDraft,
  createAgreementDraft,
  editAgreementDraft,
  endAgreement,
  revokeAgreement,
  type AgreementDraftInput,
} from './agreement-lifecycle.js';
import { agreementHistory, getAgreement, listAgreementsPage } from './agreement-queries.js';
import {
  deactivateAgency,
  editAgency,
  getAgencyDetail,
  listAgenciesPage,
  reactivateAgency,
  registerAgency,
} from './agencies.js';
import { NotFound, RuleViolation } from '../../../test/refusals.js';

const NOW = new Date('2026-11-24T03:00:00Z');
const TODAY = '2026-11-24';

let counter = 0;
function draftInput(overrides: Partial<AgreementDraftInput> = {}): AgreementDraftInput {
  counter += 1;
  return {
    nomorDukcapil: `400.12/${7000 + counter}/2026`,
    nomorInstansi: `470/${counter}/2026`,
    nomorJuknis: null,
    signedOn: '2026-01-05',
    endsOn: '2028-01-05',
    purpose: 'Verifikasi data pemohon layanan',
    grantedElements: ['NIK', 'NAMA_LENGKAP'],
    accessMethods: ['PORTAL'],
    accessPoints: ['127.0.0.1'],
    bandwidthKbps: 1000,
    quotaStage: 'PRA_POC',
    ...overrides,
  };
}

async function adminActions(db: TestDatabase['db'], agencyId: number) {
  return db
    .selectFrom('admin_action')
    .select(['action', 'actor_id', 'reason', 'target'])
    .where('agency_id', '=', agencyId)
    .orderBy('id')
    .execute();
}

async function liveSessions(db: TestDatabase['db'], userId: number) {
  const row = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM auth_session
    WHERE user_id = ${userId} AND revoked_at IS NULL`.execute(db);
  return row.rows[0]!.n;
}

async function addSession(db: TestDatabase['db'], userId: number, kind: 'PORTAL' | 'API') {
  await db
    .insertInto('auth_session')
    .values({
      token_hash: Buffer.from(`${userId}-${kind}-${Math.random()}`),
      user_id: userId,
      kind,
      created_at: NOW,
      expires_at: new Date(NOW.getTime() + 3600_000),
    })
    .execute();
}

describe('agreement lifecycle', () => {
  let t: TestDatabase;
  let admin: { id: number };

  beforeAll(async () => {
    t = await createTestDatabase();
    admin = await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' });
  });
  afterAll(async () => {
    await t.drop();
  });

  it('creates a draft with the usual parties and records who did it', async () => {
    const agency = await makeAgency(t.db, { name: 'Dinas Sosial Kabupaten Purbalingga' });
    const id = await createAgreementDraft(t.db, admin, agency.id, draftInput(), NOW);
    const view = (await getAgreement(t.db, id, TODAY))!;
    expect(view).toMatchObject({
      status: 'DRAFT',
      effectiveStatus: 'DRAFT',
      statusLabel: 'Draf',
      allowedActions: ['edit', 'activate', 'cancel'],
      firstPartyName: DUKCAPIL_PARTY.name,
      firstPartyHeadTitle: DUKCAPIL_PARTY.headTitle,
      secondPartyName: 'Dinas Sosial Kabupaten Purbalingga',
      secondPartyHeadTitle: 'Kepala Dinas Sosial Kabupaten Purbalingga',
      accessPoints: ['127.0.0.1'],
      bandwidthKbps: 1000,
    });
    const history = await agreementHistory(t.db, id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ kind: 'DIBUAT', termsBefore: null });
    expect(history[0]!.termsAfter?.nomorDukcapil).toBe(view.nomorDukcapil);
    expect(await adminActions(t.db, agency.id)).toContainEqual(
      expect.objectContaining({ action: 'PKS_DRAF_DIBUAT', actor_id: admin.id }),
    );
  });

  it('refuses a draft with invalid fields, naming every problem, and a number already taken', async () => {
    const agency = await makeAgency(t.db);
    await expect(
      createAgreementDraft(
        t.db,
        admin,
        agency.id,
        draftInput({
          endsOn: '2025-01-01',
          grantedElements: ['NIK', 'SIDIK_JARI'],
          bandwidthKbps: 0,
        }),
        NOW,
      ),
    ).rejects.toThrow(
      /Tanggal berakhir harus sesudah tanggal penandatanganan; Elemen data tidak dikenal: SIDIK_JARI.*Bandwidth/,
    );
    const taken = draftInput();
    await createAgreementDraft(t.db, admin, agency.id, taken, NOW);
    await expect(
      createAgreementDraft(
        t.db,
        admin,
        agency.id,
        { ...draftInput(), nomorDukcapil: taken.nomorDukcapil },
        NOW,
      ),
    ).rejects.toThrow(`PKS nomor ${taken.nomorDukcapil} sudah terdaftar`);
    await expect(createAgreementDraft(t.db, admin, 999_999, draftInput(), NOW)).rejects.toThrow(
      NotFound,
    );
    await expect(
      createAgreementDraft(t.db, admin, 999_999, draftInput(), NOW),
    ).rejects.toMatchObject({ code: 'TIDAK_ADA' });
  });

  it('refuses the same number drafted for two agencies at once, with the same message', async () => {
    const [first, second] = [await makeAgency(t.db), await makeAgency(t.db)];
    const input = draftInput();
    const results = await Promise.allSettled([
      createAgreementDraft(t.db, admin, first.id, input, NOW),
      createAgreementDraft(t.db, admin, second.id, input, NOW),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected');
    expect(refused?.reason).toBeInstanceOf(RuleViolation);
    expect(refused?.reason).toMatchObject({ code: 'PERMINTAAN_TIDAK_VALID' });
    expect((refused?.reason as Error).message).toBe(
      `PKS nomor ${input.nomorDukcapil} sudah terdaftar`,
    );
  });

  it('edits a draft with the terms before and after in its history', async () => {
    const agency = await makeAgency(t.db);
    const id = await createAgreementDraft(t.db, admin, agency.id, draftInput(), NOW);
    const before = (await getAgreement(t.db, id, TODAY))!;
    await editAgreementDraft(
      t.db,
      admin,
      id,
      draftInput({
        nomorDukcapil: before.nomorDukcapil,
        bandwidthKbps: 2048,
        firstPartyHeadName: 'Budi Santoso',
      }),
      NOW,
    );
    const after = (await getAgreement(t.db, id, TODAY))!;
    expect(after.bandwidthKbps).toBe(2048);
    expect(after.firstPartyHeadName).toBe('Budi Santoso');
    const edit = (await agreementHistory(t.db, id))[1]!;
    expect(edit.kind).toBe('DIUBAH');
    expect(edit.termsBefore?.bandwidthKbps).toBe(1000);
    expect(edit.termsAfter?.bandwidthKbps).toBe(2048);
  });

  it('puts a draft in force; allows at most one agreement in force per agency', async () => {
    const agency = await makeAgency(t.db);
    const first = await createAgreementDraft(t.db, admin, agency.id, draftInput(), NOW);
    const second = await createAgreementDraft(t.db, admin, agency.id, draftInput(), NOW);
    await activateAgreement(t.db, admin, first, NOW);
    expect((await getAgreement(t.db, first, TODAY))!.effectiveStatus).toBe('AKTIF');
    await expect(activateAgreement(t.db, admin, second, NOW)).rejects.toThrow(
      /masih memiliki PKS yang berlaku .* satu instansi hanya boleh memiliki satu PKS yang berlaku/,
    );
    await expect(activateAgreement(t.db, admin, first, NOW)).rejects.toThrow(
      'PKS tidak dapat diberlakukan: PKS sudah berlaku',
    );
    await expect(editAgreementDraft(t.db, admin, first, draftInput(), NOW)).rejects.toThrow(
      'PKS yang berlaku hanya dapat diubah melalui adendum',
    );
    // Even two activations at the same moment leave one in force.
    const third = await createAgreementDraft(t.db, admin, agency.id, draftInput(), NOW);
    await endAgreement(t.db, admin, first, 'Kesepakatan para pihak', NOW);
    const results = await Promise.allSettled([
      activateAgreement(t.db, admin, second, NOW),
      activateAgreement(t.db, admin, third, NOW),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const inForce = await listAgreementsPage(
      t.db,
      { agencyId: agency.id, status: 'AKTIF' },
      1,
      TODAY,
    );
    expect(inForce.total).toBe(1);
  });

  it('refuses to put in force a draft not yet signed or already past its end, or of an inactive agency', async () => {
    const agency = await makeAgency(t.db);
    const future = await createAgreementDraft(
      t.db,
      admin,
      agency.id,
      draftInput({ signedOn: '2026-12-01', endsOn: '2028-12-01' }),
      NOW,
    );
    await expect(activateAgreement(t.db, admin, future, NOW)).rejects.toThrow(
      'Tanggal penandatanganan (2026-12-01) belum tiba',
    );
    const past = await createAgreementDraft(
      t.db,
      admin,
      agency.id,
      draftInput({ signedOn: '2024-01-01', endsOn: '2026-11-23' }),
      NOW,
    );
    await expect(activateAgreement(t.db, admin, past, NOW)).rejects.toThrow(/telah lewat/);
    const fine = await createAgreementDraft(t.db, admin, agency.id, draftInput(), NOW);
    await deactivateAgency(t.db, admin, agency.id, 'Pemeriksaan kepatuhan', NOW);
    await expect(activateAgreement(t.db, admin, fine, NOW)).rejects.toThrow(
      /nonaktif; aktifkan instansi terlebih dahulu/,
    );
  });

  it('closes an agreement whose end date passed when its successor is put in force', async () => {
    const agency = await makeAgency(t.db);
    const old = await createAgreementDraft(
      t.db,
      admin,
      agency.id,
      draftInput({ signedOn: '2024-01-01', endsOn: '2026-12-31' }),
      NOW,
    );
    await activateAgreement(t.db, admin, old, NOW);
    const later = new Date('2027-01-02T03:00:00Z');
    expect((await getAgreement(t.db, old, '2027-01-02'))!).toMatchObject({
      status: 'AKTIF',
      effectiveStatus: 'BERAKHIR',
      lapsed: true,
      allowedActions: [],
      statusLabel: 'Berakhir (masa berlaku habis 2026-12-31)',
    });
    await expect(
      applyAddendum(
        t.db,
        admin,
        old,
        { endsOn: '2028-12-31' },
        'Perpanjangan',
        {
          nomor: '400.12/1/2027',
          tanggal: '2027-01-02',
        },
        later,
      ),
    ).rejects.toThrow('PKS tidak dapat diubah dengan adendum: PKS telah berakhir; statusnya final');
    const next = await createAgreementDraft(
      t.db,
      admin,
      agency.id,
      draftInput({ signedOn: '2027-01-02', endsOn: '2029-01-02' }),
      later,
    );
    await activateAgreement(t.db, admin, next, later);
    expect((await getAgreement(t.db, old, '2027-01-02'))!.status).toBe('BERAKHIR');
    const closing = (await agreementHistory(t.db, old)).at(-1)!;
    expect(closing).toMatchObject({
      kind: 'BERAKHIR',
      actor: null,
      reason: 'Masa berlaku berakhir pada 2026-12-31',
    });
  });

  it('cancels a draft with a reason and frees its number', async () => {
    const agency = await makeAgency(t.db);
    const input = draftInput();
    const id = await createAgreementDraft(t.db, admin, agency.id, input, NOW);
    await expect(cancelAgreementDraft(t.db, admin, id, '', NOW)).rejects.toThrow(
      'Alasan wajib diisi',
    );
    await cancelAgreementDraft(t.db, admin, id, 'Nomor salah ketik', NOW);
    expect((await getAgreement(t.db, id, TODAY))!.statusLabel).toBe('Dibatalkan');
    await expect(activateAgreement(t.db, admin, id, NOW)).rejects.toThrow(
      'draf PKS telah dibatalkan; statusnya final',
    );
    const again = await createAgreementDraft(t.db, admin, agency.id, input, NOW);
    expect(again).not.toBe(id);
  });

  it('extends an agreement by addendum; the old terms stay in the history', async () => {
    const agency = await makeAgency(t.db);
    const id = await createAgreementDraft(t.db, admin, agency.id, draftInput(), NOW);
    await expect(
      applyAddendum(
        t.db,
        admin,
        id,
        { endsOn: '2030-01-05' },
        'Perpanjangan',
        {
          nomor: '400.12/9/2026',
          tanggal: TODAY,
        },
        NOW,
      ),
    ).rejects.toThrow('PKS tidak dapat diubah dengan adendum: PKS masih berupa draf');
    await activateAgreement(t.db, admin, id, NOW);
    await applyAddendum(
      t.db,
      admin,
      id,
      { endsOn: '2030-01-05', grantedElements: [...ELEMENTS], bandwidthKbps: 2000 },
      'Perpanjangan dan penambahan elemen data',
      { nomor: '400.12/9/2026', tanggal: TODAY },
      NOW,
    );
    const view = (await getAgreement(t.db, id, TODAY))!;
    expect(view).toMatchObject({ endsOn: '2030-01-05', bandwidthKbps: 2000, status: 'AKTIF' });
    expect(view.grantedElements).toEqual([...ELEMENTS]);
    const addendum = (await agreementHistory(t.db, id)).at(-1)!;
    expect(addendum).toMatchObject({
      kind: 'ADENDUM',
      reason: 'Perpanjangan dan penambahan elemen data',
      addendum: { nomor: '400.12/9/2026', tanggal: TODAY },
    });
    expect(addendum.termsBefore).toMatchObject({
      endsOn: '2028-01-05',
      bandwidthKbps: 1000,
      grantedElements: ['NIK', 'NAMA_LENGKAP'],
    });
    expect(addendum.termsAfter).toMatchObject({ endsOn: '2030-01-05', bandwidthKbps: 2000 });

    // A passed PoC lifts the quota without an addendum; anything else needs one.
    await applyAddendum(
      t.db,
      { id: null },
      id,
      { quotaStage: 'PASCA_POC' },
      'Lulus PoC',
      null,
      NOW,
    );
    expect((await getAgreement(t.db, id, TODAY))!.quotaStage).toBe('PASCA_POC');
    expect((await agreementHistory(t.db, id)).at(-1)).toMatchObject({
      kind: 'PERUBAHAN',
      addendum: null,
      actor: null,
    });
    // A further PoC (another application of the agency) changes nothing and is no error.
    const entries = (await agreementHistory(t.db, id)).length;
    await applyAddendum(
      t.db,
      { id: null },
      id,
      { quotaStage: 'PASCA_POC' },
      'Lulus PoC 2',
      null,
      NOW,
    );
    expect(await agreementHistory(t.db, id)).toHaveLength(entries);
    await expect(
      applyAddendum(t.db, admin, id, { accessMethods: ['PORTAL', 'API'] }, 'Tambah API', null, NOW),
    ).rejects.toThrow(
      'Perubahan selain tahap kuota dan bandwidth memerlukan nomor dan tanggal adendum',
    );
    await expect(
      applyAddendum(
        t.db,
        admin,
        id,
        { accessPoints: ['bukan-ip'] },
        'Ganti IP',
        {
          nomor: '400.12/10/2026',
          tanggal: TODAY,
        },
        NOW,
      ),
    ).rejects.toThrow('Alamat IP titik akses tidak sah: bukan-ip');
  });

  it('applies an addendum inside the caller’s transaction, and rolls back with it', async () => {
    const agency = await makeAgency(t.db);
    const id = await createAgreementDraft(t.db, admin, agency.id, draftInput(), NOW);
    await activateAgreement(t.db, admin, id, NOW);
    await expect(
      t.db.transaction().execute(async (tx) => {
        await applyAddendum(
          tx,
          admin,
          id,
          { bandwidthKbps: 4000 },
          'Penambahan bandwidth',
          {
            nomor: '400.12/11/2026',
            tanggal: TODAY,
          },
          NOW,
        );
        throw new Error('keputusan permohonan gagal');
      }),
    ).rejects.toThrow('keputusan permohonan gagal');
    expect((await getAgreement(t.db, id, TODAY))!.bandwidthKbps).toBe(1000);
    expect((await agreementHistory(t.db, id)).map((e) => e.kind)).toEqual(['DIBUAT', 'DIAKTIFKAN']);
  });

  it('ends and revokes with a reason, ending the agency users’ sessions in the same step', async () => {
    for (const how of ['end', 'revoke'] as const) {
      const agency = await makeAgency(t.db);
      const agreement = await makeAgreement(t.db, agency.code);
      const operator = await makeUser(t.db, { agencyCode: agency.code });
      const other = await makeAgency(t.db);
      await makeAgreement(t.db, other.code);
      const bystander = await makeUser(t.db, { agencyCode: other.code });
      await addSession(t.db, operator.id, 'PORTAL');
      await addSession(t.db, operator.id, 'API');
      await addSession(t.db, bystander.id, 'API');
      const close = how === 'end' ? endAgreement : revokeAgreement;
      await expect(close(t.db, admin, agreement.id, ' ', NOW)).rejects.toThrow(RuleViolation);
      await expect(close(t.db, admin, agreement.id, ' ', NOW)).rejects.toMatchObject({
        code: 'PERMINTAAN_TIDAK_VALID',
      });
      expect(await liveSessions(t.db, operator.id)).toBe(2);
      const ended = await close(
        t.db,
        admin,
        agreement.id,
        'Instansi tidak menyampaikan laporan',
        NOW,
      );
      expect(ended).toBe(2);
      expect(await liveSessions(t.db, operator.id)).toBe(0);
      expect(await liveSessions(t.db, bystander.id)).toBe(1);
      const view = (await getAgreement(t.db, agreement.id, TODAY))!;
      expect(view.status).toBe(how === 'end' ? 'BERAKHIR' : 'DICABUT');
      expect(view.allowedActions).toEqual([]);
      const last = (await agreementHistory(t.db, agreement.id)).at(-1)!;
      expect(last).toMatchObject({
        kind: how === 'end' ? 'DIAKHIRI' : 'DICABUT',
        reason: 'Instansi tidak menyampaikan laporan',
        actor: (
          await t.db
            .selectFrom('app_user')
            .select('user_id')
            .where('id', '=', admin.id)
            .executeTakeFirstOrThrow()
        ).user_id,
      });
      await expect(close(t.db, admin, agreement.id, 'Sekali lagi', NOW)).rejects.toThrow(
        /statusnya final/,
      );
      expect(await adminActions(t.db, agency.id)).toContainEqual(
        expect.objectContaining({
          action: how === 'end' ? 'PKS_DIAKHIRI' : 'PKS_DICABUT',
          reason: 'Instansi tidak menyampaikan laporan',
          target: `PKS ${agreement.nomorDukcapil}`,
        }),
      );
    }
  });

  it('keeps the command line working: signed agreements in force at once, quota stage on the record', async () => {
    const agency = await makeAgency(t.db);
    const agreement = await makeAgreement(t.db, agency.code);
    const view = (await getAgreement(t.db, agreement.id, TODAY))!;
    expect(view.status).toBe('AKTIF');
    expect((await agreementHistory(t.db, agreement.id)).map((e) => e.kind)).toEqual([
      'DIBUAT',
      'DIAKTIFKAN',
    ]);
    await expect(makeAgreement(t.db, agency.code)).rejects.toThrow(
      /masih memiliki PKS yang berlaku/,
    );
    await setAgreementStageByNumber(t.db, agreement.nomorDukcapil, 'PASCA_POC', NOW);
    expect((await getAgreement(t.db, agreement.id, TODAY))!.quotaStage).toBe('PASCA_POC');
    expect((await agreementHistory(t.db, agreement.id)).at(-1)).toMatchObject({
      kind: 'PERUBAHAN',
      actor: null,
      reason: 'Perubahan tahap kuota dicatat melalui baris perintah',
    });
    expect(await adminActions(t.db, agency.id)).toContainEqual(
      expect.objectContaining({ action: 'PKS_TAHAP_KUOTA', actor_id: null }),
    );
  });
});

describe('agencies', () => {
  let t: TestDatabase;
  let admin: { id: number };

  beforeAll(async () => {
    t = await createTestDatabase();
    admin = await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' });
  });
  afterAll(async () => {
    await t.drop();
  });

  const details = {
    name: 'Dinas Pendidikan Kabupaten Purbalingga',
    address: 'Jl. Jenderal Sudirman, Purbalingga',
    headTitle: 'Kepala Dinas Pendidikan Kabupaten Purbalingga',
  };

  it('registers an agency with its details; the console requires the address and head', async () => {
    const id = await registerAgency(t.db, admin, { code: 'dindik', ...details }, NOW);
    const detail = await getAgencyDetail(t.db, id, NOW);
    expect(detail).toMatchObject({ code: 'DINDIK', status: 'AKTIF', ...details, users: 0 });
    expect(detail.history[0]).toMatchObject({ action: 'INSTANSI_DIDAFTARKAN', target: 'DINDIK' });
    await expect(registerAgency(t.db, admin, { code: 'DINDIK', ...details }, NOW)).rejects.toThrow(
      'Instansi DINDIK sudah terdaftar',
    );
    await expect(
      registerAgency(t.db, admin, { code: 'X', name: 'Ab', email: 'bukan-email' }, NOW),
    ).rejects.toThrow('Kode instansi 2–20 karakter: huruf besar, angka atau garis bawah');
    await expect(
      registerAgency(t.db, admin, { code: 'BARU', name: 'Ab', email: 'bukan-email' }, NOW),
    ).rejects.toThrow(
      'Nama instansi 3–200 karakter; Alamat instansi wajib diisi; Jabatan pimpinan instansi wajib diisi; Alamat email tidak sah',
    );
  });

  it('edits an agency, keeping what it was in the record', async () => {
    const id = await registerAgency(
      t.db,
      admin,
      { code: 'DINSOS', ...details, name: 'Dinas Sosial' },
      NOW,
    );
    await editAgency(
      t.db,
      admin,
      id,
      { ...details, name: 'Dinas Sosial P3A', phone: '(0281) 891234' },
      NOW,
    );
    const detail = await getAgencyDetail(t.db, id, NOW);
    expect(detail).toMatchObject({ name: 'Dinas Sosial P3A', phone: '(0281) 891234' });
    const row = await t.db
      .selectFrom('admin_action')
      .select('detail')
      .where('agency_id', '=', id)
      .where('action', '=', 'INSTANSI_DIUBAH')
      .executeTakeFirstOrThrow();
    expect(row.detail).toMatchObject({
      before: { name: 'Dinas Sosial' },
      after: { name: 'Dinas Sosial P3A' },
    });
  });

  it('deactivates with a reason (ending its users’ sessions) and reactivates', async () => {
    const agency = await makeAgency(t.db);
    await makeAgreement(t.db, agency.code);
    const head = await makeUser(t.db, { agencyCode: agency.code, role: 'KEPALA_INSTANSI' });
    await addSession(t.db, head.id, 'PORTAL');
    await expect(deactivateAgency(t.db, admin, agency.id, '', NOW)).rejects.toThrow(
      'Alasan wajib diisi',
    );
    expect(await deactivateAgency(t.db, admin, agency.id, 'Evaluasi kepatuhan', NOW)).toBe(1);
    expect(await liveSessions(t.db, head.id)).toBe(0);
    await expect(deactivateAgency(t.db, admin, agency.id, 'Lagi-lagi', NOW)).rejects.toThrow(
      /sudah nonaktif/,
    );
    await reactivateAgency(t.db, admin, agency.id, 'Evaluasi selesai', NOW);
    const detail = await getAgencyDetail(t.db, agency.id, NOW);
    expect(detail.status).toBe('AKTIF');
    expect(detail.history.slice(0, 2)).toMatchObject([
      { action: 'INSTANSI_DIAKTIFKAN', reason: 'Evaluasi selesai' },
      { action: 'INSTANSI_DINONAKTIFKAN', reason: 'Evaluasi kepatuhan' },
    ]);
    await expect(reactivateAgency(t.db, admin, agency.id, 'Sekali lagi', NOW)).rejects.toThrow(
      /sudah aktif/,
    );
  });

  it('lists agencies page by page, filtered by status and name, with the agreement in force', async () => {
    const all = await listAgenciesPage(t.db, {}, 1, TODAY);
    expect(all.total).toBeGreaterThanOrEqual(3);
    const byName = await listAgenciesPage(t.db, { text: 'pendidikan' }, 1, TODAY);
    expect(byName.rows.map((row) => row.code)).toEqual(['DINDIK']);
    const agency = await makeAgency(t.db, { name: 'Badan Kepegawaian 100%_Purbalingga' });
    const agreement = await makeAgreement(t.db, agency.code);
    await makeUser(t.db, { agencyCode: agency.code });
    const found = await listAgenciesPage(t.db, { text: '100%_' }, 1, TODAY);
    expect(found.rows).toEqual([
      expect.objectContaining({
        code: agency.code,
        agreementInForce: agreement.nomorDukcapil,
        users: 1,
      }),
    ]);
    await deactivateAgency(t.db, admin, agency.id, 'Uji daftar nonaktif', NOW);
    const inactive = await listAgenciesPage(t.db, { status: 'NON_AKTIF' }, 1, TODAY);
    expect(inactive.rows.map((row) => row.code)).toContain(agency.code);
    expect(inactive.rows.every((row) => row.status === 'NON_AKTIF')).toBe(true);
    for (let i = 0; i < 21; i++) await makeAgency(t.db, { name: `Instansi Halaman ${i}` });
    const second = await listAgenciesPage(t.db, { text: 'Halaman' }, 2, TODAY);
    expect(second).toMatchObject({ total: 21, page: 2, pages: 2 });
    expect(second.rows).toHaveLength(1);
  });
});
