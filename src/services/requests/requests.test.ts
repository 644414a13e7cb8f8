import { createHash } from 'node:crypto';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ATTACHMENT_BYTES } from '../../domain/requests.js';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeAgency, makeAgreement, makeUser, TINY_PDF } from '../../../test/factories.js';
import {
  makeRequestWorld,
  NotFound,
  RequestRefused,
  RESIDENT_NIK,
  RuleViolation,
  TINY_JPEG,
  TINY_PNG,
  USER_ID_FORM,
  whereInDatabase,
  ZIP_BYTES,
} from '../../../test/requests.js';
import { makeDeps, type Deps } from '../deps.js';
import { login } from '../account/login.js';
import { lookupResident } from '../lookup/lookup-resident.js';
import { changeOwnPassword } from '../account/account.js';
import type { Actor } from '../../domain/actor.js';
import type { Refusal } from '../errors.js';
import { agreementHistory } from '../agreements/agreement-queries.js';
import { decideRequest, startReview } from './decision.js';
import { fileRequest, type FilingInput } from './filing.js';
import { schedulePoc } from './poc.js';
import { listRequestsFor, requestDetail } from './reading.js';
import { bastPdf } from './user-id-change.js';

let database: TestDatabase;
let deps: Deps;
let now = new Date('2026-11-24T03:00:00Z'); // Tuesday 24 November 2026, 10:00 WIB
let world: Awaited<ReturnType<typeof makeRequestWorld>>;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, database.db, {
    clock: () => now,
  });
  world = await makeRequestWorld(database.db);
});
afterAll(() => database.drop());

const letter = { letterNumber: '470/101/2026', letterDate: '2026-11-20' };
const answer = { answerNumber: '400.12/3001/2026', answerDate: '2026-11-24' };

/** A study attached to the kinds that require one (SPEC §4), unless the test gives its files. */
const STUDY = [{ purpose: 'KAJIAN_TEKNIS' as const, fileName: 'kajian.pdf', content: TINY_PDF }];

function filing(overrides: Partial<FilingInput> & { kind: string }): FilingInput {
  return {
    ...letter,
    fields: {},
    files: overrides.kind === 'BANDWIDTH' ? STUDY : [],
    ...overrides,
  };
}

async function countRequests(): Promise<number> {
  const row = await database.db
    .selectFrom('request')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function refusal(work: Promise<unknown>): Promise<readonly string[]> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RequestRefused);
  return (error as Refusal).detail!.problems!;
}

