import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import {
  REGISTRY_COLUMNS,
  REGISTRY_HEADER,
  residentCsvLine,
  validateResidentRow,
  type RegistryColumn,
  type ResidentRowRules,
} from './resident-row.js';

const rules: ResidentRowRules = {
  isKnownVillage: (code) => ['3303052001', '3303051001', '3303012001'].includes(code),
  occupations: new Set(['PETANI/PEKEBUN', 'BELUM/TIDAK BEKERJA', 'KARYAWAN SWASTA']),
  // 15 January 2026, 20:00 WIB: still the 15th in Purbalingga.
  today: new Date('2026-01-15T13:00:00Z'),
};

const GOOD: Record<RegistryColumn, string> = {
  nik: '3303054506900001',
  nama_lengkap: 'SITI AMINAH',
  jenis_kelamin: 'PEREMPUAN',
  tempat_lahir: 'PURBALINGGA',
  tanggal_lahir: '1990-06-05',
  status_perkawinan: 'KAWIN',
  jenis_pekerjaan: 'PETANI/PEKEBUN',
  alamat: 'DUSUN II',
  kode_desa: '3303052001',
  rt: '004',
  rw: '012',
  status: 'AKTIF',
};

const row = (changes: Partial<Record<RegistryColumn, string>> = {}) =>
  REGISTRY_COLUMNS.map((column) => changes[column] ?? GOOD[column]);

