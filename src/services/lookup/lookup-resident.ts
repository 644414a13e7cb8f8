import {
  disclose,
  isElement,
  type DisclosedResident,
  type Element,
} from '../../domain/elements.js';
import { parseNik } from '../../domain/nik.js';
import { QUOTA_BEFORE_POC, QUOTA_SHARDS, quotaView, type QuotaView } from '../../domain/quota.js';
import type { Resident, VillagePlace } from '../../domain/resident.js';
import { RESPONSES, type ResponseCode } from '../../domain/responses.js';
import { wibDay } from '../../domain/time.js';
import { findVillagePlace } from '../../reference/regions.js';
import type { LookupStatementRow } from '../../store/lookup.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';
import { purposeProblem } from '../../domain/purpose.js';
import { hashToken } from '../account/tokens.js';
import { watchLookup } from './pattern-watch.js';
import { isApplicationToken } from '../../domain/applications.js';

export interface LookupInput {
  /** The bearer token or the portal session secret. */
  readonly token: string;
  readonly channel: 'PORTAL' | 'API' | 'CARD_READER';
  readonly nik: string;
  /** The purpose the operator states; null: the agreement's own (compatible clients, SPEC §9). */
  readonly purpose: string | null;
  readonly clientIp: string;
  /**
   * The operator an application names (`X-Gerbang-Operator`, a user ID) when `token` is an
   * application's (migration 026); ignored with a user's token.
   */
  readonly operator?: string | undefined;
  /**
   * The written reason the input-pattern policy ALASAN asks for on the next lookup (issue 9);
   * refused with ALASAN_DIPERLUKAN when required and missing.
   */
  readonly reason?: string | undefined;
  /**
   * A read through a KTP-el card reader (channel CARD_READER; `token` is then the reader's
   * credential): the SAM number, the operator at the reader and the elements the agency asks
   * to keep (services/card-readers/card-read.ts).
   */
  readonly cardReader?: {
    readonly samNumber: string;
    readonly operatorUserId: string;
    readonly keep: readonly string[];
  };
}

/** Refusals of a card reader's read, decided by the lookup statement (issue 12). */
const CARD_READER_REFUSALS = new Set([
  'PEMBACA_TIDAK_AKTIF',
  'SAM_TIDAK_SESUAI',
  'PERSETUJUAN_DIPERLUKAN',
] as const);
type CardReaderRefusal = typeof CARD_READER_REFUSALS extends Set<infer T> ? T : never;
const isCardReaderRefusal = (code: string): code is CardReaderRefusal =>
  CARD_READER_REFUSALS.has(code as CardReaderRefusal);

/** Refusals of a call through an application, decided by the lookup statement (migration 026). */
const APPLICATION_REFUSALS = new Set(['APLIKASI_BELUM_POC', 'APLIKASI_DICABUT'] as const);
type ApplicationRefusal = typeof APPLICATION_REFUSALS extends Set<infer T> ? T : never;
const isApplicationRefusal = (code: string): code is ApplicationRefusal =>
  APPLICATION_REFUSALS.has(code as ApplicationRefusal);

export interface LookupOutcome {
  readonly code: ResponseCode;
  readonly message: string;
  readonly httpStatus: number;
  /** Only with DITEMUKAN: the elements the agreement grants, nothing more. */
  readonly data?: DisclosedResident;
  /** Absent when the caller is not logged in or the agency has no agreement in force. */
  readonly quota?: QuotaView;
  /**
   * The input-pattern policy found a pattern in the caller's lookups (PERINGATAN): the text
   * to show the operator, in Bahasa Indonesia. Dukcapil has an alert.
   */
  readonly warning?: string;
  /** The policy ALASAN: the caller's next lookup must carry a written reason. */
  readonly reasonRequiredNext?: boolean;
  /**
   * Where the answer came from (issue 12 item 3): the id of its audit_log row — the request
   * ID a result page and its printout carry, by which Dukcapil finds the row — and its time.
   */
  readonly requestId?: number;
  readonly at?: Date;
  /** The agreement lets the agency print the result (migration 021). */
  readonly printAllowed?: boolean;
}

/** Control characters replaced and cut to 32 characters: what was typed, safe to keep. */
function auditableInput(typed: string): string {
  return typed.replace(/\p{Cc}/gu, '?').slice(0, 32);
}

/** A reason the ALASAN policy accepts: written out, not a token gesture. */
const REASON_MIN = 10;
const REASON_MAX = 500;

function checkedReason(reason: string | undefined): string | null {
  const text = reason?.trim() ?? '';
  if (text === '') return null;
  if (text.length < REASON_MIN || text.length > REASON_MAX) {
    throw new Refusal('PERMINTAAN_TIDAK_VALID', undefined, {
      fields: [
        {
          field: 'alasan',
          message: `Alasan harus ${REASON_MIN}–${REASON_MAX} karakter: tuliskan mengapa NIK ini perlu dicari`,
        },
      ],
    });
  }
  return text;
}

function checkedPurpose(purpose: string): string {
  const problem = purposeProblem(purpose);
  if (problem) throw new Refusal('PERMINTAAN_TIDAK_VALID', problem);
  return purpose.trim();
}

