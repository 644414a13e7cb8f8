import { describe, expect, it } from 'vitest';
import {
  checklist,
  CHECK_ITEM_DEFINITIONS,
  CHECK_ITEMS,
  dataAnswers,
  EVALUATION_ACTIONS,
  EVALUATION_STATES,
  evaluationActionsIn,
  finalisationProblems,
  FOLLOW_UPS,
  nextEvaluationState,
  scoreOf,
  type EvaluationAction,
  type EvaluationFacts,
  type EvaluationState,
  type FollowUp,
} from './evaluation.js';
import { parseDgFormat, reportStatusOf, DEFAULT_DG_FORMAT } from './dg-report.js';

/** Every allowed (state, action, follow-up) → state; everything else is refused. */
const ALLOWED: readonly [EvaluationState, EvaluationAction, FollowUp | '*', EvaluationState][] = [
  ['DRAFT', 'SIMPAN', '*', 'DRAFT'],
  ['DRAFT', 'BATALKAN', '*', 'DIBATALKAN'],
  ['DRAFT', 'FINALKAN', 'TIDAK_ADA', 'FINAL'],
  ['DRAFT', 'FINALKAN', 'SURAT_TEGURAN', 'TEGURAN_DISIAPKAN'],
  ['DRAFT', 'FINALKAN', 'USUL_PENCABUTAN', 'USUL_PENCABUTAN'],
  ['TEGURAN_DISIAPKAN', 'CATAT_TEGURAN', 'SURAT_TEGURAN', 'TEGURAN_TERKIRIM'],
  ['USUL_PENCABUTAN', 'KONFIRMASI_PENCABUTAN', 'USUL_PENCABUTAN', 'PKS_DICABUT'],
  ['USUL_PENCABUTAN', 'TOLAK_PENCABUTAN', 'USUL_PENCABUTAN', 'USUL_DITOLAK'],
];

function expected(
  state: EvaluationState,
  action: EvaluationAction,
  followUp: FollowUp,
): EvaluationState | undefined {
  return ALLOWED.find(
    ([s, a, f]) => s === state && a === action && (f === '*' || f === followUp),
  )?.[3];
}

describe('evaluation state machine', () => {
  for (const state of EVALUATION_STATES) {
    for (const action of EVALUATION_ACTIONS) {
      for (const followUp of FOLLOW_UPS) {
        const want = expected(state, action, followUp);
        it(`${state} —${action} (${followUp})→ ${want ?? 'refused'}`, () => {
          expect(nextEvaluationState(state, action, followUp)).toBe(want);
        });
      }
    }
  }

  it('offers no action in the closed states', () => {
    for (const state of [
      'DIBATALKAN',
      'FINAL',
      'TEGURAN_TERKIRIM',
      'PKS_DICABUT',
      'USUL_DITOLAK',
    ] as const) {
      for (const followUp of FOLLOW_UPS) expect(evaluationActionsIn(state, followUp)).toEqual([]);
    }
  });
});

const CLEAN: EvaluationFacts = {
  returnData: { applicable: true, dueDays: 7, accessed: 40, returned: 39, pending: 1, overdue: 0 },
  alerts: { total: 0, unresolved: 0, holdsKept: 0 },
  deadlines: { met: 1, metLate: 0, missed: 0 },
  users: { active: 3, missingDocuments: [] },
  iso: { dueOn: '2026-07-05', receivedOn: '2026-06-30', late: false },
};

describe('checklist answered from the records', () => {
  it('answers each data item by its rule and leaves the evaluator items open', () => {
    const answers = dataAnswers(CLEAN);
    expect(answers.DATA_BALIKAN.answer).toBe('YA');
    expect(answers.POLA_AKSES.answer).toBe('YA');
    expect(answers.TENGGAT.answer).toBe('YA');
    expect(answers.NDA_SPTJM.answer).toBe('YA');
    expect(answers.ISO_27001.answer).toBe('YA');
    expect(answers.TUJUAN.answer).toBeNull();
    expect(answers.KERAHASIAAN.answer).toBeNull();
    expect(answers.PENGAMANAN.answer).toBeNull();
  });

  it('fails return data below the share of what is due, and not before anything is due', () => {
    const low = dataAnswers({
      ...CLEAN,
      returnData: { ...CLEAN.returnData, returned: 18, overdue: 2, pending: 20 },
    });
    expect(low.DATA_BALIKAN.answer).toBe('TIDAK');
    expect(low.DATA_BALIKAN.basis).toContain('18 dari 20');
    const nothingDue = dataAnswers({
      ...CLEAN,
      returnData: { ...CLEAN.returnData, returned: 0, overdue: 0, pending: 40 },
    });
    expect(nothingDue.DATA_BALIKAN.answer).toBe('YA');
    expect(
      dataAnswers({ ...CLEAN, returnData: { ...CLEAN.returnData, applicable: false } }).DATA_BALIKAN
        .answer,
    ).toBe('TIDAK_BERLAKU');
  });

  it('leaves alerts under review to the evaluator and fails a kept hold', () => {
    expect(
      dataAnswers({ ...CLEAN, alerts: { total: 2, unresolved: 1, holdsKept: 0 } }).POLA_AKSES
        .answer,
    ).toBeNull();
    expect(
      dataAnswers({ ...CLEAN, alerts: { total: 2, unresolved: 0, holdsKept: 1 } }).POLA_AKSES
        .answer,
    ).toBe('TIDAK');
    expect(
      dataAnswers({ ...CLEAN, alerts: { total: 2, unresolved: 0, holdsKept: 0 } }).POLA_AKSES
        .answer,
    ).toBe('YA');
  });

  it('fails late or missed duties, users without documents and a late or missing certificate', () => {
    const bad = dataAnswers({
      ...CLEAN,
      deadlines: { met: 0, metLate: 1, missed: 0 },
      users: { active: 3, missingDocuments: ['operator.x'] },
      iso: { dueOn: '2026-07-05', receivedOn: null, late: false },
    });
    expect(bad.TENGGAT.answer).toBe('TIDAK');
    expect(bad.NDA_SPTJM.answer).toBe('TIDAK');
    expect(bad.NDA_SPTJM.basis).toContain('operator.x');
    expect(bad.ISO_27001.answer).toBe('TIDAK');
    expect(dataAnswers({ ...CLEAN, iso: null }).ISO_27001.answer).toBe('TIDAK_BERLAKU');
  });

  it('keeps the records answer even when the evaluator gives another', () => {
    const lines = checklist(CLEAN, { DATA_BALIKAN: { answer: 'TIDAK', note: 'catatan' } });
    const line = lines.find((l) => l.item === 'DATA_BALIKAN')!;
    expect(line).toMatchObject({ answer: 'YA', answeredBy: 'DATA', note: 'catatan' });
  });
});

