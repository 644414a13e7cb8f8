import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { composeNik } from '../../domain/nik.js';
import type { MaritalStatus, Resident } from '../../domain/resident.js';
import { REGISTRY_HEADER, residentCsvLine } from '../../domain/resident-row.js';
import type { ResidentStatus } from '../../domain/responses.js';
import { childRegions, occupationNames } from '../../reference/regions.js';

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

export const REGENCY_CODE = '33.03';
/** Ages are reckoned on this day (the PKS signing date), so the output never drifts with the clock. */
export const DEFAULT_REFERENCE_DATE = '2025-09-16';
export const MAX_AGE = 90;
/** Men and women in the register of Purbalingga (Dukcapil, semester I 2025). */
const MEN = 536_866;
const WOMEN = 520_884;

export interface GenerateOptions {
  readonly count: number;
  readonly seed: string | number;
  /** YYYY-MM-DD; ages and birth dates are relative to it. */
  readonly referenceDate?: string;
}

// --- Seeded randomness -------------------------------------------------------------------

/** cyrb128: a string hash giving the four 32-bit words that seed sfc32. */
function hashSeed(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

export type Random = () => number;

/** sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): uniform in [0, 1). */
export function seededRandom(seed: string): Random {
  let [a, b, c, d] = hashSeed(seed);
  const random = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // The first outputs still carry the seed's structure.
  for (let i = 0; i < 15; i++) random();
  return random;
}

/** A weighted choice, drawn by binary search over cumulative weights. */
class Weighted<T> {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(readonly entries: readonly (readonly [T, number])[]) {
    let sum = 0;
    for (const [, weight] of entries) this.cumulative.push((sum += weight));
    this.total = sum;
  }

  pick(random: Random): T {
    const target = random() * this.total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.cumulative[mid]! > target) high = mid;
      else low = mid + 1;
    }
    return this.entries[low]![0];
  }
}

const pick = <T>(random: Random, list: readonly T[]): T =>
  list[Math.floor(random() * list.length)]!;
const words = (text: string) => text.trim().split(/\s+/);

// --- Ages --------------------------------------------------------------------------------

/**
 * Share of each five-year age group, 0–4 … 85–89, then 90: the shape of Central Java's
 * pyramid (BPS projections) — broad and flat below 50, narrowing above.
 */
const AGE_GROUPS = [
  8.1, 8.3, 8.4, 8.2, 7.7, 7.4, 7.2, 7.3, 7.1, 6.8, 6.2, 5.4, 4.5, 3.5, 2.5, 1.6, 0.9, 0.45, 0.1,
];
const AGES = new Weighted(
  Array.from(
    { length: MAX_AGE + 1 },
    (_, age) => [age, AGE_GROUPS[Math.min(18, age / 5) | 0]! / 5] as const,
  ),
);

/** Relative odds of being registered as deceased, by age: mostly the old. */
const deathWeight = (age: number) => (age >= 75 ? 12 : age >= 60 ? 4 : age >= 40 ? 1 : 0.3);
const MEAN_DEATH_WEIGHT = (() => {
  let sum = 0;
  let total = 0;
  for (const [age, weight] of AGES.entries) {
    sum += weight * deathWeight(age);
    total += weight;
  }
  return sum / total;
})();

// --- Names -------------------------------------------------------------------------------

type Sex = 'LAKI-LAKI' | 'PEREMPUAN';
type Era = 'old' | 'middle' | 'young';

/**
 * Given names common in Central Java and the Banyumas area, by the era of birth (names
 * follow fashions) and sex: single Javanese names for the elderly, two or three words with
 * Arabic and Sanskrit-derived elements for the young.
 */
