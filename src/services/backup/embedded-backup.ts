import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { recordAdminAction } from '../../store/admin-actions.js';
import { checkpoint, readBackupFacts, type BackupFacts } from '../../store/backup-facts.js';
import { lockDataDir, openDatabase, type OpenDatabase } from '../../store/db.js';
import { migrationFiles } from '../../store/migrate.js';

/**
 * `gerbang backup` / `gerbang restore` for the embedded (PGlite) database (issue 13). A
 * backup file is one line naming the format, one line of JSON saying what was copied (the
 * migrations, the row counts, whether the audit signing key travels with it) and the
 * checksum of what follows, then PGlite's `dumpDataDir()` tarball (gzip). A restore reads
 * and checks all of it, loads it into a new folder beside the data folder, checks the copy
 * against the header, and only then swaps the folders: a bad or truncated file, or a failure
 * halfway, leaves the data folder as it was. PostgreSQL is backed up with pg_dump (README).
 */

/** The first line of every backup file: what a restore looks for before anything else. */
export const BACKUP_MAGIC = 'GERBANG-CADANGAN-PGLITE 1\n';

export interface BackupHeader {
  readonly createdAt: string;
  readonly facts: BackupFacts;
  readonly payload: { readonly bytes: number; readonly sha256: string };
}

const POSTGRES_WAY =
  'Untuk PostgreSQL gunakan pg_dump dan pg_restore sebagaimana dijelaskan di README, bagian "Cadangan dan pemulihan".';

/** `gerbang backup` on a database that is not embedded. */
export const BACKUP_EMBEDDED_ONLY = `Cadangan dengan perintah ini hanya untuk basis data tertanam (PGlite). ${POSTGRES_WAY}`;

/** Writes the whole backup to a file of its own, then renames it: never a half-written file. */
function writeAtomically(file: string, parts: readonly Buffer[]): void {
  if (fs.existsSync(file)) {
    throw new Error(`Berkas ${file} sudah ada; pilih nama berkas cadangan lain.`);
  }
  const temporary = `${file}.sementara-${process.pid}`;
  // Population data and possibly the audit signing key: readable by the owner alone.
  const fd = fs.openSync(temporary, 'wx', 0o600);
  try {
    for (const part of parts) fs.writeSync(fd, part);
    fs.fsyncSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(temporary, { force: true });
    throw error;
  }
  fs.closeSync(fd);
  fs.renameSync(temporary, file);
}

/** Copies the open embedded database into `file`; what it recorded in the header. */
export async function writeEmbeddedBackup(
  open: OpenDatabase,
  file: string,
  now: Date,
): Promise<BackupHeader> {
  if (open.engine !== 'pglite' || !open.dumpDataDir) throw new Error(BACKUP_EMBEDDED_ONLY);
  const facts = await readBackupFacts(open.db);
  if (!facts) {
    throw new Error(
      'Basis data tertanam belum berisi Gerbang (belum dimigrasi); tidak ada yang dicadangkan.',
    );
  }
  await checkpoint(open.db);
  const payload = Buffer.from(await (await open.dumpDataDir()).arrayBuffer());
  const header: BackupHeader = {
    createdAt: now.toISOString(),
    facts,
    payload: {
      bytes: payload.length,
      sha256: crypto.createHash('sha256').update(payload).digest('hex'),
    },
  };
  writeAtomically(file, [
    Buffer.from(BACKUP_MAGIC),
    Buffer.from(`${JSON.stringify(header)}\n`),
    payload,
  ]);
  return header;
}

function isHeader(value: unknown): value is BackupHeader {
  const header = value as BackupHeader | null;
  return (
    typeof header?.createdAt === 'string' &&
    Array.isArray(header.facts?.migrations) &&
    header.facts.migrations.every((name) => typeof name === 'string') &&
    typeof header.facts.counts?.audit_log === 'number' &&
    typeof header.facts.auditKeyInDatabase === 'boolean' &&
    Number.isSafeInteger(header.payload?.bytes) &&
    typeof header.payload.sha256 === 'string'
  );
}

/**
 * Reads and checks a backup file: its first line, its header, and the checksum of its
 * tarball. Refuses, in Bahasa Indonesia, anything that is not a whole Gerbang backup.
 */
