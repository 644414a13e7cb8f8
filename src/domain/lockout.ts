/**
 * Lockout of a user ID after repeated wrong passwords: the fifth consecutive failure locks
 * the account for fifteen minutes, during which even the right password is refused (with
 * the same "Gagal Login", so that a guesser learns nothing). A further failure during the
 * lock does not extend it, so nobody can keep an officer locked out by guessing; an admin
 * can unlock at once.
 */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;

export function isLocked(lockedUntil: Date | null, now: Date): boolean {
  return lockedUntil !== null && lockedUntil.getTime() > now.getTime();
}
