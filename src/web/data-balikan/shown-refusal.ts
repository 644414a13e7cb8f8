import type { Actor } from '../../domain/actor.js';
import { Refusal, type RefusalCode } from '../../domain/refusals.js';
import { RESPONSES } from '../../domain/responses.js';

/**
 * The refusals this feature's pages show themselves, in the page the user was on (the upload
 * section with its form, an upload's result, the one-record form), with the status each
 * page answers: the one the JSON API gives the same code (http/refusal-status.ts, which the
 * portal may not import). Any other refusal goes to the portal's error page.
 */
const SHOWN: Partial<Record<RefusalCode, number>> = {
  // Sending refused as a lookup would be (SPEC §2): the access point, the agency, the user.
  USER_NON_AKTIF: RESPONSES.USER_NON_AKTIF.httpStatus,
  INSTANSI_TIDAK_AKTIF: RESPONSES.INSTANSI_TIDAK_AKTIF.httpStatus,
  IP_TIDAK_SESUAI: RESPONSES.IP_TIDAK_SESUAI.httpStatus,
  // A file refused at once, or the queue full.
  BERKAS_KOSONG: 400,
  BERKAS_TERLALU_BESAR: 413,
  JENIS_BERKAS_DITOLAK: 415,
  SIBUK: 503,
  // A decision on an upload: not the agency's, or not possible in its state.
  TIDAK_DITEMUKAN: 404,
  KONFLIK: 409,
};

/** The refusal with the status of the page that shows it; any other error is thrown on. */
export function shownRefusal(error: unknown): { refusal: Refusal; status: number } {
  const status = error instanceof Refusal ? SHOWN[error.code] : undefined;
  if (status === undefined) throw error;
  return { refusal: error as Refusal, status };
}

/**
 * The agency of the signed-in agency staff that a route's permission (dataBalikan.submit,
 * compliance.viewOwn) admits alone; Dukcapil staff never reach these pages.
 */
export function staffAgencyId(user: Pick<Actor, 'agencyId'>): number {
  if (user.agencyId === null) throw new Refusal('TIDAK_BERWENANG');
  return user.agencyId;
}
