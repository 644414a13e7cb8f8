import { setTimeout as sleep } from 'node:timers/promises';
import type { Actor } from '../../domain/actor.js';
import { keyId, verifierKey } from '../../domain/audit-seal/checkpoint.js';
import { leafData } from '../../domain/audit-seal/leaf.js';
import { inclusionProofs } from '../../domain/audit-seal/merkle.js';
import type { FieldError } from '../../domain/refusals.js';
import { can } from '../../domain/permissions.js';
import {
  answerLabel,
  channelLabel,
  STATEMENT_FORMAT,
  type StatementDocument,
} from '../../domain/resident-statement.js';
import { wibDateTime, wibDay, wibDayStart } from '../../domain/time.js';
import { recordAdminAction } from '../../store/admin-actions.js';
import { findLatestCheckpoint, readLeafHashes } from '../../store/audit-seal.js';
import { listResidentAccesses, listResidentReturnData } from '../../store/resident-history.js';
import { findUserCardById } from '../../store/users.js';
import { auditSigner, recordedVerifiers } from '../audit-seal/keys.js';
import { sealAll } from '../audit-seal/sealer.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';
import { watchHistoryRequest } from './request-watch.js';

/**
 * Riwayat Akses Data Kependudukan (issue 14): at the Dukcapil counter, a resident who has
 * shown their KTP-el learns every access to their data in a period — when (WIB), which
 * agency, on which channel, for what stated purpose, and what the answer was — never the
 * operators' names or user IDs on the page or the PDF. Each line carries its inclusion proof
 * against the latest signed checkpoint, so the statement can be checked with the public key
 * alone (domain/resident-statement.ts, `gerbang audit verify-statement`).
 *
 * Which records: every audit_log row of an access action (today only LOOKUP: store/
 * resident-history.ts ACCESS_ACTIONS) whose NIK is the resident's. Return data the agencies
 * sent for the NIK (data_balikan) is listed too, separately and marked "tanpa bukti segel":
 * it is not part of the sealed trail.
 *
 * The request and every printout are recorded in admin_action (RIWAYAT_AKSES_DIMINTA,
 * RIWAYAT_AKSES_DICETAK), which is sealed like audit_log. The full NIK is recorded in the
 * detail so that the request itself can be found by NIK (for the resident's next request and
 * for Dukcapil's supervision of its own officers); the row has no agency, so no agency's page
 * shows it, and only Dukcapil roles read admin_action.
 */

export const REQUESTED_ACTION = 'RIWAYAT_AKSES_DIMINTA';
export const PRINTED_ACTION = 'RIWAYAT_AKSES_DICETAK';

export type StatementOutput = 'LAYAR' | 'PDF' | 'JSON';

