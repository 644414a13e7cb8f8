import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { TINY_PDF } from '../../../test/factories.js';
import { FormClient, makeRequestWorld, USER_ID_FORM, type Answer } from '../../../test/requests.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { decideRequest, startReview } from '../../services/requests/decision.js';
import { fileRequest } from '../../services/requests/filing.js';
import { makeDeps, type Deps } from '../../services/deps.js';

/**
 * Who may open and do what in the requests section of the portal: every role (and a visitor
 * without a session) against every page and form, including agency B's head against agency
 * A's requests. A refused page sends a visitor to the login page and a signed-in user to
 * their own home; another agency's request reads as absent (404).
 */

type Who = 'anonymous' | 'admin' | 'evaluator' | 'headA' | 'headB' | 'operatorA';
const EVERYONE: readonly Who[] = ['anonymous', 'admin', 'evaluator', 'headA', 'headB', 'operatorA'];

/** What a role gets: a status, and where a redirect leads (a regular expression). */
type Outcome = readonly [status: number, location?: RegExp];

const LOGIN: Outcome = [303, /^\/masuk$/];
const DUKCAPIL_HOME: Outcome = [303, /^\/dukcapil$/];
const AGENCY_HOME: Outcome = [303, /^\/cari$/];
/** The agency head's home: the agency's usage (issue 9). */
const HEAD_HOME: Outcome = [303, /^\/instansi\/penggunaan$/];
const OK: Outcome = [200];
const ABSENT: Outcome = [404];

/** Pages for agency heads only; another agency's request is absent. */
const headOnly = (forB: Outcome = OK): Record<Who, Outcome> => ({
  anonymous: LOGIN,
  admin: DUKCAPIL_HOME,
  evaluator: DUKCAPIL_HOME,
  headA: OK,
  headB: forB,
  operatorA: AGENCY_HOME,
});
/** Pages for Dukcapil staff. */
const dukcapilOnly: Record<Who, Outcome> = {
  anonymous: LOGIN,
  admin: OK,
  evaluator: OK,
  headA: HEAD_HOME,
  headB: HEAD_HOME,
  operatorA: AGENCY_HOME,
};

let database: TestDatabase;
let server: TestServer;
let world: Awaited<ReturnType<typeof makeRequestWorld>>;
const clients = {} as Record<Who, FormClient>;
/** A page each role can open, to take a CSRF token from as a browser would. */
const HOME: Record<Who, string> = {
  anonymous: '/masuk',
  admin: '/dukcapil',
  evaluator: '/dukcapil',
  headA: '/cari',
  headB: '/cari',
  operatorA: '/cari',
};
const ids = { request: 0, attachment: 0, handedOver: 0 };

beforeAll(async () => {
  database = await createTestDatabase();
  world = await makeRequestWorld(database.db);
  server = await startTestServer(database.db);
  const deps: Deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, database.db, {
    clock: () => new Date('2026-11-24T03:00:00Z'),
  });
  const letter = { letterNumber: '470/301/2026', letterDate: '2026-11-20' };
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
  const attachment = await database.db
    .selectFrom('request_attachment')
    .select('id')
    .where('request_id', '=', ids.request)
    .executeTakeFirstOrThrow();
  ids.attachment = attachment.id;
  ids.handedOver = await fileRequest(deps, world.actors.headA, {
    kind: 'PERUBAHAN_USER_ID',
    ...letter,
    fields: USER_ID_FORM,
    files: [],
  });
  await startReview(deps, world.actors.admin, ids.handedOver);
  await decideRequest(deps, world.actors.admin, ids.handedOver, {
    action: 'SETUJUI',
    answerNumber: '400.12/3301/2026',
    answerDate: '2026-11-24',
  });
  for (const who of EVERYONE) {
    clients[who] = new FormClient(server.url);
    if (who !== 'anonymous') await clients[who].login(world[who].userId, world[who].password);
  }
});
afterAll(async () => {
  await server?.close();
  await database?.drop();
});

function expectOutcome(answer: Answer, [status, location]: Outcome, label: string) {
  expect(answer.status, `${label}: ${answer.location ?? ''}`).toBe(status);
  if (location) expect(answer.location, label).toMatch(location);
}

describe('pages', () => {
  const pages: [string, () => string, Record<Who, Outcome>][] = [
    ['own list', () => '/instansi/permohonan', headOnly()],
    ['new request form', () => '/instansi/permohonan/baru?jenis=POC', headOnly()],
    ["agency A's request", () => `/instansi/permohonan/${ids.request}`, headOnly(ABSENT)],
    [
      "agency A's attachment",
      () => `/instansi/permohonan/${ids.request}/lampiran/${ids.attachment}`,
      headOnly(ABSENT),
    ],
    [
      "agency A's BAST copy",
      () => `/instansi/permohonan/${ids.handedOver}/bast.pdf`,
      headOnly(ABSENT),
    ],
    ['all requests', () => '/dukcapil/permohonan', dukcapilOnly],
    ['a request', () => `/dukcapil/permohonan/${ids.request}`, dukcapilOnly],
    [
      'an attachment',
      () => `/dukcapil/permohonan/${ids.request}/lampiran/${ids.attachment}`,
      dukcapilOnly,
    ],
    ['a BAST copy', () => `/dukcapil/permohonan/${ids.handedOver}/bast.pdf`, dukcapilOnly],
  ];
  const cases = pages.flatMap(([page, path, outcomes]) =>
    EVERYONE.map((who) => ({ page, who, path, outcome: outcomes[who] })),
  );

  it.each(cases)('$page: $who', async ({ who, path, outcome }) => {
    expectOutcome(await clients[who].get(path()), outcome, `${who} GET ${path()}`);
  });

  it("does not list agency A's requests to agency B's head", async () => {
    const list = await clients.headB.get('/instansi/permohonan');
    expect(list.html).not.toContain(`/instansi/permohonan/${ids.request}"`);
    expect(list.html).toContain('Tidak ada permohonan');
  });

  it('offers decision forms to the admin only', async () => {
    expect((await clients.admin.get(`/dukcapil/permohonan/${ids.request}`)).html).toContain(
      'id="form-telaah"',
    );
    expect((await clients.evaluator.get(`/dukcapil/permohonan/${ids.request}`)).html).not.toContain(
      '<form method="post" action="/dukcapil/permohonan/',
    );
  });
});

