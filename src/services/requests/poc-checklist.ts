import type { Actor } from '../../domain/actor.js';
import {
  checklistProblems,
  checklistRows,
  conclusionText,
  pocConclusion,
  type CaseResult,
  type CaseVerdict,
  type PocCase,
} from '../../domain/poc-checklist.js';
import { letterPartProblems, type PocPayload } from '../../domain/requests.js';
import { wibDay } from '../../domain/time.js';
import { can } from '../../domain/permissions.js';
import { recordAdminAction } from '../../store/admin-actions.js';
import type { Executor } from '../../store/db.js';
import {
  findPocResult,
  insertPocResult,
  listChecklistCases,
  upsertChecklistCase,
} from '../../store/poc.js';
import { inTransaction } from '../agreements/transactions.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';
import { refusedWith, requireDecider } from './access.js';
import { decideRequest, type DecisionResult } from './decision.js';
import { renderPocLetterPdf } from './poc-letter-pdf.js';
import { requestDetail, type RequestDetail } from './reading.js';
import { lockedForStep, recordStep } from './steps.js';

/**
 * The PoC's checklist and its result letter (issue 11 item 5): Dukcapil tries the agency's
 * application against the sandbox on the PoC's date and records each case passed or not
 * with a note; then the result, with the letter's number and date, closes the request through
 * the decision every request goes through — all passed approves it (the quota lifted), a
 * failed case rejects it — with the letter (PDF) as its answer letter. Every step is in the
 * request's history and the admin trail.
 */

export const CHECKLIST_RECORDED = 'DAFTAR_PERIKSA_POC_DICATAT';
export const RESULT_RECORDED = 'HASIL_POC_DICATAT';

export interface PocResultView {
  readonly letterNumber: string;
  readonly letterDate: string;
  readonly application: string;
  readonly passed: boolean;
  readonly cases: readonly CaseResult[];
  readonly conclusion: string;
}

export interface PocChecklistView {
  readonly detail: RequestDetail;
  readonly application: string;
  readonly rows: readonly (PocCase & { readonly verdict: CaseVerdict | undefined })[];
  readonly result: PocResultView | undefined;
  /** The checklist and the result may be recorded now, by this reader. */
  readonly open: boolean;
}

const verdictsOf = (rows: Awaited<ReturnType<typeof listChecklistCases>>): CaseVerdict[] =>
  rows.map((row) => ({ code: row.case_code, passed: row.passed, note: row.note }));

async function pocDetail(
  deps: Deps,
  actor: Pick<Actor, 'id' | 'role' | 'agencyId'>,
  id: number,
): Promise<RequestDetail> {
  const detail = await requestDetail(deps, actor, id);
  if (detail.kind !== 'POC') {
    throw new Refusal('TIDAK_ADA', 'Permohonan ini bukan permohonan PoC');
  }
  return detail;
}

/** The PoC request with its checklist and, once recorded, its result. */
export async function getPocChecklist(
  deps: Deps,
  actor: Pick<Actor, 'id' | 'role' | 'agencyId'>,
  id: number,
): Promise<PocChecklistView> {
  const detail = await pocDetail(deps, actor, id);
  const [cases, result] = await Promise.all([
    listChecklistCases(deps.db, id),
    findPocResult(deps.db, id),
  ]);
  return {
    detail,
    application: (detail.payload as PocPayload).namaAplikasi,
    rows: checklistRows(verdictsOf(cases)),
    result: result
      ? {
          letterNumber: result.letter_number,
          letterDate: result.letter_date,
          application: result.application,
          passed: result.passed,
          cases: result.cases as CaseResult[],
          conclusion: result.conclusion,
        }
      : undefined,
    open: detail.state === 'DIJADWALKAN' && can(actor.role, 'request.decide'),
  };
}

/** Problems of the request's state for the checklist: a PoC held on its date, not yet decided. */
function openPocProblems(request: { kind: string; state: string }): string[] {
  if (request.kind !== 'POC') return ['Permohonan ini bukan permohonan PoC'];
  if (request.state !== 'DIJADWALKAN') {
    return [
      'Daftar periksa PoC hanya dapat dicatat untuk PoC yang sudah dijadwalkan dan belum diputus',
    ];
  }
  return [];
}

/** Records cases of the checklist (a case recorded again is replaced), in the history and trail. */
export async function recordPocChecklist(
  deps: Deps,
  actor: Pick<Actor, 'id' | 'role' | 'agencyId'>,
  id: number,
  verdicts: readonly CaseVerdict[],
): Promise<void> {
  requireDecider(actor);
  const cleaned = verdicts.map((v) => ({
    code: v.code,
    passed: v.passed,
    note: v.note.trim().replace(/\s+/g, ' '),
  }));
  const problems = checklistProblems(cleaned);
  if (problems.length > 0) {
    const messages = problems.map((p) => p.message);
    throw new Refusal('PERMINTAAN_TIDAK_VALID', messages.join('; '), {
      problems: messages,
      fields: problems,
    });
  }
  const now = deps.clock();
  await inTransaction(deps.db, async (tx) => {
    const { row, state } = await lockedForStep(tx, id, openPocProblems);
    for (const verdict of cleaned) {
      await upsertChecklistCase(tx, { requestId: id, ...verdict, by: actor.id, at: now });
    }
    const failed = cleaned.filter((v) => !v.passed).map((v) => v.code);
    await recordStep(tx, {
      requestId: id,
      agencyId: row.agency_id,
      actorId: actor.id,
      at: now,
      from: state,
      to: state,
      note:
        `Daftar periksa PoC dicatat: ${cleaned.length - failed.length} kasus lulus` +
        (failed.length > 0 ? `, tidak lulus: ${failed.join(', ')}` : ''),
      action: CHECKLIST_RECORDED,
      detail: { cases: cleaned.map((v) => ({ code: v.code, passed: v.passed })) },
    });
  });
}

