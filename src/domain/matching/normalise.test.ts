import { describe, expect, it } from 'vitest';
import { respell, tokens, type TextKind } from './normalise.js';

/** Each rule of normalise.ts, with the forms a counter sees. */
const CASES: readonly [rule: string, kind: TextKind, text: string, expected: string][] = [
  ['case and spacing', 'name', '  siti   aminah ', 'SITI AMINAH'],
  ['punctuation', 'name', "Siti-Aminah'", 'SITI AMINAH'],
  ['accents', 'name', 'Désy Ràhayu', 'DESI RAHAYU'],
  ['religious title', 'name', 'H. Slamet', 'SLAMET'],
  ['religious title, woman', 'name', 'Hj. Siti Aminah', 'SITI AMINAH'],
  ['K.H.', 'name', 'K.H. Ahmad Dahlan', 'AHMAD DAHLAN'],
  ['several titles', 'name', 'Prof. Dr. Ir. H. Bambang Sutrisno', 'BAMBANG SUTRISNO'],
  ['form of address', 'name', 'Ny. Tuminah', 'TUMINAH'],
  ['the late', 'name', 'Alm. Karso', 'KARSO'],
  ['degrees after a comma', 'name', 'Heni Handayani, S.Pd., M.M.', 'HENI HANDAYANI'],
  ['degree without a comma', 'name', 'Yuli Astuti S.Kom', 'YULI ASTUTI'],
  ['specialist degree', 'name', 'dr. Rina Handayani, Sp.OG', 'RINA HANDAYANI'],
  ['a title alone is kept', 'name', 'H.', 'H'],
  ['Muhammad, short', 'name', 'Moch. Rizky', 'MUHAMMAD RIZKI'],
  ['Muhammad, one m', 'name', 'Muhamad Ilham', 'MUHAMMAD ILHAM'],
  ['Muhammad, Malay', 'name', 'Mohd Zainal', 'MUHAMMAD ZAINAL'],
  ['Muhammad, old spelling', 'name', 'Mochammad Fajar', 'MUHAMMAD FAJAR'],
  ['initials stay', 'name', 'M. Rizky Pratama', 'M RIZKI PRATAMA'],
  ['oe → u', 'name', 'Soeparno', 'SUPARNO'],
  ['dj → j', 'name', 'Djoko', 'JOKO'],
  ['tj → c', 'name', 'Tjahjo', 'CAHJO'],
  ['nj → ny', 'name', 'Njoman', 'NYOMAN'],
  ['sj → sy', 'name', 'Sjarif', 'SYARIF'],
  ['ch → kh', 'name', 'Chairul', 'KHAIRUL'],
  ['dh → d', 'name', 'Ramadhan', 'RAMADAN'],
  ['th → t', 'name', 'Fathur', 'FATUR'],
  ['q → k', 'name', 'Taufiq', 'TAUFIK'],
  ['ae → ai', 'name', 'Zaenal', 'ZAINAL'],
  ['final y → i', 'name', 'Rizky', 'RIZKI'],
  ['doubled letters', 'name', 'Abdullah', 'ABDULAH'],
  ['KAB.', 'place', 'Kab. Purbalingga', 'PURBALINGA'],
  ['KABUPATEN', 'place', 'KABUPATEN BANYUMAS', 'BANYUMAS'],
  ['KOTA', 'place', 'Kota Semarang', 'SEMARANG'],
  ['place in old spelling', 'place', 'Tjilatjap', 'CILACAP'],
  ['a place that is only a prefix is kept', 'place', 'Kota', 'KOTA'],
  ['Jl.', 'address', 'Jl. Mawar', 'JALAN MAWAR'],
  ['Jln', 'address', 'JLN MAWAR', 'JALAN MAWAR'],
  ['Gg.', 'address', 'Jl. Kartini Gg. III', 'JALAN KARTINI GANG 3'],
  ['Dsn.', 'address', 'Dsn. II', 'DUSUN 2'],
  ['Ds.', 'address', 'Ds. Karangsari', 'DESA KARANGSARI'],
  ['Grumbul', 'address', 'Grumbul Krajan', 'DUKUH KRAJAN'],
  ['NO. dropped, leading zeros', 'address', 'Jl. Raya No. 07', 'JALAN RAYA 7'],
  ['RT 02 RW 03', 'address', 'Dusun I RT 02 RW 03', 'DUSUN 1 RT2 RW3'],
  ['RT.002/RW.003', 'address', 'Dusun I RT.002/RW.003', 'DUSUN 1 RT2 RW3'],
  ['RT 2/3', 'address', 'Dusun I RT 2/3', 'DUSUN 1 RT2 RW3'],
  ['RT/RW 002/003', 'address', 'Dusun I RT/RW 002/003', 'DUSUN 1 RT2 RW3'],
  ['RT02 RW03', 'address', 'Dusun I RT02 RW03', 'DUSUN 1 RT2 RW3'],
  [
    'house number with a letter',
    'address',
    'Jl. Letkol Isdiman No.17A',
    'JALAN LETKOL ISDIMAN 17A',
  ],
];

describe('tokens', () => {
  it.each(CASES)('%s (%s): %s', (_rule, kind, text, expected) => {
    expect(tokens(kind, text).join(' ')).toBe(expected);
  });

  it('leaves nothing of a text without letters or digits', () => {
    expect(tokens('name', ' .,- ')).toEqual([]);
    expect(tokens('address', '')).toEqual([]);
  });
});

describe('respell', () => {
  it('maps the old and the new spelling of one name onto one form', () => {
    for (const [old, current] of [
      ['SOEDJONO', 'SUJONO'],
      ['PANDJI', 'PANJI'],
      ['SJAMSOEDIN', 'SYAMSUDIN'],
    ] as const) {
      expect(respell(old)).toBe(respell(current));
    }
  });
});
