import { accessRefusal } from '../domain/access.js';
import type { ResponseCode } from '../domain/responses.js';
import { wibDay } from '../domain/time.js';
import { insertLoginAudit } from '../store/audit.js';
import { insertSession } from '../store/sessions.js';
import { clearFailedLogins, findLoginSubject, recordFailedLogin } from '../store/users.js';
import { isLocked, LOCKOUT_MINUTES, MAX_FAILED_LOGINS } from '../domain/lockout.js';
import type { Deps } from './deps.js';
import { verifyPassword } from './passwords.js';
import { newToken } from './tokens.js';

export type LoginRefusal = Extract<
  ResponseCode,
  'GAGAL_LOGIN' | 'USER_NON_AKTIF' | 'INSTANSI_TIDAK_AKTIF' | 'IP_TIDAK_SESUAI'
>;

export type LoginResult =
  | { readonly ok: true; readonly token: string; readonly expiresIn: number }
  | { readonly ok: false; readonly code: LoginRefusal };

export interface LoginInput {
  readonly userId: string;
  readonly password: string;
  readonly kind: 'PORTAL' | 'API';
  readonly clientIp: string;
}

/**
 * Checks a user ID and password and opens a portal session or issues a bearer token.
 * An unknown user and a wrong password get the same answer. Agency users are refused when
 * their agency is inactive or has no agreement in force, or when they are outside its
 * access point. Repeated wrong passwords lock the account for a while (domain/lockout.ts).
 * Every attempt is audited.
 */
export async function login(deps: Deps, input: LoginInput): Promise<LoginResult> {
  const now = deps.clock();
  const userId = input.userId.trim().toLowerCase();
  const subject = await findLoginSubject(deps.db, userId, wibDay(now), input.clientIp);
  const passwordOk = await verifyPassword(subject?.password_hash, input.password);

  // A locked account answers as a wrong password would, even to the right one.
  const locked = subject !== undefined && isLocked(subject.locked_until, now);
  const code: LoginRefusal | undefined =
    !subject || !passwordOk || locked ? 'GAGAL_LOGIN' : accessRefusal(subject, input.kind);
  if (subject && !passwordOk) {
    await recordFailedLogin(deps.db, {
      id: subject.id,
      now,
      maxFailures: MAX_FAILED_LOGINS,
      lockMinutes: LOCKOUT_MINUTES,
    });
  } else if (subject && !locked) {
    await clearFailedLogins(deps.db, subject.id);
  }

  await insertLoginAudit(deps.db, {
    at: now,
    channel: input.kind,
    // A wrong password on a known account is recorded against it: repeated guessing shows.
    userId: subject ? subject.id : null,
    agencyId: subject ? subject.agency_id : null,
    clientIp: input.clientIp,
    // TERKUNCI (an attempt on a locked account) is for Dukcapil's eyes only: the user is
    // told "Gagal Login".
    responseCode: locked ? 'TERKUNCI' : (code ?? 'BERHASIL'),
  });
  if (code || !subject) return { ok: false, code: code ?? 'GAGAL_LOGIN' };

  const ttl = input.kind === 'API' ? deps.tokenTtlSeconds : deps.sessionTtlSeconds;
  const { token, hash } = newToken();
  await insertSession(deps.db, {
    tokenHash: hash,
    userId: subject.id,
    kind: input.kind,
    createdAt: now,
    expiresAt: new Date(now.getTime() + ttl * 1000),
  });
  return { ok: true, token, expiresIn: ttl };
}
