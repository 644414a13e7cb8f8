import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AFTER_END, agreementTermsHelpers, NIK } from '../../../test/agreement-terms.js';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeResident } from '../../../test/factories.js';
import { startSmtpServer, type TestSmtpServer } from '../../../test/smtp.js';
import { sendReturnNotices } from '../card-readers/return-notice.js';
import { actOnReader, registerReader } from '../card-readers/readers.js';
import { makeDeps, type Deps } from '../deps.js';
import { createMailer, type Mailer } from '../mail/mailer.js';
import { decideRequest, startReview } from '../requests/decision.js';
import { fileRequest } from '../requests/filing.js';
import { agreementHistory } from './agreement-queries.js';
import { lapseAgreements } from './lapse.js';

/**
 * The end of an agreement whose end date merely passes (issue 12, SPEC §4/§5): the lapse job
 * records it with the cascade of every end — sessions ended, card readers suspended, SAM
 * returns opened, the head's e-mail — once, however often or by how many processes it runs,
 * and never for an agreement in its extension period. Runs on PGlite and on PostgreSQL.
 */

const BEFORE_DUE = new Date('2026-10-15T03:00:00Z');

let database: TestDatabase;
let deps: Deps;
let now = BEFORE_DUE;
let smtp: TestSmtpServer;
let mailer: Mailer;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = makeDeps({ tokenTtlSeconds: 120 * 86_400, sessionTtlSeconds: 3600 }, database.db, {
    clock: () => now,
  });
  await makeResident(database.db, { nik: NIK });
  smtp = await startSmtpServer();
  mailer = createMailer({ url: smtp.url, from: 'Gerbang Dukcapil <gerbang@dukcapil.test>' });
});
afterAll(async () => {
  mailer?.close();
  await smtp?.close();
  await database?.drop();
});

const { agencyWorld, token, lookupCode } = agreementTermsHelpers(() => ({
  db: database.db,
  deps,
}));
type World = Awaited<ReturnType<typeof agencyWorld>>;

/** An agency whose agreement ends on 31 December 2026, with one active card reader. */
async function worldWithReader(serial: string, email: string) {
  now = BEFORE_DUE;
  const world = await agencyWorld();
  await database.db
    .updateTable('agreement')
    .set({ access_methods: ['PORTAL', 'API', 'CARD_READER'] })
    .where('id', '=', world.agreement.id)
    .execute();
  await database.db
    .updateTable('app_user')
    .set({ email })
    .where('id', '=', world.head.id)
    .execute();
  const readerId = await registerReader(deps, world.head.actor, {
    serial,
    make: 'Merek Uji KTP-el R1',
    location: 'Loket 1',
    operator: world.operator.userId,
    samNumber: `SAM-${serial}`,
  });
  await actOnReader(deps, world.head.actor, readerId, 'AJUKAN', {
    reference: `SIF/${serial}`,
    onDate: '2026-10-01',
  });
  for (const [action, reference] of [
    ['PERSONALISASI', `PRS/${serial}`],
    ['AKTIVASI', `AKT/${serial}`],
  ] as const) {
    await actOnReader(deps, world.admin, readerId, action, { reference, onDate: '2026-10-10' });
  }
  return { ...world, readerId };
}

async function fileTimelyExtension(world: World) {
  now = BEFORE_DUE;
  return fileRequest(deps, world.head.actor, {
    kind: 'PERPANJANGAN',
    letterNumber: '470/501/2026',
    letterDate: '2026-10-15',
    fields: { berakhirBaru: '2028-12-31' },
    files: [],
  });
}

