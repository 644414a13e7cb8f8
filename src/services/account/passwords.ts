import crypto from 'node:crypto';
import { Algorithm, hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
const OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

// Verified against when the user ID is unknown, so that an unknown user and a wrong password
// take the same time and cannot be told apart. Made at start, not during the first login.
const decoy: Promise<string> = hashPassword('decoy-password-never-matches');

export async function verifyPassword(
  storedHash: string | undefined,
  password: string,
): Promise<boolean> {
  const target = storedHash ?? (await decoy);
  const ok = await verify(target, password).catch(() => false);
  return ok && storedHash !== undefined;
}

/** Letters without look-alikes (0/O, 1/l/I): read aloud or copied by hand at a counter. */
const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';

/**
 * A one-time password, changed at the first login: groups of four random characters joined
 * by dashes, xxxx-xxxx-xxxx (3 groups, about 69 bits: the BAST copied by hand at a counter)
 * or xxxx-xxxx-xxxx-xxxx (4 groups, about 92 bits: the users console).
 */
export function oneTimePassword(groupCount = 3): string {
  const groups: string[] = [];
  for (let g = 0; g < groupCount; g++) {
    let group = '';
    for (let i = 0; i < 4; i++)
      group += PASSWORD_ALPHABET[crypto.randomInt(PASSWORD_ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}
