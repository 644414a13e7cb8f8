import type { Command } from 'commander';
import path from 'node:path';
import { SANDBOX_DEFAULTS } from '../domain/sandbox.js';
import { MAX_SANDBOX_RESIDENTS } from '../services/sandbox/sandbox.js';

interface SandboxFlags {
  readonly dataDir: string;
  readonly port: string;
  readonly host?: string;
  readonly residents: string;
  readonly accessPoints?: string;
}

/**
 * `gerbang sandbox`: the PoC sandbox (issue 11 item 5, docs/SANDBOX.md), a Gerbang of its own
 * on its own embedded database folder, loaded at the first start with synthetic residents and
 * the test users, refusing any other database.
 */
export function registerSandboxCommands(program: Command): void {
  program
    .command('sandbox')
    .description(
      'Menjalankan lingkungan uji (sandbox) PoC: Gerbang tersendiri berisi penduduk sintetis saja',
    )
    .option('--data-dir <folder>', 'folder basis data tertanam sandbox', SANDBOX_DEFAULTS.dataDir)
    .option('--port <port>', 'port HTTP sandbox', String(SANDBOX_DEFAULTS.port))
    .option('--host <alamat>', 'alamat yang didengarkan (bawaan: HOST atau 0.0.0.0)')
    .option(
      '--residents <jumlah>',
      'jumlah penduduk sintetis pada pemuatan pertama',
      String(SANDBOX_DEFAULTS.residents),
    )
    .option(
      '--access-points <daftar>',
      'titik akses PKS sandbox, alamat IP atau jaringan CIDR dipisah koma (bawaan: semua alamat)',
    )
    .action(async (flags: SandboxFlags) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new Error('--port harus bilangan bulat 0–65535');
      }
      const residents = Number(flags.residents);
      if (!Number.isInteger(residents) || residents < 0 || residents > MAX_SANDBOX_RESIDENTS) {
        throw new Error(`--residents harus bilangan bulat 0–${MAX_SANDBOX_RESIDENTS}`);
      }
      const accessPoints = flags.accessPoints
        ?.split(',')
        .map((point) => point.trim())
        .filter(Boolean);
      const { runServer } = await import('../server-process.js');
      runServer({
        dataDir: path.resolve(flags.dataDir),
        port,
        host: flags.host,
        residents,
        accessPoints,
      });
    });
}
