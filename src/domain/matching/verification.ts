import type { Element } from '../elements.js';
import type { Resident, VillagePlace } from '../resident.js';
import { tokens } from './normalise.js';
import { similarity } from './similarity.js';

/**
 * Verification without disclosure (issue 11): the caller sends what an applicant wrote, and
 * learns per element only whether it matches the register — never the register's value.
 * Free-text elements (name, place of birth, street address) are scored 0–100 and judged
 * against the caller's threshold; the others match exactly after the spelling of each side
 * is made one (case, spacing, leading zeros of RT/RW, KAB./KOTA before a region name).
 */

/** What a caller may ask about, and the element of the agreement that must grant it. */
export const VERIFIABLE = {
  namaLengkap: 'NAMA_LENGKAP',
  jenisKelamin: 'JENIS_KELAMIN',
  tempatLahir: 'TEMPAT_LAHIR',
  tanggalLahir: 'TANGGAL_LAHIR',
  statusPerkawinan: 'STATUS_PERKAWINAN',
  jenisPekerjaan: 'JENIS_PEKERJAAN',
  alamat: 'ALAMAT',
  rt: 'ALAMAT',
  rw: 'ALAMAT',
  desa: 'ALAMAT',
  kecamatan: 'ALAMAT',
  kabupaten: 'ALAMAT',
  provinsi: 'ALAMAT',
  // Region numbers as the national service writes them (NO_PROP 33, NO_KAB 3, …).
  noProp: 'ALAMAT',
  noKab: 'ALAMAT',
  noKec: 'ALAMAT',
  noKel: 'ALAMAT',
} as const satisfies Record<string, Element>;

export type VerifiableElement = keyof typeof VERIFIABLE;
export const VERIFIABLE_ELEMENTS = Object.keys(VERIFIABLE) as VerifiableElement[];

/** The elements scored (and answered with their score), as SPEC §9's clients expect. */
const SCORED: ReadonlySet<VerifiableElement> = new Set(['namaLengkap', 'tempatLahir', 'alamat']);

export type ElementVerdict =
  | { readonly sesuai: boolean; readonly skor?: number; readonly keterangan: string }
  | { readonly sesuai: null; readonly keterangan: string };

/** The threshold when the caller sends none (the national service's clients send 80 or so). */
export const DEFAULT_THRESHOLD = 80;

const NOT_GRANTED = 'Tidak diverifikasi: elemen ini tidak diberikan oleh PKS';

function registerValue(
  element: VerifiableElement,
  resident: Resident,
  place: VillagePlace,
): string {
  switch (element) {
    case 'namaLengkap':
      return resident.namaLengkap;
    case 'jenisKelamin':
      return resident.jenisKelamin;
    case 'tempatLahir':
      return resident.tempatLahir;
    case 'tanggalLahir':
      return resident.tanggalLahir;
    case 'statusPerkawinan':
      return resident.statusPerkawinan;
    case 'jenisPekerjaan':
      return resident.jenisPekerjaan;
    case 'alamat':
      return resident.alamat;
    case 'rt':
      return resident.rt;
    case 'rw':
      return resident.rw;
    case 'desa':
      return place.desa;
    case 'kecamatan':
      return place.kecamatan;
    case 'kabupaten':
      return place.kabupaten;
    case 'provinsi':
      return place.provinsi;
    case 'noProp':
      return resident.kodeDesa.slice(0, 2);
    case 'noKab':
      return resident.kodeDesa.slice(2, 4);
    case 'noKec':
      return resident.kodeDesa.slice(4, 6);
    case 'noKel':
      return resident.kodeDesa.slice(6, 10);
  }
}

/** `L`/`LK`/`PRIA` and `P`/`PR`/`WANITA` as the register writes them. */
function sex(text: string): string {
  const word = text
    .trim()
    .toUpperCase()
    .replace(/[\s.]+/g, '');
  if (['L', 'LK', 'LAKILAKI', 'LAKI-LAKI', 'PRIA'].includes(word)) return 'LAKI-LAKI';
  if (['P', 'PR', 'PEREMPUAN', 'WANITA'].includes(word)) return 'PEREMPUAN';
  return word;
}

/** `YYYY-MM-DD` or `DD-MM-YYYY` (the national service's), with `-` or `/`. */
function isoDate(text: string): string {
  const value = text.trim();
  const dayFirst = /^(\d{1,2})[-/](\d{1,2})[-/](\d{4})$/.exec(value);
  if (dayFirst) {
    const [, d, m, y] = dayFirst;
    return `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  }
  return value;
}

/** Equal after the same rules on both sides (exact elements). */
function sameExact(element: VerifiableElement, asked: string, register: string): boolean {
  switch (element) {
    case 'jenisKelamin':
      return sex(asked) === sex(register);
    case 'tanggalLahir':
      return isoDate(asked) === isoDate(register);
    case 'rt':
    case 'rw':
    case 'noProp':
    case 'noKab':
    case 'noKec':
    case 'noKel':
      return /^\d{1,4}$/.test(asked.trim()) && Number(asked) === Number(register);
    case 'desa':
    case 'kecamatan':
    case 'kabupaten':
    case 'provinsi':
    case 'tempatLahir':
      return tokens('place', asked).join(' ') === tokens('place', register).join(' ');
    // Words of a fixed list (PETANI/PEKEBUN, BELUM KAWIN): the same words, however spaced.
    case 'statusPerkawinan':
    case 'jenisPekerjaan':
    case 'namaLengkap':
    case 'alamat':
      return tokens('address', asked).join(' ') === tokens('address', register).join(' ');
  }
}

/**
 * The verdict on each element asked (empty ones are not asked: SPEC §9), in the order
 * asked. Elements the agreement does not grant are answered as not verified, whatever the
 * register holds.
 */
export function verifyElements(
  asked: Partial<Record<VerifiableElement, string>>,
  resident: Resident,
  place: VillagePlace,
  granted: readonly Element[],
  threshold: number,
): Partial<Record<VerifiableElement, ElementVerdict>> {
  const verdicts: Partial<Record<VerifiableElement, ElementVerdict>> = {};
  for (const element of askedElements(asked)) {
    const value = asked[element]!;
    if (!granted.includes(VERIFIABLE[element])) {
      verdicts[element] = { sesuai: null, keterangan: NOT_GRANTED };
      continue;
    }
    const register = registerValue(element, resident, place);
    if (SCORED.has(element)) {
      const kind = element === 'namaLengkap' ? 'name' : element === 'alamat' ? 'address' : 'place';
      const score = similarity(kind, value, register);
      const sesuai = score >= threshold;
      verdicts[element] = {
        sesuai,
        skor: score,
        keterangan: `${sesuai ? 'Sesuai' : 'Tidak Sesuai'} (${score})`,
      };
    } else {
      const sesuai = sameExact(element, value, register);
      verdicts[element] = { sesuai, keterangan: sesuai ? 'Sesuai' : 'Tidak Sesuai' };
    }
  }
  return verdicts;
}

/** The elements with a value to verify: an empty or blank field is not asked. */
export function askedElements(
  asked: Partial<Record<VerifiableElement, string>>,
): VerifiableElement[] {
  return VERIFIABLE_ELEMENTS.filter((element) => (asked[element] ?? '').trim() !== '');
}
