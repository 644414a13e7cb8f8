import { can } from '../../domain/permissions.js';
import {
  ATTACHMENT_PURPOSE_LABELS,
  allowedActions,
  checkBandwidthPayload,
  checkExtensionPayload,
  checkMethodElementPayload,
  checkPocPayload,
  decisionProblems,
  isRequestKind,
  isRequestState,
  letterProblems,
  MAX_ATTACHMENTS,
  needsAddendum,
  REQUEST_KIND_LABELS,
  REQUEST_STATE_LABELS,
  requiredAttachments,
  type BandwidthPayload,
  type CheckResult,
  type ExtensionPayload,
  type Letter,
  type MethodElementPayload,
  type PocPayload,
  type RequestAction,
  type RequestKind,
  type RequestState,
} from '../../domain/requests.js';
import { wibDay } from '../../domain/time.js';
import {
  checkUserIdChangeForm,
  derivedUserId,
  FIELD_LABELS,
  type UserIdChangeForm,
} from '../../domain/user-id-change.js';
import { ROLE_LABELS, USER_ID_PATTERN, type Role } from '../../domain/users.js';
import { allRegions } from '../../reference/regions.js';
import { recordAdminAction } from '../../store/admin-actions.js';
import { findAgencyByCode, findAgencyById } from '../../store/agencies.js';
import { findAgreementInForce } from '../../store/agreements.js';
import type { Executor } from '../../store/db.js';
import {
  findAttachment,
  findBastOfRequest,
  findRequest,
  insertAttachment,
  insertBast,
  insertRequest,
  insertRequestHistory,
  listAgencyChoices,
  listAttachments,
  listRequests,
  lockRequest,
  markDecided,
  markReviewed,
  markScheduled,
  nextBastSequence,
  requestHistory,
  type RequestRow,
} from '../../store/requests.js';
import { findUserByUserId, revokeUserSessions, setUserStatus } from '../../store/users.js';
import { createUser } from '../administration/administration.js';
import { applyAddendum, inTransaction } from '../agreements/agreement-lifecycle.js';
import { renderBastPdf } from './bast-pdf.js';
import type { Deps } from '../deps.js';
import { NotFound, RuleViolation } from '../errors.js';
import { oneTimePassword, verifyPassword } from '../account/passwords.js';
import { checkAttachment, type CheckedFile, type UploadedFile } from './request-attachments.js';

/**
 * Requests (letters) of SPEC §4 for every channel: the agency head files them, Dukcapil
 * schedules or reviews them and answers; an approval takes effect in the transaction that
 * records it (a new user ID with its handover record, the quota lifted, an addendum).
 */

/** Who acts: a signed-in user (portal session or API token). */
export interface RequestActor {
  readonly id: number;
  readonly role: Role;
  readonly agencyId: number | null;
}

/** A refusal with every problem found, so that a form can list them all at once. */
export class RequestRefused extends RuleViolation {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
  }
}

const NOT_PERMITTED = 'Peran Anda tidak berwenang melakukan tindakan ini';
const NOT_FOUND = 'Permohonan tidak ditemukan';

export const PAGE_SIZE = 20;

/** How long after approval the handover letter may still be printed with the password. */
export const BAST_PASSWORD_MINUTES = 30;

const regionOf = (code: string) => allRegions().get(code);

// ---------------------------------------------------------------------------------------
// Filing

export interface FilingInput {
  readonly kind: string;
  readonly letterNumber: string;
  readonly letterDate: string;
  /** The kind's fields, as a form or the API sends them. */
  readonly fields: Readonly<Record<string, unknown>>;
  readonly files: readonly UploadedFile[];
}

export type RequestPayload =
  UserIdChangeForm | PocPayload | MethodElementPayload | BandwidthPayload | ExtensionPayload;

