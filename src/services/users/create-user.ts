import { can } from '../../domain/permissions.js';
import type { ActingParty } from '../../domain/actor.js';
import { Refusal } from '../../domain/refusals.js';
import { ONE_TIME_PASSWORD_GROUPS } from '../../domain/users.js';
import { recordAdminAction } from '../../store/admin-actions.js';
import type { Executor } from '../../store/db.js';
import { findUserCard } from '../../store/users.js';
import { oneTimePassword } from '../account/passwords.js';
import { createUser } from '../administration/users.js';
import type { Deps } from '../deps.js';

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
  actor: ActingParty,
  input: NewAccount,
  at: Date,
): Promise<CreatedAccount> {
  if (!can(actor.role, 'user.manage')) throw new Refusal('TIDAK_BERWENANG');
  const generated =
    input.password === undefined ? oneTimePassword(ONE_TIME_PASSWORD_GROUPS) : undefined;
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
  actor: ActingParty,
  input: NewAccount,
): Promise<CreatedAccount> {
  return deps.db.transaction().execute((tx) => createAccountIn(tx, actor, input, deps.clock()));
}
