import { MIN_PASSWORD_LENGTH } from './users.js';

export interface PasswordChange {
  readonly userId: string;
  readonly current: string;
  readonly next: string;
  readonly repeat: string;
}

/** Longest password accepted: argon2 hashes any length, but a form field should not carry a book. */
export const MAX_PASSWORD_LENGTH = 200;

/** Why a new password is refused (empty when it is acceptable), in the order a user fixes them. */
export function newPasswordProblems(change: PasswordChange): string[] {
  const problems: string[] = [];
  if (change.next !== change.repeat) problems.push('Kata sandi baru dan ulangannya tidak sama');
  if (change.next.length < MIN_PASSWORD_LENGTH)
    problems.push(`Kata sandi baru minimal ${MIN_PASSWORD_LENGTH} karakter`);
  if (change.next.length > MAX_PASSWORD_LENGTH)
    problems.push(`Kata sandi baru maksimal ${MAX_PASSWORD_LENGTH} karakter`);
  if (change.next.trim().toLowerCase() === change.userId.toLowerCase())
    problems.push('Kata sandi baru tidak boleh sama dengan user ID');
  if (change.next === change.current)
    problems.push('Kata sandi baru harus berbeda dari kata sandi saat ini');
  return problems;
}
