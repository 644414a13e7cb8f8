import { describe, expect, it } from 'vitest';
import {
  checkUserIdChangeForm,
  derivedUserId,
  dottedRegionCode,
  nipProblem,
  type FormField,
  type KnownRegion,
} from './user-id-change.js';

const TODAY = new Date('2026-11-24T03:00:00Z');

/** A few entries of the Kemendagri reference, enough to tell known codes from unknown. */
const REGIONS: Record<string, KnownRegion> = {
  '33': { code: '33', name: 'Jawa Tengah', level: 'provinsi' },
  '33.03': { code: '33.03', name: 'Kabupaten Purbalingga', level: 'kabupaten' },
  '33.03.05': { code: '33.03.05', name: 'Purbalingga', level: 'kecamatan' },
  '33.03.05.1001': { code: '33.03.05.1001', name: 'Bojong', level: 'desa' },
};
const context = { today: TODAY, regionOf: (code: string) => REGIONS[code] };

/** A made-up civil servant: a woman born 7 March 1990 (NIK day 47), NIP of the same birth. */
const VALID = {
  nik: '3303054703900002',
  namaLengkap: 'Petugas  Uji Satu, S.Kom.',
  nomorIdentitasKepegawaian: '199003072015032001',
  statusKepegawaian: 'PNS',
  jabatan: 'Pengelola Data',
  kodeWilayahKantor: '330305',
  namaKantor: 'Dinas Kesehatan Kabupaten Purbalingga',
  alamatKantor: 'Jl. Contoh No. 1, Purbalingga',
  peran: 'OPERATOR',
  userIdUsulan: '',
  userIdDiganti: '',
};

function fieldsWithProblems(raw: Record<string, unknown>): [FormField, string][] {
  const result = checkUserIdChangeForm(raw, context);
  return result.ok ? [] : result.problems.map((p) => [p.field, p.message]);
}