function payloadOf(
  kind: RequestKind,
  fields: Readonly<Record<string, unknown>>,
  context: { today: Date; currentEnd: string },
): CheckResult<RequestPayload> {
  switch (kind) {
    case 'PERUBAHAN_USER_ID': {
      const form = checkUserIdChangeForm(fields, { today: context.today, regionOf });
      return form.ok
        ? form
        : {
            ok: false,
            problems: form.problems.map((p) => `${FIELD_LABELS[p.field]}: ${p.message}`),
          };
    }
    case 'POC':
      return checkPocPayload(fields);
    case 'PERUBAHAN_METODE_ELEMEN':
      return checkMethodElementPayload(fields);
    case 'BANDWIDTH':
      return checkBandwidthPayload(fields);
    case 'PERPANJANGAN':
      return checkExtensionPayload(fields, context.currentEnd);
  }
}

async function checkedFiles(files: readonly UploadedFile[]): Promise<{
  files: CheckedFile[];
  problems: string[];
}> {
  const problems: string[] = [];
  const checked: CheckedFile[] = [];
  for (const file of files) {
    const result = await checkAttachment(file);
    if (result.ok) checked.push(result.file);
    else problems.push(result.problem);
  }
  return { files: checked, problems };
}

/**
 * The agency head files a request for their own agency, under its agreement in force: the
 * letter, the kind's form, the attachments (checked by content). Everything wrong is
 * reported at once; nothing is kept unless everything is right.
 */
export async function fileRequest(
  deps: Deps,
  actor: RequestActor,
  input: FilingInput,
): Promise<number> {
  if (!can(actor.role, 'request.file') || actor.agencyId === null)
    throw new RuleViolation(NOT_PERMITTED);
  const agencyId = actor.agencyId;
  const now = deps.clock();
  const today = wibDay(now);
  if (!isRequestKind(input.kind)) throw new RequestRefused(['Jenis permohonan tidak dikenal']);
  const kind = input.kind;
  const agreement = await findAgreementInForce(deps.db, agencyId, today);
  if (!agreement)
    throw new RequestRefused(['Instansi Anda tidak memiliki PKS yang berlaku hari ini']);

  const letter = { nomor: input.letterNumber.trim(), tanggal: input.letterDate.trim() };
  const problems = letterProblems('surat permohonan', letter, today);
  const payload = payloadOf(kind, input.fields, { today: now, currentEnd: agreement.ends_on });
  if (!payload.ok) problems.push(...payload.problems);
  if (input.files.length > MAX_ATTACHMENTS)
    problems.push(`Paling banyak ${MAX_ATTACHMENTS} lampiran per permohonan`);
  if (input.files.some((file) => file.purpose === 'SURAT_JAWABAN'))
    problems.push('Surat jawaban dilampirkan oleh Dukcapil, bukan oleh instansi');
  for (const purpose of requiredAttachments(kind)) {
    if (!input.files.some((file) => file.purpose === purpose))
      problems.push(`${ATTACHMENT_PURPOSE_LABELS[purpose]} wajib dilampirkan`);
  }
  const files = await checkedFiles(input.files);
  problems.push(...files.problems);

  if (payload.ok && kind === 'PERUBAHAN_USER_ID') {
    const form = payload.value as UserIdChangeForm;
    if (form.userIdUsulan && (await findUserByUserId(deps.db, form.userIdUsulan)))
      problems.push(`User ID ${form.userIdUsulan} sudah dipakai; usulkan user ID lain`);
    if (form.userIdDiganti) {
      const replaced = await findUserByUserId(deps.db, form.userIdDiganti);
      if (!replaced || replaced.agency_id !== agencyId)
        problems.push(`User ID yang diganti (${form.userIdDiganti}) bukan user ID instansi Anda`);
    }
  }
  if (problems.length > 0 || !payload.ok) throw new RequestRefused(problems);

  return inTransaction(deps.db, async (tx) => {
    const id = await insertRequest(tx, {
      agencyId,
      agreementId: agreement.id,
      kind,
      letterNumber: letter.nomor,
      letterDate: letter.tanggal,
      payload: payload.value,
      filedBy: actor.id,
      filedAt: now,
    });
    for (const file of files.files) {
      await insertAttachment(tx, { ...file, requestId: id, uploadedBy: actor.id, uploadedAt: now });
    }
    await insertRequestHistory(tx, {
      requestId: id,
      at: now,
      actorId: actor.id,
      fromState: null,
      toState: 'DIAJUKAN',
      note: `Surat nomor ${letter.nomor} tanggal ${letter.tanggal}`,
    });
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId,
      action: 'PERMOHONAN_DIAJUKAN',
      target: `Permohonan ${id}`,
      detail: { kind, letter, attachments: files.files.length },
    });
    return id;
  });
}

