import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import {
  COUNTER_NOW as now,
  FOUND,
  FOUND_NAME,
  refusalOf,
  setUpCounter,
  UNKNOWN,
  type Counter,
} from '../../../test/service-cases.js';
import { getAgencyDetail } from '../agreements/agencies.js';
import { sealAll } from '../audit-seal/sealer.js';
import { verifyAuditTrail } from '../audit-seal/verify.js';
import { openCase, takeStep } from './cases.js';
import { checkCase } from './check.js';
import { caseDetail, returnOwedCases } from './queries.js';
import { caseReturnForm, sendCaseReturnData } from './return-data.js';

/**
 * The counter flow end to end through the use cases (issue 12 item 1), on both engines: a
 * case, its lookup with the case number in the audit trail, the decision, the correction, a
 * second check without the NIK typed again, the document issued and handed over, the return
 * data prefilled and sent by the one return-data use case, the case closed, every step in the
 * sealed trail. Refusals and scope: service-case-rules.test.ts.
 */

let c: Counter;
beforeAll(async () => {
  c = await setUpCounter();
});
afterAll(() => c.t.drop());

describe('the counter flow', () => {
  it('runs from the application to the closed case, the NIK typed once', async () => {
    const opened = await openCase(c.deps, c.officer, {
      applicationNumber: ' PRM/2026/0001 ',
      kindCode: 'JKN_PENDAFTARAN',
      nik: FOUND,
    });
    expect(opened.caseNumber).toMatch(/^LYN\/UJI\d+\/2026\/00001$/);
    const id = opened.id;

    // Step 3: the lookup from the case, its purpose the case.
    const first = await checkCase(c.deps, c.officer, id, { token: c.token });
    expect(first.outcome.code).toBe('DITEMUKAN');
    expect(first.outcome.data?.namaLengkap).toBe(FOUND_NAME);
    expect(first.case.state).toBe('DIPERIKSA');
    expect(first.case.checks).toBe(1);

    // 4b: not matching the applicant's documents; the case stays open.
    await takeStep(c.deps, c.officer, id, 'TIDAK_SESUAI', {
      note: 'Nama pada formulir berbeda dengan KTP-el; minta formulir diperbaiki',
    });
    const waiting = await takeStep(c.deps, c.officer, id, 'CATAT_PERBAIKAN', {
      note: 'Formulir diperbaiki dan ditandatangani ulang',
    });
    expect(waiting.state).toBe('DIPERBAIKI');
    expect(waiting.nik).toBe(FOUND);

    // Step 10: checked again, nothing typed but the session.
    const second = await checkCase(c.deps, c.officer, id, { token: c.token });
    expect(second.outcome.code).toBe('DITEMUKAN');
    expect(second.case.checks).toBe(2);

    await takeStep(c.deps, c.officer, id, 'SESUAI');
    const issued = await takeStep(c.deps, c.officer, id, 'TERBITKAN', {
      documentNumber: '0001234567890',
    });
    expect([issued.state, issued.documentNumber]).toEqual(['DITERBITKAN', '0001234567890']);
    expect((await returnOwedCases(c.deps, c.officer, { limit: 10, offset: 0 })).rows).toEqual([
      expect.objectContaining({ id, dueOn: '2026-12-24', overdue: false }),
    ]);
    await takeStep(c.deps, c.officer, id, 'SERAHKAN');

    // Step 6: prefilled with the number just issued, sent by the one return-data use case.
    const form = await caseReturnForm(c.deps, c.officer, id);
    expect(form.values).toEqual({
      nomor_kepesertaan_jkn: '0001234567890',
      nomor_rekam_medis: '',
      nomor_surat_kematian: '',
      nomor_surat_kelahiran: '',
    });
    const sent = await sendCaseReturnData(c.deps, c.officer, id, { ...form.values });
    expect([sent.result.added, sent.case.state]).toEqual([1, 'DATA_BALIKAN_TERKIRIM']);
    expect((await returnOwedCases(c.deps, c.officer, { limit: 10, offset: 0 })).total).toBe(0);
    const closed = await takeStep(c.deps, c.officer, id, 'TUTUP');
    expect(closed.state).toBe('SELESAI');
    expect(closed.closedAt).toEqual(now);

    // The audit trail: both lookups of the case's NIK, each stating the case.
    const lookups = await c.t.db
      .selectFrom('audit_log')
      .select(['id', 'nik', 'purpose', 'response_code', 'channel'])
      .where('user_id', '=', c.officer.id)
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
    const detail = await caseDetail(c.deps, c.officer, id);
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
    const trail = await c.t.db
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
    expect(trail.every((a) => a.actor_id === c.officer.id && a.agency_id === c.agencyId)).toBe(
      true,
    );
    // Sealed like the rest of the trail: every step and both lookups are leaves that verify.
    await sealAll(c.deps);
    const trailIds = await c.t.db
      .selectFrom('admin_action')
      .select('id')
      .where('target', '=', opened.caseNumber)
      .execute();
    const leaves = await c.t.db
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
    expect((await verifyAuditTrail(c.deps)).ok).toBe(true);
    // Routine steps stay out of the agency's administrative record on Dukcapil's console.
    const record = await getAgencyDetail(c.t.db, c.agencyId, now);
    expect(record.history.length).toBeGreaterThan(0);
    expect(record.history.filter((h) => h.action.startsWith('LAYANAN_'))).toEqual([]);

    // The return data arrived under the agreement, and the case holds no population data.
    const returned = await c.t.db
      .selectFrom('data_balikan')
      .select(['nik', 'fields', 'channel'])
      .where('agreement_id', '=', c.agreementId)
      .execute();
    expect(returned).toEqual([
      { nik: FOUND, fields: { nomor_kepesertaan_jkn: '0001234567890' }, channel: 'FORMULIR' },
    ]);
    const stored = await sql<Record<string, unknown>>`SELECT * FROM service_case WHERE id = ${id}`
      .execute(c.t.db)
      .then((r) => r.rows[0]!);
    expect(JSON.stringify(stored)).not.toContain(FOUND_NAME);
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
    const { id } = await openCase(c.deps, c.officer, {
      applicationNumber: 'PRM-2',
      kindCode: 'PASIEN_PENDAFTARAN',
      nik: UNKNOWN,
    });
    const first = await checkCase(c.deps, c.officer, id, { token: c.token });
    expect([first.outcome.code, first.case.state]).toEqual(['TIDAK_DITEMUKAN', 'DIPERIKSA']);
    // "Not found" cannot be approved: 4b, the applicant corrects.
    const approve = await refusalOf(takeStep(c.deps, c.officer, id, 'SESUAI'));
    expect([approve.code, approve.message]).toEqual([
      'KONFLIK',
      'NIK pemohon tidak ditemukan pada pemeriksaan terakhir, sehingga permohonan tidak dapat disetujui: catat "tidak sesuai" dan minta pemohon memperbaiki dokumen',
    ]);
    await takeStep(c.deps, c.officer, id, 'TIDAK_SESUAI', { note: 'NIK tidak ditemukan; cek KK' });
    await takeStep(c.deps, c.officer, id, 'CATAT_PERBAIKAN', {
      note: 'NIK pada formulir salah ketik',
      correctedNik: FOUND,
    });
    const second = await checkCase(c.deps, c.officer, id, { token: c.token });
    expect([second.outcome.code, second.case.nik]).toEqual(['DITEMUKAN', FOUND]);
    const trail = await c.t.db
      .selectFrom('admin_action')
      .select('detail')
      .where('action', '=', 'LAYANAN_DIPERBAIKI')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(trail.detail).toMatchObject({ nikSebelumnya: UNKNOWN, nik: FOUND });
  });

  it('leaves the case as it was when the lookup is refused (access point)', async () => {
    const { id } = await openCase(c.deps, c.officer, {
      applicationNumber: 'PRM-3',
      kindCode: 'JKN_PENDAFTARAN',
      nik: FOUND,
    });
    const away = { ...c.officer, clientIp: '10.9.9.9' };
    const checked = await checkCase(c.deps, away, id, { token: c.token });
    expect(checked.outcome.code).toBe('IP_TIDAK_SESUAI');
    expect([checked.case.state, checked.case.checks]).toEqual(['TERBUKA', 0]);
  });
});
