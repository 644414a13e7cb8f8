import { compatibleCredentials } from '../../domain/compatible-credentials.js';
import {
  CHANNEL_REFUSALS,
  envelope,
  operatorRefusal,
  personContent,
  refusalContent,
  refusalOf,
  upperKeys,
  VERIFY_KEYS,
  verificationContent,
  type EnvelopeRefusal,
} from '../../domain/national-service.js';
import type { VerifiableElement } from '../../domain/matching/verification.js';
import type { ResponseCode } from '../../domain/responses.js';
import { Refusal } from '../errors.js';
import type { Deps } from '../deps.js';
import { openCompatibleCaller } from './compatible-caller.js';
import { findResident } from './lookup-resident.js';
import { verifyResident } from './verify-resident.js';

export interface CompatibleCall {
  /** The path's last segment: CALL_NIK, CALL_VERIFY_BY_ELEMEN, or another the client tried. */
  readonly method: string;
  /** The body's fields, then the query string's, as the client sent them. */
  readonly body: Readonly<Record<string, unknown>>;
  readonly query: Readonly<Record<string, unknown>>;
  /** The body could not be read (neither JSON nor a form). */
  readonly unreadable: boolean;
  readonly clientIp: string;
  /**
   * The token of an `Authorization: Bearer` header: an application's (`gba_…`); '' when the
   * header is there but unreadable; undefined without one.
   */
  readonly bearer?: string | undefined;
  /** The `X-Gerbang-Operator` header: the operator an application's call acts for. */
  readonly operator?: string | undefined;
}

export type CompatibleAnswer = ReturnType<typeof envelope>;

/** What a client reports in IP_USER: kept for the audit (cut short, no control characters). */
const reported = (value: string | undefined) =>
  value === undefined ? null : value.replace(/\p{Cc}/gu, '?').slice(0, 64);

/**
 * A call of the national service's clients (SPEC §9), answered by the one lookup use case:
 * the caller is a user whose ID and password log in for this call alone, or an application
 * (its bearer token, or its client ID and secret in USER_ID and PASSWORD) acting for the
 * operator it names (compatible-caller.ts); the lookup or verification runs with the
 * agreement's purpose and the same quota, audit and input-pattern policy as every channel,
 * and its audit row is marked as a compatible client's with the address it reported
 * (`detail`, never trusted) and the application it came through. Every answer is an
 * envelope, refusals included: these clients fail on any HTTP status but 200.
 */
export async function answerCompatibleCall(
  deps: Deps,
  call: CompatibleCall,
): Promise<CompatibleAnswer> {
  const verification = call.method === 'CALL_VERIFY_BY_ELEMEN';
  const queryForm = Object.keys(call.body).length === 0 && Object.keys(call.query).length > 0;
  const refuse = (refusal: EnvelopeRefusal) => envelope(refusalContent(refusal, verification));
  if (!verification && call.method !== 'CALL_NIK') return refuse(CHANNEL_REFUSALS.METODE);
  if (call.unreadable) return refuse(CHANNEL_REFUSALS.PERMINTAAN);
  const fields = { ...upperKeys(call.query), ...upperKeys(call.body) };
  const credentials = compatibleCredentials(fields, call.bearer, call.operator);
  if (!credentials.ok) return refuse({ ...CHANNEL_REFUSALS.PERMINTAAN, text: credentials.problem });

  const caller = await openCompatibleCaller(deps, credentials.value, {
    clientIp: call.clientIp,
    queryForm,
  });
  if ('refusal' in caller) return refuse(caller.refusal);
  // An answer without the resident (DITEMUKAN comes with one, always). Awaited where it is
  // returned: the wording is read before `finally` ends the caller's token.
  const refuseAnswer = async (code: ResponseCode) =>
    refuse(refusalOf(code === 'DITEMUKAN' ? 'TIDAK_DITEMUKAN' : code, await caller.wording()));
  const detail = { klien: 'LAYANAN_NASIONAL', ipUser: reported(fields.IP_USER) };
  const input = {
    token: caller.token,
    channel: 'API' as const,
    nik: fields.NIK ?? '',
    purpose: null,
    clientIp: call.clientIp,
    operator: caller.operator,
  };
  try {
    if (!verification) {
      const found = await findResident(deps, input, detail);
      if (!found.resident || !found.place) return await refuseAnswer(found.outcome.code);
      return envelope(personContent(found.resident, found.place, found.granted));
    }
    const threshold = thresholdOf(fields.TRESHOLD ?? fields.THRESHOLD);
    if (threshold === undefined) {
      return refuse({ ...CHANNEL_REFUSALS.PERMINTAAN, text: 'TRESHOLD harus angka 1-100' });
    }
    const elements: Partial<Record<VerifiableElement, string>> = {};
    for (const [key, element] of Object.entries(VERIFY_KEYS)) {
      if (fields[key] !== undefined) elements[element] = fields[key];
    }
    const outcome = await verifyResident(deps, { ...input, elements, threshold, detail });
    if (!outcome.verdicts) return await refuseAnswer(outcome.code);
    return envelope(verificationContent(fields, outcome.verdicts));
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    const code = error.code;
    if (code === 'ALASAN_DIPERLUKAN') return refuse(CHANNEL_REFUSALS.ALASAN);
    if (code === 'APLIKASI_BELUM_POC' || code === 'APLIKASI_DICABUT') {
      return refuse(CHANNEL_REFUSALS.APLIKASI);
    }
    if (code === 'OPERATOR_TIDAK_SAH') return refuse(operatorRefusal(await caller.wording()));
    if (code === 'PERMINTAAN_TIDAK_VALID') {
      return refuse({ ...CHANNEL_REFUSALS.PERMINTAAN, text: error.message });
    }
    throw error;
  } finally {
    await caller.close();
  }
}

/** `"80"` (as sent, sic TRESHOLD) → 80; absent → the default; anything else → undefined. */
function thresholdOf(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return 80;
  const number = Number(value.trim());
  return Number.isInteger(number) && number >= 1 && number <= 100 ? number : undefined;
}
