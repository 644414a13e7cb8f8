import type { Element } from './elements.js';
import type { ElementVerdict, VerifiableElement } from './matching/verification.js';
import type { Resident, VillagePlace } from './resident.js';
import { RESPONSES, type ResponseCode } from './responses.js';

/**
 * The national population web service as its existing clients see it (SPEC §9): the same
 * keys, the same texts, the same envelope, so that a hospital or permit office switches to
 * Gerbang by changing the address it calls. Pure translation: the lookup itself is the one
 * use case every channel goes through.
 */

/**
 * The wording of refusals. Clients compare texts exactly and deployments of the national
 * service differ (SPEC §9): the national service's long texts with codes (the default), the
 * hospital system's bridge (SIMRS Khanza's CALL_NIK: `Data Tidak Ditemukan`, `Login Gagal`,
 * `IP Address Tidak Sesuai`, `Kuota Akses Hari ini telah Habis`), and its Kabupaten Tegal
 * variant (the query-string one: `Data tidak ditemukan`, `Login gagal`, `Kuota akses hari
 * ini telah habis`). Dukcapil sets the profile per agreement; the query-string form implies
 * the Tegal wording.
 */
export const WORDINGS = ['NASIONAL', 'KHANZA', 'TEGAL'] as const;
export type Wording = (typeof WORDINGS)[number];

export const WORDING_LABELS: Readonly<Record<Wording, string>> = {
  NASIONAL: 'Layanan nasional (teks panjang dengan kode; bawaan)',
  KHANZA: 'Bridging SIMRS Khanza (teks pendek: Data Tidak Ditemukan, Login Gagal)',
  TEGAL: 'Varian Kabupaten Tegal (huruf kecil: Data tidak ditemukan, Login gagal)',
};

export function isWording(value: unknown): value is Wording {
  return (WORDINGS as readonly unknown[]).includes(value);
}

/**
 * A refusal's code and, where the national service's clients expect other words than the
 * regency's (SPEC §2, responses.ts), those words: a wording without its own text takes the
 * national one, and without that the §2 text.
 */
interface Refusal {
  readonly code: string;
  readonly text?: Partial<Readonly<Record<Wording, string>>>;
}

/** Codes 05, 11–15 are the national service's; the others are Gerbang's, documented alike. */
const REFUSALS: Readonly<Record<Exclude<ResponseCode, 'DITEMUKAN'>, Refusal>> = {
  MENINGGAL: { code: '11', text: { TEGAL: 'Data ditemukan, meninggal dunia' } },
  GANDA: { code: '12', text: { TEGAL: 'Data ditemukan, data ganda' } },
  TIDAK_DITEMUKAN: {
    code: '13',
    text: {
      NASIONAL: 'Data Tidak Ditemukan, NIK tidak terdapat di database Kependudukan',
      KHANZA: 'Data Tidak Ditemukan',
      TEGAL: 'Data tidak ditemukan',
    },
  },
  NON_AKTIF: {
    code: '14',
    text: { TEGAL: 'Data ditemukan, status non aktif silahkan hubungi Dinas Dukcapil' },
  },
  FORMAT_SALAH: {
    code: '15',
    text: {
      NASIONAL: 'Data Tidak Ditemukan, NIK tidak sesuai format Dukcapil',
      // The bridge knows no format refusal: the one "not found" it shows a message for.
      KHANZA: 'Data Tidak Ditemukan',
      TEGAL: 'Data tidak ditemukan',
    },
  },
  KUOTA_HABIS: {
    code: '05',
    text: {
      NASIONAL: 'Kuota Akses Hari ini telah Habis',
      TEGAL: 'Kuota akses hari ini telah habis',
    },
  },
  GAGAL_LOGIN: { code: '01', text: { NASIONAL: 'Login Gagal', TEGAL: 'Login gagal' } },
  IP_TIDAK_SESUAI: { code: '02' },
  USER_NON_AKTIF: { code: '03' },
  INSTANSI_TIDAK_AKTIF: { code: '04' },
  AKSES_DITAHAN: { code: '06' },
};