function outcome(code: ResponseCode, extra: Partial<LookupOutcome> = {}): LookupOutcome {
  const { message, httpStatus } = RESPONSES[code];
  return { code, message, httpStatus, ...extra };
}

function residentOf(row: LookupStatementRow): Resident {
  return {
    nik: row.nik!,
    namaLengkap: row.nama_lengkap!,
    jenisKelamin: row.jenis_kelamin as Resident['jenisKelamin'],
    tempatLahir: row.tempat_lahir!,
    tanggalLahir: row.tanggal_lahir!,
    statusPerkawinan: row.status_perkawinan as Resident['statusPerkawinan'],
    jenisPekerjaan: row.jenis_pekerjaan!,
    alamat: row.alamat!,
    kodeDesa: row.kode_desa!,
    rt: row.rt!,
    rw: row.rw!,
    status: 'AKTIF',
  };
}

/** What the lookup statement decided, before anything of the resident is answered. */
export interface FoundResident {
  /** The answer without data (quota, the policy's warning and reason flag included). */
  readonly outcome: LookupOutcome;
  /** With DITEMUKAN only: the register's row, its village and the elements granted. */
  readonly resident?: Resident;
  readonly place?: VillagePlace;
  readonly granted: readonly Element[];
}

/**
 * Looks a resident up by NIK for an agency user — the one use case behind the portal page
 * and the API. The quota, the audit record and the answer are decided by one statement
 * (store/lookup.ts); this function adds the NIK format check before it and the disclosure
 * of granted elements after it.
 */
export async function lookupResident(deps: Deps, input: LookupInput): Promise<LookupOutcome> {
  const found = await findResident(deps, input);
  if (!found.resident || !found.place) return found.outcome;
  return { ...found.outcome, data: disclose(found.resident, found.place, found.granted) };
}

/**
 * The lookup up to the answer: checks, quota, audit (with `detail` when given: what a
 * verification asked about, store/migrations/024) and the input-pattern policy. A use case
 * that answers otherwise than with the data (verification) builds on this, so that every
 * channel counts, audits and is watched the same way.
 */
export async function findResident(
  deps: Deps,
  input: LookupInput,
  detail?: Readonly<Record<string, unknown>>,
): Promise<FoundResident> {
  const now = deps.clock();
  const purpose = input.purpose === null ? null : checkedPurpose(input.purpose);
  const reason = checkedReason(input.reason);
  const parsed = parseNik(input.nik, now);
  const reader = input.channel === 'CARD_READER' ? input.cardReader : undefined;
  if (input.channel === 'CARD_READER' && !reader) throw new Error('cardReader is required');
  const viaApplication = input.channel === 'API' && isApplicationToken(input.token);
  const row = await deps.lookups.run({
    tokenHash: reader || viaApplication ? null : hashToken(input.token),
    application: viaApplication
      ? { tokenHash: hashToken(input.token), operatorUserId: input.operator?.trim() || null }
      : null,
    sessionKind: input.channel === 'API' ? 'API' : 'PORTAL',
    channel: input.channel,
    cardReader: reader
      ? {
          credentialHash: hashToken(input.token),
          samNumber: reader.samNumber,
          operatorUserId: reader.operatorUserId,
          keep: reader.keep,
        }
      : null,
    now,
    day: wibDay(now),
    nik: parsed.ok ? parsed.value.nik : null,
    nikAsTyped: auditableInput(input.nik),
    purpose,
    clientIp: input.clientIp,
    limitBeforePoc: QUOTA_BEFORE_POC,
    quotaShards: QUOTA_SHARDS,
    reason,
    watchPatterns: deps.oversight !== false,
    detail: detail === undefined ? null : JSON.stringify(detail),
  });
  const origin = { requestId: Number(row.audit_id), at: now, printAllowed: row.print_allowed };
  if (row.operator_unknown) throw new Refusal('OPERATOR_TIDAK_SAH');
  if (row.user_id === null) return { outcome: outcome('GAGAL_LOGIN', origin), granted: [] };
  if (isApplicationRefusal(row.response_code)) throw new Refusal(row.response_code);
  if ((row.response_code as string) === 'ALASAN_DIPERLUKAN') throw new Refusal('ALASAN_DIPERLUKAN');
  if (isCardReaderRefusal(row.response_code)) throw new Refusal(row.response_code);

  // The input-pattern policy, on the lookups up to this one (pattern-watch.ts).
  const effect = await watchLookup(deps, row, {
    at: now,
    nik: parsed.ok ? parsed.value.nik : null,
  });
  const quota = row.quota_used === null ? undefined : quotaView(row.quota_limit, row.quota_used);
  const extra = { quota, ...effect, ...origin };
  const granted = (row.granted_elements ?? []).filter(isElement);
  if (row.response_code !== 'DITEMUKAN') {
    return { outcome: outcome(row.response_code, extra), granted };
  }
  const resident = residentOf(row);
  const place = findVillagePlace(resident.kodeDesa);
  if (!place) throw new Error(`Kode desa ${resident.kodeDesa} tidak dikenal di data wilayah`);
  return { outcome: outcome('DITEMUKAN', extra), resident, place, granted };
}
