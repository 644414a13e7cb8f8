import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  checkBandwidthPayload,
  checkExtensionPayload,
  checkMethodElementPayload,
  checkPocPayload,
  decisionProblems,
  letterProblems,
  needsAddendum,
  REQUEST_ACTIONS,
  REQUEST_KINDS,
  REQUEST_STATES,
  requiredAttachments,
  transition,
  type RequestAction,
  type RequestKind,
  type RequestState,
} from './requests.js';

const REVIEWED: [RequestState, RequestAction, RequestState][] = [
  ['DIAJUKAN', 'TELAAH', 'DITELAAH'],
  ['DIAJUKAN', 'TOLAK', 'DITOLAK'],
  ['DITELAAH', 'SETUJUI', 'DISETUJUI'],
  ['DITELAAH', 'TOLAK', 'DITOLAK'],
];

/** Every allowed step, written out by hand: anything not listed here must be refused. */
const ALLOWED: Record<RequestKind, [RequestState, RequestAction, RequestState][]> = {
  POC: [
    ['DIAJUKAN', 'JADWALKAN', 'DIJADWALKAN'],
    ['DIAJUKAN', 'TOLAK', 'DITOLAK'],
    ['DIJADWALKAN', 'JADWALKAN', 'DIJADWALKAN'],
    ['DIJADWALKAN', 'SETUJUI', 'DISETUJUI'],
    ['DIJADWALKAN', 'TOLAK', 'DITOLAK'],
  ],
  PERUBAHAN_USER_ID: REVIEWED,
  PERUBAHAN_METODE_ELEMEN: REVIEWED,
  BANDWIDTH: REVIEWED,
  PERPANJANGAN: REVIEWED,
};

const everyStep = REQUEST_KINDS.flatMap((kind) =>
  REQUEST_STATES.flatMap((from) => REQUEST_ACTIONS.map((action) => ({ kind, from, action }))),
);

describe('request state machine', () => {
  const allowed = everyStep.flatMap(({ kind, from, action }) => {
    const hit = ALLOWED[kind].find(([f, a]) => f === from && a === action);
    return hit ? [{ kind, from, action, to: hit[2] }] : [];
  });
  const refused = everyStep.filter(
    ({ kind, from, action }) => !ALLOWED[kind].some(([f, a]) => f === from && a === action),
  );

  it('covers every kind × state × action', () => {
    expect(allowed.length + refused.length).toBe(5 * 5 * 4);
    expect(allowed).toHaveLength(5 + 4 * 4);
  });

  it.each(allowed)('$kind: $from --$action--> $to', ({ kind, from, action, to }) => {
    expect(transition(kind, from, action)).toEqual({ ok: true, to });
  });

  it.each(refused)('$kind: $from --$action--> refused', ({ kind, from, action }) => {
    const result = transition(kind, from, action);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/tidak (berlaku|dapat diubah)/);
  });

  it('says a decided request is final', () => {
    expect(transition('BANDWIDTH', 'DISETUJUI', 'TOLAK')).toEqual({
      ok: false,
      reason: 'Permohonan sudah disetujui; tidak dapat diubah lagi',
    });
  });

  it('offers the allowed actions only', () => {
    expect(allowedActions('POC', 'DIAJUKAN')).toEqual(['JADWALKAN', 'TOLAK']);
    expect(allowedActions('POC', 'DIJADWALKAN')).toEqual(['JADWALKAN', 'SETUJUI', 'TOLAK']);
    expect(allowedActions('PERPANJANGAN', 'DIAJUKAN')).toEqual(['TELAAH', 'TOLAK']);
    expect(allowedActions('PERPANJANGAN', 'DITELAAH')).toEqual(['SETUJUI', 'TOLAK']);
    expect(allowedActions('PERUBAHAN_USER_ID', 'DISETUJUI')).toEqual([]);
    expect(allowedActions('POC', 'DITOLAK')).toEqual([]);
  });
});

