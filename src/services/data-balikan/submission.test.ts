import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DPMPTSP_DATA_BALIKAN } from '../demo/agreements.js';
import { submitDataBalikan, NOT_ACCESSED_REASON, type IncomingRecord } from './submission.js';
import { makeDeps, type Deps } from '../deps.js';
import { RuleViolation } from '../../../test/refusals.js';
import { findRecordHistory } from '../../store/data-balikan.js';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeReturnAgency, recordAccess, testNiks } from '../../../test/data-balikan.js';

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

const jkn = (n: number) => String(1000000000000 + n);
const record = (line: number, nik: string, values: Record<string, unknown>): IncomingRecord => ({
  line,
  nik,
  values,
});

async function countRows(agreementId: number) {
  const row = await database.db
    .selectFrom('data_balikan')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('agreement_id', '=', agreementId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('submitDataBalikan', () => {
  it('accepts records for accessed NIKs and keeps only the given fields, trimmed', async () => {
    const { caller, agency, agreement, operator } = await makeReturnAgency(database.db);
    const [a, b] = testNiks(2, 100);
    await recordAccess(database.db, {
      agreementId: agreement.id,
      agencyId: agency.id,
      userId: operator.id,
      niks: [a!, b!],
    });
    const result = await submitDataBalikan(
      deps,
      caller,
      'API',
      [
        record(1, a!, { nomor_kepesertaan_jkn: ` ${jkn(1)} `, nomor_rekam_medis: '' }),
        record(2, b!, { nomor_rekam_medis: 'RM-2026/001' }),
      ],
      'SEMUA',
    );
    expect(result).toMatchObject({ applied: true, added: 2, corrected: 0, refused: [] });
    const history = await findRecordHistory(database.db, agreement.id, a!);
    expect(history).toHaveLength(1);
    expect(history[0]!.fields).toEqual({ nomor_kepesertaan_jkn: jkn(1) });
    expect(history[0]).toMatchObject({ channel: 'API', is_current: true, version: 1 });
  });

  it('refuses each kind of invalid record with its line and reason', async () => {
    const { caller, agency, agreement, operator } = await makeReturnAgency(database.db);
    const niks = testNiks(6, 200);
    await recordAccess(database.db, {
      agreementId: agreement.id,
      agencyId: agency.id,
      userId: operator.id,
      niks,
    });
    const result = await submitDataBalikan(
      deps,
      caller,
      'BERKAS',
      [
        record(2, '12345', { nomor_rekam_medis: 'RM1' }),
        record(3, niks[0]!, { nomor_kepesertaan_jkn: '12345' }),
        record(4, niks[1]!, {}),
        record(5, niks[2]!, { nomor_rekam_medis: 'RM1', golongan_darah: 'O' }),
        record(6, niks[3]!, { nomor_surat_kematian: 'x'.repeat(61) }),
        record(7, niks[4]!, { nomor_rekam_medis: 'RM<script>' }),
        record(8, niks[5]!, { nomor_rekam_medis: 'RM-8' }),
      ],
      'SEMUA',
    );
    expect(result.applied).toBe(false);
    expect(result.acceptable).toBe(1);
    expect(result.refused.map((r) => [r.line, r.reasons.join(' | ')])).toEqual([
      [2, expect.stringMatching(/^NIK: /)],
      [3, 'Nomor kepesertaan JKN harus berupa 13 digit angka'],
      [4, 'Isi paling sedikit satu kolom data balikan selain NIK'],
      [5, 'Kolom "golongan_darah" tidak dikenal dalam skema data balikan PKS ini'],
      [6, 'Nomor surat keterangan kematian paling banyak 60 karakter'],
      [7, expect.stringMatching(/^Nomor rekam medis harus berupa huruf, angka/)],
    ]);
    expect(await countRows(agreement.id)).toBe(0);
  });

  it('refuses NIKs never accessed, accessed by another agency, or looked up without a hit', async () => {
    const mine = await makeReturnAgency(database.db);
    const other = await makeReturnAgency(database.db);
    const [accessed, theirs, notFound, never] = testNiks(4, 300);
    await recordAccess(database.db, {
      agreementId: mine.agreement.id,
      agencyId: mine.agency.id,
      userId: mine.operator.id,
      niks: [accessed!],
    });
    await recordAccess(database.db, {
      agreementId: other.agreement.id,
      agencyId: other.agency.id,
      userId: other.operator.id,
      niks: [theirs!],
    });
    await recordAccess(database.db, {
      agreementId: mine.agreement.id,
      agencyId: mine.agency.id,
      userId: mine.operator.id,
      niks: [notFound!],
      responseCode: 'TIDAK_DITEMUKAN',
    });
    const values = { nomor_rekam_medis: 'RM-1' };
    const result = await submitDataBalikan(
      deps,
      mine.caller,
      'API',
      [
        record(1, accessed!, values),
        record(2, theirs!, values),
        record(3, notFound!, values),
        record(4, never!, values),
      ],
      'YANG_VALID',
    );
    expect(result).toMatchObject({ applied: true, added: 1 });
    expect(result.refused.map((r) => [r.line, r.reasons])).toEqual([
      [2, [NOT_ACCESSED_REASON]],
      [3, [NOT_ACCESSED_REASON]],
      [4, [NOT_ACCESSED_REASON]],
    ]);
    expect(await countRows(mine.agreement.id)).toBe(1);
    expect(await countRows(other.agreement.id)).toBe(0);
  });

  it('refuses a NIK repeated in one submission, naming its first line', async () => {
    const { caller, agency, agreement, operator } = await makeReturnAgency(database.db);
    const [nik] = testNiks(1, 400);
    await recordAccess(database.db, {
      agreementId: agreement.id,
      agencyId: agency.id,
      userId: operator.id,
      niks: [nik!],
    });
    const result = await submitDataBalikan(
      deps,
      caller,
      'BERKAS',
      [record(2, nik!, { nomor_rekam_medis: 'A' }), record(5, nik!, { nomor_rekam_medis: 'B' })],
      'SEMUA',
    );
    expect(result.applied).toBe(false);
    expect(result.refused).toEqual([
      {
        line: 5,
        nik,
        reasons: ['NIK ini sudah ada pada baris 2; setiap NIK cukup dikirim sekali'],
      },
    ]);
  });

  it('keeps a correction as a new version and leaves an identical record unchanged', async () => {
    const { caller, agency, agreement, operator } = await makeReturnAgency(database.db);
    const [nik] = testNiks(1, 500);
    await recordAccess(database.db, {
      agreementId: agreement.id,
      agencyId: agency.id,
      userId: operator.id,
      niks: [nik!],
    });
    const send = (values: Record<string, string>) =>
      submitDataBalikan(deps, caller, 'FORMULIR', [record(1, nik!, values)], 'SEMUA');
    expect(await send({ nomor_rekam_medis: 'RM-1' })).toMatchObject({ added: 1 });
    expect(await send({ nomor_rekam_medis: 'RM-1' })).toMatchObject({
      added: 0,
      corrected: 0,
      unchanged: 1,
      unchangedNiks: [nik],
    });
    expect(await send({ nomor_rekam_medis: 'RM-2' })).toMatchObject({ added: 0, corrected: 1 });
    const history = await findRecordHistory(database.db, agreement.id, nik!);
    expect(history.map((h) => [h.version, h.is_current, h.fields])).toEqual([
      [2, true, { nomor_rekam_medis: 'RM-2' }],
      [1, false, { nomor_rekam_medis: 'RM-1' }],
    ]);
  });

  it('writes a version once when the same correction arrives twice at the same time', async () => {
    const { caller, agency, agreement, operator } = await makeReturnAgency(database.db);
    const [nik] = testNiks(1, 600);
    await recordAccess(database.db, {
      agreementId: agreement.id,
      agencyId: agency.id,
      userId: operator.id,
      niks: [nik!],
    });
    const send = () =>
      submitDataBalikan(
        deps,
        caller,
        'API',
        [record(1, nik!, { nomor_rekam_medis: 'RM-9' })],
        'SEMUA',
      );
    const results = await Promise.all([send(), send(), send()]);
    expect(results.map((r) => r.added).sort()).toEqual([0, 0, 1]);
    expect(await countRows(agreement.id)).toBe(1);
  });

  it('checks options of a configured list and writes them as the schema does', async () => {
    const { caller, agency, agreement, operator } = await makeReturnAgency(
      database.db,
      DPMPTSP_DATA_BALIKAN,
    );
    const [a, b] = testNiks(2, 700);
    await recordAccess(database.db, {
      agreementId: agreement.id,
      agencyId: agency.id,
      userId: operator.id,
      niks: [a!, b!],
    });
    const result = await submitDataBalikan(
      deps,
      caller,
      'API',
      [
        record(1, a!, {
          nomor_perizinan_investasi: '1234567890123',
          jenis_perizinan_investasi: 'sertifikat standar',
        }),
        record(2, b!, { nomor_perizinan_investasi: '99', jenis_perizinan_investasi: 'IMB' }),
      ],
      'YANG_VALID',
    );
    expect(result.refused[0]!.reasons).toEqual([
      'Jenis perizinan investasi harus salah satu dari: NIB, SERTIFIKAT STANDAR, IZIN, PKKPR, PBG, SLF, PERSETUJUAN LINGKUNGAN',
    ]);
    const [saved] = await findRecordHistory(database.db, agreement.id, a!);
    expect(saved!.fields.jenis_perizinan_investasi).toBe('SERTIFIKAT STANDAR');
  });

  it('refuses everything while the agreement has no schema', async () => {
    const { caller } = await makeReturnAgency(database.db, null);
    await expect(
      submitDataBalikan(deps, caller, 'API', [record(1, testNiks(1)[0]!, {})], 'SEMUA'),
    ).rejects.toThrow(RuleViolation);
  });

  it('applies 100,000 valid records whole, and none when line 99,999 is bad', async () => {
    const { caller, agency, agreement, operator } = await makeReturnAgency(database.db);
    const niks = testNiks(100_000, 10_000);
    await recordAccess(database.db, {
      agreementId: agreement.id,
      agencyId: agency.id,
      userId: operator.id,
      niks,
    });
    const records = niks.map((nik, i) =>
      record(i + 2, nik, { nomor_kepesertaan_jkn: jkn(i), nomor_rekam_medis: `RM-${i}` }),
    );
    const bad = [...records];
    bad[99_997] = record(99_999, niks[99_997]!, { nomor_kepesertaan_jkn: 'salah' });
    const refused = await submitDataBalikan(deps, caller, 'BERKAS', bad, 'SEMUA');
    expect(refused.applied).toBe(false);
    expect(refused.refused.map((r) => r.line)).toEqual([99_999]);
    expect(await countRows(agreement.id)).toBe(0);

    const accepted = await submitDataBalikan(deps, caller, 'BERKAS', records, 'SEMUA');
    expect(accepted).toMatchObject({ applied: true, added: 100_000, refused: [] });
    expect(await countRows(agreement.id)).toBe(100_000);
  });
});
