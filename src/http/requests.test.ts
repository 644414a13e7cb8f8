import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/db.js';
import { makeUser, TINY_PDF } from '../../test/factories.js';
import {
  makeRequestWorld,
  RESIDENT_NIK,
  USER_ID_FORM,
  whereInDatabase,
} from '../../test/requests.js';
import { apiLookup, apiToken } from '../../test/server.js';
import { makeDeps, type Deps } from '../services/deps.js';
import { buildApp } from '../app.js';

/**
 * The requests JSON API: filing with base64 attachments, Dukcapil's steps, the effects seen
 * through the lookup API, and the one-time password in one answer only — not in the
 * database, not in the log (the server logs at trace level here, into a buffer we read).
 */

let database: TestDatabase;
let app: FastifyInstance;
let url: string;
let log = '';
let world: Awaited<ReturnType<typeof makeRequestWorld>>;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  database = await createTestDatabase();
  world = await makeRequestWorld(database.db);
  const deps: Deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, database.db, {
    clock: () => new Date('2026-11-24T03:00:00Z'),
  });
  const logStream = new PassThrough();
  logStream.on('data', (chunk: Buffer) => {
    log += chunk.toString('utf8');
  });
  app = await buildApp(deps, {
    trustProxy: false,
    secureCookies: false,
    logLevel: 'trace',
    logStream,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  for (const name of ['headA', 'headB', 'admin', 'evaluator', 'operatorA'] as const) {
    tokens[name] = await apiToken(url, world[name].userId, world[name].password);
  }
});
afterAll(async () => {
  await app?.close();
  await database?.drop();
});

async function call(
  method: 'GET' | 'POST',
  path: string,
  token: string | undefined,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown>; bytes: Buffer; type: string | null }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  const type = response.headers.get('content-type');
  const json = type?.includes('json')
    ? (JSON.parse(bytes.toString('utf8')) as Record<string, unknown>)
    : {};
  return { status: response.status, json, bytes, type };
}

const letter = { nomorSurat: '470/201/2026', tanggalSurat: '2026-11-20' };
const answerLetter = { nomorSuratJawaban: '400.12/3201/2026', tanggalSuratJawaban: '2026-11-24' };

