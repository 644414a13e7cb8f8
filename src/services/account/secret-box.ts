import crypto from 'node:crypto';
import { serverSecret } from '../../store/server-secret.js';
import type { Deps } from '../deps.js';

/**
 * Seals small secrets (TOTP seeds) with AES-256-GCM under GERBANG_SECRET_KEY, so that a copy
 * of the database alone does not yield them. Without a configured key the server generates
 * one on first use and keeps it in the database (table server_secret): every process of the
 * deployment reads the same key, the demo needs no setting, and the README says that this
 * protects nothing against a copy of the database.
 *
 * Sealed form: "v1." + base64url(iv 12 bytes ‖ tag 16 bytes ‖ ciphertext).
 */
const VERSION = 'v1.';
const GENERATED_KEY = 'totp-seal-key';

const generatedKeys = new WeakMap<object, Promise<Buffer>>();

async function keyOf(deps: Deps): Promise<Buffer> {
  if (deps.secretKey) return deps.secretKey;
  let key = generatedKeys.get(deps.db);
  if (!key) {
    key = serverSecret(deps.db, GENERATED_KEY, crypto.randomBytes(32));
    generatedKeys.set(deps.db, key);
    key.catch(() => generatedKeys.delete(deps.db));
  }
  return key;
}

export async function seal(deps: Deps, plain: string): Promise<string> {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', await keyOf(deps), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return VERSION + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The plain text, or an error when the key is not the one that sealed it. */
export async function unseal(deps: Deps, sealed: string): Promise<string> {
  if (!sealed.startsWith(VERSION)) throw new Error('Bentuk rahasia tersegel tidak dikenal');
  const raw = Buffer.from(sealed.slice(VERSION.length), 'base64url');
  const decipher = crypto.createDecipheriv('aes-256-gcm', await keyOf(deps), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  try {
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    throw new Error(
      'Rahasia TOTP tidak dapat dibuka: GERBANG_SECRET_KEY berbeda dari kunci saat TOTP diaktifkan',
    );
  }
}