describe('decisionProblems', () => {
  const today = '2026-11-24';
  const review = {
    kind: 'BANDWIDTH' as const,
    state: 'DITELAAH' as const,
    scheduledOn: null,
    letterDate: '2026-11-20',
  };
  const answer = { nomor: '400.12/3001/2026', tanggal: '2026-11-24' };

  it.each([
    ['approval with an answer letter', review, { action: 'SETUJUI' as const, answer }, []],
    [
      'approval without an answer letter',
      review,
      { action: 'SETUJUI' as const },
      [
        'Nomor surat jawaban harus 3–100 karakter',
        'Tanggal surat jawaban harus tanggal YYYY-MM-DD',
      ],
    ],
    [
      'an answer dated before the request letter',
      review,
      { action: 'SETUJUI' as const, answer: { ...answer, tanggal: '2026-11-19' } },
      ['Tanggal surat jawaban tidak boleh sebelum tanggal surat permohonan'],
    ],
    [
      'an answer dated tomorrow',
      review,
      {
        action: 'TOLAK' as const,
        answer: { ...answer, tanggal: '2026-11-25' },
        reason: 'Kajian teknis belum lengkap',
      },
      ['Tanggal surat jawaban tidak boleh sesudah hari ini'],
    ],
    [
      'a rejection without a reason',
      review,
      { action: 'TOLAK' as const, answer },
      ['Alasan penolakan wajib diisi, sekurang-kurangnya 10 karakter'],
    ],
    [
      'a rejection with a reason',
      review,
      { action: 'TOLAK' as const, answer, reason: 'Surat tidak ditandatangani kepala dinas' },
      [],
    ],
    [
      'a PoC date in the past',
      { ...review, kind: 'POC' as const, state: 'DIAJUKAN' as const },
      { action: 'JADWALKAN' as const, scheduledOn: '2026-11-23' },
      ['Tanggal PoC tidak boleh sebelum hari ini'],
    ],
    [
      'a PoC date that is not a date',
      { ...review, kind: 'POC' as const, state: 'DIAJUKAN' as const },
      { action: 'JADWALKAN' as const, scheduledOn: '2026-02-30' },
      ['Tanggal PoC harus tanggal YYYY-MM-DD'],
    ],
    [
      'a PoC today',
      { ...review, kind: 'POC' as const, state: 'DIAJUKAN' as const },
      { action: 'JADWALKAN' as const, scheduledOn: today },
      [],
    ],
    [
      'a PoC result before the PoC was held',
      { ...review, kind: 'POC' as const, state: 'DIJADWALKAN' as const, scheduledOn: '2026-11-30' },
      { action: 'SETUJUI' as const, answer },
      ['Hasil PoC baru dapat dicatat pada atau sesudah tanggal PoC (2026-11-30)'],
    ],
    [
      'a PoC result on the day',
      { ...review, kind: 'POC' as const, state: 'DIJADWALKAN' as const, scheduledOn: today },
      { action: 'SETUJUI' as const, answer },
      [],
    ],
    [
      'a step the state machine refuses',
      { ...review, state: 'DIAJUKAN' as const },
      { action: 'SETUJUI' as const, answer },
      [
        'Tindakan "Setujui" tidak berlaku untuk permohonan Perubahan bandwidth yang berstatus Diajukan',
      ],
    ],
  ])('%s', (_label, request, input, expected) => {
    expect(decisionProblems(request, input, today)).toEqual(expected);
  });
});

describe('letters', () => {
  it.each([
    [{ nomor: '470/2004/2025', tanggal: '2026-11-24' }, []],
    [{ nomor: '47', tanggal: '2026-11-24' }, ['Nomor surat permohonan harus 3–100 karakter']],
    [
      { nomor: '470/1/2026', tanggal: '24-11-2026' },
      ['Tanggal surat permohonan harus tanggal YYYY-MM-DD'],
    ],
    [
      { nomor: '470/1/2026', tanggal: '2026-12-01' },
      ['Tanggal surat permohonan tidak boleh sesudah hari ini'],
    ],
    [
      {},
      [
        'Nomor surat permohonan harus 3–100 karakter',
        'Tanggal surat permohonan harus tanggal YYYY-MM-DD',
      ],
    ],
  ])('%j', (letter, expected) => {
    expect(letterProblems('surat permohonan', letter, '2026-11-24')).toEqual(expected);
  });
});

