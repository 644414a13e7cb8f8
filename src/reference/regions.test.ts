import { describe, expect, it } from 'vitest';
import {
  childRegions,
  everyRegion,
  findRegion,
  findVillagePlace,
  occupationNames,
} from './regions.js';

describe('reference data', () => {
  it('holds every region of Kepmendagri 300.2.2-2138/2025', () => {
    const levels = { provinsi: 0, kabupaten: 0, kecamatan: 0, desa: 0 };
    for (const region of everyRegion()) levels[region.level]++;
    expect(levels).toEqual({ provinsi: 38, kabupaten: 514, kecamatan: 7285, desa: 83762 });
  });

  it('holds the regions in code order, which its searches rely on', () => {
    const codes = [...everyRegion()].map((region) => region.code);
    expect(codes).toEqual([...codes].sort());
  });

  it('reads quoted names that hold commas', () => {
    expect(findRegion('14.02.09.2010')?.name).toBe('Lambang Sari I, II, III');
  });

  it('knows Kabupaten Purbalingga: 18 districts and 239 villages', () => {
    const districts = childRegions('33.03');
    expect(districts).toHaveLength(18);
    expect(districts.flatMap((district) => childRegions(district.code))).toHaveLength(239);
  });

  it('resolves a village code to the names above it', () => {
    expect(findVillagePlace('3303051001')).toEqual({
      provinsi: 'Jawa Tengah',
      kabupaten: 'Kabupaten Purbalingga',
      kodeKecamatan: '33.03.05',
      kecamatan: 'Purbalingga',
      desa: findRegion('33.03.05.1001')!.name,
    });
    expect(findVillagePlace('3303059999')).toBeUndefined();
    expect(findVillagePlace('33030510')).toBeUndefined();
  });

  it('lists the 89 occupations', () => {
    const names = occupationNames();
    expect(names).toHaveLength(89);
    expect(names[0]).toBe('BELUM/TIDAK BEKERJA');
    expect(names).toContain('WIRASWASTA');
  });
});
