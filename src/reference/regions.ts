import fs from 'node:fs';
import path from 'node:path';
import type { VillagePlace } from '../domain/resident.js';
import { projectFile } from '../project-files.js';

/**
 * Kemendagri region codes (reference/wilayah.csv, Kepmendagri 300.2.2-2138/2025) and the
 * occupation list, loaded once on first use. They are reference data that changes with a
 * ministerial decree, so they ship with the code rather than live in the database.
 */
export const REFERENCE_DIR = projectFile('reference');

export type RegionLevel = 'provinsi' | 'kabupaten' | 'kecamatan' | 'desa';
export interface Region {
  /** Dotted code, e.g. 33.03.05.2001. */
  readonly code: string;
  readonly name: string;
  readonly level: RegionLevel;
}

/**
 * Walks the lines of a reference CSV without building an array of every line first: the
 * region file has 91,600 lines, and splitting it whole costs a hundred megabytes of
 * short-lived strings in every process that reads it. Fields are `a,b,c`; a quoted field may
 * hold commas but no quotes.
 */
function forEachCsvRow(name: string, visit: (fields: string[]) => void): void {
  const text = fs.readFileSync(path.join(REFERENCE_DIR, name), 'utf8');
  let start = text.indexOf('\n') + 1; // skip the header
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
    start = end + 1;
    if (line.length === 0) continue;
    const fields: string[] = [];
    let at = 0;
    while (at <= line.length) {
      if (line[at] === '"') {
        const close = line.indexOf('"', at + 1);
        fields.push(line.slice(at + 1, close));
        at = close + 2;
      } else {
        const comma = line.indexOf(',', at);
        const stop = comma === -1 ? line.length : comma;
        fields.push(line.slice(at, stop));
        at = stop + 1;
      }
    }
    visit(fields);
  }
}

let regions: Map<string, Region> | undefined;

export function allRegions(): ReadonlyMap<string, Region> {
  if (!regions) {
    const loaded = new Map<string, Region>();
    forEachCsvRow('wilayah.csv', ([code, name, level]) => {
      loaded.set(code!, { code: code!, name: name!, level: level as RegionLevel });
    });
    regions = loaded;
  }
  return regions;
}

/** 3303052001 → 33.03.05.2001 */
export function dottedVillageCode(kodeDesa: string): string {
  return `${kodeDesa.slice(0, 2)}.${kodeDesa.slice(2, 4)}.${kodeDesa.slice(4, 6)}.${kodeDesa.slice(6)}`;
}

/**
 * Places found, by village code: every found lookup asks for its resident's, and the villages
 * are bounded by the reference data (only known villages are kept).
 */
const villagePlaces = new Map<string, VillagePlace>();

/** The names of a village and the regions above it, or undefined for an unknown code. */
export function findVillagePlace(kodeDesa: string): VillagePlace | undefined {
  const known = villagePlaces.get(kodeDesa);
  if (known) return known;
  if (!/^\d{10}$/.test(kodeDesa)) return undefined;
  const all = allRegions();
  const code = dottedVillageCode(kodeDesa);
  const desa = all.get(code);
  const kecamatan = all.get(code.slice(0, 8));
  const kabupaten = all.get(code.slice(0, 5));
  const provinsi = all.get(code.slice(0, 2));
  if (desa?.level !== 'desa' || !kecamatan || !kabupaten || !provinsi) return undefined;
  const place: VillagePlace = Object.freeze({
    provinsi: provinsi.name,
    kabupaten: kabupaten.name,
    kodeKecamatan: kecamatan.code,
    kecamatan: kecamatan.name,
    desa: desa.name,
  });
  villagePlaces.set(kodeDesa, place);
  return place;
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
  if (!occupations) {
    const loaded: string[] = [];
    forEachCsvRow('jenis_pekerjaan.csv', ([, name]) => loaded.push(name!));
    occupations = loaded;
  }
  return occupations;
}
