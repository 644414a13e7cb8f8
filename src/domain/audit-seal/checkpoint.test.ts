import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  auditKeyPair,
  checkpointSignedBy,
  parseCheckpoint,
  parseVerifierKey,
  signCheckpoint,
  verifierKey,
} from './checkpoint.js';
import { leafHash } from './merkle.js';

const origin = 'disdukcapil.purbalinggakab.go.id/gerbang/audit';
const key = auditKeyPair(origin, Buffer.alloc(32, 7));
const otherKey = auditKeyPair(origin, Buffer.alloc(32, 8));
const checkpoint = {
  origin,
  size: 1234,
  rootHash: leafHash('akar'),
  sealedAt: new Date('2026-12-06T01:02:03.456Z'),
};

describe('signed checkpoints (C2SP signed note, Ed25519)', () => {
  it('prints the origin, size, root, time and one signature line, and reads back what it printed', () => {
    const signed = signCheckpoint(checkpoint, key);
    const lines = signed.text.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      origin,
      '1234',
      checkpoint.rootHash.toString('base64'),
      'waktu 2026-12-06T01:02:03.456Z',
      '',
    ]);
    expect(lines[5]).toMatch(new RegExp(`^— ${origin} [A-Za-z0-9+/]{91}=$`));
    const parsed = parseCheckpoint(signed.text);
    expect(parsed.ok && parsed.checkpoint).toMatchObject({ ...checkpoint, text: signed.text });
    expect(parsed.ok && checkpointSignedBy(parsed.checkpoint, key)).toBe(true);
  });

  it('fails with another key, with any changed line, and with a forged signature', () => {
    const signed = signCheckpoint(checkpoint, key);
    const parsed = parseCheckpoint(signed.text);
    if (!parsed.ok) throw new Error(parsed.problem);
    expect(checkpointSignedBy(parsed.checkpoint, otherKey)).toBe(false);
    for (const [from, to] of [
      ['\n1234\n', '\n1235\n'],
      ['waktu 2026-12-06T01', 'waktu 2026-12-05T01'],
      [origin + '\n', 'log.lain/audit\n'],
    ] as const) {
      const changed = parseCheckpoint(signed.text.replace(from, to));
      expect(changed.ok && checkpointSignedBy(changed.checkpoint, key), from).toBe(false);
    }
    const forged = signCheckpoint({ ...checkpoint, size: 1 }, otherKey);
    const swapped = parseCheckpoint(
      signed.text.split('\n\n')[0] + '\n\n' + forged.text.split('\n\n')[1],
    );
    expect(swapped.ok && checkpointSignedBy(swapped.checkpoint, key)).toBe(false);
  });

  it('names what is wrong with a text that is not a checkpoint', () => {
    expect(parseCheckpoint('apa saja')).toEqual({
      ok: false,
      problem: 'bukan checkpoint bertanda tangan (tidak ada baris tanda tangan)',
    });
    const signed = signCheckpoint(checkpoint, key).text;
    expect(parseCheckpoint(signed.replace('\n1234\n', '\n-4\n'))).toMatchObject({ ok: false });
    expect(parseCheckpoint(signed.replace(/— \S+ \S+/, '— x y'))).toMatchObject({
      ok: false,
      problem: 'baris tanda tangan checkpoint tidak sah',
    });
  });

  it('writes and reads the verifier key (name+id+base64), refusing a key whose id does not match', () => {
    const text = verifierKey(key);
    expect(text).toMatch(new RegExp(`^${origin}\\+[0-9a-f]{8}\\+[A-Za-z0-9+/]{44}$`));
    expect(parseVerifierKey(text)).toEqual({ name: origin, publicKey: key.publicKey });
    const other = verifierKey(otherKey);
    const [name, id] = text.split('+', 2);
    const otherPublic = other.slice(`${name}+${id}+`.length);
    expect(() => parseVerifierKey(`${name}+${id}+${otherPublic}`)).toThrow('id kunci tidak cocok');
    expect(() => parseVerifierKey('bukan kunci')).toThrow('kunci publik audit tidak sah');
  });

  it('derives the same public key as node:crypto does from the seed', () => {
    const seed = crypto.randomBytes(32);
    const pair = auditKeyPair(origin, seed);
    const signature = crypto.sign(
      null,
      Buffer.from('x'),
      crypto.createPrivateKey({
        key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
        format: 'der',
        type: 'pkcs8',
      }),
    );
    const publicKey = crypto.createPublicKey({
      key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), pair.publicKey]),
      format: 'der',
      type: 'spki',
    });
    expect(crypto.verify(null, Buffer.from('x'), publicKey, signature)).toBe(true);
  });
});