/** The terms of the head's agreement in force, which a new request starts from. */
export interface FilingContext {
  readonly agreementNumber: string;
  readonly endsOn: string;
  readonly accessMethods: readonly string[];
  readonly grantedElements: readonly string[];
  readonly bandwidthKbps: number;
  readonly quotaStage: string;
}

export async function filingContext(
  deps: Deps,
  actor: RequestActor,
): Promise<FilingContext | undefined> {
  if (!can(actor.role, 'request.file') || actor.agencyId === null)
    throw new RuleViolation(NOT_PERMITTED);
  const agreement = await findAgreementInForce(deps.db, actor.agencyId, wibDay(deps.clock()));
  if (!agreement) return undefined;
  return {
    agreementNumber: agreement.nomor_dukcapil,
    endsOn: agreement.ends_on,
    accessMethods: agreement.access_methods,
    grantedElements: agreement.granted_elements,
    bandwidthKbps: agreement.bandwidth_kbps,
    quotaStage: agreement.quota_stage,
  };
}

// ---------------------------------------------------------------------------------------
// Reading

export interface RequestSummary {
  readonly id: number;
  readonly kind: RequestKind;
  readonly kindLabel: string;
  readonly state: RequestState;
  readonly stateLabel: string;
  readonly agencyId: number;
  readonly agencyCode: string;
  readonly agencyName: string;
  readonly agreementId: number;
  readonly agreementNumber: string;
  readonly letter: Letter;
  readonly scheduledOn: string | null;
  readonly answer: Letter | null;
  readonly decisionReason: string | null;
  readonly filedAt: Date;
  readonly filedBy: string;
  readonly decidedAt: Date | null;
  readonly decidedBy: string | null;
}

function summary(row: RequestRow): RequestSummary {
  const kind = row.kind as RequestKind;
  const state = row.state as RequestState;
  return {
    id: row.id,
    kind,
    kindLabel: REQUEST_KIND_LABELS[kind],
    state,
    stateLabel: REQUEST_STATE_LABELS[state],
    agencyId: row.agency_id,
    agencyCode: row.agency_code,
    agencyName: row.agency_name,
    agreementId: row.agreement_id,
    agreementNumber: row.agreement_number,
    letter: { nomor: row.letter_number, tanggal: row.letter_date },
    scheduledOn: row.scheduled_on,
    answer:
      row.answer_number && row.answer_date
        ? { nomor: row.answer_number, tanggal: row.answer_date }
        : null,
    decisionReason: row.decision_reason,
    filedAt: row.filed_at,
    filedBy: row.filed_by_user_id,
    decidedAt: row.decided_at,
    decidedBy: row.decided_by_user_id,
  };
}

export interface RequestListFilter {
  /** Dukcapil only: an agency's code; an agency head always sees their own agency. */
  readonly agencyCode?: string | undefined;
  readonly kind?: string | undefined;
  readonly state?: string | undefined;
  /** From 1. */
  readonly page?: number | undefined;
}

export interface RequestPage {
  readonly items: readonly RequestSummary[];
  readonly total: number;
  readonly page: number;
  readonly pages: number;
  /** The filter as applied: unknown values are dropped rather than refused. */
  readonly filter: { agencyCode?: string; kind?: RequestKind; state?: RequestState };
}

/** Whether the actor sees every agency's requests (Dukcapil) or their own agency's. */
function scopeOf(actor: RequestActor): { all: true } | { all: false; agencyId: number } {
  if (can(actor.role, 'request.viewAll')) return { all: true };
  if (can(actor.role, 'request.viewOwn') && actor.agencyId !== null)
    return { all: false, agencyId: actor.agencyId };
  throw new RuleViolation(NOT_PERMITTED);
}

