import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import type { Resident } from '../../domain/resident.js';
import { REGISTRY_HEADER, residentCsvLine } from '../../domain/resident-row.js';
import { findVillagePlace } from '../../reference/regions.js';
import { countResidents, findResidentByNik } from '../../store/residents.js';
import { generateResidents } from './generate.js';
import {
  importResidentRecords,
  importResidents,
  RegistryImportError,
  type ImportOptions,
} from './import.js';

const today = new Date('2026-01-15T05:00:00Z');

const ANI =
  '3303054506900001,Siti Aminah,PEREMPUAN,Purbalingga,1990-06-05,KAWIN,MENGURUS RUMAH TANGGA,JL. MAWAR NO. 5,3303051006,4,2,AKTIF';
const BUDI =
  '3303091203850002,budi santoso,LAKI-LAKI,BANYUMAS,1985-03-12,KAWIN,PETANI/PEKEBUN,DUSUN II,3303092001,011,003,AKTIF';
const CARSIM =
  '3303050101400001,CARSIM,LAKI-LAKI,PURBALINGGA,1940-01-01,CERAI MATI,BELUM/TIDAK BEKERJA,DESA TOYAREJA,3303052002,001,001,MENINGGAL';

const csv = (lines: string[], eol = '\n') => [REGISTRY_HEADER, ...lines].join(eol) + eol;
const stream = (text: string) => Readable.from([Buffer.from(text, 'utf8')]);

