import { Type } from 'typebox';
import { RESPONSE_CODES, type ResponseCode } from '../domain/responses.js';
import { VERIFIABLE_ELEMENTS } from '../domain/matching/verification.js';

/** Schemas of the public contract (SPEC §8): they check input, shape output and feed OpenAPI. */

export const ErrorBody = Type.Object(
  {
    code: Type.String(),
    message: Type.String(),
    // Without it in the schema the answer's serializer would drop the problems by field.
    errors: Type.Optional(
      Type.Array(Type.Object({ field: Type.String(), message: Type.String() }), {
        description: 'Masalah per isian (mis. `purpose`, `records[0].nik`), bila ada',
      }),
    ),
  },
  { $id: 'Galat', description: 'Penolakan permintaan' },
);

export const TokenRequest = Type.Object(
  {
    userId: Type.String({ minLength: 1, maxLength: 100 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
    // Optional: clients of users without TOTP send what they always sent (SPEC §8).
    otp: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 12,
        description: 'Kode TOTP 6 digit dari aplikasi autentikator; wajib bila TOTP aktif',
      }),
    ),
  },
  { additionalProperties: false },
);

export const TokenResponse = Type.Object({
  accessToken: Type.String(),
  expiresIn: Type.Integer({ description: 'Masa berlaku token dalam detik' }),
});

export const LookupRequest = Type.Object(
  {
    // Any text: a malformed NIK is answered FORMAT_SALAH, not refused as a bad request.
    nik: Type.String({ description: 'NIK 16 digit' }),
    purpose: Type.String({
      minLength: 3,
      maxLength: 200,
      description: 'Keperluan akses, sesuai maksud dan tujuan PKS',
    }),
    alasan: Type.Optional(
      Type.String({
        maxLength: 500,
        description:
          'Alasan tertulis (10–500 karakter). Wajib pada pencarian berikutnya setelah kebijakan pola input ' +
          'ALASAN menandai pola input pengguna (tanpa alasan: 428 ALASAN_DIPERLUKAN, tidak dihitung kuota)',
      }),
    ),
  },
  { additionalProperties: false },
);

const Nullable = <T extends ReturnType<typeof Type.Integer>>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const Quota = Type.Object({
  limit: Nullable(Type.Integer({ description: 'Batas harian; null bila tanpa batas' })),
  used: Type.Integer(),
  remaining: Nullable(Type.Integer()),
});

export const Address = Type.Object({
  alamat: Type.String(),
  provinsi: Type.String(),
  kabupaten: Type.String(),
  kodeKecamatan: Type.String(),
  kecamatan: Type.String(),
  desa: Type.String(),
  rt: Type.String(),
  rw: Type.String(),
});

export const ResidentData = Type.Object(
  {
    nik: Type.Optional(Type.String()),
    namaLengkap: Type.Optional(Type.String()),
    jenisKelamin: Type.Optional(Type.String()),
    tempatLahir: Type.Optional(Type.String()),
    tanggalLahir: Type.Optional(Type.String({ format: 'date' })),
    statusPerkawinan: Type.Optional(Type.String()),
    jenisPekerjaan: Type.Optional(Type.String()),
    alamat: Type.Optional(Address),
  },
  { description: 'Hanya elemen data yang diberikan oleh PKS' },
);

export const LookupResponse = Type.Object({
  code: Type.Unsafe<ResponseCode>({ type: 'string', enum: RESPONSE_CODES }),
  message: Type.String(),
  data: Type.Optional(ResidentData),
  quota: Type.Optional(Quota),
  peringatan: Type.Optional(
    Type.String({
      description:
        'Pola input NIK pengguna ini tidak wajar (berurutan, berpola atau berdekatan); Dukcapil telah diberi tahu',
    }),
  ),
  alasanDiperlukan: Type.Optional(
    Type.Boolean({ description: 'Pencarian berikutnya wajib disertai `alasan`' }),
  ),
});

/** POST /api/v1/nik/verifikasi (issue 11): what the applicant wrote, per element. */
export const VerifyRequest = Type.Object(
  {
    nik: Type.String({ description: 'NIK 16 digit' }),
    purpose: Type.String({
      minLength: 3,
      maxLength: 200,
      description: 'Keperluan akses, sesuai maksud dan tujuan PKS',
    }),
    elemen: Type.Object(
      Object.fromEntries(
        VERIFIABLE_ELEMENTS.map((element) => [
          element,
          Type.Optional(Type.String({ maxLength: 200 })),
        ]),
      ),
      {
        additionalProperties: false,
        description:
          'Data yang ditulis pemohon, per elemen; elemen kosong tidak diverifikasi. Tanggal lahir ' +
          'YYYY-MM-DD atau DD-MM-YYYY; jenis kelamin LAKI-LAKI/PEREMPUAN (atau L/P); rt dan rw angka. ' +
          'Hanya elemen yang diberikan PKS yang diverifikasi (rt, rw dan nama wilayah termasuk elemen ALAMAT).',
      },
    ),
    ambang: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 100,
        description: 'Skor minimum (persen) elemen teks bebas untuk dinyatakan Sesuai; bawaan 80',
      }),
    ),
    alasan: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const ElementVerdictBody = Type.Object({
  sesuai: Type.Union([Type.Boolean(), Type.Null()], {
    description: 'null: tidak diverifikasi (elemen tidak diberikan PKS)',
  }),
  skor: Type.Optional(
    Type.Integer({ description: 'Kemiripan 0–100, hanya nama, tempat lahir, alamat' }),
  ),
  keterangan: Type.String({ description: 'Sesuai, Tidak Sesuai, Sesuai (92), …' }),
});

export const VerifyResponse = Type.Object({
  code: Type.Unsafe<ResponseCode>({ type: 'string', enum: RESPONSE_CODES }),
  message: Type.String(),
  hasil: Type.Optional(
    Type.Record(Type.String(), ElementVerdictBody, {
      description:
        'Hanya dengan DITEMUKAN: hasil per elemen yang ditanyakan; tidak ada data register',
    }),
  ),
  quota: Type.Optional(Quota),
  peringatan: Type.Optional(Type.String()),
  alasanDiperlukan: Type.Optional(Type.Boolean()),
});
