import fs from 'node:fs';
import type { Command } from 'commander';
import { CLI_ACTOR } from '../domain/user-scope.js';
import { setServiceKindsByNumber } from '../services/service-cases/kinds.js';
import { Refusal } from '../services/errors.js';
import { withDatabase } from './context.js';

/**
 * `gerbang agreement layanan`: the kinds of service an agreement's counter offers (issue 12
 * item 1), as JSON — e.g. `[{"code":"NIB","label":"Nomor Induk Berusaha (NIB)","documentLabel":
 * "Nomor NIB","returnField":"nomor_perizinan_investasi","returnValues":{"jenis_perizinan_investasi":"NIB"}}]`.
 */
export function registerServiceKindCommands(program: Command): void {
  const agreement =
    program.commands.find((c) => c.name() === 'agreement') ??
    program.command('agreement').description('Perjanjian kerja sama (PKS)');
  agreement
    .command('layanan')
    .description(
      'Menetapkan jenis layanan loket PKS dari berkas JSON [ { "code", "label", "documentLabel", "returnField"?, "returnValues"? } ]',
    )
    .requiredOption('--nomor-dukcapil <nomor>', 'nomor PKS pihak Dukcapil')
    .requiredOption('--file <berkas.json>', 'berkas jenis layanan')
    .action(async (options: { nomorDukcapil: string; file: string }) => {
      let kinds: unknown;
      try {
        kinds = JSON.parse(fs.readFileSync(options.file, 'utf8'));
      } catch {
        throw new Refusal(
          'PERMINTAAN_TIDAK_VALID',
          `Berkas ${options.file} tidak dapat dibaca sebagai JSON`,
        );
      }
      await withDatabase(async (_open, _config, deps) => {
        await setServiceKindsByNumber(deps, CLI_ACTOR, options.nomorDukcapil, kinds);
        process.stdout.write(`Jenis layanan PKS ${options.nomorDukcapil} ditetapkan.\n`);
      });
    });
}
