import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AFTER_END, agreementTermsHelpers, NIK } from '../../../test/agreement-terms.js';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import {
  makeAgency,
  makeAgreement,
  makeResident,
  makeUser,
  TINY_PDF,
} from '../../../test/factories.js';
import { RuleViolation } from '../../../test/refusals.js';
import { ZIP_BYTES } from '../../../test/requests.js';
import type { Refusal } from '../../domain/refusals.js';
import { insertUserDocument } from '../../store/documents.js';
import { makeDeps, type Deps } from '../deps.js';
import { recordUserDocument } from '../users/user-documents.js';
import { agreementHistory, getAgreement } from './agreement-queries.js';
import { recordDgApproval } from './dg-approval.js';
import { endByForceMajeure, forceMajeureDocument, forceMajeureOf } from './force-majeure.js';

/**
 * What the agreements add (SPEC §4, issue 12 item 5), end to end on the database: force
 * majeure, the Director General's letter, the head's own NDA (the extension's access:
 * extension-access.test.ts). Runs on PGlite and on PostgreSQL.
 */

let database: TestDatabase;
let deps: Deps;
let now = new Date('2026-10-15T03:00:00Z');

beforeAll(async () => {
  database = await createTestDatabase();
  deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, database.db, {
    clock: () => now,
  });
  await makeResident(database.db, { nik: NIK });
});
afterAll(() => database.drop());

const { agencyWorld, token, lookupCode } = agreementTermsHelpers(() => ({
  db: database.db,
  deps,
}));

