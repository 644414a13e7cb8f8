import type { Resident } from './resident.js';
import type { ResponseCode } from './responses.js';

/**
 * The PoC sandbox (issue 11 item 5): a Gerbang of its own, on its own embedded database,
 * holding synthetic residents only, where an agency's developers reach every answer on
 * purpose before their PoC. This file is the fixed part agencies build their tests on: the
 * NIKs and user IDs below never change between versions (docs/SANDBOX.md lists them, and a
 * test holds the two to each other).
 */

/** The banner atop every portal page of the sandbox. */
export const SANDBOX_BANNER = 'LINGKUNGAN UJI (SANDBOX) — data sintetis';
/** The header on every answer of the sandbox, the API's and the compatible endpoints' included. */
export const SANDBOX_HEADER = 'x-gerbang-lingkungan';
export const SANDBOX_HEADER_VALUE = 'sandbox';
/** The sandbox's page with the table below. */
export const SANDBOX_PAGE = '/sandbox';

export const SANDBOX_DEFAULTS = {
  dataDir: './data-sandbox',
  port: 3100,
  /** Synthetic residents generated beside the fixed ones (the demo's generator). */
  residents: 2_000,
  seed: 'SANDBOX',
} as const;

/**
 * The fixed residents: a NIK for each answer a resident decides. Their serials (9001+) are
 * beyond what the generator reaches at the sandbox's sizes (a serial counts the people of one
 * district, birth date and sex), so no generated resident takes one.
 */
export const SANDBOX_RESIDENTS: readonly (Resident & { readonly answer: ResponseCode })[] = [
  {
    answer: 'DITEMUKAN',
    nik: '3303051708859001',
    namaLengkap: 'AGUS SETIAWAN',
    jenisKelamin: 'LAKI-LAKI',
    tempatLahir: 'PURBALINGGA',
    tanggalLahir: '1985-08-17',
    statusPerkawinan: 'KAWIN',
    jenisPekerjaan: 'WIRASWASTA',
    alamat: 'JL. MAYJEN SUNGKONO NO. 21',
    kodeDesa: '3303051001',
    rt: '002',
    rw: '004',
    status: 'AKTIF',
  },
  {
    answer: 'DITEMUKAN',
    nik: '3303054703909002',
    namaLengkap: 'SITI NURJANAH',
    jenisKelamin: 'PEREMPUAN',
    tempatLahir: 'BANYUMAS',
    tanggalLahir: '1990-03-07',
    statusPerkawinan: 'KAWIN',
    jenisPekerjaan: 'GURU',
    alamat: 'JL. JENDERAL SUDIRMAN NO. 45',
    kodeDesa: '3303051005',
    rt: '001',
    rw: '003',
    status: 'AKTIF',
  },
  {
    answer: 'MENINGGAL',
    nik: '3303051203459003',
    namaLengkap: 'SUPARNO',
    jenisKelamin: 'LAKI-LAKI',
    tempatLahir: 'PURBALINGGA',
    tanggalLahir: '1945-03-12',
    statusPerkawinan: 'CERAI MATI',
    jenisPekerjaan: 'PENSIUNAN',
    alamat: 'DSN. KRAJAN',
    kodeDesa: '3303051003',
    rt: '003',
    rw: '001',
    status: 'MENINGGAL',
  },
  {
    answer: 'GANDA',
    nik: '3303055508829004',
    namaLengkap: 'RINA MARLINA',
    jenisKelamin: 'PEREMPUAN',
    tempatLahir: 'CILACAP',
    tanggalLahir: '1982-08-15',
    statusPerkawinan: 'KAWIN',
    jenisPekerjaan: 'PEDAGANG',
    alamat: 'GG. MELATI NO. 7',
    kodeDesa: '3303051006',
    rt: '004',
    rw: '002',
    status: 'GANDA',
  },
  {
    answer: 'NON_AKTIF',
    nik: '3303052011759005',
    namaLengkap: 'SUTRISNO',
    jenisKelamin: 'LAKI-LAKI',
    tempatLahir: 'BANJARNEGARA',
    tanggalLahir: '1975-11-20',
    statusPerkawinan: 'KAWIN',
    jenisPekerjaan: 'PETANI/PEKEBUN',
    alamat: 'DSN. SIDAREJA',
    kodeDesa: '3303051001',
    rt: '005',
    rw: '003',
    status: 'NON_AKTIF',
  },
];

/** A NIK of a valid format that no sandbox resident holds. */
export const SANDBOX_NIK_NOT_FOUND = '3303050101009999';
/** NIKs of a wrong format: serial 0000, and 15 digits. */
export const SANDBOX_NIK_BAD_FORMAT = ['3303050101900000', '330305010190001'] as const;

/** The sandbox agencies: the one developers use, and one per agency-side refusal. */
export const SANDBOX_AGENCIES = {
  SANDBOX: 'Instansi Uji Sandbox',
  UJIKUOTA: 'Instansi Uji Kuota Habis',
  UJIIP: 'Instansi Uji Alamat IP',
  UJINONAKTIF: 'Instansi Uji PKS Dicabut',
} as const;
export type SandboxAgency = keyof typeof SANDBOX_AGENCIES;

/** An address of TEST-NET-1 (RFC 5737): never a client's, so UJIIP's users are always refused. */
export const SANDBOX_UNREACHABLE_ACCESS_POINT = '192.0.2.1';

