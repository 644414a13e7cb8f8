import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { SCANS } from '../../../test/deadlines.js';
import { makeAgency, makeAgreement, makeUser } from '../../../test/factories.js';
import { startSmtpServer, type TestSmtpServer } from '../../../test/smtp.js';
import type { Actor } from '../../domain/actor.js';
import { recordSemesterReport } from './fulfilments.js';
import { setReminderEmail } from './reminder-address.js';
import { makeDeps, type Deps } from '../deps.js';
import { createMailer, type Mailer } from '../mail/mailer.js';
import { sendDeadlineReminders, startReminderTimer, type ReminderSettings } from './reminders.js';

const DUKCAPIL = 'tenggat@dukcapil.purbalinggakab.go.id';
const AGENCY_A = 'dinkes@purbalinggakab.go.id';
const HEAD_A = 'kepala.dinkes@purbalinggakab.go.id';

/** 10:00 WIB on the given day. */
const at = (day: string) => new Date(`${day}T03:00:00Z`);

/** The part of the one Actor the deadline use cases read. */
type DeadlineActor = Pick<Actor, 'id' | 'userId' | 'role' | 'agencyId'>;

describe('deadline reminders by e-mail', () => {
  let t: TestDatabase;
  let smtp: TestSmtpServer;
  let mailer: Mailer;
  let now = at('2026-01-10');
  let deps: Deps;
  const logged: string[] = [];
  let headA: DeadlineActor;
  let agencyAId: number;

  const settings = (overrides: Partial<ReminderSettings> = {}): ReminderSettings => ({
    mailer,
    dukcapilAddress: DUKCAPIL,
    log: {
      info: (message) => logged.push(message),
      error: (message) => logged.push(message),
    },
    ...overrides,
  });

  const run = async (day: string, overrides: Partial<ReminderSettings> = {}) => {
    now = at(day);
    const before = smtp.received.length;
    const result = await sendDeadlineReminders(deps, settings(overrides));
    return { ...result, mails: smtp.received.slice(before) };
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, t.db, { clock: () => now });
    smtp = await startSmtpServer();
    mailer = createMailer({ url: smtp.url, from: 'Gerbang Dukcapil <gerbang@dukcapil.test>' });

    // DINKES: the agency's own address, a head who gave one and a head who did not.
    const a = await makeAgency(t.db, { code: 'REM_A', name: 'Dinas Kesehatan' });
    agencyAId = a.id;
    await t.db
      .updateTable('agency')
      .set({ email: AGENCY_A, head_title: 'Kepala Dinas Kesehatan Kabupaten Purbalingga' })
      .where('id', '=', a.id)
      .execute();
    await makeAgreement(t.db, 'REM_A', { nomorDukcapil: '400.12/2427/2025' });
    const head = await makeUser(t.db, { role: 'KEPALA_INSTANSI', agencyCode: 'REM_A' });
    headA = { id: head.id, userId: head.userId, role: 'KEPALA_INSTANSI', agencyId: a.id };
    await setReminderEmail(deps, headA, HEAD_A);
    await makeUser(t.db, { role: 'KEPALA_INSTANSI', agencyCode: 'REM_A' });
    // DPMPTSP: no address at all, so only Dukcapil hears of its deadlines.
    await makeAgency(t.db, { code: 'REM_B', name: 'Dinas Penanaman Modal dan PTSP' });
    await makeAgreement(t.db, 'REM_B', { nomorDukcapil: '400.12/2426/2025' });
  });
  afterAll(async () => {
    mailer.close();
    await smtp.close();
    await t.drop();
  });

  it('sends nothing and records nothing when SMTP is not configured', async () => {
    const result = await run('2026-01-10', { mailer: undefined });
    expect(result).toEqual({ sent: 0, failed: 0, mails: [] });
    expect(await t.db.selectFrom('deadline_reminder').selectAll().execute()).toEqual([]);
  });

  it('writes to the agency, its head and Dukcapil at the 7-day point, in formal Indonesian', async () => {
    // The report on semester 2 2025 is due Thursday 15 January 2026 (1 January skipped).
    const result = await run('2026-01-10');
    expect(result.sent).toBe(3);
    expect(result.mails.map((m) => m.to).sort()).toEqual([[DUKCAPIL], [AGENCY_A], [HEAD_A]].sort());
    const toAgency = result.mails.find((m) => m.to[0] === AGENCY_A)!;
    expect(toAgency.from).toBe('gerbang@dukcapil.test');
    expect(toAgency.subject).toBe(
      '[Gerbang] Pengingat batas waktu kewajiban PKS — Dinas Kesehatan',
    );
    expect(toAgency.text).toContain('Yth. Kepala Dinas Kesehatan Kabupaten Purbalingga');
    expect(toAgency.text).toContain('Dengan hormat,');
    expect(toAgency.text).toContain(
      '1. Laporan semester penggunaan data Semester 2 2025 (Juli–Desember)\n' +
        '   PKS nomor 400.12/2427/2025\n' +
        '   Batas waktu: 15 Januari 2026 (5 hari lagi).',
    );
    expect(toAgency.text).toContain('Hormat kami,\nDinas Kependudukan dan Pencatatan Sipil');
    expect(toAgency.text).not.toContain('Dinas Penanaman Modal');
    const digest = result.mails.find((m) => m.to[0] === DUKCAPIL)!;
    expect(digest.subject).toBe(
      '[Gerbang] Rekap tenggat kewajiban instansi pengguna: 2 kewajiban, 0 terlambat',
    );
    expect(digest.text).toContain('Instansi: Dinas Kesehatan (REM_A)');
    expect(digest.text).toContain('Instansi: Dinas Penanaman Modal dan PTSP (REM_B)');
  });

  it('sends each reminder point once, however often it runs', async () => {
    expect((await run('2026-01-10')).mails).toEqual([]);
    expect((await run('2026-01-11')).mails).toEqual([]);
    const rows = await t.db
      .selectFrom('deadline_reminder')
      .select(['deadline_key', 'stage', 'recipient'])
      .orderBy('recipient')
      .execute();
    expect(rows.filter((r) => r.recipient === HEAD_A)).toEqual([
      {
        deadline_key: expect.stringMatching(/laporan-2025-S2$/) as string,
        stage: 'H_7',
        recipient: HEAD_A,
      },
    ]);
  });

  it('stops reminding of what was handed in, and flags what is overdue', async () => {
    now = at('2026-01-14');
    await recordSemesterReport(deps, headA, agencyAId, {
      period: '2025-S2',
      file: { fileName: 'laporan.png', bytes: SCANS.png.content },
    });
    // One day before: only DPMPTSP's report is still open, and only Dukcapil has an address.
    const dayBefore = await run('2026-01-14');
    expect(dayBefore.mails.map((m) => m.to)).toEqual([[DUKCAPIL]]);
    expect(dayBefore.mails[0]!.text).toContain('Batas waktu: 15 Januari 2026 (besok).');
    expect(dayBefore.mails[0]!.text).not.toContain('REM_A');
    const overdue = await run('2026-01-16');
    expect(overdue.mails).toHaveLength(1);
    expect(overdue.mails[0]!.subject).toBe(
      '[Gerbang] Rekap tenggat kewajiban instansi pengguna: 1 kewajiban, 1 terlambat',
    );
    expect(overdue.mails[0]!.text).toContain(
      '1. [TERLAMBAT] Laporan semester penggunaan data Semester 2 2025 (Juli–Desember)',
    );
    expect(overdue.mails[0]!.text).toContain('(lewat 1 hari)');
    expect((await run('2026-01-20')).mails).toEqual([]);
  });

  it('survives a failing SMTP server: logs no personal data, and retries on the next run', async () => {
    logged.length = 0;
    // 30 days before the ISO/IEC 27001 certificate (16 March 2026): a new reminder point.
    smtp.failing(true);
    const failed = await run('2026-02-14');
    expect(failed).toMatchObject({ sent: 0, failed: 3, mails: [] });
    expect(logged.length).toBeGreaterThan(0);
    for (const line of logged) {
      expect(line).not.toMatch(/@|Dinas|REM_|Kesehatan|kepala/);
    }
    expect(logged[0]).toContain('SMTP 451');
    smtp.failing(false);
    const retried = await run('2026-02-14');
    expect(retried.sent).toBe(3);
    expect(retried.mails.find((m) => m.to[0] === HEAD_A)!.text).toContain(
      'Sertifikat ISO/IEC 27001 (6 bulan sejak PKS ditandatangani 16 September 2025)',
    );
  });

  it('survives an SMTP server that is not there', async () => {
    logged.length = 0;
    const nowhere = createMailer({ url: 'smtp://127.0.0.1:1', from: 'gerbang@dukcapil.test' });
    const result = await run('2026-03-10', { mailer: nowhere });
    expect(result.failed).toBeGreaterThan(0);
    expect(logged.some((l) => l.includes('ECONNREFUSED'))).toBe(true);
    // Nothing was kept as sent: the real server gets them on the next run.
    expect((await run('2026-03-10')).sent).toBe(3);
  });

  it('runs inside the server on a timer, from 07:00 WIB, and stops cleanly', async () => {
    // 05:00 WIB, the day before the certificate is due: too early in the day.
    now = new Date('2026-03-14T22:00:00Z');
    const before = smtp.received.length;
    const early = startReminderTimer(deps, settings(), { firstAfterMs: 5, everyMs: 20 });
    await new Promise((resolve) => setTimeout(resolve, 120));
    await early.stop();
    expect(smtp.received.length).toBe(before);
    // 08:00 WIB the same day.
    now = new Date('2026-03-15T01:00:00Z');
    const timer = startReminderTimer(deps, settings(), { firstAfterMs: 5, everyMs: 20 });
    for (let i = 0; i < 100 && smtp.received.length < before + 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await timer.stop();
    expect(smtp.received.length).toBe(before + 3);
  });
});