describe('score and grade', () => {
  const all = (facts: EvaluationFacts, answer: 'YA' | 'TIDAK') =>
    checklist(facts, {
      TUJUAN: { answer, note: '' },
      KERAHASIAAN: { answer: 'YA', note: '' },
      PENGAMANAN: { answer: 'YA', note: '' },
    });

  it('weights add up to 100', () => {
    expect(CHECK_ITEMS.reduce((n, i) => n + CHECK_ITEM_DEFINITIONS[i].weight, 0)).toBe(100);
  });

  it('gives no score while an item is open', () => {
    const score = scoreOf(checklist(CLEAN, {}));
    expect(score.score).toBeNull();
    expect(score.unanswered).toEqual(['TUJUAN', 'KERAHASIAAN', 'PENGAMANAN']);
  });

  it('scores the weight met over the weight that applies; a critical failure caps at C', () => {
    expect(scoreOf(all(CLEAN, 'YA'))).toMatchObject({
      score: 100,
      grade: 'A',
      recommended: 'TIDAK_ADA',
    });
    // TUJUAN (10, critical) fails: 90 → A by the score, capped at C.
    expect(scoreOf(all(CLEAN, 'TIDAK'))).toMatchObject({
      score: 90,
      grade: 'C',
      recommended: 'SURAT_TEGURAN',
      criticalFailed: ['TUJUAN'],
    });
    // No return-data schema and no certificate due: 70 weight applies.
    const partial = { ...CLEAN, returnData: { ...CLEAN.returnData, applicable: false }, iso: null };
    const lines = all(
      {
        ...partial,
        deadlines: { met: 0, metLate: 0, missed: 1 },
        users: { active: 2, missingDocuments: ['a'] },
      },
      'TIDAK',
    );
    // Met: POLA_AKSES 15 + KERAHASIAAN 10 + PENGAMANAN 5 = 30 of 70 → 43 → D.
    expect(scoreOf(lines)).toMatchObject({ score: 43, grade: 'D', recommended: 'USUL_PENCABUTAN' });
  });

  it('asks for every answer, findings, recommendations and a follow-up before finalising', () => {
    const problems = finalisationProblems({
      lines: checklist(CLEAN, {}),
      findings: '',
      recommendations: 'ok',
      followUp: null,
    });
    expect(problems.map((p) => p.field)).toEqual([
      'jawaban_TUJUAN',
      'jawaban_KERAHASIAAN',
      'jawaban_PENGAMANAN',
      'temuan',
      'rekomendasi',
      'tindakLanjut',
    ]);
  });
});

describe('DG report format and report status', () => {
  it('reads sections in their order, with titles, and refuses unknown or repeated ones', () => {
    expect(
      parseDgFormat({ sections: ['HASIL_EVALUASI', { code: 'RINGKASAN', title: 'Ikhtisar' }] }),
    ).toEqual({
      format: {
        sections: [
          { code: 'HASIL_EVALUASI', title: 'Hasil Evaluasi' },
          { code: 'RINGKASAN', title: 'Ikhtisar' },
        ],
      },
    });
    expect(parseDgFormat({ sections: ['X'] })).toHaveProperty('problem');
    expect(parseDgFormat({ sections: ['RINGKASAN', 'RINGKASAN'] })).toHaveProperty('problem');
    expect(parseDgFormat({ sections: [] })).toHaveProperty('problem');
    expect(parseDgFormat([])).toHaveProperty('problem');
    expect(DEFAULT_DG_FORMAT.sections.map((s) => s.code)).toEqual([
      'RINGKASAN',
      'STATUS_LAPORAN',
      'ANGKA_INSTANSI',
      'HASIL_EVALUASI',
      'TINDAK_LANJUT',
    ]);
  });

  it('reads on time, late, missing and not yet due from the semester deadline', () => {
    const f = { on: '2027-01-10', reference: 'x', documentId: null };
    expect(reportStatusOf({ status: 'TERPENUHI', fulfilment: { ...f, late: false } })).toBe(
      'TEPAT_WAKTU',
    );
    expect(reportStatusOf({ status: 'TERPENUHI', fulfilment: { ...f, late: true } })).toBe(
      'TERLAMBAT',
    );
    expect(reportStatusOf({ status: 'TERLAMBAT', fulfilment: null })).toBe('TIDAK_ADA');
    expect(reportStatusOf({ status: 'SEGERA', fulfilment: null })).toBe('BELUM_JATUH_TEMPO');
  });
});
