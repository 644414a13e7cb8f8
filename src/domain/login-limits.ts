/**
 * The limit of failed logins per client address and per account (issue 13: password
 * spraying), enforced by the transport (app-login-limits.ts). Configuration:
 * GERBANG_LOGIN_LIMIT_PER_ADDRESS, GERBANG_LOGIN_LIMIT_PER_ACCOUNT, GERBANG_LOGIN_LIMIT_WINDOW.
 */
export interface LoginLimits {
  /** Failed attempts one address may make in a window, across accounts. */
  readonly perAddress: number;
  /** Failed attempts on one account in a window, from any address. */
  readonly perAccount: number;
  /** The window, in seconds (fixed windows: a key's window starts at its first failure). */
  readonly windowSeconds: number;
}

/**
 * 20 failures per address in 10 minutes: every user of an agency comes from its access point,
 * and an office whose users mistype now and then stays far below (the lockout already stops
 * each account at 5), while a sprayer gets 20 guesses per 10 minutes instead of as many as the
 * server can check. 10 per account: twice the lockout's 5, so that for one user the lockout
 * acts first (its 15 minutes, an admin's unlock), and guessing at one account from many
 * addresses stops being tried at all.
 */
export const DEFAULT_LOGIN_LIMITS: LoginLimits = Object.freeze({
  perAddress: 20,
  perAccount: 10,
  windowSeconds: 600,
});