export async function listRequestsFor(
  deps: Deps,
  actor: RequestActor,
  filter: RequestListFilter,
): Promise<RequestPage> {
  const scope = scopeOf(actor);
  const applied: RequestPage['filter'] = {};
  let agencyId: number | undefined;
  if (!scope.all) agencyId = scope.agencyId;
  else if (filter.agencyCode) {
    const code = filter.agencyCode.trim().toUpperCase();
    const agency = await findAgencyByCode(deps.db, code);
    applied.agencyCode = code;
    // An unknown agency has no requests: an empty page, not every agency's.
    agencyId = agency?.id ?? -1;
  }
  if (isRequestKind(filter.kind)) applied.kind = filter.kind;
  if (isRequestState(filter.state)) applied.state = filter.state;
  const page = Number.isInteger(filter.page) && filter.page! > 0 ? filter.page! : 1;
  const { rows, total } = await listRequests(
    deps.db,
    { agencyId, kind: applied.kind, state: applied.state },
    { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
  );
  return {
    items: rows.map(summary),
    total,
    page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    filter: applied,
  };
}

/** The agencies Dukcapil may filter by. */
export async function agencyChoices(
  deps: Deps,
  actor: RequestActor,
): Promise<{ code: string; name: string }[]> {
  if (!can(actor.role, 'request.viewAll')) return [];
  return listAgencyChoices(deps.db);
}

export interface HistoryEntry {
  readonly at: Date;
  readonly actor: string | null;
  readonly from: RequestState | null;
  readonly to: RequestState;
  readonly toLabel: string;
  readonly note: string | null;
}

export interface AttachmentInfo {
  readonly id: number;
  readonly purpose: string;
  readonly purposeLabel: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly uploadedAt: Date;
  readonly uploadedBy: string;
}

export interface BastInfo {
  readonly nomor: string;
  readonly tanggal: string;
  readonly userId: string;
}

export interface RequestDetail extends RequestSummary {
  readonly payload: RequestPayload;
  readonly history: readonly HistoryEntry[];
  readonly attachments: readonly AttachmentInfo[];
  readonly bast: BastInfo | null;
  /** What Dukcapil may do next (empty for those who may not decide). */
  readonly actions: readonly RequestAction[];
}

async function visibleRequest(deps: Deps, actor: RequestActor, id: number): Promise<RequestRow> {
  const scope = scopeOf(actor);
  const row = Number.isInteger(id) && id > 0 ? await findRequest(deps.db, id) : undefined;
  // Another agency's request reads as absent: its existence is not theirs to learn.
  if (!row || (!scope.all && row.agency_id !== scope.agencyId)) throw new NotFound(NOT_FOUND);
  return row;
}

export async function requestDetail(
  deps: Deps,
  actor: RequestActor,
  id: number,
): Promise<RequestDetail> {
  const row = await visibleRequest(deps, actor, id);
  const [history, attachments, bast] = await Promise.all([
    requestHistory(deps.db, id),
    listAttachments(deps.db, id),
    row.kind === 'PERUBAHAN_USER_ID' ? findBastOfRequest(deps.db, id) : undefined,
  ]);
  const base = summary(row);
  return {
    ...base,
    payload: row.payload as RequestPayload,
    history: history.map((h) => ({
      at: h.at,
      actor: h.actor,
      from: h.from_state as RequestState | null,
      to: h.to_state as RequestState,
      toLabel: REQUEST_STATE_LABELS[h.to_state as RequestState],
      note: h.note,
    })),
    attachments: attachments.map((a) => ({
      id: a.id,
      purpose: a.purpose,
      purposeLabel: ATTACHMENT_PURPOSE_LABELS[a.purpose as keyof typeof ATTACHMENT_PURPOSE_LABELS],
      fileName: a.file_name,
      contentType: a.content_type,
      sizeBytes: a.size_bytes,
      // PGlite hands bytea over as a Uint8Array, pg as a Buffer.
      sha256: Buffer.from(a.sha256).toString('hex'),
      uploadedAt: a.uploaded_at,
      uploadedBy: a.uploaded_by,
    })),
    bast: bast ? { nomor: bast.nomor, tanggal: bast.tanggal, userId: bast.user_id } : null,
    actions: can(actor.role, 'request.decide') ? allowedActions(base.kind, base.state) : [],
  };
}

export async function attachmentFor(
  deps: Deps,
  actor: RequestActor,
  requestId: number,
  attachmentId: number,
): Promise<{ fileName: string; contentType: string; content: Buffer }> {
  await visibleRequest(deps, actor, requestId);
  const file = Number.isInteger(attachmentId)
    ? await findAttachment(deps.db, requestId, attachmentId)
    : undefined;
  if (!file) throw new NotFound('Lampiran tidak ditemukan');
  return {
    fileName: file.file_name,
    contentType: file.content_type,
    content: Buffer.from(file.content),
  };
}

// ---------------------------------------------------------------------------------------
// Dukcapil's steps

function requireDecider(actor: RequestActor): void {
  if (!can(actor.role, 'request.decide')) throw new RuleViolation(NOT_PERMITTED);
}

/** Takes the request's lock and checks the step; the caller writes it in the same transaction. */
async function lockedForStep(
  tx: Executor,
  id: number,
  check: (request: {
    kind: RequestKind;
    state: RequestState;
    scheduledOn: string | null;
    letterDate: string;
  }) => string[],
) {
  const row = Number.isInteger(id) && id > 0 ? await lockRequest(tx, id) : undefined;
  if (!row) throw new NotFound(NOT_FOUND);
  const request = {
    kind: row.kind as RequestKind,
    state: row.state as RequestState,
    scheduledOn: row.scheduled_on,
    letterDate: row.letter_date,
  };
  const problems = check(request);
  if (problems.length > 0) throw new RequestRefused(problems);
  return { row, ...request };
}

/** A PoC gets (or moves to) its date. */
export async function schedulePoc(
  deps: Deps,
  actor: RequestActor,
  id: number,
  scheduledOn: string,
): Promise<void> {
  requireDecider(actor);
  const now = deps.clock();
  const today = wibDay(now);
  const date = scheduledOn.trim();
  await inTransaction(deps.db, async (tx) => {
    const { row, state } = await lockedForStep(tx, id, (request) =>
      decisionProblems(request, { action: 'JADWALKAN', scheduledOn: date }, today),
    );
    await markScheduled(tx, id, { scheduledOn: date, by: actor.id, at: now });
    await insertRequestHistory(tx, {
      requestId: id,
      at: now,
      actorId: actor.id,
      fromState: state,
      toState: 'DIJADWALKAN',
      note:
        state === 'DIJADWALKAN'
          ? `PoC dijadwalkan ulang dari ${row.scheduled_on} ke ${date}`
          : `PoC dijadwalkan pada ${date}`,
    });
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId: row.agency_id,
      action: 'PERMOHONAN_DIJADWALKAN',
      target: `Permohonan ${id}`,
      detail: { scheduledOn: date },
    });
  });
}

