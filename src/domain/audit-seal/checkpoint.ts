import {
  createHash,
  createPrivateKey,
  createPublicKey,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';

/**
 * Checkpoints in the C2SP formats used by transparency logs (tlog-checkpoint inside a
 * signed-note, Ed25519): a short text anyone can keep — printed, e-mailed, put in a report —
 * and check later with the public key alone.
 *
 *   <origin>\n<size>\n<root hash, base64>\n<time line>\n\n— <key name> <base64(key id || signature)>\n
 */
export interface Checkpoint {
  /** The log's name, the first line; a checkpoint of another log never verifies here. */
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Buffer;
  /** When the seal was made (an extension line "waktu …", UTC, to the millisecond). */
  readonly sealedAt: Date;
}

export interface SignedCheckpoint extends Checkpoint {
  readonly keyName: string;
  /** 4 bytes: SHA-256(name || 0x0A || 0x01 || public key)[:4], as C2SP signed-note defines it. */
  readonly keyId: Buffer;
  readonly signature: Buffer;
  /** The whole note as signed and printed. */
  readonly text: string;
}

export interface AuditKeyPair {
  readonly name: string;
  readonly seed: Buffer;
  readonly publicKey: Buffer;
}

export interface AuditVerifier {
  readonly name: string;
  readonly publicKey: Buffer;
}

const ED25519_ALGORITHM = 0x01;
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Key objects by seed: building one took 0.8 ms, paid by every seal (several a second). */
const privateKeys = new WeakMap<Buffer, KeyObject>();

function privateKeyOf(seed: Buffer): KeyObject {
  let key = privateKeys.get(seed);
  if (!key) {
    key = createPrivateKey({
      key: Buffer.concat([PKCS8_PREFIX, seed]),
      format: 'der',
      type: 'pkcs8',
    });
    privateKeys.set(seed, key);
  }
  return key;
}

function publicKeyObject(publicKey: Buffer): KeyObject {
  return createPublicKey({
    key: Buffer.concat([SPKI_PREFIX, publicKey]),
    format: 'der',
    type: 'spki',
  });
}

/** The key pair of a 32-byte Ed25519 seed (GERBANG_AUDIT_KEY). */
export function auditKeyPair(name: string, seed: Buffer): AuditKeyPair {
  if (seed.length !== 32) throw new RangeError('kunci audit Ed25519 harus 32 byte');
  const spki = createPublicKey(privateKeyOf(seed)).export({ format: 'der', type: 'spki' });
  return { name, seed, publicKey: Buffer.from(spki.subarray(SPKI_PREFIX.length)) };
}

export function keyId(name: string, publicKey: Buffer): Buffer {
  return createHash('sha256')
    .update(name)
    .update(Buffer.of(0x0a, ED25519_ALGORITHM))
    .update(publicKey)
    .digest()
    .subarray(0, 4);
}

/**
 * The verifier key as C2SP writes it: `<name>+<key id hex>+<base64(0x01 || public key)>`.
 * This is what Gerbang prints as "the public key" and what every verification accepts.
 */
export function verifierKey(key: AuditVerifier): string {
  const id = keyId(key.name, key.publicKey).toString('hex');
  const encoded = Buffer.concat([Buffer.of(ED25519_ALGORITHM), key.publicKey]).toString('base64');
  return `${key.name}+${id}+${encoded}`;
}

export function parseVerifierKey(text: string): AuditVerifier {
  const match = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+={0,2})$/.exec(text.trim());
  const raw = match ? Buffer.from(match[3]!, 'base64') : Buffer.alloc(0);
  if (!match || raw.length !== 33 || raw[0] !== ED25519_ALGORITHM) {
    throw new Error('kunci publik audit tidak sah: harus berbentuk nama+id+base64 (Ed25519)');
  }
  const key = { name: match[1]!, publicKey: raw.subarray(1) };
  if (keyId(key.name, key.publicKey).toString('hex') !== match[2]) {
    throw new Error('kunci publik audit tidak sah: id kunci tidak cocok dengan isinya');
  }
  return key;
}

function body(checkpoint: Checkpoint): string {
  return (
    `${checkpoint.origin}\n${checkpoint.size}\n${checkpoint.rootHash.toString('base64')}\n` +
    `waktu ${checkpoint.sealedAt.toISOString()}\n`
  );
}

export function signCheckpoint(checkpoint: Checkpoint, key: AuditKeyPair): SignedCheckpoint {
  const text = body(checkpoint);
  const signature = sign(null, Buffer.from(text), privateKeyOf(key.seed));
  const id = keyId(key.name, key.publicKey);
  const line = `— ${key.name} ${Buffer.concat([id, signature]).toString('base64')}\n`;
  return {
    ...checkpoint,
    keyName: key.name,
    keyId: id,
    signature,
    text: `${text}\n${line}`,
  };
}

export type CheckpointParse =
  | { readonly ok: true; readonly checkpoint: SignedCheckpoint }
  | { readonly ok: false; readonly problem: string };

/** Reads a signed checkpoint as printed; says what is wrong with it in Bahasa Indonesia. */
export function parseCheckpoint(text: string): CheckpointParse {
  const normalized = text.replace(/\r\n/g, '\n');
  const split = normalized.indexOf('\n\n');
  if (split < 0)
    return {
      ok: false,
      problem: 'bukan checkpoint bertanda tangan (tidak ada baris tanda tangan)',
    };
  const head = normalized.slice(0, split + 1);
  const lines = head.split('\n').slice(0, -1);
  const [origin, sizeText, rootText, timeLine] = lines;
  const size = Number(sizeText);
  const rootHash = Buffer.from(rootText ?? '', 'base64');
  const time = /^waktu (\S+)$/.exec(timeLine ?? '');
  const sealedAt = new Date(time?.[1] ?? 'x');
  if (!origin || !/^[1-9]\d*$/.test(sizeText ?? '') || !Number.isSafeInteger(size)) {
    return { ok: false, problem: 'baris asal atau ukuran log checkpoint tidak sah' };
  }
  if (rootHash.length !== 32 || rootHash.toString('base64') !== rootText) {
    return { ok: false, problem: 'hash akar checkpoint tidak sah' };
  }
  if (!time || Number.isNaN(sealedAt.getTime())) {
    return { ok: false, problem: 'baris waktu checkpoint tidak sah' };
  }
  const signatureLine = /^— (\S+) ([A-Za-z0-9+/]+={0,2})\n?$/.exec(
    normalized.slice(split + 2).split('\n')[0] + '\n',
  );
  const raw = Buffer.from(signatureLine?.[2] ?? '', 'base64');
  if (!signatureLine || raw.length !== 68) {
    return { ok: false, problem: 'baris tanda tangan checkpoint tidak sah' };
  }
  return {
    ok: true,
    checkpoint: {
      origin,
      size,
      rootHash,
      sealedAt,
      keyName: signatureLine[1]!,
      keyId: raw.subarray(0, 4),
      signature: raw.subarray(4),
      text: `${head}\n${signatureLine[0].trimEnd()}\n`,
    },
  };
}

/** Is the checkpoint signed by this key (same name, same key id, a valid Ed25519 signature)? */
export function checkpointSignedBy(checkpoint: SignedCheckpoint, key: AuditVerifier): boolean {
  if (checkpoint.keyName !== key.name) return false;
  if (!checkpoint.keyId.equals(keyId(key.name, key.publicKey))) return false;
  const signed = checkpoint.text.slice(0, checkpoint.text.indexOf('\n\n') + 1);
  return verify(null, Buffer.from(signed), publicKeyObject(key.publicKey), checkpoint.signature);
}
