import { describe, expect, it } from 'vitest';
import {
  actionsIn,
  CASE_ACTIONS,
  CASE_STATES,
  caseLookupPurpose,
  caseNumber,
  currentStep,
  GENERAL_KINDS,
  nextState,
  noteProblem,
  numberProblem,
  parseServiceKinds,
  prefilledReturnData,
  serviceKindsProblems,
  type CaseAction,
  type CaseState,
} from './service-case.js';
import type { DataBalikanSchema } from './data-balikan.js';

/** Every (state, action) pair and where it leads; anything not listed is refused. */
const ALLOWED: readonly [CaseState, CaseAction, CaseState][] = [
  ['TERBUKA', 'PERIKSA', 'DIPERIKSA'],
  ['TERBUKA', 'BATALKAN', 'DIBATALKAN'],
  ['DIPERIKSA', 'PERIKSA', 'DIPERIKSA'],
  ['DIPERIKSA', 'SESUAI', 'DISETUJUI'],
  ['DIPERIKSA', 'TIDAK_SESUAI', 'PERBAIKAN'],
  ['DIPERIKSA', 'BATALKAN', 'DIBATALKAN'],
  ['PERBAIKAN', 'CATAT_PERBAIKAN', 'DIPERBAIKI'],
  ['PERBAIKAN', 'BATALKAN', 'DIBATALKAN'],
  ['DIPERBAIKI', 'PERIKSA', 'DIPERIKSA'],
  ['DIPERBAIKI', 'BATALKAN', 'DIBATALKAN'],
  ['DISETUJUI', 'TERBITKAN', 'DITERBITKAN'],
  ['DISETUJUI', 'BATALKAN', 'DIBATALKAN'],
  ['DITERBITKAN', 'SERAHKAN', 'DISERAHKAN'],
  ['DISERAHKAN', 'KIRIM_DATA_BALIKAN', 'DATA_BALIKAN_TERKIRIM'],
  ['DATA_BALIKAN_TERKIRIM', 'TUTUP', 'SELESAI'],
];

describe('the service case state machine', () => {
  const table = CASE_STATES.flatMap((state) =>
    CASE_ACTIONS.map((action) => {
      const allowed = ALLOWED.find(([s, a]) => s === state && a === action);
      return { state, action, expected: allowed?.[2] };
    }),
  );

  it.each(table)('$state + $action → $expected', ({ state, action, expected }) => {
    expect(nextState(state, action)).toBe(expected);
  });

  it('lists the open actions of each state in the order of the flow', () => {
    expect(actionsIn('DIPERIKSA')).toEqual(['PERIKSA', 'SESUAI', 'TIDAK_SESUAI', 'BATALKAN']);
    expect(actionsIn('PERBAIKAN')).toEqual(['CATAT_PERBAIKAN', 'BATALKAN']);
    expect(actionsIn('SELESAI')).toEqual([]);
    expect(actionsIn('DIBATALKAN')).toEqual([]);
  });

  it('never re-checks a case waiting for the applicant’s correction (steps 8–9 first)', () => {
    expect(nextState('PERBAIKAN', 'PERIKSA')).toBeUndefined();
  });

  it('cannot be cancelled once the document is issued', () => {
    for (const state of ['DITERBITKAN', 'DISERAHKAN', 'DATA_BALIKAN_TERKIRIM'] as const) {
      expect(nextState(state, 'BATALKAN')).toBeUndefined();
    }
  });

  it.each([
    ['TERBUKA', 3],
    ['DIPERBAIKI', 3],
    ['DIPERIKSA', 4],
    ['PERBAIKAN', 4],
    ['DISETUJUI', 4],
    ['DITERBITKAN', 5],
    ['DISERAHKAN', 6],
    ['DATA_BALIKAN_TERKIRIM', 7],
  ] as const)('%s waits for step %i of Lampiran II', (state, step) => {
    expect(currentStep(state)).toBe(step);
  });
});

