import { jaroWinkler } from '@skyra/jaro-winkler';
import { describe, expect, it } from 'vitest';
import type { TextKind } from './normalise.js';
import { readLabelledPairs } from './labelled-set.js';
import { COMPARED_THRESHOLDS, quality } from './quality.js';
import { matches, similarity } from './similarity.js';

/** Pairs whose verdict at the usual threshold (80) is the point of a rule. */
const SAME: readonly [why: string, kind: TextKind, asked: string, register: string][] = [
  ['identical', 'name', 'SITI AMINAH', 'SITI AMINAH'],
  ['title and degree', 'name', 'Hj. Siti Aminah, S.Pd.I.', 'SITI AMINAH'],
  ['old spelling', 'name', 'Soedjono', 'SUJONO'],
  ['old spelling with j for y', 'name', 'Tjahjo Koesoemo', 'CAHYO KUSUMO'],
  ['Muhammad', 'name', 'Moch. Chairul Anam', 'MUHAMMAD KHOIRUL ANAM'],
  ['an initial', 'name', 'M. Rizky Pratama', 'MUHAMMAD RIZKY PRATAMA'],
  ['word order', 'name', 'Aminah Siti', 'SITI AMINAH'],
  ['a middle word left out', 'name', 'Agus Santoso', 'AGUS BUDI SANTOSO'],
  ['two words joined', 'name', 'Nurhayati', 'NUR HAYATI'],
  ['a typo', 'name', 'Supriadi', 'SUPRIYADI'],
  ['KAB.', 'place', 'Kab. Purbalingga', 'PURBALINGGA'],
  ['Jl. and NO.', 'address', 'Jalan Jenderal Sudirman Nomor 12', 'JL. JEND. SUDIRMAN NO. 12'],
  ['RT/RW written in the address', 'address', 'Dusun II RT 03 RW 02', 'DUSUN II'],
];
const OTHER: readonly [why: string, kind: TextKind, asked: string, register: string][] = [
  ['another given name after Muhammad', 'name', 'MUHAMMAD RIZKY', 'MUHAMMAD FAJAR'],
  ['another given name after Siti', 'name', 'SITI AMINAH', 'SITI ROKHAYAH'],
  ['another surname', 'name', 'AGUS SANTOSO', 'AGUS NUGROHO'],
  ['one word of three', 'name', 'SLAMET', 'SLAMET RIYADI SANTOSO'],
  ['the same title, another person', 'name', 'H. SLAMET', 'H. SUGENG'],
  ['a village on the same prefix', 'place', 'KARANGREJA', 'KARANGANYAR'],
  ['another house number', 'address', 'Jl. Mawar No. 5', 'JL. MAWAR NO. 6'],
  ['another dusun', 'address', 'Dusun III', 'DUSUN II'],
  ['another RT', 'address', 'Dusun II RT 03', 'DUSUN II RT 04'],
];

describe('similarity', () => {
  it.each(SAME)('%s: Sesuai at 80 (%s: %s / %s)', (_why, kind, asked, register) => {
    expect(similarity(kind, asked, register)).toBeGreaterThanOrEqual(80);
  });

  it.each(OTHER)('%s: Tidak Sesuai at 70 (%s: %s / %s)', (_why, kind, asked, register) => {
    expect(similarity(kind, asked, register)).toBeLessThan(70);
  });

  it('is 100 for the same text and 0 against an empty one', () => {
    expect(similarity('name', 'Slamet', 'SLAMET')).toBe(100);
    expect(similarity('name', '', 'SLAMET')).toBe(0);
    expect(similarity('address', ' ', 'DUSUN I')).toBe(0);
  });

  it('answers by the threshold the caller sends', () => {
    expect(matches(80, 80)).toBe(true);
    expect(matches(79, 80)).toBe(false);
  });
});

describe('the labelled set', () => {
  const pairs = readLabelledPairs();
  const ours = (pair: (typeof pairs)[number]) => similarity(pair.kind, pair.asked, pair.register);
  /** Plain Jaro-Winkler on the texts as written (upper case, trimmed), as the issue compares. */
  const plain = (pair: (typeof pairs)[number]) =>
    Math.round(
      jaroWinkler(pair.asked.trim().toUpperCase(), pair.register.trim().toUpperCase()) * 100,
    );

  it('holds a few hundred pairs of each verdict, of names, places and addresses', () => {
    expect(pairs.filter((pair) => pair.match).length).toBeGreaterThan(200);
    expect(pairs.filter((pair) => !pair.match).length).toBeGreaterThan(200);
    for (const kind of ['name', 'place', 'address'] as const) {
      expect(pairs.some((pair) => pair.kind === kind)).toBe(true);
    }
  });

  it.each(COMPARED_THRESHOLDS)(
    'at threshold %i, beats plain Jaro-Winkler in precision and in recall',
    (threshold) => {
      const mine = quality(pairs, ours, threshold);
      const theirs = quality(pairs, plain, threshold);
      expect(mine.precision).toBeGreaterThan(theirs.precision);
      expect(mine.recall).toBeGreaterThan(theirs.recall);
      // Not only better than a weak baseline: right on nearly every pair of the set.
      expect(mine.precision).toBeGreaterThanOrEqual(0.95);
      expect(mine.recall).toBeGreaterThanOrEqual(0.95);
    },
  );
});
