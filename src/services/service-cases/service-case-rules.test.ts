import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actor.js';
import { serviceKindsProblems } from '../../domain/service-case.js';
import { makeReturnAgency } from '../../../test/data-balikan.js';
import { makeUser } from '../../../test/factories.js';
import { FOUND, refusalOf, setUpCounter, type Counter } from '../../../test/service-cases.js';
import { DINKES_DATA_BALIKAN, DPMPTSP_DATA_BALIKAN } from '../demo/agreements.js';
import { openCase, takeStep } from './cases.js';
import { checkCase } from './check.js';
import { DEMO_SERVICE_KINDS } from './demo-kinds.js';
import { caseCountsByOfficer, caseDetail, openCaseQueue } from './queries.js';
import { caseReturnForm, sendCaseReturnData } from './return-data.js';

/**
 * The counter flow's rules through its use cases, on both engines: bad input refused by field
 * in Bahasa Indonesia with nothing written, steps out of turn, the demo's kinds of service,
 * and the agency scope of cases, queues and the head's counts.
 */

let c: Counter;
beforeAll(async () => {
  c = await setUpCounter();
});
afterAll(() => c.t.drop());

describe('bad input', () => {
  it('refuses a case by field, in Indonesian, and writes nothing', async () => {
    const before = await c.count('service_case');
    const refusal = await refusalOf(
      openCase(c.deps, c.officer, { applicationNumber: '<b>', kindCode: 'KTP', nik: '330305' }),
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
    expect(await c.count('service_case')).toBe(before);
  });

  it('refuses steps without their words, or out of order, and moves nothing', async () => {
    const { id } = await openCase(c.deps, c.officer, {
      applicationNumber: 'PRM-4',
      kindCode: 'JKN_PENDAFTARAN',
      nik: FOUND,
    });
    const early = await refusalOf(takeStep(c.deps, c.officer, id, 'SESUAI'));
    expect(early.code).toBe('KONFLIK');
    expect(early.message).toContain('Langkah "Sesuai: disetujui" tidak dapat dilakukan');
    await checkCase(c.deps, c.officer, id, { token: c.token });
    const noNote = await refusalOf(takeStep(c.deps, c.officer, id, 'TIDAK_SESUAI', { note: ' ' }));
    expect(noNote.detail?.fields).toEqual([
      {
        field: 'catatan',
        message: 'Hal yang harus diperbaiki pemohon wajib diisi (5–500 karakter)',
      },
    ]);
    await takeStep(c.deps, c.officer, id, 'SESUAI');
    const noNumber = await refusalOf(
      takeStep(c.deps, c.officer, id, 'TERBITKAN', { documentNumber: '' }),
    );
    expect(noNumber.detail?.fields).toEqual([
      { field: 'nomorDokumen', message: 'Nomor kepesertaan JKN wajib diisi' },
    ]);
    expect((await caseDetail(c.deps, c.officer, id)).case.state).toBe('DISETUJUI');
    await takeStep(c.deps, c.officer, id, 'TERBITKAN', { documentNumber: '0009876543210' });
    await takeStep(c.deps, c.officer, id, 'SERAHKAN');

    // Return data the schema refuses: every reason, nothing written, the case where it was.
    const rows = await c.count('data_balikan');
    const bad = await refusalOf(
      sendCaseReturnData(c.deps, c.officer, id, { nomor_kepesertaan_jkn: '12345' }),
    );
    expect(bad.code).toBe('PERMINTAAN_TIDAK_VALID');
    expect(bad.message).toMatch(/^Data balikan tidak diterima: Nomor kepesertaan JKN/);
    expect(await c.count('data_balikan')).toBe(rows);
    expect((await caseDetail(c.deps, c.officer, id)).case.state).toBe('DISERAHKAN');
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
    const { id } = await openCase(c.deps, c.officer, {
      applicationNumber: 'PRM-5',
      kindCode: 'JKN_PENDAFTARAN',
      nik: FOUND,
    });
    const other = await makeReturnAgency(c.t.db);
    const stranger: Actor = {
      ...c.officer,
      id: other.operator.id,
      userId: other.operator.userId,
      agencyId: other.agency.id,
    };
    const strangerToken = await c.portalToken(other.operator.userId);
    // One at a time: an attempt started before the previous one is awaited would reject
    // unobserved meanwhile.
    for (const attempt of [
      () => caseDetail(c.deps, stranger, id),
      () => takeStep(c.deps, stranger, id, 'BATALKAN', { note: 'Bukan kasus saya' }),
      () => checkCase(c.deps, stranger, id, { token: strangerToken }),
      () => caseReturnForm(c.deps, stranger, id),
    ]) {
      expect((await refusalOf(attempt())).code).toBe('TIDAK_DITEMUKAN');
    }
    expect((await openCaseQueue(c.deps, stranger, { limit: 50, offset: 0 })).total).toBe(0);
    const admin = await makeUser(c.t.db, { role: 'ADMIN_DUKCAPIL' });
    const dukcapil: Actor = { ...c.officer, id: admin.id, role: 'ADMIN_DUKCAPIL', agencyId: null };
    expect((await refusalOf(caseDetail(c.deps, dukcapil, id))).code).toBe('TIDAK_BERWENANG');
    expect((await refusalOf(caseCountsByOfficer(c.deps, c.officer))).code).toBe('TIDAK_BERWENANG');
    // The stranger's attempt left nothing in the audit trail under this case.
    const lookups = await c.t.db
      .selectFrom('audit_log')
      .select('id')
      .where('user_id', '=', other.operator.id)
      .where('action', '=', 'LOOKUP')
      .execute();
    expect(lookups).toEqual([]);
  });

  it('shows the head the cases per c.officer and state', async () => {
    // The counter's queue: every open case of the agency, or the c.officer's own.
    const page = { limit: 50, offset: 0 };
    const all = await openCaseQueue(c.deps, c.officer, page);
    expect(all.rows.every((c) => !['SELESAI', 'DIBATALKAN'].includes(c.state))).toBe(true);
    // This file's two cases: one handed over (bad input), one just opened (scope).
    expect(all.total).toBe(2);
    expect((await openCaseQueue(c.deps, c.officer, page, { mine: true })).total).toBe(2);
    const colleague = { ...c.officer, id: c.officer.id + 1000 };
    expect((await openCaseQueue(c.deps, colleague, page)).total).toBe(2);
    expect((await openCaseQueue(c.deps, colleague, page, { mine: true })).total).toBe(0);
    const counts = await caseCountsByOfficer(c.deps, {
      role: 'KEPALA_INSTANSI',
      agencyId: c.agencyId,
    });
    expect(counts.officers).toHaveLength(1);
    expect(counts.officers[0]).toMatchObject({ userId: c.officer.userId, total: 2 });
    expect(counts.totals.TERBUKA).toBe(1);
    expect(counts.totals.DISERAHKAN).toBe(1);
    expect(counts.totals.SELESAI).toBe(0);
  });
});
