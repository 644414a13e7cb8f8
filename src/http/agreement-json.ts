import { Type, type Static } from 'typebox';
import type { AgreementRecord } from '../domain/agreement-record.js';
import { END_GROUNDS, MANUAL_END_GROUNDS } from '../domain/agreement-ending.js';
import { AGREEMENT_STATUSES } from '../domain/agreement-state.js';
import type {
  AgreementEventView,
  AgreementView,
} from '../services/agreements/agreement-queries.js';
import { agreementHistory, getAgreement } from '../services/agreements/agreement-queries.js';
import { forceMajeureOf, type ForceMajeureView } from '../services/agreements/force-majeure.js';
import { Refusal } from '../services/errors.js';
import type { Deps } from '../services/deps.js';
import { ErrorBody } from './schemas.js';

/**
 * What the JSON API of agencies and agreements shares: an agreement, its terms and its
 * history as JSON, and the fields every route of it reads or answers the same way.
 */

export const NullableString = Type.Union([Type.String(), Type.Null()]);
export const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
export const AgreementStatus = Type.Unsafe<string>({
  type: 'string',
  enum: [...AGREEMENT_STATUSES],
});
export const Reason = Type.String({
  minLength: 5,
  maxLength: 1000,
  description: 'Alasan (5–1000 karakter)',
});
export const Page = Type.Optional(
  Type.String({ pattern: '^[1-9][0-9]{0,5}$', description: 'Mulai 1' }),
);
export const Id = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,9}$' }) });

export const Terms = Type.Object(
  {
    nomorDukcapil: Type.String(),
    nomorInstansi: Type.String(),
    nomorJuknis: NullableString,
    tanggalTandaTangan: IsoDate,
    tanggalBerakhir: IsoDate,
    maksudTujuan: Type.String(),
    elemenData: Type.Array(Type.String()),
    metodeAkses: Type.Array(Type.String()),
    titikAkses: Type.Array(Type.String()),
    bandwidthKbps: Type.Integer(),
    tahapKuota: Type.String(),
    pihakKesatu: Type.Object({
      nama: Type.String(),
      jabatanPimpinan: Type.String(),
      namaPimpinan: NullableString,
    }),
    pihakKedua: Type.Object({
      nama: Type.String(),
      jabatanPimpinan: Type.String(),
      namaPimpinan: NullableString,
    }),
  },
  { description: 'Ketentuan PKS' },
);

export const AgreementJson = Type.Intersect([
  Type.Object({
    id: Type.Integer(),
    instansi: Type.Object({ id: Type.Integer(), kode: Type.String(), nama: Type.String() }),
    status: AgreementStatus,
    statusBerlaku: Type.Unsafe<string>({
      type: 'string',
      enum: [...AGREEMENT_STATUSES],
      description:
        'Status yang berlaku hari ini (WIB): PKS yang lewat tanggal berakhirnya BERAKHIR',
    }),
    keteranganStatus: Type.String(),
    tindakanTersedia: Type.Array(Type.String()),
    persetujuanDirjen: Type.Union(
      [Type.Object({ nomor: Type.String(), tanggal: IsoDate }), Type.Null()],
      {
        description:
          'Surat persetujuan Direktur Jenderal yang menjadi dasar PKS (null: belum dicatat)',
      },
    ),
    masaPerpanjangan: Type.Boolean({
      description:
        'true: tanggal berakhir telah lewat, tetapi permohonan perpanjangan diajukan tepat waktu dan belum dijawab — akses berlanjut berdasarkan SPTJM sampai adendum ditandatangani atau permohonan ditolak',
    }),
    permohonanPerpanjanganId: Type.Union([Type.Integer(), Type.Null()], {
      description: 'Permohonan perpanjangan tepat waktu yang sedang diproses, bila ada',
    }),
    dasarBerakhir: Type.Union(
      [Type.Unsafe<string>({ type: 'string', enum: [...END_GROUNDS] }), Type.Null()],
      {
        description: 'Dasar berakhirnya PKS (Pasal 6), bila dicatat',
      },
    ),
  }),
  Terms,
]);

export const ForceMajeureJson = Type.Object(
  {
    tanggal: IsoDate,
    uraian: Type.String(),
    jenisBerkas: Type.String(),
    ukuranByte: Type.Integer(),
    sha256: Type.String(),
    namaBerkas: NullableString,
    dicatat: Type.String({ format: 'date-time' }),
  },
  { description: 'Catatan keadaan kahar (force majeure) yang mengakhiri PKS' },
);

