import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DOCUMENT_MAX_BYTES } from '../domain/documents.js';
import { wibDay } from '../domain/time.js';
import { recordDgApproval } from '../services/agreements/dg-approval.js';
import { endByForceMajeure } from '../services/agreements/force-majeure.js';
import type { Deps } from '../services/deps.js';
import { Refusal } from '../services/errors.js';
import { AgreementDetailJson, agreementDetailOf, Closed, errors, Id } from './agreement-json.js';
import { base64BodyLimit, decodeBase64 } from './base64-file.js';
import { actorOf, bearerSecurity } from './caller-hook.js';

/*
 * What the agreements add (SPEC §4, issue 12 item 5) in Dukcapil's JSON API, on the console's
 * use cases: the Director General's approval letter of an agreement, and its end by force
 * majeure with the document (base64).
 */

const AGREEMENTS = '/api/v1/admin/pks';
const TAG = 'PKS (Dukcapil)';

const DgApprovalBody = Type.Object(
  {
    nomor: Type.String({ maxLength: 100, description: 'Nomor surat, sebagaimana tertulis' }),
    tanggal: Type.String({ maxLength: 10, description: 'YYYY-MM-DD' }),
  },
  { additionalProperties: false },
);

const ForceMajeureBody = Type.Object(
  {
    tanggal: Type.String({ maxLength: 10, description: 'Tanggal kebijakan berlaku, YYYY-MM-DD' }),
    uraian: Type.String({
      maxLength: 1000,
      description: 'Kebijakan pemerintah yang membuat kerja sama tidak mungkin dilanjutkan',
    }),
    dokumen: Type.Object(
      {
        namaBerkas: Type.String({ maxLength: 200 }),
        isiBase64: Type.String({
          description: `PDF, PNG atau JPEG (diperiksa menurut isinya), paling besar ${DOCUMENT_MAX_BYTES / 1024 / 1024} MB`,
        }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const agreementFieldApiRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<TypeBoxTypeProvider>();
    const today = () => wibDay(deps.clock());
    const agreementDetail = (id: number) => agreementDetailOf(deps.db, id, today());

    api.post(
      `${AGREEMENTS}/:id/persetujuan-dirjen`,
      {
        config: { permission: 'agreement.manage' },
        schema: {
          summary:
            'Mencatat surat persetujuan Direktur Jenderal (nomor, tanggal) pada draf atau PKS yang berlaku',
          tags: [TAG],
          security: bearerSecurity,
          params: Id,
          body: DgApprovalBody,
          response: { 200: AgreementDetailJson, ...errors },
        },
      },
      async (request) => {
        const id = Number(request.params.id);
        await recordDgApproval(deps.db, actorOf(request), id, request.body, deps.clock());
        return agreementDetail(id);
      },
    );

    api.post(
      `${AGREEMENTS}/:id/keadaan-kahar`,
      {
        config: { permission: 'agreement.manage' },
        bodyLimit: base64BodyLimit(DOCUMENT_MAX_BYTES),
        schema: {
          summary:
            'Mengakhiri PKS karena keadaan kahar (force majeure): tanggal, uraian, dokumen; seketika semua pengguna instansi mendapat INSTANSI_TIDAK_AKTIF; sesi dan token diakhiri',
          tags: [TAG],
          security: bearerSecurity,
          params: Id,
          body: ForceMajeureBody,
          response: { 200: Type.Intersect([AgreementDetailJson, Closed]), ...errors },
        },
      },
      async (request) => {
        const id = Number(request.params.id);
        const { tanggal, uraian, dokumen } = request.body;
        const content = decodeBase64(dokumen.isiBase64);
        if (!content) {
          throw new Refusal('PERMINTAAN_TIDAK_VALID', 'dokumen.isiBase64 bukan base64 yang sah', {
            fields: [{ field: 'dokumen.isiBase64', message: 'Bukan base64 yang sah' }],
          });
        }
        const ended = await endByForceMajeure(
          deps.db,
          actorOf(request),
          id,
          {
            occurredOn: tanggal,
            description: uraian,
            document: { fileName: dokumen.namaBerkas, content },
          },
          deps.clock(),
        );
        return { ...(await agreementDetail(id)), sesiDiakhiri: ended };
      },
    );
  };