const NAMES: Record<Sex, Record<Era | 'tail' | 'youngTail' | 'prefix', string[]>> = {
  'LAKI-LAKI': {
    old: words(`SLAMET SUGENG SUPARNO SUKARNO SUTRISNO SUMARNO SUWARNO SUPRIYADI SUDARSO SUKIRNO
      KARSO KARSIM KARTAM DARSIM DARSONO DARYONO TASWAN TASRIP TARSONO TARYONO WARSITO WARSONO
      WASLAM WAGINO WARIDI RASIMIN RAKIM RASWAN SANWIRYO SAMSURI SANTAWI KASMAN KASIMIN KASDI
      MARSONO MARTO PARJO PAIMAN PAINO RUSDI SARIMIN SODIKIN TUGIMAN TUKIMIN NGADIMAN NGATIMAN
      MUKHIDIN MUSLIM ROSIDI SAMIDI SAKIRAN KUSNO KUSWADI SUHARTO SUYITNO HADI MULYONO SUBARDI
      WIRYO KARTO CARSIM CASMAN DAKUN KAMSO RASTAM SAKUN TAMSIR WARJO`),
    middle: words(`AGUS BUDI JOKO BAMBANG EKO DWI TRI HERI HERU ARIS ANTON DEDI EDI ENDRO GUNAWAN
      HARYANTO IWAN KUSNADI PURWANTO RIYANTO SISWANTO SUPRIYANTO TEGUH WAHYU WAHYUDI YANTO
      YUSUF ARIF SAMSUDIN SOLIHIN TOTOK SUGIARTO SETIYO PRIYO SUROSO BUDIYANTO DARMAWAN ROHMAT
      SAIFUL NURHADI MUKHLIS IMAM ZAENAL SOBIRIN TAUFIK KHOIRUL MISBAH FAHRUDIN ANWAR RUDI
      SUSILO HARTONO SUNARYO SRIYANTO`),
    young: words(`RIZKY FAJAR DIMAS BAYU ADITYA ILHAM RAFI ARYA DAFFA FARHAN RAIHAN ALIF AKBAR
      GILANG GALIH ANDIKA REZA YOGA DANI HAFIZ NAUFAL FATIH AZKA ZIDAN ALDI DWI TRI EKO ARKAN
      FIRMAN RIFKI BINTANG FADIL IQBAL KHOIRUL LUTFI NANDA RANGGA SATRIA WISNU YUSUF ABIMANYU
      ALVARO DAVIN`),
    tail: words(`SANTOSO PRASETYO SETIAWAN WIBOWO NUGROHO HARYANTO SUSANTO SURYANTO PURNOMO
      KURNIAWAN HIDAYAT RAHMAN SAPUTRO WIJAYA UTOMO SUSILO PRAYITNO SUPRIYANTO HERMAWAN
      SULISTYO WIDODO PAMUNGKAS`),
    youngTail: words(`PRATAMA SAPUTRA RAMADHAN FIRMANSYAH MAULANA HIDAYAT NUGRAHA PRASETYO SETIAWAN
      KURNIAWAN WIJAYA ALFARIZI SYAHPUTRA ARDIANSYAH ADITAMA NUGROHO FAUZAN HAKIM ALFIAN
      PAMUNGKAS`),
    prefix: words('MUHAMMAD MUHAMMAD MUH. AHMAD ABDUL MOH. NUR'),
  },
  PEREMPUAN: {
    old: words(`SUMIATI SUPARTI SUMARNI SUKINAH SUNARTI SUWARTI SUPIAH WARSIAH WARTINI WAGINEM
      TARSIH TASMINAH TARYAMI RASINAH RASMINI KASIRAH KASMINI KARSINAH KARTINI DARSIH DARMI
      SARIYAH SAINAH SALAMAH SAMIRAH MARSIH MARYATI PARIYEM PAINEM NGATINAH NGADINAH TUMINAH
      TUKINEM KHOTIMAH MUSLIMAH ROKHAYAH RUKIYAH ASIAH AMINAH JUMINAH SUTIJAH WASIAH CASINAH
      CARSINAH DASIRAH KARSITI RASTINI SAMINAH TASWATI WARINAH`),
    middle: words(`SRI ENDANG YULI DWI TRI EKA DEWI RATNA WATI ERNA ETI HARTATI ISTIQOMAH KHUSNUL
      LILIS MUNAWAROH NINING NURHAYATI RINI RETNO SUSI TITIK UMI WIWIK YATI YAYUK ANI ATIK
      FITRI HENI IDA INDAH KURNIASIH LISTYANI MARYANI NOVI PUJI ROSITA TUTI ULFAH WAHYUNI
      SITI NUR SUSANTI EVI`),
    young: words(`AYU PUTRI ANISA NABILA SALSABILA AULIA ZAHRA DIAH FITRI NADIA KHOIRUNNISA NAYLA
      KEISHA ALYA CITRA DINDA ELSA INTAN LAILA MAYA NAJWA RANIA SABRINA SYIFA TIARA ZASKIA
      HANIFAH AISYAH FATIMAH DWI TRI EKA NUR SITI AZZAHRA ANINDYA KIRANA NAURA SALMA`),
    tail: words(`LESTARI RAHAYU WAHYUNI HANDAYANI SUSANTI MULYANI WULANDARI KURNIASIH PURWANTI
      RAHMAWATI SETYANINGSIH HARYATI NINGSIH FATIMAH KHASANAH NURJANAH SULISTYOWATI ASTUTI
      ROHMAH MARYAM`),
    youngTail:
      words(`LESTARI RAHAYU PUSPITASARI WULANDARI NURHALIZA AZZAHRA RAMADHANI SAFITRI PRATIWI
      ANGGRAINI MAHARANI NOVITASARI OKTAVIANI SEPTIANI PUTRI AULIA NURAINI FADHILAH
      KHOIRUNNISA MAULIDA`),
    prefix: words('SITI SITI NUR SRI'),
  },
};

