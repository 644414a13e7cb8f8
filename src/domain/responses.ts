/**
 * The answers of a lookup (SPEC §2): one table of code, verbatim message, HTTP status and
 * whether the answer counts against the daily quota. Every channel takes its message and
 * status from here; which code a lookup gets is decided, with the count, by the lookup
 * statement (store/lookup.ts), so that deciding, counting and auditing are one atomic step.
 */
export const RESPONSES = {
  DITEMUKAN: { message: 'Data Ditemukan', httpStatus: 200, hit: true },
  MENINGGAL: { message: 'Data Ditemukan, Meninggal Dunia', httpStatus: 200, hit: true },
  GANDA: { message: 'Data Ditemukan, Data Ganda', httpStatus: 200, hit: true },
  NON_AKTIF: {
    message: 'Data Ditemukan, Status Non Aktif silahkan hubungi Dinas Dukcapil',
    httpStatus: 200,
    hit: true,
  },
  TIDAK_DITEMUKAN: {
    message: 'Data tidak ditemukan, NIK tidak terdapat di database kependudukan',
    httpStatus: 404,
    hit: true,
  },
  FORMAT_SALAH: {
    message: 'Data tidak ditemukan, NIK tidak sesuai format Dukcapil',
    httpStatus: 422,
    hit: false,
  },
  GAGAL_LOGIN: { message: 'Gagal Login', httpStatus: 401, hit: false },
  KUOTA_HABIS: { message: 'Kuota akses hari ini telah habis', httpStatus: 429, hit: false },
  INSTANSI_TIDAK_AKTIF: { message: 'Instansi tidak aktif', httpStatus: 403, hit: false },
  USER_NON_AKTIF: {
    message: 'User ID non aktif, silahkan menghubungi Admin',
    httpStatus: 403,
    hit: false,
  },
  IP_TIDAK_SESUAI: { message: 'IP Address Tidak Sesuai', httpStatus: 403, hit: false },
  AKSES_DITAHAN: {
    message: 'Akses ditahan karena pola input NIK tidak wajar, silahkan menghubungi Admin',
    httpStatus: 403,
    hit: false,
  },
} as const satisfies Record<string, { message: string; httpStatus: number; hit: boolean }>;

export type ResponseCode = keyof typeof RESPONSES;

export const RESPONSE_CODES = Object.keys(RESPONSES) as ResponseCode[];

/** The resident's register status, as it decides the answer of a found NIK. */
export type ResidentStatus = 'AKTIF' | 'MENINGGAL' | 'GANDA' | 'NON_AKTIF';

/**
 * Answers of lookups that reached a resident in the register: the NIKs an agency has
 * "accessed" and owes return data for (SPEC §3).
 */
export const ACCESSED_RESPONSES = [
  'DITEMUKAN',
  'MENINGGAL',
  'GANDA',
  'NON_AKTIF',
] as const satisfies readonly ResponseCode[];

export function reachedResident(code: ResponseCode): boolean {
  return (ACCESSED_RESPONSES as readonly ResponseCode[]).includes(code);
}
