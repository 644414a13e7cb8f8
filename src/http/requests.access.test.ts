import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/db.js';
import { TINY_PDF } from '../../test/factories.js';
import { makeRequestWorld, USER_ID_FORM } from '../../test/requests.js';
import { apiToken, startTestServer, type TestServer } from '../../test/server.js';
import { makeDeps, type Deps } from '../services/deps.js';
import { decideRequest, startReview } from '../services/requests/decision.js';
import { fileRequest } from '../services/requests/filing.js';

/**
 * Who may call which requests endpoint of the JSON API: every role (and a caller without a
 * token) against every endpoint, including agency B's head against agency A's requests.
 * Without a token: 401 GAGAL_LOGIN. A role without the permission: 403 TIDAK_BERWENANG.
 * Another agency's request: 404, as if it did not exist.
 */

type Who = 'anonymous' | 'admin' | 'evaluator' | 'headA' | 'headB' | 'operatorA';
const EVERYONE: readonly Who[] = ['anonymous', 'admin', 'evaluator', 'headA', 'headB', 'operatorA'];

let database: TestDatabase;
let server: TestServer;
let world: Awaited<ReturnType<typeof makeRequestWorld>>;
const tokens = {} as Record<Who, string | undefined>;
const ids = { request: 0, attachment: 0, handedOver: 0 };

beforeAll(async () => {
  database = await createTestDatabase();
  world = await makeRequestWorld(database.db);
  server = await startTestServer(database.db);
  const deps: Deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, database.db, {
    clock: () => new Date('2026-11-24T03:00:00Z'),
  });
  const letter = { letterNumber: '470/401/2026', letterDate: '2026-11-20' };
  ids.request = await fileRequest(deps, world.actors.headA, {
    kind: 'BANDWIDTH',
    ...letter,
    fields: { bandwidthKbps: 2048 },
    files: [
      { purpose: 'SURAT_PERMOHONAN', fileName: 'surat.pdf', content: TINY_PDF },
      // SPEC §4: a bandwidth change needs its technical study.
      { purpose: 'KAJIAN_TEKNIS', fileName: 'kajian.pdf', content: TINY_PDF },
    ],
  });
  ids.attachment = (
    await database.db
      .selectFrom('request_attachment')
      .select('id')
      .where('request_id', '=', ids.request)
      .executeTakeFirstOrThrow()
  ).id;
  ids.handedOver = await fileRequest(deps, world.actors.headA, {
    kind: 'PERUBAHAN_USER_ID',
    ...letter,
    fields: USER_ID_FORM,
    files: [],
  });
  await startReview(deps, world.actors.admin, ids.handedOver);
  await decideRequest(deps, world.actors.admin, ids.handedOver, {
    action: 'SETUJUI',
    answerNumber: '400.12/3401/2026',
    answerDate: '2026-11-24',
  });
  tokens.anonymous = undefined;
  for (const who of EVERYONE.filter((w) => w !== 'anonymous')) {
    tokens[who] = await apiToken(server.url, world[who].userId, world[who].password);
  }
});
afterAll(async () => {
  await server?.close();
  await database?.drop();
});

async function call(who: Who, method: 'GET' | 'POST', path: string, body?: unknown) {
  const token = tokens[who];
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = response.headers.get('content-type') ?? '';
  const json = type.includes('json') ? ((await response.json()) as { code?: string }) : {};
  return { status: response.status, code: json.code, type };
}

async function state(id: number): Promise<string> {
  const row = await database.db
    .selectFrom('request')
    .select('state')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row.state;
}

const AGENCY_HEAD = {
  anonymous: 401,
  admin: 403,
  evaluator: 403,
  headA: 200,
  headB: 404,
  operatorA: 403,
};
const DUKCAPIL_VIEW = {
  anonymous: 401,
  admin: 200,
  evaluator: 200,
  headA: 403,
  headB: 403,
  operatorA: 403,
};

