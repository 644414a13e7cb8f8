import { checkInclusionProof, type ProofCheck } from './audit-seal/proof.js';
import {
  checkpointSignedBy,
  parseCheckpoint,
  type AuditVerifier,
} from './audit-seal/checkpoint.js';
import { wibDateTime } from './time.js';

/**
 * The resident's statement of who looked them up (issue 14, "Riwayat Akses Data
 * Kependudukan"), as exported in JSON (`gerbang-riwayat-akses/1`) and checked by `gerbang
 * audit verify-statement`: each line carries the sealed row's exact text, its position and its
 * inclusion proof against one signed checkpoint, so that anyone with the public key can check
 * that the list is the sealed trail and not an edited copy. Pure: no I/O.
 */
export const STATEMENT_FORMAT = 'gerbang-riwayat-akses/1';

/** The answer of a lookup in plain Indonesian, for the resident (not the verbatim API text). */
const ANSWER_LABELS: Readonly<Record<string, string>> = {
  DITEMUKAN: 'Data ditemukan',
  MENINGGAL: 'Data ditemukan (tercatat meninggal dunia)',
  GANDA: 'Data ditemukan (tercatat ganda)',
  NON_AKTIF: 'Data ditemukan (status nonaktif)',
  TIDAK_DITEMUKAN: 'Data tidak ditemukan',
  FORMAT_SALAH: 'Ditolak: NIK tidak sesuai format',
  GAGAL_LOGIN: 'Ditolak: gagal masuk',
  KUOTA_HABIS: 'Ditolak: kuota harian instansi habis',
  INSTANSI_TIDAK_AKTIF: 'Ditolak: instansi tidak aktif',
  USER_NON_AKTIF: 'Ditolak: akun petugas nonaktif',
  IP_TIDAK_SESUAI: 'Ditolak: alamat jaringan tidak sesuai',
  AKSES_DITAHAN: 'Ditolak: akses petugas ditahan',
};

export function answerLabel(responseCode: string): string {
  return ANSWER_LABELS[responseCode] ?? 'Ditolak';
}

const CHANNEL_LABELS: Readonly<Record<string, string>> = {
  PORTAL: 'Portal web Gerbang',
  API: 'Sistem instansi (API)',
  CARD_READER: 'Card reader KTP-el instansi',
};

/**
 * How the access came, for the resident: the channel, and for a verification (an audit
 * detail naming the elements asked, migration 024) that nothing of their data was sent.
 */
export function channelLabel(channel: string, detail: string | null = null): string {
  const label = CHANNEL_LABELS[channel] ?? channel;
  return isVerification(detail)
    ? `${label}, verifikasi kesesuaian data (tanpa data dikirim)`
    : label;
}

function isVerification(detail: string | null): boolean {
  if (detail === null) return false;
  try {
    const parsed = JSON.parse(detail) as { verifikasi?: unknown } | null;
    return Array.isArray(parsed?.verifikasi);
  } catch {
    return false;
  }
}

/** What a line says about one access: what the resident reads. */
export interface StatementLine {
  /** 1, 2, … in time order. */
  readonly number: number;
  /** WIB, YYYY-MM-DD HH:MM:SS. */
  readonly at: string;
  readonly agency: string;
  readonly channel: string;
  /** The purpose or case reference the operator stated; null when none was. */
  readonly purpose: string | null;
  readonly answer: string;
  /** The leaf position in the sealed log. */
  readonly position: number;
  /** The canonical text of the sealed row (domain/audit-seal/leaf.ts), hashed as the leaf. */
  readonly leaf: string;
  /** Sibling hashes from the leaf up to the checkpoint's root, hex. */
  readonly proof: readonly string[];
}

/** A return-data record the agency sent for the NIK: listed, but not in the sealed trail. */
export interface StatementReturnRecord {
  readonly at: string;
  readonly agency: string;
  readonly channel: string;
  readonly version: number;
}

export interface StatementDocument {
  readonly format: typeof STATEMENT_FORMAT;
  readonly nik: string;
  readonly requestNumber: string;
  /** WIB date-time the statement was made. */
  readonly issuedAt: string;
  /** The WIB days of the period, inclusive, YYYY-MM-DD. */
  readonly period: { readonly from: string; readonly to: string };
  readonly lines: readonly StatementLine[];
  /** Return data received: not sealed ("tanpa bukti segel"), listed for completeness. */
  readonly returnData: readonly StatementReturnRecord[];
  /** The signed checkpoint every proof leads to, as printed. */
  readonly checkpoint: string;
  /** The verifier key (C2SP) of the checkpoint's signer, as the statement states it. */
  readonly publicKey: string;
}

