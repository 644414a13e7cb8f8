import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeAgency, makeAgreement, makeUser } from '../../../test/factories.js';
import { actingAs, NotFound } from '../../../test/requests.js';
import { Refusal } from '../../domain/refusals.js';
import { endAgreement, revokeAgreement } from '../agreements/agreement-lifecycle.js';
import { makeDeps, type Deps } from '../deps.js';
import {
  actOnReader,
  issueReaderCredential,
  readerDetail,
  readersFor,
  registerReader,
} from './readers.js';
import {
  makeReturnBast,
  markReturnSent,
  recordReturnReceipt,
  returnBastPdf,
  returnsFor,
} from './returns.js';

const NOW = new Date('2026-11-24T03:00:00Z'); // Tuesday 24 November 2026, 10:00 WIB

let t: TestDatabase;
let deps: Deps;
let w: Awaited<ReturnType<typeof world>>;

async function world(db: TestDatabase['db']) {
  const agencyA = await makeAgency(db);
  const agreementA = await makeAgreement(db, agencyA.code, {
    accessMethods: ['PORTAL', 'CARD_READER'],
  });
  const agencyB = await makeAgency(db);
  const agreementB = await makeAgreement(db, agencyB.code, {
    accessMethods: ['PORTAL', 'CARD_READER'],
  });
  const headA = await makeUser(db, { role: 'KEPALA_INSTANSI', agencyCode: agencyA.code });
  const operatorA = await makeUser(db, { role: 'OPERATOR', agencyCode: agencyA.code });
  const headB = await makeUser(db, { role: 'KEPALA_INSTANSI', agencyCode: agencyB.code });
  const operatorB = await makeUser(db, { role: 'OPERATOR', agencyCode: agencyB.code });
  const admin = await makeUser(db, { role: 'ADMIN_DUKCAPIL' });
  return {
    agencyA,
    agreementA,
    agencyB,
    agreementB,
    operatorA,
    operatorB,
    headA: actingAs(headA, 'KEPALA_INSTANSI', agencyA.id),
    opA: actingAs(operatorA, 'OPERATOR', agencyA.id),
    headB: actingAs(headB, 'KEPALA_INSTANSI', agencyB.id),
    admin: actingAs(admin, 'ADMIN_DUKCAPIL', null),
  };
}

beforeAll(async () => {
  t = await createTestDatabase();
  deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, t.db, { clock: () => NOW });
  w = await world(t.db);
});
afterAll(() => t.drop());

/** A reader taken by the head and Dukcapil through SIFILMA to AKTIF. */
async function activeReader(
  head: typeof w.headA,
  operator: string,
  serial: string,
  sam: string,
): Promise<number> {
  const id = await registerReader(deps, head, {
    serial,
    make: 'Merek Uji KTP-el R1',
    location: 'Loket 1',
    operator,
    samNumber: sam,
  });
  await actOnReader(deps, head, id, 'AJUKAN', { reference: `SIF/${serial}`, onDate: '2026-11-02' });
  await actOnReader(deps, w.admin, id, 'PERSONALISASI', {
    reference: `PRS/${serial}`,
    onDate: '2026-11-10',
  });
  await actOnReader(deps, w.admin, id, 'AKTIVASI', {
    reference: `AKT/${serial}`,
    onDate: '2026-11-12',
  });
  return id;
}

async function adminActions(action: string) {
  return t.db
    .selectFrom('admin_action')
    .select(['actor_id', 'agency_id', 'target', 'reason', 'detail'])
    .where('action', '=', action)
    .orderBy('id')
    .execute();
}

async function refusal(work: Promise<unknown>): Promise<Refusal> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Refusal);
  return error as Refusal;
}

