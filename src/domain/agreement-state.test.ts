import { describe, expect, it } from 'vitest';
import {
  addendumProblems,
  agreementRecordProblems,
  DUKCAPIL_PARTY,
  reasonProblem,
  type AgreementRecord,
} from './agreement-record.js';
import {
  activationProblems,
  AGREEMENT_ACTIONS,
  AGREEMENT_STATUSES,
  allowedActions,
  effectiveStatus,
  isFinal,
  transitionRefusal,
  TRANSITIONS,
  type AgreementAction,
  type AgreementStatus,
} from './agreement-state.js';
import { ELEMENTS } from './elements.js';

/** Every (status, action) pair: the action's outcome, or the refusal it must give. */
const EXPECTED: Record<AgreementStatus, Record<AgreementAction, AgreementStatus | RegExp>> = {
  DRAFT: {
    edit: 'DRAFT',
    activate: 'AKTIF',
    cancel: 'BATAL',
    amend: /^PKS tidak dapat diubah dengan adendum: PKS masih berupa draf dan belum berlaku$/,
    end: /^PKS tidak dapat diakhiri: PKS masih berupa draf/,
    revoke: /^PKS tidak dapat dicabut: PKS masih berupa draf/,
  },
  AKTIF: {
    edit: /^PKS tidak dapat diubah: PKS yang berlaku hanya dapat diubah melalui adendum$/,
    activate: /^PKS tidak dapat diberlakukan: PKS sudah berlaku$/,
    cancel: /^PKS tidak dapat dibatalkan: PKS yang berlaku diakhiri atau dicabut/,
    amend: 'AKTIF',
    end: 'BERAKHIR',
    revoke: 'DICABUT',
  },
  BERAKHIR: {
    edit: /telah berakhir; statusnya final/,
    activate: /telah berakhir; statusnya final/,
    cancel: /telah berakhir; statusnya final/,
    amend: /^PKS tidak dapat diubah dengan adendum: PKS telah berakhir/,
    end: /^PKS tidak dapat diakhiri: PKS telah berakhir/,
    revoke: /^PKS tidak dapat dicabut: PKS telah berakhir/,
  },
  DICABUT: {
    edit: /telah dicabut; statusnya final/,
    activate: /telah dicabut; statusnya final/,
    cancel: /telah dicabut; statusnya final/,
    amend: /telah dicabut; statusnya final/,
    end: /telah dicabut; statusnya final/,
    revoke: /^PKS tidak dapat dicabut: PKS telah dicabut/,
  },
  BATAL: {
    edit: /draf PKS telah dibatalkan; statusnya final/,
    activate: /draf PKS telah dibatalkan/,
    cancel: /draf PKS telah dibatalkan/,
    amend: /draf PKS telah dibatalkan/,
    end: /draf PKS telah dibatalkan/,
    revoke: /draf PKS telah dibatalkan/,
  },
};

describe('agreement state machine', () => {
  const cases = AGREEMENT_STATUSES.flatMap((status) =>
    AGREEMENT_ACTIONS.map((action) => [status, action, EXPECTED[status][action]] as const),
  );

  it.each(cases)('%s → %s: %s', (status, action, expected) => {
    const refusal = transitionRefusal(action, status);
    if (typeof expected === 'string') {
      expect(refusal).toBeUndefined();
      expect(TRANSITIONS[action].to).toBe(expected);
    } else {
      expect(refusal).toMatch(expected);
    }
  });

  it('covers every status and action in the expectations', () => {
    expect(cases).toHaveLength(AGREEMENT_STATUSES.length * AGREEMENT_ACTIONS.length);
  });

  it('requires a reason for every action that closes, cancels or amends', () => {
    const withReason = AGREEMENT_ACTIONS.filter((action) => TRANSITIONS[action].reasonRequired);
    expect(withReason).toEqual(['cancel', 'amend', 'end', 'revoke']);
  });

  it('offers per status only the allowed actions; ended, revoked and cancelled are final', () => {
    expect(allowedActions('DRAFT')).toEqual(['edit', 'activate', 'cancel']);
    expect(allowedActions('AKTIF')).toEqual(['amend', 'end', 'revoke']);
    for (const status of ['BERAKHIR', 'DICABUT', 'BATAL'] as const) {
      expect(allowedActions(status)).toEqual([]);
      expect(isFinal(status)).toBe(true);
    }
    expect(isFinal('DRAFT')).toBe(false);
    expect(isFinal('AKTIF')).toBe(false);
  });

  it.each([
    ['AKTIF', '2027-09-16', '2027-09-16', 'AKTIF'],
    ['AKTIF', '2027-09-16', '2027-09-17', 'BERAKHIR'],
    ['DRAFT', '2020-01-01', '2027-09-17', 'DRAFT'],
    ['DICABUT', '2027-09-16', '2027-09-17', 'DICABUT'],
    ['BATAL', '2020-01-01', '2027-09-17', 'BATAL'],
  ] as const)('an agreement %s ending %s counts on %s as %s', (status, endsOn, today, expected) => {
    expect(effectiveStatus({ status, endsOn }, today)).toBe(expected);
  });

  it('refuses every action on an agreement in force past its end date, as ended', () => {
    const status = effectiveStatus({ status: 'AKTIF', endsOn: '2026-11-23' }, '2026-11-24');
    for (const action of AGREEMENT_ACTIONS) {
      expect(transitionRefusal(action, status)).toMatch(/telah berakhir/);
    }
  });

  it.each([
    ['2025-09-16', '2027-09-16', '2026-11-24', []],
    ['2026-11-24', '2027-09-16', '2026-11-24', []],
    ['2026-11-25', '2027-09-16', '2026-11-24', ['Tanggal penandatanganan (2026-11-25) belum tiba']],
    [
      '2024-01-01',
      '2026-11-23',
      '2026-11-24',
      ['Tanggal berakhir (2026-11-23) telah lewat; buat PKS baru'],
    ],
  ] as const)('activation signed %s ending %s on %s', (signedOn, endsOn, today, expected) => {
    expect(activationProblems({ signedOn, endsOn }, today)).toEqual(expected);
  });
});