/** A request other than a PoC goes under review. */
export async function startReview(deps: Deps, actor: RequestActor, id: number): Promise<void> {
  requireDecider(actor);
  const now = deps.clock();
  const today = wibDay(now);
  await inTransaction(deps.db, async (tx) => {
    const { row, state } = await lockedForStep(tx, id, (request) =>
      decisionProblems(request, { action: 'TELAAH' }, today),
    );
    await markReviewed(tx, id, { by: actor.id, at: now });
    await insertRequestHistory(tx, {
      requestId: id,
      at: now,
      actorId: actor.id,
      fromState: state,
      toState: 'DITELAAH',
      note: null,
    });
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId: row.agency_id,
      action: 'PERMOHONAN_DITELAAH',
      target: `Permohonan ${id}`,
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

/** What an approval of a user ID change hands over, once: the password is nowhere else. */
export interface HandedOver {
  readonly userId: string;
  readonly role: Role;
  readonly roleLabel: string;
  readonly oneTimePassword: string;
  readonly bast: { readonly nomor: string; readonly tanggal: string };
}

export interface DecisionResult {
  readonly state: 'DISETUJUI' | 'DITOLAK';
  readonly handedOver?: HandedOver;
}

/** 400.12 is Dukcapil's classification code, as on the agreements' own numbers. */
export function bastNumber(sequence: number, year: number): string {
  return `400.12/BAST-${String(sequence).padStart(3, '0')}/Disdukcapil/${year}`;
}

/**
 * Approves or rejects a request with the answer letter. An approval's effect is made in the
 * same transaction: if the effect is refused (a user ID taken meanwhile, an agreement no
 * longer in force), nothing of the decision is kept either.
 */
export async function decideRequest(
  deps: Deps,
  actor: RequestActor,
  id: number,
  input: DecisionInput,
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
    await insertRequestHistory(tx, {
      requestId: id,
      at: now,
      actorId: actor.id,
      fromState: state,
      toState: to,
      note:
        `Surat jawaban nomor ${answer.nomor} tanggal ${answer.tanggal}` +
        (reason ? `. ${to === 'DITOLAK' ? 'Alasan' : 'Catatan'}: ${reason}` : ''),
    });
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId: row.agency_id,
      action: to === 'DISETUJUI' ? 'PERMOHONAN_DISETUJUI' : 'PERMOHONAN_DITOLAK',
      target: `Permohonan ${id}`,
      reason,
      detail: { kind, answer },
    });
    if (to === 'DITOLAK') return { state: to };

    try {
      const handedOver = await takeEffect(tx, actor, now, row, input, answer.nomor);
      return handedOver ? { state: to, handedOver } : { state: to };
    } catch (error) {
      // The effect's own refusal (an agreement no longer in force, an addendum dated
      // before the signing) reads like the form's: the decision is undone with it.
      if (error instanceof RuleViolation && !(error instanceof RequestRefused))
        throw new RequestRefused([error.message]);
      throw error;
    }
  });
}