describe('card readers: register and SIFILMA', () => {
  it('refuses a registration naming each wrong field', async () => {
    const error = await refusal(
      registerReader(deps, w.headA, {
        serial: 'x',
        make: 'M',
        location: '',
        operator: w.operatorB.userId,
        samNumber: 'sam?',
      }),
    );
    expect(error.code).toBe('PERMINTAAN_TIDAK_VALID');
    expect(error.detail?.fields?.map((f) => f.field)).toEqual([
      'serial',
      'make',
      'location',
      'samNumber',
      'operator',
    ]);
    expect(await t.db.selectFrom('card_reader').selectAll().execute()).toEqual([]);
    await expect(
      registerReader(deps, w.opA, {
        serial: 'SN-1',
        make: 'Merek',
        location: 'Loket',
        operator: w.operatorA.userId,
        samNumber: 'SAM-000001',
      }),
    ).rejects.toThrow('Peran Anda tidak berwenang');
  });

  it('records each SIFILMA step with its reference and date, in the history and the admin trail', async () => {
    const id = await activeReader(w.headA, w.operatorA.userId, 'SN-A-001', 'sam-a-000001');
    const { reader, events } = await readerDetail(deps, w.headA, id);
    expect(reader).toMatchObject({
      state: 'AKTIF',
      sam_number: 'SAM-A-000001',
      sifilma_ref: 'SIF/SN-A-001',
      sifilma_on: '2026-11-02',
      personalised_ref: 'PRS/SN-A-001',
      personalised_on: '2026-11-10',
      activation_ref: 'AKT/SN-A-001',
      activated_on: '2026-11-12',
      operator_user_id: w.operatorA.userId,
    });
    expect(events.map((e) => [e.action, e.state_before, e.state_after, e.reference])).toEqual([
      ['DAFTAR', null, 'TERDAFTAR', null],
      ['AJUKAN', 'TERDAFTAR', 'DIAJUKAN', 'SIF/SN-A-001'],
      ['PERSONALISASI', 'DIAJUKAN', 'DIPERSONALISASI', 'PRS/SN-A-001'],
      ['AKTIVASI', 'DIPERSONALISASI', 'AKTIF', 'AKT/SN-A-001'],
    ]);
    const activated = await adminActions('PEMBACA_DIAKTIFKAN');
    expect(activated).toHaveLength(1);
    expect(activated[0]).toMatchObject({
      actor_id: w.admin.id,
      agency_id: w.agencyA.id,
      target: 'Pembaca KTP-el SN-A-001',
    });
    // The same SAM cannot go into a second reader in use.
    const taken = await refusal(
      registerReader(deps, w.headA, {
        serial: 'SN-A-009',
        make: 'Merek',
        location: 'Loket 9',
        operator: w.operatorA.userId,
        samNumber: 'SAM-A-000001',
      }),
    );
    expect(taken.message).toContain('sudah terdaftar');
  });

  it('lets each party take only its own steps, and no agency touch another’s reader', async () => {
    const id = await registerReader(deps, w.headA, {
      serial: 'SN-A-002',
      make: 'Merek',
      location: 'Loket 2',
      operator: w.operatorA.userId,
      samNumber: 'SAM-A-000002',
    });
    const head = await refusal(
      actOnReader(deps, w.headA, id, 'PERSONALISASI', { reference: 'X-1', onDate: '2026-11-02' }),
    );
    expect([head.code, head.message]).toEqual([
      'KONFLIK',
      'Tindakan "Catat personalisasi SAM" tidak dapat dilakukan oleh Kepala Instansi',
    ]);
    await expect(
      actOnReader(deps, w.headB, id, 'AJUKAN', { reference: 'SIF/1', onDate: '2026-11-02' }),
    ).rejects.toThrow(NotFound);
    await expect(issueReaderCredential(deps, w.headB, id)).rejects.toThrow(NotFound);
    const noDate = await refusal(actOnReader(deps, w.headA, id, 'AJUKAN', { reference: 'SIF/2' }));
    expect(noDate.detail?.fields?.map((f) => f.field)).toEqual(['onDate']);
    const future = await refusal(
      actOnReader(deps, w.headA, id, 'AJUKAN', { reference: 'SIF/2', onDate: '2026-11-25' }),
    );
    expect(future.detail?.fields?.map((f) => f.field)).toEqual(['onDate']);
    expect((await readersFor(deps, w.headB)).map((r) => r.serial)).not.toContain('SN-A-002');
  });
});

