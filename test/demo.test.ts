import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './db.js';
import { makeDeps, type Deps } from '../src/services/deps.js';
import { DEMO_HONEYTOKENS, seedDemo, seedDemoIfEmpty } from '../src/services/demo/demo.js';
import { login } from '../src/services/account/login.js';
import { countResidents } from '../src/store/residents.js';

describe('demo seeding', () => {
  let t: TestDatabase;
  let deps: Deps;
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);

  beforeAll(async () => {
    t = await createTestDatabase();
    deps = makeDeps({ tokenTtlSeconds: 60, sessionTtlSeconds: 60 }, t.db, {
      clock: () => new Date('2026-11-24T03:00:00Z'),
    });
  });
  afterAll(async () => {
    await t.drop();
  });

  it('refuses a demo password shorter than the password rule before writing anything', async () => {
    await expect(seedDemo(deps, { password: 'pendek123', residents: 100, log })).rejects.toThrow(
      /minimal 10/,
    );
    expect(await countResidents(t.db)).toBe(0);
  });

  it('loads residents, the two agreements and five users who can log in; then refuses a second load', async () => {
    expect(
      await seedDemoIfEmpty(deps, { password: 'sandi-demo-panjang', residents: 500, log }),
    ).toBe(true);
    // The residents asked for, and the made-up ones whose lookup holds the user.
    expect(await countResidents(t.db)).toBe(500 + DEMO_HONEYTOKENS);
    for (const userId of ['admin.dukcapil', 'operator.dinkes', 'kepala.dpmptsp']) {
      const result = await login(deps, {
        userId,
        password: 'sandi-demo-panjang',
        kind: 'PORTAL',
        clientIp: '127.0.0.1',
      });
      expect(result.ok, userId).toBe(true);
    }
    // Both agreements carry the Director General's approval letter.
    const letters = await t.db
      .selectFrom('agreement')
      .select(['dg_approval_number', 'dg_approval_date'])
      .execute();
    expect(letters).toEqual([
      { dg_approval_number: '400.8.1.2/8765/Dukcapil', dg_approval_date: '2025-07-25' },
      { dg_approval_number: '400.8.1.2/8765/Dukcapil', dg_approval_date: '2025-07-25' },
    ]);
    expect(lines.some((line) => line.includes('Contoh NIK sintetis'))).toBe(true);
    // Two synthetic card readers of DINKES, one in use and one awaiting SIFILMA (issue 12).
    const readers = await t.db
      .selectFrom('card_reader')
      .select(['serial', 'state'])
      .orderBy('serial')
      .execute();
    expect(readers).toEqual([
      { serial: 'DEMO-RDR-0001', state: 'AKTIF' },
      { serial: 'DEMO-RDR-0002', state: 'DIAJUKAN' },
    ]);
    expect(lines.some((line) => line.includes('NIK penanda (honeytoken) demo'))).toBe(true);
    expect(lines.join('\n')).not.toContain('sandi-demo-panjang');
    expect(
      await seedDemoIfEmpty(deps, { password: 'sandi-demo-panjang', residents: 500, log }),
    ).toBe(false);
    await expect(
      seedDemo(deps, { password: 'sandi-demo-panjang', residents: 500, log }),
    ).rejects.toThrow(/basis data kosong/);
  });
});
