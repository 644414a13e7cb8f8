/**
 * How Indonesians write the same name, place or address differently, undone before two
 * texts are compared (issue 11, verification without disclosure). Every rule here exists
 * because a counter sees it daily: the register holds `MUHAMMAD RIZKY PRATAMA`, the form
 * says `Moch. Rizky Pratama, S.Kom.`; the register says `SOEPARNO`, the applicant `Suparno`.
 *
 * The result is a list of tokens in one canonical spelling. Both sides go through the same
 * rules, so a rule only has to map the variants onto one another, not onto the "right" form.
 */

/** Which rules apply: the three free-text elements of a person (SPEC §9). */
export type TextKind = 'name' | 'place' | 'address';

/**
 * Titles and honorifics written before a name (dots removed): religious (H. = haji, Hj.,
 * K.H.), academic and professional (Dr., Drs., Ir., Prof.), forms of address (Bpk., Ny.,
 * Sdr.), and "the late" (Alm.). They are not part of the registered name.
 */
const LEADING_TITLES = new Set(
  `H HJ HAJI HAJJAH HAJAH KH KYAI KIAI USTADZ USTAD UST USTADZAH NY NYONYA NONA NN TN TUAN
   SDR SDRI SAUDARA SAUDARI BPK BAPAK BP PAK IBU BU ALM ALMH ALMARHUM ALMARHUMAH DR DRS DRA
   IR PROF DRG`.split(/\s+/),
);

/**
 * Academic degrees written after a name (dots removed: S.Kom. → SKOM, A.Md. → AMD). Taken
 * off only at the end of a name or after a comma, where a degree stands; a two-letter
 * token inside a name is more likely an initial pair.
 */
const DEGREES = new Set(
  `SPD SPDI SPDSD SKOM SH SHI SE SEI ST SSOS SAG SKED SFARM SKEP SAP SIP SSI SS SKM SPSI
   SSTP STP SSN SIKOM SGZ SKEB SSY SHUT SPT SPI SSTR SSEN SDS SIPOL STR SAK
   MM MSI MPD MPDI MKES MH MT MKOM MAG MHUM MA MSC MBA MAP MKN MTI MSN MEC MKEP MGIZI
   AMD AMDKEB AMDKEP AMK AMKEB AMKEP AMAK AMF AMG AMRAD AMTE
   DRS DRA DR IR PHD LC BSC BA SPOG SPA SPB SPPD SPM SPKK SPTHT SPJP SPS SPAN SPRAD`.split(/\s+/),
);

/** The many spellings of Muhammad, seen on forms across Java (dots removed). */
const MUHAMMAD = new Set(
  `MUHAMMAD MUHAMAD MUHAMMED MUHAMED MUHAMMAT MUHAMAT MOHAMMAD MOHAMAD MOHAMMED MOHAMED
   MOCHAMMAD MOCHAMAD MOCHAMMED MOCHAMAT MUCHAMMAD MUCHAMAD MUKHAMMAD MUKHAMAD MOKHAMAD
   MOKHAMMAD MUH MOH MOCH MUCH MOHD MHD MUHD MUHAMMADH`.split(/\s+/),
);

/** Prefixes of an administrative place name: `KAB. PURBALINGGA` and `PURBALINGGA` are one. */
const PLACE_PREFIXES = new Set(
  'KAB KABUPATEN KOTA KOTAMADYA KODYA KOTAADM ADM PROV PROVINSI'.split(' '),
);

/** Words of an address written short or long; each maps to one form. */
const ADDRESS_WORDS: Readonly<Record<string, string>> = {
  JL: 'JALAN',
  JLN: 'JALAN',
  JALAN: 'JALAN',
  GG: 'GANG',
  GANG: 'GANG',
  DSN: 'DUSUN',
  DUSUN: 'DUSUN',
  DS: 'DESA',
  DESA: 'DESA',
  KEL: 'KELURAHAN',
  KELURAHAN: 'KELURAHAN',
  KEC: 'KECAMATAN',
  KECAMATAN: 'KECAMATAN',
  DK: 'DUKUH',
  DUKUH: 'DUKUH',
  GRUMBUL: 'DUKUH',
  KP: 'KAMPUNG',
  KAMP: 'KAMPUNG',
  KAMPUNG: 'KAMPUNG',
  PERUM: 'PERUMAHAN',
  PERUMAHAN: 'PERUMAHAN',
  KOMP: 'KOMPLEK',
  KOMPLEK: 'KOMPLEK',
  KOMPLEKS: 'KOMPLEK',
  NO: 'NO',
  NOMOR: 'NO',
  NOMER: 'NO',
  BLK: 'BLOK',
  BLOK: 'BLOK',
  RAYA: 'RAYA',
  JEND: 'JENDERAL',
  JENDRAL: 'JENDERAL',
  JENDERAL: 'JENDERAL',
  LETJEN: 'LETJEN',
  MAYJEN: 'MAYJEN',
  KOL: 'KOLONEL',
  KOLONEL: 'KOLONEL',
  LETKOL: 'LETKOL',
};