export function readEmbeddedBackup(file: string): { header: BackupHeader; payload: Buffer } {
  let content: Buffer;
  try {
    content = fs.readFileSync(file);
  } catch {
    throw new Error(`Berkas cadangan ${file} tidak dapat dibaca.`);
  }
  const notBackup = `Berkas ${file} bukan berkas cadangan Gerbang; tidak ada yang diubah.`;
  if (!content.subarray(0, BACKUP_MAGIC.length).equals(Buffer.from(BACKUP_MAGIC))) {
    throw new Error(notBackup);
  }
  const end = content.indexOf(0x0a, BACKUP_MAGIC.length);
  let header: unknown;
  try {
    header =
      end < 0 ? undefined : JSON.parse(content.subarray(BACKUP_MAGIC.length, end).toString('utf8'));
  } catch {
    header = undefined;
  }
  if (!isHeader(header)) throw new Error(notBackup);
  const payload = content.subarray(end + 1);
  const sha256 = crypto.createHash('sha256').update(payload).digest('hex');
  if (payload.length !== header.payload.bytes || sha256 !== header.payload.sha256) {
    throw new Error(
      `Berkas cadangan ${file} rusak atau tidak lengkap (ukuran atau sidik jari isinya tidak cocok dengan kepala berkas); tidak ada yang diubah.`,
    );
  }
  return { header, payload };
}

export interface RestoreResult {
  readonly header: BackupHeader;
  /** Where the replaced data folder was kept; undefined when there was none. */
  readonly previousDir: string | undefined;
}

function sameFacts(a: BackupFacts, b: BackupFacts): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A folder that holds nothing but our own lock file held no database. */
function isEmptyBesidesLock(dir: string): boolean {
  return fs.readdirSync(dir).every((name) => name === 'gerbang.lock');
}

/**
 * Replaces the embedded database in `dataDir` by the backup in `file`. Refused while another
 * process (a server) holds the folder; the new database is built and checked in a folder of
 * its own beside it, and the two are swapped by renaming, so that nothing is half-written.
 * The replaced folder is kept beside, under a name that says so.
 */
export async function restoreEmbeddedBackup(
  file: string,
  dataDir: string,
  now: Date,
): Promise<RestoreResult> {
  const { header, payload } = readEmbeddedBackup(file);
  const known = new Set(migrationFiles());
  const unknown = header.facts.migrations.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new Error(
      `Cadangan dibuat oleh versi Gerbang yang lebih baru (migrasi tidak dikenal: ${unknown.join(', ')}); perbarui Gerbang lebih dulu. Tidak ada yang diubah.`,
    );
  }
  const target = path.resolve(dataDir);
  const unlock = lockDataDir(target);
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const staging = `${target}.pulihan-${stamp}`;
  try {
    let restored: OpenDatabase | undefined;
    try {
      restored = await openDatabase({ dataDir: staging, loadDataDir: new Blob([payload]) });
      const facts = await readBackupFacts(restored.db);
      if (!facts || !sameFacts(facts, header.facts)) {
        throw new Error(
          'Isi cadangan yang dimuat tidak cocok dengan kepala berkasnya (jumlah baris atau migrasi berbeda); tidak ada yang diubah.',
        );
      }
      // The restored trail says so itself (sealed by the next server): the accesses recorded
      // after the backup are not in it, and a later kept checkpoint will say the tail is gone.
      await recordAdminAction(restored.db, {
        at: now,
        actorId: null,
        agencyId: null,
        action: 'BASIS_DATA_DIPULIHKAN',
        target: path.basename(file),
        reason: null,
        detail: { backupCreatedAt: header.createdAt, sha256: header.payload.sha256 },
      });
      await restored.close();
      restored = undefined;
    } catch (error) {
      await restored?.close().catch(() => {});
      fs.rmSync(staging, { recursive: true, force: true });
      throw error;
    }
    // The new folder carries our lock before it takes the data folder's name, so that no
    // server can start on it between the two renames.
    fs.writeFileSync(path.join(staging, 'gerbang.lock'), String(process.pid));
    const previous = `${target}.sebelum-pulih-${stamp}`;
    fs.renameSync(target, previous);
    try {
      fs.renameSync(staging, target);
    } catch (error) {
      fs.renameSync(previous, target);
      fs.rmSync(staging, { recursive: true, force: true });
      throw error;
    }
    const hadDatabase = !isEmptyBesidesLock(previous);
    if (hadDatabase) fs.rmSync(path.join(previous, 'gerbang.lock'), { force: true });
    else fs.rmSync(previous, { recursive: true, force: true });
    return { header, previousDir: hadDatabase ? previous : undefined };
  } finally {
    unlock();
  }
}
