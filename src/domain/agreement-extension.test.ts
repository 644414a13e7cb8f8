import { describe, expect, it } from 'vitest';
import {
  accessAllowed,
  accessPhase,
  afterExtensionEvent,
  extensionRequestTimely,
  lapsed,
  type ExtensionEvent,
  type ExtensionState,
} from './agreement-extension.js';
import { dgApprovalProblems, forceMajeureProblems } from './agreement-ending.js';
import { effectiveStatus } from './agreement-state.js';

/** The first two agreements: signed 16 September 2025, ending 16 September 2027. */
const SIGNED: ExtensionState = {
  status: 'AKTIF',
  signedOn: '2025-09-16',
  endsOn: '2027-09-16',
  extensionPending: false,
};

function replay(events: readonly ExtensionEvent[]): ExtensionState {
  return events.reduce(afterExtensionEvent, SIGNED);
}

describe('access during an extension (SPEC §4)', () => {
  it.each([
    // The request is due two months before the end: 16 July 2027.
    ['the due day itself', '2027-07-16', true],
    ['months before', '2027-01-05', true],
    ['a day late', '2027-07-17', false],
    ['on the end date', '2027-09-16', false],
  ] as const)('a request filed %s is on time: %s', (_case, filedOn, timely) => {
    expect(extensionRequestTimely('2027-09-16', filedOn)).toBe(timely);
  });

  it('clamps the due day as the deadline does: 31 August → 30 June', () => {
    expect(extensionRequestTimely('2027-08-31', '2027-06-30')).toBe(true);
    expect(extensionRequestTimely('2027-08-31', '2027-07-01')).toBe(false);
  });

  it.each<[string, ExtensionEvent[], string, 'BERLAKU' | 'MASA_PERPANJANGAN' | 'TIDAK_BERLAKU']>([
    ['no request, within the dates', [], '2027-09-16', 'BERLAKU'],
    ['no request, the day after the end', [], '2027-09-17', 'TIDAK_BERLAKU'],
    [
      'timely request pending: allowed past the end',
      [{ kind: 'DIAJUKAN', on: '2027-07-01' }],
      '2027-10-30',
      'MASA_PERPANJANGAN',
    ],
    [
      'timely request pending: still BERLAKU before the end',
      [{ kind: 'DIAJUKAN', on: '2027-07-01' }],
      '2027-08-01',
      'BERLAKU',
    ],
    [
      'late request: access ends with the end date',
      [{ kind: 'DIAJUKAN', on: '2027-08-01' }],
      '2027-09-17',
      'TIDAK_BERLAKU',
    ],
    [
      'timely request refused: access ends at once',
      [{ kind: 'DIAJUKAN', on: '2027-07-01' }, { kind: 'DITOLAK' }],
      '2027-09-20',
      'TIDAK_BERLAKU',
    ],
    [
      'timely request refused before the end: access runs to the end date',
      [{ kind: 'DIAJUKAN', on: '2027-07-01' }, { kind: 'DITOLAK' }],
      '2027-09-16',
      'BERLAKU',
    ],
    [
      'addendum signed: the new end date counts',
      [
        { kind: 'DIAJUKAN', on: '2027-07-01' },
        { kind: 'ADENDUM', endsOn: '2029-09-16' },
      ],
      '2028-01-01',
      'BERLAKU',
    ],
    [
      'addendum signed: past the new end date, ended (no request open)',
      [
        { kind: 'DIAJUKAN', on: '2027-07-01' },
        { kind: 'ADENDUM', endsOn: '2029-09-16' },
      ],
      '2029-09-17',
      'TIDAK_BERLAKU',
    ],
    [
      'a late request after a refused timely one opens nothing',
      [
        { kind: 'DIAJUKAN', on: '2027-07-01' },
        { kind: 'DITOLAK' },
        { kind: 'DIAJUKAN', on: '2027-08-01' },
      ],
      '2027-09-17',
      'TIDAK_BERLAKU',
    ],
  ])('%s', (_case, events, today, phase) => {
    const state = replay(events);
    expect(accessPhase(state, today)).toBe(phase);
    expect(accessAllowed(state, today)).toBe(phase !== 'TIDAK_BERLAKU');
    // The status every page shows agrees with the phase.
    expect(effectiveStatus(state, today)).toBe(phase === 'TIDAK_BERLAKU' ? 'BERAKHIR' : 'AKTIF');
  });

  it('the addendum moves the end date and closes the extension period', () => {
    const state = replay([
      { kind: 'DIAJUKAN', on: '2027-07-01' },
      { kind: 'ADENDUM', endsOn: '2029-09-16' },
    ]);
    expect(state).toMatchObject({ endsOn: '2029-09-16', extensionPending: false });
  });

  it.each([
    ['a draft', { ...SIGNED, status: 'DRAFT' as const }],
    ['an ended agreement', { ...SIGNED, status: 'BERAKHIR' as const }],
    ['a revoked agreement', { ...SIGNED, status: 'DICABUT' as const }],
  ])('a timely request opens no extension period for %s', (_case, state) => {
    const after = afterExtensionEvent(state, { kind: 'DIAJUKAN', on: '2027-07-01' });
    expect(after.extensionPending).toBe(false);
    expect(accessAllowed(after, '2027-10-01')).toBe(false);
  });

  it('lapses the day after the end date, unless a timely request keeps it in its extension period', () => {
    expect(lapsed(SIGNED, '2027-09-16')).toBe(false);
    expect(lapsed(SIGNED, '2027-09-17')).toBe(true);
    const timely = replay([{ kind: 'DIAJUKAN', on: '2027-07-16' }]);
    expect(lapsed(timely, '2027-09-17')).toBe(false);
    const late = replay([{ kind: 'DIAJUKAN', on: '2027-07-17' }]);
    expect(lapsed(late, '2027-09-17')).toBe(true);
    const refused = replay([{ kind: 'DIAJUKAN', on: '2027-07-16' }, { kind: 'DITOLAK' }]);
    expect(lapsed(refused, '2027-09-17')).toBe(true);
    // Only an agreement still recorded in force lapses: an ended one is already ended.
    expect(lapsed({ ...SIGNED, status: 'BERAKHIR' }, '2027-09-17')).toBe(false);
  });
});

