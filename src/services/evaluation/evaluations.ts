import type { Actor } from '../../domain/actor.js';
import {
  answerProblems,
  checklist,
  CHECK_ITEMS,
  EVALUATION_ACTION_LABELS,
  EVALUATION_ADMIN_ACTIONS,
  EVALUATION_STATE_LABELS,
  evaluationActionsIn,
  finalisationProblems,
  isAnswer,
  isEvaluationState,
  isFollowUp,
  nextEvaluationState,
  REASON_MIN,
  scoreOf,
  TEXT_MAX,
  type Answer,
  type ChecklistLine,
  type CheckItem,
  type EvaluationAction,
  type EvaluationFacts,
  type EvaluationKind,
  type EvaluationState,
  type EvaluatorAnswers,
  type FollowUp,
  type Score,
} from '../../domain/evaluation.js';
import { can, type Permission } from '../../domain/permissions.js';
import type { FieldError } from '../../domain/refusals.js';
import { wibDay } from '../../domain/time.js';
import { reportPeriodProblem } from '../../domain/usage-report.js';
import { isIsoDate } from '../../domain/working-days.js';
import { recordAdminAction } from '../../store/admin-actions.js';
import type { Executor } from '../../store/db.js';
import {
  evaluationEvents,
  findAgreementForEvaluation,
  findEvaluation,
  findSubmittedReport,
  insertEvaluation,
  insertEvaluationEvent,
  lockEvaluation,
  updateEvaluation,
  type EvaluationChange,
  type EvaluationRow,
} from '../../store/evaluations.js';
import { revokeAgreement } from '../agreements/agreement-lifecycle.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';
import type { ReportFigures } from '../reports/figures.js';
import { evaluationFacts } from './facts.js';

/*
 * Dukcapil's evaluation of an agency (issue 10 item 3): started from a submitted usage report
 * or ad hoc for any agreement and period; a draft whose data answers follow the records each
 * time it is saved; finalised with findings, recommendations, score and follow-up (frozen
 * then); and the follow-up's steps — a warning letter recorded as sent, a revocation proposal
 * confirmed (the agreement's own revocation cascade: agreement-lifecycle.ts revokeAgreement)
 * or not. Each step: row lock, the state table (domain/evaluation.ts), history and admin
 * trail in one transaction.
 */

export type Evaluator = Pick<Actor, 'id' | 'role'>;

function requirePermission(actor: Pick<Actor, 'role'>, permission: Permission): void {
  // Evaluations are Dukcapil's: to anyone else they do not exist.
  if (!can(actor.role, 'evaluation.view'))
    throw new Refusal('TIDAK_ADA', 'Halaman tidak ditemukan');
  if (!can(actor.role, permission)) throw new Refusal('TIDAK_BERWENANG');
}

function invalid(fields: readonly FieldError[]): Refusal {
  return new Refusal('PERMINTAAN_TIDAK_VALID', fields.map((f) => f.message).join('; '), {
    fields,
  });
}

const target = (row: Pick<EvaluationRow, 'id' | 'nomor_dukcapil'>) =>
  `Evaluasi #${row.id} PKS ${row.nomor_dukcapil}`;

// ---- Reading ----------------------------------------------------------------------------------

export interface EvaluationView {
  readonly id: number;
  readonly kind: EvaluationKind;
  readonly agency: { readonly id: number; readonly code: string; readonly name: string };
  readonly agreement: {
    readonly id: number;
    readonly nomorDukcapil: string;
    readonly status: string;
  };
  readonly usageReportId: number | null;
  readonly semester: string | null;
  readonly period: { readonly from: string; readonly to: string };
  readonly state: EvaluationState;
  readonly stateLabel: string;
  readonly followUp: FollowUp | null;
  readonly answers: EvaluatorAnswers;
  readonly facts: EvaluationFacts;
  readonly checklist: readonly ChecklistLine[];
  readonly score: Score;
  readonly findings: string;
  readonly recommendations: string;
  readonly createdAt: Date;
  readonly createdBy: string;
  readonly finalizedAt: Date | null;
  readonly finalizedBy: string | null;
  readonly warningLetter: { readonly number: string; readonly on: string } | null;
  readonly decision: { readonly at: Date; readonly note: string | null } | null;
  /** The actions open now (before the actor's permissions). */
  readonly actions: readonly EvaluationAction[];
}

