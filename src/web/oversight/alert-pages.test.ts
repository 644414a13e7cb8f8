import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import {
  makeAgency,
  makeAgreement,
  makeResident,
  makeUser,
  TEST_PASSWORD,
} from '../../../test/factories.js';
import {
  finding,
  lookupAs,
  TestClock,
  lookupsOf,
  makeOperator,
  makeTestResidents,
  maskedTestNik,
  testNik,
} from '../../../test/oversight.js';
import { PortalClient, startTestServer, type TestServer } from '../../../test/server.js';
import { maskNik } from '../../domain/nik-mask.js';
import { PATTERN_KINDS, type AlertKind } from '../../domain/pattern-alert.js';
import { wibDateTime } from '../../domain/time.js';
import { makeDeps, type Deps } from '../../services/deps.js';
import { CLI_ACTOR } from '../../domain/user-scope.js';
import { plantHoneytokens } from '../../services/oversight/honeytokens.js';
import { applyFindings } from '../../services/oversight/pattern-policy.js';
import { residentAccessStatement } from '../../services/resident-history/statement.js';

/**
 * Dukcapil's alert pages and the agreement's policy form over HTTP: who may open and act,
 * what the pages show (masked evidence, WIB times, the open count), and each form's answer.
 */

type Who = 'ADMIN' | 'EVALUATOR' | 'HEAD' | 'OPERATOR' | 'ANONYMOUS';
const EVERYONE: readonly Who[] = ['ADMIN', 'EVALUATOR', 'HEAD', 'OPERATOR', 'ANONYMOUS'];
const HOME: Record<Who, string> = {
  ADMIN: '/dukcapil',
  EVALUATOR: '/dukcapil',
  HEAD: '/instansi/penggunaan',
  OPERATOR: '/cari',
  ANONYMOUS: '/masuk',
};
const NOW = new Date('2026-11-24T03:00:00Z');
const clock = new TestClock(NOW);