/** Refusals of this channel that are not lookup answers. */
export const CHANNEL_REFUSALS = {
  /** CALL_NIK_GET_KK and any other method: family-card data is outside the agreements. */
  METODE: {
    code: '07',
    text: 'Metode tidak tersedia: layanan ini hanya CALL_NIK dan CALL_VERIFY_BY_ELEMEN',
  },
  /** The ALASAN policy asks a written reason, which these clients cannot send. */
  ALASAN: {
    code: '08',
    text: 'Pencarian memerlukan alasan tertulis: gunakan portal Gerbang atau API v1 (alasan)',
  },
  PERMINTAAN: { code: '09', text: 'Permintaan tidak valid' },
  /**
   * No application of the agency that passed its PoC calls from the client's address (or
   * the one that did was revoked): the hospital bridge's own words for a client address not
   * registered, two spaces and all (SPEC §9).
   */
  APLIKASI: { code: '10', text: 'IP Client  Tidak terdaftar' },
} as const;

export interface EnvelopeRefusal {
  readonly code: string;
  readonly text: string;
}

export function refusalOf(
  code: Exclude<ResponseCode, 'DITEMUKAN'>,
  wording: Wording,
): EnvelopeRefusal {
  const refusal = REFUSALS[code];
  return {
    code: refusal.code,
    text: refusal.text?.[wording] ?? refusal.text?.NASIONAL ?? RESPONSES[code].message,
  };
}

/**
 * An application's call naming no operator of its agency (OPERATOR_TIDAK_SAH): the failed
 * login's words — the clients compare those and know none for an operator, and to them the
 * call's identity was not accepted — under a code of its own, so that the application's
 * developer sees the cause.
 */
export function operatorRefusal(wording: Wording): EnvelopeRefusal {
  return { code: '16', text: refusalOf('GAGAL_LOGIN', wording).text };
}

/** What the national service answers, always with HTTP 200: its clients fail on anything else. */
export function envelope(content: Record<string, string>) {
  return {
    content: [content],
    lastPage: true,
    numberOfElements: 1,
    sort: null,
    totalElements: 1,
    firstPage: true,
    number: 0,
    size: 1,
  };
}

/**
 * A refusal as the clients read it: `RESPON` and `RESPONSE_CODE`, and on verification also
 * `RESPONSE` (one client reads each). Never a `NIK`: a client that finds one treats the
 * answer as found.
 */
export function refusalContent(
  refusal: EnvelopeRefusal,
  verification: boolean,
): Record<string, string> {
  return verification
    ? { RESPON: refusal.text, RESPONSE: refusal.text, RESPONSE_CODE: refusal.code }
    : { RESPON: refusal.text, RESPONSE_CODE: refusal.code };
}

