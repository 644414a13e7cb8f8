import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliDatabase, runCliInProcess, type CliDatabase } from '../../test/cli.js';
import { registerAdminCommands } from './admin.js';

/**
 * `gerbang agency add` and `gerbang agreement add | stage | end | revoke | lapse`, run in this
 * process against a database of its own (a PGlite folder, or a fresh PostgreSQL database
 * when DATABASE_URL is set): they go through the same use cases and history as the console.
 */
describe('gerbang agency and agreement commands', () => {
  let cli: CliDatabase;
  /** Runs one command; returns what it printed, or throws what it refused with. */
  const gerbang = async (...args: string[]) =>
    (await runCliInProcess(registerAdminCommands, cli.env, args)).stdout;

  beforeAll(async () => {
    cli = await createCliDatabase('gerbang-agreement-cli-');
  });
  afterAll(() => cli.remove());

  const history = (nomor: string) =>
    cli.withDb((db) =>
      db
        .selectFrom('agreement_event as e')
        .innerJoin('agreement as p', 'p.id', 'e.agreement_id')
        .select(['e.kind', 'e.reason', 'e.actor_id', 'p.status', 'p.quota_stage'])
        .where('p.nomor_dukcapil', '=', nomor)
        .orderBy('e.id')
        .execute(),
    );

  const add = (nomor: string) =>
    gerbang(
      'agreement',
      'add',
      '--agency',
      'dinkes',
      '--nomor-dukcapil',
      nomor,
      '--nomor-instansi',
      '470/2004/2025',
      '--signed',
      '2025-09-16',
      '--ends',
      '2027-09-16',
      '--purpose',
      'Verifikasi dan validasi data peserta JKN',
      '--access-points',
      '10.10.0.67',
      '--bandwidth',
      '2000',
    );

  it('records an agency and a signed agreement in force, with its history', async () => {
    expect(
      await gerbang(
        'agency',
        'add',
        '--code',
        'dinkes',
        '--name',
        'Dinas Kesehatan Kabupaten Purbalingga',
        '--head-title',
        'Kepala Dinas Kesehatan Kabupaten Purbalingga',
      ),
    ).toBe('Instansi DINKES terdaftar.\n');
    expect(await add('400.12/2427/2025')).toBe('PKS 400.12/2427/2025 tercatat untuk DINKES.\n');
    const row = await cli.withDb((db) =>
      db
        .selectFrom('agreement')
        .select(['status', 'bandwidth_kbps', 'second_party_head_title'])
        .where('nomor_dukcapil', '=', '400.12/2427/2025')
        .executeTakeFirstOrThrow(),
    );
    expect(row).toEqual({
      status: 'AKTIF',
      bandwidth_kbps: 2000,
      second_party_head_title: 'Kepala Dinas Kesehatan Kabupaten Purbalingga',
    });
    expect((await history('400.12/2427/2025')).map((e) => e.kind)).toEqual([
      'DIBUAT',
      'DIAKTIFKAN',
    ]);
  });

  it('refuses a second agreement in force for the agency', async () => {
    await expect(add('400.12/9999/2025')).rejects.toThrow(/masih memiliki PKS yang berlaku/);
  });

  it('changes the quota stage on the record, with the reason given', async () => {
    await gerbang(
      'agreement',
      'stage',
      '--nomor-dukcapil',
      '400.12/2427/2025',
      '--stage',
      'PASCA_POC',
      '--reason',
      'Lulus PoC, surat hasil nomor 400.12/3000/2026',
    );
    expect((await history('400.12/2427/2025')).at(-1)).toMatchObject({
      kind: 'PERUBAHAN',
      reason: 'Lulus PoC, surat hasil nomor 400.12/3000/2026',
      actor_id: null,
      quota_stage: 'PASCA_POC',
    });
  });

  it('revokes with a reason, and refuses without one', async () => {
    await expect(
      gerbang('agreement', 'revoke', '--nomor-dukcapil', '400.12/2427/2025', '--reason', ' '),
    ).rejects.toThrow('Alasan wajib diisi');
    expect(
      await gerbang(
        'agreement',
        'revoke',
        '--nomor-dukcapil',
        '400.12/2427/2025',
        '--reason',
        'Tidak menyampaikan laporan semester',
      ),
    ).toBe('PKS 400.12/2427/2025 dicabut; 0 sesi/token pengguna instansi diakhiri.\n');
    expect((await history('400.12/2427/2025')).at(-1)).toMatchObject({
      kind: 'DICABUT',
      status: 'DICABUT',
    });
    await expect(
      gerbang(
        'agreement',
        'end',
        '--nomor-dukcapil',
        '400.12/2427/2025',
        '--reason',
        'Sekali lagi',
      ),
    ).rejects.toThrow('PKS tidak dapat diakhiri: PKS telah dicabut; statusnya final');
  });

  it('ends an agreement by mutual agreement', async () => {
    await add('400.12/2500/2026');
    expect(
      await gerbang(
        'agreement',
        'end',
        '--nomor-dukcapil',
        '400.12/2500/2026',
        '--reason',
        'Kesepakatan para pihak',
      ),
    ).toBe('PKS 400.12/2500/2026 diakhiri; 0 sesi/token pengguna instansi diakhiri.\n');
  });

  it('records the end of an agreement whose end date has passed, once', async () => {
    await add('400.12/2600/2026');
    // Its end date passed without an extension request (the command runs on the real clock).
    await cli.withDb((db) =>
      db
        .updateTable('agreement')
        .set({ ends_on: '2026-01-31' })
        .where('nomor_dukcapil', '=', '400.12/2600/2026')
        .execute(),
    );
    expect(await gerbang('agreement', 'lapse')).toBe(
      'PKS 400.12/2600/2026 berakhir (masa berlaku sampai 2026-01-31); 0 sesi/token diakhiri, 0 card reader ditangguhkan.\n' +
        '1 PKS dicatat berakhir karena masa berlaku habis.\n',
    );
    expect((await history('400.12/2600/2026')).at(-1)).toMatchObject({
      kind: 'BERAKHIR',
      status: 'BERAKHIR',
      reason:
        'Masa berlaku berakhir pada 2026-01-31 tanpa permohonan perpanjangan yang tepat waktu',
      actor_id: null,
    });
    expect(await gerbang('agreement', 'lapse')).toBe(
      'Tidak ada PKS yang masa berlakunya habis tanpa perpanjangan.\n',
    );
    expect((await history('400.12/2600/2026')).filter((e) => e.kind === 'BERAKHIR')).toHaveLength(
      1,
    );
  });
});
