import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeAgency, makeAgreement, makeResident, makeUser } from '../../../test/factories.js';
import { actingAs } from '../../../test/requests.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { findAccessedNiks } from '../../store/data-balikan.js';
import { makeDeps, type Deps } from '../deps.js';
import { recordConsent, withdrawCardConsent } from './consents.js';
import { actOnReader, issueReaderCredential, registerReader } from './readers.js';

/**
 * A simulated KTP-el card reader client calling POST /api/v1/nik/baca-kartu over HTTP: the
 * real server and database, the reader's own credential, its SAM and the card's NIK. Reading
 * a real card needs the ministry's hardware and is not tested (see the README).
 */
const NOW = new Date('2026-11-24T03:00:00Z');
const NIK = '3303054703900002';
const OTHER_NIK = '3303051505850003';

let t: TestDatabase;
let server: TestServer;
let deps: Deps;
let credential: string;
let readerId: number;
let w: Awaited<ReturnType<typeof world>>;

async function world(db: TestDatabase['db']) {
  const agency = await makeAgency(db);
  const agreement = await makeAgreement(db, agency.code, {
    accessMethods: ['PORTAL', 'CARD_READER'],
  });
  const head = await makeUser(db, { role: 'KEPALA_INSTANSI', agencyCode: agency.code });
  const operator = await makeUser(db, { role: 'OPERATOR', agencyCode: agency.code });
  const other = await makeAgency(db);
  await makeAgreement(db, other.code, { accessMethods: ['PORTAL', 'CARD_READER'] });
  const otherOperator = await makeUser(db, { role: 'OPERATOR', agencyCode: other.code });
  const admin = await makeUser(db, { role: 'ADMIN_DUKCAPIL' });
  await makeResident(db, { nik: NIK });
  await makeResident(db, { nik: OTHER_NIK, namaLengkap: 'BUDI SANTOSO' });
  return {
    agency,
    agreement,
    operator,
    otherOperator,
    head: actingAs(head, 'KEPALA_INSTANSI', agency.id),
    op: actingAs(operator, 'OPERATOR', agency.id),
    admin: actingAs(admin, 'ADMIN_DUKCAPIL', null),
  };
}

interface ReadAnswer {
  status: number;
  body: { code: string; message: string; data?: Record<string, unknown>; quota?: { used: number } };
}

async function read(
  body: Record<string, unknown>,
  secret: string | null = credential,
): Promise<ReadAnswer> {
  const response = await fetch(`${server.url}/api/v1/nik/baca-kartu`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(secret ? { authorization: `Bearer ${secret}` } : {}),
    },
    body: JSON.stringify({
      nomorSam: 'SAM-UJI-0001',
      nik: NIK,
      operator: w.operator.userId,
      purpose: 'Pendaftaran pasien rawat jalan',
      ...body,
    }),
  });
  return { status: response.status, body: (await response.json()) as ReadAnswer['body'] };
}

async function lastAudit() {
  return t.db
    .selectFrom('audit_log')
    .select([
      'channel',
      'user_id',
      'agency_id',
      'card_reader_id',
      'nik',
      'purpose',
      'response_code',
    ])
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
}

async function usedToday(): Promise<number> {
  const row = await t.db
    .selectFrom('quota_usage')
    .select((eb) => eb.fn.sum<number>('used').as('n'))
    .where('agency_id', '=', w.agency.id)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

beforeAll(async () => {
  t = await createTestDatabase();
  w = await world(t.db);
  server = await startTestServer(t.db, NOW);
  deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, t.db, { clock: () => NOW });
  readerId = await registerReader(deps, w.head, {
    serial: 'SN-UJI-0001',
    make: 'Pembaca Uji',
    location: 'Loket pendaftaran',
    operator: w.operator.userId,
    samNumber: 'SAM-UJI-0001',
  });
  await actOnReader(deps, w.head, readerId, 'AJUKAN', { reference: 'SIF/1', onDate: '2026-11-02' });
  await actOnReader(deps, w.admin, readerId, 'PERSONALISASI', {
    reference: 'PRS/1',
    onDate: '2026-11-10',
  });
  await actOnReader(deps, w.admin, readerId, 'AKTIVASI', {
    reference: 'AKT/1',
    onDate: '2026-11-12',
  });
  credential = await issueReaderCredential(deps, w.head, readerId);
});
afterAll(async () => {
  await server?.close();
  await t?.drop();
});

