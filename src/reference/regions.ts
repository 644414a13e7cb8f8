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
 * Walks the lines of a small reference CSV. Fields are `a,b,c`; a quoted field may hold commas
 * but no quotes.
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
    visit(csvFields(line));
  }
}

function csvFields(line: string): string[] {
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
  return fields;
}

/**
 * The region file kept as its own bytes, with where each row starts, in code order: a region
 * becomes an object only when asked for. As a Map of 91,599 Region objects it held about 20 MB
 * of every server process's heap (the objects, their strings, and the whole file's text kept
 * alive by the names sliced out of it), where these bytes take 2.8 MB and the index 0.4 MB
 * (issue 13: the server's resident memory under load).
 */
interface RegionTable {
  readonly bytes: Buffer;
  /** Offset of each data row, sorted by the row's code. */
  readonly rows: Int32Array;
}

const COMMA = 44;
const NEWLINE = 10;
const CARRIAGE_RETURN = 13;

let table: RegionTable | undefined;

function regionTable(): RegionTable {
  if (table) return table;
  const bytes = fs.readFileSync(path.join(REFERENCE_DIR, 'wilayah.csv'));
  const starts: number[] = [];
  for (let at = bytes.indexOf(NEWLINE) + 1; at < bytes.length; ) {
    let end = bytes.indexOf(NEWLINE, at);
    if (end === -1) end = bytes.length;
    if (end > at && !(end === at + 1 && bytes[at] === CARRIAGE_RETURN)) starts.push(at);
    at = end + 1;
  }
  // The ministry's list comes in code order (regions.test.ts checks it), which the binary
  // searches below rely on.
  const rows = Int32Array.from(starts);
  table = { bytes, rows };
  return table;
}

/** The code of the row at `at` against `code`, byte by byte (codes are ASCII digits and dots). */
function compareCode(bytes: Buffer, at: number, code: string): number {
  for (let k = 0; ; k++) {
    const rowEnded = bytes[at + k] === COMMA;
    const codeEnded = k === code.length;
    if (rowEnded || codeEnded) return rowEnded ? (codeEnded ? 0 : -1) : 1;
    const difference = bytes[at + k]! - code.charCodeAt(k);
    if (difference !== 0) return difference;
  }
}

/** The index of the first row whose code is not below `code`. */
function firstRowFrom({ bytes, rows }: RegionTable, code: string): number {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareCode(bytes, rows[middle]!, code) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

const LEVELS: readonly RegionLevel[] = ['provinsi', 'kabupaten', 'kecamatan', 'desa'];

/** The row at `at` as a Region (its strings copied out of the file's bytes). */
function regionAt(bytes: Buffer, at: number): Region {
  let end = bytes.indexOf(NEWLINE, at);
  if (end === -1) end = bytes.length;
  if (bytes[end - 1] === CARRIAGE_RETURN) end--;
  const [code, name, level] = csvFields(bytes.toString('utf8', at, end));
  return {
    code: code!,
    name: name!,
    level: LEVELS.find((known) => known === level) ?? (level as RegionLevel),
  };
}

/** Reads the region file now (at start) rather than at the first lookup that needs it. */
export function loadRegions(): void {
  regionTable();
}

/** The region of a dotted code, e.g. 33.03.05.2001, or undefined when there is none. */
export function findRegion(code: string): Region | undefined {
  const found = regionTable();
  const k = firstRowFrom(found, code);
  if (k === found.rows.length || compareCode(found.bytes, found.rows[k]!, code) !== 0) {
    return undefined;
  }
  return regionAt(found.bytes, found.rows[k]!);
}

/** Every region, in code order. */
export function* everyRegion(): Generator<Region> {
  const { bytes, rows } = regionTable();
  for (const at of rows) yield regionAt(bytes, at);
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
  const code = dottedVillageCode(kodeDesa);
  const desa = findRegion(code);
  const kecamatan = findRegion(code.slice(0, 8));
  const kabupaten = findRegion(code.slice(0, 5));
  const provinsi = findRegion(code.slice(0, 2));
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
  const found = regionTable();
  const { bytes, rows } = found;
  const prefix = `${parentCode}.`;
  const children: Region[] = [];
  // In code order, the regions under a code follow one another from the prefix on.
  for (let k = firstRowFrom(found, prefix); k < rows.length; k++) {
    const region = regionAt(bytes, rows[k]!);
    if (!region.code.startsWith(prefix)) break;
    if (!region.code.slice(prefix.length).includes('.')) children.push(region);
  }
  return children;
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
