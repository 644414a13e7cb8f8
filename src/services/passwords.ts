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
