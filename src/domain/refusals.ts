import { ACCOUNT_REFUSALS } from './account-refusals.js';
import { RESPONSES } from './responses.js';

/** One problem of a request or form, by field: what the API's `errors` and a form's summary list. */
export interface FieldError {
  /** The field as the client names it: `purpose`, `records[0].nik`; '' for the whole body. */
  readonly field: string;
  readonly message: string;
}

/**
 * Every way a request can be refused, once: the code every channel answers with and its
 * default message in Bahasa Indonesia. A use case says only which refusal it is (`new
 * Refusal(code, message?)`); the JSON API takes the HTTP status from http/refusal-status.ts and
 * the portal renders web/kit/error-page.ts. The closed union makes the status table, whose
 * keys the compiler checks against this one, complete. The access refusals of SPEC §2 and the
 * account steps of a login keep the verbatim texts of their own tables.
 */
export const REFUSALS = {
  // The request itself.
  PERMINTAAN_TIDAK_VALID: { message: 'Permintaan tidak valid' },
  /** A refusal of the request pipeline (wrong media type, method…) without a code of its own. */
  PERMINTAAN_DITOLAK: { message: 'Permintaan tidak dapat diproses' },
  /** Too many records in one request (data balikan). */
  TERLALU_BANYAK_DATA: { message: 'Data yang dikirim terlalu banyak untuk satu permintaan' },
  /** An idempotency key sent again with a different content. */
  KUNCI_SUDAH_DIPAKAI: {
    message: 'Idempotency-Key ini sudah dipakai untuk pengiriman lain dengan isi berbeda',
  },
  /** A confirmation box left unticked. */
  KONFIRMASI_DIPERLUKAN: { message: 'Centang pernyataan konfirmasi untuk melanjutkan' },
  /** A rule of the use case refuses the request as it is (the deadlines API's answer). */
  DITOLAK: { message: 'Permintaan ditolak' },

  // What the request is about.
  /** An address of the API, or a thing the caller may not see, that does not exist. */
  TIDAK_ADA: { message: 'Tidak ditemukan' },
  /** A record (user, document, agency, request…) that does not exist or is not the caller's. */
  TIDAK_DITEMUKAN: { message: 'Data tidak ditemukan' },
  /** The state of the record does not allow the action now (a second click, a race). */
  KONFLIK: { message: 'Tindakan tidak dapat dilakukan pada keadaan data saat ini' },
  AKUN_SENDIRI: {
    message: 'Tindakan ini tidak dapat dilakukan pada akun Anda sendiri; gunakan menu Akun',
  },
  STATUS_TIDAK_SESUAI: { message: 'Status pengguna tidak sesuai untuk tindakan ini' },
  TIDAK_TERKUNCI: { message: 'User ID tidak sedang terkunci' },

  // Files.
  BERKAS_KOSONG: { message: 'Berkas kosong; pilih berkas yang akan diunggah' },
  BERKAS_TERLALU_BESAR: { message: 'Berkas terlalu besar' },
  JENIS_BERKAS_DITOLAK: { message: 'Jenis berkas tidak didukung' },

  // Who asks.
  TIDAK_BERWENANG: { message: 'Peran Anda tidak berwenang melakukan tindakan ini' },
  GAGAL_LOGIN: { message: RESPONSES.GAGAL_LOGIN.message },
  USER_NON_AKTIF: { message: RESPONSES.USER_NON_AKTIF.message },
  INSTANSI_TIDAK_AKTIF: { message: RESPONSES.INSTANSI_TIDAK_AKTIF.message },
  IP_TIDAK_SESUAI: { message: RESPONSES.IP_TIDAK_SESUAI.message },
  AKSES_DITAHAN: { message: RESPONSES.AKSES_DITAHAN.message },
  KUOTA_HABIS: { message: RESPONSES.KUOTA_HABIS.message },
  /** The input-pattern policy ALASAN: this lookup must carry a written reason (issue 9). */
  ALASAN_DIPERLUKAN: {
    message:
      'Pola input NIK Anda ditandai. Pencarian berikutnya wajib disertai alasan tertulis (kolom alasan).',
  },
  /** A result page reloaded or revisited: the one-time form token was already spent. */
  FORMULIR_SUDAH_DIPAKAI: {
    message:
      'Hasil pencarian ini sudah ditampilkan dan tidak diulang. Untuk melihat data lagi, lakukan pencarian baru.',
  },
  OTP_DIPERLUKAN: { message: ACCOUNT_REFUSALS.OTP_DIPERLUKAN.message },
  GANTI_KATA_SANDI: { message: ACCOUNT_REFUSALS.GANTI_KATA_SANDI.message },
  TOTP_WAJIB: { message: ACCOUNT_REFUSALS.TOTP_WAJIB.message },

  // The server.
  /** Too much work at once (an upload queue full): try again shortly. */
  SIBUK: { message: 'Server sedang sibuk. Silakan coba lagi beberapa saat lagi.' },
  GANGGUAN_SERVER: {
    message: 'Terjadi gangguan pada server. Silakan coba lagi atau hubungi Admin Dukcapil.',
  },

  // Card readers (issue 12).
  /** A card reader that is not active (suspended, SAM pulled, not yet activated). */
  PEMBACA_TIDAK_AKTIF: {
    message: 'Card reader tidak aktif atau ditangguhkan, silahkan menghubungi Kepala Instansi',
  },
  /** The SAM number sent is not the one registered for the reader. */
  SAM_TIDAK_SESUAI: { message: 'Nomor SAM tidak dikenal atau tidak sesuai dengan card reader' },
  /** Data read from a card kept without the resident's consent (Juknis IV.F). */
  PERSETUJUAN_DIPERLUKAN: {
    message:
      'Data KTP-el hanya boleh disimpan setelah penduduk memverifikasi dan menyetujuinya; catat persetujuan penduduk terlebih dahulu',
  },
  // Issue 13: text no request may carry (domain/input-text.ts), refused at the edge.
  /** A NUL character, or text that is not valid UTF-8, in any field, query, path or header. */
  TEKS_TIDAK_SAH: {
    message:
      'Isian memuat karakter NUL atau bukan teks UTF-8 yang sah. Periksa isian lalu kirim ulang.',
  },
  // Issue 10: the agency's usage report.
  /** A period outside the agreement, malformed, or not yet over. */
  PERIODE_LAPORAN_TIDAK_SAH: { message: 'Periode laporan tidak sah' },
  /** A semester report asked for before the semester ended. */
  SEMESTER_BELUM_BERAKHIR: {
    message: 'Laporan semester baru dapat disusun setelah semester berakhir',
  },
  /** A second report for a period already reported on, outside the correction flow. */
  LAPORAN_SUDAH_DIKIRIM: {
    message:
      'Laporan untuk periode ini sudah dikirim; perbaikan hanya dapat dilakukan melalui koreksi laporan',
  },
} as const satisfies Record<string, { readonly message: string }>;

export type RefusalCode = keyof typeof REFUSALS;

export const REFUSAL_CODES = Object.keys(REFUSALS) as RefusalCode[];

export function isRefusalCode(code: string): code is RefusalCode {
  return Object.hasOwn(REFUSALS, code);
}

/** What a refusal may carry besides its message, for a form or client to show every problem. */
export interface RefusalDetail {
  /** Every problem found, so that a form can list them all at once (the API's `masalah`). */
  readonly problems?: readonly string[];
  /** Problems by field (the API's `errors`; a form marks the fields). */
  readonly fields?: readonly FieldError[];
}

/**
 * A request refused, thrown (or returned) by a use case: which refusal, the message the user
 * reads as it is (Bahasa Indonesia; the table's default when absent) and any detail. It knows
 * nothing of HTTP: the transports turn the code into a status or a page.
 */
export class Refusal extends Error {
  override readonly name: string = 'Refusal';
  readonly code: RefusalCode;
  readonly detail: RefusalDetail | undefined;

  constructor(code: RefusalCode, message?: string, detail?: RefusalDetail) {
    super(message ?? REFUSALS[code].message);
    this.code = code;
    this.detail = detail;
  }
}
