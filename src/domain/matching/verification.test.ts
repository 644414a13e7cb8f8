import { describe, expect, it } from 'vitest';
import { ELEMENTS } from '../elements.js';
import type { Resident, VillagePlace } from '../resident.js';
import { askedElements, verifyElements, type VerifiableElement } from './verification.js';

const resident: Resident = {
  nik: '3303054703900002',
  namaLengkap: 'SRI WAHYUNINGSIH',
  jenisKelamin: 'PEREMPUAN',
  tempatLahir: 'PURBALINGGA',
  tanggalLahir: '1990-03-07',
  statusPerkawinan: 'KAWIN',
  jenisPekerjaan: 'PETANI/PEKEBUN',
  alamat: 'DUSUN II',
  kodeDesa: '3303051001',
  rt: '003',
  rw: '002',
  status: 'AKTIF',
};
const place: VillagePlace = {
  provinsi: 'JAWA TENGAH',
  kabupaten: 'PURBALINGGA',
  kodeKecamatan: '33.03.05',
  kecamatan: 'KEMANGKON',
  desa: 'KEMANGKON',
};

/** One element asked at a time, every element granted: [element, written, sesuai]. */
const CASES: readonly [VerifiableElement, string, boolean][] = [
  ['jenisKelamin', 'Perempuan', true],
  ['jenisKelamin', 'P', true],
  ['jenisKelamin', 'Wanita', true],
  ['jenisKelamin', 'L', false],
  ['tanggalLahir', '1990-03-07', true],
  ['tanggalLahir', '07-03-1990', true],
  ['tanggalLahir', '7/3/1990', true],
  ['tanggalLahir', '1990-07-03', false],
  ['statusPerkawinan', 'kawin', true],
  ['statusPerkawinan', 'BELUM KAWIN', false],
  ['jenisPekerjaan', 'Petani / Pekebun', true],
  ['jenisPekerjaan', 'PETANI', false],
  ['rt', '3', true],
  ['rt', '003', true],
  ['rt', '03a', false],
  ['rw', '4', false],
  ['noProp', '33', true],
  ['noKab', '3', true],
  ['noKec', '05', true],
  ['noKel', '1001', true],
  ['noKel', '1002', false],
  ['kabupaten', 'Kab. Purbalingga', true],
  ['kabupaten', 'BANYUMAS', false],
  ['provinsi', 'Jawa Tengah', true],
  ['kecamatan', 'Kemangkon', true],
  ['desa', 'KEMANGKON', true],
  ['alamat', 'Dsn. II', true],
  ['alamat', 'Dusun III', false],
  ['namaLengkap', 'Sri Wahjoeningsih', true],
  ['namaLengkap', 'Sri Rahayu', false],
  ['tempatLahir', 'KAB. PURBALINGGA', true],
];

describe('verifyElements', () => {
  it.each(CASES)('%s: %s → sesuai %s', (element, written, sesuai) => {
    const verdict = verifyElements({ [element]: written }, resident, place, ELEMENTS, 80)[element];
    expect(verdict?.sesuai).toBe(sesuai);
  });

  it('scores only the free-text elements and says the score', () => {
    const verdicts = verifyElements(
      { namaLengkap: 'Sri Wahyuningsih', tanggalLahir: '1990-03-07' },
      resident,
      place,
      ELEMENTS,
      80,
    );
    expect(verdicts.namaLengkap).toEqual({ sesuai: true, skor: 100, keterangan: 'Sesuai (100)' });
    expect(verdicts.tanggalLahir).toEqual({ sesuai: true, keterangan: 'Sesuai' });
  });

  it('judges a score against the threshold sent', () => {
    const asked = { namaLengkap: 'Sri Wahyuni' };
    const score = verifyElements(asked, resident, place, ELEMENTS, 1).namaLengkap;
    expect(score?.sesuai).toBe(true);
    expect(verifyElements(asked, resident, place, ELEMENTS, 100).namaLengkap?.sesuai).toBe(false);
  });

  it('does not verify an element the agreement does not grant (RT, RW and regions go with ALAMAT)', () => {
    const verdicts = verifyElements(
      { namaLengkap: 'SRI WAHYUNINGSIH', rt: '3', desa: 'KEMANGKON' },
      resident,
      place,
      ['NIK', 'NAMA_LENGKAP'],
      80,
    );
    expect(verdicts.namaLengkap?.sesuai).toBe(true);
    expect(verdicts.rt?.sesuai).toBeNull();
    expect(verdicts.desa?.sesuai).toBeNull();
  });

  it('asks only what has a value', () => {
    expect(askedElements({ namaLengkap: ' ', rt: '3', alamat: '' })).toEqual(['rt']);
  });
});
