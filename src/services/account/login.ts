import { accessRefusal, type AccessRefusal } from '../../domain/access.js';
import { sanitizedText } from '../../domain/input-text.js';
import type { AccountRefusal } from '../../domain/account-refusals.js';
import type { ResponseCode } from '../../domain/responses.js';
import { wibDay } from '../../domain/time.js';
import { LOGIN_CHALLENGE_SECONDS } from '../../domain/totp-policy.js';
import { insertLoginAudit } from '../../store/audit.js';
import {
  deleteExpiredLoginChallenges,
  findLoginChallenge,
  insertLoginChallenge,
  spendLoginChallenge,
} from '../../store/login-challenges.js';
import { insertSession } from '../../store/sessions.js';
import { clearFailedLogins, findLoginSubject, recordFailedLogin } from '../../store/users.js';
import { isLocked, LOCKOUT_MINUTES, MAX_FAILED_LOGINS } from '../../domain/lockout.js';
import type { Role } from '../../domain/users.js';
import { afterEndAccess } from '../card-readers/after-end.js';
import type { Deps } from '../deps.js';
import { verifyPassword } from './passwords.js';
import { hashToken, newToken } from './tokens.js';
import { spendTotpCode } from './totp.js';

export type LoginRefusal = Extract<
  ResponseCode,
  'GAGAL_LOGIN' | 'USER_NON_AKTIF' | 'INSTANSI_TIDAK_AKTIF' | 'IP_TIDAK_SESUAI'
>;

export interface LoginSuccess {
  readonly ok: true;
  readonly token: string;
  readonly expiresIn: number;
  /** The portal sends the user to the account page until these are done. */
  readonly mustChangePassword: boolean;
  readonly mustEnrolTotp: boolean;
}

export type LoginResult =
  | LoginSuccess
  | {
      readonly ok: false;
      readonly code: LoginRefusal | AccountRefusal;
      /** With OTP_DIPERLUKAN on the portal: the secret of the pending second step. */
      readonly challenge?: string;
    };

export interface LoginInput {
  readonly userId: string;
  readonly password: string;
  readonly kind: 'PORTAL' | 'API';
  readonly clientIp: string;
  /** The TOTP code, when the client sends it with the password (API). */
  readonly otp?: string | undefined;
  /** The limit of failed attempts per address and per account; every channel passes its own. */
  readonly throttle?: LoginThrottle | undefined;
}

/**
 * The rate limit of failed logins per client address and per account (issue 13: password
 * spraying), kept by the transport (app-login-limits.ts) for the request it serves. `account`
 * is the user ID as the login compares it (trimmed, lower case).
 */
export interface LoginThrottle {
  /** false: this address, or this account, has had its failed attempts for now. Counts nothing. */
  admits(account: string): Promise<boolean>;
  /** Counts one failed attempt against the address and the account. */
  failed(account: string): Promise<void>;
}

type Subject = NonNullable<Awaited<ReturnType<typeof findLoginSubject>>>;

async function countFailure(deps: Deps, id: number, now: Date): Promise<void> {
  await recordFailedLogin(deps.db, {
    id,
    now,
    maxFailures: MAX_FAILED_LOGINS,
    lockMinutes: LOCKOUT_MINUTES,
  });
}

async function audit(
  deps: Deps,
  input: { at: Date; kind: 'PORTAL' | 'API'; subject: Subject | undefined; clientIp: string },
  responseCode: string,
): Promise<void> {
  await insertLoginAudit(deps.db, {
    at: input.at,
    channel: input.kind,
    // A wrong password on a known account is recorded against it: repeated guessing shows.
    userId: input.subject ? input.subject.id : null,
    agencyId: input.subject ? input.subject.agency_id : null,
    clientIp: input.clientIp,
    responseCode,
  });
}

async function openSession(
  deps: Deps,
  subject: Subject,
  kind: 'PORTAL' | 'API',
  now: Date,
): Promise<LoginSuccess> {
  const ttl = kind === 'API' ? deps.tokenTtlSeconds : deps.sessionTtlSeconds;
  const { token, hash } = newToken();
  await insertSession(deps.db, {
    tokenHash: hash,
    userId: subject.id,
    kind,
    createdAt: now,
    expiresAt: new Date(now.getTime() + ttl * 1000),
  });
  return {
    ok: true,
    token,
    expiresIn: ttl,
    mustChangePassword: subject.must_change_password,
    mustEnrolTotp: subject.totp_required && subject.totp_enabled_at === null,
  };
}