function viewOf(row: EvaluationRow): EvaluationView {
  const state = isEvaluationState(row.state) ? row.state : 'DRAFT';
  const followUp = row.follow_up !== null && isFollowUp(row.follow_up) ? row.follow_up : null;
  const lines = row.checklist as ChecklistLine[];
  return {
    id: row.id,
    kind: row.kind as EvaluationKind,
    agency: { id: row.agency_id, code: row.agency_code, name: row.agency_name },
    agreement: {
      id: row.agreement_id,
      nomorDukcapil: row.nomor_dukcapil,
      status: row.agreement_status,
    },
    usageReportId: row.usage_report_id,
    semester: row.semester,
    period: { from: row.period_start, to: row.period_end },
    state,
    stateLabel: EVALUATION_STATE_LABELS[state],
    followUp,
    answers: row.answers as EvaluatorAnswers,
    facts: row.facts as EvaluationFacts,
    checklist: lines,
    score: scoreOf(lines),
    findings: row.findings,
    recommendations: row.recommendations,
    createdAt: row.created_at,
    createdBy: row.created_by_user,
    finalizedAt: row.finalized_at,
    finalizedBy: row.finalized_by_user,
    warningLetter:
      row.warning_letter_number !== null && row.warning_letter_on !== null
        ? { number: row.warning_letter_number, on: row.warning_letter_on }
        : null,
    decision: row.decided_at ? { at: row.decided_at, note: row.decision_note } : null,
    actions: evaluationActionsIn(state, followUp ?? 'TIDAK_ADA').filter(
      // FINALKAN leads to the follow-up's state; offered in a draft whatever is chosen yet.
      (a) => state === 'DRAFT' || a !== 'FINALKAN',
    ),
  };
}

export interface EvaluationDetail {
  readonly evaluation: EvaluationView;
  readonly history: readonly {
    readonly at: Date;
    readonly action: string;
    readonly label: string;
    readonly stateAfter: string;
    readonly note: string | null;
    readonly actor: string | null;
  }[];
  /** The period's figures as they are now (a draft's page shows them beside the checklist). */
  readonly figures: ReportFigures | null;
}

async function loadEvaluation(deps: Pick<Deps, 'db'>, id: number): Promise<EvaluationRow> {
  const row = Number.isSafeInteger(id) ? await findEvaluation(deps.db, id) : undefined;
  if (!row) throw new Refusal('TIDAK_DITEMUKAN', 'Evaluasi tidak ditemukan');
  return row;
}

export async function evaluationDetail(
  deps: Deps,
  actor: Pick<Actor, 'role'>,
  id: number,
  options: { withFigures?: boolean } = {},
): Promise<EvaluationDetail> {
  requirePermission(actor, 'evaluation.view');
  const row = await loadEvaluation(deps, id);
  const events = await evaluationEvents(deps.db, id);
  const figures =
    options.withFigures && row.state === 'DRAFT'
      ? (await evaluationFacts(deps, row.agreement_id, row.period_start, row.period_end)).figures
      : null;
  return {
    evaluation: viewOf(row),
    history: events.map((e) => ({
      at: e.at,
      action: e.action,
      label: EVALUATION_ACTION_LABELS[e.action as EvaluationAction | 'DIBUAT'] ?? e.action,
      stateAfter: EVALUATION_STATE_LABELS[e.state_after as EvaluationState] ?? e.state_after,
      note: e.note,
      actor: e.actor,
    })),
    figures,
  };
}

// ---- Starting ---------------------------------------------------------------------------------

