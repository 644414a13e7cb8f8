import crypto from 'node:crypto';
import {
  deleteLookupFormTokensSpentBefore,
  spendLookupFormToken,
} from '../../store/lookup-form-token.js';
import { hashToken } from '../account/tokens.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';

/**
 * The one-time token of the portal's lookup form (issue 9 §2). A result page that is reloaded
 * (F5) or revisited with Back posts its form again; the token it carries is then spent
 * already, and the post is answered with FORMULIR_SUDAH_DIPAKAI without running the lookup:
 * no quota spent, no second audit record — the repeated input the pattern policy watches for
 * never comes from the browser. Every rendered form carries a new token; nothing is stored
 * until the form is posted.
 *
 * The JSON API has no forms and is not concerned.
 */

/** 128 random bits, base64url without padding: 22 characters. */
const TOKEN_BYTES = 16;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{22}$/;

/** The form-error text of a post without a (well-formed) token: nothing was looked up. */
export const FORM_TOKEN_MISSING_MESSAGE =
  'Formulir pencarian tidak lengkap atau tidak sah, sehingga pencarian tidak dijalankan. ' +
  'Periksa isian di bawah, lalu tekan Periksa sekali lagi.';

/** A new token for a form about to be rendered. */
export function newLookupFormToken(): string {
  return crypto.randomBytes(TOKEN_BYTES).toString('base64url');
}

/**
 * Spends the token a lookup form was posted with, before anything else of the lookup runs:
 * one INSERT, atomic across server processes (of two posts of one token exactly one passes).
 * Refuses with PERMINTAAN_TIDAK_VALID when the token is missing or malformed, and with
 * FORMULIR_SUDAH_DIPAKAI when it was spent before.
 */
export async function spendLookupForm(
  deps: Deps,
  input: { readonly userId: number; readonly token: string | undefined },
): Promise<void> {
  const token = input.token ?? '';
  if (!TOKEN_SHAPE.test(token)) {
    throw new Refusal('PERMINTAAN_TIDAK_VALID', FORM_TOKEN_MISSING_MESSAGE);
  }
  const spentNow = await spendLookupFormToken(deps.db, {
    tokenHash: hashToken(token),
    userId: input.userId,
    at: deps.clock(),
  });
  if (!spentNow) throw new Refusal('FORMULIR_SUDAH_DIPAKAI');
}

/**
 * Forgets tokens spent longer ago than a portal session lives. That is safe: a form can be
 * posted only within the session that rendered it (its CSRF secret is renewed at every
 * login, and a session ends after GERBANG_SESSION_TTL at the latest), so a token spent that
 * long ago can no longer come back. Called when the lookup page is opened, never on the
 * lookup's own path; returns how many were forgotten.
 */
export async function purgeSpentLookupForms(deps: Deps): Promise<number> {
  const before = new Date(deps.clock().getTime() - deps.sessionTtlSeconds * 1000);
  return deleteLookupFormTokensSpentBefore(deps.db, before);
}