describe('e-mail settings', () => {
  it('are off unless GERBANG_SMTP_URL is set', () => {
    expect(loadConfig({}).mail).toBeUndefined();
    expect(loadConfig({ GERBANG_SMTP_URL: '' }).mail).toBeUndefined();
  });

  it('need a sender with the server, and check both', () => {
    expect(
      loadConfig({
        GERBANG_SMTP_URL: 'smtp://gerbang:rahasia@mail.purbalinggakab.go.id:587',
        GERBANG_MAIL_FROM: 'Gerbang Dukcapil <gerbang@dukcapil.purbalinggakab.go.id>',
        GERBANG_DUKCAPIL_EMAIL: 'tenggat@dukcapil.purbalinggakab.go.id',
      }),
    ).toMatchObject({
      mail: {
        url: 'smtp://gerbang:rahasia@mail.purbalinggakab.go.id:587',
        from: 'Gerbang Dukcapil <gerbang@dukcapil.purbalinggakab.go.id>',
      },
      dukcapilEmail: 'tenggat@dukcapil.purbalinggakab.go.id',
    });
    expect(() => loadConfig({ GERBANG_SMTP_URL: 'smtp://mail.example.go.id' })).toThrow(
      /GERBANG_MAIL_FROM wajib/,
    );
    expect(() =>
      loadConfig({ GERBANG_SMTP_URL: 'http://mail.example.go.id', GERBANG_MAIL_FROM: 'a@b.go.id' }),
    ).toThrow(/GERBANG_SMTP_URL/);
    expect(() =>
      loadConfig({ GERBANG_SMTP_URL: 'smtp://mail.example.go.id', GERBANG_MAIL_FROM: 'gerbang' }),
    ).toThrow(/GERBANG_MAIL_FROM/);
    expect(() => loadConfig({ GERBANG_DUKCAPIL_EMAIL: 'bukan alamat' })).toThrow(
      /GERBANG_DUKCAPIL_EMAIL/,
    );
  });
});
