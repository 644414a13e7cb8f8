import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import {
  auditOf,
  makeAgency,
  makeAgreement,
  makeResident,
  makeUser,
  TEST_PASSWORD,
} from '../../../test/factories.js';
import {
  apiLookup,
  apiToken,
  PortalClient,
  startTestServer,
  type FormFields,
  type TestServer,
} from '../../../test/server.js';
import { Refusal, REFUSALS } from '../../domain/refusals.js';
import { makeDeps } from '../../services/deps.js';
import {
  newLookupFormToken,
  purgeSpentLookupForms,
  spendLookupForm,
} from '../../services/lookup/form-token.js';
import { openDatabase } from '../../store/db.js';

/**
 * The lookup form's one-time token (issue 9 §2): a result page reloaded or revisited posts
 * its form again, and that post must run no lookup — no quota spent, no audit record.
 */

const FOUND = '3303054703900002';
const OTHER = '3303050101500011';
const NOW = new Date('2026-11-24T03:00:00Z');
const ALREADY_USED = REFUSALS.FORMULIR_SUDAH_DIPAKAI.message;

const formTokenOf = (html: string) => /name="formToken" value="([^"]+)"/.exec(html)?.[1];
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
const codeOf = (html: string) => /id="respon" data-code="([A-Z_]+)"/.exec(html)?.[1];
const remainingOf = (html: string) => Number(/data-remaining="(\d+)"/.exec(html)?.[1] ?? NaN);
const fieldValue = (html: string, id: string) =>
  new RegExp(`id="${id}"[^>]*value="([^"]*)"`).exec(html)?.[1];

