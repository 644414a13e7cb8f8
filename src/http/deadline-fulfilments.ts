import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static, type TSchema } from 'typebox';
import { DOCUMENT_MAX_BYTES } from '../domain/documents.js';
import type { Permission } from '../domain/permissions.js';
import { Refusal } from '../domain/refusals.js';
import { findAgencyByCodeForDeadlines } from '../services/deadlines/agency-deadlines.js';
import type { UploadedFile } from '../services/deadlines/deadline-scan.js';
import { recordIsoCertificate, recordSemesterReport } from '../services/deadlines/fulfilments.js';
import {
  fileOfficialsNotice,
  recordOfficialsChange,
} from '../services/deadlines/officials-changes.js';
import type { Deps } from '../services/deps.js';
import { base64BodyLimit, decodeBase64 } from './base64-file.js';
import { actorOf, bearerSecurity } from './caller-hook.js';
import { ownAgency } from './deadlines.js';
import { ErrorBody } from './schemas.js';

const UPLOAD_BODY_LIMIT = base64BodyLimit(DOCUMENT_MAX_BYTES);
const MAX_MB = DOCUMENT_MAX_BYTES / 1024 / 1024;

const FileBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, description: 'Nama berkas' }),
    contentBase64: Type.String({
      minLength: 1,
      maxLength: UPLOAD_BODY_LIMIT,
      description: `Isi berkas dalam base64: PDF, PNG atau JPEG (diperiksa dari isinya), paling besar ${MAX_MB} MB`,
    }),
  },
  { additionalProperties: false },
);

const IsoBody = Type.Object(
  {
    number: Type.String({ maxLength: 100, description: 'Nomor sertifikat' }),
    issuedOn: Type.String({ maxLength: 10, description: 'Tanggal terbit (YYYY-MM-DD)' }),
    expiresOn: Type.String({ maxLength: 10, description: 'Berlaku sampai (YYYY-MM-DD)' }),
    file: FileBody,
  },
  { additionalProperties: false },
);

const ReportBody = Type.Object(
  {
    period: Type.String({
      maxLength: 7,
      description: 'Semester yang dilaporkan: YYYY-S1 (Januari–Juni) atau YYYY-S2 (Juli–Desember)',
    }),
    file: FileBody,
  },
  { additionalProperties: false },
);

const ChangeBody = Type.Object(
  {
    changedOn: Type.String({ maxLength: 10, description: 'Tanggal perubahan (YYYY-MM-DD)' }),
    description: Type.String({ maxLength: 1000, description: 'Uraian perubahan' }),
    file: Type.Optional(FileBody),
  },
  { additionalProperties: false },
);

const IdParam = Type.String({ pattern: '^[1-9][0-9]{0,8}$', description: 'Nomor perubahan' });

const NoticeBody = Type.Object({ file: FileBody }, { additionalProperties: false });

const Recorded = Type.Object({
  code: Type.Literal('TERCATAT'),
  message: Type.String(),
  id: Type.Integer(),
});

function uploaded(file: Static<typeof FileBody> | undefined): UploadedFile | undefined {
  if (!file) return undefined;
  const bytes = decodeBase64(file.contentBase64);
  if (!bytes) throw new Refusal('DITOLAK', 'contentBase64 bukan base64 yang sah');
  return { fileName: file.name, bytes };
}

/** What a use case recorded, as 201; its refusals reach the client by their codes. */
function recorded(reply: FastifyReply, id: number, message: string) {
  return reply.code(201).send({ code: 'TERCATAT', message, id });
}

const recordResponses = {
  201: Recorded,
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  413: ErrorBody,
  422: ErrorBody,
};

/**
 * The uploads that fulfil a deadline over the JSON API: the head's for their own agency
 * (/api/v1/instansi/tenggat/…) and a Dukcapil admin's on an agency's behalf
 * (/api/v1/admin/tenggat/:kode/…). The same use cases as the portal's forms.
 */
export const deadlineFulfilmentApiRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['Tenggat'];

    const uploadNote = `Berkas dikirim sebagai base64 dalam JSON; PDF, PNG atau JPEG menurut isinya, paling besar ${MAX_MB} MB.`;

    /** The four uploads, once for the head's own agency and once for Dukcapil's admin. */
    function fulfilmentRoutes(side: {
      readonly base: string;
      readonly permission: Permission;
      /** The path's parameters before the change's id: none, or the agency's code. */
      readonly params: Readonly<Record<string, TSchema>>;
      readonly agencyOf: (request: FastifyRequest) => Promise<number>;
      readonly summaries: Readonly<Record<'iso' | 'report' | 'change' | 'notice', string>>;
      /** What the side's change of officials says of its letter. */
      readonly changeNote: string;
    }) {
      const params =
        Object.keys(side.params).length > 0 ? { params: Type.Object(side.params) } : {};
      const schema = { tags, security: bearerSecurity, response: recordResponses };
      const options = { bodyLimit: UPLOAD_BODY_LIMIT, config: { permission: side.permission } };

      api.post(
        `${side.base}/sertifikat-iso`,
        {
          ...options,
          schema: {
            ...schema,
            ...params,
            summary: side.summaries.iso,
            description: uploadNote,
            body: IsoBody,
          },
        },
        async (request, reply) => {
          const agencyId = await side.agencyOf(request);
          const result = await recordIsoCertificate(deps, actorOf(request), agencyId, {
            ...request.body,
            file: uploaded(request.body.file),
          });
          return recorded(reply, result.id, 'Sertifikat ISO/IEC 27001 telah dicatat');
        },
      );

      api.post(
        `${side.base}/laporan-semester`,
        {
          ...options,
          schema: {
            ...schema,
            ...params,
            summary: side.summaries.report,
            description: uploadNote,
            body: ReportBody,
          },
        },
        async (request, reply) => {
          const agencyId = await side.agencyOf(request);
          const result = await recordSemesterReport(deps, actorOf(request), agencyId, {
            period: request.body.period,
            file: uploaded(request.body.file),
          });
          return recorded(reply, result.id, 'Laporan semester telah diterima');
        },
      );

      api.post(
        `${side.base}/perubahan-pejabat`,
        {
          ...options,
          schema: {
            ...schema,
            ...params,
            summary: side.summaries.change,
            description: `${uploadNote} ${side.changeNote}`,
            body: ChangeBody,
          },
        },
        async (request, reply) => {
          const agencyId = await side.agencyOf(request);
          const result = await recordOfficialsChange(deps, actorOf(request), agencyId, {
            changedOn: request.body.changedOn,
            description: request.body.description,
            file: uploaded(request.body.file),
          });
          return recorded(reply, result.id, 'Perubahan pejabat atau struktur telah dicatat');
        },
      );

      api.post(
        `${side.base}/perubahan-pejabat/:id/pemberitahuan`,
        {
          ...options,
          schema: {
            ...schema,
            summary: side.summaries.notice,
            description: uploadNote,
            params: Type.Object({ ...side.params, id: IdParam }),
            body: NoticeBody,
          },
        },
        async (request, reply) => {
          const agencyId = await side.agencyOf(request);
          const changeId = Number(request.params.id);
          await fileOfficialsNotice(deps, actorOf(request), agencyId, {
            changeId,
            file: uploaded(request.body.file),
          });
          return recorded(reply, changeId, 'Surat pemberitahuan telah diterima');
        },
      );
    }

    fulfilmentRoutes({
      base: '/api/v1/instansi/tenggat',
      permission: 'deadline.recordOwn',
      params: {},
      agencyOf: async (request) => ownAgency(actorOf(request)),
      summaries: {
        iso: 'Mengunggah sertifikat ISO/IEC 27001 instansi sendiri',
        report: 'Mengirim laporan semester penggunaan data instansi sendiri',
        change: 'Memberitahukan perubahan pejabat atau struktur instansi sendiri',
        notice: 'Mengirim surat pemberitahuan untuk perubahan yang dicatat Dukcapil',
      },
      changeNote: 'Surat pemberitahuan wajib dilampirkan.',
    });

    fulfilmentRoutes({
      base: '/api/v1/admin/tenggat/:kode',
      permission: 'deadline.recordForAgency',
      params: {
        kode: Type.String({ pattern: '^[A-Za-z0-9_]{2,20}$', description: 'Kode instansi' }),
      },
      // The agency of the path, on whose behalf a Dukcapil admin records.
      agencyOf: async (request) => {
        const { kode } = request.params as { kode: string };
        const agency = await findAgencyByCodeForDeadlines(deps, kode);
        if (!agency) throw new Refusal('TIDAK_DITEMUKAN', 'Instansi tidak ditemukan');
        return agency.id;
      },
      summaries: {
        iso: 'Mencatat sertifikat ISO/IEC 27001 suatu instansi (Admin Dukcapil)',
        report: 'Mencatat laporan semester suatu instansi (Admin Dukcapil)',
        change: 'Mencatat perubahan pejabat atau struktur suatu instansi (Admin Dukcapil)',
        notice: 'Mencatat surat pemberitahuan perubahan suatu instansi (Admin Dukcapil)',
      },
      changeNote:
        'Tanpa berkas, perubahan dicatat sebagai diketahui Dukcapil dan ' +
        'instansi wajib mengirim surat pemberitahuannya.',
    });
  };
