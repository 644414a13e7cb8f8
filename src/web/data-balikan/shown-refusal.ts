import type { FastifyReply } from 'fastify';
import type { Actor } from '../../domain/actor.js';
import { Refusal, type RefusalCode } from '../../domain/refusals.js';

/**
 * The refusals this feature's pages show themselves, in the page the user was on (the upload
 * section with its form, an upload's result, the one-record form), with the status the one
 * table gives the code (reply.refusalStatus, http/refusal-status.ts). Any other refusal goes
 * to the portal's error page.
 */
const SHOWN: ReadonlySet<RefusalCode> = new Set<RefusalCode>([
  // Sending refused as a lookup would be (SPEC §2): the access point, the agency, the user.
  'USER_NON_AKTIF',
  'INSTANSI_TIDAK_AKTIF',
  'IP_TIDAK_SESUAI',
  // A file refused at once, or the queue full.
  'BERKAS_KOSONG',
  'BERKAS_TERLALU_BESAR',
  'JENIS_BERKAS_DITOLAK',
  'SIBUK',
  // A decision on an upload: not the agency's, or not possible in its state.
  'TIDAK_DITEMUKAN',
  'KONFLIK',
]);

/** The refusal with the status of the page that shows it; any other error is thrown on. */
export function shownRefusal(
  reply: FastifyReply,
  error: unknown,
): { refusal: Refusal; status: number } {
  if (!(error instanceof Refusal) || !SHOWN.has(error.code)) throw error;
  return { refusal: error, status: reply.refusalStatus(error) };
}

/**
 * The agency of the signed-in agency staff that a route's permission (dataBalikan.submit,
 * compliance.viewOwn) admits alone; Dukcapil staff never reach these pages.
 */
export function staffAgencyId(user: Pick<Actor, 'agencyId'>): number {
  if (user.agencyId === null) throw new Refusal('TIDAK_BERWENANG');
  return user.agencyId;
}
