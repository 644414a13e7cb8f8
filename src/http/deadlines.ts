import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import {
  DEADLINE_KIND_LABELS,
  DEADLINE_KINDS,
  DEADLINE_STATUS_LABELS,
  DEADLINE_STATUSES,
  deadlineSubject,
} from '../domain/deadlines.js';
import { DOCUMENT_MAX_BYTES } from '../domain/documents.js';
import { can } from '../domain/permissions.js';
import type { SessionUser } from '../services/account/agency-caller.js';
import {
  agencyDeadlines,
  deadlinesPage,
  fileOfficialsNotice,
  findAgencyByCodeForDeadlines,
  KIND_FILTERS,
  parseDeadlineFilter,
  recordIsoCertificate,
  recordOfficialsChange,
  recordSemesterReport,
  STATUS_FILTERS,
  type DeadlineActor,
  type DeadlineView,
  type StatusCounts,
} from '../services/deadlines/deadlines.js';
import type { UploadedFile } from '../services/deadlines/deadline-scan.js';
import type { Deps } from '../services/deps.js';
import { NotFound, RuleViolation } from '../services/errors.js';
import { apiCaller, bearerSecurity, FORBIDDEN_MESSAGE } from './api-caller.js';
import { base64BodyLimit, decodeBase64 } from './base64-file.js';
import { ErrorBody } from './schemas.js';

const UPLOAD_BODY_LIMIT = base64BodyLimit(DOCUMENT_MAX_BYTES);
const MAX_MB = DOCUMENT_MAX_BYTES / 1024 / 1024;

const DeadlineItem = Type.Object(
  {
    key: Type.String({ description: 'Pengenal tetap tenggat' }),
    kind: Type.Unsafe<string>({ type: 'string', enum: [...DEADLINE_KINDS] }),
    kindLabel: Type.String(),
    subject: Type.String({ description: 'Uraian kewajiban' }),
    agency: Type.Object({ code: Type.String(), name: Type.String() }),
    agreementNumber: Type.Union([Type.String(), Type.Null()], {
      description: 'Nomor PKS Dukcapil; null untuk pemberitahuan perubahan pejabat',
    }),
    dueOn: Type.String({ format: 'date', description: 'Batas waktu (YYYY-MM-DD)' }),
    daysLeft: Type.Integer({ description: 'Hari menuju batas waktu; negatif bila telah lewat' }),
    status: Type.Unsafe<string>({ type: 'string', enum: [...DEADLINE_STATUSES] }),
    statusLabel: Type.String(),
    fulfilment: Type.Union([
      Type.Object({
        receivedOn: Type.String({ format: 'date' }),
        late: Type.Boolean({ description: 'Diterima setelah batas waktu' }),
        reference: Type.String(),
      }),
      Type.Null(),
    ]),
  },
  { description: 'Satu tenggat kewajiban PKS' },
);

const Counts = Type.Object({
  TERLAMBAT: Type.Integer(),
  SEGERA: Type.Integer(),
  AKAN_DATANG: Type.Integer(),
  TERPENUHI: Type.Integer(),
});

function item(d: DeadlineView): Static<typeof DeadlineItem> {
  return {
    key: d.key,
    kind: d.kind,
    kindLabel: DEADLINE_KIND_LABELS[d.kind],
    subject: deadlineSubject(d),
    agency: { code: d.agency.code, name: d.agency.name },
    agreementNumber: d.agreementNumber,
    dueOn: d.dueOn,
    daysLeft: d.daysLeft,
    status: d.status,
    statusLabel: DEADLINE_STATUS_LABELS[d.status],
    fulfilment: d.fulfilment
      ? { receivedOn: d.fulfilment.on, late: d.fulfilment.late, reference: d.fulfilment.reference }
      : null,
  };
}

const counts = (c: StatusCounts) => ({ ...c });

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
  if (!bytes) throw new RuleViolation('contentBase64 bukan base64 yang sah');
  return { fileName: file.name, bytes };
}

function actorOf(user: SessionUser): DeadlineActor {
  return { id: user.id, userId: user.userId, role: user.role, agencyId: user.agencyId };
}