/** What an approval changes, by kind; agreements change only through the lifecycle. */
async function takeEffect(
  tx: Executor,
  actor: RequestActor,
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
  answerNumber: string,
): Promise<HandedOver | undefined> {
  const kind = row.kind as RequestKind;
  const why =
    `Permohonan ${REQUEST_KIND_LABELS[kind]} surat nomor ${row.letter_number} disetujui ` +
    `dengan surat jawaban nomor ${answerNumber}`;
  const addendum = input.addendum
    ? { nomor: input.addendum.nomor.trim(), tanggal: input.addendum.tanggal.trim() }
    : null;
  const payload = row.payload as RequestPayload;
  const amend = (change: Parameters<typeof applyAddendum>[3], letter: typeof addendum) =>
    applyAddendum(tx, actor, row.agreement_id, change, why, letter, now);
  switch (kind) {
    case 'PERUBAHAN_USER_ID':
      return handOverUserId(tx, actor, now, row, payload as UserIdChangeForm, input);
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
      await amend({ bandwidthKbps: (payload as BandwidthPayload).bandwidthKbps }, addendum);
      return undefined;
    case 'PERPANJANGAN':
      await amend({ endsOn: (payload as ExtensionPayload).berakhirBaru }, addendum);
      return undefined;
  }
}

/**
 * The effect of an approved user ID change: the new user ID (argon2id hash of a one-time
 * password it must change at first login), the replaced user ID deactivated, and the
 * handover record. The password is returned to the approving admin and kept nowhere.
 */
async function handOverUserId(
  tx: Executor,
  actor: RequestActor,
  now: Date,
  row: { id: number; agency_id: number },
  form: UserIdChangeForm,
  input: DecisionInput,
): Promise<HandedOver> {
  const agency = await findAgencyById(tx, row.agency_id);
  if (!agency) throw new NotFound('Instansi tidak ditemukan');
  const userId = (
    input.newUserId?.trim() ||
    form.userIdUsulan ||
    derivedUserId(agency.code, form.peran, row.id)
  ).toLowerCase();
  if (!USER_ID_PATTERN.test(userId))
    throw new RequestRefused([
      'User ID 3–60 karakter: huruf kecil, angka, titik, garis bawah atau strip',
    ]);
  if (await findUserByUserId(tx, userId))
    throw new RequestRefused([`User ID ${userId} sudah dipakai; isikan user ID lain`]);

  const password = oneTimePassword();
  const newId = await createUser(tx, {
    userId,
    displayName: form.namaLengkap,
    role: form.peran,
    agencyCode: agency.code,
    password,
    mustChangePassword: true,
  });
  const year = Number(wibDay(now).slice(0, 4));
  const nomor = bastNumber(await nextBastSequence(tx, year), year);
  const tanggal = wibDay(now);
  await insertBast(tx, {
    requestId: row.id,
    nomor,
    tanggal,
    userId: newId,
    createdBy: actor.id,
    createdAt: now,
  });
  await recordAdminAction(tx, {
    at: now,
    actorId: actor.id,
    agencyId: row.agency_id,
    action: 'USER_DIBUAT',
    target: userId,
    reason: `Perubahan user ID, permohonan ${row.id}`,
    detail: { role: form.peran, bast: nomor },
  });

  if (form.userIdDiganti) {
    const replaced = await findUserByUserId(tx, form.userIdDiganti);
    if (replaced && replaced.agency_id === row.agency_id && replaced.status !== 'NON_AKTIF') {
      await setUserStatus(tx, replaced.id, 'NON_AKTIF');
      await revokeUserSessions(tx, { id: replaced.id, at: now });
      await recordAdminAction(tx, {
        at: now,
        actorId: actor.id,
        agencyId: row.agency_id,
        action: 'USER_DINONAKTIFKAN',
        target: replaced.user_id,
        reason: `Digantikan oleh ${userId} (permohonan ${row.id}, BAST ${nomor})`,
      });
    }
  }
  return {
    userId,
    role: form.peran,
    roleLabel: ROLE_LABELS[form.peran],
    oneTimePassword: password,
    bast: { nomor, tanggal },
  };
}

