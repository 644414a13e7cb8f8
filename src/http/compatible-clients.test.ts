import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../test/db.js';
import {
  makeAgency,
  makeAgreement,
  makeResident,
  makeUser,
  TEST_PASSWORD,
} from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/server.js';
import { CLI_ACTOR } from '../domain/user-scope.js';
import { wibDay } from '../domain/time.js';
import { makeDeps } from '../services/deps.js';
import {
  setWordingProfile,
  WORDING_PROFILE_RECORDED,
} from '../services/agreements/wording-profile.js';

/*
 * Faithful ports of the public clients SPEC §9 names, run against the server: the request
 * built as each one builds it, the answer read as each one reads it. What a port returns is
 * what the client would show or store.
 */

const FOUND = '3303054703900002';
const UNKNOWN = '3303050404800014';
const NOW = new Date('2026-11-24T03:00:00Z');

/**
 * SIMRS Khanza's bridge (bridging/DUKCAPILCekNIK.java): a JSON body written by string
 * concatenation, RestTemplate (any status but 2xx throws), then for each element of
 * `content`: `RESPON` compared with five texts (each one a dialog), else every field read
 * with `path(…).asText()` (an absent key is "").
 */
async function khanzaCekNik(url: string, nik: string, user: string, pass: string, ipUser: string) {
  const requestJson =
    '{' +
    '"nik": "' +
    nik +
    '",' +
    '"user_id" : "' +
    user +
    '",' +
    '"password": "' +
    pass +
    '",' +
    '"IP_USER":"' +
    ipUser +
    '"' +
    '}';
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: requestJson,
  });
  if (!response.ok) throw new Error(`RestTemplate: HTTP ${response.status}`);
  const root = JSON.parse(await response.text()) as { content?: unknown };
  const dialogs = [
    'Data Tidak Ditemukan',
    'Login Gagal',
    'IP Address Tidak Sesuai',
    'IP Client  Tidak terdaftar',
    'Kuota Akses Hari ini telah Habis',
  ];
  let shown: { dialog?: string; fields?: Record<string, string> } = {};
  if (Array.isArray(root.content)) {
    for (const list of root.content as Record<string, unknown>[]) {
      const asText = (key: string) => {
        const value = list[key];
        // Jackson's asText: a scalar's text, '' for null, a missing key or an object.
        return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
          ? String(value)
          : '';
      };
      const respon = asText('RESPON');
      if (dialogs.includes(respon)) {
        shown = { dialog: respon };
      } else {
        shown = {
          fields: Object.fromEntries(
            ['NIK', 'NAMA_LGKP', 'TMPT_LHR', 'TGL_LHR', 'ALAMAT', 'NO_RT', 'KAB_NAME'].map((k) => [
              k,
              asText(k),
            ]),
          ),
        };
      }
    }
  }
  return shown;
}

/**
 * Its Kabupaten Tegal variant (DUKCAPILTEGALCekNIK.java): the credentials and NIK appended
 * to the URL as they are (no encoding), POST with headers only (no body), three texts.
 */
