import {
  checklist,
  EVALUATION_ADMIN_ACTIONS,
  type EvaluationKind,
} from '../../domain/evaluation.js';
import { wibDay } from '../../domain/time.js';
import { reportPeriodProblem } from '../../domain/usage-report.js';
import { isIsoDate } from '../../domain/working-days.js';
import { recordAdminAction } from '../../store/admin-actions.js';
import {
  findAgreementForEvaluation,
  findSubmittedReport,
  insertEvaluation,
  insertEvaluationEvent,
} from '../../store/evaluations.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';
import { invalid, requirePermission, type Evaluator } from './access.js';
import { evaluationFacts } from './facts.js';
import { target } from './steps.js';

/*
 * Starting Dukcapil's evaluation of an agency (issue 10 item 3): from a submitted usage
 * report, or ad hoc for any agreement and period; a draft whose data answers follow the
 * records (facts.ts).
 */

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