function eraOf(birthYear: number): Era {
  return birthYear < 1970 ? 'old' : birthYear < 1995 ? 'middle' : 'young';
}

function makeName(random: Random, sex: Sex, birthYear: number): string {
  const lists = NAMES[sex];
  const era = eraOf(birthYear);
  const given = lists[era];
  const roll = random();
  let parts: string[];
  if (era === 'old') {
    if (roll < 0.65) parts = [pick(random, given)];
    else if (roll < 0.9) parts = [pick(random, lists.prefix), pick(random, given)];
    else parts = [pick(random, given), pick(random, lists.tail)];
  } else if (era === 'middle') {
    if (roll < 0.3) parts = [pick(random, given)];
    else if (roll < 0.85) parts = [pick(random, given), pick(random, lists.tail)];
    else parts = [pick(random, lists.prefix), pick(random, given), pick(random, lists.tail)];
  } else {
    const first = random() < 0.25 ? pick(random, lists.prefix) : pick(random, given);
    if (roll < 0.1) parts = [pick(random, given)];
    else if (roll < 0.6) parts = [pick(random, given), pick(random, lists.youngTail)];
    else parts = [first, pick(random, given), pick(random, lists.youngTail)];
  }
  // SITI SITI or LESTARI LESTARI: keep one.
  return parts.filter((part, index) => parts.indexOf(part) === index).join(' ');
}

// --- Places of birth ---------------------------------------------------------------------

const BIRTHPLACES = new Weighted<string | null>([
  ['PURBALINGGA', 80],
  // null: the district of residence, as many villagers write it (BOBOTSARI, BUKATEJA…).
  [null, 6],
  ['BANYUMAS', 3.5],
  ['BANJARNEGARA', 2.5],
  ['CILACAP', 1.6],
  ['PEMALANG', 1.4],
  ['JAKARTA', 1.3],
  ['KEBUMEN', 0.8],
  ['TEGAL', 0.5],
  ['BREBES', 0.4],
  ['BANDUNG', 0.4],
  ['SEMARANG', 0.4],
  ['WONOSOBO', 0.3],
  ['YOGYAKARTA', 0.2],
  ['SURABAYA', 0.1],
  ['TANGERANG', 0.2],
  ['BEKASI', 0.2],
]);

// --- Occupations -------------------------------------------------------------------------