describe('reading', () => {
  const endpoints: [string, () => string, Record<Who, number>][] = [
    ['own list', () => '/api/v1/instansi/permohonan', { ...AGENCY_HEAD, headB: 200 }],
    ["agency A's request", () => `/api/v1/instansi/permohonan/${ids.request}`, AGENCY_HEAD],
    [
      "agency A's attachment",
      () => `/api/v1/instansi/permohonan/${ids.request}/lampiran/${ids.attachment}`,
      AGENCY_HEAD,
    ],
    [
      "agency A's BAST copy",
      () => `/api/v1/instansi/permohonan/${ids.handedOver}/bast`,
      AGENCY_HEAD,
    ],
    ['all requests', () => '/api/v1/admin/permohonan', DUKCAPIL_VIEW],
    ['a request', () => `/api/v1/admin/permohonan/${ids.request}`, DUKCAPIL_VIEW],
    [
      'an attachment',
      () => `/api/v1/admin/permohonan/${ids.request}/lampiran/${ids.attachment}`,
      DUKCAPIL_VIEW,
    ],
    ['a BAST copy', () => `/api/v1/admin/permohonan/${ids.handedOver}/bast`, DUKCAPIL_VIEW],
  ];
  const cases = endpoints.flatMap(([endpoint, path, statuses]) =>
    EVERYONE.map((who) => ({ endpoint, who, path, status: statuses[who] })),
  );

  it.each(cases)('GET $endpoint: $who → $status', async ({ who, path, status }) => {
    const answer = await call(who, 'GET', path());
    expect(answer.status).toBe(status);
    if (status === 401) expect(answer.code).toBe('GAGAL_LOGIN');
    if (status === 403) expect(answer.code).toBe('TIDAK_BERWENANG');
  });

  it("lists nothing of agency A to agency B's head", async () => {
    const response = await fetch(`${server.url}/api/v1/instansi/permohonan`, {
      headers: { authorization: `Bearer ${tokens.headB}` },
    });
    expect(((await response.json()) as { total: number }).total).toBe(0);
  });
});

describe('acting', () => {
  it.each<[Who, number]>([
    ['anonymous', 401],
    ['admin', 403],
    ['evaluator', 403],
    ['operatorA', 403],
    ['headB', 201],
    ['headA', 201],
  ])('filing: %s → %i', async (who, status) => {
    const answer = await call(who, 'POST', '/api/v1/instansi/permohonan', {
      jenis: 'POC',
      nomorSurat: '470/402/2026',
      tanggalSurat: '2026-11-20',
      isian: { namaAplikasi: 'Aplikasi Uji' },
    });
    expect(answer.status).toBe(status);
  });

  const steps: [string, string, unknown, number][] = [
    ['review', 'telaah', undefined, 200],
    [
      'approve',
      'setujui',
      {
        nomorSuratJawaban: '400.12/3402/2026',
        tanggalSuratJawaban: '2026-11-24',
        adendum: { nomor: '400.12/3403/2026', tanggal: '2026-11-24' },
      },
      200,
    ],
  ];
  const order: readonly Who[] = ['anonymous', 'evaluator', 'headA', 'headB', 'operatorA', 'admin'];
  const stepCases = steps.flatMap(([step, path, body, allowed]) =>
    order.map((who) => ({
      step,
      who,
      path,
      body,
      status: who === 'admin' ? allowed : who === 'anonymous' ? 401 : 403,
    })),
  );

  it.each(stepCases)('$step: $who → $status', async ({ who, path, body, status }) => {
    const before = await state(ids.request);
    const answer = await call(who, 'POST', `/api/v1/admin/permohonan/${ids.request}/${path}`, body);
    expect(answer.status).toBe(status);
    if (who === 'admin') expect(await state(ids.request)).not.toBe(before);
    else expect(await state(ids.request)).toBe(before);
  });

  it.each<[Who, number]>([
    ['anonymous', 401],
    ['evaluator', 403],
    ['headA', 403],
    ['headB', 403],
    ['operatorA', 403],
  ])('scheduling, rejecting, BAST with password: %s → %i', async (who, status) => {
    const base = `/api/v1/admin/permohonan/${ids.handedOver}`;
    for (const [path, body] of [
      ['jadwal', { tanggal: '2026-12-01' }],
      [
        'tolak',
        {
          nomorSuratJawaban: '400.12/3404/2026',
          tanggalSuratJawaban: '2026-11-24',
          alasan: 'Tidak sah',
        },
      ],
      ['bast', { kataSandi: 'bukan-kata-sandinya' }],
    ] as const) {
      const answer = await call(who, 'POST', `${base}/${path}`, body);
      expect(answer.status, path).toBe(status);
      expect(answer.type).not.toBe('application/pdf');
    }
    expect(await state(ids.handedOver)).toBe('DISETUJUI');
  });
});