async function tegalCekNik(url: string, nik: string, user: string, pass: string) {
  const response = await fetch(`${url}?USER_ID=${user}&PASSWORD=${pass}&NIK=${nik}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
  });
  if (!response.ok) throw new Error(`RestTemplate: HTTP ${response.status}`);
  const root = JSON.parse(await response.text()) as { content?: Record<string, unknown>[] };
  for (const list of root.content ?? []) {
    const respon = typeof list.RESPON === 'string' ? list.RESPON : '';
    if (
      ['Data tidak ditemukan', 'Login gagal', 'Kuota akses hari ini telah habis'].includes(respon)
    )
      return { dialog: respon };
    const text = (value: unknown) =>
      typeof value === 'string' || typeof value === 'number' ? String(value) : '';
    return { fields: { NIK: text(list.NIK), NAMA_LGKP: text(list.NAMA_LGKP) } };
  }
  return {};
}

/** The PHP verify client's helpers: the word before `(` and the number inside it. */
const ekstrakKata = (value: string) => value.split('(')[0]!.trim();
const ekstrakNilai = (value: string) => value.split('(')[1]!.replace(')', '');

/**
 * The verify client (a statistics office's PHP batch): `file_get_contents` with the folded
 * header `Content-type: application/json,Accept: application/json`, then `content[0]`:
 * with a `RESPONSE_CODE` the record is "not found" with `RESPONSE` as its status; without,
 * each flag is `== "Sesuai"` and the free-text fields' levels are read inside the brackets.
 */
async function bpsVerify(url: string, data: Record<string, string>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-type': 'application/json,Accept: application/json' },
    body: JSON.stringify(data),
  });
  if (response.status !== 200) throw new Error('file_get_contents: failed to open stream');
  const hasil = JSON.parse(await response.text()) as { content: Record<string, string>[] };
  const content = hasil.content[0]!;
  if ('RESPONSE_CODE' in content) {
    return { status: content.RESPONSE, code: content.RESPONSE_CODE };
  }
  return {
    status: 'NIK Sesuai',
    flagNik: content.NIK === 'Sesuai' ? 1 : 0,
    flagNama: ekstrakKata(content.NAMA_LGKP!) === 'Sesuai' ? 1 : 0,
    levelNama: ekstrakNilai(content.NAMA_LGKP!),
    flagTanggalLahir: content.TGL_LHR === 'Sesuai' ? 1 : 0,
    flagAlamat: ekstrakKata(content.ALAMAT!) === 'Sesuai' ? 1 : 0,
    levelAlamat: ekstrakNilai(content.ALAMAT!),
    flagKab: content.KAB_NAME === 'Sesuai' ? 1 : 0,
    flagKk: content.NO_KK === 'Sesuai' ? 1 : 0,
  };
}

describe('the public clients of SPEC §9, ported, against the server; the wording profile per agreement', () => {
  let t: TestDatabase;
  let server: TestServer;
  let operator: { userId: string };
  let agreementId: number;
  let agencyId: number;
  const deps = () =>
    makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, t.db, { clock: () => NOW });

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db, NOW);
    await makeResident(t.db, { nik: FOUND });
    const agency = await makeAgency(t.db, { code: 'RSUDG' });
    agencyId = agency.id;
    agreementId = (await makeAgreement(t.db, agency.code)).id;
    operator = await makeUser(t.db, { agencyCode: agency.code });
  });
  afterAll(async () => {
    await server.close();
    await t.drop();
  });

  const bridgeUrl = () => `${server.url}/dukcapil/get_json/RSUDG/CALL_NIK`;
  const khanza = (nik: string, pass = TEST_PASSWORD) =>
    khanzaCekNik(bridgeUrl(), nik, operator.userId, pass, '192.168.0.1');

  it('the Khanza bridge under the national profile: the person where it reads it; a long "not found" it cannot recognise', async () => {
    const found = await khanza(FOUND);
    expect(found.fields).toMatchObject({
      NIK: FOUND,
      NAMA_LGKP: 'SRI WAHYUNINGSIH',
      TGL_LHR: '07-03-1990',
      NO_RT: '3',
      KAB_NAME: 'PURBALINGGA',
    });
    // The national long text is none of the bridge's five: it would show an empty person.
    expect((await khanza(UNKNOWN)).fields?.NIK).toBe('');
  });

  it('the Khanza profile: each refusal the bridge compares is equal, and the change is in the admin trail', async () => {
    const changed = await setWordingProfile(
      deps(),
      CLI_ACTOR,
      agreementId,
      'KHANZA',
      'SIMRS Khanza',
    );
    expect(changed.profile).toBe('KHANZA');
    try {
      await khanzaProfileAnswers();
    } finally {
      await setWordingProfile(deps(), CLI_ACTOR, agreementId, 'NASIONAL');
    }
  });

  async function khanzaProfileAnswers() {
    expect(await khanza(UNKNOWN)).toEqual({ dialog: 'Data Tidak Ditemukan' });
    expect(await khanza('12345')).toEqual({ dialog: 'Data Tidak Ditemukan' });
    expect(await khanza(FOUND, 'salah')).toEqual({ dialog: 'Login Gagal' });
    await sql`INSERT INTO quota_usage (agency_id, day, shard, used)
      VALUES (${agencyId}, ${wibDay(NOW)}::date, 0, 200)
      ON CONFLICT (agency_id, day, shard) DO UPDATE SET used = 200`.execute(t.db);
    try {
      expect(await khanza(FOUND)).toEqual({ dialog: 'Kuota Akses Hari ini telah Habis' });
    } finally {
      await sql`DELETE FROM quota_usage WHERE agency_id = ${agencyId}`.execute(t.db);
    }
    // The access point: the address refusal in the bridge's words.
    await sql`UPDATE agreement SET access_points = ARRAY['192.0.2.1']::inet[] WHERE id = ${agreementId}`.execute(
      t.db,
    );
    try {
      expect(await khanza(FOUND)).toEqual({ dialog: 'IP Address Tidak Sesuai' });
    } finally {
      await sql`UPDATE agreement SET access_points = ARRAY['127.0.0.1', '::1']::inet[] WHERE id = ${agreementId}`.execute(
        t.db,
      );
    }
    const trail = await t.db
      .selectFrom('admin_action')
      .select(['action', 'reason', 'detail'])
      .where('action', '=', WORDING_PROFILE_RECORDED)
      .execute();
    expect(trail).toEqual([
      {
        action: WORDING_PROFILE_RECORDED,
        reason: 'SIMRS Khanza',
        detail: { agreementId, before: 'NASIONAL', after: 'KHANZA' },
      },
    ]);
    // The same profile again records nothing; an unknown one is refused.
    await setWordingProfile(deps(), CLI_ACTOR, agreementId, 'KHANZA');
    await expect(setWordingProfile(deps(), CLI_ACTOR, agreementId, 'LAIN')).rejects.toMatchObject({
      code: 'PERMINTAAN_TIDAK_VALID',
    });
  }

  it('the Tegal variant: credentials in the query string, an empty body, its own texts', async () => {
    const url = `${server.url}/dukcapil/get_json/CALL_NIK`;
    expect(await tegalCekNik(url, FOUND, operator.userId, TEST_PASSWORD)).toEqual({
      fields: { NIK: FOUND, NAMA_LGKP: 'SRI WAHYUNINGSIH' },
    });
    expect(await tegalCekNik(url, UNKNOWN, operator.userId, TEST_PASSWORD)).toEqual({
      dialog: 'Data tidak ditemukan',
    });
    expect(await tegalCekNik(url, FOUND, operator.userId, 'salah')).toEqual({
      dialog: 'Login gagal',
    });
  });

  it('the verify client splits "Sesuai (92)" at the bracket; a refusal has its RESPONSE_CODE', async () => {
    const url = `${server.url}/dukcapil/get_json/BPS/CALL_VERIFY_BY_ELEMEN`;
    const data = {
      USER_ID: operator.userId,
      PASSWORD: TEST_PASSWORD,
      IP_USER: '10.200.130.3',
      TRESHOLD: '80',
      NIK: FOUND,
      NO_KK: '3303050000000001',
      NAMA_LGKP: 'Sri Wahjoeningsih',
      TMPT_LHR: ' ',
      TGL_LHR: '07-03-1990',
      JENIS_KLMIN: 'Perempuan',
      JENIS_PKRJN: ' ',
      KAB_NAME: 'Purbalingga',
      ALAMAT: 'Jl. Jend. Sudirman No. 12',
      NO_RT: ' ',
      NO_RW: ' ',
    };
    const verified = await bpsVerify(url, data);
    expect(verified).toMatchObject({
      status: 'NIK Sesuai',
      flagNik: 1,
      flagNama: 1,
      flagTanggalLahir: 1,
      flagAlamat: 1,
      flagKab: 1,
      // The family card is never disclosed.
      flagKk: 0,
    });
    expect(Number(verified.levelNama)).toBeGreaterThanOrEqual(80);
    expect(Number(verified.levelAlamat)).toBeGreaterThanOrEqual(80);
    expect(await bpsVerify(url, { ...data, NIK: UNKNOWN })).toEqual({
      status: 'Data Tidak Ditemukan, NIK tidak terdapat di database Kependudukan',
      code: '13',
    });
    expect(await bpsVerify(url, { ...data, PASSWORD: 'salah' })).toEqual({
      status: 'Login Gagal',
      code: '01',
    });
  });

  it('OpenAPI describes the compatible endpoints: the path, the keys of the body and the query', async () => {
    const document = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    const path = Object.keys(document.paths).find((p) => p.startsWith('/dukcapil/get_json/'))!;
    const post = document.paths[path]!.post!;
    const body = JSON.stringify(post.requestBody);
    for (const key of ['NIK', 'USER_ID', 'PASSWORD', 'IP_USER', 'TRESHOLD', 'NAMA_LGKP']) {
      expect(body).toContain(`"${key}"`);
    }
    const query = JSON.stringify(post.parameters);
    for (const key of ['USER_ID', 'PASSWORD', 'NIK']) expect(query).toContain(`"${key}"`);
    expect(JSON.stringify(post.responses)).toContain('RESPONSE_CODE');
  });
});
