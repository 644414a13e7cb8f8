import type { Role } from './users.js';

/**
 * The TOTP second factor (RFC 6238) as authenticator apps expect it by default: SHA-1,
 * six digits, thirty-second steps. One step either side is accepted for clock drift; a code
 * (a time-step) is accepted once only, so a code seen over a shoulder cannot be replayed.
 */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
export const TOTP_WINDOW = 1;
export const TOTP_ISSUER = 'Gerbang Dukcapil Purbalingga';

/** Dukcapil admins manage every agency's access: they may not work without a second factor. */
export function totpRequiredFor(role: Role): boolean {
  return role === 'ADMIN_DUKCAPIL';
}

/** A code as typed: spaces (apps show "123 456") are ignored. */
export function normaliseTotpCode(typed: string): string | undefined {
  const code = typed.replace(/\s+/g, '');
  return new RegExp(`^[0-9]{${TOTP_DIGITS}}$`).test(code) ? code : undefined;
}

/** Seconds a portal login may wait between the right password and its code. */
export const LOGIN_CHALLENGE_SECONDS = 5 * 60;