describe('the end of an agreement', () => {
  let readerA: number;
  let readerB: number;
  let returnId: number;

  beforeAll(async () => {
    readerA = await activeReader(w.headA, w.operatorA.userId, 'SN-A-100', 'SAM-A-000100');
    readerB = await activeReader(w.headB, w.operatorB.userId, 'SN-B-100', 'SAM-B-000100');
  });

  it('suspends every reader holding a SAM at once, and gives the head the return tasks', async () => {
    const credential = await issueReaderCredential(deps, w.headA, readerA);
    expect(credential).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await endAgreement(t.db, w.admin, w.agreementA.id, 'Kesepakatan para pihak', NOW);

    const readers = await readersFor(deps, w.headA);
    const states = Object.fromEntries(readers.map((r) => [r.serial, r.state]));
    // SN-A-002 was only registered: it holds no SAM and stays as it was.
    expect(states).toEqual({
      'SN-A-001': 'DITANGGUHKAN',
      'SN-A-002': 'TERDAFTAR',
      'SN-A-100': 'DITANGGUHKAN',
    });
    expect((await readerDetail(deps, w.headB, readerB)).reader.state).toBe('AKTIF');

    const returns = await returnsFor(deps, w.headA);
    expect(returns.map((r) => r.serial).sort()).toEqual(['SN-A-001', 'SN-A-100']);
    for (const r of returns) {
      expect(r.agreement_id).toBe(w.agreementA.id);
      expect(r.tasks.map((task) => [task.key, task.doneOn])).toEqual([
        ['CABUT_SAM', null],
        ['BUAT_BAST', null],
        ['KIRIM', null],
        ['DITERIMA', null],
      ]);
    }
    expect(await returnsFor(deps, w.headB)).toEqual([]);
    const suspended = await adminActions('PEMBACA_DITANGGUHKAN');
    expect(suspended).toHaveLength(2);
    expect(suspended.every((a) => a.actor_id === null && a.agency_id === w.agencyA.id)).toBe(true);
    expect(suspended[0]!.reason).toContain(`PKS ${w.agreementA.nomorDukcapil} diakhiri`);
    returnId = returns.find((r) => r.serial === 'SN-A-100')!.id;
  });

  it('refuses to restore a reader while the agency has no agreement in force', async () => {
    const error = await refusal(
      actOnReader(deps, w.admin, readerA, 'PULIHKAN', { reason: 'Dicoba dipulihkan' }),
    );
    expect(error.message).toContain('tidak memiliki PKS yang berlaku');
    // Nor is a reader activated without one: activation lasts while the agreement does.
    const waiting = (await readersFor(deps, w.admin)).find((r) => r.serial === 'SN-A-002')!;
    await actOnReader(deps, w.admin, waiting.id, 'AJUKAN', {
      reference: 'SIF/SN-A-002',
      onDate: '2026-11-24',
    });
    await actOnReader(deps, w.admin, waiting.id, 'PERSONALISASI', {
      reference: 'PRS/SN-A-002',
      onDate: '2026-11-24',
    });
    const activation = await refusal(
      actOnReader(deps, w.admin, waiting.id, 'AKTIVASI', {
        reference: 'AKT/SN-A-002',
        onDate: '2026-11-24',
      }),
    );
    expect(activation.message).toBe(
      'Pembaca tidak dapat diaktifkan: instansi tidak memiliki PKS yang berlaku',
    );
  });

  it('takes the head through pulling the SAM, the BAST and the sending; Dukcapil records receipt', async () => {
    await expect(makeReturnBast(deps, w.headA, returnId)).rejects.toThrow(
      'Catat pencabutan SAM terlebih dahulu',
    );
    await actOnReader(deps, w.headA, readerA, 'CABUT_SAM', { onDate: '2026-11-23' });
    const nomor = await makeReturnBast(deps, w.headA, returnId);
    expect(nomor).toBe(`BAST-SAM/${w.agencyA.code}/001/2026`);
    await expect(makeReturnBast(deps, w.headB, returnId)).rejects.toThrow(NotFound);

    const pdf = await returnBastPdf(deps, w.headA, returnId);
    const parsed = await new PDFParse({ data: pdf.content }).getText();
    expect(parsed.total).toBe(1);
    const text = parsed.text.replace(/\s+/g, ' ');
    expect(text).toContain('PEMERINTAH KABUPATEN PURBALINGGA');
    expect(text).toContain('BERITA ACARA SERAH TERIMA');
    expect(text).toContain('PENGEMBALIAN SAM DAN PENONAKTIFAN CARD READER KTP-EL');
    expect(text).toContain(`Nomor: ${nomor}`);
    expect(text).toContain(
      'Pada hari ini Selasa tanggal dua puluh empat bulan November tahun dua ribu dua puluh enam',
    );
    expect(text).toContain(w.agreementA.nomorDukcapil);
    expect(text).toContain('SAM-A-000100');
    expect(text).toContain('SN-A-100');
    expect(text).toContain('AKT/SN-A-100');
    expect(text).toContain('dinyatakan nonaktif');
    expect(text).toContain('PIHAK KESATU');
    expect(pdf.fileName).toBe(`BAST-SAM-${w.agencyA.code}-001-2026.pdf`);
    // Dukcapil reads the same BAST.
    expect((await returnBastPdf(deps, w.admin, returnId)).content.length).toBeGreaterThan(1000);

    const early = await refusal(markReturnSent(deps, w.headA, returnId, '2026-11-25'));
    expect(early.detail?.fields?.map((f) => f.field)).toEqual(['sentOn']);
    await markReturnSent(deps, w.headA, returnId, '2026-11-24');
    await expect(
      recordReturnReceipt(deps, w.headA, returnId, { receivedOn: '2026-11-24' }),
    ).rejects.toThrow('tidak dapat dilakukan oleh Kepala Instansi');
    await recordReturnReceipt(deps, w.admin, returnId, {
      receivedOn: '2026-11-24',
      note: 'SAM dan BAST diterima lengkap',
    });
    expect((await adminActions('PEMBACA_SAM_DIKIRIM')).length).toBe(1);
    expect((await adminActions('PEMBACA_BAST_SAM_DIBUAT')).length).toBe(1);
    await expect(markReturnSent(deps, w.headA, returnId, '2026-11-24')).rejects.toThrow(
      'Pengiriman sudah dicatat',
    );
  });
});

