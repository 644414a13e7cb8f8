/**
 * The life of a KTP-el card reader and its SAM (SPEC §5, Juknis IV): registered by the agency,
 * applied for, personalised and activated through the ministry's SIFILMA (Gerbang records the
 * references and dates, it does not talk to SIFILMA), in use, suspended, its SAM pulled and
 * returned to Dukcapil, deactivated. One table says which action leads from which states to
 * which, who may take it and what it must record; everything else reads it.
 */
export const CARD_READER_STATES = [
  'TERDAFTAR',
  'DIAJUKAN',
  'DIPERSONALISASI',
  'AKTIF',
  'DITANGGUHKAN',
  'SAM_DICABUT',
  'SAM_DIKEMBALIKAN',
  'NONAKTIF',
] as const;
export type CardReaderState = (typeof CARD_READER_STATES)[number];

export const CARD_READER_STATE_LABELS: Readonly<Record<CardReaderState, string>> = {
  TERDAFTAR: 'Terdaftar',
  DIAJUKAN: 'Diajukan melalui SIFILMA',
  DIPERSONALISASI: 'SAM dipersonalisasi',
  AKTIF: 'Aktif',
  DITANGGUHKAN: 'Ditangguhkan',
  SAM_DICABUT: 'SAM dicabut',
  SAM_DIKEMBALIKAN: 'SAM dikembalikan',
  NONAKTIF: 'Nonaktif',
};

/** Who acts: the agency's head, Dukcapil's admin, or the system (an agreement's end). */
export type CardReaderParty = 'INSTANSI' | 'DUKCAPIL' | 'SISTEM';

/** What an action must carry: a reference number with its date (SIFILMA, BAST), or a reason. */
export type CardReaderRecordKind = 'REFERENSI' | 'TANGGAL' | 'ALASAN';

export interface CardReaderTransition {
  readonly from: readonly CardReaderState[];
  readonly to: CardReaderState;
  readonly by: readonly CardReaderParty[];
  readonly records: CardReaderRecordKind;
  /** The admin_action verb. */
  readonly verb: string;
  readonly label: string;
}

export const CARD_READER_TRANSITIONS = {
  /** The agency applied for SAM personalisation and activation in SIFILMA. */
  AJUKAN: {
    from: ['TERDAFTAR'],
    to: 'DIAJUKAN',
    by: ['INSTANSI', 'DUKCAPIL'],
    records: 'REFERENSI',
    verb: 'PEMBACA_DIAJUKAN',
    label: 'Catat pengajuan SIFILMA',
  },
  PERSONALISASI: {
    from: ['DIAJUKAN'],
    to: 'DIPERSONALISASI',
    by: ['DUKCAPIL'],
    records: 'REFERENSI',
    verb: 'PEMBACA_SAM_DIPERSONALISASI',
    label: 'Catat personalisasi SAM',
  },
  AKTIVASI: {
    from: ['DIPERSONALISASI'],
    to: 'AKTIF',
    by: ['DUKCAPIL'],
    records: 'REFERENSI',
    verb: 'PEMBACA_DIAKTIFKAN',
    label: 'Catat aktivasi',
  },
  TANGGUHKAN: {
    from: ['AKTIF', 'DIPERSONALISASI'],
    to: 'DITANGGUHKAN',
    by: ['INSTANSI', 'DUKCAPIL', 'SISTEM'],
    records: 'ALASAN',
    verb: 'PEMBACA_DITANGGUHKAN',
    label: 'Tangguhkan',
  },
  /** Back in use while the agreement is in force (the use case checks it). */
  PULIHKAN: {
    from: ['DITANGGUHKAN'],
    to: 'AKTIF',
    by: ['DUKCAPIL'],
    records: 'ALASAN',
    verb: 'PEMBACA_DIPULIHKAN',
    label: 'Pulihkan',
  },
  /**
   * The SAM pulled out of the reader (the day it was done): recorded by the head, or by
   * Dukcapil when the head brings it after the agreement's end has closed the agency's access.
   */
  CABUT_SAM: {
    from: ['DITANGGUHKAN'],
    to: 'SAM_DICABUT',
    by: ['INSTANSI', 'DUKCAPIL'],
    records: 'TANGGAL',
    verb: 'PEMBACA_SAM_DICABUT',
    label: 'Catat pencabutan SAM',
  },
  /** Dukcapil received the SAM with the BAST (its number and the day received). */
  TERIMA_SAM: {
    from: ['SAM_DICABUT'],
    to: 'SAM_DIKEMBALIKAN',
    by: ['DUKCAPIL'],
    records: 'REFERENSI',
    verb: 'PEMBACA_SAM_DITERIMA',
    label: 'Catat penerimaan SAM dan BAST',
  },
  NONAKTIFKAN: {
    from: ['TERDAFTAR', 'DIAJUKAN', 'SAM_DIKEMBALIKAN'],
    to: 'NONAKTIF',
    by: ['DUKCAPIL'],
    records: 'ALASAN',
    verb: 'PEMBACA_DINONAKTIFKAN',
    label: 'Nonaktifkan',
  },
} as const satisfies Record<string, CardReaderTransition>;

export type CardReaderAction = keyof typeof CARD_READER_TRANSITIONS;
export const CARD_READER_ACTIONS = Object.keys(CARD_READER_TRANSITIONS) as CardReaderAction[];

export function isCardReaderAction(value: string): value is CardReaderAction {
  return Object.hasOwn(CARD_READER_TRANSITIONS, value);
}

export type TransitionResult =
  | { readonly ok: true; readonly to: CardReaderState }
  | { readonly ok: false; readonly problem: string };

/** Where `action` leads from `state` when `party` takes it, or why it may not. */
export function cardReaderTransition(
  state: CardReaderState,
  action: CardReaderAction,
  party: CardReaderParty,
): TransitionResult {
  const t: CardReaderTransition = CARD_READER_TRANSITIONS[action];
  if (!t.by.includes(party)) {
    return {
      ok: false,
      problem: `Tindakan "${t.label}" tidak dapat dilakukan oleh ${PARTY_LABELS[party]}`,
    };
  }
  if (!t.from.includes(state)) {
    return {
      ok: false,
      problem: `Tindakan "${t.label}" tidak dapat dilakukan pada pembaca berstatus ${CARD_READER_STATE_LABELS[state]}`,
    };
  }
  return { ok: true, to: t.to };
}

const PARTY_LABELS: Readonly<Record<CardReaderParty, string>> = {
  INSTANSI: 'Kepala Instansi',
  DUKCAPIL: 'Admin Dukcapil',
  SISTEM: 'sistem',
};

/** The actions `party` may take on a reader in `state` (the buttons a page shows). */
export function availableCardReaderActions(
  state: CardReaderState,
  party: CardReaderParty,
): CardReaderAction[] {
  return CARD_READER_ACTIONS.filter((a) => cardReaderTransition(state, a, party).ok);
}

/** States in which the reader holds a SAM that must come back to Dukcapil when it stops. */
export function holdsSam(state: CardReaderState): boolean {
  return state === 'DIPERSONALISASI' || state === 'AKTIF' || state === 'DITANGGUHKAN';
}

/** A SAM number as printed on the module: letters, digits and hyphens, upper-cased. */
export function normalSamNumber(value: string): string {
  return value.trim().toUpperCase();
}

export const SAM_NUMBER_PATTERN = /^[A-Z0-9-]{6,40}$/;