describe('registry import', { timeout: 60_000 }, () => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-import-'));
  });
  afterAll(async () => {
    await t.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await sql`DELETE FROM resident`.execute(t.db);
  });

  const importText = (text: string, options: Partial<ImportOptions> = {}) =>
    importResidents(t.db, stream(text), { today, ...options });

  it('loads good rows from a file, as the register keeps them, with their places resolved', async () => {
    const file = path.join(dir, 'good.csv');
    fs.writeFileSync(file, csv([ANI, BUDI, CARSIM]));
    const summary = await importResidents(t.db, file, { today });
    expect(summary).toEqual({
      read: 3,
      valid: 3,
      inserted: 3,
      updated: 0,
      unchanged: 0,
      duplicateCount: 0,
      duplicates: [],
      refusedCount: 0,
      refused: [],
      applied: true,
    });
    const ani = await findResidentByNik(t.db, '3303054506900001');
    expect(ani).toEqual({
      nik: '3303054506900001',
      namaLengkap: 'SITI AMINAH',
      jenisKelamin: 'PEREMPUAN',
      tempatLahir: 'PURBALINGGA',
      tanggalLahir: '1990-06-05',
      statusPerkawinan: 'KAWIN',
      jenisPekerjaan: 'MENGURUS RUMAH TANGGA',
      alamat: 'JL. MAWAR NO. 5',
      kodeDesa: '3303051006',
      rt: '004',
      rw: '002',
      status: 'AKTIF',
    } satisfies Resident);
    expect(findVillagePlace(ani!.kodeDesa)).toEqual({
      provinsi: 'Jawa Tengah',
      kabupaten: 'Kabupaten Purbalingga',
      kodeKecamatan: '33.03.05',
      kecamatan: 'Purbalingga',
      desa: 'Purbalingga Wetan',
    });
    const budi = await findResidentByNik(t.db, '3303091203850002');
    expect(budi?.namaLengkap).toBe('BUDI SANTOSO');
    expect(findVillagePlace(budi!.kodeDesa)?.desa).toBe('Gandasuli');
    expect((await findResidentByNik(t.db, '3303050101400001'))?.status).toBe('MENINGGAL');
  });

  it('updates by NIK on a second import, and leaves unchanged rows alone', async () => {
    await importText(csv([ANI, BUDI, CARSIM]));
    const before = await sql<{ nik: string; updated_at: Date }>`
      SELECT nik, updated_at FROM resident ORDER BY nik`.execute(t.db);

    const again = await importText(csv([ANI, BUDI, CARSIM]));
    expect(again).toMatchObject({ read: 3, inserted: 0, updated: 0, unchanged: 3 });

    const married = BUDI.replace('DUSUN II', 'DUSUN III').replace(',011,', ',012,');
    const changed = await importText(csv([ANI, married, CARSIM]));
    expect(changed).toMatchObject({ read: 3, inserted: 0, updated: 1, unchanged: 2 });
    expect(await findResidentByNik(t.db, '3303091203850002')).toMatchObject({
      alamat: 'DUSUN III',
      rt: '012',
    });
    const after = await sql<{ nik: string; updated_at: Date }>`
      SELECT nik, updated_at FROM resident ORDER BY nik`.execute(t.db);
    const stamp = (rows: { nik: string; updated_at: Date }[], nik: string) =>
      rows.find((row) => row.nik === nik)!.updated_at.getTime();
    expect(stamp(after.rows, '3303054506900001')).toBe(stamp(before.rows, '3303054506900001'));
    expect(stamp(after.rows, '3303091203850002')).toBeGreaterThan(
      stamp(before.rows, '3303091203850002'),
    );
    expect(await countResidents(t.db)).toBe(3);
  });

  it('reports bad rows by physical line: BOM, CRLF, blank lines and a line break in a quoted field', async () => {
    const text =
      '\uFEFF' +
      [
        REGISTRY_HEADER, // 1
        ANI, // 2
        '', // 3
        // 4–6: one record over three lines
        '3303091203850002,BUDI,LAKI-LAKI,BANYUMAS,1985-03-12,KAWIN,PETANI/PEKEBUN,"DUSUN II\r\nGRUMBUL\r\nKRAJAN",3303092001,11,3,AKTIF',
        '3303050101400001,CARSIM,LAKI-LAKI,PURBALINGGA,1940-02-30,KAWIN,PETANI/PEKEBUN,DESA,3303052002,1,1,AKTIF', // 7
        ',,,,,,,,,,,', // 8: blank record
        '3303050101400002,"NAMA\r\nDUA BARIS",LAKI-LAKI,PURBALINGGA,1940-01-01,KAWIN,ASTRONOT,DESA,3303052002,1,1,AKTIF', // 9–10
        '3303050101400003,TERLALU SEDIKIT', // 11
        '12345,X,L,P,2000-01-01,KAWIN,PETANI/PEKEBUN,DESA,3303999999,1,1,HIDUP', // 12
        CARSIM, // 13
      ].join('\r\n') +
      '\r\n';
    const summary = await importText(text);
    expect(summary.refused).toEqual([
      { line: 7, reasons: ['kolom tanggal_lahir: bukan tanggal yang sah (YYYY-MM-DD)'] },
      {
        line: 9,
        reasons: ['kolom jenis_pekerjaan: "ASTRONOT" tidak terdapat dalam daftar jenis pekerjaan'],
      },
      { line: 11, reasons: ['jumlah kolom 2, seharusnya 12'] },
      {
        line: 12,
        reasons: [
          'kolom nik: NIK harus terdiri dari 16 digit',
          'kolom jenis_kelamin: harus salah satu dari LAKI-LAKI, PEREMPUAN',
          'kolom kode_desa: kode desa/kelurahan 3303999999 tidak dikenal',
          'kolom status: harus salah satu dari AKTIF, MENINGGAL, GANDA, NON_AKTIF',
        ],
      },
    ]);
    expect(summary).toMatchObject({ read: 7, valid: 3, refusedCount: 4, inserted: 3 });
    expect((await findResidentByNik(t.db, '3303091203850002'))?.alamat).toBe(
      'DUSUN II GRUMBUL KRAJAN',
    );
  });

  it('counts lines the same way in a file with LF endings', async () => {
    const text = csv([ANI, 'x,"a\nb\nc",y', '', BUDI.replace('KAWIN', 'NIKAH')]);
    const summary = await importText(text);
    expect(summary.refused.map((issue) => issue.line)).toEqual([3, 7]);
  });

  it('applies the last line of a NIK given twice and reports the earlier one', async () => {
    const later = ANI.replace('JL. MAWAR NO. 5', 'JL. MELATI NO. 9');
    const invalidLast = ANI.replace('1990-06-05', 'kemarin');
    const summary = await importText(csv([ANI, BUDI, later, CARSIM, invalidLast]));
    expect(summary).toMatchObject({
      read: 5,
      valid: 4,
      inserted: 3,
      duplicateCount: 1,
      duplicates: [{ line: 2, nik: '3303054506900001', keptLine: 4 }],
      refused: [{ line: 6, reasons: ['kolom tanggal_lahir: bukan tanggal yang sah (YYYY-MM-DD)'] }],
    });
    // The refused line 6 does not count: line 4 is the last valid one.
    expect((await findResidentByNik(t.db, '3303054506900001'))?.alamat).toBe('JL. MELATI NO. 9');
  });

  it('refuses a wrong header, naming the expected one, and writes nothing', async () => {
    await importText(csv([CARSIM]));
    const wrong = `NIK;NAMA;JK\n${ANI}\n`;
    const error = await importText(wrong).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RegistryImportError);
    expect((error as RegistryImportError).failure).toBe('JUDUL');
    expect((error as Error).message).toContain(REGISTRY_HEADER);
    expect((error as Error).message).toContain('NIK;NAMA;JK');
    const reordered = csv([ANI]).replace('nik,nama_lengkap', 'nama_lengkap,nik');
    await expect(importText(reordered)).rejects.toThrow(/Baris judul/);
    await expect(importText('')).rejects.toThrow(/Berkas kosong/);
    expect(await countResidents(t.db)).toBe(1);
  });

  it('refuses a broken CSV, naming where the record starts, and writes nothing', async () => {
    const text = csv([ANI, BUDI, `${CARSIM.slice(0, 40)}"unclosed`]).replace(
      '"unclosed',
      ',"unclosed',
    );
    const error = await importText(text).catch((caught: unknown) => caught);
    expect((error as RegistryImportError).failure).toBe('FORMAT_CSV');
    expect((error as Error).message).toMatch(/baris 4: tanda kutip/);
    expect(await countResidents(t.db)).toBe(0);
  });

  it('refuses a missing file', async () => {
    const error = await importResidents(t.db, path.join(dir, 'tidak-ada.csv'), { today }).catch(
      (caught: unknown) => caught,
    );
    expect((error as RegistryImportError).failure).toBe('BERKAS');
    expect((error as Error).message).toMatch(/tidak-ada\.csv tidak ditemukan/);
  });

  it('leaves the register as it was when the source fails mid-import', async () => {
    await importText(csv([ANI]));
    const rows = [...generateResidents({ count: 300, seed: 'putus' })];
    const lines = rows.map(residentCsvLine);
    const changedAni = ANI.replace('KAWIN', 'CERAI HIDUP');
    const body = csv([changedAni, ...lines]);
    // Half the file arrives, then the source breaks: several batches are already staged.
    let reads = 0;
    const broken = new Readable({
      read() {
        if (reads++ === 0) this.push(body.slice(0, body.length / 2));
        else this.destroy(new Error('koneksi ke berkas terputus'));
      },
    });
    await expect(importResidents(t.db, broken, { today, batchSize: 20 })).rejects.toThrow(
      /terputus/,
    );
    expect(await countResidents(t.db)).toBe(1);
    expect((await findResidentByNik(t.db, '3303054506900001'))?.statusPerkawinan).toBe('KAWIN');
  });

  it('leaves the register as it was when the database fails mid-import', async () => {
    await importText(csv([ANI]));
    await sql`CREATE FUNCTION refuse_budi() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.nik = '3303091203850002' THEN RAISE EXCEPTION 'gangguan basis data buatan'; END IF;
        RETURN NEW;
      END $$`.execute(t.db);
    await sql`CREATE TRIGGER refuse_budi BEFORE INSERT OR UPDATE ON resident
      FOR EACH ROW EXECUTE FUNCTION refuse_budi()`.execute(t.db);
    try {
      await expect(
        importText(csv([ANI.replace('KAWIN', 'CERAI HIDUP'), CARSIM, BUDI]), { batchSize: 1 }),
      ).rejects.toThrow(/gangguan basis data buatan/);
    } finally {
      await sql`DROP TRIGGER refuse_budi ON resident`.execute(t.db);
      await sql`DROP FUNCTION refuse_budi()`.execute(t.db);
    }
    expect(await countResidents(t.db)).toBe(1);
    expect((await findResidentByNik(t.db, '3303054506900001'))?.statusPerkawinan).toBe('KAWIN');
  });

  it('keeps only the first 1,000 refusals in memory and counts the rest', async () => {
    const bad = Array.from({ length: 1500 }, (_, i) => `${i},X`);
    const summary = await importText(csv([ANI, ...bad]));
    expect(summary.refusedCount).toBe(1500);
    expect(summary.refused).toHaveLength(1000);
    expect(summary.refused[0]!.line).toBe(3);
    expect(summary.refused[999]!.line).toBe(1002);
    expect(summary.inserted).toBe(1);
  });

  it('checks and counts without writing on a dry run', async () => {
    const summary = await importText(csv([ANI, BUDI]), { dryRun: true });
    expect(summary).toMatchObject({ read: 2, inserted: 2, applied: false });
    expect(await countResidents(t.db)).toBe(0);
  });

  it('loads generated residents without a CSV file, in batches', async () => {
    const progress: number[] = [];
    const residents = generateResidents({ count: 5000, seed: 'demo' });
    const summary = await importResidentRecords(t.db, residents, {
      batchSize: 700,
      progressEvery: 2000,
      onProgress: (read) => progress.push(read),
    });
    expect(summary).toMatchObject({ read: 5000, valid: 5000, inserted: 5000, duplicateCount: 0 });
    expect(progress).toEqual([2000, 4000]);
    expect(await countResidents(t.db)).toBe(5000);
    const again = await importResidentRecords(
      t.db,
      generateResidents({ count: 5000, seed: 'demo' }),
    );
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 5000 });
  });

  it('writes nothing when the database refuses one of the generated residents', async () => {
    async function* withOneBad(): AsyncGenerator<Resident> {
      let i = 0;
      for (const resident of generateResidents({ count: 1000, seed: 'rusak' })) {
        // RT '1' breaks the table's three-digit check.
        yield ++i === 900 ? { ...resident, rt: '1' } : resident;
      }
    }
    await expect(importResidentRecords(t.db, withOneBad(), { batchSize: 100 })).rejects.toThrow();
    expect(await countResidents(t.db)).toBe(0);
  });
});