describe('a card reader’s read', () => {
  it('is answered like a lookup, audited with the reader, counted and owing return data', async () => {
    const answer = await read({});
    expect(answer.status).toBe(200);
    expect(answer.body.code).toBe('DITEMUKAN');
    expect(answer.body.data).toMatchObject({ nik: NIK, namaLengkap: 'SRI WAHYUNINGSIH' });
    expect(answer.body.quota?.used).toBe(1);
    expect(await lastAudit()).toEqual({
      channel: 'CARD_READER',
      user_id: w.operator.id,
      agency_id: w.agency.id,
      card_reader_id: readerId,
      nik: NIK,
      purpose: 'Pembaca KTP-el SN-UJI-0001 (SAM SAM-UJI-0001): Pendaftaran pasien rawat jalan',
      response_code: 'DITEMUKAN',
    });
    expect(await usedToday()).toBe(1);
    expect([...(await findAccessedNiks(t.db, w.agreement.id, [NIK, OTHER_NIK]))]).toEqual([NIK]);
    // The credential is kept only as its hash.
    const stored = await t.db
      .selectFrom('card_reader')
      .select('credential_hash')
      .where('id', '=', readerId)
      .executeTakeFirstOrThrow();
    expect(stored.credential_hash?.length).toBe(32);
    expect(stored.credential_hash?.toString('utf8')).not.toContain(credential);
  });

  it('refuses an unknown or mismatched SAM, audited, counting nothing', async () => {
    const answer = await read({ nomorSam: 'SAM-LAIN-9999' });
    expect(answer).toEqual({
      status: 403,
      body: {
        code: 'SAM_TIDAK_SESUAI',
        message: 'Nomor SAM tidak dikenal atau tidak sesuai dengan card reader',
      },
    });
    expect(await lastAudit()).toMatchObject({
      channel: 'CARD_READER',
      card_reader_id: readerId,
      response_code: 'SAM_TIDAK_SESUAI',
    });
    expect(await usedToday()).toBe(1);
  });

  it('refuses an unknown credential or an operator of another agency as a failed login', async () => {
    const stranger = await read({}, 'a'.repeat(43));
    expect([stranger.status, stranger.body.code]).toEqual([401, 'GAGAL_LOGIN']);
    expect(await lastAudit()).toMatchObject({ user_id: null, response_code: 'GAGAL_LOGIN' });
    const foreign = await read({ operator: w.otherOperator.userId });
    expect([foreign.status, foreign.body.code]).toEqual([401, 'GAGAL_LOGIN']);
    const none = await read({}, null);
    expect([none.status, none.body.code]).toEqual([401, 'GAGAL_LOGIN']);
    expect(await usedToday()).toBe(1);
  });

  it('refuses to let data be kept without the resident’s consent, and honours a withdrawal', async () => {
    const refused = await read({ simpan: ['NAMA_LENGKAP', 'ALAMAT'] });
    expect([refused.status, refused.body.code]).toEqual([428, 'PERSETUJUAN_DIPERLUKAN']);
    expect(await lastAudit()).toMatchObject({ response_code: 'PERSETUJUAN_DIPERLUKAN' });
    expect(await usedToday()).toBe(1);

    const consentId = await recordConsent(deps, w.op, {
      nik: NIK,
      readerId,
      elements: ['NAMA_LENGKAP', 'ALAMAT'],
      purpose: 'Rekam medis pasien',
      residentAgreed: true,
    });
    expect((await read({ simpan: ['NAMA_LENGKAP'] })).body.code).toBe('DITEMUKAN');
    // Elements the consent does not cover, or another resident's card, still need one.
    expect((await read({ simpan: ['NAMA_LENGKAP', 'TANGGAL_LAHIR'] })).body.code).toBe(
      'PERSETUJUAN_DIPERLUKAN',
    );
    expect((await read({ nik: OTHER_NIK, simpan: ['NAMA_LENGKAP'] })).body.code).toBe(
      'PERSETUJUAN_DIPERLUKAN',
    );
    await withdrawCardConsent(deps, w.head, consentId, 'Penduduk menarik persetujuan');
    expect((await read({ simpan: ['NAMA_LENGKAP'] })).body.code).toBe('PERSETUJUAN_DIPERLUKAN');
    const unknown = await read({ simpan: ['GOLONGAN_DARAH'] });
    expect(unknown.status).toBe(400);
  });

  it('refuses every read once the agreement is no longer in force', async () => {
    server.setNow(new Date('2027-09-17T03:00:00Z'));
    try {
      const answer = await read({});
      expect([answer.status, answer.body.code]).toEqual([403, 'INSTANSI_TIDAK_AKTIF']);
    } finally {
      server.setNow(NOW);
    }
  });

  it('refuses a suspended reader', async () => {
    await actOnReader(deps, w.head, readerId, 'TANGGUHKAN', { reason: 'Pembaca rusak' });
    const answer = await read({});
    expect([answer.status, answer.body.code]).toEqual([403, 'PEMBACA_TIDAK_AKTIF']);
    expect(await lastAudit()).toMatchObject({
      card_reader_id: readerId,
      response_code: 'PEMBACA_TIDAK_AKTIF',
    });
  });
});
