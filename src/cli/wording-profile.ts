import { Option, type Command } from 'commander';
import { WORDINGS } from '../domain/national-service.js';
import { CLI_ACTOR } from '../domain/user-scope.js';
import { setWordingProfileByNumber } from '../services/agreements/wording-profile.js';
import { withDatabase } from './context.js';

/**
 * `gerbang agreement profil-teks`: which refusal texts an agreement's national-service clients
 * get (SPEC §9, migration 027) — what the agreement's page sets, from the command line, and
 * recorded alike in the admin trail (without an actor).
 */
export function registerWordingProfileCommands(program: Command): void {
  const agreement =
    program.commands.find((c) => c.name() === 'agreement') ??
    program.command('agreement').description('Perjanjian kerja sama (PKS)');
  agreement
    .command('profil-teks')
    .description(
      'Menetapkan profil teks jawaban titik akhir kompatibel layanan nasional PKS (NASIONAL bawaan, KHANZA, TEGAL)',
    )
    .requiredOption('--nomor-dukcapil <nomor>', 'nomor PKS pihak Dukcapil')
    .addOption(
      new Option('--profil <profil>', 'profil teks').choices(WORDINGS).makeOptionMandatory(),
    )
    .option('--reason <alasan>', 'alasan yang dicatat dalam jejak admin, mis. nama aplikasi klien')
    .action(async (options: { nomorDukcapil: string; profil: string; reason?: string }) => {
      await withDatabase(async (_open, _config, deps) => {
        const set = await setWordingProfileByNumber(
          deps,
          CLI_ACTOR,
          options.nomorDukcapil,
          options.profil,
          options.reason,
        );
        process.stdout.write(`Profil teks PKS ${set.nomorDukcapil}: ${set.profile}.\n`);
      });
    });
}
