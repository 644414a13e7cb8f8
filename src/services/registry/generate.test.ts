import crypto from 'node:crypto';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseNik } from '../../domain/nik.js';
import type { Resident } from '../../domain/resident.js';
import { REGISTRY_HEADER, residentFields, validateResidentRow } from '../../domain/resident-row.js';
import { childRegions, findVillagePlace, occupationNames } from '../../reference/regions.js';
import {
  DEFAULT_REFERENCE_DATE,
  generateResidents,
  MAX_AGE,
  writeResidentsCsv,
} from './generate.js';
import { defaultRowRules } from './import.js';

async function csvOf(count: number, seed: string | number): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await writeResidentsCsv(generateResidents({ count, seed }), out);
  out.end();
  return Buffer.concat(chunks).toString('utf8');
}

const sha = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

describe('generateResidents', { timeout: 60_000 }, () => {
  it('gives the same output for the same seed and count, and a prefix for a smaller count', async () => {
    const first = await csvOf(3000, 'purbalingga');
    expect(sha(await csvOf(3000, 'purbalingga'))).toBe(sha(first));
    expect(sha(await csvOf(3000, 'lain'))).not.toBe(sha(first));
    const smaller = await csvOf(1000, 'purbalingga');
    expect(first.startsWith(smaller)).toBe(true);
    expect(first.split('\n')[0]).toBe(REGISTRY_HEADER);
    expect(first.split('\n')).toHaveLength(3000 + 2); // header, rows, final newline
  });

  it('treats a numeric seed and its text alike', async () => {
    expect(sha(await csvOf(200, 42))).toBe(sha(await csvOf(200, '42')));
  });

  describe('over 20,000 residents', () => {
    const people: Resident[] = [...generateResidents({ count: 20_000, seed: 7 })];
    const reference = DEFAULT_REFERENCE_DATE;
    const today = new Date(`${reference}T12:00:00Z`);

    it('gives every resident a valid, unique NIK that matches district, birth date and sex', () => {
      const niks = new Set<string>();
      for (const person of people) {
        const parsed = parseNik(person.nik, today);
        expect(parsed.ok, person.nik).toBe(true);
        if (!parsed.ok) continue;
        expect(parsed.value.districtCode).toBe(person.kodeDesa.slice(0, 6));
        expect(parsed.value.sex).toBe(person.jenisKelamin);
        expect(parsed.value.birthDate).toBe(person.tanggalLahir);
        niks.add(person.nik);
      }
      expect(niks.size).toBe(people.length);
    });

    it('passes the import checks row by row', () => {
      const rules = defaultRowRules(today);
      const refused = people
        .map((person) => validateResidentRow(residentFields(person), rules))
        .filter((result) => !result.ok);
      expect(refused).toEqual([]);
    });

    it('lives in the 239 villages of the 18 districts of Purbalingga', () => {
      const districts = childRegions('33.03');
      expect(districts).toHaveLength(18);
      const villages = new Set(people.map((person) => person.kodeDesa));
      expect(villages.size).toBe(239);
      for (const code of villages) {
        expect(code.startsWith('3303')).toBe(true);
        expect(findVillagePlace(code)?.kabupaten).toBe('Kabupaten Purbalingga');
      }
      expect(new Set(people.map((person) => person.nik.slice(0, 6))).size).toBe(18);
    });

    it('has the sex ratio of the regency and ages 0 to 90', () => {
      const men = people.filter((person) => person.jenisKelamin === 'LAKI-LAKI').length;
      expect(Math.abs(men / people.length - 0.5075)).toBeLessThan(0.015);
      const ages = people.map((person) => ageOn(person.tanggalLahir, reference));
      expect(Math.min(...ages)).toBe(0);
      expect(Math.max(...ages)).toBe(MAX_AGE);
      // A broad base: more children under 10 than people of 60 and over.
      const children = ages.filter((age) => age < 10).length;
      const elderly = ages.filter((age) => age >= 60).length;
      expect(children).toBeGreaterThan(elderly);
      expect(elderly / ages.length).toBeGreaterThan(0.05);
    });

    it('gives occupations from the register list that fit the age', () => {
      const known = new Set(occupationNames());
      for (const person of people) {
        expect(known.has(person.jenisPekerjaan), person.jenisPekerjaan).toBe(true);
        const age = ageOn(person.tanggalLahir, reference);
        if (age < 5) expect(person.jenisPekerjaan).toBe('BELUM/TIDAK BEKERJA');
        else if (age < 18) {
          expect(['PELAJAR/MAHASISWA', 'BELUM/TIDAK BEKERJA']).toContain(person.jenisPekerjaan);
        }
        if (person.jenisPekerjaan === 'PENSIUNAN') expect(age).toBeGreaterThanOrEqual(60);
      }
      const adultWomen = people.filter(
        (person) =>
          person.jenisKelamin === 'PEREMPUAN' && ageOn(person.tanggalLahir, reference) >= 25,
      );
      const homemakers = adultWomen.filter((p) => p.jenisPekerjaan === 'MENGURUS RUMAH TANGGA');
      expect(homemakers.length / adultWomen.length).toBeGreaterThan(0.25);
    });

    it('gives marital states that fit the age', () => {
      const widowed = (from: number, to: number) => {
        const group = people.filter((person) => {
          const age = ageOn(person.tanggalLahir, reference);
          return age >= from && age < to;
        });
        return group.filter((p) => p.statusPerkawinan === 'CERAI MATI').length / group.length;
      };
      for (const person of people) {
        if (ageOn(person.tanggalLahir, reference) < 17) {
          expect(person.statusPerkawinan).toBe('BELUM KAWIN');
        }
      }
      expect(widowed(70, 91)).toBeGreaterThan(widowed(40, 60));
      expect(widowed(40, 60)).toBeGreaterThan(widowed(20, 40));
    });

    it('registers about 0.8% as deceased, 0.2% as duplicate and 0.3% as inactive', () => {
      const share = (status: Resident['status']) =>
        people.filter((person) => person.status === status).length / people.length;
      expect(share('MENINGGAL')).toBeGreaterThan(0.005);
      expect(share('MENINGGAL')).toBeLessThan(0.011);
      expect(share('GANDA')).toBeGreaterThan(0.0008);
      expect(share('GANDA')).toBeLessThan(0.0035);
      expect(share('NON_AKTIF')).toBeGreaterThan(0.0015);
      expect(share('NON_AKTIF')).toBeLessThan(0.0045);
    });

    it('writes names, places and addresses the way the register does', () => {
      for (const person of people) {
        expect(person.namaLengkap).toMatch(/^[A-Z][A-Z .'-]*[A-Z.]$/);
        expect(person.namaLengkap).not.toMatch(/ {2}/);
        expect(person.tempatLahir).toMatch(/^[A-Z ]+$/);
        expect(person.rt).toMatch(/^\d{3}$/);
        expect(person.rw).toMatch(/^\d{3}$/);
        expect(person.alamat).toMatch(/^(DUSUN|DESA|GRUMBUL|DUKUH|JL\.|KELURAHAN) /);
      }
      const birthplaces = people.filter((person) => person.tempatLahir === 'PURBALINGGA');
      expect(birthplaces.length / people.length).toBeGreaterThan(0.7);
      const islamic = people.filter((person) =>
        /^(MUHAMMAD|MUH\.|SITI|NUR) /.test(person.namaLengkap),
      );
      expect(islamic.length).toBeGreaterThan(100);
    });
  });
});

describe('writeResidentsCsv', () => {
  it('reports progress and returns the number of rows', async () => {
    const seen: number[] = [];
    const out = new PassThrough();
    out.resume();
    const written = await writeResidentsCsv(generateResidents({ count: 2500, seed: 1 }), out, {
      every: 1000,
      onProgress: (count) => seen.push(count),
    });
    expect(written).toBe(2500);
    expect(seen).toEqual([1000, 2000]);
  });
});