describe('what the officer types', () => {
  it.each([
    ['', 'Nomor permohonan wajib diisi'],
    ['   ', 'Nomor permohonan wajib diisi'],
    ['PRM/2026/0001', undefined],
    ['A'.repeat(41), 'Nomor permohonan paling banyak 40 karakter'],
    [
      '<script>',
      'Nomor permohonan hanya boleh berupa huruf, angka, spasi, titik, garis miring atau tanda hubung',
    ],
  ])('application number %j → %s', (value, problem) => {
    expect(numberProblem('Nomor permohonan', value, 40)).toBe(problem);
  });

  it.each([
    ['', 'Catatan wajib diisi (5–500 karakter)'],
    ['abc', 'Catatan wajib diisi (5–500 karakter)'],
    ['Akta kelahiran dilampirkan', undefined],
    ['Baris satu\nbaris dua', undefined],
    ['Ada\u0007lonceng', 'Catatan tidak boleh memuat karakter kendali'],
    ['x'.repeat(501), 'Catatan wajib diisi (5–500 karakter)'],
  ])('note %j → %s', (value, problem) => {
    expect(noteProblem('Catatan', value)).toBe(problem);
  });
});

const SCHEMA: DataBalikanSchema = {
  fields: [
    { key: 'nomor_perizinan_investasi', label: 'Nomor', required: true, maxLength: 60 },
    { key: 'jenis_perizinan_investasi', label: 'Jenis', required: true, maxLength: 60 },
  ],
  dueDays: 30,
};

describe('kinds of service per agreement', () => {
  it('falls back to one general kind when the agreement configures none', () => {
    expect(parseServiceKinds(null)).toBe(GENERAL_KINDS);
  });

  it('refuses a configuration naming fields the return-data schema lacks, in Indonesian', () => {
    const problems = serviceKindsProblems(
      [
        { code: 'NIB', label: 'NIB', documentLabel: 'Nomor NIB', returnField: 'nomor_nib' },
        { code: 'NIB', label: 'Izin', documentLabel: 'Nomor izin', extra: 1 },
        { code: 'x', label: '', documentLabel: 'Nomor' },
      ],
      SCHEMA,
    );
    expect(problems).toEqual([
      'Jenis layanan ke-1: kolom data balikan "nomor_nib" tidak ada pada skema',
      'Jenis layanan ke-2: kode "NIB" dipakai lebih dari sekali',
      'Jenis layanan ke-2: atribut "extra" tidak dikenal',
      'Jenis layanan ke-3: kode harus huruf besar, angka atau garis bawah (2–30 karakter)',
      'Jenis layanan ke-3: nama harus 3–80 karakter',
    ]);
    expect(serviceKindsProblems([], SCHEMA)).toEqual([
      'Jenis layanan harus berupa daftar berisi 1–50 jenis',
    ]);
  });

  it('prefills the return data with the issued document and the kind’s fixed values', () => {
    const kind = {
      returnField: 'nomor_perizinan_investasi',
      returnValues: { jenis_perizinan_investasi: 'NIB', bukan_kolom: 'x' },
    };
    expect(prefilledReturnData(kind, '9120301234567', SCHEMA)).toEqual({
      nomor_perizinan_investasi: '9120301234567',
      jenis_perizinan_investasi: 'NIB',
    });
    expect(prefilledReturnData(undefined, '1', SCHEMA)).toEqual({
      nomor_perizinan_investasi: '',
      jenis_perizinan_investasi: '',
    });
  });
});

describe('the case in the audit trail', () => {
  it('states the case number first in the lookup’s purpose', () => {
    const number = caseNumber('DINKES', 2026, 42);
    expect(number).toBe('LYN/DINKES/2026/00042');
    expect(
      caseLookupPurpose({
        caseNumber: number,
        kindLabel: 'Pendaftaran peserta JKN',
        applicationNumber: 'PRM-7',
      }),
    ).toBe('Layanan LYN/DINKES/2026/00042: Pendaftaran peserta JKN, permohonan PRM-7');
  });

  it('fits the longest case in the purpose the audit trail accepts', () => {
    const purpose = caseLookupPurpose({
      caseNumber: caseNumber('A'.repeat(20), 2026, 99999),
      kindLabel: 'K'.repeat(80),
      applicationNumber: 'P'.repeat(40),
    });
    expect(purpose.length).toBeLessThanOrEqual(200);
  });
});
