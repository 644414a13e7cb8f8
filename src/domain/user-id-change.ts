import { daysInMonth, parseNik } from './nik.js';
import { USER_ID_PATTERN } from './users.js';

/**
 * The user ID change form of SPEC §4: (1) NIK, (2) nama lengkap, (3) nomor identitas
 * kepegawaian, (4) status kepegawaian, (5) jabatan, (6) kode wilayah kantor, (7) nama dan
 * alamat kantor — plus what the new user ID is for: its role, the user ID the agency
 * proposes (optional) and the user ID it replaces (optional; deactivated on approval).
 */

/**
 * ASN are PNS and PPPK (UU 20/2023), both numbered with an 18-digit NIP; everyone else
 * (honorer, tenaga kontrak, tenaga pendukung) carries the number their employer gives.
 */
export const EMPLOYMENT_STATUSES = ['PNS', 'PPPK', 'NON_ASN'] as const;
export type EmploymentStatus = (typeof EMPLOYMENT_STATUSES)[number];

export const EMPLOYMENT_STATUS_LABELS: Readonly<Record<EmploymentStatus, string>> = {
  PNS: 'PNS (Pegawai Negeri Sipil)',
  PPPK: 'PPPK (Pegawai Pemerintah dengan Perjanjian Kerja)',
  NON_ASN: 'Non-ASN (honorer / tenaga kontrak / tenaga pendukung)',
};

/** The roles a user ID change may ask for: the agency's own roles. */
export const NEW_USER_ROLES = ['OPERATOR', 'KEPALA_INSTANSI'] as const;
export type NewUserRole = (typeof NEW_USER_ROLES)[number];

/** A Kemendagri region as the reference data knows it (src/reference/regions.ts). */
export interface KnownRegion {
  /** Dotted, e.g. 33.03.05 or 33.03.05.2001 */
  readonly code: string;
  readonly name: string;
  readonly level: string;
}
export type RegionLookup = (dottedCode: string) => KnownRegion | undefined;

export interface UserIdChangeForm {
  readonly nik: string;
  readonly namaLengkap: string;
  readonly nomorIdentitasKepegawaian: string;
  readonly statusKepegawaian: EmploymentStatus;
  readonly jabatan: string;
  /** Dotted district (kecamatan) or village (desa/kelurahan) code. */
  readonly kodeWilayahKantor: string;
  /** The region's name, as the reference data gives it when the form was checked. */
  readonly namaWilayahKantor: string;
  readonly namaKantor: string;
  readonly alamatKantor: string;
  readonly peran: NewUserRole;
  /** Empty when the agency leaves it to Dukcapil. */
  readonly userIdUsulan: string;
  /** Empty when the new user ID replaces nobody. */
  readonly userIdDiganti: string;
}

export type FormField = keyof UserIdChangeForm;

export interface FieldProblem {
  readonly field: FormField;
  readonly message: string;
}

export type FormResult =
  | { readonly ok: true; readonly value: UserIdChangeForm }
  | { readonly ok: false; readonly problems: readonly FieldProblem[] };

export const FIELD_LABELS: Readonly<Record<FormField, string>> = {
  nik: 'NIK',
  namaLengkap: 'Nama lengkap',
  nomorIdentitasKepegawaian: 'Nomor identitas kepegawaian',
  statusKepegawaian: 'Status kepegawaian',
  jabatan: 'Jabatan',
  kodeWilayahKantor: 'Kode wilayah kantor',
  namaWilayahKantor: 'Nama wilayah kantor',
  namaKantor: 'Nama kantor',
  alamatKantor: 'Alamat kantor',
  peran: 'Peran user ID baru',
  userIdUsulan: 'User ID yang diusulkan',
  userIdDiganti: 'User ID yang diganti',
};

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : '';
}