/** The user ID Dukcapil will create on approval unless it sets another. */
export async function proposedUserId(deps: Deps, actor: RequestActor, id: number): Promise<string> {
  const row = await visibleRequest(deps, actor, id);
  if (row.kind !== 'PERUBAHAN_USER_ID') return '';
  const form = row.payload as UserIdChangeForm;
  return form.userIdUsulan || derivedUserId(row.agency_code, form.peran, row.id);
}

// ---------------------------------------------------------------------------------------
// The handover letter

/**
 * The BAST of an approved user ID change as a PDF, made on request from the records.
 * Without `password` (anyone who may see the request): the copy says the password was
 * handed over separately. With it (Dukcapil's decider, right after approving): the copy
 * for the handover, printed only while the password is the user's actual one-time password
 * — checked against its hash, still to be changed at first login, and within
 * BAST_PASSWORD_MINUTES of the approval. Nothing of the password is stored or logged.
 */
export async function bastPdf(
  deps: Deps,
  actor: RequestActor,
  requestId: number,
  password?: string,
): Promise<{ fileName: string; content: Buffer }> {
  await visibleRequest(deps, actor, requestId);
  const bast = await findBastOfRequest(deps.db, requestId);
  if (!bast) throw new NotFound('Berita acara serah terima belum ada untuk permohonan ini');
  if (password !== undefined) {
    requireDecider(actor);
    const expired =
      deps.clock().getTime() - bast.created_at.getTime() > BAST_PASSWORD_MINUTES * 60_000;
    if (
      expired ||
      !bast.must_change_password ||
      !(await verifyPassword(bast.password_hash, password))
    ) {
      throw new RuleViolation(
        'Berita acara dengan kata sandi hanya dapat dicetak sesaat setelah persetujuan, selama ' +
          'kata sandi sekali pakai belum diganti. Unduh salinan tanpa kata sandi, atau setel ulang kata sandi pengguna.',
      );
    }
  }
  const form = bast.payload as UserIdChangeForm;
  const content = await renderBastPdf({
    nomor: bast.nomor,
    tanggal: bast.tanggal,
    firstPartyName: bast.first_party_name,
    firstPartyHeadTitle: bast.first_party_head_title,
    secondPartyName: bast.second_party_name,
    secondPartyHeadTitle: bast.second_party_head_title,
    agencyCode: bast.agency_code,
    agreementNumbers: { dukcapil: bast.nomor_dukcapil, instansi: bast.nomor_instansi },
    requestLetter: { nomor: bast.letter_number, tanggal: bast.letter_date },
    userId: bast.user_id,
    roleLabel: ROLE_LABELS[bast.role as Role],
    holder: {
      namaLengkap: form.namaLengkap,
      nomorIdentitasKepegawaian: form.nomorIdentitasKepegawaian,
      jabatan: form.jabatan,
    },
    password,
  });
  return { fileName: `BAST-${bast.user_id}.pdf`, content };
}