describe('the receipt and deactivation', () => {
  it('moves the reader to SAM_DIKEMBALIKAN, then Dukcapil deactivates it', async () => {
    const [r] = (await returnsFor(deps, w.admin)).filter((x) => x.serial === 'SN-A-100');
    expect(r!.received_on).toBe('2026-11-24');
    expect(r!.tasks.find((task) => task.key === 'DITERIMA')!.doneOn).toBe('2026-11-24');
    const id = r!.card_reader_id;
    expect((await readerDetail(deps, w.admin, id)).reader.state).toBe('SAM_DIKEMBALIKAN');
    await actOnReader(deps, w.admin, id, 'NONAKTIFKAN', { reason: 'SAM telah dikembalikan' });
    const { reader, events } = await readerDetail(deps, w.admin, id);
    expect(reader.state).toBe('NONAKTIF');
    expect(events.map((e) => e.action)).toEqual([
      'DAFTAR',
      'AJUKAN',
      'PERSONALISASI',
      'AKTIVASI',
      'TANGGUHKAN',
      'CABUT_SAM',
      'TERIMA_SAM',
      'NONAKTIFKAN',
    ]);
    const received = events.find((e) => e.action === 'TERIMA_SAM')!;
    expect(received.reference).toBe(`BAST-SAM/${w.agencyA.code}/001/2026`);
    const credential = await t.db
      .selectFrom('card_reader')
      .select('credential_hash')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(credential.credential_hash).toBeNull();
  });

  it('suspends the readers of a revoked agreement too', async () => {
    await revokeAgreement(t.db, w.admin, w.agreementB.id, 'Kewajiban tidak dipenuhi', NOW);
    expect((await readersFor(deps, w.headB)).map((r) => r.state)).toEqual(['DITANGGUHKAN']);
    const [r] = await returnsFor(deps, w.headB);
    expect(r!.reason).toContain('dicabut');
  });
});