async function start(
  deps: Deps,
  actor: Evaluator,
  input: {
    readonly agencyId: number;
    readonly agreementId: number;
    readonly nomorDukcapil: string;
    readonly kind: EvaluationKind;
    readonly usageReportId: number | null;
    readonly semester: string | null;
    readonly from: string;
    readonly to: string;
  },
): Promise<number> {
  const now = deps.clock();
  const { facts } = await evaluationFacts(deps, input.agreementId, input.from, input.to);
  const lines = checklist(facts, {});
  return deps.db.transaction().execute(async (tx) => {
    const id = await insertEvaluation(tx, {
      agencyId: input.agencyId,
      agreementId: input.agreementId,
      kind: input.kind,
      usageReportId: input.usageReportId,
      semester: input.semester,
      periodStart: input.from,
      periodEnd: input.to,
      answers: {},
      facts,
      checklist: lines,
      at: now,
      actorId: actor.id,
    });
    await insertEvaluationEvent(tx, {
      evaluationId: id,
      at: now,
      actorId: actor.id,
      action: 'DIBUAT',
      stateBefore: null,
      stateAfter: 'DRAFT',
      note: null,
      detail: { kind: input.kind, usageReportId: input.usageReportId },
    });
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId: input.agencyId,
      action: EVALUATION_ADMIN_ACTIONS.DIBUAT,
      target: target({ id, nomor_dukcapil: input.nomorDukcapil }),
      detail: {
        evaluationId: id,
        kind: input.kind,
        usageReportId: input.usageReportId,
        period: { from: input.from, to: input.to },
      },
    });
    return id;
  });
}

/**
 * Starts the evaluation of a submitted usage report (its current version), or gives the
 * draft already open for it. The evaluation's id.
 */
export async function startReportEvaluation(
  deps: Deps,
  actor: Evaluator,
  reportId: number,
): Promise<number> {
  requirePermission(actor, 'evaluation.write');
  const report = Number.isSafeInteger(reportId)
    ? await findSubmittedReport(deps.db, reportId)
    : undefined;
  if (!report) throw new Refusal('TIDAK_DITEMUKAN', 'Laporan tidak ditemukan');
  if (report.state !== 'DIKIRIM') {
    throw new Refusal(
      'KONFLIK',
      report.state === 'DIGANTI'
        ? 'Laporan ini telah diganti oleh koreksinya; evaluasi versi yang berlaku'
        : 'Hanya laporan yang sudah dikirim instansi yang dapat dievaluasi',
    );
  }
  const open = await deps.db
    .selectFrom('evaluation')
    .select('id')
    .where('usage_report_id', '=', report.id)
    .where('state', '=', 'DRAFT')
    .executeTakeFirst();
  if (open) return open.id;
  const agreement = (await findAgreementForEvaluation(deps.db, report.agreement_id))!;
  try {
    return await start(deps, actor, {
      agencyId: report.agency_id,
      agreementId: report.agreement_id,
      nomorDukcapil: agreement.nomor_dukcapil,
      kind: 'LAPORAN',
      usageReportId: report.id,
      semester: report.semester,
      from: report.period_start,
      to: report.period_end,
    });
  } catch (error) {
    // Two clicks at once: the one-draft-per-report index keeps one; give it.
    if ((error as { code?: unknown }).code !== '23505') throw error;
    const again = await deps.db
      .selectFrom('evaluation')
      .select('id')
      .where('usage_report_id', '=', report.id)
      .where('state', '=', 'DRAFT')
      .executeTakeFirst();
    if (!again) throw error;
    return again.id;
  }
}

