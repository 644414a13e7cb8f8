import type { AgreementTerms } from '../../domain/agreement.js';
import type { DataBalikanSchema } from '../../domain/data-balikan.js';
import { ELEMENTS } from '../../domain/elements.js';

/**
 * The two agreements signed on 16 September 2025 (SPEC, opening table), as the demo loads
 * them. Their access points are the LAN addresses the agreements name; the demo adds the
 * loopback addresses so that the portal can be tried on the machine that runs it.
 */
export const DEMO_LOOPBACK = ['127.0.0.1', '::1'];

/** Free text for a document number: letters, digits and the usual separators. */
const DOCUMENT_NUMBER = '[A-Za-z0-9][A-Za-z0-9 ./\\-]*';
const DOCUMENT_NUMBER_HINT = 'berupa huruf, angka, spasi, titik, garis miring atau tanda hubung';

/** DINKES owes back (SPEC §3): JKN membership, medical record, death and birth certificates. */
export const DINKES_DATA_BALIKAN: DataBalikanSchema = {
  fields: [
    {
      key: 'nomor_kepesertaan_jkn',
      label: 'Nomor kepesertaan JKN',
      required: false,
      maxLength: 13,
      pattern: '[0-9]{13}',
      patternHint: 'berupa 13 digit angka',
    },
    {
      key: 'nomor_rekam_medis',
      label: 'Nomor rekam medis',
      required: false,
      maxLength: 30,
      pattern: DOCUMENT_NUMBER,
      patternHint: DOCUMENT_NUMBER_HINT,
    },
    {
      key: 'nomor_surat_kematian',
      label: 'Nomor surat keterangan kematian',
      required: false,
      maxLength: 60,
      pattern: DOCUMENT_NUMBER,
      patternHint: DOCUMENT_NUMBER_HINT,
    },
    {
      key: 'nomor_surat_kelahiran',
      label: 'Nomor surat keterangan kelahiran',
      required: false,
      maxLength: 60,
      pattern: DOCUMENT_NUMBER,
      patternHint: DOCUMENT_NUMBER_HINT,
    },
  ],
  dueDays: 30,
};

/** DPMPTSP owes back (SPEC §3): the investment permit's number and kind. */
export const DPMPTSP_DATA_BALIKAN: DataBalikanSchema = {
  fields: [
    {
      key: 'nomor_perizinan_investasi',
      label: 'Nomor perizinan investasi',
      required: true,
      maxLength: 60,
      pattern: DOCUMENT_NUMBER,
      patternHint: DOCUMENT_NUMBER_HINT,
    },
    {
      key: 'jenis_perizinan_investasi',
      label: 'Jenis perizinan investasi',
      required: true,
      maxLength: 60,
      // The kinds of business licence under risk-based licensing (OSS RBA).
      options: [
        'NIB',
        'SERTIFIKAT STANDAR',
        'IZIN',
        'PKKPR',
        'PBG',
        'SLF',
        'PERSETUJUAN LINGKUNGAN',
      ],
    },
  ],
  dueDays: 30,
};

export const DEMO_AGENCIES: readonly {
  code: string;
  name: string;
  /** The agreements name the heads by title only. */
  headTitle: string;
  agreement: AgreementTerms;
  dataBalikan: DataBalikanSchema;
}[] = [
  {
    code: 'DINKES',
    name: 'Dinas Kesehatan Kabupaten Purbalingga',
    headTitle: 'Kepala Dinas Kesehatan Kabupaten Purbalingga',
    agreement: {
      nomorDukcapil: '400.12/2427/2025',
      nomorInstansi: '470/2004/2025',
      nomorJuknis: '400.12/2436/2025',
      signedOn: '2025-09-16',
      endsOn: '2027-09-16',
      purpose:
        'Verifikasi dan validasi data peserta Jaminan Kesehatan Nasional (JKN), calon pasien dan pasien',
      grantedElements: [...ELEMENTS],
      accessMethods: ['PORTAL'],
      accessPoints: ['10.10.0.67', ...DEMO_LOOPBACK],
      quotaStage: 'PRA_POC',
    },
    dataBalikan: DINKES_DATA_BALIKAN,
  },
  {
    code: 'DPMPTSP',
    name: 'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten Purbalingga',
    headTitle:
      'Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten Purbalingga',
    agreement: {
      nomorDukcapil: '400.12/2426/2025',
      nomorInstansi: '407/0601/2025',
      nomorJuknis: '400.12/2435/2025',
      signedOn: '2025-09-16',
      endsOn: '2027-09-16',
      purpose: 'Verifikasi dan validasi data pemohon perizinan penanaman modal',
      grantedElements: [...ELEMENTS],
      accessMethods: ['PORTAL'],
      accessPoints: ['10.10.0.65', ...DEMO_LOOPBACK],
      quotaStage: 'PRA_POC',
    },
    dataBalikan: DPMPTSP_DATA_BALIKAN,
  },
];

export const DEMO_USERS: readonly {
  userId: string;
  displayName: string;
  role: string;
  agencyCode?: string;
}[] = [
  { userId: 'admin.dukcapil', displayName: 'Admin Dukcapil (demo)', role: 'ADMIN_DUKCAPIL' },
  {
    userId: 'petugas.dukcapil',
    displayName: 'Petugas Layanan Dukcapil (demo)',
    role: 'PETUGAS_LAYANAN_DUKCAPIL',
  },
  {
    userId: 'kepala.dinkes',
    displayName: 'Kepala Dinas Kesehatan (demo)',
    role: 'KEPALA_INSTANSI',
    agencyCode: 'DINKES',
  },
  {
    userId: 'operator.dinkes',
    displayName: 'Operator Dinas Kesehatan (demo)',
    role: 'OPERATOR',
    agencyCode: 'DINKES',
  },
  {
    userId: 'kepala.dpmptsp',
    displayName: 'Kepala DPMPTSP (demo)',
    role: 'KEPALA_INSTANSI',
    agencyCode: 'DPMPTSP',
  },
  {
    userId: 'operator.dpmptsp',
    displayName: 'Operator DPMPTSP (demo)',
    role: 'OPERATOR',
    agencyCode: 'DPMPTSP',
  },
];
