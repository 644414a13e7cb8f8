import { isLocked } from '../../domain/lockout.js';
import { can } from '../../domain/permissions.js';
import type { ActingParty } from '../../domain/actor.js';
import { Refusal } from '../../domain/refusals.js';
import { userNotFound } from '../../domain/user-scope.js';
import { statusTransition, USER_STATUS_LABELS, type UserStatus } from '../../domain/user-status.js';
import { ONE_TIME_PASSWORD_GROUPS } from '../../domain/users.js';
import { recordAdminAction } from '../../store/admin-actions.js';
import type { Executor } from '../../store/db.js';
import {
  clearFailedLogins,
  clearTotp,
  findUserCard,
  revokeUserSessions,
  setPassword,
  setUserStatus,
} from '../../store/users.js';
import { hashPassword, oneTimePassword } from '../account/passwords.js';
import type { Deps } from '../deps.js';

/** What a Dukcapil admin does to another user ID: status, lockout, password, TOTP. */

function checkedReason(reason: string | undefined): string {
  const text = (reason ?? '').trim();
  if (text.length < 3 || text.length > 500) {
    throw new Refusal('PERMINTAAN_TIDAK_VALID', 'Alasan harus diisi, 3–500 karakter');
  }
  return text;
}

type ManagedUser = NonNullable<Awaited<ReturnType<typeof findUserCard>>>;

/**
 * The user an admin means to change, and why: the reason stated, the user visible, and not
 * the admin themselves (that is /akun).
 */
async function manageableUser(
  deps: Deps,
  actor: ActingParty,
  input: { userId: string; reason: string },
): Promise<{ card: ManagedUser; reason: string }> {
  const reason = checkedReason(input.reason);
  if (!can(actor.role, 'user.manage')) throw new Refusal('TIDAK_BERWENANG');
  const card = await findUserCard(deps.db, input.userId.trim().toLowerCase());
  if (!card) throw userNotFound(input.userId);
  if (actor.id !== null && card.id === actor.id) throw new Refusal('AKUN_SENDIRI');
  return { card, reason };
}

/**
 * Makes a change to a user and records it in the administrative history, in one
 * transaction, so that no change goes unrecorded.
 */
async function changeAndRecord(
  deps: Deps,
  actor: ActingParty,
  card: ManagedUser,
  entry: { action: string; reason: string; detail?: Record<string, unknown> },
  change: (tx: Executor, now: Date) => Promise<void>,
): Promise<void> {
  const now = deps.clock();
  await deps.db.transaction().execute(async (tx) => {
    await change(tx, now);
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId: card.agency_id,
      target: card.user_id,
      ...entry,
    });
  });
}

/**
 * Moves a user between AKTIF, NON_AKTIF and DITAHAN. `from` narrows which states the caller
 * means to leave (reactivating is from NON_AKTIF, releasing a hold from DITAHAN). A user set
 * NON_AKTIF loses every open session and token at once (a token presented again is answered
 * USER_NON_AKTIF, and stays dead after reactivation). A hold keeps them: the lookup answers
 * AKSES_DITAHAN until the hold is released, and then serves again.
 */
export async function changeUserStatus(
  deps: Deps,
  actor: ActingParty,
  input: {
    userId: string;
    to: UserStatus;
    from?: readonly UserStatus[];
    reason: string;
    /** The caller's own writes, in the same transaction (the policy's alerts). */
    alongside?: (tx: Executor, now: Date) => Promise<void>;
  },
): Promise<{ from: UserStatus; to: UserStatus }> {
  const { card, reason } = await manageableUser(deps, actor, input);
  const current = card.status as UserStatus;
  const transition = statusTransition(current, input.to);
  if (!transition || (input.from && !input.from.includes(current))) {
    throw new Refusal(
      'STATUS_TIDAK_SESUAI',
      `Status ${card.user_id} saat ini ${USER_STATUS_LABELS[current]}; tidak dapat diubah menjadi ${USER_STATUS_LABELS[input.to]} dengan tindakan ini`,
    );
  }
  await changeAndRecord(
    deps,
    actor,
    card,
    { action: transition.action, reason, detail: { from: current, to: input.to } },
    async (tx, now) => {
      await setUserStatus(tx, card.id, input.to);
      if (input.to === 'NON_AKTIF') {
        await revokeUserSessions(tx, { id: card.id, at: now, because: 'USER_NON_AKTIF' });
      }
      await input.alongside?.(tx, now);
    },
  );
  return { from: current, to: input.to };
}

/** Lifts a lockout after repeated wrong passwords or codes at once. */
export async function unlockUser(
  deps: Deps,
  actor: ActingParty,
  input: { userId: string; reason: string },
): Promise<void> {
  const { card, reason } = await manageableUser(deps, actor, input);
  if (!isLocked(card.locked_until, deps.clock()) && card.failed_logins === 0) {
    throw new Refusal('TIDAK_TERKUNCI', `User ID ${card.user_id} tidak sedang terkunci`);
  }
  await changeAndRecord(deps, actor, card, { action: 'PENGGUNA_KUNCI_DIBUKA', reason }, (tx) =>
    clearFailedLogins(tx, card.id),
  );
}

/**
 * Replaces a user's password with a one-time password (returned once), to be changed at
 * the next login; every session and token of the user ends, and a lockout is lifted.
 */
export async function resetPassword(
  deps: Deps,
  actor: ActingParty,
  input: { userId: string; reason: string },
): Promise<{ userId: string; oneTimePassword: string }> {
  const { card, reason } = await manageableUser(deps, actor, input);
  const password = oneTimePassword(ONE_TIME_PASSWORD_GROUPS);
  const passwordHash = await hashPassword(password);
  await changeAndRecord(
    deps,
    actor,
    card,
    { action: 'KATA_SANDI_DIRESET', reason },
    async (tx, now) => {
      await setPassword(tx, { id: card.id, passwordHash, mustChange: true, at: now });
      await clearFailedLogins(tx, card.id);
      await revokeUserSessions(tx, { id: card.id, at: now });
    },
  );
  return { userId: card.user_id, oneTimePassword: password };
}

/**
 * Removes a user's TOTP (a lost phone). Where TOTP is required the user enrols again at the
 * next login; every session and token of the user ends.
 */
export async function resetTotp(
  deps: Deps,
  actor: ActingParty,
  input: { userId: string; reason: string },
): Promise<void> {
  const { card, reason } = await manageableUser(deps, actor, input);
  if (card.totp_enabled_at === null && !card.totp_pending) {
    throw new Refusal('PERMINTAAN_TIDAK_VALID', `User ID ${card.user_id} tidak memakai TOTP`);
  }
  await changeAndRecord(deps, actor, card, { action: 'TOTP_DIRESET', reason }, async (tx, now) => {
    await clearTotp(tx, card.id);
    await revokeUserSessions(tx, { id: card.id, at: now });
  });
}
