import crypto from 'node:crypto';

/** A fresh secret for a session cookie or a bearer token, and the hash the database keeps. */
export function newToken(): { token: string; hash: Buffer } {
  const token = crypto.randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): Buffer {
  return crypto.createHash('sha256').update(token).digest();
}