async function agreementRow(id: number) {
  return database.db
    .selectFrom('agreement')
    .select(['status', 'end_ground', 'extension_request_id'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

const readerState = async (id: number) =>
  (
    await database.db
      .selectFrom('card_reader')
      .select('state')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).state;

const openReturns = (agreementId: number) =>
  database.db
    .selectFrom('card_reader_return')
    .select(['card_reader_id', 'received_on'])
    .where('agreement_id', '=', agreementId)
    .execute();

const adminTrail = (agencyId: number) =>
  database.db
    .selectFrom('admin_action')
    .select(['action', 'actor_id', 'target', 'reason', 'detail'])
    .where('agency_id', '=', agencyId)
    .orderBy('id')
    .execute();

/** Rows the job may write, to show a second run writes none. */
async function counts() {
  const count = async (
    table: 'admin_action' | 'card_reader_event' | 'card_reader_return' | 'agreement_event',
  ) =>
    Number(
      (
        await database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    adminActions: await count('admin_action'),
    readerEvents: await count('card_reader_event'),
    returns: await count('card_reader_return'),
    agreementEvents: await count('agreement_event'),
  };
}

describe('agreements that lapse (the end date passes without a timely extension request)', () => {
  let lapsing: Awaited<ReturnType<typeof worldWithReader>>;
  let extending: Awaited<ReturnType<typeof worldWithReader>>;

  it('ends the lapsed agreement with the cascade of every end, and spares one in its extension period', async () => {
    lapsing = await worldWithReader('SN-LAPSE-1', 'kepala.lapse@instansi.test');
    extending = await worldWithReader('SN-EXTEND-1', 'kepala.extend@instansi.test');
    await fileTimelyExtension(extending);
    // Tokens issued before the end: the cascade ends them.
    const lapsingToken = (await token(lapsing.operator.userId, lapsing.operator.password)).token!;
    const extendingToken = (await token(extending.operator.userId, extending.operator.password))
      .token!;
    // The last day of the term: nothing lapses yet.
    now = new Date('2026-12-31T16:00:00Z'); // 23:00 WIB on 31 December
    expect(await lapseAgreements(deps)).toEqual([]);

    now = AFTER_END;
    const ended = await lapseAgreements(deps);
    expect(ended).toEqual([
      {
        agreementId: lapsing.agreement.id,
        nomorDukcapil: lapsing.agreement.nomorDukcapil,
        endsOn: '2026-12-31',
        revokedSessions: 1,
        suspendedReaders: 1,
      },
    ]);
    expect(await agreementRow(lapsing.agreement.id)).toMatchObject({
      status: 'BERAKHIR',
      end_ground: 'MASA_BERLAKU',
    });
    expect(await readerState(lapsing.readerId)).toBe('DITANGGUHKAN');
    expect(await openReturns(lapsing.agreement.id)).toEqual([
      { card_reader_id: lapsing.readerId, received_on: null },
    ]);
    const revoked = await database.db
      .selectFrom('auth_session as s')
      .innerJoin('app_user as u', 'u.id', 's.user_id')
      .select(['s.revoked_at', 's.revoked_because'])
      .where('u.agency_id', '=', lapsing.agency.id)
      .execute();
    expect(revoked).toEqual([{ revoked_at: AFTER_END, revoked_because: 'INSTANSI_TIDAK_AKTIF' }]);
    expect(await lookupCode(lapsingToken)).toBe('INSTANSI_TIDAK_AKTIF');

    // The admin trail, with no actor (the system), the reason and the cascade; the history.
    const trail = await adminTrail(lapsing.agency.id);
    const end = trail.find((a) => a.action === 'PKS_BERAKHIR')!;
    expect(end).toMatchObject({ actor_id: null, target: `PKS ${lapsing.agreement.nomorDukcapil}` });
    expect(end.reason).toMatch(/^Masa berlaku berakhir pada 2026-12-31/);
    expect(end.detail).toMatchObject({
      agreementId: lapsing.agreement.id,
      ground: 'MASA_BERLAKU',
      revokedSessions: 1,
      suspendedReaders: 1,
    });
    const suspension = trail.find((a) => a.action === 'PEMBACA_DITANGGUHKAN')!;
    expect(suspension).toMatchObject({ actor_id: null, target: 'Pembaca KTP-el SN-LAPSE-1' });
    expect(suspension.reason).toContain(`PKS ${lapsing.agreement.nomorDukcapil} berakhir`);
    expect((await agreementHistory(database.db, lapsing.agreement.id)).at(-1)).toMatchObject({
      kind: 'BERAKHIR',
    });

    // The timely request keeps the other agreement, its reader and its users in force.
    expect(await agreementRow(extending.agreement.id)).toMatchObject({ status: 'AKTIF' });
    expect(await readerState(extending.readerId)).toBe('AKTIF');
    expect(await openReturns(extending.agreement.id)).toEqual([]);
    expect(await lookupCode(extendingToken)).toBe('DITEMUKAN');
  });

  it('changes nothing the second time', async () => {
    const before = await counts();
    expect(await lapseAgreements(deps)).toEqual([]);
    now = new Date('2027-01-06T03:00:00Z');
    expect(await lapseAgreements(deps)).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it('ends an agreement once when two processes run the job at the same moment', async () => {
    const world = await worldWithReader('SN-TWICE-1', 'kepala.twice@instansi.test');
    now = AFTER_END;
    const runs = await Promise.all([lapseAgreements(deps), lapseAgreements(deps)]);
    expect(runs.flat().map((a) => a.agreementId)).toEqual([world.agreement.id]);
    const ends = (await adminTrail(world.agency.id)).filter((a) => a.action === 'PKS_BERAKHIR');
    expect(ends).toHaveLength(1);
    expect(await openReturns(world.agreement.id)).toHaveLength(1);
  });

  it('ends an agreement whose extension is refused after its end date at once, with the same cascade', async () => {
    const world = await worldWithReader('SN-REFUSED-1', 'kepala.refused@instansi.test');
    const requestId = await fileTimelyExtension(world);
    now = AFTER_END;
    expect((await lapseAgreements(deps)).map((a) => a.agreementId)).not.toContain(
      world.agreement.id,
    );
    await startReview(deps, world.admin, requestId);
    await decideRequest(deps, world.admin, requestId, {
      action: 'TOLAK',
      answerNumber: '400.12/3101/2027',
      answerDate: '2027-01-05',
      reason: 'Evaluasi pemanfaatan data tidak memenuhi syarat perpanjangan',
    });
    expect(await agreementRow(world.agreement.id)).toMatchObject({
      status: 'BERAKHIR',
      end_ground: 'PERPANJANGAN_DITOLAK',
    });
    expect(await readerState(world.readerId)).toBe('DITANGGUHKAN');
    expect(await openReturns(world.agreement.id)).toHaveLength(1);
    const end = (await adminTrail(world.agency.id)).find((a) => a.action === 'PKS_BERAKHIR')!;
    expect(end.detail).toMatchObject({ ground: 'PERPANJANGAN_DITOLAK', suspendedReaders: 1 });
    // The next run finds it ended.
    expect(await lapseAgreements(deps)).toEqual([]);
  });

  it('e-mails each head the task list once, through the outbox; a failed send is tried again', async () => {
    const settings = {
      mailer,
      dukcapilAddress: undefined,
      log: { info: () => {}, error: () => {} },
    };
    smtp.failing(true);
    const failed = await sendReturnNotices(deps, settings);
    expect(failed.sent).toBe(0);
    expect(failed.failed).toBeGreaterThan(0);
    smtp.failing(false);
    const before = smtp.received.length;
    const run = await sendReturnNotices(deps, settings);
    expect(run).toEqual({ sent: 3, failed: 0 });
    const mails = smtp.received.slice(before);
    expect(mails.map((m) => m.to[0]).sort()).toEqual([
      'kepala.lapse@instansi.test',
      'kepala.refused@instansi.test',
      'kepala.twice@instansi.test',
    ]);
    const mail = mails.find((m) => m.to[0] === 'kepala.lapse@instansi.test')!;
    expect(mail.subject).toBe(
      `[Gerbang] PKS ${lapsing.agreement.nomorDukcapil} berakhir: tugas pengembalian 1 SAM card reader`,
    );
    expect(mail.text).toContain(
      'Card reader SN-LAPSE-1 (Merek Uji KTP-el R1, Loket 1), SAM nomor SAM-SN-LAPSE-1',
    );
    expect(mail.text).toContain('[ ] Cabut SAM dari pembaca');
    expect(mail.text).toContain('[ ] Kirim SAM dan BAST ke Dinas Dukcapil');
    expect(mail.text).toContain('/instansi/pembaca-kartu/pengembalian');
    // Each notice is mailed once.
    expect(await sendReturnNotices(deps, settings)).toEqual({ sent: 0, failed: 0 });
    // No head of the agreement in its extension period was mailed.
    expect(smtp.received.some((m) => m.to.includes('kepala.extend@instansi.test'))).toBe(false);
  });
});
