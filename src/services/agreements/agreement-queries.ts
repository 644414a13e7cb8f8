import type { Actor } from '../../domain/actor.js';
import type { AccessMethod } from '../../domain/agreement.js';
import type { AddendumLetter, AgreementRecord } from '../../domain/agreement-record.js';
import {
  AGREEMENT_STATUS_LABELS,
  allowedActions,
  effectiveStatus,
  type AgreementAction,
  type AgreementEventKind,
  type AgreementStatus,
} from '../../domain/agreement-state.js';
import type { EndGround } from '../../domain/agreement-ending.js';
import { EXTENSION_NOTICE } from '../../domain/agreement-extension.js';
import type { Element } from '../../domain/elements.js';
import type { QuotaStage } from '../../domain/quota.js';
import { listAgreementEvents } from '../../store/agreement-events.js';
import {
  findAgreementById,
  listAgreements,
  listAgreementsOfAgency,
  type AgreementFilter,
  type AgreementRow,
} from '../../store/agreements.js';
import type { Executor } from '../../store/db.js';
import { Refusal } from '../errors.js';

/**
 * Reading agreements (PKS) for every channel: one agreement with its history, a page of the
 * list, an agency's agreements, and what the agency's head may see of their own. Each
 * agreement comes with the status that counts today and the actions it allows.
 */

/** An agreement as every reader sees it, with the status that counts today. */
export interface AgreementView extends AgreementRecord {
  readonly id: number;
  readonly agencyId: number;
  readonly agencyCode: string;
  readonly agencyName: string;
  /** As stored. */
  readonly status: AgreementStatus;
  /** As it counts today: an agreement past its end date is BERAKHIR. */
  readonly effectiveStatus: AgreementStatus;
  readonly statusLabel: string;
  /** In force but its end date has passed, with nothing recorded since. */
  readonly lapsed: boolean;
  readonly allowedActions: readonly AgreementAction[];
  readonly createdAt: Date;
  /** The Director General's approval letter, once recorded. */
  readonly dgApproval: { readonly nomor: string; readonly tanggal: string } | null;
  /**
   * In force past its end date because the agency's timely extension request is open: access
   * continues under the SPTJM until the addendum is signed or the request is refused.
   */
  readonly inExtensionPeriod: boolean;
  /** The open timely extension request (past the end date or not), if any. */
  readonly extensionRequestId: number | null;
  /** Why it ended, when recorded (Pasal 6). */
  readonly endGround: EndGround | null;
}

export function recordOf(row: AgreementRow): AgreementRecord {
  return {
    nomorDukcapil: row.nomor_dukcapil,
    nomorInstansi: row.nomor_instansi,
    nomorJuknis: row.nomor_juknis,
    signedOn: row.signed_on,
    endsOn: row.ends_on,
    purpose: row.purpose,
    grantedElements: row.granted_elements as Element[],
    accessMethods: row.access_methods as AccessMethod[],
    accessPoints: row.access_points,
    bandwidthKbps: row.bandwidth_kbps,
    quotaStage: row.quota_stage as QuotaStage,
    firstPartyName: row.first_party_name,
    firstPartyHeadTitle: row.first_party_head_title,
    firstPartyHeadName: row.first_party_head_name,
    secondPartyName: row.second_party_name,
    secondPartyHeadTitle: row.second_party_head_title,
    secondPartyHeadName: row.second_party_head_name,
  };
}

function viewOf(row: AgreementRow, today: string): AgreementView {
  const record = recordOf(row);
  const status = row.status as AgreementStatus;
  const extensionPending = row.extension_request_id !== null;
  const effective = effectiveStatus({ status, endsOn: record.endsOn, extensionPending }, today);
  const inExtensionPeriod = effective === 'AKTIF' && status === 'AKTIF' && record.endsOn < today;
  return {
    ...record,
    id: row.id,
    agencyId: row.agency_id,
    agencyCode: row.agency_code,
    agencyName: row.agency_name,
    status,
    effectiveStatus: effective,
    statusLabel:
      effective !== status
        ? `${AGREEMENT_STATUS_LABELS[effective]} (masa berlaku habis ${record.endsOn})`
        : inExtensionPeriod
          ? `${AGREEMENT_STATUS_LABELS[effective]} — ${EXTENSION_NOTICE}`
          : AGREEMENT_STATUS_LABELS[effective],
    lapsed: effective !== status,
    allowedActions: allowedActions(effective),
    createdAt: row.created_at,
    dgApproval:
      row.dg_approval_number && row.dg_approval_date
        ? { nomor: row.dg_approval_number, tanggal: row.dg_approval_date }
        : null,
    inExtensionPeriod,
    extensionRequestId: row.extension_request_id,
    endGround: (row.end_ground as EndGround | null) ?? null,
  };
}