async function agreementRow(id: number) {
  return database.db
    .selectFrom('agreement')
    .select(['status', 'ends_on', 'extension_request_id', 'end_ground'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

async function lastAdminActions(agencyId: number, n: number) {
  const rows = await database.db
    .selectFrom('admin_action')
    .select(['action', 'detail'])
    .where('agency_id', '=', agencyId)
    .orderBy('id', 'desc')
    .limit(n)
    .execute();
  return rows;
}

describe('force majeure (Pasal 6)', () => {
  it('ends the agreement with the cascade that exists, and keeps its record', async () => {
    now = new Date('2026-11-24T03:00:00Z');
    const world = await agencyWorld();
    const signedIn = await token(world.operator.userId, world.operator.password);
    expect(await lookupCode(signedIn.token!)).toBe('DITEMUKAN');

    const ended = await endByForceMajeure(
      database.db,
      world.admin,
      world.agreement.id,
      {
        occurredOn: '2026-11-20',
        description:
          'Peraturan Menteri Dalam Negeri menghentikan akses daerah ke data kependudukan',
        document: { fileName: 'permendagri.pdf', content: TINY_PDF },
      },
      now,
    );
    expect(ended).toBeGreaterThan(0);
    expect(await lookupCode(signedIn.token!)).toBe('INSTANSI_TIDAK_AKTIF');
    expect((await token(world.operator.userId, world.operator.password)).refused).toBe(
      'INSTANSI_TIDAK_AKTIF',
    );
    expect(await agreementRow(world.agreement.id)).toMatchObject({
      status: 'BERAKHIR',
      end_ground: 'FORCE_MAJEURE',
    });
    expect(await forceMajeureOf(database.db, world.agreement.id)).toMatchObject({
      occurredOn: '2026-11-20',
      contentType: 'application/pdf',
      sha256: crypto.createHash('sha256').update(TINY_PDF).digest('hex'),
    });
    expect((await forceMajeureDocument(database.db, world.agreement.id)).content).toEqual(TINY_PDF);
    const [action] = await lastAdminActions(world.agency.id, 1);
    expect(action!.action).toBe('PKS_FORCE_MAJEURE');
    expect(action!.detail).toMatchObject({ ground: 'FORCE_MAJEURE', occurredOn: '2026-11-20' });
    expect((await agreementHistory(database.db, world.agreement.id)).at(-1)!.kind).toBe(
      'FORCE_MAJEURE',
    );
  });

  it.each([
    ['no document', undefined, 'Peraturan baru yang menghentikan kerja sama', 'dokumen'],
    [
      'a ZIP named as a PDF',
      { fileName: 'kebijakan.pdf', content: ZIP_BYTES },
      'Peraturan baru yang menghentikan kerja sama',
      'dokumen',
    ],
    ['a description too short', { fileName: 'k.pdf', content: TINY_PDF }, 'kebijakan', 'uraian'],
  ])(
    'refuses %s by field, in Indonesian, and changes nothing',
    async (_case, document, text, field) => {
      now = new Date('2026-11-24T03:00:00Z');
      const world = await agencyWorld();
      const error = (await endByForceMajeure(
        database.db,
        world.admin,
        world.agreement.id,
        { occurredOn: '2026-11-20', description: text, document },
        now,
      ).catch((e: unknown) => e)) as Refusal;
      expect(error).toBeInstanceOf(RuleViolation);
      expect(error.detail!.fields!.map((f) => f.field)).toEqual([field]);
      expect(error.message).toMatch(/Dokumen keadaan kahar|Uraian kebijakan/);
      expect((await agreementRow(world.agreement.id)).status).toBe('AKTIF');
      expect(await forceMajeureOf(database.db, world.agreement.id)).toBeUndefined();
    },
  );

  it('refuses a date before the signing under the lock, writing nothing', async () => {
    now = new Date('2026-11-24T03:00:00Z');
    const world = await agencyWorld();
    await expect(
      endByForceMajeure(
        database.db,
        world.admin,
        world.agreement.id,
        {
          occurredOn: '2025-01-01',
          description: 'Peraturan baru yang menghentikan kerja sama',
          document: { fileName: 'k.pdf', content: TINY_PDF },
        },
        now,
      ),
    ).rejects.toThrow('Tanggal keadaan kahar tidak boleh sebelum penandatanganan PKS (2025-09-16)');
    expect((await agreementRow(world.agreement.id)).status).toBe('AKTIF');
  });
});

describe("the Director General's approval letter", () => {
  it('is recorded on the agreement, in its history and the admin trail, and shown', async () => {
    now = new Date('2026-11-24T03:00:00Z');
    const world = await agencyWorld();
    await recordDgApproval(
      database.db,
      world.admin,
      world.agreement.id,
      { nomor: '400.8.1.2/8765/Dukcapil', tanggal: '2025-07-25' },
      now,
    );
    const view = (await getAgreement(database.db, world.agreement.id, '2026-11-24'))!;
    expect(view.dgApproval).toEqual({ nomor: '400.8.1.2/8765/Dukcapil', tanggal: '2025-07-25' });
    expect((await agreementHistory(database.db, world.agreement.id)).at(-1)).toMatchObject({
      kind: 'PERSETUJUAN_DIRJEN',
      reason:
        'Surat persetujuan Direktur Jenderal nomor 400.8.1.2/8765/Dukcapil tanggal 2025-07-25',
    });
    const [action] = await lastAdminActions(world.agency.id, 1);
    expect(action!.action).toBe('PKS_PERSETUJUAN_DIRJEN');
  });

  it('refuses bad input by field and an agreement no longer in force', async () => {
    now = new Date('2026-11-24T03:00:00Z');
    const world = await agencyWorld();
    const error = (await recordDgApproval(
      database.db,
      world.admin,
      world.agreement.id,
      { nomor: 'x', tanggal: '2025-02-30' },
      now,
    ).catch((e: unknown) => e)) as Refusal;
    expect(error).toBeInstanceOf(RuleViolation);
    expect(error.detail!.fields).toEqual([
      { field: 'nomor', message: 'Nomor surat persetujuan Direktur Jenderal harus 3–100 karakter' },
      {
        field: 'tanggal',
        message: 'Tanggal surat persetujuan Direktur Jenderal harus tanggal YYYY-MM-DD',
      },
    ]);
    now = AFTER_END;
    await expect(
      recordDgApproval(
        database.db,
        world.admin,
        world.agreement.id,
        { nomor: '400.8.1.2/8765/Dukcapil', tanggal: '2025-07-25' },
        now,
      ),
    ).rejects.toThrow('hanya dicatat pada draf PKS atau PKS yang berlaku');
  });
});

describe("the head's own NDA besides the SPTJM (SPEC §4)", () => {
  it('a head with the SPTJM alone is gated (USER_NON_AKTIF) until their NDA is recorded', async () => {
    now = new Date('2026-11-24T03:00:00Z');
    const agency = await makeAgency(database.db);
    await makeAgreement(database.db, agency.code);
    const head = await makeUser(database.db, {
      role: 'KEPALA_INSTANSI',
      agencyCode: agency.code,
      documents: false,
    });
    await insertUserDocument(database.db, {
      userId: head.id,
      agencyId: agency.id,
      kind: 'SPTJM',
      signedOn: '2025-09-16',
      content: TINY_PDF,
      contentType: 'application/pdf',
      sha256: crypto.createHash('sha256').update(TINY_PDF).digest(),
      fileName: 'sptjm.pdf',
      uploadedBy: null,
      uploadedAt: now,
    });
    const signedIn = await token(head.userId, head.password);
    expect(await lookupCode(signedIn.token!)).toBe('USER_NON_AKTIF');
    // The head records their own NDA (as they record their SPTJM).
    await recordUserDocument(
      deps,
      { id: head.id, role: 'KEPALA_INSTANSI', agencyId: agency.id },
      { userId: head.userId, kind: 'NDA', signedOn: '2025-09-16', content: TINY_PDF },
    );
    expect(await lookupCode(signedIn.token!)).toBe('DITEMUKAN');
  });
});