describe('the lookup form is used once', () => {
  let t: TestDatabase;
  let server: TestServer;

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db, NOW);
    await makeResident(t.db, { nik: FOUND });
    await makeResident(t.db, { nik: OTHER, namaLengkap: 'SUPARNO', jenisKelamin: 'LAKI-LAKI' });
  });
  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });

  /** An operator of an agency of its own (a full quota of 200), signed in on the portal. */
  async function signedInOperator() {
    const agency = await makeAgency(t.db);
    await makeAgreement(t.db, agency.code);
    const user = await makeUser(t.db, { agencyCode: agency.code });
    const portal = new PortalClient(server.url);
    await portal.login(user.userId, TEST_PASSWORD);
    const lookups = async () =>
      (await auditOf(t.db, user.userId)).filter((row) => row.action === 'LOOKUP').length;
    return { user, portal, lookups };
  }

  /** The form of the lookup page as the browser would post it, filled in. */
  async function filledForm(portal: PortalClient, nik: string): Promise<FormFields> {
    const page = await portal.request('/cari');
    return {
      _csrf: csrfOf(page.html)!,
      formToken: formTokenOf(page.html)!,
      nik,
      purpose: 'Verifikasi pasien',
    };
  }

  it('answers the same form posted again with the message, a fresh empty form and no lookup', async () => {
    const { portal, lookups } = await signedInOperator();
    const form = await filledForm(portal, FOUND);

    const first = await portal.request('/cari', form);
    expect(first.status).toBe(200);
    expect(codeOf(first.html)).toBe('DITEMUKAN');
    expect(first.html).toContain('SRI WAHYUNINGSIH');
    expect(remainingOf(first.html)).toBe(199);
    expect(await lookups()).toBe(1);
    // The result page carries a new token for the next search.
    const next = formTokenOf(first.html);
    expect(next).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(next).not.toBe(form.formToken);

    // F5 on the result page: the browser posts the very same body again.
    const again = await portal.request('/cari', form);
    expect(again.status).toBe(409);
    expect(codeOf(again.html)).toBe('FORMULIR_SUDAH_DIPAKAI');
    expect(again.html).toContain(ALREADY_USED);
    expect(again.html).not.toContain('SRI WAHYUNINGSIH');
    expect(again.html).not.toContain(FOUND);
    expect(remainingOf(again.html)).toBe(199);
    expect(await lookups()).toBe(1);
    // A fresh, empty form with a token of its own.
    expect(fieldValue(again.html, 'nik')).toBe('');
    expect(fieldValue(again.html, 'purpose')).toBe('');
    const fresh = formTokenOf(again.html);
    expect(fresh).toBeDefined();
    expect([form.formToken, next]).not.toContain(fresh);

    // And a third time, still nothing.
    expect(codeOf((await portal.request('/cari', form)).html)).toBe('FORMULIR_SUDAH_DIPAKAI');
    expect(await lookups()).toBe(1);

    // The fresh form, filled in again, looks up as usual.
    const newSearch = await portal.request('/cari', {
      _csrf: csrfOf(again.html)!,
      formToken: fresh!,
      nik: OTHER,
      purpose: 'Verifikasi pasien',
    });
    expect(codeOf(newSearch.html)).toBe('DITEMUKAN');
    expect(newSearch.html).toContain('SUPARNO');
    expect(remainingOf(newSearch.html)).toBe(198);
    expect(await lookups()).toBe(2);
  });

  it('the form of a result page, posted again after a newer search, looks nothing up', async () => {
    const { portal, lookups } = await signedInOperator();
    const first = await portal.request('/cari', await filledForm(portal, FOUND));
    // The next search from the result page's own form…
    const fromResult: FormFields = {
      _csrf: csrfOf(first.html)!,
      formToken: formTokenOf(first.html)!,
      nik: OTHER,
      purpose: 'Verifikasi pasien',
    };
    const second = await portal.request('/cari', fromResult);
    expect(codeOf(second.html)).toBe('DITEMUKAN');
    expect(remainingOf(second.html)).toBe(198);
    // …then Back to that page and its resubmission: refused, the quota as it was.
    const back = await portal.request('/cari', fromResult);
    expect(back.status).toBe(409);
    expect(codeOf(back.html)).toBe('FORMULIR_SUDAH_DIPAKAI');
    expect(remainingOf(back.html)).toBe(198);
    expect(await lookups()).toBe(2);
  });

  it('runs exactly one lookup for two posts of one form at the same time', async () => {
    const { portal, lookups } = await signedInOperator();
    for (let round = 1; round <= 3; round++) {
      const form = await filledForm(portal, FOUND);
      const answers = await Promise.all([
        portal.request('/cari', form),
        portal.request('/cari', form),
      ]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
      expect(answers.map((answer) => codeOf(answer.html)).sort()).toEqual([
        'DITEMUKAN',
        'FORMULIR_SUDAH_DIPAKAI',
      ]);
      expect(await lookups()).toBe(round);
    }
    expect(remainingOf((await portal.request('/cari')).html)).toBe(197);
  });

  it('spends one token once across two database connections, as two server processes do', async () => {
    const { user } = await signedInOperator();
    // On PostgreSQL a pool of its own (other connections, as another process has); PGlite is
    // one connection, where the same holds trivially.
    const other = t.url ? await openDatabase({ url: t.url, poolSize: 2 }) : undefined;
    try {
      const deps = [t.db, other?.db ?? t.db].map((db) =>
        makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, db, { clock: () => NOW }),
      );
      for (let round = 0; round < 5; round++) {
        const token = newLookupFormToken();
        const outcomes = await Promise.allSettled(
          deps.map((each) => spendLookupForm(each, { userId: user.id, token })),
        );
        expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
        const refused = outcomes.find((outcome) => outcome.status === 'rejected');
        expect(refused?.reason).toBeInstanceOf(Refusal);
        expect((refused?.reason as Refusal).code).toBe('FORMULIR_SUDAH_DIPAKAI');
      }
    } finally {
      await other?.close();
    }
  });

  it('treats a form without its token, or with a malformed one, as a form error', async () => {
    const { portal, lookups } = await signedInOperator();
    const { _csrf, nik, purpose } = await filledForm(portal, FOUND);
    const withoutToken = { _csrf: _csrf!, nik: nik!, purpose: purpose! };
    for (const form of [withoutToken, { ...withoutToken, formToken: 'bukan-token' }]) {
      const answer = await portal.request('/cari', form);
      expect(answer.status).toBe(400);
      expect(answer.html).toContain('Formulir pencarian tidak lengkap atau tidak sah');
      expect(codeOf(answer.html)).toBeUndefined();
      expect(answer.html).not.toContain('SRI WAHYUNINGSIH');
      expect(remainingOf(answer.html)).toBe(200);
      // What was typed stays, to be sent again with the new token the page carries.
      expect(fieldValue(answer.html, 'nik')).toBe(FOUND);
      expect(fieldValue(answer.html, 'purpose')).toBe('Verifikasi pasien');
      expect(formTokenOf(answer.html)).toBeDefined();
    }
    expect(await lookups()).toBe(0);
    expect((await portal.lookup(FOUND)).code).toBe('DITEMUKAN');
  });

  it('leaves the JSON API as it was: no form, no token', async () => {
    const agency = await makeAgency(t.db);
    await makeAgreement(t.db, agency.code);
    const user = await makeUser(t.db, { agencyCode: agency.code });
    const token = await apiToken(server.url, user.userId, TEST_PASSWORD);
    for (const remaining of [199, 198]) {
      const answer = await apiLookup(server.url, token, FOUND);
      expect(answer.body.code).toBe('DITEMUKAN');
      expect(answer.body.quota?.remaining).toBe(remaining);
    }
  });

  it('forgets spent tokens once no session that could post them again is alive', async () => {
    const { portal } = await signedInOperator();
    await portal.lookup(FOUND);
    const spent = () => t.db.selectFrom('lookup_form_token').select('token_hash').execute();
    const before = (await spent()).length;
    expect(before).toBeGreaterThan(0);
    const ttl = 3600;
    const at = (ms: number) =>
      makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: ttl }, t.db, {
        clock: () => new Date(NOW.getTime() + ms),
      });
    // Within a session's lifetime after spending, the token is kept.
    expect(await purgeSpentLookupForms(at(ttl * 1000 - 1000))).toBe(0);
    expect(await spent()).toHaveLength(before);
    // After it, every token spent at NOW is gone.
    expect(await purgeSpentLookupForms(at(ttl * 1000 + 1000))).toBe(before);
    expect(await spent()).toHaveLength(0);
  });
});
