import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeDeps, type Deps } from '../deps.js';
import { seal, unseal } from './secret-box.js';

describe('sealing TOTP secrets', () => {
  let t: TestDatabase;
  const depsWith = (secretKey?: Buffer): Deps =>
    makeDeps({ tokenTtlSeconds: 60, sessionTtlSeconds: 60, secretKey }, t.db, {
      clock: () => new Date('2026-11-24T03:00:00Z'),
    });

  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.drop();
  });

  it('round-trips under the configured key, and refuses another key clearly', async () => {
    const key = crypto.randomBytes(32);
    const sealed = await seal(depsWith(key), 'JBSWY3DPEHPK3PXP');
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    // A fresh IV each time: the same secret never seals to the same text.
    expect(await seal(depsWith(key), 'JBSWY3DPEHPK3PXP')).not.toBe(sealed);
    expect(await unseal(depsWith(key), sealed)).toBe('JBSWY3DPEHPK3PXP');
    await expect(unseal(depsWith(crypto.randomBytes(32)), sealed)).rejects.toThrow(
      /GERBANG_SECRET_KEY berbeda/,
    );
  });

  it('without a configured key, generates one once and keeps it in the database for every process', async () => {
    const sealed = await seal(depsWith(), 'KRSXG5CTMVRXEZLU');
    const stored = await t.db.selectFrom('server_secret').selectAll().execute();
    expect(stored.map((row) => row.name)).toEqual(['totp-seal-key']);
    expect(stored[0]!.value.length).toBe(32);
    // What another process reads from the table is the key that sealed it.
    expect(await unseal(depsWith(stored[0]!.value), sealed)).toBe('KRSXG5CTMVRXEZLU');
    expect(await unseal(depsWith(), sealed)).toBe('KRSXG5CTMVRXEZLU');
  });
});
