import type { FastifyError, FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DOCUMENT_MAX_BYTES } from '../domain/documents.js';
import { Refusal } from '../domain/refusals.js';
import type { Deps } from '../services/deps.js';
import {
  DOCUMENT_TOO_LARGE,
  listDocumentsOf,
  recordUserDocument,
  type RecordedDocument,
} from '../services/users/user-documents.js';
import { actorOf, bearerSecurity } from './caller-hook.js';
import { base64BodyLimit, decodeBase64 } from './base64-file.js';
import { ErrorBody } from './schemas.js';
import {
  ADMIN,
  BOTH_BASES,
  DocumentJson,
  documentJson,
  errors,
  Kind,
  UserParams,
} from './user-json.js';

/*
 * Users' signed NDA / SPTJM over the JSON API: Dukcapil admins for anyone, the agency head
 * for their own agency's operators and their own SPTJM. Scans travel as base64 in JSON.
 */

export const DOCUMENT_BODY_LIMIT = base64BodyLimit(DOCUMENT_MAX_BYTES);

const DocumentBody = Type.Object(
  {
    jenis: Kind,
    tanggalTandaTangan: Type.String({ maxLength: 10, description: 'YYYY-MM-DD' }),
    namaBerkas: Type.Optional(Type.String({ maxLength: 200 })),
    isiBase64: Type.String({
      description: `Pindaian dalam base64: PDF, PNG atau JPEG (diperiksa menurut isinya), paling besar ${DOCUMENT_MAX_BYTES / 1024 / 1024} MB (lebih: 413; jenis lain: 415)`,
    }),
  },
  { additionalProperties: false },
);

const RecordedAnswer = Type.Object({
  id: Type.Integer(),
  userId: Type.String(),
  jenis: Kind,
  ditandatangani: Type.String({ format: 'date' }),
  tipe: Type.String(),
  ukuran: Type.Integer(),
  sha256: Type.String(),
});

function recordedJson(d: RecordedDocument) {
  return {
    id: d.id,
    userId: d.userId,
    jenis: d.kind,
    ditandatangani: d.signedOn,
    tipe: d.contentType,
    ukuran: d.sizeBytes,
    sha256: d.sha256,
  };
}

function scanContent(text: string): Buffer {
  const content = decodeBase64(text);
  if (!content) {
    throw new Refusal('PERMINTAAN_TIDAK_VALID', 'isiBase64 bukan base64 yang sah');
  }
  return content;
}

export const userDocumentsApiRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    // A body over the limit is refused before any route runs, the caller already checked: on
    // these routes it is the scan that is too large, and the answer says so.
    app.setErrorHandler(async (error: FastifyError) => {
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        throw new Refusal('BERKAS_TERLALU_BESAR', DOCUMENT_TOO_LARGE);
      }
      throw error;
    });
    const api = app.withTypeProvider<TypeBoxTypeProvider>();

    for (const [base, permission, tag] of BOTH_BASES) {
      api.get(
        `${base}/:userId/dokumen`,
        {
          config: { permission },
          schema: {
            summary: 'Dokumen (NDA / SPTJM) pengguna, yang berlaku dan riwayatnya',
            tags: [tag],
            security: bearerSecurity,
            params: UserParams,
            response: { 200: Type.Object({ data: Type.Array(DocumentJson) }), ...errors },
          },
        },
        async (request) => {
          const documents = await listDocumentsOf(deps, actorOf(request), request.params.userId);
          return { data: documents.map(documentJson) };
        },
      );

      api.post(
        `${base}/:userId/dokumen`,
        {
          bodyLimit: DOCUMENT_BODY_LIMIT,
          config: { permission },
          schema: {
            summary:
              base === ADMIN
                ? 'Mencatat NDA (operator) atau SPTJM (kepala instansi) yang ditandatangani'
                : 'Mencatat NDA operator instansi sendiri atau SPTJM sendiri',
            tags: [tag],
            security: bearerSecurity,
            params: UserParams,
            body: DocumentBody,
            response: {
              201: RecordedAnswer,
              ...errors,
              413: ErrorBody,
              415: ErrorBody,
            },
          },
        },
        async (request, reply) => {
          const recorded = await recordUserDocument(deps, actorOf(request), {
            userId: request.params.userId,
            kind: request.body.jenis,
            signedOn: request.body.tanggalTandaTangan,
            fileName: request.body.namaBerkas,
            content: scanContent(request.body.isiBase64),
          });
          return reply.code(201).send(recordedJson(recorded));
        },
      );
    }
  };
