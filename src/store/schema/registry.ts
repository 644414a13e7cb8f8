import type { ColumnType } from 'kysely';
import type { IsoDate } from './columns.js';

// The population register and the NIKs planted to catch misuse.

export interface ResidentTable {
  nik: string;
  nama_lengkap: string;
  jenis_kelamin: string;
  tempat_lahir: string;
  tanggal_lahir: IsoDate;
  status_perkawinan: string;
  jenis_pekerjaan: string;
  alamat: string;
  kode_desa: string;
  rt: string;
  rw: string;
  status: string;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** migrations/012_input_pattern.sql: planted NIKs and the policy's findings. */
export interface HoneytokenTable {
  nik: string;
  planted_at: Date;
  note: string | null;
}
