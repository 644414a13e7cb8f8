import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/db.js';
import {
  makeAgency,
  makeAgreement,
  makeResident,
  makeUser,
  TEST_PASSWORD,
} from '../../test/factories.js';
import {
  apiLookup,
  apiToken,
  PortalClient,
  requestToken,
  startTestServer,
  type TestServer,
} from '../../test/server.js';
import { oneTimePasswordOnPage } from '../../test/users.js';
import { setUserStatus } from '../store/users.js';

const FOUND = '3303054703900002';
const NEW_PASSWORD = 'sandi-baru-yang-panjang-1';

/**
 * The users console end to end over HTTP: creating a user ID with a one-time password and
 * the forced change, deactivation and what it does to open sessions and tokens,
 * reactivation, a DITAHAN hold, the lockout, password reset, and the recorded history.
 */
describe('users console: lifecycle of a user ID', () => {
  let t: TestDatabase;
  let server: TestServer;
  let agency: { code: string };
  let admin: PortalClient;
  let adminToken: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db);
    await makeResident(t.db, { nik: FOUND });
    agency = await makeAgency(t.db);
    await makeAgreement(t.db, agency.code);
    const adminUser = await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' });
    admin = new PortalClient(server.url);
    await admin.login(adminUser.userId, TEST_PASSWORD);
    adminToken = await apiToken(server.url, adminUser.userId, TEST_PASSWORD);
  });
  afterAll(async () => {
    await server.close();
    await t.drop();
  });

  const act = (userId: string, action: string, fields: Record<string, string>) =>
    admin.submit(`/dukcapil/pengguna/${userId}`, `/dukcapil/pengguna/${userId}/${action}`, fields);

  const history = async (userId: string) =>
    (
      await t.db
        .selectFrom('admin_action')
        .select(['action', 'reason'])
        .where('target', '=', userId)
        .orderBy('id')
        .execute()
    ).map((row) => `${row.action}${row.reason ? `: ${row.reason}` : ''}`);

  it('creates a user ID: the one-time password is shown once, stored hashed, and must be changed first', async () => {
    const created = await admin.submit('/dukcapil/pengguna/baru', '/dukcapil/pengguna', {
      agencyCode: agency.code,
      role: 'OPERATOR',
      userId: 'operator.loket1',
      displayName: 'Petugas Loket Satu',
    });
    expect(created.status).toBe(201);
    const password = oneTimePasswordOnPage(created.html);
    expect(password.length).toBeGreaterThanOrEqual(16);
    const stored = await t.db
      .selectFrom('app_user')
      .select(['password_hash', 'must_change_password'])
      .where('user_id', '=', 'operator.loket1')
      .executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
    expect(stored.password_hash).not.toContain(password);
    expect(stored.must_change_password).toBe(true);
    // The detail page never shows it again.
    expect((await admin.request('/dukcapil/pengguna/operator.loket1')).html).not.toContain(
      password,
    );

    // The API issues no token until the password is changed on the portal.
    const token = await requestToken(server.url, 'operator.loket1', password);
    expect(token.status).toBe(403);
    expect(token.body.code).toBe('GANTI_KATA_SANDI');

    const officer = new PortalClient(server.url);
    const login = await officer.login('operator.loket1', password);
    expect(login.location).toBe('/akun');
    const lookupPage = await officer.request('/cari');
    expect(lookupPage.location).toBe('/akun');
    const account = await officer.request('/akun');
    expect(account.html).toContain('Ganti kata sandi awal');

    const refusals: [Record<string, string>, string][] = [
      [
        { current: 'salah-sekali-123', next: NEW_PASSWORD, repeat: NEW_PASSWORD },
        'Kata sandi saat ini salah',
      ],
      [
        { current: password, next: NEW_PASSWORD, repeat: `${NEW_PASSWORD}x` },
        'ulangannya tidak sama',
      ],
      [{ current: password, next: 'pendek', repeat: 'pendek' }, 'minimal 10 karakter'],
      [
        { current: password, next: 'operator.loket1', repeat: 'operator.loket1' },
        'tidak boleh sama dengan user ID',
      ],
      [
        { current: password, next: password, repeat: password },
        'harus berbeda dari kata sandi saat ini',
      ],
    ];
    for (const [fields, message] of refusals) {
      const refused = await officer.submit('/akun', '/akun/kata-sandi', fields);
      expect(refused.status, message).toBe(400);
      expect(refused.html).toContain(message);
    }
    const changed = await officer.submit('/akun', '/akun/kata-sandi', {
      current: password,
      next: NEW_PASSWORD,
      repeat: NEW_PASSWORD,
    });
    expect(changed.location).toBe('/akun?selesai=sandi');
    expect((await officer.request('/cari')).status).toBe(200);
    expect((await requestToken(server.url, 'operator.loket1', password)).status).toBe(401);
    expect((await requestToken(server.url, 'operator.loket1', NEW_PASSWORD)).status).toBe(200);
    expect(await history('operator.loket1')).toEqual(['PENGGUNA_DIBUAT', 'KATA_SANDI_DIGANTI']);
  });

  it('refuses an invalid user ID, an unknown role and a duplicate, keeping what was typed', async () => {
    const bad = await admin.submit('/dukcapil/pengguna/baru', '/dukcapil/pengguna', {
      agencyCode: agency.code,
      role: 'OPERATOR',
      userId: 'Bukan Sah!',
      displayName: 'Nama Tetap',
    });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('User ID 3–60 karakter');
    expect(bad.html).toContain('value="Nama Tetap"');
    const noAgency = await admin.submit('/dukcapil/pengguna/baru', '/dukcapil/pengguna', {
      agencyCode: '',
      role: 'OPERATOR',
      userId: 'operator.tanpa',
      displayName: 'X',
    });
    expect(noAgency.html).toContain('Peran ini memerlukan kode instansi');
    const role = await admin.submit('/dukcapil/pengguna/baru', '/dukcapil/pengguna', {
      agencyCode: agency.code,
      role: 'SUPERADMIN',
      userId: 'operator.peran',
      displayName: 'X',
    });
    expect(role.html).toContain('Peran tidak dikenal');
    const duplicate = await admin.submit('/dukcapil/pengguna/baru', '/dukcapil/pengguna', {
      agencyCode: agency.code,
      role: 'OPERATOR',
      userId: 'operator.loket1',
      displayName: 'X',
    });
    expect(duplicate.html).toContain('sudah dipakai');
  });

  it('deactivation needs the confirmation, answers USER_NON_AKTIF and ends every open session and token', async () => {
    const operator = await makeUser(t.db, { agencyCode: agency.code });
    const token = await apiToken(server.url, operator.userId, TEST_PASSWORD);
    const portal = new PortalClient(server.url);
    await portal.login(operator.userId, TEST_PASSWORD);

    const unconfirmed = await act(operator.userId, 'nonaktifkan', { reason: 'Pindah tugas' });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.html).toContain('Centang pernyataan konfirmasi');
    const noReason = await act(operator.userId, 'nonaktifkan', { reason: '', konfirmasi: 'ya' });
    expect(noReason.status).toBe(400);
    expect((await apiLookup(server.url, token, FOUND)).body.code).toBe('DITEMUKAN');

    const done = await act(operator.userId, 'nonaktifkan', {
      reason: 'Pindah tugas ke bagian lain',
      konfirmasi: 'ya',
    });
    expect(done.location).toBe(`/dukcapil/pengguna/${operator.userId}?selesai=1`);
    // The old token and session are revoked: the token is told why; a fresh login too.
    const revoked = await apiLookup(server.url, token, FOUND);
    expect(revoked.status).toBe(403);
    expect(revoked.body.code).toBe('USER_NON_AKTIF');
    expect((await portal.request('/cari')).location).toBe('/masuk');
    const again = await requestToken(server.url, operator.userId, TEST_PASSWORD);
    expect(again.status).toBe(403);
    expect(again.body.code).toBe('USER_NON_AKTIF');

    const twice = await act(operator.userId, 'nonaktifkan', { reason: 'Lagi', konfirmasi: 'ya' });
    expect(twice.status).toBe(409);
    const back = await act(operator.userId, 'aktifkan', { reason: 'Kembali bertugas' });
    expect(back.status).toBe(303);
    // Reactivation does not revive the revoked token.
    expect((await apiLookup(server.url, token, FOUND)).body.code).toBe('GAGAL_LOGIN');
    const fresh = await apiToken(server.url, operator.userId, TEST_PASSWORD);
    expect((await apiLookup(server.url, fresh, FOUND)).body.code).toBe('DITEMUKAN');
    expect(await history(operator.userId)).toEqual([
      'PENGGUNA_DINONAKTIFKAN: Pindah tugas ke bagian lain',
      'PENGGUNA_DIAKTIFKAN: Kembali bertugas',
    ]);
    const page = await admin.request(`/dukcapil/pengguna/${operator.userId}`);
    expect(page.html).toContain('Pindah tugas ke bagian lain');
    expect(page.html).toContain('Diaktifkan kembali');
  });

  it('releases a DITAHAN hold', async () => {
    const operator = await makeUser(t.db, { agencyCode: agency.code });
    await setUserStatus(t.db, operator.id, 'DITAHAN');
    const token = await apiToken(server.url, operator.userId, TEST_PASSWORD);
    expect((await apiLookup(server.url, token, FOUND)).body.code).toBe('AKSES_DITAHAN');
    // Reactivating is for a deactivated user; a hold is released.
    expect((await act(operator.userId, 'aktifkan', { reason: 'Salah tombol' })).status).toBe(409);
    const released = await act(operator.userId, 'lepas-tahanan', {
      reason: 'Pola input sudah diklarifikasi',
    });
    expect(released.status).toBe(303);
    expect((await apiLookup(server.url, token, FOUND)).body.code).toBe('DITEMUKAN');
  });

  it('unlocks a locked user at once, and says so when there is nothing to unlock', async () => {
    const operator = await makeUser(t.db, { agencyCode: agency.code });
    for (let i = 0; i < 5; i++) await requestToken(server.url, operator.userId, 'salah-salah-1');
    expect((await requestToken(server.url, operator.userId, TEST_PASSWORD)).status).toBe(401);
    const page = await admin.request(`/dukcapil/pengguna/${operator.userId}`);
    expect(page.html).toContain('Terkunci');
    expect(
      (await act(operator.userId, 'buka-kunci', { reason: 'Ditelepon pengguna' })).status,
    ).toBe(303);
    expect((await requestToken(server.url, operator.userId, TEST_PASSWORD)).status).toBe(200);
    const nothing = await act(operator.userId, 'buka-kunci', { reason: 'Lagi' });
    expect(nothing.status).toBe(409);
    expect(nothing.html).toContain('tidak sedang terkunci');
  });

  it('resets a password: a new one-time password shown once, old password and sessions void, change forced', async () => {
    const operator = await makeUser(t.db, { agencyCode: agency.code });
    const token = await apiToken(server.url, operator.userId, TEST_PASSWORD);
    const reset = await act(operator.userId, 'reset-sandi', {
      reason: 'Lupa kata sandi',
      konfirmasi: 'ya',
    });
    expect(reset.status).toBe(200);
    const password = oneTimePasswordOnPage(reset.html);
    expect((await apiLookup(server.url, token, FOUND)).status).toBe(401);
    expect((await requestToken(server.url, operator.userId, TEST_PASSWORD)).status).toBe(401);
    expect((await requestToken(server.url, operator.userId, password)).body.code).toBe(
      'GANTI_KATA_SANDI',
    );
    const portal = new PortalClient(server.url);
    expect((await portal.login(operator.userId, password)).location).toBe('/akun');
  });

  it('an admin cannot deactivate or reset their own account from the console', async () => {
    const adminUser = await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' });
    const client = new PortalClient(server.url);
    await client.login(adminUser.userId, TEST_PASSWORD);
    const self = await client.submit(
      `/dukcapil/pengguna/${adminUser.userId}`,
      `/dukcapil/pengguna/${adminUser.userId}/nonaktifkan`,
      { reason: 'Coba', konfirmasi: 'ya' },
    );
    expect(self.status).toBe(409);
    expect(self.html).toContain('akun Anda sendiri');
  });

  it('lists users with filters and pages', async () => {
    const listed = await makeAgency(t.db);
    await makeAgreement(t.db, listed.code);
    for (let i = 0; i < 52; i++) await makeUser(t.db, { agencyCode: listed.code });
    const missing = await makeUser(t.db, { agencyCode: listed.code, documents: false });
    const head = await makeUser(t.db, { agencyCode: listed.code, role: 'KEPALA_INSTANSI' });

    const first = await admin.request(`/dukcapil/pengguna?instansi=${listed.code}`);
    expect(first.html).toContain('54 pengguna');
    expect(first.html).toContain('Halaman 1 dari 2');
    const rows = (html: string) =>
      [...html.matchAll(/<tr>\s*<td><a href="\/dukcapil\/pengguna\/([^"]+)"/g)].map((m) => m[1]);
    expect(rows(first.html)).toHaveLength(50);
    const second = await admin.request(`/dukcapil/pengguna?instansi=${listed.code}&halaman=2`);
    expect(rows(second.html)).toHaveLength(4);
    const heads = await admin.request(
      `/dukcapil/pengguna?instansi=${listed.code}&peran=KEPALA_INSTANSI`,
    );
    expect(rows(heads.html)).toEqual([head.userId]);
    const incomplete = await admin.request(
      `/dukcapil/pengguna?instansi=${listed.code}&dokumen=kurang`,
    );
    expect(rows(incomplete.html)).toEqual([missing.userId]);
    const search = await admin.request(`/dukcapil/pengguna?cari=${missing.userId}`);
    expect(rows(search.html)).toEqual([missing.userId]);

    const api = await fetch(
      `${server.url}/api/v1/admin/pengguna?instansi=${listed.code}&dokumen=kurang`,
      { headers: { authorization: `Bearer ${adminToken}` } },
    );
    const body = (await api.json()) as {
      data: { userId: string; dokumenWajib: unknown }[];
      total: number;
    };
    expect(body.total).toBe(1);
    expect(body.data[0]).toMatchObject({
      userId: missing.userId,
      dokumenWajib: [{ jenis: 'NDA', ditandatangani: null }],
    });
  });

  it('the JSON admin API: create, deactivate, reactivate, reset, unlock, detail with history', async () => {
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${server.url}/api/v1/admin/pengguna${path}`, {
        method,
        headers: {
          authorization: `Bearer ${adminToken}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await response.text();
      return {
        status: response.status,
        body: (text ? JSON.parse(text) : null) as Record<string, unknown>,
      };
    };
    const created = await call('POST', '', {
      userId: 'operator.api1',
      nama: 'Operator Lewat API',
      peran: 'OPERATOR',
      kodeInstansi: agency.code,
    });
    expect(created.status).toBe(201);
    const password = created.body.kataSandiSekaliPakai as string;
    expect((await requestToken(server.url, 'operator.api1', password)).body.code).toBe(
      'GANTI_KATA_SANDI',
    );
    expect((await call('POST', '/operator.api1/nonaktifkan', { alasan: 'Uji' })).status).toBe(400);
    const off = await call('POST', '/operator.api1/nonaktifkan', {
      alasan: 'Uji',
      konfirmasi: true,
    });
    expect(off).toEqual({ status: 200, body: { userId: 'operator.api1', status: 'NON_AKTIF' } });
    expect((await requestToken(server.url, 'operator.api1', password)).body.code).toBe(
      'USER_NON_AKTIF',
    );
    expect(
      (await call('POST', '/operator.api1/aktifkan', { alasan: 'Uji lagi' })).body.status,
    ).toBe('AKTIF');
    const reset = await call('POST', '/operator.api1/reset-sandi', {
      alasan: 'Lupa',
      konfirmasi: true,
    });
    expect(reset.status).toBe(200);
    expect(reset.body.kataSandiSekaliPakai).not.toBe(password);
    expect((await call('POST', '/operator.api1/buka-kunci', { alasan: 'Uji' })).status).toBe(409);
    const detail = await call('GET', '/operator.api1');
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      userId: 'operator.api1',
      peran: 'OPERATOR',
      status: 'AKTIF',
      wajibGantiKataSandi: true,
      dokumenWajib: [{ jenis: 'NDA', ditandatangani: null }],
    });
    expect((detail.body.riwayat as { tindakan: string }[]).map((h) => h.tindakan)).toEqual([
      'KATA_SANDI_DIRESET',
      'PENGGUNA_DIAKTIFKAN',
      'PENGGUNA_DINONAKTIFKAN',
      'PENGGUNA_DIBUAT',
    ]);
    expect((await call('GET', '/tidak.ada')).status).toBe(404);

    // Changing one's own password over the API keeps the token used and revokes the others.
    const reseated = await makeUser(t.db, { agencyCode: agency.code });
    const kept = await apiToken(server.url, reseated.userId, TEST_PASSWORD);
    const dropped = await apiToken(server.url, reseated.userId, TEST_PASSWORD);
    const change = await fetch(`${server.url}/api/v1/akun/kata-sandi`, {
      method: 'POST',
      headers: { authorization: `Bearer ${kept}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        kataSandiSaatIni: TEST_PASSWORD,
        kataSandiBaru: NEW_PASSWORD,
        ulangiKataSandiBaru: NEW_PASSWORD,
      }),
    });
    expect(change.status).toBe(204);
    expect((await apiLookup(server.url, kept, FOUND)).body.code).toBe('DITEMUKAN');
    expect((await apiLookup(server.url, dropped, FOUND)).status).toBe(401);
  });

  it("changing one's password on the portal ends the other sessions of that user", async () => {
    const operator = await makeUser(t.db, { agencyCode: agency.code });
    const here = new PortalClient(server.url);
    const there = new PortalClient(server.url);
    await here.login(operator.userId, TEST_PASSWORD);
    await there.login(operator.userId, TEST_PASSWORD);
    await here.submit('/akun', '/akun/kata-sandi', {
      current: TEST_PASSWORD,
      next: NEW_PASSWORD,
      repeat: NEW_PASSWORD,
    });
    expect((await here.request('/cari')).status).toBe(200);
    expect((await there.request('/cari')).location).toBe('/masuk');
  });
});
