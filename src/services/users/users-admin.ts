import { requiredDocument, type DocumentKind } from '../../domain/documents.js';
import { isLocked } from '../../domain/lockout.js';
import { can } from '../../domain/permissions.js';
import { canReadDocuments, canSeeUser, type Actor } from '../../domain/user-scope.js';
import { ROLES, ROLE_LABELS, type Role } from '../../domain/users.js';
import { recordAdminAction } from '../../store/admin-actions.js';
import type { Executor } from '../../store/db.js';
import {
  agencyChoices,
  clearFailedLogins,
  clearTotp,
  findUserCard,
  listUsers,
  revokeUserSessions,
  setPassword,
  setUserStatus,
  userHistory,
} from '../../store/users.js';
import { createUser } from '../administration/administration.js';
import type { Deps } from '../deps.js';
import { listDocumentsOf, type DocumentEntry } from './user-documents.js';
import { RuleViolation } from '../errors.js';
import { hashPassword, oneTimePassword } from '../account/passwords.js';
import { notAllowed, UserAdminRefusal, userNotFound } from './user-errors.js';

export const USER_STATUSES = ['AKTIF', 'NON_AKTIF', 'DITAHAN'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const USER_STATUS_LABELS: Readonly<Record<UserStatus, string>> = {
  AKTIF: 'Aktif',
  NON_AKTIF: 'Non aktif',
  DITAHAN: 'Ditahan',
};

export const USERS_PAGE_SIZE = 50;

/** Passwords shown once on the console screen: four groups, about 92 bits. */
const CONSOLE_PASSWORD_GROUPS = 4;

export interface UserSummary {
  readonly userId: string;
  readonly displayName: string;
  readonly role: Role;
  readonly roleLabel: string;
  readonly status: UserStatus;
  readonly agencyCode: string | null;
  readonly agencyName: string | null;
  readonly locked: boolean;
  /** The document the role signs and its signing date (null: missing); null for Dukcapil. */
  readonly document: { readonly kind: DocumentKind; readonly signedOn: string | null } | null;
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
  const kind = requiredDocument(role);
  return {
    userId: row.user_id,
    displayName: row.display_name,
    role,
    roleLabel: ROLE_LABELS[role],
    status: row.status as UserStatus,
    agencyCode: row.agency_code,
    agencyName: row.agency_name,
    locked: isLocked(row.locked_until, now),
    document: kind
      ? { kind, signedOn: kind === 'NDA' ? row.nda_signed_on : row.sptjm_signed_on }
      : null,
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
  actor: Actor,
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
    throw notAllowed();
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
export async function userDetail(deps: Deps, actor: Actor, userId: string): Promise<UserDetail> {
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

export interface NewAccount {
  readonly userId: string;
  readonly displayName: string;
  readonly role: string;
  readonly agencyCode?: string | undefined;
  /**
   * A password chosen by the server's operator (CLI --password-stdin): kept as it is, not
   * forced to change. Absent: a one-time password is generated, returned once, and must be
   * changed at the first login.
   */
  readonly password?: string | undefined;
}

export interface CreatedAccount {
  readonly id: number;
  readonly userId: string;
  /** Shown once; only its argon2id hash is stored. */
  readonly oneTimePassword: string | undefined;
}

/**
 * Creates a user ID inside an open transaction (the console, the CLI, and other use cases
 * that create accounts, such as an approved user ID change), recorded as PENGGUNA_DIBUAT.
 */
export async function createAccountIn(
  tx: Executor,
  actor: Actor,
  input: NewAccount,
  at: Date,
): Promise<CreatedAccount> {
  if (!can(actor.role, 'user.manage')) throw notAllowed();
  const generated =
    input.password === undefined ? oneTimePassword(CONSOLE_PASSWORD_GROUPS) : undefined;
  const id = await createUser(tx, {
    userId: input.userId,
    displayName: input.displayName,
    role: input.role,
    agencyCode: input.agencyCode || undefined,
    password: input.password ?? generated!,
    mustChangePassword: generated !== undefined,
  });
  const card = await findUserCard(tx, input.userId.trim().toLowerCase());
  await recordAdminAction(tx, {
    at,
    actorId: actor.id,
    agencyId: card!.agency_id,
    action: 'PENGGUNA_DIBUAT',
    target: card!.user_id,
    detail: { role: card!.role, agency: card!.agency_code },
  });
  return { id, userId: card!.user_id, oneTimePassword: generated };
}

export async function createAccount(
  deps: Deps,
  actor: Actor,
  input: NewAccount,
): Promise<CreatedAccount> {
  return deps.db.transaction().execute((tx) => createAccountIn(tx, actor, input, deps.clock()));
}

function checkedReason(reason: string | undefined): string {
  const text = (reason ?? '').trim();
  if (text.length < 3 || text.length > 500) {
    throw new UserAdminRefusal('Alasan harus diisi, 3–500 karakter', 400, 'PERMINTAAN_TIDAK_VALID');
  }
  return text;
}

/** A user an admin may change: visible, and not the admin themselves (that is /akun). */
async function manageableUser(deps: Deps, actor: Actor, userId: string) {
  if (!can(actor.role, 'user.manage')) throw notAllowed();
  const card = await findUserCard(deps.db, userId.trim().toLowerCase());
  if (!card) throw userNotFound(userId);
  if (actor.id !== null && card.id === actor.id) {
    throw new UserAdminRefusal(
      'Tindakan ini tidak dapat dilakukan pada akun Anda sendiri; gunakan menu Akun',
      409,
      'AKUN_SENDIRI',
    );
  }
  return card;
}

const TRANSITIONS: readonly {
  readonly from: UserStatus;
  readonly to: UserStatus;
  readonly action: string;
}[] = [
  { from: 'AKTIF', to: 'NON_AKTIF', action: 'PENGGUNA_DINONAKTIFKAN' },
  { from: 'DITAHAN', to: 'NON_AKTIF', action: 'PENGGUNA_DINONAKTIFKAN' },
  { from: 'NON_AKTIF', to: 'AKTIF', action: 'PENGGUNA_DIAKTIFKAN' },
  { from: 'DITAHAN', to: 'AKTIF', action: 'PENGGUNA_TAHANAN_DILEPAS' },
  { from: 'AKTIF', to: 'DITAHAN', action: 'PENGGUNA_DITAHAN' },
];

export interface StatusAction {
  readonly to: UserStatus;
  readonly from: readonly UserStatus[];
  /** Deactivation ends every session at once: the consoles ask to confirm it. */
  readonly confirm: boolean;
}

/** The status changes the consoles and the API offer, each from the states it leaves. */
export const STATUS_ACTIONS = {
  deactivate: { to: 'NON_AKTIF', from: ['AKTIF', 'DITAHAN'], confirm: true },
  reactivate: { to: 'AKTIF', from: ['NON_AKTIF'], confirm: false },
  releaseHold: { to: 'AKTIF', from: ['DITAHAN'], confirm: false },
} as const satisfies Record<string, StatusAction>;

/**
 * Moves a user between AKTIF, NON_AKTIF and DITAHAN. `from` narrows which states the caller
 * means to leave (reactivating is from NON_AKTIF, releasing a hold from DITAHAN). A user set
 * NON_AKTIF loses every open session and token at once (a token presented again is answered
 * USER_NON_AKTIF, and stays dead after reactivation). A hold keeps them: the lookup answers
 * AKSES_DITAHAN until the hold is released, and then serves again.
 */
export async function changeUserStatus(
  deps: Deps,
  actor: Actor,
  input: { userId: string; to: UserStatus; from?: readonly UserStatus[]; reason: string },
): Promise<{ from: UserStatus; to: UserStatus }> {
  const reason = checkedReason(input.reason);
  const card = await manageableUser(deps, actor, input.userId);
  const current = card.status as UserStatus;
  const transition = TRANSITIONS.find((t) => t.from === current && t.to === input.to);
  if (!transition || (input.from && !input.from.includes(current))) {
    throw new UserAdminRefusal(
      `Status ${card.user_id} saat ini ${USER_STATUS_LABELS[current]}; tidak dapat diubah menjadi ${USER_STATUS_LABELS[input.to]} dengan tindakan ini`,
      409,
      'STATUS_TIDAK_SESUAI',
    );
  }
  const now = deps.clock();
  await deps.db.transaction().execute(async (tx) => {
    await setUserStatus(tx, card.id, input.to);
    if (input.to === 'NON_AKTIF') {
      await revokeUserSessions(tx, { id: card.id, at: now, because: 'USER_NON_AKTIF' });
    }
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId: card.agency_id,
      action: transition.action,
      target: card.user_id,
      reason,
      detail: { from: current, to: input.to },
    });
  });
  return { from: current, to: input.to };
}

/** Lifts a lockout after repeated wrong passwords or codes at once. */
export async function unlockUser(
  deps: Deps,
  actor: Actor,
  input: { userId: string; reason: string },
): Promise<void> {
  const reason = checkedReason(input.reason);
  const card = await manageableUser(deps, actor, input.userId);
  const now = deps.clock();
  if (!isLocked(card.locked_until, now) && card.failed_logins === 0) {
    throw new UserAdminRefusal(
      `User ID ${card.user_id} tidak sedang terkunci`,
      409,
      'TIDAK_TERKUNCI',
    );
  }
  await deps.db.transaction().execute(async (tx) => {
    await clearFailedLogins(tx, card.id);
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId: card.agency_id,
      action: 'PENGGUNA_KUNCI_DIBUKA',
      target: card.user_id,
      reason,
    });
  });
}

