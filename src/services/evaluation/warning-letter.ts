import type { Actor } from '../../domain/actor.js';
import {
  CHECK_ITEM_DEFINITIONS,
  GRADE_LABELS,
  type ChecklistLine,
  type Grade,
} from '../../domain/evaluation.js';
import { can } from '../../domain/permissions.js';
import { wibDay } from '../../domain/time.js';
import { findAgencyById } from '../../store/agencies.js';
import { findEvaluation, warningLetterPdf, type EvaluationRow } from '../../store/evaluations.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';
import { renderWarningLetterPdf } from './warning-letter-pdf.js';

/*
 * The warning letter of an evaluation whose follow-up is one (issue 10 item 3): made from the
 * final evaluation's frozen record — as a draft while it is to be sent, numbered and dated
 * when Dukcapil records it sent (follow-up.ts keeps that PDF with the record) — and
 * downloaded by Dukcapil and by the head of the agency it is addressed to.
 */

/** The letter of a final evaluation: numbered and dated when `letter` is given, else a draft. */
export async function makeWarningLetter(
  deps: Pick<Deps, 'db'>,
  row: EvaluationRow,
  letter: { readonly number: string; readonly on: string } | null,
): Promise<Buffer> {
  const agency = await findAgencyById(deps.db, row.agency_id);
  const lines = row.checklist as ChecklistLine[];
  return renderWarningLetterPdf({
    letter,
    agency: {
      code: row.agency_code,
      name: row.agency_name,
      address: agency?.address ?? null,
      headTitle: agency?.head_title ?? null,
    },
    agreementNumber: row.nomor_dukcapil,
    evaluation: {
      id: row.id,
      from: row.period_start,
      to: row.period_end,
      finalizedOn: wibDay(row.finalized_at ?? row.updated_at),
      score: row.score,
      gradeLabel: row.grade === null ? null : (GRADE_LABELS[row.grade as Grade] ?? row.grade),
    },
    shortfalls: lines
      .filter((line) => line.answer === 'TIDAK')
      .map((line) => ({
        label: CHECK_ITEM_DEFINITIONS[line.item].label,
        basis: line.basis,
        note: line.note,
      })),
    findings: row.findings,
    recommendations: row.recommendations,
  });
}

export interface WarningLetterFile {
  readonly fileName: string;
  readonly content: Buffer;
}

/**
 * An evaluation's warning letter, for download. Dukcapil (evaluation.view): a draft without
 * number and date while the letter is to be sent (TEGURAN_DISIAPKAN), the letter as made when
 * recorded sent (TEGURAN_TERKIRIM). The head of the agency it is addressed to
 * (report.manageOwn): the sent letter only. Anyone else, or any other evaluation: not found.
 */
export async function warningLetterFile(
  deps: Pick<Deps, 'db'>,
  actor: Pick<Actor, 'role'> & { readonly agencyId?: number | null },
  id: number,
): Promise<WarningLetterFile> {
  const row = Number.isSafeInteger(id) ? await findEvaluation(deps.db, id) : undefined;
  const sent = row?.state === 'TEGURAN_TERKIRIM';
  const dukcapil = can(actor.role, 'evaluation.view') && row?.follow_up === 'SURAT_TEGURAN';
  const head =
    can(actor.role, 'report.manageOwn') &&
    actor.agencyId != null &&
    row?.agency_id === actor.agencyId;
  if (!row || !((dukcapil && (sent || row.state === 'TEGURAN_DISIAPKAN')) || (head && sent))) {
    throw new Refusal('TIDAK_DITEMUKAN', 'Surat teguran tidak ditemukan');
  }
  const base = `surat-teguran-evaluasi-${row.id}`;
  if (!sent)
    return { fileName: `${base}-draf.pdf`, content: await makeWarningLetter(deps, row, null) };
  // a letter recorded before migration 031 has no PDF kept: made from the record now
  const kept = await warningLetterPdf(deps.db, row.id);
  return {
    fileName: `${base}.pdf`,
    content: kept
      ? Buffer.from(kept)
      : await makeWarningLetter(deps, row, {
          number: row.warning_letter_number!,
          on: row.warning_letter_on!,
        }),
  };
}