describe('requests API', () => {
  it('files with base64 attachments and refuses with every problem listed', async () => {
    const bad = await call('POST', '/api/v1/instansi/permohonan', tokens.headA, {
      jenis: 'PERUBAHAN_METODE_ELEMEN',
      ...letter,
      isian: { metodeAkses: ['PORTAL'], elemenData: ['NIK', 'NAMA_IBU'] },
      lampiran: [
        { jenis: 'SURAT_PERMOHONAN', namaBerkas: 'surat.pdf', isiBase64: 'bukan base64!' },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({
      code: 'PERMINTAAN_TIDAK_VALID',
      masalah: ['Isi berkas "surat.pdf" bukan base64 yang sah'],
    });
    const incomplete = await call('POST', '/api/v1/instansi/permohonan', tokens.headA, {
      jenis: 'PERUBAHAN_METODE_ELEMEN',
      ...letter,
      isian: { metodeAkses: ['PORTAL'], elemenData: ['NIK', 'NAMA_IBU'] },
    });
    expect(incomplete.json.masalah).toEqual([
      'Elemen data tidak dikenal: NAMA_IBU (hanya 8 elemen SPEC yang dapat diberikan)',
      'Kajian teknis wajib dilampirkan',
    ]);

    const filed = await call('POST', '/api/v1/instansi/permohonan', tokens.headA, {
      jenis: 'PERUBAHAN_METODE_ELEMEN',
      ...letter,
      isian: { metodeAkses: ['PORTAL', 'API'], elemenData: ['NIK', 'JENIS_KELAMIN'] },
      lampiran: [
        {
          jenis: 'KAJIAN_TEKNIS',
          namaBerkas: 'kajian.pdf',
          isiBase64: TINY_PDF.toString('base64'),
        },
      ],
    });
    expect(filed.status).toBe(201);
    const id = filed.json.id as number;
    const detail = await call('GET', `/api/v1/instansi/permohonan/${id}`, tokens.headA);
    expect(detail.json).toMatchObject({
      id,
      jenis: 'PERUBAHAN_METODE_ELEMEN',
      status: 'DIAJUKAN',
      instansi: { kode: world.agencyA.code },
      isian: { metodeAkses: ['PORTAL', 'API'], elemenData: ['NIK', 'JENIS_KELAMIN'] },
      tindakan: [],
    });
    const [file] = detail.json.lampiran as { id: number; tipe: string }[];
    expect(file).toMatchObject({ jenis: 'KAJIAN_TEKNIS', tipe: 'application/pdf' });
    const download = await call(
      'GET',
      `/api/v1/instansi/permohonan/${id}/lampiran/${file!.id}`,
      tokens.headA,
    );
    expect(download.type).toBe('application/pdf');
    expect(download.bytes.equals(TINY_PDF)).toBe(true);

    // Dukcapil: review, then approval with the addendum; the lookup answers with the new elements only.
    const adminView = await call('GET', `/api/v1/admin/permohonan/${id}`, tokens.admin);
    expect(adminView.json.tindakan).toEqual(['TELAAH', 'TOLAK']);
    expect(
      (await call('POST', `/api/v1/admin/permohonan/${id}/telaah`, tokens.admin)).json,
    ).toEqual({
      status: 'DITELAAH',
    });
    const approved = await call('POST', `/api/v1/admin/permohonan/${id}/setujui`, tokens.admin, {
      ...answerLetter,
      adendum: { nomor: '400.12/3202/2026', tanggal: '2026-11-24' },
    });
    expect(approved.json).toEqual({ status: 'DISETUJUI' });
    const found = await apiLookup(url, tokens.operatorA, RESIDENT_NIK);
    expect(found.body.code).toBe('DITEMUKAN');
    expect(found.body.data).toEqual({ nik: RESIDENT_NIK, jenisKelamin: 'PEREMPUAN' });
  });

  it('lists with filters and pages: a head their own, Dukcapil all or by agency', async () => {
    await call('POST', '/api/v1/instansi/permohonan', tokens.headB, {
      jenis: 'POC',
      ...letter,
      isian: { namaAplikasi: 'Aplikasi Perizinan' },
    });
    const own = await call('GET', '/api/v1/instansi/permohonan', tokens.headB);
    expect(own.json).toMatchObject({ total: 1, halaman: 1, jumlahHalaman: 1 });
    const all = await call('GET', '/api/v1/admin/permohonan?status=DIAJUKAN', tokens.evaluator);
    expect((all.json.data as { instansi: { kode: string } }[]).map((r) => r.instansi.kode)).toEqual(
      [world.agencyB.code],
    );
    const byAgency = await call(
      'GET',
      `/api/v1/admin/permohonan?instansi=${world.agencyA.code}`,
      tokens.admin,
    );
    expect(byAgency.json.total).toBe(1);
    const badPage = await call('GET', '/api/v1/admin/permohonan?halaman=0', tokens.admin);
    expect(badPage.status).toBe(400);
  });

  it('hands the one-time password over once, in the approval answer only', async () => {
    const filed = await call('POST', '/api/v1/instansi/permohonan', tokens.headA, {
      jenis: 'PERUBAHAN_USER_ID',
      ...letter,
      isian: { ...USER_ID_FORM, userIdUsulan: 'uji.api.baru' },
    });
    const id = filed.json.id as number;
    await call('POST', `/api/v1/admin/permohonan/${id}/telaah`, tokens.admin);
    const approved = await call(
      'POST',
      `/api/v1/admin/permohonan/${id}/setujui`,
      tokens.admin,
      answerLetter,
    );
    expect(approved.status).toBe(200);
    const handover = approved.json.serahTerima as {
      userId: string;
      peran: string;
      kataSandiSekaliPakai: string;
      bast: { nomor: string; tanggal: string };
    };
    expect(handover).toMatchObject({
      userId: 'uji.api.baru',
      peran: 'OPERATOR',
      bast: { nomor: '400.12/BAST-001/Disdukcapil/2026', tanggal: '2026-11-24' },
    });
    const password = handover.kataSandiSekaliPakai;

    const detail = await call('GET', `/api/v1/admin/permohonan/${id}`, tokens.admin);
    expect(JSON.stringify(detail.json)).not.toContain(password);
    expect(detail.json.bast).toEqual({ ...handover.bast, userId: 'uji.api.baru' });

    const pdf = await call('POST', `/api/v1/admin/permohonan/${id}/bast`, tokens.admin, {
      kataSandi: password,
    });
    expect(pdf.type).toBe('application/pdf');
    const pdfText = (await new PDFParse({ data: pdf.bytes }).getText()).text.replace(/\s+/g, ' ');
    expect(pdfText).toContain(password);
    expect(pdfText).toContain('uji.api.baru');
    const wrong = await call('POST', `/api/v1/admin/permohonan/${id}/bast`, tokens.admin, {
      kataSandi: 'bukan-kata-sandinya',
    });
    expect(wrong.status).toBe(400);
    const copy = await call('GET', `/api/v1/instansi/permohonan/${id}/bast`, tokens.headA);
    expect(copy.type).toBe('application/pdf');
    expect((await new PDFParse({ data: copy.bytes }).getText()).text).not.toContain(password);

    // The password is right, and must be changed before any token is issued.
    const token = await fetch(`${url}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'uji.api.baru', password }),
    });
    expect(((await token.json()) as { code: string }).code).toBe('GANTI_KATA_SANDI');

    expect(await whereInDatabase(database.db, password)).toEqual([]);
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain(password);
  });

  it('refuses an approval whose effect is refused, and keeps the request as it was', async () => {
    const filed = await call('POST', '/api/v1/instansi/permohonan', tokens.headA, {
      jenis: 'PERPANJANGAN',
      ...letter,
      isian: { berakhirBaru: '2029-09-16' },
    });
    const id = filed.json.id as number;
    await call('POST', `/api/v1/admin/permohonan/${id}/telaah`, tokens.admin);
    const refused = await call('POST', `/api/v1/admin/permohonan/${id}/setujui`, tokens.admin, {
      ...answerLetter,
      adendum: { nomor: '400.12/3203/2026', tanggal: '2020-01-01' },
    });
    expect(refused.status).toBe(400);
    expect(refused.json.message).toBe(
      'Tanggal adendum tidak boleh sebelum tanggal penandatanganan PKS',
    );
    const detail = await call('GET', `/api/v1/admin/permohonan/${id}`, tokens.admin);
    expect(detail.json.status).toBe('DITELAAH');
  });

  it('describes every endpoint in the OpenAPI document', async () => {
    const doc = (await call('GET', '/api/v1/konsol/openapi.json', undefined)).json as {
      paths: Record<string, Record<string, { tags?: string[]; summary?: string }>>;
    };
    const expected: [string, string][] = [
      ['/api/v1/instansi/permohonan', 'get'],
      ['/api/v1/instansi/permohonan', 'post'],
      ['/api/v1/instansi/permohonan/{id}', 'get'],
      ['/api/v1/instansi/permohonan/{id}/lampiran/{lampiranId}', 'get'],
      ['/api/v1/instansi/permohonan/{id}/bast', 'get'],
      ['/api/v1/admin/permohonan', 'get'],
      ['/api/v1/admin/permohonan/{id}', 'get'],
      ['/api/v1/admin/permohonan/{id}/jadwal', 'post'],
      ['/api/v1/admin/permohonan/{id}/telaah', 'post'],
      ['/api/v1/admin/permohonan/{id}/setujui', 'post'],
      ['/api/v1/admin/permohonan/{id}/tolak', 'post'],
      ['/api/v1/admin/permohonan/{id}/bast', 'get'],
      ['/api/v1/admin/permohonan/{id}/bast', 'post'],
    ];
    for (const [path, method] of expected) {
      const operation = doc.paths[path]?.[method];
      expect(operation, `${method} ${path}`).toBeDefined();
      expect(operation!.tags![0]).toMatch(/^Permohonan/);
      expect(operation!.summary).toBeTruthy();
    }
  });

  it('makes a new operator of agency B see nothing of agency A', async () => {
    const operatorB = await makeUser(database.db, {
      role: 'OPERATOR',
      agencyCode: world.agencyB.code,
    });
    const token = await apiToken(url, operatorB.userId, operatorB.password);
    expect((await call('GET', '/api/v1/instansi/permohonan', token)).status).toBe(403);
  });
});