async function agreementRow(id: number) {
  return database.db
    .selectFrom('agreement')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

async function apiToken(userId: string, password: string): Promise<string> {
  const result = await login(deps, { userId, password, kind: 'API', clientIp: '127.0.0.1' });
  if (!result.ok) throw new Error(`login ${userId}: ${result.code}`);
  return result.token;
}

const lookup = (token: string) =>
  lookupResident(deps, {
    token,
    channel: 'API',
    nik: RESIDENT_NIK,
    purpose: 'Verifikasi pasien',
    clientIp: '127.0.0.1',
  });

describe('filing', () => {
  it('files a user ID change with the 7 fields and an attachment, under the agreement in force', async () => {
    const id = await fileRequest(
      deps,
      world.actors.headA,
      filing({
        kind: 'PERUBAHAN_USER_ID',
        fields: USER_ID_FORM,
        files: [{ purpose: 'SURAT_PERMOHONAN', fileName: 'surat.pdf', content: TINY_PDF }],
      }),
    );
    const detail = await requestDetail(deps, world.actors.headA, id);
    expect(detail).toMatchObject({
      kind: 'PERUBAHAN_USER_ID',
      state: 'DIAJUKAN',
      agencyId: world.agencyA.id,
      agreementId: world.agreementA.id,
      letter: { nomor: '470/101/2026', tanggal: '2026-11-20' },
      payload: { ...USER_ID_FORM, namaWilayahKantor: 'Purbalingga', userIdUsulan: '' },
      actions: [],
    });
    expect(detail.attachments).toEqual([
      expect.objectContaining({
        purpose: 'SURAT_PERMOHONAN',
        fileName: 'surat.pdf',
        contentType: 'application/pdf',
        sizeBytes: TINY_PDF.length,
      }),
    ]);
    expect(detail.history.map((h) => [h.from, h.to])).toEqual([[null, 'DIAJUKAN']]);
    const actions = await database.db
      .selectFrom('admin_action')
      .select(['action', 'agency_id'])
      .where('target', '=', `Permohonan ${id}`)
      .execute();
    expect(actions).toEqual([{ action: 'PERMOHONAN_DIAJUKAN', agency_id: world.agencyA.id }]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a NIK of 15 digits', { nik: '330305470390000' }, 'NIK: NIK harus terdiri dari 16 digit'],
    [
      'an unknown region code',
      { kodeWilayahKantor: '33.03.99' },
      'Kode wilayah kantor: Kode wilayah 33.03.99 tidak terdapat dalam data wilayah Kemendagri',
    ],
    [
      'an unknown village code',
      { kodeWilayahKantor: '3303059999' },
      'Kode wilayah kantor: Kode wilayah 33.03.05.9999 tidak terdapat dalam data wilayah Kemendagri',
    ],
    ['a missing name', { namaLengkap: '' }, 'Nama lengkap: Nama lengkap wajib diisi'],
    [
      'a missing office address',
      { alamatKantor: undefined },
      'Alamat kantor: Alamat kantor wajib diisi',
    ],
    [
      'a NIP of another person',
      { nomorIdentitasKepegawaian: '198501012010011001' },
      'Nomor identitas kepegawaian: Tanggal lahir pada NIP tidak sama dengan tanggal lahir pada NIK',
    ],
  ])('refuses a user ID change with %s, keeping nothing', async (_label, change, problem) => {
    const before = await countRequests();
    const problems = await refusal(
      fileRequest(
        deps,
        world.actors.headA,
        filing({ kind: 'PERUBAHAN_USER_ID', fields: { ...USER_ID_FORM, ...change } }),
      ),
    );
    expect(problems).toEqual([problem]);
    expect(await countRequests()).toBe(before);
  });

  it('refuses a form with every field missing, naming all seven', async () => {
    const problems = await refusal(
      fileRequest(deps, world.actors.headA, filing({ kind: 'PERUBAHAN_USER_ID', fields: {} })),
    );
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'NIK',
      'Nama lengkap',
      'Status kepegawaian',
      'Nomor identitas kepegawaian',
      'Jabatan',
      'Kode wilayah kantor',
      'Nama kantor',
      'Alamat kantor',
      'Peran user ID baru',
    ]);
  });

  it('refuses a letter without number or dated tomorrow', async () => {
    const problems = await refusal(
      fileRequest(
        deps,
        world.actors.headA,
        filing({
          kind: 'POC',
          letterNumber: '',
          letterDate: '2026-11-25',
          fields: { namaAplikasi: 'SIMRS' },
        }),
      ),
    );
    expect(problems).toEqual([
      'Nomor surat permohonan harus 3–100 karakter',
      'Tanggal surat permohonan tidak boleh sesudah hari ini',
    ]);
  });

  it('refuses a proposed user ID already taken, and a replaced user ID of another agency', async () => {
    const problems = await refusal(
      fileRequest(
        deps,
        world.actors.headA,
        filing({
          kind: 'PERUBAHAN_USER_ID',
          fields: {
            ...USER_ID_FORM,
            userIdUsulan: world.operatorA.userId,
            userIdDiganti: world.headB.userId,
          },
        }),
      ),
    );
    expect(problems).toEqual([
      `User ID ${world.operatorA.userId} sudah dipakai; usulkan user ID lain`,
      `User ID yang diganti (${world.headB.userId}) bukan user ID instansi Anda`,
    ]);
  });

  it('requires the technical study for a change of method or elements', async () => {
    const fields = { metodeAkses: ['PORTAL'], elemenData: ['NIK', 'NAMA_LENGKAP'] };
    const problems = await refusal(
      fileRequest(
        deps,
        world.actors.headA,
        filing({
          kind: 'PERUBAHAN_METODE_ELEMEN',
          fields,
          files: [{ purpose: 'SURAT_PERMOHONAN', fileName: 'surat.pdf', content: TINY_PDF }],
        }),
      ),
    );
    expect(problems).toEqual(['Kajian teknis wajib dilampirkan']);
  });

  it('only agency heads file, for their own agency', async () => {
    for (const actor of [world.actors.operatorA, world.actors.admin, world.actors.evaluator]) {
      await expect(
        fileRequest(deps, actor, filing({ kind: 'POC', fields: { namaAplikasi: 'SIMRS' } })),
      ).rejects.toThrow(RuleViolation);
    }
  });
});

