import { RESPONSES, type ResponseCode } from './responses.js';

/**
 * Answers of a login that are not lookup answers (SPEC §2 has no row for them): the account
 * itself has a step to take first. They are told only after the right password.
 */
export const ACCOUNT_REFUSALS = {
  /** The user has TOTP: the API request must carry `otp`; the portal asks on a second page. */
  OTP_DIPERLUKAN: {
    message: 'Kode OTP diperlukan: kirim kode 6 digit dari aplikasi autentikator pada kolom otp',
    httpStatus: 401,
  },
  /** A password set by an admin (creation, reset) is changed on the portal before any token. */
  GANTI_KATA_SANDI: {
    message:
      'Kata sandi awal harus diganti terlebih dahulu melalui portal (menu Akun) sebelum token API dapat diterbitkan',
    httpStatus: 403,
  },
  /** A Dukcapil admin enrols TOTP on the portal before any token. */
  TOTP_WAJIB: {
    message:
      'Admin Dukcapil wajib mengaktifkan TOTP terlebih dahulu melalui portal (menu Akun) sebelum token API dapat diterbitkan',
    httpStatus: 403,
  },
} as const satisfies Record<string, { message: string; httpStatus: number }>;

export type AccountRefusal = keyof typeof ACCOUNT_REFUSALS;

/** Message and HTTP status of any login answer, from either table. */
export function loginAnswer(code: ResponseCode | AccountRefusal): {
  message: string;
  httpStatus: number;
} {
  return code in ACCOUNT_REFUSALS
    ? ACCOUNT_REFUSALS[code as AccountRefusal]
    : RESPONSES[code as ResponseCode];
}