export const HistoryJson = Type.Object({
  waktu: Type.String({ format: 'date-time' }),
  peristiwa: Type.String(),
  oleh: NullableString,
  alasan: NullableString,
  adendum: Type.Union([Type.Object({ nomor: Type.String(), tanggal: IsoDate }), Type.Null()]),
  ketentuanSebelum: Type.Union([Terms, Type.Null()]),
  ketentuanSesudah: Type.Union([Terms, Type.Null()]),
});

export const AgreementDetailJson = Type.Intersect([
  AgreementJson,
  Type.Object({
    riwayat: Type.Array(HistoryJson),
    keadaanKahar: Type.Union([ForceMajeureJson, Type.Null()]),
  }),
]);

/** One agreement as its detail endpoints answer: the agreement, its history, its force majeure. */
export async function agreementDetailOf(db: Deps['db'], id: number, today: string) {
  const view = await getAgreement(db, id, today);
  if (!view) throw new Refusal('TIDAK_ADA', 'PKS tidak ditemukan');
  return {
    ...agreementJson(view),
    riwayat: historyJson(await agreementHistory(db, id)),
    keadaanKahar: forceMajeureJson(await forceMajeureOf(db, id)),
  };
}

export function forceMajeureJson(
  record: ForceMajeureView | undefined,
): Static<typeof ForceMajeureJson> | null {
  return record
    ? {
        tanggal: record.occurredOn,
        uraian: record.description,
        jenisBerkas: record.contentType,
        ukuranByte: record.sizeBytes,
        sha256: record.sha256,
        namaBerkas: record.fileName,
        dicatat: record.recordedAt.toISOString(),
      }
    : null;
}

export const Closed = Type.Object({
  sesiDiakhiri: Type.Integer({
    description: 'Sesi portal dan token API pengguna instansi yang diakhiri seketika',
  }),
});

export const ReasonBody = Type.Object({ alasan: Reason }, { additionalProperties: false });

/** Ending or revoking: the reason and, for an end, its ground (force majeure: keadaan-kahar). */
export const EndBody = Type.Object(
  {
    alasan: Reason,
    dasar: Type.Optional(
      Type.Unsafe<string>({
        type: 'string',
        enum: [...MANUAL_END_GROUNDS],
        description: 'Dasar berakhir (hanya untuk akhiri)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  500: ErrorBody,
};

export function termsJson(record: AgreementRecord): Static<typeof Terms> {
  return {
    nomorDukcapil: record.nomorDukcapil,
    nomorInstansi: record.nomorInstansi,
    nomorJuknis: record.nomorJuknis,
    tanggalTandaTangan: record.signedOn,
    tanggalBerakhir: record.endsOn,
    maksudTujuan: record.purpose,
    elemenData: [...record.grantedElements],
    metodeAkses: [...record.accessMethods],
    titikAkses: [...record.accessPoints],
    bandwidthKbps: record.bandwidthKbps,
    tahapKuota: record.quotaStage,
    pihakKesatu: {
      nama: record.firstPartyName,
      jabatanPimpinan: record.firstPartyHeadTitle,
      namaPimpinan: record.firstPartyHeadName,
    },
    pihakKedua: {
      nama: record.secondPartyName,
      jabatanPimpinan: record.secondPartyHeadTitle,
      namaPimpinan: record.secondPartyHeadName,
    },
  };
}

export function agreementJson(view: AgreementView): Static<typeof AgreementJson> {
  return {
    id: view.id,
    instansi: { id: view.agencyId, kode: view.agencyCode, nama: view.agencyName },
    status: view.status,
    statusBerlaku: view.effectiveStatus,
    keteranganStatus: view.statusLabel,
    tindakanTersedia: [...view.allowedActions],
    persetujuanDirjen: view.dgApproval,
    masaPerpanjangan: view.inExtensionPeriod,
    permohonanPerpanjanganId: view.extensionRequestId,
    dasarBerakhir: view.endGround,
    ...termsJson(view),
  };
}

export function historyJson(history: readonly AgreementEventView[]) {
  return history.map((event) => ({
    waktu: event.at.toISOString(),
    peristiwa: event.kind,
    oleh: event.actor,
    alasan: event.reason,
    adendum: event.addendum,
    ketentuanSebelum: event.termsBefore ? termsJson(event.termsBefore) : null,
    ketentuanSesudah: event.termsAfter ? termsJson(event.termsAfter) : null,
  }));
}