export async function getAgreement(
  db: Executor,
  agreementId: number,
  today: string,
): Promise<AgreementView | undefined> {
  const row = await findAgreementById(db, agreementId);
  return row ? viewOf(row, today) : undefined;
}

export interface AgreementEventView {
  readonly at: Date;
  readonly kind: AgreementEventKind;
  /** The user ID of who acted; null for the command line or the system. */
  readonly actor: string | null;
  readonly actorName: string | null;
  readonly reason: string | null;
  readonly termsBefore: AgreementRecord | null;
  readonly termsAfter: AgreementRecord | null;
  readonly addendum: AddendumLetter | null;
}

export async function agreementHistory(
  db: Executor,
  agreementId: number,
): Promise<AgreementEventView[]> {
  const rows = await listAgreementEvents(db, agreementId);
  return rows.map((row) => ({
    at: row.at,
    kind: row.kind as AgreementEventKind,
    actor: row.actor_user_id,
    actorName: row.actor_name,
    reason: row.reason,
    termsBefore: (row.terms_before ?? null) as AgreementRecord | null,
    termsAfter: (row.terms_after ?? null) as AgreementRecord | null,
    addendum:
      row.addendum_nomor && row.addendum_tanggal
        ? { nomor: row.addendum_nomor, tanggal: row.addendum_tanggal }
        : null,
  }));
}

export const PAGE_SIZE = 20;

export interface Paged<T> {
  readonly rows: readonly T[];
  readonly total: number;
  /** 1-based */
  readonly page: number;
  readonly pages: number;
}

export function pageNumber(raw: unknown): number {
  const value = Number(raw);
  return Number.isInteger(value) && value >= 1 && value <= 100_000 ? value : 1;
}

export async function listAgreementsPage(
  db: Executor,
  filter: Omit<AgreementFilter, 'today'>,
  page: number,
  today: string,
): Promise<Paged<AgreementView>> {
  const { rows, total } = await listAgreements(
    db,
    { ...filter, today },
    { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
  );
  return {
    rows: rows.map((row) => viewOf(row, today)),
    total,
    page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
  };
}

export async function agreementsOfAgency(
  db: Executor,
  agencyId: number,
  today: string,
): Promise<AgreementView[]> {
  return (await listAgreementsOfAgency(db, agencyId)).map((row) => viewOf(row, today));
}

/** What an agency's head sees: its agreements that were ever signed, not Dukcapil's drafts. */
const SIGNED: readonly AgreementStatus[] = ['AKTIF', 'BERAKHIR', 'DICABUT'];

/** The agency of an agency's user: what they see is theirs; Dukcapil's staff have none. */
export function ownAgencyId(actor: Pick<Actor, 'agencyId'>): number {
  if (actor.agencyId === null) throw new Refusal('TIDAK_ADA', 'Instansi tidak ditemukan');
  return actor.agencyId;
}

export async function ownAgreements(
  db: Executor,
  actor: Pick<Actor, 'agencyId'>,
  today: string,
): Promise<AgreementView[]> {
  return (await agreementsOfAgency(db, ownAgencyId(actor), today)).filter((view) =>
    SIGNED.includes(view.status),
  );
}

/** One agreement of the user's own agency, or TIDAK_ADA (another agency's is not theirs to see). */
export async function ownAgreement(
  db: Executor,
  actor: Pick<Actor, 'agencyId'>,
  agreementId: number,
  today: string,
): Promise<{ agreement: AgreementView; history: AgreementEventView[] }> {
  const agencyId = ownAgencyId(actor);
  const agreement = await getAgreement(db, agreementId, today);
  if (!agreement || agreement.agencyId !== agencyId || !SIGNED.includes(agreement.status)) {
    throw new Refusal('TIDAK_ADA', 'PKS tidak ditemukan');
  }
  return { agreement, history: await agreementHistory(db, agreementId) };
}
