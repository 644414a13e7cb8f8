import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static, type TObject } from 'typebox';
import { DOCUMENT_MAX_BYTES } from '../../domain/documents.js';
import { can, type Permission } from '../../domain/permissions.js';
import { Refusal } from '../../domain/refusals.js';
import {
  agencyDeadlines,
  findAgencyByCodeForDeadlines,
} from '../../services/deadlines/agency-deadlines.js';
import { deadlineDocument } from '../../services/deadlines/deadline-documents.js';
import type { UploadedFile } from '../../services/deadlines/deadline-scan.js';
import {
  recordIsoCertificate,
  recordSemesterReport,
} from '../../services/deadlines/fulfilments.js';
import {
  fileOfficialsNotice,
  recordOfficialsChange,
} from '../../services/deadlines/officials-changes.js';
import { reminderEmailOf, setReminderEmail } from '../../services/deadlines/reminder-address.js';
import type { PortalUser } from '../../services/account/portal-session.js';
import type { Deps } from '../../services/deps.js';
import { Confirmation } from '../kit/confirm-box.js';
import { downloadHeaders } from '../kit/download.js';
import { acceptForms, readForm, type PostedFile } from '../kit/form-reader.js';
import { sendPage } from '../kit/guards.js';
import { page } from '../kit/layout.js';
import { portalUserOf } from '../kit/portal-caller.js';
import { agencyDeadlinesBody, type FormName, type FormProblem } from './agency-views.js';
import { AGENCY_BASE, agencyPagePath, DUKCAPIL_BASE } from './paths.js';

const TITLE = 'Tenggat';

/*
 * The forms' bodies. Dates, the period and the scan are checked again by the use cases,
 * which the JSON API shares: the schemas say what a form must hold to be read at all.
 */
const IsoForm = Type.Object({
  nomor: Type.String({ maxLength: 100 }),
  tanggalTerbit: Type.String({ format: 'date' }),
  tanggalBerakhir: Type.String({ format: 'date' }),
  konfirmasi: Confirmation,
});
const ReportForm = Type.Object({
  periode: Type.String({ maxLength: 7 }),
  konfirmasi: Confirmation,
});
const ChangeForm = Type.Object({
  tanggalPerubahan: Type.String({ format: 'date' }),
  uraian: Type.String({ maxLength: 1000 }),
  konfirmasi: Confirmation,
});
const NoticeForm = Type.Object({ konfirmasi: Confirmation });
/** Empty removes the address. */
const EmailForm = Type.Object({ surel: Type.Optional(Type.String({ maxLength: 200 })) });

const LABELS: Readonly<Record<string, string>> = {
  nomor: 'Nomor sertifikat',
  tanggalTerbit: 'Tanggal terbit',
  tanggalBerakhir: 'Tanggal berlaku sampai',
  periode: 'Periode',
  tanggalPerubahan: 'Tanggal perubahan',
  uraian: 'Uraian perubahan',
  surel: 'Alamat surel',
};

/** The scan's one input. Whether it is required, and what it is, the use case says. */
const SCAN_FILES = { berkas: { label: 'Pindaian' } } as const;

function scanOf(files: readonly PostedFile[]): UploadedFile | undefined {
  const file = files.find((f) => f.field === 'berkas');
  return file ? { fileName: file.fileName, bytes: file.content } : undefined;
}

const codeParams = {
  type: 'object',
  properties: { kode: { type: 'string', pattern: '^[A-Za-z0-9_]{2,20}$' } },
  required: ['kode'],
} as const;

const idParams = {
  type: 'object',
  properties: { id: { type: 'string', pattern: '^[0-9]{1,9}$' } },
  required: ['id'],
} as const;

const resultQuery = {
  type: 'object',
  properties: { hasil: { type: 'string', maxLength: 20 } },
} as const;

/**
 * One agency's deadline page and the forms that fulfil its duties: the agency head's
 * /instansi/tenggat, and Dukcapil's /dukcapil/tenggat/instansi/:kode where the admin records
 * on the agency's behalf; the scans handed in, for download.
 */
