import type { FastifyReply } from 'fastify';
import { RESPONSES } from '../domain/responses.js';
import { ACCOUNT_REFUSALS } from '../domain/account-refusals.js';
import type { FieldError, Refusal, RefusalCode } from '../domain/refusals.js';

/**
 * The HTTP status of every refusal code, in one table: a code added to domain/refusals.ts
 * does not compile until it has its status here. The access refusals of SPEC §2 and the
 * account steps of a login take theirs from their own tables, so they cannot drift.
 */
export const REFUSAL_STATUS: Readonly<Record<RefusalCode, number>> = {
  PERMINTAAN_TIDAK_VALID: 400,
  PERMINTAAN_DITOLAK: 400,
  TERLALU_BANYAK_DATA: 413,
  KUNCI_SUDAH_DIPAKAI: 422,
  KONFIRMASI_DIPERLUKAN: 400,
  DITOLAK: 422,
  TIDAK_ADA: 404,
  TIDAK_DITEMUKAN: 404,
  KONFLIK: 409,
  AKUN_SENDIRI: 409,
  STATUS_TIDAK_SESUAI: 409,
  TIDAK_TERKUNCI: 409,
  BERKAS_KOSONG: 400,
  BERKAS_TERLALU_BESAR: 413,
  JENIS_BERKAS_DITOLAK: 415,
  TIDAK_BERWENANG: 403,
  GAGAL_LOGIN: RESPONSES.GAGAL_LOGIN.httpStatus,
  USER_NON_AKTIF: RESPONSES.USER_NON_AKTIF.httpStatus,
  INSTANSI_TIDAK_AKTIF: RESPONSES.INSTANSI_TIDAK_AKTIF.httpStatus,
  IP_TIDAK_SESUAI: RESPONSES.IP_TIDAK_SESUAI.httpStatus,
  AKSES_DITAHAN: RESPONSES.AKSES_DITAHAN.httpStatus,
  KUOTA_HABIS: RESPONSES.KUOTA_HABIS.httpStatus,
  ALASAN_DIPERLUKAN: 428,
  FORMULIR_SUDAH_DIPAKAI: 409,
  OTP_DIPERLUKAN: ACCOUNT_REFUSALS.OTP_DIPERLUKAN.httpStatus,
  GANTI_KATA_SANDI: ACCOUNT_REFUSALS.GANTI_KATA_SANDI.httpStatus,
  TOTP_WAJIB: ACCOUNT_REFUSALS.TOTP_WAJIB.httpStatus,
  SIBUK: 503,
  GANGGUAN_SERVER: 500,
  PEMBACA_TIDAK_AKTIF: 403,
  SAM_TIDAK_SESUAI: 403,
  PERSETUJUAN_DIPERLUKAN: 428,
  TEKS_TIDAK_SAH: 400,
  PERIODE_LAPORAN_TIDAK_SAH: 422,
  SEMESTER_BELUM_BERAKHIR: 422,
  LAPORAN_SUDAH_DIKIRIM: 409,
};

/** The JSON body of a refusal: `code` and `message`, with the detail when there is one. */
export interface RefusalBody {
  readonly code: RefusalCode;
  readonly message: string;
  /** Problems by field (validation of the body, the query, a form). */
  readonly errors?: readonly FieldError[];
  /** Every problem found by the use case (the requests API's long-standing `masalah`). */
  readonly masalah?: readonly string[];
}

/** A refusal as the transports read it: a thrown Refusal, or one made of a framework error. */
export interface RefusalLike {
  readonly code: RefusalCode;
  readonly message: string;
  readonly detail?: Refusal['detail'];
}

export function refusalBody(refusal: RefusalLike): RefusalBody {
  const { fields, problems } = refusal.detail ?? {};
  return {
    code: refusal.code,
    message: refusal.message,
    ...(fields && fields.length > 0 ? { errors: fields } : {}),
    ...(problems && problems.length > 0 ? { masalah: problems } : {}),
  };
}

/**
 * Answers a refusal on the JSON API with its status from the table. `status` overrides it only
 * for the request pipeline's own refusals (PERMINTAAN_DITOLAK carries the framework's status).
 */
export function sendRefusal(
  reply: FastifyReply,
  refusal: RefusalLike,
  status: number = REFUSAL_STATUS[refusal.code],
): FastifyReply {
  return reply.code(status).send(refusalBody(refusal));
}
