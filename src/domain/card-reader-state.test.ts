import { describe, expect, it } from 'vitest';
import {
  availableCardReaderActions,
  CARD_READER_ACTIONS,
  CARD_READER_STATES,
  cardReaderTransition,
  type CardReaderAction,
  type CardReaderParty,
  type CardReaderState,
} from './card-reader-state.js';

/**
 * The whole machine, row by row: every (state, action, party) not listed here is refused.
 * Written out by hand from SPEC §5 so that a change to the table shows up as a change here.
 */
const ALLOWED: readonly [CardReaderState, CardReaderAction, CardReaderParty, CardReaderState][] = [
  ['TERDAFTAR', 'AJUKAN', 'INSTANSI', 'DIAJUKAN'],
  ['TERDAFTAR', 'AJUKAN', 'DUKCAPIL', 'DIAJUKAN'],
  ['DIAJUKAN', 'PERSONALISASI', 'DUKCAPIL', 'DIPERSONALISASI'],
  ['DIPERSONALISASI', 'AKTIVASI', 'DUKCAPIL', 'AKTIF'],
  ['AKTIF', 'TANGGUHKAN', 'INSTANSI', 'DITANGGUHKAN'],
  ['AKTIF', 'TANGGUHKAN', 'DUKCAPIL', 'DITANGGUHKAN'],
  ['AKTIF', 'TANGGUHKAN', 'SISTEM', 'DITANGGUHKAN'],
  ['DIPERSONALISASI', 'TANGGUHKAN', 'INSTANSI', 'DITANGGUHKAN'],
  ['DIPERSONALISASI', 'TANGGUHKAN', 'DUKCAPIL', 'DITANGGUHKAN'],
  ['DIPERSONALISASI', 'TANGGUHKAN', 'SISTEM', 'DITANGGUHKAN'],
  ['DITANGGUHKAN', 'PULIHKAN', 'DUKCAPIL', 'AKTIF'],
  ['DITANGGUHKAN', 'CABUT_SAM', 'INSTANSI', 'SAM_DICABUT'],
  ['DITANGGUHKAN', 'CABUT_SAM', 'DUKCAPIL', 'SAM_DICABUT'],
  ['SAM_DICABUT', 'TERIMA_SAM', 'DUKCAPIL', 'SAM_DIKEMBALIKAN'],
  ['TERDAFTAR', 'NONAKTIFKAN', 'DUKCAPIL', 'NONAKTIF'],
  ['DIAJUKAN', 'NONAKTIFKAN', 'DUKCAPIL', 'NONAKTIF'],
  ['SAM_DIKEMBALIKAN', 'NONAKTIFKAN', 'DUKCAPIL', 'NONAKTIF'],
];

const PARTIES: readonly CardReaderParty[] = ['INSTANSI', 'DUKCAPIL', 'SISTEM'];

describe('the card reader state machine', () => {
  it.each(ALLOWED)('%s --%s by %s--> %s', (from, action, party, to) => {
    expect(cardReaderTransition(from, action, party)).toEqual({ ok: true, to });
  });

  it('refuses every other combination, saying why in Indonesian', () => {
    let refused = 0;
    for (const state of CARD_READER_STATES) {
      for (const action of CARD_READER_ACTIONS) {
        for (const party of PARTIES) {
          const listed = ALLOWED.some(([s, a, p]) => s === state && a === action && p === party);
          if (listed) continue;
          const result = cardReaderTransition(state, action, party);
          expect(result.ok, `${state} ${action} ${party}`).toBe(false);
          if (!result.ok) expect(result.problem).toMatch(/^Tindakan "/);
          refused += 1;
        }
      }
    }
    expect(refused).toBe(
      CARD_READER_STATES.length * CARD_READER_ACTIONS.length * PARTIES.length - ALLOWED.length,
    );
  });

  it('names the party when the role may not act, and the state when the state does not allow it', () => {
    expect(cardReaderTransition('DIAJUKAN', 'PERSONALISASI', 'INSTANSI')).toEqual({
      ok: false,
      problem: 'Tindakan "Catat personalisasi SAM" tidak dapat dilakukan oleh Kepala Instansi',
    });
    expect(cardReaderTransition('AKTIF', 'CABUT_SAM', 'INSTANSI')).toEqual({
      ok: false,
      problem: 'Tindakan "Catat pencabutan SAM" tidak dapat dilakukan pada pembaca berstatus Aktif',
    });
  });

  it('leaves a deactivated reader final, and gives each party its buttons', () => {
    for (const party of PARTIES) expect(availableCardReaderActions('NONAKTIF', party)).toEqual([]);
    expect(availableCardReaderActions('AKTIF', 'INSTANSI')).toEqual(['TANGGUHKAN']);
    expect(availableCardReaderActions('DITANGGUHKAN', 'INSTANSI')).toEqual(['CABUT_SAM']);
    expect(availableCardReaderActions('DITANGGUHKAN', 'DUKCAPIL')).toEqual([
      'PULIHKAN',
      'CABUT_SAM',
    ]);
  });
});