describe('validateResidentRow', () => {
  it('accepts a good row as the register keeps it', () => {
    expect(validateResidentRow(row(), rules)).toEqual({
      ok: true,
      resident: {
        nik: '3303054506900001',
        namaLengkap: 'SITI AMINAH',
        jenisKelamin: 'PEREMPUAN',
        tempatLahir: 'PURBALINGGA',
        tanggalLahir: '1990-06-05',
        statusPerkawinan: 'KAWIN',
        jenisPekerjaan: 'PETANI/PEKEBUN',
        alamat: 'DUSUN II',
        kodeDesa: '3303052001',
        rt: '004',
        rw: '012',
        status: 'AKTIF',
      },
    });
  });

  const normalised: [string, Partial<Record<RegistryColumn, string>>, Record<string, string>][] = [
    [
      'names trimmed, uppercase, one space between words',
      { nama_lengkap: '  siti   aminah ', tempat_lahir: ' purbalingga', alamat: 'dusun\tii ' },
      { namaLengkap: 'SITI AMINAH', tempatLahir: 'PURBALINGGA', alamat: 'DUSUN II' },
    ],
    [
      'a line break inside a quoted address becomes a space',
      { alamat: 'JL. MAWAR NO. 5\r\nGG. II' },
      { alamat: 'JL. MAWAR NO. 5 GG. II' },
    ],
    ['RT and RW padded to three digits', { rt: '4', rw: '12' }, { rt: '004', rw: '012' }],
    ['RT 000 is kept', { rt: '0', rw: '000' }, { rt: '000', rw: '000' }],
    ['the dotted village code', { kode_desa: '33.03.05.2001' }, { kodeDesa: '3303052001' }],
    [
      'choices in any case',
      {
        jenis_kelamin: 'perempuan',
        status_perkawinan: 'cerai  mati',
        jenis_pekerjaan: 'petani/pekebun',
        status: ' meninggal ',
      },
      {
        jenisKelamin: 'PEREMPUAN',
        statusPerkawinan: 'CERAI MATI',
        jenisPekerjaan: 'PETANI/PEKEBUN',
        status: 'MENINGGAL',
      },
    ],
    [
      'a NIK issued with another birth date and sex (a NIK keeps its first data)',
      { nik: '3303050101800001', jenis_kelamin: 'PEREMPUAN', tanggal_lahir: '1981-03-02' },
      { nik: '3303050101800001', jenisKelamin: 'PEREMPUAN', tanggalLahir: '1981-03-02' },
    ],
    [
      'a NIK issued in another district',
      { nik: '3174054506900001' },
      { nik: '3174054506900001', kodeDesa: '3303052001' },
    ],
    ['born today', { tanggal_lahir: '2026-01-15' }, { tanggalLahir: '2026-01-15' }],
    ['29 February of a leap year', { tanggal_lahir: '2000-02-29' }, { tanggalLahir: '2000-02-29' }],
    [
      'names with the punctuation of the register',
      { nama_lengkap: "muh. nur'aini al-bantani, s.pd" },
      { namaLengkap: "MUH. NUR'AINI AL-BANTANI, S.PD" },
    ],
    ['a NIK with spaces around it', { nik: ' 3303054506900001 ' }, { nik: '3303054506900001' }],
    [
      'exactly the longest name the table holds',
      { nama_lengkap: 'A'.repeat(200) },
      { namaLengkap: 'A'.repeat(200) },
    ],
    [
      // 300 characters outside the BMP are 600 UTF-16 units, but 300 for PostgreSQL.
      'length counted in characters, not UTF-16 units',
      { alamat: '𝔸'.repeat(300) },
      { alamat: '𝔸'.repeat(300) },
    ],
  ];
  it.each(normalised)('accepts %s', (_name, changes, expected) => {
    const result = validateResidentRow(row(changes), rules);
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (result.ok) expect(result.resident).toMatchObject(expected);
  });

  const refused: [string, Partial<Record<RegistryColumn, string>>, string[]][] = [
    ['an empty NIK', { nik: '' }, ['kolom nik: wajib diisi']],
    ['a short NIK', { nik: '3303' }, ['kolom nik: NIK harus terdiri dari 16 digit']],
    [
      'a NIK in scientific notation (Excel)',
      { nik: '3.30305E+15' },
      ['kolom nik: NIK hanya boleh berisi angka 0–9'],
    ],
    [
      'an unknown province',
      { nik: '9903054506900001' },
      ['kolom nik: Kode provinsi pada NIK tidak dikenal'],
    ],
    [
      'serial 0000',
      { nik: '3303054506900000' },
      ['kolom nik: Nomor urut pada NIK harus 0001–9999'],
    ],
    [
      'an impossible NIK birth date',
      { nik: '3303057213900001' },
      ['kolom nik: Tanggal lahir pada NIK bukan tanggal yang sah'],
    ],
    [
      'an unknown sex',
      { jenis_kelamin: 'L' },
      ['kolom jenis_kelamin: harus salah satu dari LAKI-LAKI, PEREMPUAN'],
    ],
    [
      '30 February',
      { tanggal_lahir: '1990-02-30' },
      ['kolom tanggal_lahir: bukan tanggal yang sah (YYYY-MM-DD)'],
    ],
    [
      '29 February of 1900',
      { tanggal_lahir: '1900-02-29' },
      ['kolom tanggal_lahir: bukan tanggal yang sah (YYYY-MM-DD)'],
    ],
    [
      'a date written DD-MM-YYYY',
      { tanggal_lahir: '05-06-1990' },
      ['kolom tanggal_lahir: bukan tanggal yang sah (YYYY-MM-DD)'],
    ],
    [
      'a birth date tomorrow',
      { tanggal_lahir: '2026-01-16' },
      ['kolom tanggal_lahir: tidak boleh setelah hari ini (2026-01-15)'],
    ],
    [
      'a birth date before 1850',
      { tanggal_lahir: '1849-12-31' },
      ['kolom tanggal_lahir: tahun lahir sebelum 1850 tidak dapat diterima'],
    ],
    ['an empty birth date', { tanggal_lahir: ' ' }, ['kolom tanggal_lahir: wajib diisi']],
    [
      'an unknown marital status',
      { status_perkawinan: 'NIKAH' },
      [
        'kolom status_perkawinan: harus salah satu dari BELUM KAWIN, KAWIN, CERAI HIDUP, CERAI MATI',
      ],
    ],
    [
      'an occupation not on the list',
      { jenis_pekerjaan: 'astronot' },
      ['kolom jenis_pekerjaan: "ASTRONOT" tidak terdapat dalam daftar jenis pekerjaan'],
    ],
    [
      'a short village code',
      { kode_desa: '330305' },
      ['kolom kode_desa: harus kode desa/kelurahan Kemendagri 10 digit angka'],
    ],
    [
      'an unknown village',
      { kode_desa: '3303992001' },
      ['kolom kode_desa: kode desa/kelurahan 3303992001 tidak dikenal'],
    ],
    ['RT of four digits', { rt: '1234' }, ['kolom rt: harus angka 1–3 digit']],
    ['RT with letters', { rt: '1A' }, ['kolom rt: harus angka 1–3 digit']],
    ['an empty RW', { rw: '' }, ['kolom rw: wajib diisi']],
    [
      'an unknown status',
      { status: 'HIDUP' },
      ['kolom status: harus salah satu dari AKTIF, MENINGGAL, GANDA, NON_AKTIF'],
    ],
    [
      'a name too long for the table',
      { nama_lengkap: 'A'.repeat(201) },
      ['kolom nama_lengkap: paling panjang 200 karakter'],
    ],
    [
      'a name with digits',
      { nama_lengkap: 'SITI 2' },
      [
        'kolom nama_lengkap: hanya boleh berisi huruf, spasi, titik, koma, apostrof dan tanda hubung',
      ],
    ],
    [
      'a NUL character, which PostgreSQL text cannot hold',
      { tempat_lahir: 'PURBA\u0000LINGGA' },
      ['kolom tempat_lahir: berisi karakter kendali yang tidak diperbolehkan'],
    ],
    [
      'an address too long for the table',
      { alamat: 'X'.repeat(301) },
      ['kolom alamat: paling panjang 300 karakter'],
    ],
    ['an empty birthplace', { tempat_lahir: '' }, ['kolom tempat_lahir: wajib diisi']],
    [
      'every problem of a row, in column order',
      { nik: '12', jenis_kelamin: 'X', rt: '', status: '' },
      [
        'kolom nik: NIK harus terdiri dari 16 digit',
        'kolom jenis_kelamin: harus salah satu dari LAKI-LAKI, PEREMPUAN',
        'kolom rt: wajib diisi',
        'kolom status: wajib diisi',
      ],
    ],
  ];
  it.each(refused)('refuses %s', (_name, changes, reasons) => {
    expect(validateResidentRow(row(changes), rules)).toEqual({ ok: false, reasons });
  });

  it.each([
    [11, row().slice(0, 11)],
    [13, [...row(), 'LEBIH']],
    [1, ['']],
  ])('refuses a record of %i columns', (count, fields) => {
    expect(validateResidentRow(fields, rules)).toEqual({
      ok: false,
      reasons: [`jumlah kolom ${count}, seharusnya 12`],
    });
  });
});

describe('residentCsvLine', () => {
  it('writes the columns of the header, quoting only what needs it', () => {
    expect(REGISTRY_HEADER).toBe(
      'nik,nama_lengkap,jenis_kelamin,tempat_lahir,tanggal_lahir,status_perkawinan,' +
        'jenis_pekerjaan,alamat,kode_desa,rt,rw,status',
    );
    const result = validateResidentRow(row({ alamat: 'JL. "MAWAR", NO. 5' }), rules);
    if (!result.ok) throw new Error(result.reasons.join('; '));
    const line = residentCsvLine(result.resident);
    expect(line).toBe(
      '3303054506900001,SITI AMINAH,PEREMPUAN,PURBALINGGA,1990-06-05,KAWIN,PETANI/PEKEBUN,' +
        '"JL. ""MAWAR"", NO. 5",3303052001,004,012,AKTIF',
    );
    const records: string[][] = parse(line);
    const fields = records[0];
    expect(validateResidentRow(fields!, rules)).toEqual(result);
  });
});