/** `1990-03-07` → `07-03-1990`. */
export function dayMonthYear(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${day}-${month}-${year}`;
}

/** The region numbers of a village code (`3303051001`) as the service writes them. */
function regionNumbers(kodeDesa: string) {
  const number = (from: number, to: number) => String(Number(kodeDesa.slice(from, to)));
  return {
    NO_PROP: number(0, 2),
    NO_KAB: number(2, 4),
    NO_KEC: number(4, 6),
    NO_KEL: number(6, 10),
  };
}

/** A region's name as the national service writes it: upper case, a regency without KABUPATEN. */
const regionName = (name: string) => name.toUpperCase().replace(/^KABUPATEN /, '');

/** The person as `content[0]` of CALL_NIK: only the granted elements, never a null. */
export function personContent(
  resident: Resident,
  place: VillagePlace,
  granted: readonly Element[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const element of granted) {
    switch (element) {
      case 'NIK':
        out.NIK = resident.nik;
        break;
      case 'NAMA_LENGKAP':
        out.NAMA_LGKP = resident.namaLengkap;
        break;
      case 'JENIS_KELAMIN':
        out.JENIS_KLMIN = resident.jenisKelamin;
        break;
      case 'TEMPAT_LAHIR':
        out.TMPT_LHR = resident.tempatLahir;
        break;
      case 'TANGGAL_LAHIR':
        out.TGL_LHR = dayMonthYear(resident.tanggalLahir);
        break;
      case 'STATUS_PERKAWINAN':
        out.STATUS_KAWIN = resident.statusPerkawinan;
        break;
      case 'JENIS_PEKERJAAN':
        out.JENIS_PKRJN = resident.jenisPekerjaan;
        break;
      case 'ALAMAT': {
        const numbers = regionNumbers(resident.kodeDesa);
        Object.assign(out, {
          ALAMAT: resident.alamat,
          NO_RT: String(Number(resident.rt)),
          NO_RW: String(Number(resident.rw)),
          NO_PROP: numbers.NO_PROP,
          PROP_NAME: regionName(place.provinsi),
          NO_KAB: numbers.NO_KAB,
          KAB_NAME: regionName(place.kabupaten),
          NO_KEC: numbers.NO_KEC,
          KEC_NAME: regionName(place.kecamatan),
          NO_KEL: numbers.NO_KEL,
          KEL_NAME: regionName(place.desa),
        });
        break;
      }
    }
  }
  return out;
}

/** CALL_VERIFY_BY_ELEMEN's keys and the element each one asks about. */
export const VERIFY_KEYS: Readonly<Record<string, VerifiableElement>> = {
  NAMA_LGKP: 'namaLengkap',
  TMPT_LHR: 'tempatLahir',
  TGL_LHR: 'tanggalLahir',
  JENIS_KLMIN: 'jenisKelamin',
  STATUS_KAWIN: 'statusPerkawinan',
  JENIS_PKRJN: 'jenisPekerjaan',
  ALAMAT: 'alamat',
  NO_RT: 'rt',
  NO_RW: 'rw',
  PROP_NAME: 'provinsi',
  KAB_NAME: 'kabupaten',
  KEC_NAME: 'kecamatan',
  KEL_NAME: 'desa',
  NO_PROP: 'noProp',
  NO_KAB: 'noKab',
  NO_KEC: 'noKec',
  NO_KEL: 'noKel',
};

/** Keys some clients send that name no element of the agreements (SPEC §9: `NO_KK`). */
const NEVER_VERIFIED = ['NO_KK'];

/**
 * `content[0]` of a verification: `NIK: Sesuai` (found), each key asked `Sesuai` /
 * `Tidak Sesuai`, with the score on the free-text keys only (`Sesuai (92)`); a key the
 * agreement does not grant is left out, and `NO_KK` is `Tidak Sesuai` (never disclosed).
 */
export function verificationContent(
  asked: Readonly<Record<string, string>>,
  verdicts: Partial<Record<VerifiableElement, ElementVerdict>>,
): Record<string, string> {
  const out: Record<string, string> = { NIK: 'Sesuai' };
  for (const [key, element] of Object.entries(VERIFY_KEYS)) {
    const verdict = verdicts[element];
    if (!verdict || verdict.sesuai === null) continue;
    out[key] = verdict.keterangan;
  }
  for (const key of NEVER_VERIFIED) {
    if ((asked[key] ?? '').trim() !== '') out[key] = 'Tidak Sesuai';
  }
  return out;
}

/**
 * The request's fields with their keys in upper case, whatever case or style the client
 * wrote them in (`nik`, `userId`, `user_id`, `USER_ID`, `ipUser`, `IP_USER`): camelCase is
 * split at its capitals. Values that are not text (a number NIK, `null`) become text or
 * nothing; a client's `null` is an empty field.
 */
export function upperKeys(fields: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) {
    const upper = key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
    if (typeof value === 'string') out[upper] = value;
    else if (typeof value === 'number') out[upper] = String(value);
  }
  return out;
}