export interface PocResultInput {
  readonly letterNumber: string;
  /** YYYY-MM-DD */
  readonly letterDate: string;
}

/**
 * Records the PoC's result from its complete checklist: the letter (PDF) is made, and the
 * decision approves (all passed) or rejects (a case failed) the request with it as the
 * answer letter, the result kept beside it, in one transaction.
 */
export async function recordPocResult(
  deps: Deps,
  actor: Pick<Actor, 'id' | 'role' | 'agencyId'>,
  id: number,
  input: PocResultInput,
): Promise<DecisionResult & { readonly passed: boolean }> {
  requireDecider(actor);
  const letter = { nomor: input.letterNumber.trim(), tanggal: input.letterDate.trim() };
  const letterIssues = letterPartProblems('surat hasil PoC', letter, wibDay(deps.clock()));
  if (letterIssues.length > 0) {
    const messages = letterIssues.map((p) => p.message);
    // By the input's names, so that a form marks its number or date field.
    const fields = letterIssues.map((p) => ({
      field: p.part === 'nomor' ? 'letterNumber' : 'letterDate',
      message: p.message,
    }));
    throw new Refusal('PERMINTAAN_TIDAK_VALID', messages.join('; '), {
      problems: messages,
      fields,
    });
  }
  const detail = await pocDetail(deps, actor, id);
  const stateIssues = openPocProblems(detail);
  if (stateIssues.length > 0) throw refusedWith(stateIssues);
  const recorded = verdictsOf(await listChecklistCases(deps.db, id));
  const concluded = pocConclusion(recorded);
  if (!concluded.ok) throw refusedWith(concluded.problems);
  const application = (detail.payload as PocPayload).namaAplikasi;
  const failed = concluded.cases.filter((c) => !c.passed);
  const conclusion = conclusionText(application, concluded.passed, failed.length);
  const pdf = await renderPocLetterPdf({
    nomor: letter.nomor,
    tanggal: letter.tanggal,
    agencyName: detail.agencyName,
    agencyCode: detail.agencyCode,
    agreementNumber: detail.agreementNumber,
    requestLetter: detail.letter,
    application,
    scheduledOn: detail.scheduledOn,
    cases: concluded.cases,
    passed: concluded.passed,
    conclusion,
  });
  const reason = concluded.passed
    ? conclusion
    : `${conclusion} Kasus: ${failed.map((c) => `${c.code} (${c.note})`).join('; ')}`;
  const decided = await decideRequest(
    deps,
    actor,
    id,
    {
      action: concluded.passed ? 'SETUJUI' : 'TOLAK',
      answerNumber: letter.nomor,
      answerDate: letter.tanggal,
      reason: reason.slice(0, 1000),
      answerFile: {
        purpose: 'SURAT_JAWABAN',
        fileName: `surat-hasil-poc-${id}.pdf`,
        content: pdf,
      },
    },
    async (tx: Executor, now: Date) => {
      // The checklist the letter states is the one recorded: a change since is refused.
      const current = verdictsOf(await listChecklistCases(tx, id));
      if (JSON.stringify(sorted(current)) !== JSON.stringify(sorted(recorded))) {
        throw refusedWith([
          'Daftar periksa berubah saat hasil dicatat; muat ulang halaman lalu ulangi',
        ]);
      }
      await insertPocResult(tx, {
        requestId: id,
        letterNumber: letter.nomor,
        letterDate: letter.tanggal,
        application,
        passed: concluded.passed,
        cases: concluded.cases,
        conclusion,
        by: actor.id,
        at: now,
      }).catch((error: unknown) => {
        throw isUniqueViolation(error)
          ? refusedWith([`Nomor surat hasil PoC ${letter.nomor} sudah dipakai`])
          : error;
      });
      await recordAdminAction(tx, {
        at: now,
        actorId: actor.id,
        agencyId: detail.agencyId,
        action: RESULT_RECORDED,
        target: `Permohonan ${id}`,
        detail: {
          letter,
          application,
          passed: concluded.passed,
          failed: failed.map((c) => c.code),
        },
      });
    },
  );
  return { ...decided, passed: concluded.passed };
}

const sorted = (verdicts: readonly CaseVerdict[]) =>
  [...verdicts].sort((a, b) => a.code.localeCompare(b.code));

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '23505';
}

/** The result letter as recorded: the request's answer-letter attachment. */
export function pocLetterFileName(id: number): string {
  return `surat-hasil-poc-${id}.pdf`;
}
