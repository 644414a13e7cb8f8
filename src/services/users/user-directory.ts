import { documentStatus, type DocumentKind } from '../../domain/documents.js';
import { isLocked } from '../../domain/lockout.js';
import { can } from '../../domain/permissions.js';
import type { ActingParty } from '../../domain/actor.js';
import { Refusal } from '../../domain/refusals.js';
import { canReadDocuments, canSeeUser, userNotFound } from '../../domain/user-scope.js';
import { USER_STATUSES, type UserStatus } from '../../domain/user-status.js';
import { ROLES, ROLE_LABELS, type Role } from '../../domain/users.js';
import { agencyChoices, findUserCard, listUsers, userHistory } from '../../store/users.js';
import type { Deps } from '../deps.js';
import { listDocumentsOf, type DocumentEntry } from './user-documents.js';

/** Who the consoles show: the list of users with its filters, and one user's page. */

export const USERS_PAGE_SIZE = 50;

export interface UserSummary {
  readonly userId: string;
  readonly displayName: string;
  readonly role: Role;
  readonly roleLabel: string;
  readonly status: UserStatus;
  readonly agencyCode: string | null;
  readonly agencyName: string | null;
  readonly locked: boolean;
  /**
   * The documents the role signs, each with its signing date (null: missing); none for
   * Dukcapil staff. A head signs the SPTJM and an NDA of their own.
   */
  readonly requiredDocuments: readonly {
    readonly kind: DocumentKind;
    readonly signedOn: string | null;
  }[];
  readonly mustChangePassword: boolean;
  readonly totpEnabled: boolean;
}

function summaryOf(
  row: {
    user_id: string;
    display_name: string;
    role: string;
    status: string;
    agency_code: string | null;
    agency_name: string | null;
    locked_until: Date | null;
    nda_signed_on: string | null;
    sptjm_signed_on: string | null;
    must_change_password: boolean;
    totp_enabled_at: Date | null;
  },
  now: Date,
): UserSummary {
  const role = row.role as Role;
  return {
    userId: row.user_id,
    displayName: row.display_name,
    role,
    roleLabel: ROLE_LABELS[role],
    status: row.status as UserStatus,
    agencyCode: row.agency_code,
    agencyName: row.agency_name,
    locked: isLocked(row.locked_until, now),
    requiredDocuments: documentStatus(role, row),
    mustChangePassword: row.must_change_password,
    totpEnabled: row.totp_enabled_at !== null,
  };
}

export interface UserListQuery {
  readonly agencyCode?: string | undefined;
  readonly role?: string | undefined;
  readonly status?: string | undefined;
  readonly documentsMissing?: boolean | undefined;
  readonly search?: string | undefined;
  /** 1-based */
  readonly page?: number | undefined;
}

export interface UserListPage {
  readonly users: UserSummary[];
  readonly total: number;
  readonly page: number;
  readonly pages: number;
  /** The filter as applied (unknown values dropped; a head's agency forced). */
  readonly applied: UserListQuery;
}

/**
 * One page of users for the consoles: Dukcapil admins filter over every agency; an agency
 * head sees only their own agency's users, whatever agency the query names.
 */
export async function listUsersFor(
  deps: Deps,
  actor: ActingParty,
  query: UserListQuery,
): Promise<UserListPage> {
  let agencyId: number | undefined;
  let agencyCode = query.agencyCode?.trim().toUpperCase() || undefined;
  if (can(actor.role, 'user.manage')) {
    if (agencyCode) {
      const agency = (await agencyChoices(deps.db)).find((a) => a.code === agencyCode);
      agencyId = agency?.id ?? -1;
    }
  } else if (can(actor.role, 'user.viewOwnAgency') && actor.agencyId !== null) {
    agencyId = actor.agencyId;
    agencyCode = undefined;
  } else {
    throw new Refusal('TIDAK_BERWENANG');
  }
  const role = (ROLES as readonly string[]).includes(query.role ?? '') ? query.role : undefined;
  const status = (USER_STATUSES as readonly string[]).includes(query.status ?? '')
    ? query.status
    : undefined;
  const search = query.search?.trim().slice(0, 60) || undefined;
  const page = Math.max(1, Math.min(Math.trunc(query.page ?? 1) || 1, 100_000));
  const { rows, total } = await listUsers(
    deps.db,
    { agencyId, role, status, documentsMissing: query.documentsMissing, search },
    { limit: USERS_PAGE_SIZE, offset: (page - 1) * USERS_PAGE_SIZE },
  );
  const now = deps.clock();
  return {
    users: rows.map((row) => summaryOf(row, now)),
    total,
    page,
    pages: Math.max(1, Math.ceil(total / USERS_PAGE_SIZE)),
    applied: {
      agencyCode,
      role,
      status,
      documentsMissing: query.documentsMissing ?? false,
      search,
      page,
    },
  };
}

export interface HistoryEntry {
  readonly at: Date;
  readonly action: string;
  readonly actor: string | null;
  readonly reason: string | null;
}

export interface UserDetail extends UserSummary {
  readonly id: number;
  readonly agencyId: number | null;
  readonly failedLogins: number;
  readonly lockedUntil: Date | null;
  readonly passwordChangedAt: Date | null;
  readonly totpRequired: boolean;
  readonly createdAt: Date;
  /** Empty when the actor may not read them. */
  readonly documents: DocumentEntry[];
  readonly history: HistoryEntry[];
}

/** A user as the consoles show them: state, documents and administrative history. */
export async function userDetail(
  deps: Deps,
  actor: ActingParty,
  userId: string,
): Promise<UserDetail> {
  const card = await findUserCard(deps.db, userId.trim().toLowerCase());
  if (!card || !canSeeUser(actor, { agencyId: card.agency_id })) throw userNotFound(userId);
  const [documents, history] = await Promise.all([
    canReadDocuments(actor, card.agency_id) && card.agency_id !== null
      ? listDocumentsOf(deps, actor, card.user_id)
      : Promise.resolve([]),
    userHistory(deps.db, card.user_id, 100),
  ]);
  return {
    ...summaryOf(card, deps.clock()),
    id: card.id,
    agencyId: card.agency_id,
    failedLogins: card.failed_logins,
    lockedUntil: card.locked_until,
    passwordChangedAt: card.password_changed_at,
    totpRequired: card.totp_required,
    createdAt: card.created_at,
    documents,
    history: history.map((h) => ({
      at: h.at,
      action: h.action,
      actor: h.actor,
      reason: h.reason,
    })),
  };
}

/** Agencies for the consoles' forms and filters. */
export async function agencyOptions(deps: Deps) {
  return agencyChoices(deps.db);
}