export const agencyDeadlineRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    // One byte over the limit still reaches the use case, whose scan check names the limit in
    // the words the JSON API uses too; anything larger is cut by the reader and refused here.
    const formHooks = await acceptForms(app, {
      maxFileBytes: DOCUMENT_MAX_BYTES + 1,
      maxFiles: 1,
      maxFields: 10,
    });

    async function showAgency(
      request: FastifyRequest,
      reply: FastifyReply,
      agencyId: number,
      options: { status?: number; problem?: FormProblem; result?: string | undefined } = {},
    ) {
      const user = portalUserOf(request);
      const asDukcapil = can(user.role, 'deadline.viewAll');
      const view = await agencyDeadlines(deps, user, agencyId);
      const csrfToken = reply.generateCsrf();
      const body = agencyDeadlinesBody({
        base: asDukcapil ? agencyPagePath(view.agency.code) : AGENCY_BASE,
        documentBase: `${asDukcapil ? DUKCAPIL_BASE : AGENCY_BASE}/berkas`,
        csrfToken,
        view,
        asDukcapil,
        canRecord: can(user.role, asDukcapil ? 'deadline.recordForAgency' : 'deadline.recordOwn'),
        canManageCalendar: can(user.role, 'holiday.manage'),
        result: options.result,
        problem: options.problem,
        ...(asDukcapil ? {} : { reminderEmail: await reminderEmailOf(deps, user) }),
      });
      return sendPage(
        reply,
        options.status ?? 200,
        page({ title: asDukcapil ? `${TITLE} ${view.agency.code}` : TITLE, user, csrfToken, body }),
      );
    }

    /** The fulfilment routes, once under the head's base and once under Dukcapil's. */
    function fulfilmentRoutes(
      base: string,
      permission: Permission,
      targetOf: (request: FastifyRequest) => Promise<{ agencyId: number; back: string }>,
      schemaExtra: Record<string, unknown>,
    ) {
      /**
       * One recording form's route: success → back to the page with a message; a form that
       * cannot be read, or that the use case refuses → the page again with the problems, the
       * form open and holding what was typed.
       */
      function recording<S extends TObject>(
        path: string,
        summary: string,
        form: {
          readonly schema: S;
          readonly result: string;
          readonly name: (request: FastifyRequest) => FormName;
        },
        run: (fulfilment: {
          readonly user: PortalUser;
          readonly agencyId: number;
          readonly value: Static<S>;
          readonly scan: UploadedFile | undefined;
          readonly request: FastifyRequest;
        }) => Promise<unknown>,
      ) {
        app.post(
          `${base}${path}`,
          {
            config: { permission },
            preValidation: formHooks,
            schema: { tags: ['Portal'], summary, ...schemaExtra },
          },
          async (request, reply) => {
            const user = portalUserOf(request);
            const { agencyId, back } = await targetOf(request);
            const posted = readForm(request, form.schema, { labels: LABELS, files: SCAN_FILES });
            const again = (status: number, errors: FormProblem['errors']) =>
              showAgency(request, reply, agencyId, {
                status,
                problem: { form: form.name(request), values: posted.values, errors },
              });
            if (!posted.ok) return again(posted.status, posted.errors);
            try {
              await run({
                user,
                agencyId,
                value: posted.value,
                scan: scanOf(posted.files),
                request,
              });
            } catch (error) {
              if (!(error instanceof Refusal) || error.code !== 'DITOLAK') throw error;
              return again(400, [{ field: '', message: error.message }]);
            }
            return reply.redirect(`${back}?hasil=${form.result}`, 303);
          },
        );
      }

      recording(
        '/sertifikat-iso',
        'Unggah sertifikat ISO/IEC 27001 (multipart, CSRF, konfirmasi)',
        { schema: IsoForm, result: 'iso', name: () => 'iso' },
        ({ user, agencyId, value, scan }) =>
          recordIsoCertificate(deps, user, agencyId, {
            number: value.nomor,
            issuedOn: value.tanggalTerbit,
            expiresOn: value.tanggalBerakhir,
            file: scan,
          }),
      );

      recording(
        '/laporan-semester',
        'Kirim laporan semester penggunaan data (multipart, CSRF, konfirmasi)',
        { schema: ReportForm, result: 'laporan', name: () => 'laporan' },
        ({ user, agencyId, value, scan }) =>
          recordSemesterReport(deps, user, agencyId, { period: value.periode, file: scan }),
      );

      recording(
        '/perubahan-pejabat',
        'Pemberitahuan perubahan pejabat atau struktur instansi (multipart, CSRF)',
        { schema: ChangeForm, result: 'pejabat', name: () => 'pejabat' },
        ({ user, agencyId, value, scan }) =>
          recordOfficialsChange(deps, user, agencyId, {
            changedOn: value.tanggalPerubahan,
            description: value.uraian,
            file: scan,
          }),
      );

      const changeIdOf = (request: FastifyRequest) => Number((request.params as { id: string }).id);
      recording(
        '/perubahan-pejabat/:id',
        'Surat pemberitahuan untuk perubahan yang dicatat Dukcapil (multipart, CSRF)',
        {
          schema: NoticeForm,
          result: 'pemberitahuan',
          name: (request) => `pemberitahuan-${changeIdOf(request)}`,
        },
        ({ user, agencyId, scan, request }) =>
          fileOfficialsNotice(deps, user, agencyId, { changeId: changeIdOf(request), file: scan }),
      );
    }

    async function sendDocument(
      request: FastifyRequest<{ Params: { id: string } }>,
      reply: FastifyReply,
    ) {
      const file = await deadlineDocument(deps, portalUserOf(request), Number(request.params.id));
      return downloadHeaders(reply, { filename: file.fileName, type: file.contentType }).send(
        file.content,
      );
    }

    // -------------------------------------------------------------------------------------
    // Agency head

    /** The head's own agency; agency roles always have one. */
    const ownAgency = async (request: FastifyRequest) => {
      const agencyId = portalUserOf(request).agencyId;
      if (agencyId === null) throw new Refusal('TIDAK_DITEMUKAN', 'Instansi tidak ditemukan');
      return { agencyId, back: AGENCY_BASE };
    };

    app.get<{ Querystring: { hasil?: string } }>(
      AGENCY_BASE,
      {
        config: { permission: 'deadline.viewOwn' },
        schema: {
          tags: ['Portal'],
          summary: 'Tenggat kewajiban PKS instansi sendiri, dengan formulir pemenuhannya',
          querystring: resultQuery,
        },
      },
      async (request, reply) => {
        const agencyId = portalUserOf(request).agencyId;
        if (agencyId === null) return reply.redirect('/', 303);
        return showAgency(request, reply, agencyId, { result: request.query.hasil });
      },
    );

    fulfilmentRoutes(AGENCY_BASE, 'deadline.recordOwn', ownAgency, {});

    app.post(
      `${AGENCY_BASE}/surel`,
      {
        config: { permission: 'deadline.viewOwn' },
        preValidation: formHooks,
        schema: {
          tags: ['Portal'],
          summary: 'Alamat surel kepala instansi untuk pengingat tenggat',
        },
      },
      async (request, reply) => {
        const user = portalUserOf(request);
        const { agencyId } = await ownAgency(request);
        const problem = (errors: FormProblem['errors'], values: FormProblem['values']) =>
          showAgency(request, reply, agencyId, {
            status: 400,
            problem: { form: 'surel', values, errors },
          });
        const posted = readForm(request, EmailForm, { labels: LABELS });
        if (!posted.ok) return problem(posted.errors, posted.values);
        try {
          await setReminderEmail(deps, user, posted.value.surel ?? '');
        } catch (error) {
          if (!(error instanceof Refusal) || error.code !== 'DITOLAK') throw error;
          return problem([{ field: 'surel', message: error.message }], posted.values);
        }
        return reply.redirect(`${AGENCY_BASE}?hasil=surel#surel`, 303);
      },
    );

    app.get<{ Params: { id: string } }>(
      `${AGENCY_BASE}/berkas/:id`,
      {
        config: { permission: 'deadline.viewOwn' },
        schema: {
          tags: ['Portal'],
          summary: 'Unduh berkas pemenuhan tenggat instansi sendiri',
          params: idParams,
        },
      },
      sendDocument,
    );

    // -------------------------------------------------------------------------------------
    // Dukcapil, one agency

    const agencyFromPath = async (request: FastifyRequest) => {
      const code = (request.params as { kode?: string }).kode ?? '';
      const agency = await findAgencyByCodeForDeadlines(deps, code);
      if (!agency) throw new Refusal('TIDAK_DITEMUKAN', 'Instansi tidak ditemukan');
      return { agencyId: agency.id, back: agencyPagePath(agency.code) };
    };

    app.get<{ Params: { kode: string }; Querystring: { hasil?: string } }>(
      `${DUKCAPIL_BASE}/instansi/:kode`,
      {
        config: { permission: 'deadline.viewAll' },
        schema: {
          tags: ['Portal'],
          summary: 'Tenggat kewajiban satu instansi (Dukcapil); Admin mencatat pemenuhannya',
          params: codeParams,
          querystring: resultQuery,
        },
      },
      async (request, reply) => {
        const { agencyId } = await agencyFromPath(request);
        return showAgency(request, reply, agencyId, { result: request.query.hasil });
      },
    );

    fulfilmentRoutes(
      `${DUKCAPIL_BASE}/instansi/:kode`,
      'deadline.recordForAgency',
      agencyFromPath,
      {
        params: codeParams,
      },
    );

    app.get<{ Params: { id: string } }>(
      `${DUKCAPIL_BASE}/berkas/:id`,
      {
        config: { permission: 'deadline.viewAll' },
        schema: {
          tags: ['Portal'],
          summary: 'Unduh berkas pemenuhan tenggat instansi mana pun (Dukcapil)',
          params: idParams,
        },
      },
      sendDocument,
    );
  };
