import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeReturnAgency, recordAccess, testNiks } from '../../../test/data-balikan.js';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { dataBalikanCsv } from './template.js';
import { createDataBalikanUploads } from './upload.js';
import { makeDeps, type Deps } from '../deps.js';

let database: TestDatabase;
let deps: Deps;
const now = new Date('2026-11-24T03:00:00Z');

beforeAll(async () => {
  database = await createTestDatabase();
  deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, database.db, {
    clock: () => now,
  });
});
afterAll(() => database.drop());

describe('createDataBalikanUploads', () => {
  it('stops reading when the server shuts down: the uploads fail and nothing is applied', async () => {
    const { caller, agency, agreement, operator } = await makeReturnAgency(database.db);
    const niks = testNiks(50_000, 700_000);
    await recordAccess(database.db, {
      agreementId: agreement.id,
      agencyId: agency.id,
      userId: operator.id,
      niks,
    });
    const file = dataBalikanCsv(
      caller.dataBalikanSchema!,
      niks.map((nik, i) => ({ nik, values: { nomor_rekam_medis: `RM-${i}` } })),
    );
    const uploads = createDataBalikanUploads(deps);
    const running = await uploads.accept(caller, { fileName: 'a.csv', bytes: file });
    const waiting = await uploads.accept(caller, { fileName: 'b.csv', bytes: file });
    await uploads.close();

    const later = createDataBalikanUploads(deps);
    try {
      for (const accepted of [running, waiting]) {
        if (!accepted.ok) throw accepted.refusal;
        const view = await later.view(agency.id, accepted.id);
        expect(view).toMatchObject({
          status: 'GAGAL',
          problem: expect.stringContaining('Server dihentikan saat berkas diproses') as string,
        });
      }
      const stored = await database.db
        .selectFrom('data_balikan')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('agreement_id', '=', agreement.id)
        .executeTakeFirstOrThrow();
      expect(Number(stored.n)).toBe(0);
      // Shut down, it takes nothing more.
      expect(await uploads.accept(caller, { fileName: 'c.csv', bytes: file })).toMatchObject({
        ok: false,
        refusal: { code: 'SIBUK' },
      });
    } finally {
      await later.close();
    }
  });
});
