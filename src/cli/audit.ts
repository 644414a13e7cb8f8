import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Command } from 'commander';
import {
  auditKeyPair,
  parseVerifierKey,
  verifierKey,
  type AuditVerifier,
} from '../domain/audit-seal/checkpoint.js';
import { checkInclusionProof } from '../domain/audit-seal/proof.js';
import { wibDateTime } from '../domain/time.js';
import { parseCheckpointLine } from '../domain/usage-report.js';
import { mailCheckpoint } from '../services/audit-seal/checkpoint-mail.js';
import { AUDIT_LOG_ORIGIN, auditSigner, recordedVerifiers } from '../services/audit-seal/keys.js';
import { proveAuditRow } from '../services/audit-seal/prove.js';
import { sealAll } from '../services/audit-seal/sealer.js';
import { latestCheckpoint } from '../services/audit-seal/status.js';
import { verifyAuditTrail } from '../services/audit-seal/verify.js';
import { createMailer } from '../services/mail/mailer.js';
import { withDatabase } from './context.js';

/** Exit status of a verification that found a break (1 is a usage error, 2 a bad input). */
export const EXIT_BROKEN = 3;

function readFileOrFail(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw new Error(`${what} ${file} tidak dapat dibaca`);
  }
}

function verifiersOf(option: string | undefined): AuditVerifier[] | undefined {
  if (option === undefined) return undefined;
  const text = fs.existsSync(option) ? readFileOrFail(option, 'Berkas kunci publik') : option;
  return [parseVerifierKey(text)];
}

/**
 * The checkpoint of an agency's usage report, from --size and --root, or from a file holding
 * the report's line ("Checkpoint log audit: ukuran N, akar HEX"); undefined when neither.
 */
function reportCheckpointOf(
  options: { size?: string; root?: string },
  fileText: string | undefined,
): { size: number; rootHash: Buffer } | undefined {
  if (options.size !== undefined || options.root !== undefined) {
    const size = Number(options.size);
    if (!Number.isSafeInteger(size) || size <= 0 || !/^[0-9a-fA-F]{64}$/.test(options.root ?? '')) {
      throw new Error(
        '--size harus bilangan bulat positif dan --root 64 digit heksadesimal; keduanya wajib diisi',
      );
    }
    return { size, rootHash: Buffer.from(options.root!, 'hex') };
  }
  // a signed note (the log's own checkpoint) is read as one; anything else may be a report's line
  const line =
    fileText === undefined || fileText.includes('\n\n\u2014 ')
      ? undefined
      : parseCheckpointLine(fileText);
  return line ? { size: line.size, rootHash: Buffer.from(line.rootHex, 'hex') } : undefined;
}

/**
 * `gerbang audit …`: the sealed audit trail for Dukcapil and auditors (issue 9). Output in
 * Bahasa Indonesia; the checkpoint and the proof go to stdout alone, so they can be kept in a
 * file as they are.
 */
