import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Actor } from '../../domain/actor.js';
import { Refusal } from '../../domain/refusals.js';
import { serviceKindsProblems } from '../../domain/service-case.js';
import { CLI_ACTOR } from '../../domain/user-scope.js';
import { DINKES_DATA_BALIKAN, DPMPTSP_DATA_BALIKAN } from '../demo/agreements.js';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeReturnAgency } from '../../../test/data-balikan.js';
import { makeResident, makeUser, TEST_PASSWORD } from '../../../test/factories.js';
import { login } from '../account/login.js';
import { getAgencyDetail } from '../agreements/agencies.js';
import { sealAll } from '../audit-seal/sealer.js';
import { verifyAuditTrail } from '../audit-seal/verify.js';
import { makeDeps, type Deps } from '../deps.js';
import { caseDetail, openCase, takeStep } from './cases.js';
import { checkCase } from './check.js';
import { DEMO_SERVICE_KINDS } from './demo-kinds.js';
import { setServiceKindsByNumber } from './kinds.js';
import { caseCountsByOfficer, openCaseQueue, returnOwedCases } from './queries.js';
import { caseReturnForm, sendCaseReturnData } from './return-data.js';

/**
 * The counter flow end to end through the use cases (issue 12 item 1), on both engines: a
 * case, its lookup with the case number in the audit trail, the decision, the correction, a
 * second check without the NIK typed again, the document issued and handed over, the return
 * data prefilled and sent by the one return-data use case, the case closed — and refusals in
 * Bahasa Indonesia that write nothing, and the agency scope.
 */

const FOUND = '3303054703900002';
const UNKNOWN = '3303051203850007';
const now = new Date('2026-11-24T03:00:00Z');

let t: TestDatabase;
let deps: Deps;
let officer: Actor;
let token: string;
let agencyId: number;
let agreementId: number;

async function portalToken(userId: string): Promise<string> {
  const result = await login(deps, {
    userId,
    password: TEST_PASSWORD,
    kind: 'PORTAL',
    clientIp: '127.0.0.1',
  });
  if (!result.ok) throw new Error(result.code);
  return result.token;
}

async function refusalOf(promise: Promise<unknown>): Promise<Refusal> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Refusal)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

async function count(table: 'service_case' | 'data_balikan' | 'audit_log'): Promise<number> {
  const row = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(
    t.db,
  );
  return row.rows[0]!.n;
}

beforeAll(async () => {
  t = await createTestDatabase();
  deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, t.db, { clock: () => now });
  await makeResident(t.db, { nik: FOUND, namaLengkap: 'RATNA SARI DEWI' });
  const made = await makeReturnAgency(t.db);
  agencyId = made.agency.id;
  agreementId = made.agreement.id;
  await setServiceKindsByNumber(
    deps,
    CLI_ACTOR,
    made.agreement.nomorDukcapil,
    DEMO_SERVICE_KINDS.DINKES,
  );
  officer = {
    id: made.operator.id,
    userId: made.operator.userId,
    displayName: 'Operator',
    role: 'OPERATOR',
    agencyId,
    clientIp: '127.0.0.1',
  };
  token = await portalToken(made.operator.userId);
});
afterAll(() => t.drop());