describe('force majeure and the Director General letter: refused in Indonesian, by field', () => {
  it.each([
    ['a sound record', { occurredOn: '2026-11-01', description: 'Peraturan Presiden baru' }, []],
    [
      'an impossible date',
      { occurredOn: '2026-02-30', description: 'Peraturan Presiden baru' },
      [['tanggal', 'Tanggal keadaan kahar harus tanggal YYYY-MM-DD']],
    ],
    [
      'a future date',
      { occurredOn: '2026-12-01', description: 'Peraturan Presiden baru' },
      [['tanggal', 'Tanggal keadaan kahar tidak boleh sesudah hari ini']],
    ],
    [
      'before the signing',
      { occurredOn: '2025-01-01', description: 'Peraturan Presiden baru' },
      [['tanggal', 'Tanggal keadaan kahar tidak boleh sebelum penandatanganan PKS (2025-09-16)']],
    ],
    [
      'a description too short',
      { occurredOn: '2026-11-01', description: 'kebijakan' },
      [['uraian', 'Uraian kebijakan pemerintah yang menyebabkan keadaan kahar 10–1000 karakter']],
    ],
  ] as const)('%s', (_case, input, expected) => {
    expect(
      forceMajeureProblems(input, { signedOn: '2025-09-16' }, '2026-11-24').map((p) => [
        p.field,
        p.message,
      ]),
    ).toEqual(expected);
  });

  it.each([
    ['the letter of the first agreements', '400.8.1.2/8765/Dukcapil', '2025-07-25', []],
    ['no number', ' ', '2025-07-25', ['nomor']],
    ['no date', '400.8.1.2/8765/Dukcapil', '', ['tanggal']],
    ['a future date', '400.8.1.2/8765/Dukcapil', '2026-12-25', ['tanggal']],
  ] as const)('%s', (_case, nomor, tanggal, fields) => {
    expect(dgApprovalProblems({ nomor, tanggal }, '2026-11-24').map((p) => p.field)).toEqual(
      fields,
    );
  });
});
