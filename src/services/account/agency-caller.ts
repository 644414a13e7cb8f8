import { accessRefusal, type AccessRefusal } from '../../domain/access.js';
import type { Actor } from '../../domain/actor.js';
import { wibDay } from '../../domain/time.js';
import type { Role } from '../../domain/users.js';
import { findSessionSubject } from '../../store/users.js';
import type { Deps } from '../deps.js';
import { hashToken } from './tokens.js';

/**
 * Any signed-in user acting now: Dukcapil staff (no agency) or agency staff.
 * @deprecated The Actor of domain/actor.ts, which it is.
 */
export type SessionUser = Actor;

/** Why a token or session does not act now: none live, or the SPEC §2 refusal of its holder. */
export type CallerRefusal = 'GAGAL_LOGIN' | AccessRefusal;

export type SessionUserResult =
  | { readonly ok: true; readonly user: SessionUser }
  | { readonly ok: false; readonly code: CallerRefusal };

type CallerInput = {
  readonly token: string;
  readonly kind: 'PORTAL' | 'API';
  readonly clientIp: string;
};

type Subject = NonNullable<Awaited<ReturnType<typeof findSessionSubject>>>;

/**
 * The holder of a portal session or bearer token with the refusal, if any, that a login
 * would give them now: user state, and for agency staff their agency, agreement in force
 * granting the channel, access point.
 */
async function checkedSubject(
  deps: Deps,
  input: CallerInput,
): Promise<{ ok: true; subject: Subject } | { ok: false; code: CallerRefusal }> {
  const now = deps.clock();
  const subject = await findSessionSubject(deps.db, {
    tokenHash: hashToken(input.token),
    kind: input.kind,
    now,
    day: wibDay(now),
    clientIp: input.clientIp,
  });
  if (!subject) return { ok: false, code: 'GAGAL_LOGIN' };
  const refusal = accessRefusal(subject, input.kind);
  if (refusal) return { ok: false, code: refusal };
  // Ended by an administrative action whose refusal no longer applies: still ended.
  if (subject.session_revoked_at !== null) return { ok: false, code: 'GAGAL_LOGIN' };
  return { ok: true, subject };
}

/** Any signed-in user acting now; the JSON admin API and the consoles take their caller from here. */
export async function authorizeSessionUser(
  deps: Deps,
  input: CallerInput,
): Promise<SessionUserResult> {
  const checked = await checkedSubject(deps, input);
  if (!checked.ok) return checked;
  const { subject } = checked;
  return {
    ok: true,
    user: {
      id: subject.id,
      userId: subject.user_id,
      displayName: subject.display_name,
      role: subject.role as Role,
      agencyId: subject.agency_id,
      clientIp: input.clientIp,
    },
  };
}
