import type { ResidentStatus } from './responses.js';

export const MARITAL_STATUSES = ['BELUM KAWIN', 'KAWIN', 'CERAI HIDUP', 'CERAI MATI'] as const;
export type MaritalStatus = (typeof MARITAL_STATUSES)[number];
export const RESIDENT_STATUSES = ['AKTIF', 'MENINGGAL', 'GANDA', 'NON_AKTIF'] as const;
export const SEXES = ['LAKI-LAKI', 'PEREMPUAN'] as const;

/** A resident as the register holds it (one row of the CSV of SPEC §8). */
export interface Resident {
  readonly nik: string;
  readonly namaLengkap: string;
  readonly jenisKelamin: (typeof SEXES)[number];
  readonly tempatLahir: string;
  /** YYYY-MM-DD */
  readonly tanggalLahir: string;
  readonly statusPerkawinan: MaritalStatus;
  readonly jenisPekerjaan: string;
  readonly alamat: string;
  /** The 10-digit Kemendagri village code, without dots. */
  readonly kodeDesa: string;
  /** Three digits, e.g. 004. */
  readonly rt: string;
  readonly rw: string;
  readonly status: ResidentStatus;
}

/** The names that follow from a village code. */
export interface VillagePlace {
  readonly provinsi: string;
  readonly kabupaten: string;
  /** Dotted Kemendagri district code, e.g. 33.03.05. */
  readonly kodeKecamatan: string;
  readonly kecamatan: string;
  readonly desa: string;
}