/** Letters of any script, spaces, and the marks of names and academic titles. */
const NAME = /^[\p{L}][\p{L}\p{M} .,'’-]*$/u;

/**
 * An 18-digit NIP (PNS and PPPK alike): birth date YYYYMMDD, start of service YYYYMM, sex
 * (1 man, 2 woman), serial 001–999. The birth date and sex must be those of the NIK: both
 * numbers describe the same person.
 */
export function nipProblem(nip: string, nik: string, today: Date): string | undefined {
  if (!/^\d{18}$/.test(nip)) return 'NIP harus 18 digit angka';
  const year = Number(nip.slice(0, 4));
  const month = Number(nip.slice(4, 6));
  const day = Number(nip.slice(6, 8));
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return 'Tanggal lahir pada NIP (digit 1–8) bukan tanggal yang sah';
  }
  const startYear = Number(nip.slice(8, 12));
  const startMonth = Number(nip.slice(12, 14));
  if (startMonth < 1 || startMonth > 12 || startYear < year + 15) {
    return 'TMT pada NIP (digit 9–14) bukan bulan dan tahun yang sah';
  }
  const sex = nip[14];
  if (sex !== '1' && sex !== '2') return 'Digit ke-15 NIP (jenis kelamin) harus 1 atau 2';
  if (nip.slice(15) === '000') return 'Nomor urut NIP (digit 16–18) tidak boleh 000';
  const parsed = parseNik(nik, today);
  if (parsed.ok) {
    const birth = parsed.value.birthDate;
    if (birth.slice(2) !== `${nip.slice(2, 4)}-${nip.slice(4, 6)}-${nip.slice(6, 8)}`) {
      return 'Tanggal lahir pada NIP tidak sama dengan tanggal lahir pada NIK';
    }
    if ((parsed.value.sex === 'PEREMPUAN') !== (sex === '2')) {
      return 'Jenis kelamin pada NIP tidak sama dengan jenis kelamin pada NIK';
    }
  }
  return undefined;
}

/** 330305 → 33.03.05; 3303052001 → 33.03.05.2001; dotted codes stay as they are. */
export function dottedRegionCode(input: string): string | undefined {
  const code = input.replace(/\s/g, '');
  if (/^\d{2}\.\d{2}\.\d{2}(\.\d{4})?$/.test(code)) return code;
  if (/^\d{6}$/.test(code)) return `${code.slice(0, 2)}.${code.slice(2, 4)}.${code.slice(4)}`;
  if (/^\d{10}$/.test(code))
    return `${code.slice(0, 2)}.${code.slice(2, 4)}.${code.slice(4, 6)}.${code.slice(6)}`;
  return undefined;
}

/**
 * Checks and tidies the form. The office's region must be a district (kecamatan) or a
 * village (desa/kelurahan) that the Kemendagri reference knows: a province or regency code
 * would not locate the office, and an unknown code is a typing error.
 */