/**
 * Checks a user ID and password and opens a portal session or issues a bearer token.
 * An unknown user and a wrong password get the same answer. Agency users are refused when
 * their agency is inactive or has no agreement in force, or when they are outside its
 * access point. Repeated wrong passwords lock the account for a while (domain/lockout.ts).
 * Every attempt is audited.
 *
 * A user with TOTP needs a code too: on the API in `otp`; on the portal the right password
 * opens no session but a short-lived challenge for the second page (completeLogin). Wrong
 * codes count toward the lockout, and the count is cleared only once the code is right, so
 * re-entering the password does not buy more guesses. The API issues no token while the
 * password must be changed or a required TOTP is not enrolled (ACCOUNT_REFUSALS); the portal
 * opens the session and sends the user to the account page.
 */
export async function login(deps: Deps, input: LoginInput): Promise<LoginResult> {
  const now = deps.clock();
  const userId = input.userId.trim().toLowerCase();
  const admitted = input.throttle ? await input.throttle.admits(userId) : true;
  const subject = await findLoginSubject(deps.db, userId, wibDay(now), input.clientIp);
  // Checked even when the limit refuses, so that the answer takes as long as any wrong
  // password's: the time does not tell a limited attempt from a wrong one.
  const passwordOk = await verifyPassword(subject?.password_hash, input.password);
  const context = { at: now, kind: input.kind, subject, clientIp: input.clientIp };
  if (!admitted) {
    // Over the limit of failed attempts (this address or this account): "Gagal Login" as for
    // a wrong password, whichever limit and whatever the password; DIBATASI for Dukcapil's
    // eyes. Nothing of the account changes: the attempt was not tried.
    await audit(deps, context, 'DIBATASI');
    return { ok: false, code: 'GAGAL_LOGIN' };
  }

  // A locked account answers as a wrong password would, even to the right one.
  const locked = subject !== undefined && isLocked(subject.locked_until, now);
  const code: LoginRefusal | undefined =
    !subject || !passwordOk || locked
      ? 'GAGAL_LOGIN'
      : await channelRefusal(deps, subject, input.kind, input.clientIp);
  const totpEnabled = subject?.totp_enabled_at != null;
  if (subject && !passwordOk) {
    await countFailure(deps, subject.id, now);
  } else if (subject && !locked && !totpEnabled) {
    await clearFailedLogins(deps.db, subject.id);
  }
  if (code || !subject) {
    // TERKUNCI (an attempt on a locked account) is for Dukcapil's eyes only: the user is
    // told "Gagal Login".
    await audit(deps, context, locked ? 'TERKUNCI' : (code ?? 'GAGAL_LOGIN'));
    if ((code ?? 'GAGAL_LOGIN') === 'GAGAL_LOGIN') await input.throttle?.failed(userId);
    return { ok: false, code: code ?? 'GAGAL_LOGIN' };
  }

  if (totpEnabled) {
    if (input.otp === undefined) {
      if (input.kind === 'API') {
        await audit(deps, context, 'OTP_DIPERLUKAN');
        return { ok: false, code: 'OTP_DIPERLUKAN' };
      }
      await audit(deps, context, 'MENUNGGU_OTP');
      return {
        ok: false,
        code: 'OTP_DIPERLUKAN',
        challenge: await openChallenge(deps, subject, now),
      };
    }
    if (!(await spendTotpCode(deps, subject, input.otp))) {
      await countFailure(deps, subject.id, now);
      await audit(deps, context, 'OTP_SALAH');
      await input.throttle?.failed(userId);
      return { ok: false, code: 'GAGAL_LOGIN' };
    }
    await clearFailedLogins(deps.db, subject.id);
  }

  if (input.kind === 'API') {
    const refusal: AccountRefusal | undefined = subject.must_change_password
      ? 'GANTI_KATA_SANDI'
      : subject.totp_required && !totpEnabled
        ? 'TOTP_WAJIB'
        : undefined;
    if (refusal) {
      await audit(deps, context, refusal);
      return { ok: false, code: refusal };
    }
  }
  await audit(deps, context, 'BERHASIL');
  return openSession(deps, subject, input.kind, now);
}

/**
 * The SPEC §2 refusal of a sign-in through a channel, except on the portal for the head of an
 * ended agreement whose SAMs are not all back: signed in for the SAM-return pages only
 * (card-readers/after-end.ts; the portal's caller check keeps them there).
 */
async function channelRefusal(
  deps: Deps,
  subject: Subject,
  kind: 'PORTAL' | 'API',
  clientIp: string,
): Promise<AccessRefusal | undefined> {
  const refusal = accessRefusal(subject, kind);
  if (refusal !== 'INSTANSI_TIDAK_AKTIF' || kind !== 'PORTAL') return refusal;
  const afterEnd = await afterEndAccess(
    deps.db,
    { role: subject.role as Role, agencyId: subject.agency_id, status: subject.status },
    clientIp,
  );
  return afterEnd ? undefined : refusal;
}

