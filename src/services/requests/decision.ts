import type { Actor } from '../../domain/actor.js';
import {
  decisionProblems,
  letterProblems,
  needsAddendum,
  REQUEST_KIND_LABELS,
  type BandwidthPayload,
  type ExtensionPayload,
  type MethodElementPayload,
  type PocPayload,
  type RequestKind,
} from '../../domain/requests.js';
import { applicationApprovalProblems } from '../../domain/poc-checklist.js';
import { wibDay } from '../../domain/time.js';
import type { UserIdChangeForm } from '../../domain/user-id-change.js';
import type { Executor } from '../../store/db.js';
import { listChecklistCases } from '../../store/poc.js';
import { insertAttachment, markDecided, markReviewed } from '../../store/requests.js';
import { applyAddendum } from '../agreements/agreement-lifecycle.js';
import { closeRefusedExtension } from '../agreements/extension-period.js';
import { inTransaction } from '../agreements/transactions.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';
import { refusedWith, requireDecider } from './access.js';
import type { RequestPayload } from './filing.js';
import { checkAttachment, type CheckedFile, type UploadedFile } from './request-attachments.js';
import { lockedForStep, recordStep } from './steps.js';
import { handOverUserId, type HandedOver } from './user-id-change.js';
import { pocDecided } from '../applications/applications.js';

/**
 * Dukcapil's review and answer: a request other than a PoC goes under review, then every
 * request is approved or rejected by an answer letter. An approval takes effect in the
 * transaction that records it (a new user ID with its handover record, the quota lifted,
 * an addendum).
 */

/** A request other than a PoC goes under review. */
export async function startReview(
  deps: Deps,
  actor: Pick<Actor, 'id' | 'role' | 'agencyId'>,
  id: number,
): Promise<void> {
  requireDecider(actor);
  const now = deps.clock();
  const today = wibDay(now);
  await inTransaction(deps.db, async (tx) => {
    const { row, state } = await lockedForStep(tx, id, (request) =>
      decisionProblems(request, { action: 'TELAAH' }, today),
    );
    await markReviewed(tx, id, { by: actor.id, at: now });
    await recordStep(tx, {
      requestId: id,
      agencyId: row.agency_id,
      actorId: actor.id,
      at: now,
      from: state,
      to: 'DITELAAH',
      note: null,
      action: 'PERMOHONAN_DITELAAH',
    });
  });
}

export interface DecisionInput {
  readonly action: 'SETUJUI' | 'TOLAK';
  readonly answerNumber: string;
  readonly answerDate: string;
  /** Required to reject; an optional note to approve. */
  readonly reason?: string | undefined;
  readonly answerFile?: UploadedFile | undefined;
  /** User ID change: the user ID to create, when Dukcapil sets one other than proposed. */
  readonly newUserId?: string | undefined;
  /** Changes of method/elements, bandwidth, extension: the addendum that makes them. */
  readonly addendum?: { nomor: string; tanggal: string } | undefined;
}

export interface DecisionResult {
  readonly state: 'DISETUJUI' | 'DITOLAK';
  readonly handedOver?: HandedOver;
}

/**
 * Approves or rejects a request with the answer letter. An approval's effect is made in the
 * same transaction: if the effect is refused (a user ID taken meanwhile, an agreement no
 * longer in force), nothing of the decision is kept either.
 */