export interface StatementRequest {
  readonly nik: string;
  /** The request's number, as the counter's register gives it. */
  readonly requestNumber: string;
  /** The identity check done: the document shown (e.g. "KTP-el asli"). */
  readonly identityCheck: string;
  /** WIB days, inclusive, YYYY-MM-DD; default: the 12 months up to today. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

export type StatementOfficer = Pick<Actor, 'id' | 'role'>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function isDay(value: string): boolean {
  return DAY.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function yearBefore(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCFullYear(date.getUTCFullYear() - 1);
  return addDays(date.toISOString().slice(0, 10), 1);
}

export interface CheckedRequest {
  readonly nik: string;
  readonly requestNumber: string;
  readonly identityCheck: string;
  readonly from: string;
  readonly to: string;
}

/** The request as the form and the service accept it; every problem at once. */
export function checkStatementRequest(input: StatementRequest, today: string): CheckedRequest {
  const nik = input.nik.trim();
  const requestNumber = input.requestNumber.trim();
  const identityCheck = input.identityCheck.trim();
  const to = (input.to ?? '').trim() || today;
  const from = (input.from ?? '').trim() || yearBefore(to);
  const fields: FieldError[] = [];
  if (!/^\d{16}$/.test(nik)) fields.push({ field: 'nik', message: 'NIK harus 16 digit angka' });
  if (requestNumber.length < 1 || requestNumber.length > 60) {
    fields.push({
      field: 'requestNumber',
      message: 'Isi nomor permohonan (paling banyak 60 karakter)',
    });
  }
  if (identityCheck.length < 3 || identityCheck.length > 120) {
    fields.push({
      field: 'identityCheck',
      message: 'Sebutkan dokumen identitas yang diperiksa (3–120 karakter)',
    });
  }
  if (!isDay(from)) fields.push({ field: 'from', message: 'Tanggal awal tidak sah' });
  if (!isDay(to)) fields.push({ field: 'to', message: 'Tanggal akhir tidak sah' });
  else if (to > today)
    fields.push({ field: 'to', message: 'Tanggal akhir tidak boleh setelah hari ini' });
  if (isDay(from) && isDay(to) && from > to) {
    fields.push({ field: 'from', message: 'Tanggal awal harus sebelum tanggal akhir' });
  }
  if (fields.length > 0) {
    throw new Refusal('PERMINTAAN_TIDAK_VALID', 'Permohonan riwayat akses belum lengkap', {
      fields,
    });
  }
  return { nik, requestNumber, identityCheck, from, to };
}

/** How often to wait for another process's sealer before giving up (each 100 ms). */
const SEAL_ATTEMPTS = 50;

/** A statement as issued: the document, and the input-pattern policy's word to the officer. */
export interface IssuedStatement {
  readonly statement: StatementDocument;
  /** The officer's requests make a pattern (request-watch.ts): shown to the officer. */
  readonly warning?: string;
}

/**
 * Makes the statement and records it: RIWAYAT_AKSES_DIMINTA for the first view at the counter,
 * RIWAYAT_AKSES_DICETAK (with the format) for each PDF or JSON made from it. Each request (not
 * each printout) goes through the input-pattern policy; an officer the policy held is refused.
 */
export async function residentAccessStatement(
  deps: Deps,
  officer: StatementOfficer,
  input: StatementRequest,
  output: StatementOutput = 'LAYAR',
): Promise<IssuedStatement> {
  if (!can(officer.role, 'residentHistory.issue')) throw new Refusal('TIDAK_BERWENANG');
  const now = deps.clock();
  const request = checkStatementRequest(input, wibDay(now));
  if ((await findUserCardById(deps.db, officer.id))?.status === 'DITAHAN') {
    throw new Refusal('AKSES_DITAHAN');
  }
  const from = wibDayStart(request.from);
  const toExclusive = wibDayStart(addDays(request.to, 1));

  await recordAdminAction(deps.db, {
    at: now,
    actorId: officer.id,
    agencyId: null,
    action: output === 'LAYAR' ? REQUESTED_ACTION : PRINTED_ACTION,
    target: request.requestNumber,
    detail: {
      nik: request.nik,
      pemeriksaanIdentitas: request.identityCheck,
      periode: { dari: request.from, sampai: request.to },
      ...(output === 'LAYAR' ? {} : { format: output }),
    },
  });
  const warning =
    output === 'LAYAR'
      ? await watchHistoryRequest(deps, officer.id, REQUESTED_ACTION, request.nik)
      : undefined;

  // Every access in the period sealed and covered by the latest checkpoint. The server's own
  // sealer may hold the turn (sealAll then seals nothing): wait for it, a few seconds at most.
  const signer = await auditSigner(deps);
  for (let attempt = 1; ; attempt += 1) {
    await sealAll(deps, signer);
    const checkpoint = await findLatestCheckpoint(deps.db);
    const accesses = await listResidentAccesses(deps.db, request.nik, from, toExclusive);
    const covered =
      checkpoint !== undefined &&
      accesses.every((a) => a.position !== null && a.position < checkpoint.size);
    if (!covered || !checkpoint) {
      if (attempt >= SEAL_ATTEMPTS) {
        throw new Refusal('KONFLIK', 'Jejak audit sedang disegel; ulangi permintaan sebentar lagi');
      }
      await sleep(100);
      continue;
    }
    const hashes = await readLeafHashes(deps.db, checkpoint.size);
    const proofs = inclusionProofs(
      hashes,
      checkpoint.size,
      accesses.map((a) => a.position!),
    );
    // The key that signed this checkpoint (the signer's own, unless the key was changed since).
    const signedBy =
      (await recordedVerifiers(deps)).find(
        (key) => keyId(key.name, key.publicKey).toString('hex') === checkpoint.keyId,
      ) ?? signer.key;
    const returns = await listResidentReturnData(deps.db, request.nik, from, toExclusive);
    const statement: StatementDocument = {
      format: STATEMENT_FORMAT,
      nik: request.nik,
      requestNumber: request.requestNumber,
      issuedAt: wibDateTime(now),
      period: { from: request.from, to: request.to },
      lines: accesses.map((access, i) => ({
        number: i + 1,
        at: wibDateTime(access.at),
        agency: access.agencyName ?? 'Dinas Kependudukan dan Pencatatan Sipil',
        channel: channelLabel(access.row.channel, access.row.detail),
        purpose: access.row.purpose,
        answer: answerLabel(access.row.response_code),
        position: access.position!,
        leaf: leafData({ source: 'audit_log', row: access.row }),
        proof: proofs[i]!.map((h) => h.toString('hex')),
      })),
      returnData: returns.map((r) => ({
        at: wibDateTime(r.receivedAt),
        agency: r.agencyName,
        channel: r.channel,
        version: r.version,
      })),
      checkpoint: checkpoint.note,
      publicKey: verifierKey(signedBy),
    };
    return warning ? { statement, warning } : { statement };
  }
}
