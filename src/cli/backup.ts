import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { systemClock, wibDateTime } from '../domain/time.js';
import {
  BACKUP_EMBEDDED_ONLY,
  restoreEmbeddedBackup,
  writeEmbeddedBackup,
  type BackupHeader,
} from '../services/backup/embedded-backup.js';
import { withDatabase } from './context.js';

function describe(header: BackupHeader): string {
  const { counts } = header.facts;
  return (
    `${counts.resident} penduduk, ${counts.app_user} pengguna, ${counts.audit_log} catatan akses, ` +
    `${counts.admin_action} catatan tindakan admin, ${counts.audit_seal_leaf} catatan tersegel`
  );
}

/** Where the signing key of the audit trail lives decides what must be kept with the file. */
function auditKeyNote(header: BackupHeader): string {
  return header.facts.auditKeyInDatabase
    ? 'Perhatian: kunci penanda tangan jejak audit tersimpan di basis data dan ikut dalam cadangan ini; simpan berkas cadangan serahasia basis data itu sendiri.\n'
    : 'Kunci penanda tangan jejak audit (GERBANG_AUDIT_KEY) tidak ikut dalam cadangan; simpan kunci itu terpisah dari berkas cadangan.\n';
}

/**
 * `gerbang backup FILE` / `gerbang restore FILE`: the embedded database copied to one file and
 * back (services/backup/embedded-backup.ts). PostgreSQL has pg_dump and pg_restore (README).
 */
export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description(
      'Mencadangkan basis data tertanam (PGlite) ke satu berkas; hentikan server lebih dulu',
    )
    .argument('<berkas>', 'berkas cadangan yang dibuat (tidak boleh sudah ada)')
    .action(async (file: string) => {
      const config = loadConfig();
      if (config.databaseUrl) throw new Error(BACKUP_EMBEDDED_ONLY);
      if (!fs.existsSync(path.join(config.dataDir, 'PG_VERSION'))) {
        throw new Error(
          `Folder ${config.dataDir} belum berisi basis data tertanam; tidak ada yang dicadangkan.`,
        );
      }
      await withDatabase(
        async (open) => {
          const header = await writeEmbeddedBackup(open, file, systemClock());
          process.stdout.write(`Cadangan ditulis ke ${file}: ${describe(header)}.\n`);
          process.stderr.write(auditKeyNote(header));
        },
        { migrate: false },
      );
    });

  program
    .command('restore')
    .description(
      'Memulihkan basis data tertanam (PGlite) dari berkas cadangan; ditolak selama server memakai folder data',
    )
    .argument('<berkas>', 'berkas yang dibuat oleh gerbang backup')
    .action(async (file: string) => {
      const config = loadConfig();
      if (config.databaseUrl) {
        throw new Error(
          'Pemulihan dengan perintah ini hanya untuk basis data tertanam (PGlite). Untuk PostgreSQL gunakan pg_restore sebagaimana dijelaskan di README, bagian "Cadangan dan pemulihan".',
        );
      }
      const result = await restoreEmbeddedBackup(file, config.dataDir, systemClock());
      const out = process.stdout;
      out.write(
        `Basis data tertanam di ${config.dataDir} dipulihkan dari cadangan ${wibDateTime(new Date(result.header.createdAt))} WIB: ${describe(result.header)}.\n`,
      );
      if (result.previousDir) {
        out.write(
          `Folder data sebelumnya disimpan di ${result.previousDir}; hapus setelah hasil pemulihan diperiksa.\n`,
        );
      }
      out.write('Periksa segel jejak audit dengan: gerbang audit verify\n');
      process.stderr.write(auditKeyNote(result.header));
    });
}
