import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeAgency, makeAgreement } from '../../../test/factories.js';
import {
  finding,
  lookupAs,
  TestClock,
  lookupsOf,
  maskedTestNik,
  makeOperator,
  makeTestResidents,
  testNik,
} from '../../../test/oversight.js';
import { startSmtpServer, type TestSmtpServer } from '../../../test/smtp.js';
import { wibDateTime } from '../../domain/time.js';
import { makeDeps, type Deps } from '../deps.js';
import { createMailer, type Mailer } from '../mail/mailer.js';
import { openDatabase } from '../../store/db.js';
import { sendAlertMail, type AlertMailSettings } from './alert-mail.js';
import { applyFindings } from './pattern-policy.js';

const DUKCAPIL = 'dinpendukcapil@purbalinggakab.go.id';
const NOW = new Date('2026-11-24T03:00:00Z');
const clock = new TestClock(NOW);

describe('input-pattern alerts by e-mail to Dukcapil (a real local SMTP server)', () => {
  let t: TestDatabase;
  let deps: Deps;
  let smtp: TestSmtpServer;
  let mailer: Mailer;
  let agency: { id: number; code: string };
  let agreementId: number;
  const logged: string[] = [];

  const settings = (overrides: Partial<AlertMailSettings> = {}): AlertMailSettings => ({
    mailer,
    dukcapilAddress: DUKCAPIL,
    log: { info: (m) => logged.push(m), error: (m) => logged.push(m) },
    ...overrides,
  });

  beforeAll(async () => {
    t = await createTestDatabase();
    deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, t.db, {
      clock: clock.now,
    });
    smtp = await startSmtpServer();
    mailer = createMailer({ url: smtp.url, from: 'Gerbang Dukcapil <gerbang@dukcapil.test>' });
    agency = await makeAgency(t.db, { code: 'SUREL', name: 'Dinas Kesehatan' });
    agreementId = (await makeAgreement(t.db, agency.code, { nomorDukcapil: '400.12/2427/2025' }))
      .id;
    await makeTestResidents(t.db, 4);
  });
  afterAll(async () => {
    mailer.close();
    await smtp.close();
    await t.drop();
  });

  async function sweep(policy: 'PERINGATAN' | 'BLOKIR') {
    const operator = await makeOperator(deps, agency.code);
    for (let serial = 1; serial <= 4; serial++)
      await lookupAs(deps, clock, operator.token, testNik(serial));
    const evidence = await lookupsOf(t.db, operator.id);
    await applyFindings(deps, { agencyId: agency.id, agreementId, userId: operator.id, policy }, [
      finding('BERURUTAN', evidence),
    ]);
    return operator;
  }

  it('sends nothing and claims nothing without SMTP or without Dukcapil’s address', async () => {
    await sweep('PERINGATAN');
    expect(await sendAlertMail(deps, settings({ mailer: undefined }))).toEqual({
      sent: 0,
      alerts: 0,
      failed: 0,
    });
    expect(await sendAlertMail(deps, settings({ dukcapilAddress: undefined }))).toMatchObject({
      sent: 0,
    });
    const unmailed = await t.db
      .selectFrom('pattern_alert')
      .select('id')
      .where('mailed_at', 'is', null)
      .execute();
    expect(unmailed).toHaveLength(1);
    expect(smtp.received).toHaveLength(0);
  });

  it('mails the alerts once, in Indonesian, with the evidence masked; a second run sends nothing', async () => {
    const held = await sweep('BLOKIR');
    const fourth = (await lookupsOf(t.db, held.id))[3]!;
    const run = await sendAlertMail(deps, settings());
    expect(run).toEqual({ sent: 1, alerts: 2, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.to).toEqual([DUKCAPIL]);
    expect(mail.subject).toBe(
      '[Gerbang] Peringatan pola input NIK: 2 peringatan baru, 1 pengguna ditahan',
    );
    expect(mail.text).toContain('Yth. Kepala Dinas Kependudukan dan Pencatatan Sipil');
    expect(mail.text).toContain('NIK berurutan');
    expect(mail.text).toContain('Instansi: Dinas Kesehatan (SUREL), PKS nomor 400.12/2427/2025');
    expect(mail.text).toContain(`User ID: ${held.userId}`);
    expect(mail.text).toContain('Tindakan sistem: Pengguna ditahan');
    expect(mail.text).toContain(
      `${wibDateTime(fourth.at)} | ${held.userId} | ${maskedTestNik(4)} | DITEMUKAN`,
    );
    // No NIK in full, anywhere.
    expect(mail.text).not.toMatch(/\d{16}/);
    expect(mail.subject).not.toMatch(/\d{16}/);
    expect(logged.at(-1)).toBe('Peringatan pola: 2 peringatan dikirim dalam 1 surel');
    expect(logged.join('\n')).not.toContain(DUKCAPIL);

    // A restart (a new run) finds nothing left to send.
    expect(await sendAlertMail(deps, settings())).toEqual({ sent: 0, alerts: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
  });

  it('sends a new alert once when two servers run the outbox at the same moment', async () => {
    await sweep('PERINGATAN');
    // On PostgreSQL the second server has its own connections; PGlite has one.
    const second = t.url ? await openDatabase({ url: t.url, poolSize: 2 }) : undefined;
    try {
      const depsB = second
        ? makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, second.db, {
            clock: clock.now,
          })
        : deps;
      const runs = await Promise.all([
        sendAlertMail(deps, settings()),
        sendAlertMail(depsB, settings()),
      ]);
      expect(runs.map((r) => r.alerts).sort()).toEqual([0, 1]);
    } finally {
      await second?.close();
    }
    expect(smtp.received).toHaveLength(2);
  });

  it('gives the alerts back when the server refuses, and sends them on the next run', async () => {
    await sweep('PERINGATAN');
    smtp.failing(true);
    try {
      expect(await sendAlertMail(deps, settings())).toEqual({ sent: 0, alerts: 0, failed: 1 });
    } finally {
      smtp.failing(false);
    }
    expect(logged.at(-1)).toMatch(
      /^Peringatan pola: surel gagal dikirim \(.*SMTP 451\); 1 peringatan dicoba lagi/,
    );
    expect(await sendAlertMail(deps, settings())).toEqual({ sent: 1, alerts: 1, failed: 0 });
    expect(smtp.received).toHaveLength(3);
  });
});