export type StatementCheck =
  | { readonly ok: true; readonly lines: number; readonly size: number; readonly sealedAt: Date }
  | {
      readonly ok: false;
      /** The line that fails (1-based), absent when the document or checkpoint itself does. */
      readonly line?: number;
      readonly problem: string;
    };

/** The fields of an audit_log leaf (format 1 or 2: the same first columns) that a line shows. */
function leafFields(leaf: string):
  | {
      readonly at: string;
      readonly action: string;
      readonly channel: string;
      readonly nik: string | null;
      readonly purpose: string | null;
      readonly responseCode: string;
      readonly detail: string | null;
    }
  | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(leaf);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed[0] !== 'audit_log' || (parsed[1] !== 1 && parsed[1] !== 2)) {
    return undefined;
  }
  const [, , , at, action, channel, , , , , nik, purpose, responseCode, , detail] =
    parsed as unknown[];
  if (typeof at !== 'string' || typeof action !== 'string' || typeof channel !== 'string') {
    return undefined;
  }
  if (typeof responseCode !== 'string') return undefined;
  return {
    at,
    action,
    channel,
    nik: typeof nik === 'string' ? nik : null,
    purpose: typeof purpose === 'string' ? purpose : null,
    responseCode,
    detail: typeof detail === 'string' ? detail : null,
  };
}

/**
 * Checks a statement: the checkpoint's signature with `verifier`, then every line — its proof
 * leads to the checkpoint's root, and what it shows (time, channel, purpose, answer, the NIK)
 * is what its sealed row says. The first failure is named with its line number.
 */
export function checkStatement(document: unknown, verifier: AuditVerifier): StatementCheck {
  const doc = document as Partial<StatementDocument> | null;
  if (
    !doc ||
    doc.format !== STATEMENT_FORMAT ||
    typeof doc.nik !== 'string' ||
    typeof doc.checkpoint !== 'string' ||
    !Array.isArray(doc.lines)
  ) {
    return { ok: false, problem: `berkas bukan riwayat akses Gerbang (${STATEMENT_FORMAT})` };
  }
  // The checkpoint and its signature first, on their own: an empty statement is checked too.
  const parsed = parseCheckpoint(doc.checkpoint);
  if (!parsed.ok) return { ok: false, problem: parsed.problem };
  if (!checkpointSignedBy(parsed.checkpoint, verifier)) {
    return { ok: false, problem: 'tanda tangan checkpoint tidak sah untuk kunci publik ini' };
  }
  const { size, sealedAt } = parsed.checkpoint;
  for (const [index, line] of (doc.lines as Partial<StatementLine>[]).entries()) {
    const number = index + 1;
    const fail = (problem: string): StatementCheck => ({
      ok: false,
      line: number,
      problem: `baris ${number}: ${problem}`,
    });
    if (!line || typeof line.leaf !== 'string' || line.number !== number) {
      return fail('baris tidak lengkap atau nomor urutnya tidak sesuai');
    }
    const result: ProofCheck = checkInclusionProof(
      {
        format: 'gerbang-audit-proof/1',
        position: line.position,
        leaf: line.leaf,
        proof: line.proof,
        checkpoint: doc.checkpoint,
      },
      verifier,
    );
    if (!result.ok) return fail(result.problem);
    const sealed = leafFields(line.leaf);
    if (!sealed) return fail('teks catatan tersegel bukan catatan akses (audit_log)');
    const shown: [string, unknown, unknown][] = [
      ['NIK', sealed.nik, doc.nik],
      ['waktu', wibDateTime(new Date(sealed.at)), line.at],
      ['kanal', channelLabel(sealed.channel, sealed.detail), line.channel],
      ['keperluan', sealed.purpose, line.purpose],
      ['jawaban', answerLabel(sealed.responseCode), line.answer],
    ];
    for (const [what, inLeaf, inLine] of shown) {
      if (inLeaf !== inLine) {
        return fail(`${what} yang tertulis tidak sama dengan catatan tersegel`);
      }
    }
  }
  return { ok: true, lines: doc.lines.length, size, sealedAt };
}