describe('user ID change form (SPEC §4, 7 fields)', () => {
  it('accepts a complete form and tidies it', () => {
    const result = checkUserIdChangeForm(VALID, context);
    expect(result).toEqual({
      ok: true,
      value: {
        ...VALID,
        namaLengkap: 'Petugas Uji Satu, S.Kom.',
        kodeWilayahKantor: '33.03.05',
        namaWilayahKantor: 'Purbalingga',
      },
    });
  });

  it('names every missing field', () => {
    expect(fieldsWithProblems({}).map(([field]) => field)).toEqual([
      'nik',
      'namaLengkap',
      'statusKepegawaian',
      'nomorIdentitasKepegawaian',
      'jabatan',
      'kodeWilayahKantor',
      'namaKantor',
      'alamatKantor',
      'peran',
    ]);
  });

  it.each<[string, Record<string, unknown>, FormField, string]>([
    ['a NIK of 15 digits', { nik: '330305470390000' }, 'nik', 'NIK harus terdiri dari 16 digit'],
    ['a NIK with a letter', { nik: '33030547039O0002' }, 'nik', 'NIK hanya boleh berisi angka 0–9'],
    [
      'a NIK with an impossible birth date',
      { nik: '3303053202900002' },
      'nik',
      'Tanggal lahir pada NIK bukan tanggal yang sah',
    ],
    [
      'a NIK of an unknown province',
      { nik: '9903054703900002' },
      'nik',
      'Kode provinsi pada NIK tidak dikenal',
    ],
    [
      'digits in the name',
      { namaLengkap: 'Petugas 01' },
      'namaLengkap',
      'Nama lengkap hanya boleh berisi huruf, spasi, titik, koma, petik dan strip',
    ],
    [
      'an unknown employment status',
      { statusKepegawaian: 'HONORER' },
      'statusKepegawaian',
      'Status kepegawaian harus salah satu dari: PNS, PPPK, NON_ASN',
    ],
    [
      'a PNS without an 18-digit NIP',
      { nomorIdentitasKepegawaian: '19900307201503200' },
      'nomorIdentitasKepegawaian',
      'NIP harus 18 digit angka',
    ],
    [
      'a PPPK NIP of another birth date',
      { statusKepegawaian: 'PPPK', nomorIdentitasKepegawaian: '199003082015032001' },
      'nomorIdentitasKepegawaian',
      'Tanggal lahir pada NIP tidak sama dengan tanggal lahir pada NIK',
    ],
    [
      'a NIP of the other sex',
      { nomorIdentitasKepegawaian: '199003072015031001' },
      'nomorIdentitasKepegawaian',
      'Jenis kelamin pada NIP tidak sama dengan jenis kelamin pada NIK',
    ],
    [
      'a non-ASN number with symbols',
      { statusKepegawaian: 'NON_ASN', nomorIdentitasKepegawaian: 'TK#12' },
      'nomorIdentitasKepegawaian',
      'Nomor identitas kepegawaian non-ASN harus 3–30 karakter: huruf, angka, spasi, titik, garis miring atau strip',
    ],
    [
      'an unknown region code',
      { kodeWilayahKantor: '33.03.99' },
      'kodeWilayahKantor',
      'Kode wilayah 33.03.99 tidak terdapat dalam data wilayah Kemendagri',
    ],
    [
      'an unknown village code',
      { kodeWilayahKantor: '3303059999' },
      'kodeWilayahKantor',
      'Kode wilayah 33.03.05.9999 tidak terdapat dalam data wilayah Kemendagri',
    ],
    [
      'a regency code',
      { kodeWilayahKantor: '33.03' },
      'kodeWilayahKantor',
      'Kode wilayah kantor harus kode kecamatan (mis. 33.03.05) atau kode desa/kelurahan (mis. 33.03.05.2001)',
    ],
    [
      'a role of Dukcapil',
      { peran: 'ADMIN_DUKCAPIL' },
      'peran',
      'Peran user ID baru harus Operator atau Kepala Instansi',
    ],
    [
      'a proposed user ID with spaces',
      { userIdUsulan: 'petugas satu' },
      'userIdUsulan',
      'User ID 3–60 karakter: huruf kecil, angka, titik, garis bawah atau strip',
    ],
    [
      'an address of three letters',
      { alamatKantor: 'Jl.' },
      'alamatKantor',
      'Alamat kantor harus 5–300 karakter',
    ],
  ])('refuses %s', (_label, change, field, message) => {
    expect(fieldsWithProblems({ ...VALID, ...change })).toEqual([[field, message]]);
  });

  it.each([
    ['a village code, dotted', '33.03.05.1001', '33.03.05.1001', 'Bojong'],
    ['a village code, plain', '3303051001', '33.03.05.1001', 'Bojong'],
    ['a district code, dotted', '33.03.05', '33.03.05', 'Purbalingga'],
  ])('accepts %s', (_label, input, code, name) => {
    const result = checkUserIdChangeForm({ ...VALID, kodeWilayahKantor: input }, context);
    expect(result).toMatchObject({
      ok: true,
      value: { kodeWilayahKantor: code, namaWilayahKantor: name },
    });
  });

  it('accepts a non-ASN employee number as given', () => {
    const result = checkUserIdChangeForm(
      { ...VALID, statusKepegawaian: 'NON_ASN', nomorIdentitasKepegawaian: 'TKK/2024/015' },
      context,
    );
    expect(result).toMatchObject({
      ok: true,
      value: { nomorIdentitasKepegawaian: 'TKK/2024/015' },
    });
  });

  it('lower-cases the proposed and replaced user IDs', () => {
    const result = checkUserIdChangeForm(
      { ...VALID, userIdUsulan: 'Dinkes.Petugas2', userIdDiganti: 'DINKES.OPERATOR' },
      context,
    );
    expect(result).toMatchObject({
      ok: true,
      value: { userIdUsulan: 'dinkes.petugas2', userIdDiganti: 'dinkes.operator' },
    });
  });
});

describe('NIP', () => {
  const nik = '3303054703900002';
  it.each([
    ['199003072015032001', undefined],
    ['199002302015032001', 'Tanggal lahir pada NIP (digit 1–8) bukan tanggal yang sah'],
    ['199003072015132001', 'TMT pada NIP (digit 9–14) bukan bulan dan tahun yang sah'],
    ['199003071995032001', 'TMT pada NIP (digit 9–14) bukan bulan dan tahun yang sah'],
    ['199003072015033001', 'Digit ke-15 NIP (jenis kelamin) harus 1 atau 2'],
    ['199003072015032000', 'Nomor urut NIP (digit 16–18) tidak boleh 000'],
  ])('%s', (nip, problem) => {
    expect(nipProblem(nip, nik, TODAY)).toBe(problem);
  });
});

describe('helpers', () => {
  it.each([
    ['330305', '33.03.05'],
    ['3303051001', '33.03.05.1001'],
    ['33.03.05', '33.03.05'],
    ['33 03 05', '33.03.05'],
    ['33.03', undefined],
    ['abc', undefined],
  ])('dottedRegionCode(%s)', (input, expected) => {
    expect(dottedRegionCode(input)).toBe(expected);
  });

  it('derives a user ID from agency, role and request number', () => {
    expect(derivedUserId('DINKES', 'OPERATOR', 12)).toBe('dinkes.operator.12');
    expect(derivedUserId('DPM_PTSP', 'KEPALA_INSTANSI', 3)).toBe('dpm-ptsp.kepala.3');
  });
});