describe('attachments are checked by their content', () => {
  const poc = (files: FilingInput['files']) =>
    fileRequest(
      deps,
      world.actors.headA,
      filing({ kind: 'POC', fields: { namaAplikasi: 'SIMRS RSUD' }, files }),
    );

  it('accepts PDF, PNG and JPEG whatever their names, keeping the type read and the digest', async () => {
    const id = await poc([
      { purpose: 'SURAT_PERMOHONAN', fileName: 'scan.png', content: TINY_PDF },
      { purpose: 'LAMPIRAN_LAIN', fileName: 'foto', content: TINY_PNG },
      { purpose: 'LAMPIRAN_LAIN', fileName: '../../etc/foto.jpg', content: TINY_JPEG },
    ]);
    const detail = await requestDetail(deps, world.actors.headA, id);
    expect(detail.attachments.map((a) => [a.fileName, a.contentType])).toEqual([
      ['scan.png', 'application/pdf'],
      ['foto', 'image/png'],
      ['foto.jpg', 'image/jpeg'],
    ]);
    expect(detail.attachments[1]!.sha256).toBe(createHash('sha256').update(TINY_PNG).digest('hex'));
  });

  it.each([
    [
      'text named .pdf',
      Buffer.from('Surat permohonan, bukan PDF'),
      'bukan berkas PDF, PNG atau JPEG menurut isinya',
    ],
    [
      'a ZIP named .pdf',
      ZIP_BYTES,
      'bukan berkas PDF, PNG atau JPEG menurut isinya (terbaca: ZIP)',
    ],
    ['an empty file', Buffer.alloc(0), 'kosong'],
    [
      'a PDF over the limit',
      Buffer.concat([TINY_PDF, Buffer.alloc(MAX_ATTACHMENT_BYTES)]),
      'melebihi batas 5 MB',
    ],
  ])('refuses %s clearly and keeps nothing', async (_label, content, message) => {
    const before = await countRequests();
    const problems = await refusal(
      poc([{ purpose: 'SURAT_PERMOHONAN', fileName: 'surat.pdf', content }]),
    );
    expect(problems).toEqual([`Surat permohonan "surat.pdf" ${message}`]);
    expect(await countRequests()).toBe(before);
  });
});

