import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { composeNik } from '../../domain/nik.js';
import type { Resident } from '../../domain/resident.js';
import { REGISTRY_HEADER, residentCsvLine } from '../../domain/resident-row.js';
import { childRegions } from '../../reference/regions.js';
import { seededRandom } from './seeded-random.js';
import { makeAddress, REGENCY_CODE, villageChooser } from './synthetic-address.js';
import {
  AGES,
  BIRTHPLACES,
  checkOccupations,
  makeMaritalStatus,
  makeName,
  makeOccupation,
  makeStatus,
  MAX_AGE,
  type Sex,
} from './synthetic-person.js';

/**
 * A synthetic population of Kabupaten Purbalingga (33.03) for demos, tests and benchmarks:
 * real district and village codes, valid and unique NIKs, and names, ages, occupations and
 * marital states that look like a Central Java register. Every person is made up; the name
 * lists are common given names, combined at random.
 *
 * Deterministic: the same seed gives the same people in the same order, and a smaller count
 * gives a prefix of a larger one. Memory is constant in the count: the only state besides
 * the random generator is a fixed-size table of NIK serial counters.
 */

export { MAX_AGE, REGENCY_CODE };
/** Ages are reckoned on this day (the PKS signing date), so the output never drifts with the clock. */
export const DEFAULT_REFERENCE_DATE = '2025-09-16';
/** Men and women in the register of Purbalingga (Dukcapil, semester I 2025). */
const MEN = 536_866;
const WOMEN = 520_884;

export interface GenerateOptions {
  readonly count: number;
  readonly seed: string | number;
  /** YYYY-MM-DD; ages and birth dates are relative to it. */
  readonly referenceDate?: string;
}

// --- Dates -------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** Epoch days of the earliest and latest birth date that give each age on the reference day. */
function birthRanges(referenceDate: string): { first: number; last: number }[] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(referenceDate);
  if (!match) throw new Error(`Tanggal acuan harus YYYY-MM-DD, bukan "${referenceDate}"`);
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const anniversary = (yearsBack: number) => Date.UTC(year - yearsBack, month - 1, day) / DAY_MS;
  return Array.from({ length: MAX_AGE + 1 }, (_, age) => ({
    first: anniversary(age + 1) + 1,
    last: anniversary(age),
  }));
}

// --- The generator -----------------------------------------------------------------------

/**
 * Generates `count` residents. NIK = district of residence + birth date (day + 40 for
 * women) + a serial counted per (district, birth date, sex) from 0001. The counters live in
 * one typed array over every possible prefix (18 districts × 2 sexes × ~33,000 birth dates,
 * 2.4 MB), so memory does not grow with the count.
 */
export function* generateResidents(options: GenerateOptions): Generator<Resident, void, undefined> {
  const { count } = options;
  if (!Number.isInteger(count) || count < 0) {
    throw new Error(`Jumlah penduduk harus bilangan bulat ≥ 0, bukan ${count}`);
  }
  checkOccupations();
  const seed = String(options.seed);
  const random = seededRandom(seed);
  const chooser = villageChooser(seed);
  const ranges = birthRanges(options.referenceDate ?? DEFAULT_REFERENCE_DATE);
  const firstDay = ranges[MAX_AGE]!.first;
  const dayCount = ranges[0]!.last - firstDay + 1;
  const serials = new Uint16Array(childRegions(REGENCY_CODE).length * 2 * dayCount);
  const menShare = MEN / (MEN + WOMEN);

  for (let i = 0; i < count; i++) {
    const village = chooser.pick(random);
    const sex: Sex = random() < menShare ? 'LAKI-LAKI' : 'PEREMPUAN';
    const sexIndex = sex === 'LAKI-LAKI' ? 0 : 1;
    let age: number;
    let birthDay: number;
    let slot: number;
    // A prefix that already holds 9999 people (only conceivable far beyond 10 million
    // residents) sends the person to another birth date.
    do {
      age = AGES.pick(random);
      const range = ranges[age]!;
      birthDay = range.first + Math.floor(random() * (range.last - range.first + 1));
      slot = (village.districtIndex * 2 + sexIndex) * dayCount + (birthDay - firstDay);
    } while (serials[slot]! >= 9999);
    const serial = ++serials[slot]!;
    const tanggalLahir = isoDay(birthDay);
    const birthplace = BIRTHPLACES.pick(random) ?? village.districtName;
    const address = makeAddress(random, village);
    yield {
      nik: composeNik(village.districtCode, tanggalLahir, sex, serial),
      namaLengkap: makeName(random, sex, Number(tanggalLahir.slice(0, 4))),
      jenisKelamin: sex,
      tempatLahir: birthplace,
      tanggalLahir,
      statusPerkawinan: makeMaritalStatus(random, sex, age),
      jenisPekerjaan: makeOccupation(random, sex, age),
      alamat: address.alamat,
      kodeDesa: village.kodeDesa,
      rt: address.rt,
      rw: address.rw,
      status: makeStatus(random, age),
    };
  }
}

export interface WriteProgress {
  /** Called after every `every` rows with the number written so far. */
  readonly onProgress?: (written: number) => void;
  readonly every?: number;
}

/**
 * Writes residents as the registry CSV of SPEC §8 (header, then one line each, LF endings),
 * waiting for the stream to drain so memory stays flat. Returns the number of rows; does
 * not end the stream.
 */
export async function writeResidentsCsv(
  residents: Iterable<Resident> | AsyncIterable<Resident>,
  out: Writable,
  progress: WriteProgress = {},
): Promise<number> {
  const every = progress.every ?? 100_000;
  let chunk = `${REGISTRY_HEADER}\n`;
  let written = 0;
  const flush = async () => {
    if (!out.write(chunk)) await once(out, 'drain');
    chunk = '';
  };
  for await (const resident of residents) {
    chunk += `${residentCsvLine(resident)}\n`;
    written++;
    if (chunk.length >= 64 * 1024) await flush();
    if (written % every === 0) progress.onProgress?.(written);
  }
  if (chunk.length > 0) await flush();
  return written;
}