export function checkUserIdChangeForm(
  raw: Readonly<Record<string, unknown>>,
  context: { readonly today: Date; readonly regionOf: RegionLookup },
): FormResult {
  const problems: FieldProblem[] = [];
  const problem = (field: FormField, message: string) => problems.push({ field, message });

  const nik = typeof raw.nik === 'string' ? raw.nik.trim() : '';
  if (nik === '') problem('nik', 'NIK wajib diisi');
  else {
    const parsed = parseNik(nik, context.today);
    if (!parsed.ok) problem('nik', parsed.reason);
  }

  const namaLengkap = text(raw.namaLengkap);
  if (namaLengkap === '') problem('namaLengkap', 'Nama lengkap wajib diisi');
  else if (namaLengkap.length < 2 || namaLengkap.length > 120)
    problem('namaLengkap', 'Nama lengkap harus 2–120 karakter');
  else if (!NAME.test(namaLengkap))
    problem(
      'namaLengkap',
      'Nama lengkap hanya boleh berisi huruf, spasi, titik, koma, petik dan strip',
    );

  const status = text(raw.statusKepegawaian);
  const statusKnown = (EMPLOYMENT_STATUSES as readonly string[]).includes(status);
  if (status === '') problem('statusKepegawaian', 'Status kepegawaian wajib dipilih');
  else if (!statusKnown)
    problem(
      'statusKepegawaian',
      `Status kepegawaian harus salah satu dari: ${EMPLOYMENT_STATUSES.join(', ')}`,
    );

  const nomor = text(raw.nomorIdentitasKepegawaian);
  if (nomor === '') problem('nomorIdentitasKepegawaian', 'Nomor identitas kepegawaian wajib diisi');
  else if (status === 'PNS' || status === 'PPPK') {
    const nipIssue = nipProblem(nomor.replace(/ /g, ''), nik, context.today);
    if (nipIssue) problem('nomorIdentitasKepegawaian', nipIssue);
  } else if (status === 'NON_ASN' && !/^[A-Za-z0-9][A-Za-z0-9 ./-]{2,29}$/.test(nomor)) {
    problem(
      'nomorIdentitasKepegawaian',
      'Nomor identitas kepegawaian non-ASN harus 3–30 karakter: huruf, angka, spasi, titik, garis miring atau strip',
    );
  }

  const jabatan = text(raw.jabatan);
  if (jabatan === '') problem('jabatan', 'Jabatan wajib diisi');
  else if (jabatan.length < 2 || jabatan.length > 100)
    problem('jabatan', 'Jabatan harus 2–100 karakter');

  const rawRegion = text(raw.kodeWilayahKantor);
  let kodeWilayahKantor = '';
  let namaWilayahKantor = '';
  if (rawRegion === '') problem('kodeWilayahKantor', 'Kode wilayah kantor wajib diisi');
  else {
    const dotted = dottedRegionCode(rawRegion);
    const region = dotted ? context.regionOf(dotted) : undefined;
    if (!dotted) {
      problem(
        'kodeWilayahKantor',
        'Kode wilayah kantor harus kode kecamatan (mis. 33.03.05) atau kode desa/kelurahan (mis. 33.03.05.2001)',
      );
    } else if (!region) {
      problem(
        'kodeWilayahKantor',
        `Kode wilayah ${dotted} tidak terdapat dalam data wilayah Kemendagri`,
      );
    } else if (region.level !== 'kecamatan' && region.level !== 'desa') {
      problem('kodeWilayahKantor', 'Kode wilayah kantor harus kode kecamatan atau desa/kelurahan');
    } else {
      kodeWilayahKantor = region.code;
      namaWilayahKantor = region.name;
    }
  }

  const namaKantor = text(raw.namaKantor);
  if (namaKantor === '') problem('namaKantor', 'Nama kantor wajib diisi');
  else if (namaKantor.length < 3 || namaKantor.length > 200)
    problem('namaKantor', 'Nama kantor harus 3–200 karakter');
  const alamatKantor = text(raw.alamatKantor);
  if (alamatKantor === '') problem('alamatKantor', 'Alamat kantor wajib diisi');
  else if (alamatKantor.length < 5 || alamatKantor.length > 300)
    problem('alamatKantor', 'Alamat kantor harus 5–300 karakter');

  const peran = text(raw.peran);
  if (!(NEW_USER_ROLES as readonly string[]).includes(peran))
    problem('peran', 'Peran user ID baru harus Operator atau Kepala Instansi');

  const userIdUsulan = text(raw.userIdUsulan).toLowerCase();
  if (userIdUsulan !== '' && !USER_ID_PATTERN.test(userIdUsulan)) {
    problem(
      'userIdUsulan',
      'User ID 3–60 karakter: huruf kecil, angka, titik, garis bawah atau strip',
    );
  }
  const userIdDiganti = text(raw.userIdDiganti).toLowerCase();
  if (userIdDiganti !== '' && !USER_ID_PATTERN.test(userIdDiganti)) {
    problem('userIdDiganti', 'User ID yang diganti tidak sah');
  }

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      nik,
      namaLengkap,
      nomorIdentitasKepegawaian: status === 'NON_ASN' ? nomor : nomor.replace(/ /g, ''),
      statusKepegawaian: status as EmploymentStatus,
      jabatan,
      kodeWilayahKantor,
      namaWilayahKantor,
      namaKantor,
      alamatKantor,
      peran: peran as NewUserRole,
      userIdUsulan,
      userIdDiganti,
    },
  };
}

/**
 * The user ID Dukcapil offers when the agency proposed none: the agency's code, the role
 * and the request number, so that it is unique without naming the person.
 */
export function derivedUserId(agencyCode: string, role: NewUserRole, requestId: number): string {
  const agency = agencyCode.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return `${agency}.${role === 'OPERATOR' ? 'operator' : 'kepala'}.${requestId}`;
}
