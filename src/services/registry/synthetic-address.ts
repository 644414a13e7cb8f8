import { childRegions } from '../../reference/regions.js';
import { pick, seededRandom, Weighted, words, type Random } from './seeded-random.js';

/** The regency the synthetic register lives in: Kabupaten Purbalingga. */
export const REGENCY_CODE = '33.03';

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
export function villageChooser(seed: string): Weighted<Village> {
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

export function makeAddress(
  random: Random,
  village: Village,
): { alamat: string; rt: string; rw: string } {
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
