import type { Actor } from '../../domain/actor.js';
import { can } from '../../domain/permissions.js';
import {
  allowedActions,
  ATTACHMENT_PURPOSE_LABELS,
  isRequestKind,
  isRequestState,
  REQUEST_KIND_LABELS,
  REQUEST_STATE_LABELS,
  type Letter,
  type RequestAction,
  type RequestKind,
  type RequestState,
} from '../../domain/requests.js';
import { findAgencyByCode } from '../../store/agencies.js';
import {
  findAttachment,
  findBastOfRequest,
  listAgencyChoices,
  listAttachments,
  listRequests,
  requestHistory,
  type RequestRow,
} from '../../store/requests.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';
import { scopeOf, visibleRequest } from './access.js';
import type { RequestPayload } from './filing.js';

/**
 * Reading requests: the list with its filters and pages, a request with its history,
 * attachments and handover letter, and an attachment's file. Each reader sees what
 * access.ts lets them see.
 */

export const PAGE_SIZE = 20;

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

export async function listRequestsFor(
  deps: Deps,
  actor: Pick<Actor, 'id' | 'role' | 'agencyId'>,
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
  actor: Pick<Actor, 'id' | 'role' | 'agencyId'>,
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

export async function requestDetail(
  deps: Deps,
  actor: Pick<Actor, 'id' | 'role' | 'agencyId'>,
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
  actor: Pick<Actor, 'id' | 'role' | 'agencyId'>,
  requestId: number,
  attachmentId: number,
): Promise<{ fileName: string; contentType: string; content: Buffer }> {
  await visibleRequest(deps, actor, requestId);
  const file = Number.isInteger(attachmentId)
    ? await findAttachment(deps.db, requestId, attachmentId)
    : undefined;
  if (!file) throw new Refusal('TIDAK_ADA', 'Lampiran tidak ditemukan');
  return {
    fileName: file.file_name,
    contentType: file.content_type,
    content: Buffer.from(file.content),
  };
}
