import type { Resident, VillagePlace } from './resident.js';

/** The eight data elements an agreement may grant (SPEC §2); never more. */
export const ELEMENTS = [
  'NIK',
  'NAMA_LENGKAP',
  'JENIS_KELAMIN',
  'TEMPAT_LAHIR',
  'TANGGAL_LAHIR',
  'STATUS_PERKAWINAN',
  'JENIS_PEKERJAAN',
  'ALAMAT',
] as const;
export type Element = (typeof ELEMENTS)[number];

export const ELEMENT_LABELS: Readonly<Record<Element, string>> = {
  NIK: 'NIK',
  NAMA_LENGKAP: 'Nama Lengkap',
  JENIS_KELAMIN: 'Jenis Kelamin',
  TEMPAT_LAHIR: 'Tempat Lahir',
  TANGGAL_LAHIR: 'Tanggal Lahir',
  STATUS_PERKAWINAN: 'Status Perkawinan',
  JENIS_PEKERJAAN: 'Jenis Pekerjaan',
  ALAMAT: 'Alamat',
};

export function isElement(value: string): value is Element {
  return (ELEMENTS as readonly string[]).includes(value);
}

export interface DisclosedAddress {
  alamat: string;
  provinsi: string;
  kabupaten: string;
  kodeKecamatan: string;
  kecamatan: string;
  desa: string;
  rt: string;
  rw: string;
}

/** The `data` of a DITEMUKAN answer (SPEC §8): only the keys of granted elements are present. */
export interface DisclosedResident {
  nik?: string;
  namaLengkap?: string;
  jenisKelamin?: string;
  tempatLahir?: string;
  tanggalLahir?: string;
  statusPerkawinan?: string;
  jenisPekerjaan?: string;
  alamat?: DisclosedAddress;
}

/**
 * Picks the granted elements of a resident. Everything else stays on the server: the
 * answer is built up from nothing, so an element added to the register later cannot leak
 * by default.
 */
export function disclose(
  resident: Resident,
  place: VillagePlace,
  granted: readonly Element[],
): DisclosedResident {
  const out: DisclosedResident = {};
  for (const element of granted) {
    switch (element) {
      case 'NIK':
        out.nik = resident.nik;
        break;
      case 'NAMA_LENGKAP':
        out.namaLengkap = resident.namaLengkap;
        break;
      case 'JENIS_KELAMIN':
        out.jenisKelamin = resident.jenisKelamin;
        break;
      case 'TEMPAT_LAHIR':
        out.tempatLahir = resident.tempatLahir;
        break;
      case 'TANGGAL_LAHIR':
        out.tanggalLahir = resident.tanggalLahir;
        break;
      case 'STATUS_PERKAWINAN':
        out.statusPerkawinan = resident.statusPerkawinan;
        break;
      case 'JENIS_PEKERJAAN':
        out.jenisPekerjaan = resident.jenisPekerjaan;
        break;
      case 'ALAMAT':
        out.alamat = {
          alamat: resident.alamat,
          provinsi: place.provinsi,
          kabupaten: place.kabupaten,
          kodeKecamatan: place.kodeKecamatan,
          kecamatan: place.kecamatan,
          desa: place.desa,
          rt: resident.rt,
          rw: resident.rw,
        };
        break;
    }
  }
  return out;
}
