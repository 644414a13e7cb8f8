import {
  CHANNEL_REFUSALS,
  envelope,
  personContent,
  refusalContent,
  refusalOf,
  upperKeys,
  VERIFY_KEYS,
  verificationContent,
  type EnvelopeRefusal,
  type Wording,
} from '../../domain/national-service.js';
import type { VerifiableElement } from '../../domain/matching/verification.js';
import type { ResponseCode } from '../../domain/responses.js';
import { Refusal } from '../errors.js';
import type { Deps } from '../deps.js';
import { login } from '../account/login.js';
import { logout } from '../account/portal-session.js';
import { wordingOfUser } from '../agreements/wording-profile.js';
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
}

export type CompatibleAnswer = ReturnType<typeof envelope>;

/** What a client reports in IP_USER: kept for the audit (cut short, no control characters). */
const reported = (value: string | undefined) =>
  value === undefined ? null : value.replace(/\p{Cc}/gu, '?').slice(0, 64);

/**
 * A call of the national service's clients (SPEC §9), answered by the one lookup use case:
 * the client's user ID and password log in for this call alone (the session ends with it),
 * the lookup or verification runs with the agreement's purpose and the same quota, audit and
 * input-pattern policy as every channel, and its audit row is marked as a compatible
 * client's with the address it reported (`detail`, never trusted). Every answer is an
 * envelope, refusals included: these clients fail on any HTTP status but 200.
 */
export async function answerCompatibleCall(
  deps: Deps,
  call: CompatibleCall,
): Promise<CompatibleAnswer> {
  const verification = call.method === 'CALL_VERIFY_BY_ELEMEN';
  const fromQuery = Object.keys(call.body).length === 0 && Object.keys(call.query).length > 0;
  const refuse = (refusal: EnvelopeRefusal) => envelope(refusalContent(refusal, verification));
  if (!verification && call.method !== 'CALL_NIK') return refuse(CHANNEL_REFUSALS.METODE);
  if (call.unreadable) return refuse(CHANNEL_REFUSALS.PERMINTAAN);
  const fields = { ...upperKeys(call.query), ...upperKeys(call.body) };
  const userId = fields.USER_ID ?? '';

  const session = await login(deps, {
    userId,
    password: fields.PASSWORD ?? '',
    kind: 'API',
    clientIp: call.clientIp,
  });
  // The query-string form implies the Tegal wording; otherwise the agreement's profile
  // (SPEC §9), known once the password was right: a wrong one answers in the form's words, so
  // that the answer does not tell which user IDs exist.
  const wording: Wording = fromQuery
    ? 'TEGAL'
    : session.ok || isAccessRefusal(session.code)
      ? await wordingOfUser(deps, userId)
      : 'NASIONAL';
  // An answer without the resident (DITEMUKAN comes with one, always).
  const refuseAnswer = (code: ResponseCode) =>
    refuse(refusalOf(code === 'DITEMUKAN' ? 'TIDAK_DITEMUKAN' : code, wording));
  if (!session.ok) {
    // The user, agency and address refusals in their own words (codes 02–04); the rest
    // (a wrong password, a lockout, an account that must first change its password) is a
    // failed login.
    return refuseAnswer(isAccessRefusal(session.code) ? session.code : 'GAGAL_LOGIN');
  }
  const detail = { klien: 'LAYANAN_NASIONAL', ipUser: reported(fields.IP_USER) };
  const input = {
    token: session.token,
    channel: 'API' as const,
    nik: fields.NIK ?? '',
    purpose: null,
    clientIp: call.clientIp,
  };
  try {
    if (!verification) {
      const found = await findResident(deps, input, detail);
      if (!found.resident || !found.place) return refuseAnswer(found.outcome.code);
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
    if (!outcome.verdicts) return refuseAnswer(outcome.code);
    return envelope(verificationContent(fields, outcome.verdicts));
  } catch (error) {
    if (error instanceof Refusal && error.code === 'ALASAN_DIPERLUKAN') {
      return refuse(CHANNEL_REFUSALS.ALASAN);
    }
    if (
      error instanceof Refusal &&
      (error.code === 'APLIKASI_BELUM_POC' || error.code === 'APLIKASI_DICABUT')
    ) {
      return refuse(CHANNEL_REFUSALS.APLIKASI);
    }
    if (error instanceof Refusal && error.code === 'PERMINTAAN_TIDAK_VALID') {
      return refuse({ ...CHANNEL_REFUSALS.PERMINTAAN, text: error.message });
    }
    throw error;
  } finally {
    await logout(deps, session.token);
  }
}

/** Refusals of a user whose password was right: not found by guessing user IDs. */
function isAccessRefusal(
  code: string,
): code is 'USER_NON_AKTIF' | 'INSTANSI_TIDAK_AKTIF' | 'IP_TIDAK_SESUAI' {
  return code === 'USER_NON_AKTIF' || code === 'INSTANSI_TIDAK_AKTIF' || code === 'IP_TIDAK_SESUAI';
}

/** `"80"` (as sent, sic TRESHOLD) → 80; absent → the default; anything else → undefined. */
function thresholdOf(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return 80;
  const number = Number(value.trim());
  return Number.isInteger(number) && number >= 1 && number <= 100 ? number : undefined;
}