describe('forms', () => {
  async function state(id: number): Promise<string> {
    const row = await database.db
      .selectFrom('request')
      .select('state')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return row.state;
  }

  async function count(agencyId: number): Promise<number> {
    const row = await database.db
      .selectFrom('request')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('agency_id', '=', agencyId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it.each<[Who, Outcome]>([
    ['anonymous', LOGIN],
    ['admin', DUKCAPIL_HOME],
    ['evaluator', DUKCAPIL_HOME],
    ['operatorA', AGENCY_HOME],
    ['headA', [303, /^\/instansi\/permohonan\/\d+\?hasil=diajukan$/]],
    ['headB', [303, /^\/instansi\/permohonan\/\d+\?hasil=diajukan$/]],
  ])('filing a request: %s', async (who, outcome) => {
    const before = [await count(world.agencyA.id), await count(world.agencyB.id)];
    const answer = await clients[who].postMultipart(HOME[who], '/instansi/permohonan/baru', {
      jenis: 'POC',
      nomorSurat: '470/302/2026',
      tanggalSurat: '2026-11-20',
      namaAplikasi: 'Aplikasi Uji',
    });
    expectOutcome(answer, outcome, who);
    const after = [await count(world.agencyA.id), await count(world.agencyB.id)];
    // Only a head files, and only for their own agency.
    expect(after).toEqual([
      before[0]! + (who === 'headA' ? 1 : 0),
      before[1]! + (who === 'headB' ? 1 : 0),
    ]);
  });

  /** Dukcapil's steps on agency A's request: everyone else is refused first, then the admin. */
  const steps: [string, string, Record<string, string>, Outcome][] = [
    ['review', 'telaah', {}, [303, /\?hasil=ditelaah$/]],
    [
      'approve',
      'setujui',
      {
        nomorJawaban: '400.12/3302/2026',
        tanggalJawaban: '2026-11-24',
        nomorAdendum: '400.12/3303/2026',
        tanggalAdendum: '2026-11-24',
        konfirmasi: 'ya',
      },
      [303, /\?hasil=disetujui$/],
    ],
  ];
  const refusedOf = (allowed: Outcome): Record<Who, Outcome> => ({
    anonymous: LOGIN,
    evaluator: DUKCAPIL_HOME,
    headA: HEAD_HOME,
    headB: HEAD_HOME,
    operatorA: AGENCY_HOME,
    admin: allowed,
  });
  const stepCases = steps.flatMap(([step, path, fields, allowed]) =>
    (['anonymous', 'evaluator', 'headA', 'headB', 'operatorA', 'admin'] as const).map((who) => ({
      step,
      who,
      path,
      fields,
      outcome: refusedOf(allowed)[who],
    })),
  );

  it.each(stepCases)('$step: $who', async ({ who, path, fields, outcome }) => {
    const before = await state(ids.request);
    const action = `/dukcapil/permohonan/${ids.request}/${path}`;
    const answer = await clients[who].postMultipart(HOME[who], action, fields);
    expectOutcome(answer, outcome, who);
    if (who !== 'admin') expect(await state(ids.request)).toBe(before);
    else expect(await state(ids.request)).not.toBe(before);
  });

  it.each<[Who, Outcome]>([
    ['anonymous', LOGIN],
    ['evaluator', DUKCAPIL_HOME],
    ['headA', HEAD_HOME],
    ['headB', HEAD_HOME],
    ['operatorA', AGENCY_HOME],
    // Allowed, but the password is not the one handed over: refused by the check, not the role.
    ['admin', [400]],
  ])('BAST with the password: %s', async (who, outcome) => {
    const answer = await clients[who].post(
      HOME[who],
      `/dukcapil/permohonan/${ids.handedOver}/bast.pdf`,
      { kataSandi: 'bukan-kata-sandinya' },
    );
    expectOutcome(answer, outcome, who);
    expect(answer.headers.get('content-type')).not.toBe('application/pdf');
  });

  it.each<[Who, Outcome]>([
    ['anonymous', LOGIN],
    ['evaluator', DUKCAPIL_HOME],
    ['headA', HEAD_HOME],
    ['headB', HEAD_HOME],
    ['operatorA', AGENCY_HOME],
  ])('scheduling and rejecting: %s is refused', async (who, outcome) => {
    for (const path of ['jadwal', 'tolak']) {
      const answer = await clients[who].postMultipart(
        HOME[who],
        `/dukcapil/permohonan/${ids.handedOver}/${path}`,
        { tanggalPoc: '2026-12-01', alasan: 'Tidak memenuhi syarat', konfirmasi: 'ya' },
      );
      expectOutcome(answer, outcome, `${who} ${path}`);
    }
    expect(await state(ids.handedOver)).toBe('DISETUJUI');
  });
});