type Table = readonly (readonly [string, number])[];
const ADULT_MEN: Table = [
  ['PETANI/PEKEBUN', 20],
  ['WIRASWASTA', 17],
  ['KARYAWAN SWASTA', 15],
  ['BURUH HARIAN LEPAS', 14],
  ['BURUH TANI/PERKEBUNAN', 6],
  ['PEDAGANG', 6],
  ['BELUM/TIDAK BEKERJA', 4],
  ['SOPIR', 2.5],
  ['TUKANG BATU', 2],
  ['TUKANG KAYU', 1.5],
  ['PEGAWAI NEGERI SIPIL (PNS)', 2],
  ['GURU', 1.5],
  ['PETERNAK', 1],
  ['MEKANIK', 0.8],
  ['PERANGKAT DESA', 0.6],
  ['KARYAWAN HONORER', 0.8],
  ['TENTARA NASIONAL INDONESIA (TNI)', 0.4],
  ['KEPOLISIAN RI (POLRI)', 0.4],
  ['TRANSPORTASI', 0.5],
  ['KONSTRUKSI', 0.5],
  ['INDUSTRI', 0.5],
  ['KARYAWAN BUMN', 0.3],
  ['TUKANG LAS/PANDAI BESI', 0.3],
  ['USTADZ/MUBALIGH', 0.2],
  ['DOSEN', 0.05],
  ['DOKTER', 0.05],
  ['PERAWAT', 0.2],
  ['LAINNYA', 0.5],
];
const ADULT_WOMEN: Table = [
  ['MENGURUS RUMAH TANGGA', 38],
  ['KARYAWAN SWASTA', 14],
  ['WIRASWASTA', 9],
  ['PETANI/PEKEBUN', 9],
  ['PEDAGANG', 7],
  ['BURUH HARIAN LEPAS', 8],
  ['BELUM/TIDAK BEKERJA', 4],
  ['BURUH TANI/PERKEBUNAN', 3],
  ['GURU', 2.5],
  ['PEGAWAI NEGERI SIPIL (PNS)', 1.5],
  ['TUKANG JAHIT', 1],
  ['BIDAN', 0.4],
  ['PERAWAT', 0.6],
  ['KARYAWAN HONORER', 0.8],
  ['PENATA RIAS', 0.2],
  ['PEMBANTU RUMAH TANGGA', 0.3],
  ['LAINNYA', 0.4],
];
const YOUNG_ADULTS: Record<Sex, Table> = {
  'LAKI-LAKI': [
    ['PELAJAR/MAHASISWA', 32],
    ['BELUM/TIDAK BEKERJA', 20],
    ['KARYAWAN SWASTA', 18],
    ['BURUH HARIAN LEPAS', 14],
    ['WIRASWASTA', 8],
    ['PETANI/PEKEBUN', 4],
    ['PEDAGANG', 2],
    ['TENTARA NASIONAL INDONESIA (TNI)', 0.5],
    ['KEPOLISIAN RI (POLRI)', 0.5],
  ],
  PEREMPUAN: [
    ['PELAJAR/MAHASISWA', 32],
    ['BELUM/TIDAK BEKERJA', 18],
    ['KARYAWAN SWASTA', 24],
    ['MENGURUS RUMAH TANGGA', 10],
    ['BURUH HARIAN LEPAS', 8],
    ['WIRASWASTA', 5],
    ['PEDAGANG', 3],
  ],
};
const ELDERLY: Record<Sex, Table> = {
  'LAKI-LAKI': [
    ['PETANI/PEKEBUN', 30],
    ['BELUM/TIDAK BEKERJA', 25],
    ['PENSIUNAN', 10],
    ['WIRASWASTA', 10],
    ['BURUH TANI/PERKEBUNAN', 8],
    ['PEDAGANG', 6],
    ['BURUH HARIAN LEPAS', 5],
    ['PETERNAK', 2],
    ['IMAM MASJID', 0.5],
  ],
  PEREMPUAN: [
    ['MENGURUS RUMAH TANGGA', 40],
    ['BELUM/TIDAK BEKERJA', 22],
    ['PETANI/PEKEBUN', 16],
    ['PEDAGANG', 8],
    ['PENSIUNAN', 6],
    ['WIRASWASTA', 5],
    ['BURUH TANI/PERKEBUNAN', 3],
  ],
};

const OCCUPATIONS = {
  adult: { 'LAKI-LAKI': new Weighted(ADULT_MEN), PEREMPUAN: new Weighted(ADULT_WOMEN) },
  young: {
    'LAKI-LAKI': new Weighted(YOUNG_ADULTS['LAKI-LAKI']),
    PEREMPUAN: new Weighted(YOUNG_ADULTS.PEREMPUAN),
  },
  elderly: {
    'LAKI-LAKI': new Weighted(ELDERLY['LAKI-LAKI']),
    PEREMPUAN: new Weighted(ELDERLY.PEREMPUAN),
  },
};