describe('reading', () => {
  it("shows an agency head their agency's requests only; Dukcapil sees all and filters", async () => {
    const idB = await fileRequest(
      deps,
      world.actors.headB,
      filing({ kind: 'BANDWIDTH', fields: { bandwidthKbps: 2048 } }),
    );
    const ownA = await listRequestsFor(deps, world.actors.headA, {});
    expect(ownA.items.every((item) => item.agencyId === world.agencyA.id)).toBe(true);
    expect(ownA.items.length).toBeGreaterThan(0);
    // Another agency's filter is ignored for a head: they see their own list.
    const tried = await listRequestsFor(deps, world.actors.headA, {
      agencyCode: world.agencyB.code,
    });
    expect(tried.items.map((i) => i.id)).not.toContain(idB);
    await expect(requestDetail(deps, world.actors.headA, idB)).rejects.toThrow(NotFound);
    await expect(listRequestsFor(deps, world.actors.operatorA, {})).rejects.toThrow(RuleViolation);

    const all = await listRequestsFor(deps, world.actors.evaluator, {});
    expect(new Set(all.items.map((i) => i.agencyId))).toEqual(
      new Set([world.agencyA.id, world.agencyB.id]),
    );
    const onlyB = await listRequestsFor(deps, world.actors.evaluator, {
      agencyCode: world.agencyB.code.toLowerCase(),
      kind: 'BANDWIDTH',
    });
    expect(onlyB.items.map((i) => i.id)).toEqual([idB]);
    expect(onlyB.filter).toEqual({ agencyCode: world.agencyB.code, kind: 'BANDWIDTH' });
    const unknown = await listRequestsFor(deps, world.actors.evaluator, { agencyCode: 'TIDAKADA' });
    expect(unknown.total).toBe(0);
    expect((await requestDetail(deps, world.actors.evaluator, idB)).actions).toEqual([]);
    expect((await requestDetail(deps, world.actors.admin, idB)).actions).toEqual([
      'TELAAH',
      'TOLAK',
    ]);
  });
  it('pages by 20, newest first', async () => {
    const agency = await makeAgency(database.db);
    await makeAgreement(database.db, agency.code);
    const head = await makeUser(database.db, { role: 'KEPALA_INSTANSI', agencyCode: agency.code });
    const actor: Pick<Actor, 'id' | 'role' | 'agencyId'> = {
      id: head.id,
      role: 'KEPALA_INSTANSI',
      agencyId: agency.id,
    };
    const filed: number[] = [];
    for (let n = 0; n < 21; n++) {
      filed.push(
        await fileRequest(
          deps,
          actor,
          filing({ kind: 'BANDWIDTH', fields: { bandwidthKbps: 1000 + n } }),
        ),
      );
    }
    const first = await listRequestsFor(deps, actor, {});
    expect(first).toMatchObject({ total: 21, page: 1, pages: 2 });
    expect(first.items).toHaveLength(20);
    expect(first.items[0]!.id).toBe(filed[20]);
    const second = await listRequestsFor(deps, actor, { page: 2 });
    expect(second.items.map((i) => i.id)).toEqual([filed[0]]);
    const filtered = await listRequestsFor(deps, world.actors.admin, {
      agencyCode: agency.code,
      state: 'DITOLAK',
    });
    expect(filtered.total).toBe(0);
  });
});