export function registerAuditCommands(program: Command): void {
  const audit = program
    .command('audit')
    .description(
      'Jejak audit tersegel: segel, checkpoint bertanda tangan, verifikasi, bukti inklusi',
    );

  audit
    .command('seal')
    .description('Menyegel sekarang semua catatan audit yang belum tersegel')
    .action(async () => {
      await withDatabase(async (_open, _config, deps) => {
        const result = await sealAll(deps);
        process.stdout.write(
          `${result.sealed} catatan disegel; log kini memuat ${result.size} catatan.\n`,
        );
      });
    });

  audit
    .command('checkpoint')
    .description(
      'Mencetak checkpoint bertanda tangan terbaru untuk disimpan di luar basis data (juga dikirim ke surel Dukcapil bila SMTP diatur)',
    )
    .action(async () => {
      await withDatabase(async (_open, config, deps) => {
        const signer = await auditSigner(deps);
        await sealAll(deps, signer);
        const checkpoint = await latestCheckpoint(deps);
        if (!checkpoint) {
          process.stderr.write('Belum ada catatan audit untuk disegel; belum ada checkpoint.\n');
          process.exitCode = 1;
          return;
        }
        process.stdout.write(checkpoint.note);
        const publicKey = verifierKey(signer.key);
        process.stderr.write(`Kunci publik penanda tangan: ${publicKey}\n`);
        if (config.mail && config.dukcapilEmail) {
          const mailer = createMailer(config.mail);
          try {
            await mailCheckpoint(mailer, config.dukcapilEmail, checkpoint, publicKey);
            process.stderr.write('Checkpoint dikirim ke alamat surel Dukcapil.\n');
          } finally {
            mailer.close();
          }
        }
      });
    });

  audit
    .command('verify')
    .description(
      `Menghitung ulang seluruh jejak audit dan melaporkan tempat pertama yang rusak (kode keluar ${EXIT_BROKEN} bila rusak)`,
    )
    .option(
      '--checkpoint <berkas>',
      'checkpoint yang disimpan di luar basis data, atau berkas berisi baris checkpoint dari laporan instansi ("ukuran N, akar HEX")',
    )
    .option('--size <n>', 'ukuran log pada checkpoint yang tercantum dalam laporan instansi')
    .option('--root <hex>', 'akar (hash) log pada checkpoint yang tercantum dalam laporan instansi')
    .option(
      '--public-key <kunci>',
      'kunci publik yang dipercaya (nama+id+base64, atau berkas berisi kunci itu); bawaan: kunci yang tercatat di basis data',
    )
    .action(
      async (options: {
        checkpoint?: string;
        publicKey?: string;
        size?: string;
        root?: string;
      }) => {
        let externalCheckpoint =
          options.checkpoint === undefined
            ? undefined
            : readFileOrFail(options.checkpoint, 'Berkas checkpoint');
        const reportCheckpoint = reportCheckpointOf(options, externalCheckpoint);
        if (reportCheckpoint && options.checkpoint !== undefined) externalCheckpoint = undefined;
        const verifiers = verifiersOf(options.publicKey);
        await withDatabase(async (_open, _config, deps) => {
          if (!verifiers) {
            process.stderr.write(
              'Catatan: tanpa --public-key, tanda tangan diperiksa dengan kunci yang tercatat di basis data itu sendiri.\n',
            );
          }
          const report = await verifyAuditTrail(deps, {
            ...(verifiers ? { verifiers } : {}),
            ...(externalCheckpoint !== undefined ? { externalCheckpoint } : {}),
            ...(reportCheckpoint ? { reportCheckpoint } : {}),
            record: true,
          });
          const out = process.stdout;
          out.write(`Catatan tersegel      : ${report.size}\n`);
          out.write(`Checkpoint diperiksa  : ${report.checkpoints}\n`);
          if (report.latest) {
            out.write(
              `Checkpoint terakhir   : ukuran ${report.latest.size}, akar ${report.latest.rootHash}, ${wibDateTime(report.latest.sealedAt)} WIB\n`,
            );
          }
          out.write(`Menunggu disegel      : ${report.awaitingSeal}\n`);
          out.write(`Waktu verifikasi      : ${report.durationMs} ms\n`);
          if (report.broken) {
            const where =
              report.broken.position === undefined
                ? ''
                : report.broken.positionTo !== undefined
                  ? ` (posisi ${report.broken.position}–${report.broken.positionTo})`
                  : ` (posisi ${report.broken.position})`;
            out.write(`RUSAK [${report.broken.kind}]${where}: ${report.broken.message}\n`);
            process.exitCode = EXIT_BROKEN;
          } else {
            out.write('UTUH: jejak audit cocok dengan setiap checkpoint bertanda tangan.\n');
            if (reportCheckpoint) {
              out.write(
                `COCOK: log pada ukuran ${reportCheckpoint.size} berakar ${reportCheckpoint.rootHash.toString('hex')}, sebagaimana tercantum dalam laporan.\n`,
              );
            }
          }
        });
      },
    );

  audit
    .command('prove')
    .description('Bukti inklusi satu catatan audit terhadap checkpoint terbaru (JSON)')
    .requiredOption('--id <nomor>', 'id catatan')
    .option('--table <tabel>', 'audit_log atau admin_action', 'audit_log')
    .action(async (options: { id: string; table: string }) => {
      const id = Number(options.id);
      if (!Number.isSafeInteger(id) || id < 1) throw new Error('--id harus bilangan bulat positif');
      if (options.table !== 'audit_log' && options.table !== 'admin_action') {
        throw new Error('--table harus audit_log atau admin_action');
      }
      const source = options.table;
      await withDatabase(async (_open, _config, deps) => {
        const proof = await proveAuditRow(deps, { source, id });
        process.stdout.write(`${JSON.stringify(proof, null, 2)}\n`);
      });
    });

  audit
    .command('check-proof')
    .description(
      `Memeriksa bukti inklusi dengan kunci publik saja, tanpa basis data (kode keluar ${EXIT_BROKEN} bila tidak sah)`,
    )
    .argument('<berkas.json>')
    .requiredOption(
      '--public-key <kunci>',
      'kunci publik (nama+id+base64, atau berkas berisi kunci itu)',
    )
    .action((file: string, options: { publicKey: string }) => {
      let document: unknown;
      try {
        document = JSON.parse(readFileOrFail(file, 'Berkas bukti'));
      } catch (error) {
        throw new Error(
          error instanceof SyntaxError
            ? `Berkas bukti ${file} bukan JSON yang sah`
            : String((error as Error).message),
        );
      }
      const result = checkInclusionProof(document, verifiersOf(options.publicKey)![0]!);
      if (result.ok) {
        process.stdout.write(
          `SAH: catatan tercakup log berukuran ${result.size} (checkpoint ${wibDateTime(result.sealedAt)} WIB).\n`,
        );
      } else {
        process.stdout.write(`TIDAK SAH: ${result.problem}\n`);
        process.exitCode = EXIT_BROKEN;
      }
    });

  audit
    .command('public-key')
    .description('Mencetak kunci publik penanda tangan checkpoint')
    .action(async () => {
      await withDatabase(async (_open, _config, deps) => {
        if (deps.auditKey) {
          process.stdout.write(`${verifierKey(auditKeyPair(AUDIT_LOG_ORIGIN, deps.auditKey))}\n`);
          return;
        }
        for (const key of await recordedVerifiers(deps))
          process.stdout.write(`${verifierKey(key)}\n`);
      });
    });

  audit
    .command('keygen')
    .description(
      'Membuat kunci penanda tangan baru untuk GERBANG_AUDIT_KEY (simpan di luar basis data)',
    )
    .action(() => {
      const seed = crypto.randomBytes(32);
      process.stdout.write(`GERBANG_AUDIT_KEY=${seed.toString('base64')}\n`);
      process.stderr.write(`Kunci publik: ${verifierKey(auditKeyPair(AUDIT_LOG_ORIGIN, seed))}\n`);
    });
}