async function openChallenge(deps: Deps, subject: Subject, now: Date): Promise<string> {
  await deleteExpiredLoginChallenges(deps.db, now);
  const { token, hash } = newToken();
  await insertLoginChallenge(deps.db, {
    tokenHash: hash,
    userId: subject.id,
    createdAt: now,
    expiresAt: new Date(now.getTime() + LOGIN_CHALLENGE_SECONDS * 1000),
  });
  return token;
}

export type SecondStepResult =
  | LoginSuccess
  | {
      readonly ok: false;
      readonly code: LoginRefusal;
      /** true: the same challenge may be tried again (a wrong code before the lockout). */
      readonly retry: boolean;
    };

/**
 * The portal's second step: the challenge from the password step and a TOTP code. A wrong
 * code counts as a failed login; the fifth locks the account and ends the challenge.
 */
export async function completeLogin(
  deps: Deps,
  input: {
    readonly challenge: string;
    readonly otp: string;
    readonly clientIp: string;
    readonly throttle?: LoginThrottle | undefined;
  },
): Promise<SecondStepResult> {
  const now = deps.clock();
  const challengeHash = hashToken(input.challenge);
  const pending = await findLoginChallenge(deps.db, challengeHash, now);
  if (!pending) return { ok: false, code: 'GAGAL_LOGIN', retry: false };
  const subject = await findLoginSubject(deps.db, pending.user_id, wibDay(now), input.clientIp);
  if (!subject) return { ok: false, code: 'GAGAL_LOGIN', retry: false };
  const context = { at: now, kind: 'PORTAL' as const, subject, clientIp: input.clientIp };
  if (input.throttle && !(await input.throttle.admits(pending.user_id))) {
    // The code is not tried: the same answer as a wrong code, and the challenge stays.
    await audit(deps, context, 'DIBATASI');
    return { ok: false, code: 'GAGAL_LOGIN', retry: true };
  }

  const refusal: LoginRefusal | undefined = isLocked(subject.locked_until, now)
    ? 'GAGAL_LOGIN'
    : await channelRefusal(deps, subject, 'PORTAL', input.clientIp);
  if (refusal) {
    await spendLoginChallenge(deps.db, challengeHash, now);
    await audit(deps, context, refusal === 'GAGAL_LOGIN' ? 'TERKUNCI' : refusal);
    return { ok: false, code: refusal, retry: false };
  }
  if (!(await spendTotpCode(deps, subject, input.otp))) {
    await countFailure(deps, subject.id, now);
    await audit(deps, context, 'OTP_SALAH');
    await input.throttle?.failed(pending.user_id);
    const after = await findLoginSubject(deps.db, pending.user_id, wibDay(now), input.clientIp);
    const lockedNow = after !== undefined && isLocked(after.locked_until, now);
    if (lockedNow) await spendLoginChallenge(deps.db, challengeHash, now);
    return { ok: false, code: 'GAGAL_LOGIN', retry: !lockedNow };
  }
  if (!(await spendLoginChallenge(deps.db, challengeHash, now))) {
    return { ok: false, code: 'GAGAL_LOGIN', retry: false };
  }
  await clearFailedLogins(deps.db, subject.id);
  await audit(deps, context, 'BERHASIL');
  return openSession(deps, subject, 'PORTAL', now);
}

/**
 * A login refused at the edge for its text (a NUL, or not UTF-8: domain/input-text.ts) is
 * still a failed login: audited (TEKS_TIDAK_SAH), counted toward the account's lockout and
 * toward the rate limit. The account is the one the user ID names once the refused
 * characters are taken out — nothing refused reaches the database — or, on the portal's
 * second step, the one whose challenge the cookie carries.
 */
export async function recordRefusedLogin(
  deps: Deps,
  input: {
    readonly kind: 'PORTAL' | 'API';
    readonly userId?: string | undefined;
    readonly challenge?: string | undefined;
    readonly clientIp: string;
    readonly throttle?: LoginThrottle | undefined;
  },
): Promise<void> {
  const now = deps.clock();
  const pending = input.challenge
    ? await findLoginChallenge(deps.db, hashToken(sanitizedText(input.challenge)), now)
    : undefined;
  const account = pending
    ? pending.user_id
    : sanitizedText(input.userId ?? '')
        .trim()
        .toLowerCase();
  const subject =
    account === ''
      ? undefined
      : await findLoginSubject(deps.db, account, wibDay(now), input.clientIp);
  if (subject) await countFailure(deps, subject.id, now);
  await audit(
    deps,
    { at: now, kind: input.kind, subject, clientIp: input.clientIp },
    'TEKS_TIDAK_SAH',
  );
  await input.throttle?.failed(account);
}
