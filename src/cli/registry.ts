import fs from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import { generateResidents, writeResidentsCsv } from '../services/registry/generate.js';
import {
  importResidents,
  RegistryImportError,
  type ImportSummary,
} from '../services/registry/import.js';
import { withDatabase } from './context.js';
import { Refusal } from '../services/errors.js';

/**
 * `gerbang registry import` and `gerbang registry generate`.
 *
 * Exit codes of import: 0 the file was applied (some rows may have been refused: they are
 * listed, and a closing line says so); 2 nothing was applied (unreadable file, wrong
 * header, broken CSV, database error, or not one valid row). Usage errors exit with 1.
 */

export const MAX_GENERATE_COUNT = 10_000_000;
const EXIT_NOT_APPLIED = 2;
const EXIT_USAGE = 1;

/** 1234567 → 1.234.567, the Indonesian grouping, whatever ICU data Node carries. */
export function formatCount(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

const seconds = (since: number) =>
  `${((performance.now() - since) / 1000).toFixed(1).replace('.', ',')} detik`;

/** Progress goes to stderr: rewritten in place on a terminal, one line each otherwise. */
function progressReporter(enabled: boolean): (text: string, done?: boolean) => void {
  if (!enabled) return () => undefined;
  const tty = process.stderr.isTTY;
  return (text, done = false) => {
    if (tty) process.stderr.write(`\r\x1b[2K${text}${done ? '\n' : ''}`);
    else process.stderr.write(`${text}\n`);
  };
}

export function formatImportSummary(file: string, summary: ImportSummary, elapsed: string): string {
  const lines: string[] = [];
  lines.push(
    summary.applied
      ? `Impor data penduduk dari ${file} selesai dalam ${elapsed}.`
      : `Uji coba impor dari ${file} selesai dalam ${elapsed}; tidak ada yang disimpan.`,
  );
  const rows: [string, number][] = [
    ['Baris data dibaca', summary.read],
    ['Lolos pemeriksaan', summary.valid],
    ['Ditambahkan', summary.inserted],
    ['Diperbarui', summary.updated],
    ['Tidak berubah', summary.unchanged],
    ['NIK berulang (baris diabaikan)', summary.duplicateCount],
    ['Ditolak', summary.refusedCount],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) lines.push(`  ${label.padEnd(width)} : ${formatCount(value)}`);

  if (summary.refusedCount > 0) {
    lines.push('', 'Baris yang ditolak (tidak dimuat):');
    for (const issue of summary.refused) {
      lines.push(`  baris ${issue.line}: ${issue.reasons.join('; ')}`);
    }
    const more = summary.refusedCount - summary.refused.length;
    if (more > 0) {
      lines.push(
        `  … dan ${formatCount(more)} baris lain yang ditolak ` +
          `(hanya ${formatCount(summary.refused.length)} pertama yang dicantumkan)`,
      );
    }
  }
  if (summary.duplicateCount > 0) {
    lines.push('', 'NIK berulang dalam berkas (baris terakhir dengan NIK itu yang dipakai):');
    for (const repeat of summary.duplicates) {
      lines.push(
        `  baris ${repeat.line}: NIK ${repeat.nik} diulang di baris ${repeat.keptLine}; ` +
          'baris ini diabaikan',
      );
    }
    const more = summary.duplicateCount - summary.duplicates.length;
    if (more > 0) lines.push(`  … dan ${formatCount(more)} baris berulang lain`);
  }
  if (summary.refusedCount > 0 && summary.valid > 0) {
    lines.push(
      '',
      `PERHATIAN: ${formatCount(summary.refusedCount)} baris ditolak dan tidak dimuat; ` +
        (summary.applied ? 'baris lain sudah disimpan.' : 'baris lain lolos pemeriksaan.'),
    );
  }
  return `${lines.join('\n')}\n`;
}

interface ImportFlags {
  readonly dryRun?: boolean;
  readonly progress?: boolean;
}

async function runImport(file: string, flags: ImportFlags): Promise<void> {
  const report = progressReporter(flags.progress ?? process.stderr.isTTY);
  const started = performance.now();
  try {
    const summary = await withDatabase((open, _config, deps) =>
      importResidents(open.db, file, {
        today: deps.clock(),
        dryRun: flags.dryRun ?? false,
        onProgress: (read) => report(`dibaca ${formatCount(read)} baris…`),
        onMerging: (valid) => report(`menyimpan ${formatCount(valid)} baris ke basis data…`, true),
      }),
    );
    process.stdout.write(formatImportSummary(file, summary, seconds(started)));
    if (summary.read > 0 && summary.valid === 0) {
      process.stderr.write('Tidak satu baris pun lolos pemeriksaan; tidak ada yang disimpan.\n');
      process.exitCode = EXIT_NOT_APPLIED;
    }
  } catch (error) {
    report('', true);
    const reason =
      error instanceof RegistryImportError || error instanceof Refusal
        ? error.message
        : `kesalahan basis data atau sistem: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(
      `Impor dibatalkan; data penduduk tidak diubah.\n${reason.charAt(0).toUpperCase()}${reason.slice(1)}\n`,
    );
    process.exitCode = EXIT_NOT_APPLIED;
  }
}

interface GenerateFlags {
  readonly count?: string;
  readonly seed: string;
  readonly out?: string;
  readonly progress?: boolean;
}

/** The count as an integer, or the reason it is not one. */
export function parseGenerateCount(raw: string | undefined): number | string {
  if (raw === undefined) {
    return `Opsi --count wajib diisi: jumlah penduduk, 1–${formatCount(MAX_GENERATE_COUNT)}.`;
  }
  const value = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isSafeInteger(value) || value < 1 || value > MAX_GENERATE_COUNT) {
    return `Opsi --count harus bilangan bulat 1–${formatCount(MAX_GENERATE_COUNT)}, bukan "${raw}".`;
  }
  return value;
}

async function runGenerate(flags: GenerateFlags): Promise<void> {
  const count = parseGenerateCount(flags.count);
  const problems: string[] = [];
  if (typeof count === 'string') problems.push(count);
  if (flags.seed.length === 0 || flags.seed.length > 200) {
    problems.push('Opsi --seed harus berisi 1–200 karakter.');
  }
  if (problems.length > 0 || typeof count === 'string') {
    process.stderr.write(`${problems.join('\n')}\n`);
    process.exitCode = EXIT_USAGE;
    return;
  }
  const report = progressReporter(flags.progress ?? (process.stderr.isTTY && count >= 100_000));
  const started = performance.now();
  const residents = generateResidents({ count, seed: flags.seed });
  const onProgress = (written: number) =>
    report(
      `dibuat ${formatCount(written)} dari ${formatCount(count)} penduduk ` +
        `(${Math.floor((written / count) * 100)}%)`,
      written === count,
    );

  const target = flags.out;
  if (target === undefined) {
    // A reader that stops early (`| head`) is not an error.
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    });
    await writeResidentsCsv(residents, process.stdout, { onProgress });
    return;
  }

  // Written beside the target and renamed at the end: an interrupted run leaves no half file.
  const partial = `${target}.${process.pid}.sebagian`;
  const out = fs.createWriteStream(partial);
  try {
    await once(out, 'open');
    await writeResidentsCsv(residents, out, { onProgress });
    out.end();
    await once(out, 'finish');
    fs.renameSync(partial, target);
  } catch (error) {
    out.destroy();
    fs.rmSync(partial, { force: true });
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(`Gagal menulis ${target}: ${reason}\n`);
    process.exitCode = EXIT_NOT_APPLIED;
    return;
  }
  process.stdout.write(
    `${formatCount(count)} penduduk sintetis (seed "${flags.seed}") ditulis ke ${target} ` +
      `dalam ${seconds(started)}.\n`,
  );
}

export function registerRegistryCommands(program: Command): void {
  const registry = program
    .command('registry')
    .description('Data penduduk: impor dari CSV dan pembuatan data sintetis');

  registry
    .command('import')
    .description(
      'Memuat data penduduk dari berkas CSV (NIK baru ditambahkan, NIK yang sudah ada diperbarui)',
    )
    .argument('<berkas>', 'berkas CSV dengan baris judul nik,nama_lengkap,…,status')
    .option('--dry-run', 'hanya memeriksa dan menghitung, tanpa menyimpan')
    .option('--progress', 'tampilkan kemajuan di stderr (otomatis di terminal)')
    .action((file: string, flags: ImportFlags) => runImport(file, flags));

  registry
    .command('generate')
    .description('Membuat data penduduk sintetis Kabupaten Purbalingga dalam format CSV impor')
    .option('--count <jumlah>', `jumlah penduduk (wajib), 1–${formatCount(MAX_GENERATE_COUNT)}`)
    .option('--seed <seed>', 'benih acak: seed yang sama menghasilkan data yang sama', '1')
    .option('--out <berkas>', 'berkas tujuan (bawaan: stdout)')
    .option('--progress', 'tampilkan kemajuan di stderr (otomatis di terminal)')
    .action((flags: GenerateFlags) => runGenerate(flags));
}