/** Refusals of the use cases as JSON: 422 for rules, 404 for what the caller may not see. */
async function answer(reply: FastifyReply, run: () => Promise<{ id: number; message: string }>) {
  try {
    const { id, message } = await run();
    return reply.code(201).send({ code: 'TERCATAT', message, id });
  } catch (error) {
    if (error instanceof RuleViolation) {
      return reply.code(422).send({ code: 'DITOLAK', message: error.message });
    }
    if (error instanceof NotFound) {
      return reply.code(404).send({ code: 'TIDAK_DITEMUKAN', message: error.message });
    }
    throw error;
  }
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
 * The deadlines of the JSON API: Dukcapil's list of every agency (/api/v1/admin/tenggat) and
 * the head's own (/api/v1/instansi/tenggat), each with the fulfilment uploads. The same use
 * cases as the portal pages.
 */
export const deadlinesApiRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['Tenggat'];

    /** The head acting on their own agency, or undefined after the refusal was sent. */
    async function headCaller(
      request: Parameters<typeof apiCaller>[1],
      reply: FastifyReply,
      permission: 'deadline.viewOwn' | 'deadline.record',
    ) {
      const user = await apiCaller(deps, request, reply, permission);
      if (!user) return undefined;
      if (user.agencyId === null || !can(user.role, 'deadline.viewOwn')) {
        await reply.code(403).send({ code: 'TIDAK_BERWENANG', message: FORBIDDEN_MESSAGE });
        return undefined;
      }
      return user as SessionUser & { agencyId: number };
    }

    /** A Dukcapil admin acting on the agency of the path, or undefined after the refusal. */
    async function adminCaller(
      request: Parameters<typeof apiCaller>[1] & { params: { kode: string } },
      reply: FastifyReply,
    ) {
      const user = await apiCaller(deps, request, reply, 'deadline.viewAll');
      if (!user) return undefined;
      if (!can(user.role, 'deadline.record')) {
        await reply.code(403).send({ code: 'TIDAK_BERWENANG', message: FORBIDDEN_MESSAGE });
        return undefined;
      }
      const agency = await findAgencyByCodeForDeadlines(deps, request.params.kode);
      if (!agency) {
        await reply
          .code(404)
          .send({ code: 'TIDAK_DITEMUKAN', message: 'Instansi tidak ditemukan' });
        return undefined;
      }
      return { user, agencyId: agency.id };
    }

    api.get(
      '/api/v1/admin/tenggat',
      {
        schema: {
          summary: 'Daftar tenggat kewajiban seluruh instansi (Dukcapil)',
          description:
            'Tenggat dihitung saat ini dari PKS yang berlaku, kalender hari libur dan pemenuhan yang tercatat. ' +
            'Diurutkan: terlambat, segera jatuh tempo (≤ 30 hari), akan datang, terpenuhi. 25 per halaman.',
          tags,
          security: bearerSecurity,
          querystring: Type.Object({
            status: Type.Optional(
              Type.Unsafe<string>({ type: 'string', enum: [...STATUS_FILTERS] }),
            ),
            jenis: Type.Optional(Type.Unsafe<string>({ type: 'string', enum: [...KIND_FILTERS] })),
            instansi: Type.Optional(Type.String({ maxLength: 20, description: 'Kode instansi' })),
            halaman: Type.Optional(
              Type.String({ pattern: '^[0-9]{1,6}$', description: 'Nomor halaman, mulai 1' }),
            ),
          }),
          response: {
            200: Type.Object({
              today: Type.String({ format: 'date' }),
              page: Type.Integer(),
              pages: Type.Integer(),
              total: Type.Integer(),
              counts: Counts,
              data: Type.Array(DeadlineItem),
            }),
            401: ErrorBody,
            403: ErrorBody,
          },
        },
      },
      async (request, reply) => {
        const user = await apiCaller(deps, request, reply, 'deadline.viewAll');
        if (!user) return reply;
        const view = await deadlinesPage(
          deps,
          actorOf(user),
          parseDeadlineFilter({
            status: request.query.status,
            kind: request.query.jenis,
            agency: request.query.instansi,
            page: request.query.halaman,
          }),
        );
        return {
          today: view.today,
          page: view.filter.page,
          pages: view.pages,
          total: view.total,
          counts: counts(view.counts),
          data: view.rows.map(item),
        };
      },
    );

    const AgencyList = Type.Object({
      today: Type.String({ format: 'date' }),
      agency: Type.Object({ code: Type.String(), name: Type.String() }),
      agreement: Type.Union([
        Type.Object({
          number: Type.String(),
          signedOn: Type.String({ format: 'date' }),
          endsOn: Type.String({ format: 'date' }),
        }),
        Type.Null(),
      ]),
      counts: Counts,
      openChanges: Type.Array(
        Type.Object({
          id: Type.Integer(),
          changedOn: Type.String({ format: 'date' }),
          description: Type.String(),
        }),
        { description: 'Perubahan pejabat yang dicatat Dukcapil dan menunggu surat pemberitahuan' },
      ),
      data: Type.Array(DeadlineItem),
    });

    api.get(
      '/api/v1/instansi/tenggat',
      {
        schema: {
          summary: 'Tenggat kewajiban PKS instansi sendiri (Kepala Instansi)',
          tags,
          security: bearerSecurity,
          response: { 200: AgencyList, 401: ErrorBody, 403: ErrorBody },
        },
      },
      async (request, reply) => {
        const user = await headCaller(request, reply, 'deadline.viewOwn');
        if (!user) return reply;
        const view = await agencyDeadlines(deps, actorOf(user), user.agencyId);
        return {
          today: view.today,
          agency: { code: view.agency.code, name: view.agency.name },
          agreement: view.agreement
            ? {
                number: view.agreement.nomorDukcapil,
                signedOn: view.agreement.signedOn,
                endsOn: view.agreement.endsOn,
              }
            : null,
          counts: counts(view.counts),
          openChanges: [...view.openChanges],
          data: view.deadlines.map(item),
        };
      },
    );

    const uploadNote = `Berkas dikirim sebagai base64 dalam JSON; PDF, PNG atau JPEG menurut isinya, paling besar ${MAX_MB} MB.`;

    // ---- the head's own agency

    api.post(
      '/api/v1/instansi/tenggat/sertifikat-iso',
      {
        bodyLimit: UPLOAD_BODY_LIMIT,
        schema: {
          summary: 'Mengunggah sertifikat ISO/IEC 27001 instansi sendiri',
          description: uploadNote,
          tags,
          security: bearerSecurity,
          body: IsoBody,
          response: recordResponses,
        },
      },
      async (request, reply) => {
        const user = await headCaller(request, reply, 'deadline.record');
        if (!user) return reply;
        return answer(reply, async () => {
          const result = await recordIsoCertificate(deps, actorOf(user), user.agencyId, {
            ...request.body,
            file: uploaded(request.body.file),
          });
          return { id: result.id, message: 'Sertifikat ISO/IEC 27001 telah dicatat' };
        });
      },
    );

    api.post(
      '/api/v1/instansi/tenggat/laporan-semester',
      {
        bodyLimit: UPLOAD_BODY_LIMIT,
        schema: {
          summary: 'Mengirim laporan semester penggunaan data instansi sendiri',
          description: uploadNote,
          tags,
          security: bearerSecurity,
          body: ReportBody,
          response: recordResponses,
        },
      },
      async (request, reply) => {
        const user = await headCaller(request, reply, 'deadline.record');
        if (!user) return reply;
        return answer(reply, async () => {
          const result = await recordSemesterReport(deps, actorOf(user), user.agencyId, {
            period: request.body.period,
            file: uploaded(request.body.file),
          });
          return { id: result.id, message: 'Laporan semester telah diterima' };
        });
      },
    );

    api.post(
      '/api/v1/instansi/tenggat/perubahan-pejabat',
      {
        bodyLimit: UPLOAD_BODY_LIMIT,
        schema: {
          summary: 'Memberitahukan perubahan pejabat atau struktur instansi sendiri',
          description: `${uploadNote} Surat pemberitahuan wajib dilampirkan.`,
          tags,
          security: bearerSecurity,
          body: ChangeBody,
          response: recordResponses,
        },
      },
      async (request, reply) => {
        const user = await headCaller(request, reply, 'deadline.record');
        if (!user) return reply;
        return answer(reply, async () => {
          const result = await recordOfficialsChange(deps, actorOf(user), user.agencyId, {
            changedOn: request.body.changedOn,
            description: request.body.description,
            file: uploaded(request.body.file),
          });
          return { id: result.id, message: 'Perubahan pejabat atau struktur telah dicatat' };
        });
      },
    );

    api.post(
      '/api/v1/instansi/tenggat/perubahan-pejabat/:id/pemberitahuan',
      {
        bodyLimit: UPLOAD_BODY_LIMIT,
        schema: {
          summary: 'Mengirim surat pemberitahuan untuk perubahan yang dicatat Dukcapil',
          description: uploadNote,
          tags,
          security: bearerSecurity,
          params: Type.Object({ id: IdParam }),
          body: NoticeBody,
          response: recordResponses,
        },
      },
      async (request, reply) => {
        const user = await headCaller(request, reply, 'deadline.record');
        if (!user) return reply;
        return answer(reply, async () => {
          await fileOfficialsNotice(deps, actorOf(user), user.agencyId, {
            changeId: Number(request.params.id),
            file: uploaded(request.body.file),
          });
          return { id: Number(request.params.id), message: 'Surat pemberitahuan telah diterima' };
        });
      },
    );

    // ---- Dukcapil admin, on an agency's behalf

    const KodeParams = Type.Object({
      kode: Type.String({ pattern: '^[A-Za-z0-9_]{2,20}$', description: 'Kode instansi' }),
    });

    api.post(
      '/api/v1/admin/tenggat/:kode/sertifikat-iso',
      {
        bodyLimit: UPLOAD_BODY_LIMIT,
        schema: {
          summary: 'Mencatat sertifikat ISO/IEC 27001 suatu instansi (Admin Dukcapil)',
          description: uploadNote,
          tags,
          security: bearerSecurity,
          params: KodeParams,
          body: IsoBody,
          response: recordResponses,
        },
      },
      async (request, reply) => {
        const caller = await adminCaller(request, reply);
        if (!caller) return reply;
        return answer(reply, async () => {
          const result = await recordIsoCertificate(deps, actorOf(caller.user), caller.agencyId, {
            ...request.body,
            file: uploaded(request.body.file),
          });
          return { id: result.id, message: 'Sertifikat ISO/IEC 27001 telah dicatat' };
        });
      },
    );

    api.post(
      '/api/v1/admin/tenggat/:kode/laporan-semester',
      {
        bodyLimit: UPLOAD_BODY_LIMIT,
        schema: {
          summary: 'Mencatat laporan semester suatu instansi (Admin Dukcapil)',
          description: uploadNote,
          tags,
          security: bearerSecurity,
          params: KodeParams,
          body: ReportBody,
          response: recordResponses,
        },
      },
      async (request, reply) => {
        const caller = await adminCaller(request, reply);
        if (!caller) return reply;
        return answer(reply, async () => {
          const result = await recordSemesterReport(deps, actorOf(caller.user), caller.agencyId, {
            period: request.body.period,
            file: uploaded(request.body.file),
          });
          return { id: result.id, message: 'Laporan semester telah diterima' };
        });
      },
    );

    api.post(
      '/api/v1/admin/tenggat/:kode/perubahan-pejabat',
      {
        bodyLimit: UPLOAD_BODY_LIMIT,
        schema: {
          summary: 'Mencatat perubahan pejabat atau struktur suatu instansi (Admin Dukcapil)',
          description:
            `${uploadNote} Tanpa berkas, perubahan dicatat sebagai diketahui Dukcapil dan ` +
            'instansi wajib mengirim surat pemberitahuannya.',
          tags,
          security: bearerSecurity,
          params: KodeParams,
          body: ChangeBody,
          response: recordResponses,
        },
      },
      async (request, reply) => {
        const caller = await adminCaller(request, reply);
        if (!caller) return reply;
        return answer(reply, async () => {
          const result = await recordOfficialsChange(deps, actorOf(caller.user), caller.agencyId, {
            changedOn: request.body.changedOn,
            description: request.body.description,
            file: uploaded(request.body.file),
          });
          return { id: result.id, message: 'Perubahan pejabat atau struktur telah dicatat' };
        });
      },
    );

    api.post(
      '/api/v1/admin/tenggat/:kode/perubahan-pejabat/:id/pemberitahuan',
      {
        bodyLimit: UPLOAD_BODY_LIMIT,
        schema: {
          summary: 'Mencatat surat pemberitahuan perubahan suatu instansi (Admin Dukcapil)',
          description: uploadNote,
          tags,
          security: bearerSecurity,
          params: Type.Object({
            kode: KodeParams.properties.kode,
            id: IdParam,
          }),
          body: NoticeBody,
          response: recordResponses,
        },
      },
      async (request, reply) => {
        const caller = await adminCaller(request, reply);
        if (!caller) return reply;
        return answer(reply, async () => {
          await fileOfficialsNotice(deps, actorOf(caller.user), caller.agencyId, {
            changeId: Number(request.params.id),
            file: uploaded(request.body.file),
          });
          return { id: Number(request.params.id), message: 'Surat pemberitahuan telah diterima' };
        });
      },
    );
  };