describe('the counter flow', () => {
  it('runs from the application to the closed case, the NIK typed once', async () => {
    const opened = await openCase(deps, officer, {
      applicationNumber: ' PRM/2026/0001 ',
      kindCode: 'JKN_PENDAFTARAN',
      nik: FOUND,
    });
    expect(opened.caseNumber).toMatch(/^LYN\/UJI\d+\/2026\/00001$/);
    const id = opened.id;

    // Step 3: the lookup from the case, its purpose the case.
    const first = await checkCase(deps, officer, id, { token });
    expect(first.outcome.code).toBe('DITEMUKAN');
    expect(first.outcome.data?.namaLengkap).toBe('RATNA SARI DEWI');
    expect(first.case.state).toBe('DIPERIKSA');
    expect(first.case.checks).toBe(1);

    // 4b: not matching the applicant's documents; the case stays open.
    await takeStep(deps, officer, id, 'TIDAK_SESUAI', {
      note: 'Nama pada formulir berbeda dengan KTP-el; minta formulir diperbaiki',
    });
    const waiting = await takeStep(deps, officer, id, 'CATAT_PERBAIKAN', {
      note: 'Formulir diperbaiki dan ditandatangani ulang',
    });
    expect(waiting.state).toBe('DIPERBAIKI');
    expect(waiting.nik).toBe(FOUND);

    // Step 10: checked again, nothing typed but the session.
    const second = await checkCase(deps, officer, id, { token });
    expect(second.outcome.code).toBe('DITEMUKAN');
    expect(second.case.checks).toBe(2);

    await takeStep(deps, officer, id, 'SESUAI');
    const issued = await takeStep(deps, officer, id, 'TERBITKAN', {
      documentNumber: '0001234567890',
    });
    expect([issued.state, issued.documentNumber]).toEqual(['DITERBITKAN', '0001234567890']);
    expect((await returnOwedCases(deps, officer, { limit: 10, offset: 0 })).rows).toEqual([
      expect.objectContaining({ id, dueOn: '2026-12-24', overdue: false }),
    ]);
    await takeStep(deps, officer, id, 'SERAHKAN');

    // Step 6: prefilled with the number just issued, sent by the one return-data use case.
    const form = await caseReturnForm(deps, officer, id);
    expect(form.values).toEqual({
      nomor_kepesertaan_jkn: '0001234567890',
      nomor_rekam_medis: '',
      nomor_surat_kematian: '',
      nomor_surat_kelahiran: '',
    });
    const sent = await sendCaseReturnData(deps, officer, id, { ...form.values });
    expect([sent.result.added, sent.case.state]).toEqual([1, 'DATA_BALIKAN_TERKIRIM']);
    expect((await returnOwedCases(deps, officer, { limit: 10, offset: 0 })).total).toBe(0);
    const closed = await takeStep(deps, officer, id, 'TUTUP');
    expect(closed.state).toBe('SELESAI');
    expect(closed.closedAt).toEqual(now);

    // The audit trail: both lookups of the case's NIK, each stating the case.
    const lookups = await t.db
      .selectFrom('audit_log')
      .select(['id', 'nik', 'purpose', 'response_code', 'channel'])
      .where('user_id', '=', officer.id)
      .where('action', '=', 'LOOKUP')
      .orderBy('id')
      .execute();
    expect(lookups).toHaveLength(2);
    for (const row of lookups) {
      expect(row).toMatchObject({ nik: FOUND, response_code: 'DITEMUKAN', channel: 'PORTAL' });
      expect(row.purpose).toBe(
        `Layanan ${opened.caseNumber}: Pendaftaran peserta JKN, permohonan PRM/2026/0001`,
      );
    }

    // The case's history ties each check to its audit row; the admin trail has every step.
    const detail = await caseDetail(deps, officer, id);
    expect(detail.events.map((e) => e.action)).toEqual([
      'BUKA',
      'PERIKSA',
      'TIDAK_SESUAI',
      'CATAT_PERBAIKAN',
      'PERIKSA',
      'SESUAI',
      'TERBITKAN',
      'SERAHKAN',
      'KIRIM_DATA_BALIKAN',
      'TUTUP',
    ]);
    expect(detail.events.filter((e) => e.action === 'PERIKSA').map((e) => e.auditId)).toEqual(
      lookups.map((l) => l.id),
    );
    const trail = await t.db
      .selectFrom('admin_action')
      .select(['action', 'actor_id', 'agency_id'])
      .where('target', '=', opened.caseNumber)
      .orderBy('id')
      .execute();
    expect(trail.map((a) => a.action)).toEqual([
      'LAYANAN_DIBUKA',
      'LAYANAN_DIPERIKSA',
      'LAYANAN_TIDAK_SESUAI',
      'LAYANAN_DIPERBAIKI',
      'LAYANAN_DIPERIKSA',
      'LAYANAN_SESUAI',
      'LAYANAN_DITERBITKAN',
      'LAYANAN_DISERAHKAN',
      'LAYANAN_DATA_BALIKAN_DIKIRIM',
      'LAYANAN_SELESAI',
    ]);
    expect(trail.every((a) => a.actor_id === officer.id && a.agency_id === agencyId)).toBe(true);
    // Sealed like the rest of the trail: every step and both lookups are leaves that verify.
    await sealAll(deps);
    const trailIds = await t.db
      .selectFrom('admin_action')
      .select('id')
      .where('target', '=', opened.caseNumber)
      .execute();
    const leaves = await t.db
      .selectFrom('audit_seal_leaf')
      .select(['source', 'source_id'])
      .where((eb) =>
        eb.or([
          eb.and([
            eb('source', '=', 'admin_action'),
            eb(
              'source_id',
              'in',
              trailIds.map((r) => r.id),
            ),
          ]),
          eb.and([
            eb('source', '=', 'audit_log'),
            eb(
              'source_id',
              'in',
              lookups.map((l) => l.id),
            ),
          ]),
        ]),
      )
      .execute();
    expect(leaves).toHaveLength(trailIds.length + lookups.length);
    expect((await verifyAuditTrail(deps)).ok).toBe(true);
    // Routine steps stay out of the agency's administrative record on Dukcapil's console.
    const record = await getAgencyDetail(t.db, agencyId, now);
    expect(record.history.length).toBeGreaterThan(0);
    expect(record.history.filter((h) => h.action.startsWith('LAYANAN_'))).toEqual([]);

    // The return data arrived under the agreement, and the case holds no population data.
    const returned = await t.db
      .selectFrom('data_balikan')
      .select(['nik', 'fields', 'channel'])
      .where('agreement_id', '=', agreementId)
      .execute();
    expect(returned).toEqual([
      { nik: FOUND, fields: { nomor_kepesertaan_jkn: '0001234567890' }, channel: 'FORMULIR' },
    ]);
    const stored = await sql<Record<string, unknown>>`SELECT * FROM service_case WHERE id = ${id}`
      .execute(t.db)
      .then((r) => r.rows[0]!);
    expect(JSON.stringify(stored)).not.toContain('RATNA');
    expect(Object.keys(stored).sort()).toEqual(
      [
        'agency_id',
        'agreement_id',
        'application_number',
        'case_number',
        'checks',
        'closed_at',
        'document_label',
        'document_number',
        'handed_over_at',
        'handled_by',
        'id',
        'issued_at',
        'kind_code',
        'kind_label',
        'last_checked_at',
        'nik',
        'opened_at',
        'opened_by',
        'return_sent_at',
        'state',
        'updated_at',
      ].sort(),
    );
  });

  it('takes a corrected NIK after "not found" and checks the corrected one', async () => {
    const { id } = await openCase(deps, officer, {
      applicationNumber: 'PRM-2',
      kindCode: 'PASIEN_PENDAFTARAN',
      nik: UNKNOWN,
    });
    const first = await checkCase(deps, officer, id, { token });
    expect([first.outcome.code, first.case.state]).toEqual(['TIDAK_DITEMUKAN', 'DIPERIKSA']);
    // "Not found" cannot be approved: 4b, the applicant corrects.
    const approve = await refusalOf(takeStep(deps, officer, id, 'SESUAI'));
    expect([approve.code, approve.message]).toEqual([
      'KONFLIK',
      'NIK pemohon tidak ditemukan pada pemeriksaan terakhir, sehingga permohonan tidak dapat disetujui: catat "tidak sesuai" dan minta pemohon memperbaiki dokumen',
    ]);
    await takeStep(deps, officer, id, 'TIDAK_SESUAI', { note: 'NIK tidak ditemukan; cek KK' });
    await takeStep(deps, officer, id, 'CATAT_PERBAIKAN', {
      note: 'NIK pada formulir salah ketik',
      correctedNik: FOUND,
    });
    const second = await checkCase(deps, officer, id, { token });
    expect([second.outcome.code, second.case.nik]).toEqual(['DITEMUKAN', FOUND]);
    const trail = await t.db
      .selectFrom('admin_action')
      .select('detail')
      .where('action', '=', 'LAYANAN_DIPERBAIKI')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(trail.detail).toMatchObject({ nikSebelumnya: UNKNOWN, nik: FOUND });
  });

  it('leaves the case as it was when the lookup is refused (access point)', async () => {
    const { id } = await openCase(deps, officer, {
      applicationNumber: 'PRM-3',
      kindCode: 'JKN_PENDAFTARAN',
      nik: FOUND,
    });
    const away = { ...officer, clientIp: '10.9.9.9' };
    const checked = await checkCase(deps, away, id, { token });
    expect(checked.outcome.code).toBe('IP_TIDAK_SESUAI');
    expect([checked.case.state, checked.case.checks]).toEqual(['TERBUKA', 0]);
  });
});

