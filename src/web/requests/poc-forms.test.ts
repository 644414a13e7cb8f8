import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeApplication } from '../../../test/factories.js';
import { FormClient, makeRequestWorld } from '../../../test/requests.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { POC_CASES } from '../../domain/poc-checklist.js';
import { makeDeps } from '../../services/deps.js';
import { fileRequest } from '../../services/requests/filing.js';
import { schedulePoc } from '../../services/requests/poc.js';

const NOW = new Date('2026-11-24T03:00:00Z');
const TODAY = '2026-11-24';

/**
 * The PoC's forms in the portal (issue 11): a refused checklist or result comes back on the
 * PoC's page with the kit's field errors and what was typed, never the error page; an
 * application's PoC is not approved without its complete checklist, neither from the
 * checklist's result form nor from the request's plain approval.
 */
describe('the PoC checklist and result forms, refused', () => {
  let t: TestDatabase;
  let server: TestServer;
  let admin: FormClient;
  let pocPage: string;
  let requestPage: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db, NOW);
    const world = await makeRequestWorld(t.db);
    const deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, t.db, {
      clock: () => NOW,
    });
    const applicationId = await makeApplication(t.db, world.agencyA.id, {
      name: 'SIMRS Uji Formulir',
      accessPoint: '10.0.0.9',
      state: 'TERDAFTAR',
    });
    const id = await fileRequest(deps, world.actors.headA, {
      kind: 'POC',
      letterNumber: '470/611/2026',
      letterDate: TODAY,
      fields: { aplikasiId: String(applicationId), namaAplikasi: '', keterangan: '' },
      files: [],
    });
    await schedulePoc(deps, world.actors.admin, id, TODAY);
    requestPage = `/dukcapil/permohonan/${id}`;
    pocPage = `${requestPage}/poc`;
    admin = new FormClient(server.url);
    await admin.login(world.admin.userId, world.admin.password);
  });
  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });

  const recorded = () =>
    t.db.selectFrom('poc_checklist_case').select(['case_code', 'passed']).execute();

  it('a failed case without a note: its note field marked, what was chosen kept', async () => {
    const answer = await admin.post(pocPage, `${pocPage}/daftar-periksa`, {
      hasil_JAWABAN_DITEMUKAN: 'LULUS',
      catatan_JAWABAN_DITEMUKAN: 'sesuai',
      hasil_JAWABAN_MENINGGAL: 'TIDAK_LULUS',
      catatan_JAWABAN_MENINGGAL: '',
    });
    expect(answer.status).toBe(400);
    expect(answer.html).not.toContain('Permintaan tidak dapat diproses');
    expect(answer.html).toContain('Daftar periksa belum dapat disimpan');
    const message = 'Kasus JAWABAN_MENINGGAL tidak lulus: tuliskan catatan apa yang gagal';
    expect(answer.html).toContain(`<a href="#catatan_JAWABAN_MENINGGAL">${message}</a>`);
    expect(answer.html).toMatch(/id="catatan_JAWABAN_MENINGGAL"[^>]*aria-invalid="true"/);
    expect(answer.html).toContain(`<p class="error-message" id="catatan_JAWABAN_MENINGGAL-error">`);
    expect(answer.html).toMatch(
      /id="hasil_JAWABAN_MENINGGAL"[\s\S]*?<option value="TIDAK_LULUS" selected>/,
    );
    expect(answer.html).toMatch(/id="catatan_JAWABAN_DITEMUKAN"[^>]*value="sesuai"/);
    expect(await recorded()).toEqual([]);
  });

  it('the result: the letter’s fields marked; an incomplete checklist said on the form', async () => {
    const noLetter = await admin.post(pocPage, `${pocPage}/hasil`, {
      nomorSurat: '1',
      tanggalSurat: '',
    });
    expect(noLetter.status).toBe(400);
    expect(noLetter.html).toContain('Hasil PoC belum dapat dicatat');
    expect(noLetter.html).toContain(
      '<a href="#nomorSurat">Nomor surat hasil PoC harus 3–100 karakter</a>',
    );
    expect(noLetter.html).toMatch(/id="nomorSurat"[^>]*value="1"[^>]*aria-invalid="true"/);
    expect(noLetter.html).toContain('<a href="#tanggalSurat">');

    const incomplete = await admin.post(pocPage, `${pocPage}/hasil`, {
      nomorSurat: '400.12/611/2026',
      tanggalSurat: TODAY,
    });
    expect(incomplete.status).toBe(400);
    expect(incomplete.html).toContain(
      `Daftar periksa belum lengkap: ${POC_CASES.length} kasus belum dicatat`,
    );
  });

  it('the plain approval of the application’s PoC is refused on the request page until the checklist is complete', async () => {
    const refused = await admin.postMultipart(requestPage, `${requestPage}/setujui`, {
      nomorJawaban: '400.12/612/2026',
      tanggalJawaban: TODAY,
      konfirmasi: 'ya',
    });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('Permohonan belum dapat diproses');
    expect(refused.html).toContain(
      'PoC aplikasi hanya dapat disetujui setelah daftar periksa PoC lengkap.',
    );
    const checklist = Object.fromEntries(
      POC_CASES.flatMap((c) => [
        [`hasil_${c.code}`, 'LULUS'],
        [`catatan_${c.code}`, 'sesuai'],
      ]),
    );
    const saved = await admin.post(pocPage, `${pocPage}/daftar-periksa`, checklist);
    expect(saved.location).toBe(`${pocPage}?hasil=daftar-periksa`);
    const approved = await admin.postMultipart(requestPage, `${requestPage}/setujui`, {
      nomorJawaban: '400.12/612/2026',
      tanggalJawaban: TODAY,
      konfirmasi: 'ya',
    });
    expect(approved.location).toBe(`${requestPage}?hasil=disetujui`);
    const application = await t.db
      .selectFrom('application')
      .select(['state', 'poc_result'])
      .where('name', '=', 'SIMRS Uji Formulir')
      .executeTakeFirstOrThrow();
    expect(application).toEqual({ state: 'LULUS_POC', poc_result: 'LULUS' });
  });
});
