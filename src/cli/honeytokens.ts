import type { Command } from 'commander';
import { wibDateTime } from '../domain/time.js';
import { CLI_ACTOR } from '../domain/user-scope.js';
import {
  listHoneytokens,
  MAX_PLANTED_AT_ONCE,
  plantHoneytokens,
} from '../services/oversight/honeytokens.js';
import { withDatabase } from './context.js';

/**
 * `gerbang honeytoken tanam | daftar`: the NIKs Dukcapil plants in the register (issue 9 §2 f).
 *
 * The NIKs are secret and the officer needs them, so they go to standard output only, one a
 * line (`gerbang honeytoken tanam --jumlah 3 > penanda.txt` keeps them in a file of the
 * officer's choosing); the count and the warning go to standard error, which is what a
 * service manager or a cron wrapper usually logs. Nothing else records them: the
 * administrative history holds only how many were planted.
 */

const SECRET_WARNING =
  'RAHASIA: NIK penanda hanya untuk Dinas Dukcapil. Jangan dicatat dalam log, jangan dibagikan kepada instansi, ' +
  'dan simpan di tempat yang aman. Pencarian salah satu NIK ini menahan pengguna yang mencarinya.';

export function registerHoneytokenCommands(program: Command): void {
  const honeytoken = program
    .command('honeytoken')
    .description('NIK penanda (honeytoken): penduduk rekaan yang pencariannya menahan pengguna');

  honeytoken
    .command('tanam')
    .description(
      `Menanam penduduk rekaan dengan NIK penanda yang sah formatnya (1–${MAX_PLANTED_AT_ONCE} sekaligus); NIK dicetak ke stdout, jumlahnya ke stderr`,
    )
    .requiredOption('--jumlah <n>', 'jumlah NIK penanda')
    .option('--catatan <teks>', 'catatan, mis. nomor berita acara (paling banyak 200 karakter)')
    .action(async (options: { jumlah: string; catatan?: string }) => {
      const count = /^\d{1,4}$/.test(options.jumlah) ? Number(options.jumlah) : Number.NaN;
      const niks = await withDatabase(async (_open, _config, deps) =>
        plantHoneytokens(deps, CLI_ACTOR, { count, note: options.catatan }),
      );
      process.stderr.write(`${niks.length} NIK penanda ditanam.\n${SECRET_WARNING}\n`);
      process.stdout.write(`${niks.join('\n')}\n`);
    });

  honeytoken
    .command('daftar')
    .description('Mencetak semua NIK penanda (stdout): NIK, waktu ditanam (WIB), catatan')
    .action(async () => {
      const list = await withDatabase(async (_open, _config, deps) =>
        listHoneytokens(deps, CLI_ACTOR),
      );
      process.stderr.write(
        `${list.length} NIK penanda.\n${list.length > 0 ? `${SECRET_WARNING}\n` : ''}`,
      );
      for (const token of list) {
        const columns = [
          token.nik,
          `${wibDateTime(token.plantedAt)} WIB`,
          token.inRegister ? '' : '(tidak lagi ada di register penduduk)',
          token.note ?? '',
        ].filter(Boolean);
        process.stdout.write(`${columns.join('  ')}\n`);
      }
    });
}