/** Starts an ad-hoc evaluation of an agreement over a period of WIB days (both included). */
export async function startAdHocEvaluation(
  deps: Deps,
  actor: Evaluator,
  input: { readonly agreementId: number; readonly from: string; readonly to: string },
): Promise<number> {
  requirePermission(actor, 'evaluation.write');
  const agreement = Number.isSafeInteger(input.agreementId)
    ? await findAgreementForEvaluation(deps.db, input.agreementId)
    : undefined;
  if (!agreement || !['AKTIF', 'BERAKHIR', 'DICABUT'].includes(agreement.status)) {
    throw invalid([{ field: 'pks', message: 'Pilih PKS yang berlaku atau pernah berlaku' }]);
  }
  const from = input.from.trim();
  const to = input.to.trim();
  if (!isIsoDate(from) || !isIsoDate(to)) {
    throw invalid([{ field: 'dari', message: 'Tanggal awal dan akhir periode wajib diisi' }]);
  }
  // A period may reach past the agreement's dates (a semester it began in): the part in
  // force is what must make a period (ended, not too long, inside the agreement).
  const checked = reportPeriodProblem(
    {
      kind: 'SEWAKTU_WAKTU',
      from: from < agreement.signed_on && to >= agreement.signed_on ? agreement.signed_on : from,
      to: to > agreement.ends_on && from <= agreement.ends_on ? agreement.ends_on : to,
    },
    { signedOn: agreement.signed_on, endsOn: agreement.ends_on },
    wibDay(deps.clock()),
  );
  if ('problem' in checked) throw invalid([{ field: 'dari', message: checked.problem }]);
  return start(deps, actor, {
    agencyId: agreement.agency_id,
    agreementId: agreement.id,
    nomorDukcapil: agreement.nomor_dukcapil,
    kind: 'SEWAKTU_WAKTU',
    usageReportId: null,
    semester: semesterOfRange(from, to),
    from,
    to,
  });
}

/** YYYY-S1 / YYYY-S2 when the range is exactly one semester. */
function semesterOfRange(from: string, to: string): string | null {
  const year = from.slice(0, 4);
  if (to.slice(0, 4) !== year) return null;
  if (from.slice(5) === '01-01' && to.slice(5) === '06-30') return `${year}-S1`;
  if (from.slice(5) === '07-01' && to.slice(5) === '12-31') return `${year}-S2`;
  return null;
}

// ---- The draft ------------------------------------------------------------------------------

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

async function move(
  tx: Executor,
  actor: Evaluator,
  row: EvaluationRow,
  action: EvaluationAction,
  to: EvaluationState,
  at: Date,
  change: EvaluationChange,
  note: string | null,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await updateEvaluation(tx, row.id, at, { ...change, state: to });
  await insertEvaluationEvent(tx, {
    evaluationId: row.id,
    at,
    actorId: actor.id,
    action,
    stateBefore: row.state,
    stateAfter: to,
    note,
    detail,
  });
  await recordAdminAction(tx, {
    at,
    actorId: actor.id,
    agencyId: row.agency_id,
    action: EVALUATION_ADMIN_ACTIONS[action],
    target: target(row),
    reason: note,
    detail: { evaluationId: row.id, dari: row.state, ke: to, ...detail },
  });
}