describe('alert pages and the policy form', () => {
  let t: TestDatabase;
  let server: TestServer;
  let deps: Deps;
  let agency: { id: number; code: string };
  let agreementId: number;
  const clients = {} as Record<Who, PortalClient>;

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db, NOW);
    deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, t.db, {
      clock: clock.now,
    });
    agency = await makeAgency(t.db, { name: 'Dinas Kesehatan' });
    agreementId = (await makeAgreement(t.db, agency.code)).id;
    await makeTestResidents(t.db, 4);
    const users = {
      ADMIN: await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' }),
      EVALUATOR: await makeUser(t.db, { role: 'EVALUATOR_DUKCAPIL' }),
      HEAD: await makeUser(t.db, { role: 'KEPALA_INSTANSI', agencyCode: agency.code }),
      OPERATOR: await makeUser(t.db, { agencyCode: agency.code }),
    };
    for (const who of EVERYONE) {
      clients[who] = new PortalClient(server.url);
      if (who !== 'ANONYMOUS') await clients[who].login(users[who].userId, TEST_PASSWORD);
    }
  });
  afterAll(async () => {
    await server.close();
    await t.drop();
  });

  /** An operator whose three lookups made a finding under the policy; the alert's id. */
  async function alertOf(policy: 'PERINGATAN' | 'BLOKIR', kind: AlertKind = 'BERURUTAN') {
    const operator = await makeOperator(deps, agency.code);
    for (let n = 1; n <= 3; n++) await lookupAs(deps, clock, operator.token, testNik(n));
    const evidence = await lookupsOf(t.db, operator.id);
    await applyFindings(deps, { agencyId: agency.id, agreementId, userId: operator.id, policy }, [
      finding(kind, evidence),
    ]);
    const row = await t.db
      .selectFrom('pattern_alert')
      .select('id')
      .where('user_id', '=', operator.id)
      .where('kind', '=', kind)
      .executeTakeFirstOrThrow();
    return { id: Number(row.id), operator };
  }

  const stateOf = async (id: number) =>
    (
      await t.db
        .selectFrom('pattern_alert')
        .select(['state', 'hold_decision'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).state;

  const statusOf = async (userId: string) =>
    (
      await t.db
        .selectFrom('app_user')
        .select('status')
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow()
    ).status;

  it('opens the list and an alert to Dukcapil only; others go home', async () => {
    const { id } = await alertOf('PERINGATAN');
    for (const path of ['/dukcapil/peringatan', `/dukcapil/peringatan/${id}`]) {
      for (const who of EVERYONE) {
        const answer = await clients[who].request(path);
        if (who === 'ADMIN' || who === 'EVALUATOR') {
          expect(answer.status, `${who} ${path}`).toBe(200);
        } else {
          expect(answer.status, `${who} ${path}`).toBe(303);
          expect(answer.location).toBe(HOME[who]);
        }
      }
    }
    const menu = (who: Who) => clients[who].request('/akun').then((a) => a.html);
    expect(await menu('ADMIN')).toContain('href="/dukcapil/peringatan">Peringatan pola</a>');
    expect(await menu('EVALUATOR')).toContain('href="/dukcapil/peringatan"');
    expect(await menu('HEAD')).not.toContain('href="/dukcapil/peringatan"');
    expect((await clients.ADMIN.request('/dukcapil/peringatan/99999')).status).toBe(404);
    expect((await clients.ADMIN.request('/dukcapil/peringatan/abc')).status).toBe(404);
  });

  it('lists alerts with the open count, filters by kind and state, and pages them', async () => {
    // Enough alerts for two pages: an operator gives one alert per kind and scope.
    for (let i = 0; i < 2; i++) {
      const operator = await makeOperator(deps, agency.code);
      await lookupAs(deps, clock, operator.token, testNik(1));
      const evidence = await lookupsOf(t.db, operator.id);
      await applyFindings(
        deps,
        { agencyId: agency.id, agreementId, userId: operator.id, policy: 'PERINGATAN' },
        PATTERN_KINDS.flatMap((kind) => [
          finding(kind, evidence, 'PENGGUNA'),
          finding(kind, evidence, 'INSTANSI'),
        ]),
      );
    }
    for (let i = 0; i < 2; i++) await alertOf('PERINGATAN', 'BERPOLA');
    const total = await t.db
      .selectFrom('pattern_alert')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const count = Number(total.n);
    expect(count).toBeGreaterThan(25);

    const list = await clients.EVALUATOR.request('/dukcapil/peringatan');
    expect(list.html).toContain(`data-open="${count}"`);
    expect(list.html).toContain('Halaman 1 dari 2');
    expect((list.html.match(/<tr data-alert=/g) ?? []).length).toBe(25);
    const second = await clients.EVALUATOR.request('/dukcapil/peringatan?halaman=2');
    expect((second.html.match(/<tr data-alert=/g) ?? []).length).toBe(count - 25);
    // Past the last page: the last page.
    expect((await clients.EVALUATOR.request('/dukcapil/peringatan?halaman=9')).html).toContain(
      'Halaman 2 dari 2',
    );

    const patterned = await clients.EVALUATOR.request('/dukcapil/peringatan?jenis=BERPOLA');
    const rows = patterned.html.match(/<tr data-alert="\d+" data-kind="[A-Z_]+"/g) ?? [];
    expect(rows.length).toBe(6);
    expect(rows.every((r) => r.endsWith('data-kind="BERPOLA"'))).toBe(true);
    const closed = await clients.EVALUATOR.request('/dukcapil/peringatan?status=SELESAI');
    expect(closed.html).toContain('Tidak ada peringatan yang sesuai.');
    // A filter it does not know is no filter.
    expect((await clients.EVALUATOR.request('/dukcapil/peringatan?status=RUSAK')).status).toBe(200);
  });

  it('shows the evidence masked with WIB times; the evaluator reads it and cannot act', async () => {
    const { id, operator } = await alertOf('BLOKIR');
    const page = await clients.EVALUATOR.request(`/dukcapil/peringatan/${id}`);
    expect(page.html).toContain(`Peringatan #${id}: NIK berurutan`);
    const [first] = await lookupsOf(t.db, operator.id);
    expect(page.html).toContain(wibDateTime(first!.at));
    expect(page.html).toContain(maskedTestNik(1));
    expect(page.html).toContain(operator.userId);
    expect(page.html).toContain('data-code="DITEMUKAN"');
    expect(page.html).not.toMatch(/\d{16}/);
    expect(page.html).not.toContain('/tinjau"');
    expect(page.html).not.toContain('/lepas"');

    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.html)![1]!;
    for (const [path, fields] of [
      ['tinjau', { to: 'DITINJAU' }],
      ['lepas', { alasan: 'Coba lepas', konfirmasi: 'ya' }],
      ['pertahankan', { alasan: 'Coba tahan', konfirmasi: 'ya' }],
    ] as const) {
      const answer = await clients.EVALUATOR.request(`/dukcapil/peringatan/${id}/${path}`, {
        _csrf: csrf,
        ...fields,
      });
      expect(answer.status, path).toBe(303);
      expect(answer.location).toBe('/dukcapil');
    }
    expect(await stateOf(id)).toBe('OPEN');
    expect(await statusOf(operator.userId)).toBe('DITAHAN');
  });

  it('reviews an alert: refusals shown on the page, then DITINJAU and SELESAI with a note', async () => {
    const { id } = await alertOf('PERINGATAN');
    const path = `/dukcapil/peringatan/${id}`;
    const skipped = await clients.ADMIN.submit(path, `${path}/tinjau`, {
      to: 'SELESAI',
      note: 'Langsung selesai',
    });
    expect(skipped.status).toBe(400);
    expect(skipped.html).toContain('tidak dapat diubah menjadi Selesai');
    expect(await stateOf(id)).toBe('OPEN');

    const reviewing = await clients.ADMIN.submit(path, `${path}/tinjau`, { to: 'DITINJAU' });
    expect(reviewing.status).toBe(303);
    expect(reviewing.location).toBe(`${path}?hasil=ditinjau`);
    const noNote = await clients.ADMIN.submit(path, `${path}/tinjau`, { to: 'SELESAI' });
    expect(noNote.status).toBe(400);
    expect(noNote.html).toContain('Catatan wajib diisi (minimal 3 karakter)');
    expect(noNote.html).toContain('href="#tinjau-catatan"');
    const done = await clients.ADMIN.submit(path, `${path}/tinjau`, {
      to: 'SELESAI',
      note: 'Instansi sudah dikonfirmasi: pelatihan operator',
    });
    expect(done.location).toBe(`${path}?hasil=selesai`);
    const shown = await clients.ADMIN.request(`${path}?hasil=selesai`);
    expect(shown.html).toContain('Peringatan diselesaikan dengan catatan.');
    expect(shown.html).toContain('Instansi sudah dikonfirmasi: pelatihan operator');
    expect(shown.html).toContain('data-state="SELESAI"');
    expect(shown.html).not.toContain('/tinjau"');
  });

  it('releases the held user after the confirmation box; a second release is refused', async () => {
    const { id, operator } = await alertOf('BLOKIR');
    const path = `/dukcapil/peringatan/${id}`;
    const page = await clients.ADMIN.request(path);
    expect(page.html).toContain(`Pengguna ${operator.userId} ditahan`);
    const unticked = await clients.ADMIN.submit(path, `${path}/lepas`, {
      alasan: 'Sudah diklarifikasi',
    });
    expect(unticked.status).toBe(400);
    expect(unticked.html).toContain('href="#lepas-yakin"');
    expect(await statusOf(operator.userId)).toBe('DITAHAN');

    // The page as it was before the release still offers the form: a second click.
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.html)![1]!;
    const released = await clients.ADMIN.request(`${path}/lepas`, {
      _csrf: csrf,
      alasan: 'Sudah diklarifikasi oleh kepala instansi',
      konfirmasi: 'ya',
    });
    expect(released.status).toBe(303);
    expect(released.location).toBe(`${path}?hasil=dilepas`);
    expect(await statusOf(operator.userId)).toBe('AKTIF');
    const again = await clients.ADMIN.request(`${path}/lepas`, {
      _csrf: csrf,
      alasan: 'Klik kedua',
      konfirmasi: 'ya',
    });
    expect(again.status).toBe(409);
    expect(again.html).toContain('tidak dapat diubah menjadi Aktif');
    expect(again.html).toContain('Tahanan dilepas oleh');
  });

  it('keeps the hold with a reason', async () => {
    const { id, operator } = await alertOf('PERINGATAN', 'HONEYTOKEN');
    const path = `/dukcapil/peringatan/${id}`;
    const kept = await clients.ADMIN.submit(path, `${path}/pertahankan`, {
      alasan: 'Menunggu surat klarifikasi',
      konfirmasi: 'ya',
    });
    expect(kept.location).toBe(`${path}?hasil=dipertahankan`);
    expect(await statusOf(operator.userId)).toBe('DITAHAN');
    const shown = await clients.ADMIN.request(path);
    expect(shown.html).toContain('data-decision="DIPERTAHANKAN"');
    expect(shown.html).toContain('Menunggu surat klarifikasi');
  });

  it('shows the alert of a real sweep that the lookup itself detected', async () => {
    const sweep = (serial: number) => `330305120390${String(serial).padStart(4, '0')}`;
    for (let serial = 1; serial <= 4; serial++) {
      await makeResident(t.db, { nik: sweep(serial) });
    }
    const operator = await makeOperator(deps, agency.code);
    const answers = [];
    for (let serial = 1; serial <= 4; serial++) {
      answers.push(await lookupAs(deps, clock, operator.token, sweep(serial)));
    }
    expect(answers.map((a) => a.code)).toEqual([
      'DITEMUKAN',
      'DITEMUKAN',
      'DITEMUKAN',
      'DITEMUKAN',
    ]);
    expect(answers[3]!.warning).toContain('NIK berurutan');
    const alert = await t.db
      .selectFrom('pattern_alert')
      .select('id')
      .where('user_id', '=', operator.id)
      .where('kind', '=', 'BERURUTAN')
      .executeTakeFirstOrThrow();
    const list = await clients.EVALUATOR.request('/dukcapil/peringatan?jenis=BERURUTAN');
    expect(list.html).toContain(`<tr data-alert="${alert.id}" data-kind="BERURUTAN"`);
    const page = await clients.EVALUATOR.request(`/dukcapil/peringatan/${alert.id}`);
    expect(page.html).toContain('330305••••••0004');
    expect(page.html).not.toMatch(/\d{16}/);
  });

  it('shows an alert on a Dukcapil officer’s access-history requests, with the requests as evidence', async () => {
    // Issue 14: three requests within a minute at Dukcapil's counter.
    const officer = await makeUser(t.db, { role: 'PETUGAS_LAYANAN_DUKCAPIL' });
    const asOfficer = { id: officer.id, role: 'PETUGAS_LAYANAN_DUKCAPIL' } as const;
    const warnings: (string | undefined)[] = [];
    for (const [i, nik] of ['3303054703900011', '3303121508850003', '3303016610920007'].entries()) {
      clock.set(new Date(NOW.getTime() + 3_600_000 + i * 15_000));
      const issued = await residentAccessStatement(deps, asOfficer, {
        nik,
        requestNumber: `RA/UJI/${i}`,
        identityCheck: 'KTP-el asli',
      });
      warnings.push(issued.warning);
    }
    expect(warnings.map(Boolean)).toEqual([false, false, true]);
    const alert = await t.db
      .selectFrom('pattern_alert')
      .select('id')
      .where('user_id', '=', officer.id)
      .executeTakeFirstOrThrow();
    const page = await clients.EVALUATOR.request(`/dukcapil/peringatan/${alert.id}`);
    expect(page.html).toContain('Permintaan riwayat akses di loket Dukcapil');
    expect(page.html).toContain('Bukti: 3');
    expect(page.html).toContain('permintaan riwayat akses');
    expect(page.html.match(/data-action="\d+"/g)).toHaveLength(3);
    expect(page.html).not.toMatch(/\d{16}/);
    // The agency's head never learns that a resident asked.
    const head = await clients.HEAD.request('/instansi/penggunaan');
    expect(head.html).not.toContain(`data-alert="${alert.id}"`);
    expect(head.html).not.toContain(officer.userId);
  });

  it('sets an agreement’s policy and hours: Dukcapil admin only, checked, shown on the agreement', async () => {
    const form = `/dukcapil/pks/${agreementId}/pola-input`;
    for (const who of EVERYONE) {
      const answer = await clients[who].request(form);
      if (who === 'ADMIN') expect(answer.status).toBe(200);
      else expect(answer.location, who).toBe(HOME[who]);
    }
    const detail = `/dukcapil/pks/${agreementId}`;
    const before = await clients.EVALUATOR.request(detail);
    expect(before.html).toContain('data-policy="PERINGATAN"');
    expect(before.html).toContain('Setiap hari, 24 jam');
    expect(before.html).not.toContain(form);
    expect((await clients.ADMIN.request(detail)).html).toContain(`href="${form}"`);

    const wrong = await clients.ADMIN.submit(form, form, {
      policy: 'BLOKIR',
      start: '16:00',
      end: '07:30',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain('Jam selesai harus setelah jam mulai');
    expect(wrong.html).toContain('Pilih minimal satu hari layanan');

    const saved = await clients.ADMIN.submit(form, form, {
      policy: 'BLOKIR',
      start: '07:30',
      end: '15:30',
      days: ['1', '2', '3', '4', '5'],
    });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(`${detail}?hasil=pola-input`);
    const after = await clients.ADMIN.request(`${detail}?hasil=pola-input`);
    expect(after.html).toContain('Kebijakan pola input NIK dan jam layanan disimpan.');
    expect(after.html).toContain('data-policy="BLOKIR"');
    expect(after.html).toContain('Senin–Jumat, 07.30–15.30 WIB');
    // The head sees the policy their operators work under, without the link to change it.
    const own = await clients.HEAD.request(`/instansi/pks/${agreementId}`);
    expect(own.html).toContain('data-policy="BLOKIR"');
    expect(own.html).not.toContain(form);

    const allDay = await clients.ADMIN.submit(form, form, {
      policy: 'PERINGATAN',
      allDay: 'on',
      days: ['1', '2', '3', '4', '5', '6', '7'],
    });
    expect(allDay.status).toBe(303);
    expect((await clients.ADMIN.request(detail)).html).toContain('Setiap hari, 24 jam');
    const recorded = await t.db
      .selectFrom('admin_action')
      .select('action')
      .where('action', '=', 'KEBIJAKAN_POLA_DIUBAH')
      .execute();
    expect(recorded).toHaveLength(2);
  });

  it('never names a honeytoken on the usage pages: no kind, no summary, no NIK in the alerts', async () => {
    const [planted] = await plantHoneytokens(deps, CLI_ACTOR, { count: 1 });
    const nik = planted!;
    const operator = await makeOperator(deps, agency.code);
    // Answered like any other lookup; the user is held.
    expect((await lookupAs(deps, clock, operator.token, nik)).code).toBe('DITEMUKAN');
    expect(await statusOf(operator.userId)).toBe('DITAHAN');
    const alert = await t.db
      .selectFrom('pattern_alert')
      .select(['id', 'summary'])
      .where('user_id', '=', operator.id)
      .where('kind', '=', 'HONEYTOKEN')
      .executeTakeFirstOrThrow();
    const masked = maskNik(nik);
    // Dukcapil's own alert page names it, with its evidence.
    const own = await clients.ADMIN.request(`/dukcapil/peringatan/${alert.id}`);
    expect(own.html).toContain('NIK penanda (honeytoken)');
    expect(own.html).toContain(masked);

    for (const [who, path] of [
      ['HEAD', '/instansi/penggunaan'],
      ['ADMIN', `/dukcapil/penggunaan/${agency.id}`],
    ] as const) {
      const page = await clients[who].request(path);
      expect(page.status, path).toBe(200);
      const alerts = /<section class="card" aria-labelledby="peringatan">[\s\S]*?<\/section>/.exec(
        page.html,
      )?.[0];
      // The alert is listed, held user and all, as an unusual input.
      expect(alerts, path).toContain(operator.userId);
      expect(alerts, path).toContain('Input NIK tidak wajar');
      expect(alerts, path).toContain('Pengguna ditahan');
      expect(alerts, path).not.toContain(masked);
      expect(page.html, path).not.toMatch(/honeytoken|penanda|umpan/i);
      expect(page.html, path).not.toContain(alert.summary);
      expect(page.html, path).not.toContain(nik);
    }
  });
});
