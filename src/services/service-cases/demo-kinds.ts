import type { ServiceKind } from '../../domain/service-case.js';

/**
 * The demo agreements' kinds of service (Lampiran II: what each counter issues), each tied to
 * the return-data field its document's number fills (services/demo/agreements.ts schemas).
 */
export const DEMO_SERVICE_KINDS: Readonly<Record<string, readonly ServiceKind[]>> = {
  DINKES: [
    {
      code: 'JKN_PENDAFTARAN',
      label: 'Pendaftaran peserta JKN',
      documentLabel: 'Nomor kepesertaan JKN',
      returnField: 'nomor_kepesertaan_jkn',
    },
    {
      code: 'PASIEN_PENDAFTARAN',
      label: 'Pendaftaran pasien',
      documentLabel: 'Nomor rekam medis',
      returnField: 'nomor_rekam_medis',
    },
    {
      code: 'SURAT_KELAHIRAN',
      label: 'Surat keterangan kelahiran',
      documentLabel: 'Nomor surat keterangan kelahiran',
      returnField: 'nomor_surat_kelahiran',
    },
    {
      code: 'SURAT_KEMATIAN',
      label: 'Surat keterangan kematian',
      documentLabel: 'Nomor surat keterangan kematian',
      returnField: 'nomor_surat_kematian',
    },
  ],
  DPMPTSP: (
    [
      ['NIB', 'Nomor Induk Berusaha (NIB)', 'NIB'],
      ['SERTIFIKAT_STANDAR', 'Sertifikat Standar', 'SERTIFIKAT STANDAR'],
      ['IZIN', 'Izin usaha', 'IZIN'],
      ['PKKPR', 'Persetujuan Kesesuaian Kegiatan Pemanfaatan Ruang (PKKPR)', 'PKKPR'],
      ['PBG', 'Persetujuan Bangunan Gedung (PBG)', 'PBG'],
      ['SLF', 'Sertifikat Laik Fungsi (SLF)', 'SLF'],
      ['PERSETUJUAN_LINGKUNGAN', 'Persetujuan Lingkungan', 'PERSETUJUAN LINGKUNGAN'],
    ] as const
  ).map(([code, label, kind]) => ({
    code,
    label,
    documentLabel: `Nomor ${label.replace(/ \(.*\)$/, '')}`,
    returnField: 'nomor_perizinan_investasi',
    returnValues: { jenis_perizinan_investasi: kind },
  })),
};
