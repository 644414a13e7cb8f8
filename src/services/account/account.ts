import { documentStatus, type DocumentKind } from '../../domain/documents.js';
import { LOCKOUT_MINUTES, MAX_FAILED_LOGINS } from '../../domain/lockout.js';
import { newPasswordProblems } from '../../domain/password-policy.js';
import { ROLE_LABELS, type Role } from '../../domain/users.js';
import { recordAdminAction } from '../../store/admin-actions.js';
import {
  findAccountSecrets,
  findUserCardById,
  recordFailedLogin,
  revokeUserSessions,
  setPassword,
} from '../../store/users.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { hashToken } from './tokens.js';

/**
 * Checks the password of the signed-in user before a sensitive change of their own account.
 * A wrong one counts toward the lockout as a failed login does: someone at an unattended,
 * signed-in counter PC cannot guess it freely.
 */
export async function verifyOwnPassword(
  deps: Deps,
  user: { id: number; password_hash: string },
  password: string,
): Promise<boolean> {
  const ok = await verifyPassword(user.password_hash, password);
  if (!ok) {
    await recordFailedLogin(deps.db, {
      id: user.id,
      now: deps.clock(),
      maxFailures: MAX_FAILED_LOGINS,
      lockMinutes: LOCKOUT_MINUTES,
    });
  }
  return ok;
}

export interface OwnPasswordChange {
  /** app_user.id of the signed-in user. */
  readonly id: number;
  readonly current: string;
  readonly next: string;
  readonly repeat: string;
  /** The session or token making the change: it stays; every other one is revoked. */
  readonly keepToken?: string | undefined;
}

/**
 * Changes one's own password: the current one, the new one twice (domain/password-policy.ts).
 * Ends a forced change after creation or reset, and signs out every other session and token.
 */
export async function changeOwnPassword(deps: Deps, change: OwnPasswordChange): Promise<void> {
  const user = await findAccountSecrets(deps.db, change.id);
  if (!user) throw new Refusal('PERMINTAAN_TIDAK_VALID', 'Pengguna tidak ditemukan');
  const problems = newPasswordProblems({ userId: user.user_id, ...change });
  if (!(await verifyOwnPassword(deps, user, change.current))) {
    problems.unshift('Kata sandi saat ini salah');
  }
  if (problems.length > 0) throw new Refusal('PERMINTAAN_TIDAK_VALID', problems.join('; '));
  const passwordHash = await hashPassword(change.next);
  const now = deps.clock();
  await deps.db.transaction().execute(async (tx) => {
    await setPassword(tx, { id: user.id, passwordHash, mustChange: false, at: now });
    await revokeUserSessions(tx, {
      id: user.id,
      at: now,
      except: change.keepToken ? hashToken(change.keepToken) : undefined,
    });
    await recordAdminAction(tx, {
      at: now,
      actorId: user.id,
      agencyId: user.agency_id,
      action: 'KATA_SANDI_DIGANTI',
      target: user.user_id,
    });
  });
}

export interface AccountOverview {
  readonly userId: string;
  readonly displayName: string;
  readonly roleLabel: string;
  readonly agencyName: string | null;
  readonly passwordChangedAt: Date | null;
  readonly mustChangePassword: boolean;
  readonly totpEnabled: boolean;
  readonly totpRequired: boolean;
  readonly totpPending: boolean;
  /** The documents the role must have signed, each with its signing date once recorded. */
  readonly requiredDocuments: readonly {
    readonly kind: DocumentKind;
    readonly signedOn: string | null;
  }[];
}

export async function accountOverview(deps: Deps, id: number): Promise<AccountOverview> {
  const card = await findUserCardById(deps.db, id);
  if (!card) throw new Refusal('PERMINTAAN_TIDAK_VALID', 'Pengguna tidak ditemukan');
  const role = card.role as Role;
  return {
    userId: card.user_id,
    displayName: card.display_name,
    roleLabel: ROLE_LABELS[role],
    agencyName: card.agency_name,
    passwordChangedAt: card.password_changed_at,
    mustChangePassword: card.must_change_password,
    totpEnabled: card.totp_enabled_at !== null,
    totpRequired: card.totp_required,
    totpPending: card.totp_pending,
    requiredDocuments: documentStatus(role, card),
  };
}