describe('steps and their effects', () => {
  it('PoC: scheduled, result not before the date, approval lifts the quota: the 201st lookup is served', async () => {
    const id = await fileRequest(
      deps,
      world.actors.headA,
      filing({ kind: 'POC', fields: { namaAplikasi: 'SIMRS RSUD' } }),
    );
    await expect(startReview(deps, world.actors.admin, id)).rejects.toThrow(
      'Tindakan "Mulai telaah" tidak berlaku untuk permohonan Proof of concept (PoC) yang berstatus Diajukan',
    );
    await expect(schedulePoc(deps, world.actors.evaluator, id, '2026-11-26')).rejects.toThrow(
      RuleViolation,
    );
    await schedulePoc(deps, world.actors.admin, id, '2026-11-25');
    await schedulePoc(deps, world.actors.admin, id, '2026-11-26');
    expect(
      await refusal(decideRequest(deps, world.actors.admin, id, { action: 'SETUJUI', ...answer })),
    ).toEqual(['Hasil PoC baru dapat dicatat pada atau sesudah tanggal PoC (2026-11-26)']);

    now = new Date('2026-11-26T02:00:00Z');
    const token = await apiToken(world.operatorA.userId, world.operatorA.password);
    for (let hit = 1; hit <= 200; hit++) expect((await lookup(token)).code).toBe('DITEMUKAN');
    expect((await lookup(token)).code).toBe('KUOTA_HABIS');

    const result = await decideRequest(deps, world.actors.admin, id, {
      action: 'SETUJUI',
      answerNumber: '400.12/3002/2026',
      answerDate: '2026-11-26',
    });
    expect(result).toEqual({ state: 'DISETUJUI' });
    expect((await agreementRow(world.agreementA.id)).quota_stage).toBe('PASCA_POC');
    const served = await lookup(token);
    expect(served.code).toBe('DITEMUKAN');
    expect(served.quota).toMatchObject({ limit: null, used: 201 });

    const detail = await requestDetail(deps, world.actors.headA, id);
    expect(detail.history.map((h) => h.to)).toEqual([
      'DIAJUKAN',
      'DIJADWALKAN',
      'DIJADWALKAN',
      'DISETUJUI',
    ]);
    expect(detail.history.map((h) => h.note)).toEqual([
      'Surat nomor 470/101/2026 tanggal 2026-11-20',
      'PoC dijadwalkan pada 2026-11-25',
      'PoC dijadwalkan ulang dari 2026-11-25 ke 2026-11-26',
      'Surat jawaban nomor 400.12/3002/2026 tanggal 2026-11-26',
    ]);
    await expect(
      decideRequest(deps, world.actors.admin, id, {
        action: 'TOLAK',
        ...answer,
        reason: 'Berubah pikiran',
      }),
    ).rejects.toThrow('Permohonan sudah disetujui; tidak dapat diubah lagi');
    now = new Date('2026-11-24T03:00:00Z');
  });

  it('element change: approval by addendum grants exactly the elements asked; the lookup shows only those', async () => {
    const id = await fileRequest(
      deps,
      world.actors.headB,
      filing({
        kind: 'PERUBAHAN_METODE_ELEMEN',
        fields: { metodeAkses: ['PORTAL', 'API'], elemenData: ['NAMA_LENGKAP', 'NIK'] },
        files: [{ purpose: 'KAJIAN_TEKNIS', fileName: 'kajian.pdf', content: TINY_PDF }],
      }),
    );
    await startReview(deps, world.actors.admin, id);
    expect(
      await refusal(decideRequest(deps, world.actors.admin, id, { action: 'SETUJUI', ...answer })),
    ).toEqual(['Nomor adendum harus 3–60 karakter', 'Tanggal adendum harus tanggal YYYY-MM-DD']);
    await decideRequest(deps, world.actors.admin, id, {
      action: 'SETUJUI',
      ...answer,
      addendum: { nomor: '400.12/3003/2026', tanggal: '2026-11-24' },
    });
    const agreement = await agreementRow(world.agreementB.id);
    expect(agreement.granted_elements).toEqual(['NIK', 'NAMA_LENGKAP']);
    const operatorB = await makeUser(database.db, {
      role: 'OPERATOR',
      agencyCode: world.agencyB.code,
    });
    const answerB = await lookup(await apiToken(operatorB.userId, operatorB.password));
    expect(answerB.code).toBe('DITEMUKAN');
    expect(answerB.data).toEqual({ nik: RESIDENT_NIK, namaLengkap: 'SRI WAHYUNINGSIH' });
  });

  it('bandwidth: the technical study is required; the answer letter alone settles it (no addendum)', async () => {
    const withoutStudy = await refusal(
      fileRequest(
        deps,
        world.actors.headA,
        filing({ kind: 'BANDWIDTH', fields: { bandwidthKbps: '2048' }, files: [] }),
      ),
    );
    expect(withoutStudy).toContain('Kajian teknis wajib dilampirkan');
    const id = await fileRequest(
      deps,
      world.actors.headA,
      filing({ kind: 'BANDWIDTH', fields: { bandwidthKbps: '2048' } }),
    );
    await startReview(deps, world.actors.admin, id);
    await decideRequest(deps, world.actors.admin, id, { action: 'SETUJUI', ...answer });
    expect((await agreementRow(world.agreementA.id)).bandwidth_kbps).toBe(2048);
    const decided = await database.db
      .selectFrom('request')
      .select(['state', 'answer_number', 'answer_date'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(decided).toEqual({
      state: 'DISETUJUI',
      answer_number: answer.answerNumber,
      answer_date: answer.answerDate,
    });
    // The agreement's history cites the answer letter; no addendum was made.
    const history = await agreementHistory(database.db, world.agreementA.id);
    expect(history.at(-1)).toMatchObject({ kind: 'PERUBAHAN', addendum: null });
    expect(history.at(-1)!.reason).toContain(
      `surat jawaban nomor ${answer.answerNumber} tanggal ${answer.answerDate}`,
    );
    const trail = await database.db
      .selectFrom('admin_action')
      .select('action')
      .where('agency_id', '=', world.agencyA.id)
      .orderBy('id', 'desc')
      .limit(2)
      .execute();
    expect(trail.map((a) => a.action)).toEqual(['PKS_BANDWIDTH', 'PERMOHONAN_DISETUJUI']);
  });

  it('extension: approval makes the addendum with the new end date; the old terms stay in the history', async () => {
    const before = await agreementRow(world.agreementA.id);
    await expect(
      fileRequest(
        deps,
        world.actors.headA,
        filing({ kind: 'PERPANJANGAN', fields: { berakhirBaru: before.ends_on } }),
      ),
    ).rejects.toThrow(
      `Tanggal berakhir baru harus sesudah tanggal berakhir PKS saat ini (${before.ends_on})`,
    );
    const id = await fileRequest(
      deps,
      world.actors.headA,
      filing({ kind: 'PERPANJANGAN', fields: { berakhirBaru: '2029-09-16' } }),
    );
    await startReview(deps, world.actors.admin, id);
    await decideRequest(deps, world.actors.admin, id, {
      action: 'SETUJUI',
      ...answer,
      reason: 'Kinerja baik',
      addendum: { nomor: '400.12/3005/2026', tanggal: '2026-11-24' },
    });
    expect((await agreementRow(world.agreementA.id)).ends_on).toBe('2029-09-16');
    const events = await database.db
      .selectFrom('agreement_event')
      .select(['kind', 'terms_before', 'terms_after', 'addendum_nomor', 'reason'])
      .where('agreement_id', '=', world.agreementA.id)
      .orderBy('id', 'desc')
      .execute();
    expect(events[0]).toMatchObject({
      kind: 'ADENDUM',
      addendum_nomor: '400.12/3005/2026',
      terms_before: expect.objectContaining({ endsOn: before.ends_on }) as unknown,
      terms_after: expect.objectContaining({ endsOn: '2029-09-16' }) as unknown,
    });
    expect(String(events[0]!.reason)).toContain('surat nomor 470/101/2026');
  });

  it('rejection needs the answer letter and a reason, and changes nothing', async () => {
    const id = await fileRequest(
      deps,
      world.actors.headA,
      filing({ kind: 'BANDWIDTH', fields: { bandwidthKbps: 4096 } }),
    );
    expect(
      await refusal(decideRequest(deps, world.actors.admin, id, { action: 'TOLAK', ...answer })),
    ).toEqual(['Alasan penolakan wajib diisi, sekurang-kurangnya 10 karakter']);
    await decideRequest(deps, world.actors.admin, id, {
      action: 'TOLAK',
      ...answer,
      reason: 'Jaringan titik akses belum siap',
      answerFile: { purpose: 'SURAT_JAWABAN', fileName: 'jawaban.pdf', content: TINY_PDF },
    });
    const detail = await requestDetail(deps, world.actors.headA, id);
    expect(detail).toMatchObject({
      state: 'DITOLAK',
      decisionReason: 'Jaringan titik akses belum siap',
      answer: { nomor: answer.answerNumber, tanggal: answer.answerDate },
    });
    expect(detail.attachments.map((a) => a.purpose)).toEqual(['KAJIAN_TEKNIS', 'SURAT_JAWABAN']);
    expect((await agreementRow(world.agreementA.id)).bandwidth_kbps).toBe(2048);
  });
});

describe('user ID change: the new user ID, its one-time password and the BAST', () => {
  let id: number;
  let password: string;
  const newUserId = 'uji.petugas.baru';

  it('refuses approval before review, then creates the user ID on approval', async () => {
    id = await fileRequest(
      deps,
      world.actors.headA,
      filing({
        kind: 'PERUBAHAN_USER_ID',
        fields: { ...USER_ID_FORM, userIdUsulan: newUserId, userIdDiganti: world.operatorA.userId },
      }),
    );
    expect(
      await refusal(decideRequest(deps, world.actors.admin, id, { action: 'SETUJUI', ...answer })),
    ).toEqual([
      'Tindakan "Setujui" tidak berlaku untuk permohonan Perubahan user ID yang berstatus Diajukan',
    ]);
    await startReview(deps, world.actors.admin, id);
    const result = await decideRequest(deps, world.actors.admin, id, {
      action: 'SETUJUI',
      ...answer,
    });
    expect(result.handedOver).toMatchObject({
      userId: newUserId,
      role: 'OPERATOR',
      bast: { nomor: '400.12/BAST-001/Disdukcapil/2026', tanggal: '2026-11-24' },
    });
    password = result.handedOver!.oneTimePassword;
    expect(password).toMatch(/^[a-zA-Z2-9]{4}-[a-zA-Z2-9]{4}-[a-zA-Z2-9]{4}$/);

    const user = await database.db
      .selectFrom('app_user')
      .selectAll()
      .where('user_id', '=', newUserId)
      .executeTakeFirstOrThrow();
    expect(user).toMatchObject({
      agency_id: world.agencyA.id,
      role: 'OPERATOR',
      display_name: USER_ID_FORM.namaLengkap,
      must_change_password: true,
      status: 'AKTIF',
    });
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    const replaced = await database.db
      .selectFrom('app_user')
      .select('status')
      .where('user_id', '=', world.operatorA.userId)
      .executeTakeFirstOrThrow();
    expect(replaced.status).toBe('NON_AKTIF');
    const actions = await database.db
      .selectFrom('admin_action')
      .select(['action', 'target'])
      .where('agency_id', '=', world.agencyA.id)
      .where('action', 'in', ['USER_DIBUAT', 'USER_DINONAKTIFKAN', 'PERMOHONAN_DISETUJUI'])
      .orderBy('id')
      .execute();
    expect(actions.slice(-3)).toEqual([
      { action: 'PERMOHONAN_DISETUJUI', target: `Permohonan ${id}` },
      { action: 'USER_DIBUAT', target: newUserId },
      { action: 'USER_DINONAKTIFKAN', target: world.operatorA.userId },
    ]);
    const detail = await requestDetail(deps, world.actors.headA, id);
    expect(detail.bast).toEqual({
      nomor: '400.12/BAST-001/Disdukcapil/2026',
      tanggal: '2026-11-24',
      userId: newUserId,
    });
  });

  it('keeps the one-time password nowhere in the database in clear', async () => {
    expect(await whereInDatabase(database.db, password)).toEqual([]);
    // The search does find what is there: the user ID is in several places.
    expect(await whereInDatabase(database.db, newUserId)).toContain('app_user.user_id');
  });

  it('prints the BAST with the password only for the decider, only while it is the one-time password', async () => {
    const withPassword = await bastPdf(deps, world.actors.admin, id, password);
    const parsed = await new PDFParse({ data: withPassword.content }).getText();
    expect(parsed.total).toBe(1);
    const text = parsed.text.replace(/\s+/g, ' ');
    expect(text).toContain('BERITA ACARA SERAH TERIMA');
    expect(text).toContain('PEMERINTAH KABUPATEN PURBALINGGA');
    expect(text).toContain('DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL');
    expect(text).toContain('Nomor: 400.12/BAST-001/Disdukcapil/2026');
    expect(text).toContain(
      'Pada hari ini Selasa tanggal dua puluh empat bulan November tahun dua ribu dua puluh enam',
    );
    expect(text).toContain('PIHAK KESATU');
    expect(text).toContain('PIHAK KEDUA');
    expect(text).toContain(newUserId);
    expect(text).toContain(password);
    expect(text).toContain(`Instansi Uji ${world.agencyA.code}`);
    expect(text).toContain(world.agreementA.nomorDukcapil);
    expect(withPassword.fileName).toBe(`BAST-${newUserId}.pdf`);

    const copy = await bastPdf(deps, world.actors.headA, id);
    const copyText = (await new PDFParse({ data: copy.content }).getText()).text.replace(
      /\s+/g,
      ' ',
    );
    expect(copyText).toContain(newUserId);
    expect(copyText).not.toContain(password);
    expect(copyText).toContain('tidak disimpan oleh sistem');

    await expect(bastPdf(deps, world.actors.admin, id, 'tebakan-salah-123')).rejects.toThrow(
      'Berita acara dengan kata sandi hanya dapat dicetak sesaat setelah persetujuan',
    );
    await expect(bastPdf(deps, world.actors.headA, id, password)).rejects.toThrow(RuleViolation);
    await expect(bastPdf(deps, world.actors.headB, id)).rejects.toThrow(NotFound);

    now = new Date(now.getTime() + 31 * 60_000);
    await expect(bastPdf(deps, world.actors.admin, id, password)).rejects.toThrow(RuleViolation);
    now = new Date('2026-11-24T03:00:00Z');
  });

  it('no longer prints the password once the user has changed it', async () => {
    const newUser = await database.db
      .selectFrom('app_user')
      .select('id')
      .where('user_id', '=', newUserId)
      .executeTakeFirstOrThrow();
    await changeOwnPassword(deps, {
      id: newUser.id,
      current: password,
      next: 'kata-sandi-baru-sendiri-1',
      repeat: 'kata-sandi-baru-sendiri-1',
    });
    await expect(bastPdf(deps, world.actors.admin, id, password)).rejects.toThrow(RuleViolation);
  });

  it('undoes the whole approval when its effect is refused: a user ID taken meanwhile', async () => {
    const requestId = await fileRequest(
      deps,
      world.actors.headA,
      filing({ kind: 'PERUBAHAN_USER_ID', fields: USER_ID_FORM }),
    );
    await startReview(deps, world.actors.admin, requestId);
    const admin: Pick<Actor, 'id' | 'role' | 'agencyId'> = world.actors.admin;
    expect(
      await refusal(
        decideRequest(deps, admin, requestId, {
          action: 'SETUJUI',
          ...answer,
          newUserId: world.headB.userId,
        }),
      ),
    ).toEqual([`User ID ${world.headB.userId} sudah dipakai; isikan user ID lain`]);
    const detail = await requestDetail(deps, admin, requestId);
    expect(detail.state).toBe('DITELAAH');
    expect(detail.history.map((h) => h.to)).toEqual(['DIAJUKAN', 'DITELAAH']);
    expect(detail.bast).toBeNull();

    // Without a proposal, the user ID is derived from the agency, the role and the number.
    const result = await decideRequest(deps, admin, requestId, { action: 'SETUJUI', ...answer });
    expect(result.handedOver?.userId).toBe(
      `${world.agencyA.code.toLowerCase()}.operator.${requestId}`,
    );
    expect(result.handedOver?.bast.nomor).toBe('400.12/BAST-002/Disdukcapil/2026');
  });
});