export interface SandboxUser {
  readonly userId: string;
  readonly displayName: string;
  readonly role: 'ADMIN_DUKCAPIL' | 'KEPALA_INSTANSI' | 'OPERATOR';
  readonly agency?: SandboxAgency;
  readonly status?: 'NON_AKTIF' | 'DITAHAN';
  /** The answer every lookup of this user gets, whatever the NIK (absent: the NIK decides). */
  readonly answer?: ResponseCode;
}

export const SANDBOX_USERS: readonly SandboxUser[] = [
  { userId: 'admin.sandbox', displayName: 'Admin Dukcapil (sandbox)', role: 'ADMIN_DUKCAPIL' },
  {
    userId: 'uji.kepala',
    displayName: 'Kepala Instansi Uji (sandbox)',
    role: 'KEPALA_INSTANSI',
    agency: 'SANDBOX',
  },
  {
    userId: 'uji.operator',
    displayName: 'Operator Uji (sandbox)',
    role: 'OPERATOR',
    agency: 'SANDBOX',
  },
  {
    userId: 'uji.nonaktif',
    displayName: 'Operator Uji Non Aktif (sandbox)',
    role: 'OPERATOR',
    agency: 'SANDBOX',
    status: 'NON_AKTIF',
    answer: 'USER_NON_AKTIF',
  },
  {
    userId: 'uji.ditahan',
    displayName: 'Operator Uji Ditahan (sandbox)',
    role: 'OPERATOR',
    agency: 'SANDBOX',
    status: 'DITAHAN',
    answer: 'AKSES_DITAHAN',
  },
  {
    userId: 'uji.kuota',
    displayName: 'Operator Uji Kuota (sandbox)',
    role: 'OPERATOR',
    agency: 'UJIKUOTA',
    answer: 'KUOTA_HABIS',
  },
  {
    userId: 'uji.ip',
    displayName: 'Operator Uji IP (sandbox)',
    role: 'OPERATOR',
    agency: 'UJIIP',
    answer: 'IP_TIDAK_SESUAI',
  },
  {
    userId: 'uji.instansi',
    displayName: 'Operator Uji Instansi (sandbox)',
    role: 'OPERATOR',
    agency: 'UJINONAKTIF',
    answer: 'INSTANSI_TIDAK_AKTIF',
  },
];

/** How each of the twelve answers of SPEC §2 is reached in the sandbox, for the table. */
export interface SandboxRoute {
  readonly answer: ResponseCode;
  /** The user ID to call with (uji.operator unless the answer is the user's). */
  readonly userId: string;
  readonly nik: string;
  /** What else to do, in Bahasa Indonesia. */
  readonly how: string;
}

export function sandboxRoutes(): SandboxRoute[] {
  const byUser = (answer: ResponseCode) => SANDBOX_USERS.find((u) => u.answer === answer)!.userId;
  const resident = (answer: ResponseCode) => SANDBOX_RESIDENTS.find((r) => r.answer === answer)!;
  const found = SANDBOX_RESIDENTS[0]!.nik;
  return [
    ...(['DITEMUKAN', 'MENINGGAL', 'GANDA', 'NON_AKTIF'] as const).map((answer) => ({
      answer,
      userId: 'uji.operator',
      nik: resident(answer).nik,
      how: 'NIK ini',
    })),
    {
      answer: 'TIDAK_DITEMUKAN',
      userId: 'uji.operator',
      nik: SANDBOX_NIK_NOT_FOUND,
      how: 'NIK berformat sah yang tidak dimiliki penduduk sandbox',
    },
    {
      answer: 'FORMAT_SALAH',
      userId: 'uji.operator',
      nik: SANDBOX_NIK_BAD_FORMAT[0],
      how: `NIK tidak sesuai format (nomor urut 0000), atau ${SANDBOX_NIK_BAD_FORMAT[1]} (15 digit)`,
    },
    {
      answer: 'GAGAL_LOGIN',
      userId: 'uji.operator',
      nik: found,
      how: 'kata sandi salah (mis. "salah")',
    },
    ...(
      [
        'KUOTA_HABIS',
        'INSTANSI_TIDAK_AKTIF',
        'USER_NON_AKTIF',
        'IP_TIDAK_SESUAI',
        'AKSES_DITAHAN',
      ] as const
    ).map((answer) => ({
      answer,
      userId: byUser(answer),
      nik: found,
      how: USER_MEANS[answer],
    })),
  ];
}

const USER_MEANS: Readonly<
  Record<
    'KUOTA_HABIS' | 'INSTANSI_TIDAK_AKTIF' | 'USER_NON_AKTIF' | 'IP_TIDAK_SESUAI' | 'AKSES_DITAHAN',
    string
  >
> = {
  KUOTA_HABIS:
    'user ID ini: kuota harian instansinya selalu habis (200 NIK sehari sebelum PoC sudah terpakai)',
  INSTANSI_TIDAK_AKTIF: 'user ID ini: PKS instansinya dicabut',
  USER_NON_AKTIF: 'user ID ini berstatus non aktif',
  IP_TIDAK_SESUAI: `user ID ini: titik akses instansinya hanya ${SANDBOX_UNREACHABLE_ACCESS_POINT}`,
  AKSES_DITAHAN: 'user ID ini ditahan oleh kebijakan pola input',
};