describe('bad input', () => {
  it('refuses a case by field, in Indonesian, and writes nothing', async () => {
    const before = await count('service_case');
    const refusal = await refusalOf(
      openCase(deps, officer, { applicationNumber: '<b>', kindCode: 'KTP', nik: '330305' }),
    );
    expect(refusal.code).toBe('PERMINTAAN_TIDAK_VALID');
    expect(refusal.detail?.fields).toEqual([
      {
        field: 'nomorPermohonan',
        message:
          'Nomor permohonan hanya boleh berupa huruf, angka, spasi, titik, garis miring atau tanda hubung',
      },
      { field: 'jenis', message: 'Pilih jenis layanan dari daftar PKS instansi Anda' },
      {
        field: 'nik',
        message: 'NIK pemohon tidak sesuai format Dukcapil: NIK harus terdiri dari 16 digit',
      },
    ]);
    expect(await count('service_case')).toBe(before);
  });

  it('refuses steps without their words, or out of order, and moves nothing', async () => {
    const { id } = await openCase(deps, officer, {
      applicationNumber: 'PRM-4',
      kindCode: 'JKN_PENDAFTARAN',
      nik: FOUND,
    });
    const early = await refusalOf(takeStep(deps, officer, id, 'SESUAI'));
    expect(early.code).toBe('KONFLIK');
    expect(early.message).toContain('Langkah "Sesuai: disetujui" tidak dapat dilakukan');
    await checkCase(deps, officer, id, { token });
    const noNote = await refusalOf(takeStep(deps, officer, id, 'TIDAK_SESUAI', { note: ' ' }));
    expect(noNote.detail?.fields).toEqual([
      {
        field: 'catatan',
        message: 'Hal yang harus diperbaiki pemohon wajib diisi (5–500 karakter)',
      },
    ]);
    await takeStep(deps, officer, id, 'SESUAI');
    const noNumber = await refusalOf(
      takeStep(deps, officer, id, 'TERBITKAN', { documentNumber: '' }),
    );
    expect(noNumber.detail?.fields).toEqual([
      { field: 'nomorDokumen', message: 'Nomor kepesertaan JKN wajib diisi' },
    ]);
    expect((await caseDetail(deps, officer, id)).case.state).toBe('DISETUJUI');
    await takeStep(deps, officer, id, 'TERBITKAN', { documentNumber: '0009876543210' });
    await takeStep(deps, officer, id, 'SERAHKAN');

    // Return data the schema refuses: every reason, nothing written, the case where it was.
    const rows = await count('data_balikan');
    const bad = await refusalOf(
      sendCaseReturnData(deps, officer, id, { nomor_kepesertaan_jkn: '12345' }),
    );
    expect(bad.code).toBe('PERMINTAAN_TIDAK_VALID');
    expect(bad.message).toMatch(/^Data balikan tidak diterima: Nomor kepesertaan JKN/);
    expect(await count('data_balikan')).toBe(rows);
    expect((await caseDetail(deps, officer, id)).case.state).toBe('DISERAHKAN');
  });
});

