import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeReturnAgency } from '../../../test/data-balikan.js';
import { auditOf, makeResident, TEST_PASSWORD } from '../../../test/factories.js';
import { PortalClient, startTestServer, type TestServer } from '../../../test/server.js';
import { REFUSALS } from '../../domain/refusals.js';

/**
 * The case pages refuse bad input as the rest of the portal does: by field, in Bahasa
 * Indonesia, the form back with what was typed, never a server error, nothing written; a step
 * out of turn says the state it met; the ALASAN policy asks its reason on the case's page too.
 */
const FOUND = '3303054703900002';

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
const formTokenOf = (html: string) => /name="formToken" value="([^"]+)"/.exec(html)![1]!;
const stateOf = (html: string) => /id="status-layanan" data-state="([A-Z_]+)"/.exec(html)?.[1];

describe('the case pages', () => {
  let t: TestDatabase;
  let server: TestServer;
  let portal: PortalClient;
  let operatorUserId: string;
  let operatorId: number;

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db);
    await makeResident(t.db, { nik: FOUND });
    const { operator } = await makeReturnAgency(t.db);
    operatorUserId = operator.userId;
    operatorId = operator.id;
    portal = new PortalClient(server.url);
    await portal.login(operator.userId, TEST_PASSWORD);
  });
  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });

  /** Opens a case through the form; its page's path. */
  async function open(applicationNumber: string): Promise<string> {
    const answer = await portal.submit('/layanan', '/layanan', {
      nomorPermohonan: applicationNumber,
      jenis: 'UMUM',
      nik: FOUND,
    });
    expect(answer.status).toBe(303);
    return answer.location!.replace(/\?.*$/, '');
  }

  it('refuses a new case by field and keeps what was typed', async () => {
    const answer = await portal.submit('/layanan', '/layanan', {
      nomorPermohonan: 'PRM 1',
      jenis: 'TIDAK_ADA',
      nik: '3303054703900',
    });
    expect(answer.status).toBe(400);
    expect(answer.html).toContain('Terdapat kesalahan');
    expect(answer.html).toContain('Pilih jenis layanan dari daftar PKS instansi Anda');
    expect(answer.html).toContain(
      'NIK pemohon tidak sesuai format Dukcapil: NIK harus terdiri dari 16 digit',
    );
    expect(answer.html).toContain('value="3303054703900"');
    expect(answer.html).toContain('value="PRM 1"');
    const cases = await t.db.selectFrom('service_case').select('id').execute();
    expect(cases).toEqual([]);
  });

  it('refuses a step without its words, and a step out of turn, on the case’s page', async () => {
    const path = await open('PRM-2');
    const page = await portal.request(`${path}?hasil=dibuka`);
    expect(stateOf(page.html)).toBe('TERBUKA');
    expect(page.html).toContain('Layanan dibuka. Langkah berikutnya: periksa NIK pemohon.');

    const early = await portal.request(`${path}/sesuai`, { _csrf: csrfOf(page.html) });
    expect(early.status).toBe(409);
    expect(early.html).toContain('data-code="KONFLIK"');
    expect(early.html).toContain('Langkah &quot;Sesuai: disetujui&quot; tidak dapat dilakukan');

    const checked = await portal.request(`${path}/periksa`, {
      _csrf: csrfOf(early.html),
      formToken: formTokenOf(early.html),
    });
    expect(stateOf(checked.html)).toBe('DIPERIKSA');
    const noNote = await portal.request(`${path}/tidak-sesuai`, {
      _csrf: csrfOf(checked.html),
      catatan: 'abc',
    });
    expect(noNote.status).toBe(400);
    expect(noNote.html).toContain('Hal yang harus diperbaiki pemohon wajib diisi (5–500 karakter)');
    expect(noNote.html).toContain('>abc</textarea>');
    expect(stateOf(noNote.html)).toBe('DIPERIKSA');

    // The rest of the way to the return data, which the schema refuses with its reason.
    for (const [step, fields] of [
      ['sesuai', {}],
      ['terbitkan', { nomorDokumen: 'DOK/1' }],
      ['serahkan', {}],
    ] as const) {
      const before = await portal.request(path);
      const done = await portal.request(`${path}/${step}`, {
        _csrf: csrfOf(before.html),
        ...fields,
      });
      expect(done.status, step).toBe(303);
    }
    const form = await portal.request(path);
    expect(stateOf(form.html)).toBe('DISERAHKAN');
    const bad = await portal.request(`${path}/data-balikan`, {
      _csrf: csrfOf(form.html),
      nik: '3303010101010001',
      nomor_kepesertaan_jkn: '12',
    });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('Nomor kepesertaan JKN');
    expect(bad.html).toContain('value="12"');
    expect(stateOf(bad.html)).toBe('DISERAHKAN');
    expect(await t.db.selectFrom('data_balikan').select('id').execute()).toEqual([]);

    // The NIK posted with the form is ignored: the case's own is the one returned.
    const good = await portal.request(`${path}/data-balikan`, {
      _csrf: csrfOf(bad.html),
      nik: '3303010101010001',
      nomor_kepesertaan_jkn: '0001234567890',
    });
    expect(good.status).toBe(303);
    const returned = await t.db.selectFrom('data_balikan').select('nik').execute();
    expect(returned).toEqual([{ nik: FOUND }]);
  });

  it('asks the reason the ALASAN policy requires before checking from a case', async () => {
    const path = await open('PRM-3');
    await t.db
      .updateTable('app_user')
      .set({ reason_required_since: new Date('2026-11-24T02:00:00Z') })
      .where('id', '=', operatorId)
      .execute();
    const page = await portal.request(path);
    expect(page.html).toContain('Alasan pencarian (wajib)');
    const before = (await auditOf(t.db, operatorUserId)).length;
    const without = await portal.request(`${path}/periksa`, {
      _csrf: csrfOf(page.html),
      formToken: formTokenOf(page.html),
    });
    expect(without.status).toBe(428);
    expect(without.html).toContain(REFUSALS.ALASAN_DIPERLUKAN.message);
    expect(stateOf(without.html)).toBe('TERBUKA');
    const served = await portal.request(`${path}/periksa`, {
      _csrf: csrfOf(without.html),
      formToken: formTokenOf(without.html),
      alasan: 'Pemohon antrean 7 dengan berkas lengkap',
    });
    expect(served.status).toBe(200);
    expect(/id="respon" data-code="([A-Z_]+)"/.exec(served.html)?.[1]).toBe('DITEMUKAN');
    expect(stateOf(served.html)).toBe('DIPERIKSA');
    const audit = (await auditOf(t.db, operatorUserId)).slice(before);
    expect(audit.map((row) => row.response_code)).toEqual(['ALASAN_DIPERLUKAN', 'DITEMUKAN']);
    expect(audit.every((row) => row.purpose?.startsWith('Layanan LYN/'))).toBe(true);
  });
});