export async function decideRequest(
  deps: Deps,
  actor: Pick<Actor, 'id' | 'role' | 'agencyId'>,
  id: number,
  input: DecisionInput,
  /** The caller's own writes, in the decision's transaction after its step (a PoC's result). */
  alongside?: (tx: Executor, now: Date) => Promise<void>,
): Promise<DecisionResult> {
  requireDecider(actor);
  const now = deps.clock();
  const today = wibDay(now);
  const answer = { nomor: input.answerNumber.trim(), tanggal: input.answerDate.trim() };
  const reason = input.reason?.trim() || null;

  const fileProblems: string[] = [];
  let answerFile: CheckedFile | undefined;
  if (input.answerFile) {
    const checked = await checkAttachment({ ...input.answerFile, purpose: 'SURAT_JAWABAN' });
    if (checked.ok) answerFile = checked.file;
    else fileProblems.push(checked.problem);
  }

  return inTransaction(deps.db, async (tx) => {
    const { row, kind, state } = await lockedForStep(tx, id, (request) => {
      const problems = decisionProblems(
        request,
        { action: input.action, answer, reason: reason ?? undefined },
        today,
      );
      if (input.action === 'SETUJUI' && needsAddendum(request.kind)) {
        problems.push(...letterProblems('adendum', input.addendum ?? {}, today, 60));
      }
      return [...problems, ...fileProblems];
    });
    const to = input.action === 'SETUJUI' ? 'DISETUJUI' : 'DITOLAK';
    const aplikasiId = kind === 'POC' ? (row.payload as PocPayload).aplikasiId : undefined;
    if (aplikasiId !== undefined && to === 'DISETUJUI') {
      // Read under the request's lock: the checklist changes only under it.
      const recorded = await listChecklistCases(tx, id);
      const problems = applicationApprovalProblems(
        recorded.map((c) => ({ code: c.case_code, passed: c.passed, note: c.note })),
      );
      if (problems.length > 0) throw refusedWith(problems);
    }
    await markDecided(tx, id, {
      state: to,
      answerNumber: answer.nomor,
      answerDate: answer.tanggal,
      reason,
      by: actor.id,
      at: now,
    });
    if (answerFile) {
      await insertAttachment(tx, {
        ...answerFile,
        requestId: id,
        uploadedBy: actor.id,
        uploadedAt: now,
      });
    }
    await recordStep(tx, {
      requestId: id,
      agencyId: row.agency_id,
      actorId: actor.id,
      at: now,
      from: state,
      to,
      note:
        `Surat jawaban nomor ${answer.nomor} tanggal ${answer.tanggal}` +
        (reason ? `. ${to === 'DITOLAK' ? 'Alasan' : 'Catatan'}: ${reason}` : ''),
      action: to === 'DISETUJUI' ? 'PERMOHONAN_DISETUJUI' : 'PERMOHONAN_DITOLAK',
      reason,
      detail: { kind, answer },
    });
    await alongside?.(tx, now);
    if (aplikasiId !== undefined) {
      // The application's PoC result: passed, it may call (once the agreement grants the API).
      await pocDecided(tx, actor, {
        applicationId: aplikasiId,
        requestId: id,
        passed: to === 'DISETUJUI',
        at: now,
      });
    }
    if (to === 'DITOLAK') {
      // A refused extension ends the extension period; past the end date, access ends now.
      if (kind === 'PERPANJANGAN')
        await closeRefusedExtension(tx, actor, row.agreement_id, id, now);
      return { state: to };
    }

    try {
      const handedOver = await takeEffect(tx, actor, now, row, input, answer);
      return handedOver ? { state: to, handedOver } : { state: to };
    } catch (error) {
      // The effect's own refusal (an agreement no longer in force, an addendum dated
      // before the signing) reads like the form's: the decision is undone with it.
      if (error instanceof Refusal && !error.detail?.problems && !NOT_FOUND_CODES.has(error.code))
        throw refusedWith([error.message]);
      throw error;
    }
  });
}

const NOT_FOUND_CODES: ReadonlySet<string> = new Set(['TIDAK_ADA', 'TIDAK_DITEMUKAN']);

/** What an approval changes, by kind; agreements change only through the lifecycle. */
async function takeEffect(
  tx: Executor,
  actor: Pick<Actor, 'id' | 'role' | 'agencyId'>,
  now: Date,
  row: {
    id: number;
    agency_id: number;
    agreement_id: number;
    kind: string;
    letter_number: string;
    payload: unknown;
  },
  input: DecisionInput,
  answer: { nomor: string; tanggal: string },
): Promise<HandedOver | undefined> {
  const kind = row.kind as RequestKind;
  const why =
    `Permohonan ${REQUEST_KIND_LABELS[kind]} surat nomor ${row.letter_number} disetujui ` +
    `dengan surat jawaban nomor ${answer.nomor} tanggal ${answer.tanggal}`;
  const addendum = input.addendum
    ? { nomor: input.addendum.nomor.trim(), tanggal: input.addendum.tanggal.trim() }
    : null;
  const payload = row.payload as RequestPayload;
  const amend = (change: Parameters<typeof applyAddendum>[3], letter: typeof addendum) =>
    applyAddendum(tx, actor, row.agreement_id, change, why, letter, now);
  switch (kind) {
    case 'PERUBAHAN_USER_ID':
      return handOverUserId(tx, actor, now, row, payload as UserIdChangeForm, input.newUserId);
    case 'POC':
      await amend({ quotaStage: 'PASCA_POC' }, null);
      return undefined;
    case 'PERUBAHAN_METODE_ELEMEN': {
      const change = payload as MethodElementPayload;
      await amend(
        { accessMethods: change.metodeAkses, grantedElements: change.elemenData },
        addendum,
      );
      return undefined;
    }
    case 'BANDWIDTH':
      // Settled by the answer letter alone (SPEC §4): no addendum; the agency then changes
      // the link with its network provider.
      await amend({ bandwidthKbps: (payload as BandwidthPayload).bandwidthKbps }, null);
      return undefined;
    case 'PERPANJANGAN':
      await amend({ endsOn: (payload as ExtensionPayload).berakhirBaru }, addendum);
      return undefined;
  }
}
