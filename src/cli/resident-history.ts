import fs from 'node:fs';
import zlib from 'node:zlib';
import type { Command } from 'commander';
import { parseVerifierKey, type AuditVerifier } from '../domain/audit-seal/checkpoint.js';
import { checkStatement } from '../domain/resident-statement.js';
import { wibDateTime } from '../domain/time.js';
import { EXIT_BROKEN } from './audit.js';

function readFileOrFail(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw new Error(`${what} ${file} tidak dapat dibaca`);
  }
}

/**
 * The JSON export attached to a statement's PDF (services/resident-history/statement-pdf.ts):
 * the first embedded file stream, inflated when compressed. Only what Gerbang's own PDFs hold
 * is read; any other PDF gives undefined.
 */
export function attachedStatement(pdf: Buffer): string | undefined {
  const text = pdf.toString('latin1');
  const at = text.indexOf('/Type /EmbeddedFile');
  if (at < 0) return undefined;
  const start = text.lastIndexOf(' obj', at);
  const streamAt = text.indexOf('stream\n', at);
  if (start < 0 || streamAt < 0) return undefined;
  const dictionary = text.slice(start, streamAt);
  const length = /\/Length (\d+)/.exec(dictionary);
  if (!length) return undefined;
  const begin = streamAt + 'stream\n'.length;
  const data = pdf.subarray(begin, begin + Number(length[1]));
  try {
    return (dictionary.includes('/FlateDecode') ? zlib.inflateSync(data) : data).toString('utf8');
  } catch {
    return undefined;
  }
}

function readStatement(file: string): unknown {
  let content: Buffer;
  try {
    content = fs.readFileSync(file);
  } catch {
    throw new Error(`Berkas riwayat akses ${file} tidak dapat dibaca`);
  }
  let json = content.toString('utf8');
  if (content.subarray(0, 5).toString('latin1') === '%PDF-') {
    const attached = attachedStatement(content);
    if (attached === undefined) {
      throw new Error(
        `Berkas PDF ${file} tidak memuat lampiran JSON riwayat akses; periksa berkas JSON-nya`,
      );
    }
    json = attached;
  }
  try {
    return JSON.parse(json);
  } catch {
    throw new Error(`Berkas riwayat akses ${file} bukan JSON yang sah`);
  }
}

/**
 * `gerbang audit verify-statement FILE.json|FILE.pdf` (issue 14): checks a resident's statement
 * (Riwayat Akses Data Kependudukan, JSON `gerbang-riwayat-akses/1`) without the database —
 * every line's inclusion proof, what each line shows against its sealed row, and the
 * checkpoint's signature — with `--public-key`, or the key written in the file (weaker: the
 * file could carry a key of its maker's choosing; said as a warning). Exit 0 when valid,
 * 3 when not, naming the failing line. Registered after `registerAuditCommands`.
 */
export function registerResidentHistoryCommands(program: Command): void {
  const audit = program.commands.find((command) => command.name() === 'audit');
  if (!audit) throw new Error('perintah audit belum terdaftar');
  audit
    .command('verify-statement')
    .description(
      `Memeriksa Riwayat Akses Data Kependudukan (JSON, atau PDF dengan lampiran JSON) dengan kunci publik, tanpa basis data (kode keluar ${EXIT_BROKEN} bila tidak sah)`,
    )
    .argument('<berkas>', 'berkas JSON riwayat akses, atau PDF-nya yang memuat lampiran JSON')
    .option(
      '--public-key <kunci>',
      'kunci publik yang dipercaya (nama+id+base64, atau berkas berisi kunci itu); bawaan: kunci yang tertulis di berkas, dengan peringatan',
    )
    .action((file: string, options: { publicKey?: string }) => {
      const document = readStatement(file);
      let verifier: AuditVerifier;
      if (options.publicKey !== undefined) {
        const text = fs.existsSync(options.publicKey)
          ? readFileOrFail(options.publicKey, 'Berkas kunci publik')
          : options.publicKey;
        verifier = parseVerifierKey(text);
      } else {
        const inFile = (document as { publicKey?: unknown } | null)?.publicKey;
        if (typeof inFile !== 'string') {
          throw new Error('Berkas tidak memuat kunci publik; berikan --public-key');
        }
        process.stderr.write(
          'Peringatan: tanpa --public-key, tanda tangan diperiksa dengan kunci yang tertulis di berkas itu sendiri; bandingkan kunci itu dengan kunci publik Disdukcapil yang diumumkan.\n',
        );
        verifier = parseVerifierKey(inFile);
      }
      const result = checkStatement(document, verifier);
      if (result.ok) {
        process.stdout.write(
          `SAH: ${result.lines} baris akses tercakup log berukuran ${result.size} (checkpoint ${wibDateTime(result.sealedAt)} WIB).\n`,
        );
      } else {
        process.stdout.write(`TIDAK SAH: ${result.problem}\n`);
        process.exitCode = EXIT_BROKEN;
      }
    });
}
