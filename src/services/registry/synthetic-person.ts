import type { MaritalStatus } from '../../domain/resident.js';
import type { ResidentStatus } from '../../domain/responses.js';
import { occupationNames } from '../../reference/regions.js';
import { pick, Weighted, words, type Random } from './seeded-random.js';

/**
 * The people of the synthetic register (services/registry/generate.ts): ages, names, places
 * of birth, occupations, marital states and register statuses drawn with the shares of a
 * Central Java register. Every person is made up; the names are common given names combined
 * at random.
 */

export const MAX_AGE = 90;

/**
 * Share of each five-year age group, 0–4 … 85–89, then 90: the shape of Central Java's
 * pyramid (BPS projections) — broad and flat below 50, narrowing above.
 */
const AGE_GROUPS = [
  8.1, 8.3, 8.4, 8.2, 7.7, 7.4, 7.2, 7.3, 7.1, 6.8, 6.2, 5.4, 4.5, 3.5, 2.5, 1.6, 0.9, 0.45, 0.1,
];
export const AGES = new Weighted(
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

export type Sex = 'LAKI-LAKI' | 'PEREMPUAN';
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

export function makeName(random: Random, sex: Sex, birthYear: number): string {
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

export const BIRTHPLACES = new Weighted<string | null>([
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
export function makeOccupation(random: Random, sex: Sex, age: number): string {
  if (age < 5) return 'BELUM/TIDAK BEKERJA';
  if (age < 7) return random() < 0.6 ? 'PELAJAR/MAHASISWA' : 'BELUM/TIDAK BEKERJA';
  if (age < 18) return random() < 0.97 ? 'PELAJAR/MAHASISWA' : 'BELUM/TIDAK BEKERJA';
  if (age < 23) return OCCUPATIONS.young[sex].pick(random);
  if (age < 60) return OCCUPATIONS.adult[sex].pick(random);
  return OCCUPATIONS.elderly[sex].pick(random);
}

let occupationsChecked = false;

/** Every occupation drawn here must be one of the register's list; checked once. */
export function checkOccupations(): void {
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

export function makeMaritalStatus(random: Random, sex: Sex, age: number): MaritalStatus {
  const odds = maritalOdds(age, sex);
  let roll = random() * 100;
  for (let i = 0; i < odds.length; i++) {
    roll -= odds[i]!;
    if (roll < 0) return MARITAL[i]!;
  }
  return 'KAWIN';
}

// --- Register status ---------------------------------------------------------------------

/** Shares of the register not AKTIF; the deceased mostly among the old (deathWeight). */
const STATUS_SHARE = { MENINGGAL: 0.008, GANDA: 0.002, NON_AKTIF: 0.003 };

export function makeStatus(random: Random, age: number): ResidentStatus {
  const roll = random();
  const death = (STATUS_SHARE.MENINGGAL * deathWeight(age)) / MEAN_DEATH_WEIGHT;
  if (roll < death) return 'MENINGGAL';
  if (roll < death + STATUS_SHARE.GANDA) return 'GANDA';
  if (roll < death + STATUS_SHARE.GANDA + STATUS_SHARE.NON_AKTIF) return 'NON_AKTIF';
  return 'AKTIF';
}
