import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { VillagePlace } from '../domain/resident.js';

/**
 * Kemendagri region codes (reference/wilayah.csv, Kepmendagri 300.2.2-2138/2025) and the
 * occupation list, loaded once on first use. They are reference data that changes with a
 * ministerial decree, so they ship with the code rather than live in the database.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
export const REFERENCE_DIR = [path.join(here, '../../reference'), path.join(here, '../../../reference')].find(
  (dir) => fs.existsSync(path.join(dir, 'wilayah.csv')),
)!;

export type RegionLevel = 'provinsi' | 'kabupaten' | 'kecamatan' | 'desa';
export interface Region {
  /** Dotted code, e.g. 33.03.05.2001. */
  readonly code: string;
  readonly name: string;
  readonly level: RegionLevel;
}

/** Splits one line of a simple CSV (quoted fields may hold commas; no embedded quotes). */
function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  const pattern = /("([^"]*)"|[^,]*)(,|$)/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(line)) && match[0] !== '') {
    fields.push(match[2] ?? match[1] ?? '');
    if (match[3] === '') break;
  }
  return fields;
}

function readCsv(name: string): string[][] {
  return fs
    .readFileSync(path.join(REFERENCE_DIR, name), 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((line) => line.length > 0)
    .map(splitCsvLine);
}

let regions: Map<string, Region> | undefined;

export function allRegions(): ReadonlyMap<string, Region> {
  regions ??= new Map(
    readCsv('wilayah.csv').map(([code, name, level]) => [
      code!,
      { code: code!, name: name!, level: level as RegionLevel },
    ]),
  );
  return regions;
}

/** 3303052001 → 33.03.05.2001 */
export function dottedVillageCode(kodeDesa: string): string {
  return `${kodeDesa.slice(0, 2)}.${kodeDesa.slice(2, 4)}.${kodeDesa.slice(4, 6)}.${kodeDesa.slice(6)}`;
}

/** The names of a village and the regions above it, or undefined for an unknown code. */
export function findVillagePlace(kodeDesa: string): VillagePlace | undefined {
  if (!/^\d{10}$/.test(kodeDesa)) return undefined;
  const all = allRegions();
  const code = dottedVillageCode(kodeDesa);
  const desa = all.get(code);
  const kecamatan = all.get(code.slice(0, 8));
  const kabupaten = all.get(code.slice(0, 5));
  const provinsi = all.get(code.slice(0, 2));
  if (desa?.level !== 'desa' || !kecamatan || !kabupaten || !provinsi) return undefined;
  return {
    provinsi: provinsi.name,
    kabupaten: kabupaten.name,
    kodeKecamatan: kecamatan.code,
    kecamatan: kecamatan.name,
    desa: desa.name,
  };
}

/** Regions directly below a code (e.g. the districts of 33.03). */
export function childRegions(parentCode: string): Region[] {
  const prefix = `${parentCode}.`;
  return [...allRegions().values()].filter(
    (region) => region.code.startsWith(prefix) && !region.code.slice(prefix.length).includes('.'),
  );
}

let occupations: string[] | undefined;

/** The 89 occupations (jenis pekerjaan) of the population register, as text. */
export function occupationNames(): readonly string[] {
  occupations ??= readCsv('jenis_pekerjaan.csv').map(([, name]) => name!);
  return occupations;
}