/**
 * Replaces a user's password with a one-time password (returned once), to be changed at
 * the next login; every session and token of the user ends, and a lockout is lifted.
 */
export async function resetPassword(
  deps: Deps,
  actor: Actor,
  input: { userId: string; reason: string },
): Promise<{ userId: string; oneTimePassword: string }> {
  const reason = checkedReason(input.reason);
  const card = await manageableUser(deps, actor, input.userId);
  const password = oneTimePassword(CONSOLE_PASSWORD_GROUPS);
  const passwordHash = await hashPassword(password);
  const now = deps.clock();
  await deps.db.transaction().execute(async (tx) => {
    await setPassword(tx, { id: card.id, passwordHash, mustChange: true, at: now });
    await clearFailedLogins(tx, card.id);
    await revokeUserSessions(tx, { id: card.id, at: now });
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId: card.agency_id,
      action: 'KATA_SANDI_DIRESET',
      target: card.user_id,
      reason,
    });
  });
  return { userId: card.user_id, oneTimePassword: password };
}

/**
 * Removes a user's TOTP (a lost phone). Where TOTP is required the user enrols again at the
 * next login; every session and token of the user ends.
 */
export async function resetTotp(
  deps: Deps,
  actor: Actor,
  input: { userId: string; reason: string },
): Promise<void> {
  const reason = checkedReason(input.reason);
  const card = await manageableUser(deps, actor, input.userId);
  if (card.totp_enabled_at === null && !card.totp_pending) {
    throw new RuleViolation(`User ID ${card.user_id} tidak memakai TOTP`);
  }
  const now = deps.clock();
  await deps.db.transaction().execute(async (tx) => {
    await clearTotp(tx, card.id);
    await revokeUserSessions(tx, { id: card.id, at: now });
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId: card.agency_id,
      action: 'TOTP_DIRESET',
      target: card.user_id,
      reason,
    });
  });
}

/** Agencies for the consoles' forms and filters. */
export async function agencyOptions(deps: Deps) {
  return agencyChoices(deps.db);
}
