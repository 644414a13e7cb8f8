import {
  answerProblems,
  checklist,
  CHECK_ITEMS,
  finalisationProblems,
  isAnswer,
  isFollowUp,
  scoreOf,
  TEXT_MAX,
  type Answer,
  type ChecklistLine,
  type CheckItem,
  type EvaluationFacts,
  type EvaluationState,
  type EvaluatorAnswers,
  type FollowUp,
} from '../../domain/evaluation.js';
import type { FieldError } from '../../domain/refusals.js';
import type { EvaluationRow } from '../../store/evaluations.js';
import type { Deps } from '../deps.js';
import {
  invalid,
  loadEvaluation,
  requiredNote,
  requirePermission,
  type Evaluator,
} from './access.js';
import { evaluationFacts } from './facts.js';
import { lockedFor, move } from './steps.js';

/*
 * An evaluation's draft (issue 10 item 3): the checklist answered (the data answers follow the
 * records each time it is saved), findings, recommendations and follow-up; finalised (facts,
 * checklist and score frozen, the follow-up's state next) or dropped with why.
 */

export interface DraftInput {
  readonly answers: Readonly<Partial<Record<CheckItem, { answer: string; note: string }>>>;
  readonly findings: string;
  readonly recommendations: string;
  /** '' while not chosen. */
  readonly followUp: string;
}

interface CheckedDraft {
  readonly answers: EvaluatorAnswers;
  readonly facts: EvaluationFacts;
  readonly lines: readonly ChecklistLine[];
  readonly findings: string;
  readonly recommendations: string;
  readonly followUp: FollowUp | null;
  readonly fields: FieldError[];
}

async function checkDraft(
  deps: Deps,
  row: EvaluationRow,
  input: DraftInput,
): Promise<CheckedDraft> {
  const fields: FieldError[] = [];
  const answers: Partial<Record<CheckItem, { answer: Answer | null; note: string }>> = {};
  for (const item of CHECK_ITEMS) {
    const given = input.answers[item];
    if (!given) continue;
    const value = given.answer.trim();
    if (value !== '' && !isAnswer(value)) {
      fields.push({ field: `jawaban_${item}`, message: 'Jawaban tidak dikenal' });
      continue;
    }
    answers[item] = { answer: value === '' ? null : value, note: given.note.trim() };
  }
  const { facts } = await evaluationFacts(deps, row.agreement_id, row.period_start, row.period_end);
  for (const p of answerProblems(facts, answers)) {
    fields.push({ field: `jawaban_${p.item}`, message: p.message });
  }
  const findings = input.findings.trim();
  const recommendations = input.recommendations.trim();
  if (findings.length > TEXT_MAX) {
    fields.push({ field: 'temuan', message: `Temuan paling banyak ${TEXT_MAX} karakter` });
  }
  if (recommendations.length > TEXT_MAX) {
    fields.push({
      field: 'rekomendasi',
      message: `Rekomendasi paling banyak ${TEXT_MAX} karakter`,
    });
  }
  const followUpText = input.followUp.trim();
  let followUp: FollowUp | null = null;
  if (followUpText !== '') {
    if (isFollowUp(followUpText)) followUp = followUpText;
    else fields.push({ field: 'tindakLanjut', message: 'Tindak lanjut tidak dikenal' });
  }
  return {
    answers,
    facts,
    lines: checklist(facts, answers),
    findings,
    recommendations,
    followUp,
    fields,
  };
}

/** Saves a draft: the evaluator's answers and texts; the data answers follow the records now. */
export async function saveEvaluationDraft(
  deps: Deps,
  actor: Evaluator,
  id: number,
  input: DraftInput,
): Promise<void> {
  requirePermission(actor, 'evaluation.write');
  const row = await loadEvaluation(deps, id);
  const draft = await checkDraft(deps, row, input);
  if (draft.fields.length > 0) throw invalid(draft.fields);
  const now = deps.clock();
  await deps.db.transaction().execute(async (tx) => {
    const locked = await lockedFor(tx, id, 'SIMPAN');
    await move(
      tx,
      actor,
      locked.row,
      'SIMPAN',
      locked.to,
      now,
      recordedDraft(draft, draft.followUp),
      null,
    );
  });
}

/**
 * Finalises a draft with what the form holds: every item answered, findings, recommendations
 * and a follow-up; the facts, checklist and score are frozen; the follow-up's state follows
 * (domain/evaluation.ts).
 */
export async function finaliseEvaluation(
  deps: Deps,
  actor: Evaluator,
  id: number,
  input: DraftInput,
): Promise<EvaluationState> {
  requirePermission(actor, 'evaluation.write');
  const row = await loadEvaluation(deps, id);
  const draft = await checkDraft(deps, row, input);
  const fields = [
    ...draft.fields,
    ...finalisationProblems({
      lines: draft.lines,
      findings: draft.findings,
      recommendations: draft.recommendations,
      followUp: draft.followUp,
    }),
  ];
  if (fields.length > 0) throw invalid(fields);
  const followUp = draft.followUp!;
  const score = scoreOf(draft.lines);
  const now = deps.clock();
  return deps.db.transaction().execute(async (tx) => {
    const locked = await lockedFor(tx, id, 'FINALKAN', followUp);
    await move(
      tx,
      actor,
      locked.row,
      'FINALKAN',
      locked.to,
      now,
      { ...recordedDraft(draft, followUp), finalizedAt: now, finalizedBy: actor.id },
      null,
      { score: score.score, grade: score.grade, followUp, recommended: score.recommended },
    );
    return locked.to;
  });
}

/** What saving or finalising a draft writes: answers, facts, checklist, texts and the score. */
function recordedDraft(
  draft: Awaited<ReturnType<typeof checkDraft>>,
  followUp: Awaited<ReturnType<typeof checkDraft>>['followUp'],
) {
  const score = scoreOf(draft.lines);
  return {
    answers: draft.answers,
    facts: draft.facts,
    checklist: draft.lines,
    findings: draft.findings,
    recommendations: draft.recommendations,
    followUp,
    score: score.score,
    grade: score.grade,
  };
}

/** Drops a draft (it stays on record, with why). */
export async function cancelEvaluation(
  deps: Deps,
  actor: Evaluator,
  id: number,
  reason: string,
): Promise<void> {
  requirePermission(actor, 'evaluation.write');
  const why = requiredNote(reason, 'alasan', 'Alasan pembatalan');
  const now = deps.clock();
  await deps.db.transaction().execute(async (tx) => {
    const { row, to } = await lockedFor(tx, id, 'BATALKAN');
    await move(tx, actor, row, 'BATALKAN', to, now, {}, why);
  });
}