/**
 * The spelling reform of 1972 (EYD) undone on both sides: oe→u (Soeparno), dj→j (Djoko),
 * tj→c (Tjahjo), nj→ny (Njoman), sj→sy (Sjarif), ch→kh (Chairul). Then what the ear
 * cannot tell apart on a form: dh/th written for d/t (Ramadhan, Fathur), q for k (Taufiq),
 * ae for ai (Zaenal), a final y for i (Rizky) and doubled letters (Muhammad, Abdullah). The order matters: dj→j before nj→ny, so that `PANDJI`
 * and `PANJI` end up as one.
 */
export function respell(token: string): string {
  return token
    .replaceAll('OE', 'U')
    .replaceAll('DJ', 'J')
    .replaceAll('TJ', 'C')
    .replaceAll('NJ', 'NY')
    .replaceAll('SJ', 'SY')
    .replaceAll('CH', 'KH')
    .replaceAll('DH', 'D')
    .replaceAll('TH', 'T')
    .replaceAll('Q', 'K')
    .replaceAll('AE', 'AI')
    .replace(/Y$/, 'I')
    .replace(/([A-Z])\1+/g, '$1');
}

/** Upper case, accents and anything but letters, digits, dots, commas and slashes gone. */
function clean(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z0-9.,/ ]+/g, ' ');
}

/** `RT 02 RW 03`, `RT.002/RW.003`, `RT 2/3`, `RT/RW 002/003`, `RT02 RW03` → `RT2 RW3`. */
function neighbourhoods(text: string): string {
  return text
    .replace(/\bRT\s*[./]?\s*RW\.?\s*(\d{1,3})\s*\/\s*(\d{1,3})/g, ' RT$1 RW$2 ')
    .replace(/\bRT\.?\s*(\d{1,3})\s*\/\s*(?:RW\.?\s*)?(\d{1,3})/g, ' RT$1 RW$2 ')
    .replace(/\b(RT|RW)\.?\s*(\d{1,3})\b/g, ' $1$2 ')
    .replace(/\b(RT|RW)0+(\d)/g, '$1$2');
}

/** A name's tokens: titles, degrees and Muhammad's spellings undone. */
function nameTokens(text: string): string[] {
  // What follows the first comma is degrees (`SLAMET, S.PD., M.M.`): no name has a comma.
  const [head = ''] = clean(text).split(',');
  const tokens = head
    .split(/[\s/]+/)
    .map((token) => token.replaceAll('.', ''))
    .filter(Boolean);
  while (tokens.length > 1 && LEADING_TITLES.has(tokens[0]!)) tokens.shift();
  while (tokens.length > 1 && DEGREES.has(tokens.at(-1)!)) tokens.pop();
  return tokens.map((token) => (MUHAMMAD.has(token) ? 'MUHAMMAD' : respell(token)));
}

function placeTokens(text: string): string[] {
  const tokens = clean(text)
    .replaceAll(',', ' ')
    .split(/[\s./]+/)
    .filter(Boolean);
  while (tokens.length > 1 && PLACE_PREFIXES.has(tokens[0]!)) tokens.shift();
  return tokens.map(respell);
}

const ROMAN: Readonly<Record<string, number>> = { I: 1, V: 5, X: 10 };

/** `III` → 3, `XIV` → 14: dusun and gang are numbered either way, and a digit is exact. */
function fromRoman(token: string): string | undefined {
  if (!/^(X{0,3})(IX|IV|V?I{0,3})$/.test(token)) return undefined;
  let total = 0;
  for (let i = 0; i < token.length; i++) {
    const value = ROMAN[token[i]!]!;
    const next = ROMAN[token[i + 1] ?? ''] ?? 0;
    total += value < next ? -value : value;
  }
  return String(total);
}

/**
 * An address's tokens: short and long words as one, numbers without leading zeros or
 * Roman numerals, `NO.` dropped (`17A` and `NO. 17A` are one house number).
 */
function addressTokens(text: string): string[] {
  return neighbourhoods(clean(text).replaceAll(',', ' '))
    .split(/[\s./]+/)
    .filter(Boolean)
    .map((token) => {
      if (/^\d+$/.test(token)) return String(Number(token));
      return ADDRESS_WORDS[token] ?? fromRoman(token) ?? respell(token);
    })
    .filter((token) => token !== 'NO');
}

/** The canonical tokens of a text of the given kind; empty when nothing is left. */
export function tokens(kind: TextKind, text: string): string[] {
  switch (kind) {
    case 'name':
      return nameTokens(text);
    case 'place':
      return placeTokens(text);
    case 'address':
      return addressTokens(text);
  }
}
