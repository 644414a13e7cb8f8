import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { HOLIDAY_KIND_LABELS, HOLIDAY_KINDS } from '../domain/working-days.js';
import { CLI_ACTOR } from '../domain/user-scope.js';
import { Refusal } from '../services/errors.js';
import {
  addHoliday,
  HOLIDAY_CSV_HEADER,
  holidaysForYear,
  importHolidays,
  removeHoliday,
} from '../services/deadlines/holidays.js';
import { createMailer } from '../services/mail/mailer.js';
import { sendDeadlineReminders } from '../services/deadlines/reminders.js';
import { withDatabase } from './context.js';

const OUTCOME = {
  ADDED: 'ditambahkan',
  UPDATED: 'diperbarui',
  UNCHANGED: 'sudah tercatat sama, tidak berubah',
} as const;

/**
 * `gerbang holiday …`: the calendar working days are counted on (the server's operator acts
 * as Dukcapil, recorded with no user), and `gerbang reminders send` for a cron job.
 */
export function registerHolidayCommands(program: Command): void {
  const holiday = program
    .command('holiday')
    .description(
      'Kalender hari libur nasional dan cuti bersama (dasar hitungan hari kerja tenggat laporan semester)',
    );

  holiday
    .command('add')
    .description('Menambahkan (atau memperbaiki) satu hari libur')
    .requiredOption('--date <YYYY-MM-DD>', 'tanggal')
    .requiredOption('--name <nama>', 'nama hari libur, mis. "Hari Raya Idul Fitri 1448 H"')
    .option('--kind <jenis>', HOLIDAY_KINDS.join(' | '), 'LIBUR_NASIONAL')
    .action(async (options: { date: string; name: string; kind: string }) => {
      await withDatabase(async (_open, _config, deps) => {
        const outcome = await addHoliday(deps, CLI_ACTOR, options);
        process.stdout.write(`Hari libur ${options.date}: ${OUTCOME[outcome]}.\n`);
      });
    });

  holiday
    .command('list')
    .description('Menampilkan hari libur satu tahun')
    .option('--year <tahun>', 'tahun (bawaan: tahun ini)')
    .action(async (options: { year?: string }) => {
      await withDatabase(async (_open, _config, deps) => {
        const view = await holidaysForYear(
          deps,
          options.year === undefined ? undefined : Number(options.year),
        );
        process.stdout.write(`${HOLIDAY_CSV_HEADER}\n`);
        for (const h of view.holidays) {
          process.stdout.write(`${h.date},"${h.name.replaceAll('"', '""')}",${h.kind}\n`);
        }
        if (!view.hasMovingHolidays) {
          process.stderr.write(
            `Catatan: kalender ${view.year} baru memuat hari libur bertanggal tetap. Masukkan libur nasional ` +
              'lainnya dan cuti bersama dari SKB 3 Menteri tahun itu (gerbang holiday import).\n',
          );
        }
      });
    });

  holiday
    .command('import')
    .description(
      `Memuat hari libur dari CSV berkepala ${HOLIDAY_CSV_HEADER} (jenis: ${HOLIDAY_KINDS.map((k) => `${k} = ${HOLIDAY_KIND_LABELS[k]}`).join(', ')}); semua baris atau tidak sama sekali`,
    )
    .argument('<berkas.csv>')
    .action(async (file: string) => {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        throw new Refusal('DITOLAK', `Berkas ${file} tidak dapat dibaca`);
      }
      await withDatabase(async (_open, _config, deps) => {
        const outcome = await importHolidays(deps, CLI_ACTOR, text, path.basename(file));
        process.stdout.write(
          `Kalender diperbarui: ${outcome.added} ditambahkan, ${outcome.updated} diperbarui, ` +
            `${outcome.unchanged} tidak berubah.\n`,
        );
      });
    });

  holiday
    .command('remove')
    .description('Menghapus satu hari libur dari kalender')
    .requiredOption('--date <YYYY-MM-DD>', 'tanggal')
    .requiredOption('--reason <alasan>', 'alasan penghapusan (dicatat)')
    .action(async (options: { date: string; reason: string }) => {
      await withDatabase(async (_open, _config, deps) => {
        const removed = await removeHoliday(deps, CLI_ACTOR, options);
        process.stdout.write(`Hari libur ${removed.date} (${removed.name}) dihapus.\n`);
      });
    });

  program
    .command('reminders')
    .description('Pengingat tenggat kewajiban PKS lewat surel')
    .command('send')
    .description(
      'Mengirim pengingat yang jatuh waktunya hari ini (untuk cron; setiap pengingat hanya dikirim sekali)',
    )
    .action(async () => {
      await withDatabase(async (_open, config, deps) => {
        if (!config.mail) {
          process.stdout.write(
            'GERBANG_SMTP_URL tidak diisi: pengingat hanya tampil di portal, tidak ada surel dikirim.\n',
          );
          return;
        }
        const mailer = createMailer(config.mail);
        try {
          const run = await sendDeadlineReminders(deps, {
            mailer,
            dukcapilAddress: config.dukcapilEmail,
            log: {
              info: () => {},
              error: (message) => process.stderr.write(`${message}\n`),
            },
          });
          process.stdout.write(
            `Pengingat tenggat: ${run.sent} surel terkirim, ${run.failed} gagal.\n`,
          );
          if (run.failed > 0) process.exitCode = 1;
        } finally {
          mailer.close();
        }
      });
    });
}
