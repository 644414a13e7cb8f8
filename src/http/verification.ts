import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { verifyResident } from '../services/lookup/verify-resident.js';
import type { Deps } from '../services/deps.js';
import { bearerSecurity, bearerToken } from './caller-hook.js';
import { lookupAnswers, lookupReply, OperatorHeaders, operatorOf } from './lookup-answer.js';
import { VerifyRequest, VerifyResponse } from './schemas.js';

/** Verification without disclosure (issue 11): `POST /api/v1/nik/verifikasi`. */
export const verificationApiRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    app.withTypeProvider<TypeBoxTypeProvider>().post(
      '/api/v1/nik/verifikasi',
      {
        // As the lookup: the statement checks the token with the quota and the audit record.
        config: { permission: 'nik.lookup', authInUseCase: true },
        schema: {
          summary: 'Verifikasi kesesuaian data tanpa pengungkapan',
          description:
            'Menjawab per elemen apakah data yang ditulis pemohon sesuai dengan data kependudukan — ' +
            '`Sesuai` / `Tidak Sesuai`, dan untuk nama, tempat lahir dan alamat dengan skor kemiripan ' +
            '(`Sesuai (92)`) terhadap `ambang` — tanpa mengirim data kependudukan apa pun. Dihitung dalam ' +
            'kuota harian seperti pencarian NIK dan dicatat dalam log audit beserta elemen yang ditanyakan ' +
            '(bukan nilainya). Bila NIK tidak berstatus aktif (MENINGGAL, GANDA, NON_AKTIF) atau tidak ' +
            'ditemukan, jawabannya kode respons itu tanpa hasil per elemen.',
          tags: ['Verifikasi'],
          security: bearerSecurity,
          headers: OperatorHeaders,
          body: VerifyRequest,
          response: lookupAnswers(VerifyResponse),
        },
      },
      async (request, reply) => {
        const { verdicts, ...outcome } = await verifyResident(deps, {
          token: bearerToken(request) ?? '',
          channel: 'API',
          nik: request.body.nik,
          purpose: request.body.purpose,
          reason: request.body.alasan,
          clientIp: request.clientIp,
          operator: operatorOf(request),
          elements: request.body.elemen,
          threshold: request.body.ambang,
        });
        const { status, body } = lookupReply(outcome);
        return reply.code(status).send({ ...body, ...(verdicts ? { hasil: verdicts } : {}) });
      },
    );
  };