describe('the demo kinds of service', () => {
  it('fill only fields of the demo agreements’ return-data schemas', () => {
    expect(serviceKindsProblems(DEMO_SERVICE_KINDS.DINKES, DINKES_DATA_BALIKAN)).toEqual([]);
    expect(serviceKindsProblems(DEMO_SERVICE_KINDS.DPMPTSP, DPMPTSP_DATA_BALIKAN)).toEqual([]);
    // Each permit kind prefills one of the schema's own options.
    const options = DPMPTSP_DATA_BALIKAN.fields[1]!.options!;
    for (const kind of DEMO_SERVICE_KINDS.DPMPTSP ?? []) {
      expect(options).toContain(kind.returnValues?.jenis_perizinan_investasi);
    }
  });
});

describe('agency scope', () => {
  it('keeps a case within its agency: other agencies and Dukcapil cannot reach it', async () => {
    const { id } = await openCase(deps, officer, {
      applicationNumber: 'PRM-5',
      kindCode: 'JKN_PENDAFTARAN',
      nik: FOUND,
    });
    const other = await makeReturnAgency(t.db);
    const stranger: Actor = {
      ...officer,
      id: other.operator.id,
      userId: other.operator.userId,
      agencyId: other.agency.id,
    };
    const strangerToken = await portalToken(other.operator.userId);
    for (const attempt of [
      caseDetail(deps, stranger, id),
      takeStep(deps, stranger, id, 'BATALKAN', { note: 'Bukan kasus saya' }),
      checkCase(deps, stranger, id, { token: strangerToken }),
      caseReturnForm(deps, stranger, id),
    ]) {
      expect((await refusalOf(attempt)).code).toBe('TIDAK_DITEMUKAN');
    }
    expect((await openCaseQueue(deps, stranger, { limit: 50, offset: 0 })).total).toBe(0);
    const admin = await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' });
    const dukcapil: Actor = { ...officer, id: admin.id, role: 'ADMIN_DUKCAPIL', agencyId: null };
    expect((await refusalOf(caseDetail(deps, dukcapil, id))).code).toBe('TIDAK_BERWENANG');
    expect((await refusalOf(caseCountsByOfficer(deps, officer))).code).toBe('TIDAK_BERWENANG');
    // The stranger's attempt left nothing in the audit trail under this case.
    const lookups = await t.db
      .selectFrom('audit_log')
      .select('id')
      .where('user_id', '=', other.operator.id)
      .where('action', '=', 'LOOKUP')
      .execute();
    expect(lookups).toEqual([]);
  });

  it('shows the head the cases per officer and state', async () => {
    // The counter's queue: every open case of the agency, or the officer's own.
    const page = { limit: 50, offset: 0 };
    const all = await openCaseQueue(deps, officer, page);
    expect(all.rows.every((c) => !['SELESAI', 'DIBATALKAN'].includes(c.state))).toBe(true);
    expect(all.total).toBe(4);
    expect((await openCaseQueue(deps, officer, page, { mine: true })).total).toBe(4);
    const colleague = { ...officer, id: officer.id + 1000 };
    expect((await openCaseQueue(deps, colleague, page)).total).toBe(4);
    expect((await openCaseQueue(deps, colleague, page, { mine: true })).total).toBe(0);
    const counts = await caseCountsByOfficer(deps, { role: 'KEPALA_INSTANSI', agencyId });
    expect(counts.officers).toHaveLength(1);
    expect(counts.officers[0]).toMatchObject({ userId: officer.userId, total: 5 });
    expect(counts.totals.SELESAI).toBe(1);
    expect(counts.totals.DISERAHKAN).toBe(1);
  });
});
