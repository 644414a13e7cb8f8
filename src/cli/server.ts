import type { Command } from 'commander';
import { seedDemo } from '../services/demo/demo.js';
import { migrateAsOwner } from '../store/migrate.js';
import { withDatabase } from './context.js';

export function registerServerCommands(program: Command): void {
  program
    .command('serve')
    .description('Menjalankan portal dan API (sama dengan npm start)')
    .action(async () => {
      await import('../main.js');
    });

  program
    .command('migrate')
    .description('Menerapkan migrasi basis data yang belum diterapkan')
    .action(async () => {
      await withDatabase(
        async ({ db, engine }, config) => {
          const applied = await migrateAsOwner(db, config.databaseOwnerUrl);
          const detail = applied.length
            ? ` Diterapkan: ${applied.join(', ')}`
            : ' Tidak ada migrasi baru.';
          process.stdout.write(`Basis data (${engine}) mutakhir.${detail}\n`);
        },
        { migrate: false },
      );
    });

  program
    .command('demo')
    .description('Memuat data demo ke basis data kosong (juga ke PostgreSQL dari DATABASE_URL)')
    .option('--residents <jumlah>', 'jumlah penduduk sintetis', '50000')
    .action(async (options: { residents: string }) => {
      const residents = Number(options.residents);
      if (!Number.isInteger(residents) || residents < 1 || residents > 2_000_000) {
        throw new Error('--residents harus bilangan bulat 1–2.000.000');
      }
      await withDatabase(async (_open, config, deps) => {
        await seedDemo(deps, {
          password: config.demoPassword,
          residents,
          log: (line) => process.stdout.write(`${line}\n`),
        });
      });
    });
}