describe('payloads per kind', () => {
  it('PoC names the application under test', () => {
    expect(checkPocPayload({ namaAplikasi: '  SIMRS  RSUD ' })).toEqual({
      ok: true,
      value: { namaAplikasi: 'SIMRS RSUD', keterangan: '' },
    });
    expect(checkPocPayload({})).toEqual({
      ok: false,
      problems: ['Nama aplikasi yang diuji harus 3–100 karakter'],
    });
  });

  it('method/element change: known values only, in canonical order, never beyond the 8 elements', () => {
    expect(
      checkMethodElementPayload({
        metodeAkses: ['API', 'PORTAL'],
        elemenData: ['NAMA_LENGKAP', 'NIK'],
      }),
    ).toEqual({
      ok: true,
      value: { metodeAkses: ['PORTAL', 'API'], elemenData: ['NIK', 'NAMA_LENGKAP'] },
    });
    expect(checkMethodElementPayload({ metodeAkses: 'PORTAL', elemenData: 'NIK' })).toMatchObject({
      ok: true,
    });
    const bad = checkMethodElementPayload({
      metodeAkses: ['FAX'],
      elemenData: ['NIK', 'NAMA_IBU_KANDUNG'],
    });
    expect(bad).toEqual({
      ok: false,
      problems: [
        'Metode akses tidak dikenal: FAX',
        'Elemen data tidak dikenal: NAMA_IBU_KANDUNG (hanya 8 elemen SPEC yang dapat diberikan)',
      ],
    });
    expect(checkMethodElementPayload({ metodeAkses: [], elemenData: [] })).toEqual({
      ok: false,
      problems: [
        'Pilih sekurang-kurangnya satu metode akses',
        'Pilih sekurang-kurangnya satu elemen data',
      ],
    });
    expect(checkMethodElementPayload({ metodeAkses: ['API'], elemenData: ['NIK', 'NIK'] })).toEqual(
      {
        ok: false,
        problems: ['Metode akses dan elemen data tidak boleh berulang'],
      },
    );
  });

  it.each([
    ['2048', true],
    [2048, true],
    [64, true],
    [63, false],
    ['1,5', false],
    [1.5, false],
    [undefined, false],
    [10_000_001, false],
  ])('bandwidth %j → %s', (value, ok) => {
    expect(checkBandwidthPayload({ bandwidthKbps: value }).ok).toBe(ok);
  });

  it('extension moves the end date later', () => {
    expect(checkExtensionPayload({ berakhirBaru: '2029-09-16' }, '2027-09-16')).toEqual({
      ok: true,
      value: { berakhirBaru: '2029-09-16' },
    });
    expect(checkExtensionPayload({ berakhirBaru: '2027-09-16' }, '2027-09-16')).toEqual({
      ok: false,
      problems: ['Tanggal berakhir baru harus sesudah tanggal berakhir PKS saat ini (2027-09-16)'],
    });
    expect(checkExtensionPayload({ berakhirBaru: '16-09-2029' }, '2027-09-16').ok).toBe(false);
  });

  it('the method/element change and the bandwidth change require a technical study', () => {
    expect(REQUEST_KINDS.filter((kind) => requiredAttachments(kind).length > 0)).toEqual([
      'PERUBAHAN_METODE_ELEMEN',
      'BANDWIDTH',
    ]);
    expect(requiredAttachments('PERUBAHAN_METODE_ELEMEN')).toEqual(['KAJIAN_TEKNIS']);
    expect(requiredAttachments('BANDWIDTH')).toEqual(['KAJIAN_TEKNIS']);
  });

  it('only method/element changes and extensions need an addendum (bandwidth: the answer letter)', () => {
    expect(REQUEST_KINDS.filter(needsAddendum)).toEqual([
      'PERUBAHAN_METODE_ELEMEN',
      'PERPANJANGAN',
    ]);
  });
});