/** Locks the row and checks the state table: the state the action leads to. */
async function lockedFor(
  tx: Executor,
  id: number,
  action: EvaluationAction,
  followUp?: FollowUp,
): Promise<{ row: EvaluationRow; to: EvaluationState }> {
  const row = await lockEvaluation(tx, id);
  if (!row) throw new Refusal('TIDAK_DITEMUKAN', 'Evaluasi tidak ditemukan');
  const state = row.state as EvaluationState;
  const chosen = followUp ?? (row.follow_up as FollowUp | null) ?? 'TIDAK_ADA';
  const to = nextEvaluationState(state, action, chosen);
  if (to === undefined) {
    throw new Refusal(
      'KONFLIK',
      `Evaluasi berstatus "${EVALUATION_STATE_LABELS[state]}" tidak dapat: ${EVALUATION_ACTION_LABELS[action].toLowerCase()}`,
    );
  }
  return { row, to };
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

function requiredNote(note: string, field: string, label: string): string {
  const text = note.trim();
  if (text.length < REASON_MIN || text.length > 1000) {
    throw invalid([{ field, message: `${label} wajib diisi (5–1000 karakter)` }]);
  }
  return text;
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

/** The warning letter of a final evaluation, recorded as sent: its number and date. */
export async function recordWarningLetter(
  deps: Deps,
  actor: Evaluator,
  id: number,
  letter: { readonly number: string; readonly on: string },
): Promise<void> {
  requirePermission(actor, 'evaluation.write');
  const number = letter.number.trim();
  const on = letter.on.trim();
  const today = wibDay(deps.clock());
  const fields: FieldError[] = [];
  if (number.length < 3 || number.length > 100) {
    fields.push({
      field: 'nomorSurat',
      message: 'Nomor surat teguran wajib diisi (3–100 karakter)',
    });
  }
  if (!isIsoDate(on)) fields.push({ field: 'tanggalSurat', message: 'Tanggal surat wajib diisi' });
  else if (on > today) {
    fields.push({ field: 'tanggalSurat', message: 'Tanggal surat tidak boleh sesudah hari ini' });
  }
  if (fields.length > 0) throw invalid(fields);
  const now = deps.clock();
  await deps.db.transaction().execute(async (tx) => {
    const { row, to } = await lockedFor(tx, id, 'CATAT_TEGURAN');
    if (on < wibDay(row.finalized_at!)) {
      throw invalid([
        { field: 'tanggalSurat', message: 'Tanggal surat tidak boleh sebelum evaluasi difinalkan' },
      ]);
    }
    await move(
      tx,
      actor,
      row,
      'CATAT_TEGURAN',
      to,
      now,
      { warningLetterNumber: number, warningLetterOn: on },
      `Surat teguran nomor ${number} tanggal ${on}`,
      { nomorSurat: number, tanggalSurat: on },
    );
  });
}

/**
 * Dukcapil confirms the revocation proposal: the agreement is revoked through its own
 * cascade (agreement-lifecycle.ts revokeAgreement: status DICABUT, every session and token of
 * the agency's users ended, card readers suspended, its history and admin trail) in the same
 * transaction as the evaluation's step, so both happen or neither.
 */
export async function confirmRevocation(
  deps: Deps,
  actor: Evaluator,
  id: number,
  note: string,
): Promise<{ revokedSessions: number }> {
  requirePermission(actor, 'evaluation.decide');
  const why = requiredNote(note, 'catatan', 'Dasar keputusan pencabutan');
  const now = deps.clock();
  return deps.db.transaction().execute(async (tx) => {
    const { row, to } = await lockedFor(tx, id, 'KONFIRMASI_PENCABUTAN');
    const revokedSessions = await revokeAgreement(
      tx,
      actor,
      row.agreement_id,
      `Dicabut berdasarkan evaluasi #${row.id} Dinas Dukcapil: ${why}`,
      now,
    );
    await move(
      tx,
      actor,
      row,
      'KONFIRMASI_PENCABUTAN',
      to,
      now,
      { decidedAt: now, decidedBy: actor.id, decisionNote: why },
      why,
      { agreementId: row.agreement_id, revokedSessions },
    );
    return { revokedSessions };
  });
}

/** Dukcapil does not take up the revocation proposal (with why); the agreement stays. */
export async function rejectRevocation(
  deps: Deps,
  actor: Evaluator,
  id: number,
  note: string,
): Promise<void> {
  requirePermission(actor, 'evaluation.decide');
  const why = requiredNote(note, 'catatan', 'Dasar keputusan');
  const now = deps.clock();
  await deps.db.transaction().execute(async (tx) => {
    const { row, to } = await lockedFor(tx, id, 'TOLAK_PENCABUTAN');
    await move(
      tx,
      actor,
      row,
      'TOLAK_PENCABUTAN',
      to,
      now,
      { decidedAt: now, decidedBy: actor.id, decisionNote: why },
      why,
    );
  });
}
