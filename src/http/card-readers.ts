import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ELEMENTS } from '../domain/elements.js';
import { readCard } from '../services/card-readers/card-read.js';
import type { Deps } from '../services/deps.js';
import { bearerSecurity, bearerToken } from './caller-hook.js';
import { lookupAnswers, lookupReply } from './lookup-answer.js';
import { LookupResponse } from './schemas.js';

export const CARD_READ_PATH = '/api/v1/nik/baca-kartu';

const CardReadRequest = Type.Object(
  {
    nomorSam: Type.String({
      maxLength: 60,
      description: 'Nomor SAM yang terpasang pada card reader (harus sama dengan yang terdaftar)',
    }),
    // Any text: a malformed NIK is answered FORMAT_SALAH and audited, as in the lookup.
    nik: Type.String({ maxLength: 40, description: 'NIK yang dibaca dari chip KTP-el' }),
    operator: Type.String({
      maxLength: 60,
      description:
        'User ID petugas yang mengoperasikan card reader (operator atau kepala instansi)',
    }),
    purpose: Type.String({
      minLength: 3,
      maxLength: 200,
      description: 'Keperluan pembacaan, atau nomor layanan/perkara',
    }),
    simpan: Type.Optional(
      Type.Array(Type.String({ enum: [...ELEMENTS] }), {
        maxItems: ELEMENTS.length,
        description:
          'Elemen data yang akan disimpan instansi. Wajib ada persetujuan penduduk yang mencakupnya ' +
          '(tanpa itu: 428 PERSETUJUAN_DIPERLUKAN); kosong atau tidak dikirim: tidak ada yang disimpan',
      }),
    ),
  },
  { additionalProperties: false },
);

/**
 * The interface a KTP-el card reader client calls (issue 12; SPEC §5). The reader
 * authenticates with its own secret in `Authorization: Bearer`, not a user's token, so the
 * route is 'public' to the caller hook and the lookup statement checks the reader, its SAM,
 * the operator, the agreement and the access point with the quota and the audit row, at once.
 */
export const cardReaderApiRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<TypeBoxTypeProvider>();
    api.post(
      CARD_READ_PATH,
      {
        config: { permission: 'public' },
        schema: {
          summary: 'Pembacaan KTP-el melalui card reader',
          description:
            'Dipanggil oleh aplikasi card reader setelah chip KTP-el dibaca dengan SAM. ' +
            'Header `Authorization: Bearer <kredensial card reader>` (diterbitkan sekali oleh kepala instansi). ' +
            'Dicatat pada jejak audit (petugas, card reader, NIK, waktu, keperluan), dihitung dalam kuota harian PKS ' +
            'dan menimbulkan kewajiban data balikan. Ditolak 403 PEMBACA_TIDAK_AKTIF bila card reader tidak aktif ' +
            'atau ditangguhkan, 403 SAM_TIDAK_SESUAI bila nomor SAM tidak sesuai, 403 INSTANSI_TIDAK_AKTIF bila PKS ' +
            'tidak berlaku atau tidak memberikan metode card reader.',
          tags: ['Verifikasi'],
          security: bearerSecurity,
          body: CardReadRequest,
          response: lookupAnswers(LookupResponse),
        },
      },
      async (request, reply) => {
        const outcome = await readCard(deps, {
          credential: bearerToken(request) ?? '',
          samNumber: request.body.nomorSam,
          nik: request.body.nik,
          operatorUserId: request.body.operator,
          purpose: request.body.purpose,
          keep: request.body.simpan,
          clientIp: request.clientIp,
        });
        const { status, body } = lookupReply(outcome);
        return reply.code(status).send(body);
      },
    );
  };