/** Occupation by age: no work below school age, school to 17, work or study to 22, then work. */
function makeOccupation(random: Random, sex: Sex, age: number): string {
  if (age < 5) return 'BELUM/TIDAK BEKERJA';
  if (age < 7) return random() < 0.6 ? 'PELAJAR/MAHASISWA' : 'BELUM/TIDAK BEKERJA';
  if (age < 18) return random() < 0.97 ? 'PELAJAR/MAHASISWA' : 'BELUM/TIDAK BEKERJA';
  if (age < 23) return OCCUPATIONS.young[sex].pick(random);
  if (age < 60) return OCCUPATIONS.adult[sex].pick(random);
  return OCCUPATIONS.elderly[sex].pick(random);
}

let occupationsChecked = false;

/** Every occupation drawn here must be one of the register's list; checked once. */
function checkOccupations(): void {
  if (occupationsChecked) return;
  const known = new Set(occupationNames());
  const used = [ADULT_MEN, ADULT_WOMEN, ...Object.values(YOUNG_ADULTS), ...Object.values(ELDERLY)]
    .flat()
    .map(([name]) => name)
    .concat(['BELUM/TIDAK BEKERJA', 'PELAJAR/MAHASISWA']);
  const unknown = used.filter((name) => !known.has(name));
  if (unknown.length > 0) throw new Error(`Jenis pekerjaan tidak dikenal: ${unknown.join(', ')}`);
  occupationsChecked = true;
}

// --- Marital status ----------------------------------------------------------------------

/** [belum kawin, kawin, cerai hidup, cerai mati] by age band and sex, in per cent. */
function maritalOdds(age: number, sex: Sex): readonly [number, number, number, number] {
  const woman = sex === 'PEREMPUAN';
  if (age < 17) return [100, 0, 0, 0];
  if (age < 20) return woman ? [90, 9.5, 0.5, 0] : [97, 3, 0, 0];
  if (age < 25) return woman ? [48, 49, 2.7, 0.3] : [75, 24, 1, 0];
  if (age < 30) return woman ? [20, 76, 3.5, 0.5] : [38, 60, 2, 0];
  if (age < 40) return woman ? [7, 87, 4.5, 1.5] : [10, 86, 3.5, 0.5];
  if (age < 50) return woman ? [3, 86, 5, 6] : [3, 92, 3.5, 1.5];
  if (age < 60) return woman ? [2, 76, 5, 17] : [2, 91, 3, 4];
  if (age < 70) return woman ? [1.5, 58, 5.5, 35] : [1.5, 85, 3.5, 10];
  if (age < 80) return woman ? [1, 38, 5, 56] : [1, 72, 3, 24];
  return woman ? [1, 20, 4, 75] : [1, 55, 3, 41];
}

const MARITAL: readonly MaritalStatus[] = ['BELUM KAWIN', 'KAWIN', 'CERAI HIDUP', 'CERAI MATI'];

function makeMaritalStatus(random: Random, sex: Sex, age: number): MaritalStatus {
  const odds = maritalOdds(age, sex);
  let roll = random() * 100;
  for (let i = 0; i < odds.length; i++) {
    roll -= odds[i]!;
    if (roll < 0) return MARITAL[i]!;
  }
  return 'KAWIN';
}

// --- Places of residence -----------------------------------------------------------------

interface Village {
  readonly kodeDesa: string;
  readonly name: string;
  readonly districtIndex: number;
  /** Six digits, no dots: the NIK's region part. */
  readonly districtCode: string;
  readonly districtName: string;
  /** Kelurahan (urban ward; code 1xxx) rather than desa (code 2xxx). */
  readonly urban: boolean;
  readonly rwCount: number;
  readonly rtPerRw: number;
  readonly hamlets: readonly string[];
}

const HAMLETS = words(`KRAJAN KARANGANYAR SIDAMULYA PEKUNCEN KALIWUNGU SINDANG PESAWAHAN
  BENDUNGAN KARANGTENGAH KEDUNGWULUH SIRANDU CANDIREJA KALIMANDANG PENGGALANG GUNUNGWULED
  KARANGSARI SIMBANG WANAREJA PANDANSARI KEBANGGAN LEBAKSIU TEGALSARI SIDAREJA KEDUNGUTER`);