const RECORD: AgreementRecord = {
  nomorDukcapil: '400.12/2427/2025',
  nomorInstansi: '470/2004/2025',
  nomorJuknis: '400.12/2436/2025',
  signedOn: '2025-09-16',
  endsOn: '2027-09-16',
  purpose: 'Verifikasi dan validasi data peserta JKN',
  grantedElements: [...ELEMENTS],
  accessMethods: ['PORTAL', 'API'],
  accessPoints: ['10.10.0.67'],
  bandwidthKbps: 1000,
  quotaStage: 'PRA_POC',
  firstPartyName: DUKCAPIL_PARTY.name,
  firstPartyHeadTitle: DUKCAPIL_PARTY.headTitle,
  firstPartyHeadName: null,
  secondPartyName: 'Dinas Kesehatan Kabupaten Purbalingga',
  secondPartyHeadTitle: 'Kepala Dinas Kesehatan Kabupaten Purbalingga',
  secondPartyHeadName: null,
};

describe('agreement record', () => {
  it('accepts the DINKES agreement as signed', () => {
    expect(agreementRecordProblems(RECORD)).toEqual([]);
  });

  it.each([
    [{ nomorDukcapil: 'x' }, 'Nomor PKS Dukcapil 3–60 karakter'],
    [{ nomorJuknis: '1' }, 'Nomor petunjuk teknis 3–60 karakter'],
    [{ purpose: '' }, 'Maksud dan tujuan 3–500 karakter'],
    [{ bandwidthKbps: 10 }, 'Bandwidth harus bilangan bulat 64–10.000.000 kbps'],
    [{ bandwidthKbps: 1.5 }, 'Bandwidth harus bilangan bulat 64–10.000.000 kbps'],
    [{ quotaStage: 'BEBAS' }, 'Tahap kuota tidak dikenal: BEBAS (yang sah: PRA_POC, PASCA_POC)'],
    [{ secondPartyHeadTitle: ' ' }, 'Jabatan pimpinan PIHAK KEDUA 3–200 karakter'],
    [{ firstPartyHeadName: 'A' }, 'Nama pimpinan PIHAK KESATU 3–120 karakter'],
    [{ endsOn: '2025-09-01' }, 'Tanggal berakhir harus sesudah tanggal penandatanganan'],
    [{ accessPoints: ['10.10.0.300'] }, 'Alamat IP titik akses tidak sah: 10.10.0.300'],
  ] as const)('refuses %j: %s', (change, problem) => {
    expect(agreementRecordProblems({ ...RECORD, ...change })).toContain(problem);
  });

  const letter = { nomor: '400.12/0001/2027', tanggal: '2026-11-20' };
  it.each([
    ['an extension with its addendum', { endsOn: '2029-09-16' }, letter, []],
    ['a passed PoC without an addendum', { quotaStage: 'PASCA_POC' }, null, []],
    [
      'nothing changed',
      { endsOn: RECORD.endsOn, grantedElements: [...ELEMENTS].reverse() },
      letter,
      ['Perubahan tidak mengubah satu pun ketentuan PKS'],
    ],
    [
      'an earlier end date',
      { endsOn: '2027-01-01' },
      letter,
      [
        'Perpanjangan harus sesudah tanggal berakhir saat ini (2027-09-16); untuk mengakhiri PKS gunakan Akhiri',
      ],
    ],
    [
      'an extension without its addendum',
      { endsOn: '2029-09-16' },
      null,
      ['Perubahan selain tahap kuota dan bandwidth memerlukan nomor dan tanggal adendum'],
    ],
    [
      'an addendum dated after today',
      { bandwidthKbps: 2000 },
      { nomor: '400.12/0001/2027', tanggal: '2026-12-01' },
      ['Tanggal adendum belum tiba'],
    ],
    [
      'an addendum dated before the signing',
      { bandwidthKbps: 2000 },
      { nomor: '400.12/0001/2027', tanggal: '2025-01-01' },
      ['Tanggal adendum tidak boleh sebelum tanggal penandatanganan PKS'],
    ],
    [
      'an addendum without a number',
      { accessMethods: ['PORTAL'] },
      { nomor: ' ', tanggal: '2026-11-20' },
      ['Nomor adendum 3–60 karakter'],
    ],
  ] as const)('addendum: %s', (_name, change, addendum, expected) => {
    expect(addendumProblems(RECORD, change, addendum, '2026-11-24')).toEqual(expected);
  });

  it.each([
    [undefined, 'Alasan wajib diisi'],
    ['   ', 'Alasan wajib diisi'],
    ['abc', 'Alasan 5–1000 karakter'],
    ['Kesepakatan para pihak', undefined],
  ])('reason %j', (reason, expected) => {
    expect(reasonProblem(reason)).toBe(expected);
  });
});