const STREETS = (
  'JEND. SUDIRMAN|A. YANI|MT. HARYONO|S. PARMAN|DI. PANJAITAN|LETJEN SUPRAPTO|P. TENDEAN|' +
  'KS. TUBUN|MAYJEN SUNGKONO|KOLONEL SUGIONO|SUPRIYADI|LETKOL ISDIMAN|DR. SOEPARNO|' +
  'BOUGENVILLE|MELATI|MAWAR|KENANGA|DIPONEGORO|KARTINI|WIRASABA|OYO MARTOSUWITO|' +
  'JEND. GATOT SUBROTO|MERDEKA|PAHLAWAN'
).split('|');
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];

/**
 * The villages of the regency with a population weight each: the weights and the size of
 * each village's RW/RT structure come from the seed, so a seed gives one stable map.
 */
function villageChooser(seed: string): Weighted<Village> {
  const districts = childRegions(REGENCY_CODE).sort((a, b) => a.code.localeCompare(b.code));
  if (districts.length === 0) throw new Error(`Kode wilayah ${REGENCY_CODE} tidak dikenal`);
  const random = seededRandom(`${seed}/desa`);
  const weights: [Village, number][] = [];
  districts.forEach((district, districtIndex) => {
    const list = childRegions(district.code).sort((a, b) => a.code.localeCompare(b.code));
    for (const region of list) {
      const kodeDesa = region.code.replaceAll('.', '');
      const rwCount = 2 + Math.floor(random() * 9);
      const village: Village = {
        kodeDesa,
        name: region.name.toUpperCase(),
        districtIndex,
        districtCode: district.code.replaceAll('.', ''),
        districtName: district.name.toUpperCase(),
        urban: kodeDesa[6] === '1',
        rwCount,
        rtPerRw: 3 + Math.floor(random() * 4),
        hamlets: Array.from({ length: Math.ceil(rwCount / 2) }, () => pick(random, HAMLETS)),
      };
      weights.push([village, (0.6 + random() * 0.8) * (village.urban ? 1.3 : 1)]);
    }
  });
  return new Weighted(weights);
}

const pad3 = (value: number) => String(value).padStart(3, '0');

function makeAddress(random: Random, village: Village): { alamat: string; rt: string; rw: string } {
  const rw = 1 + Math.floor(random() * village.rwCount);
  const rt = (rw - 1) * village.rtPerRw + 1 + Math.floor(random() * village.rtPerRw);
  const hamlet = Math.ceil(rw / 2);
  const roll = random();
  let alamat: string;
  if (village.urban) {
    const street = pick(random, STREETS);
    const number = 1 + Math.floor(random() * 150);
    alamat =
      roll < 0.75
        ? `JL. ${street} NO. ${number}`
        : roll < 0.9
          ? `JL. ${street} GG. ${ROMAN[Math.floor(random() * 6)]}`
          : `KELURAHAN ${village.name}`;
  } else if (roll < 0.45) {
    alamat = `DUSUN ${ROMAN[hamlet - 1] ?? String(hamlet)}`;
  } else if (roll < 0.65) {
    alamat = `DESA ${village.name}`;
  } else if (roll < 0.85) {
    alamat = `${random() < 0.5 ? 'GRUMBUL' : 'DUKUH'} ${village.hamlets[hamlet - 1]!}`;
  } else {
    alamat = `JL. RAYA ${village.name}${random() < 0.5 ? ` NO. ${1 + Math.floor(random() * 120)}` : ''}`;
  }
  return { alamat, rt: pad3(rt), rw: pad3(rw) };
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

const STATUS_SHARE = { MENINGGAL: 0.008, GANDA: 0.002, NON_AKTIF: 0.003 };

function makeStatus(random: Random, age: number): ResidentStatus {
  const roll = random();
  const death = (STATUS_SHARE.MENINGGAL * deathWeight(age)) / MEAN_DEATH_WEIGHT;
  if (roll < death) return 'MENINGGAL';
  if (roll < death + STATUS_SHARE.GANDA) return 'GANDA';
  if (roll < death + STATUS_SHARE.GANDA + STATUS_SHARE.NON_AKTIF) return 'NON_AKTIF';
  return 'AKTIF';
}

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
