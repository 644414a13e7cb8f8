import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { DOCUMENT_MAX_BYTES } from '../../domain/documents.js';
import { can } from '../../domain/permissions.js';
import {
  agencyDeadlines,
  deadlineDocument,
  deadlinesPage,
  fileOfficialsNotice,
  findAgencyByCodeForDeadlines,
  parseDeadlineFilter,
  recordIsoCertificate,
  recordOfficialsChange,
  recordSemesterReport,
  reminderEmailOf,
  setReminderEmail,
  type DeadlineActor,
} from '../../services/deadlines/deadlines.js';
import type { UploadedFile } from '../../services/deadlines/deadline-scan.js';
import type { Deps } from '../../services/deps.js';
import { NotFound, RuleViolation } from '../../services/errors.js';
import {
  addHoliday,
  findHolidayOn,
  holidaysForYear,
  importHolidays,
  removeHoliday,
} from '../../services/deadlines/holidays.js';
import type { PortalUser } from '../../services/account/portal-session.js';
import {
  AGENCY_BASE,
  agencyDeadlinesBody,
  agencyPagePath,
  CALENDAR_PATH,
  calendarBody,
  deadlineOverviewBody,
  DUKCAPIL_BASE,
  notFoundBody,
  removeHolidayBody,
  type FormName,
  type FormState,
} from './views.js';
import { portalGuards, sendPage } from '../kit/guards.js';
import { page } from '../kit/layout.js';
import { contentDisposition } from '../kit/content-disposition.js';
import { acceptPostedForms, field, type PostedForm } from '../kit/multipart-form.js';

const TITLE = 'Tenggat';
const CALENDAR_TITLE = 'Kalender hari libur';
/** A holiday CSV is a few kilobytes; anything near this is not one. */
const MAX_CSV_BYTES = 256 * 1024;

type Guard = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

function actorOf(user: PortalUser): DeadlineActor {
  return { id: user.id, userId: user.userId, role: user.role, agencyId: user.agencyId };
}

function fileOf(form: PostedForm): UploadedFile | undefined {
  const file = form.files.find((f) => f.field === 'berkas');
  return file ? { fileName: file.fileName, bytes: file.content } : undefined;
}

function confirmed(form: PostedForm): boolean {
  return field(form, 'konfirmasi') === 'ya';
}

const NOT_CONFIRMED = 'Centang pernyataan konfirmasi sebelum menyimpan.';

const codeParams = {
  type: 'object',
  properties: { kode: { type: 'string', pattern: '^[A-Za-z0-9_]{2,20}$' } },
  required: ['kode'],
} as const;

const overviewQuery = {
  type: 'object',
  properties: {
    status: {
      type: 'string',
      maxLength: 20,
      description: 'SEMUA | BELUM_TERPENUHI | TERLAMBAT | SEGERA | AKAN_DATANG | TERPENUHI',
    },
    jenis: {
      type: 'string',
      maxLength: 30,
      description: 'SEMUA | PERPANJANGAN | SERTIFIKAT_ISO | LAPORAN_SEMESTER | PERUBAHAN_PEJABAT',
    },
    instansi: { type: 'string', maxLength: 20, description: 'Kode instansi' },
    halaman: { type: 'string', maxLength: 6, description: 'Nomor halaman, mulai 1' },
  },
} as const;

interface OverviewQuery {
  status?: string;
  jenis?: string;
  instansi?: string;
  halaman?: string;
}

/**
 * The deadline pages: the agency head's /instansi/tenggat, Dukcapil's /dukcapil/tenggat
 * (every agency, one page per agency where the admin can record on the agency's behalf) and
 * the holiday calendar under /dukcapil/tenggat/libur.
 */
export const deadlineRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const checkedForm = await acceptPostedForms(app, {
      maxFileBytes: DOCUMENT_MAX_BYTES,
      files: 1,
      fields: 10,
      parts: 12,
    });
    const { requirePermission } = portalGuards(deps);
    const head = requirePermission('deadline.viewOwn');
    const dukcapil = requirePermission('deadline.viewAll');
    const calendarAdmin = requirePermission('holiday.manage');
    // Dukcapil's recording on an agency's behalf: an admin (viewAll + record).
    const dukcapilRecorder = async (request: FastifyRequest, reply: FastifyReply) => {
      await dukcapil(request, reply);
      if (reply.sent) return;
      const user = request.portalUser!;
      if (!can(user.role, 'deadline.record')) return reply.redirect(DUKCAPIL_BASE, 303);
    };
    const headRecorder = async (request: FastifyRequest, reply: FastifyReply) => {
      await head(request, reply);
      if (reply.sent) return;
      if (!can(request.portalUser!.role, 'deadline.record')) {
        return reply.redirect(AGENCY_BASE, 303);
      }
    };

    function notFound(reply: FastifyReply, user: PortalUser, back: string, message: string) {
      const csrfToken = reply.generateCsrf();
      return sendPage(
        reply,
        404,
        page({ title: TITLE, user, csrfToken, body: notFoundBody(back, message) }),
      );
    }

    async function showAgency(
      request: FastifyRequest,
      reply: FastifyReply,
      agencyId: number,
      options: { status?: number; state?: FormState; result?: string | undefined } = {},
    ) {
      const user = request.portalUser!;
      const actor = actorOf(user);
      const asDukcapil = can(user.role, 'deadline.viewAll');
      const view = await agencyDeadlines(deps, actor, agencyId);
      const base = asDukcapil ? agencyPagePath(view.agency.code) : AGENCY_BASE;
      const csrfToken = reply.generateCsrf();
      const body = agencyDeadlinesBody({
        base,
        documentBase: `${asDukcapil ? DUKCAPIL_BASE : AGENCY_BASE}/berkas`,
        csrfToken,
        view,
        asDukcapil,
        canRecord: can(user.role, 'deadline.record'),
        canManageCalendar: can(user.role, 'holiday.manage'),
        result: options.result,
        state: options.state,
        ...(asDukcapil ? {} : { reminderEmail: await reminderEmailOf(deps, actor) }),
      });
      return sendPage(
        reply,
        options.status ?? 200,
        page({ title: asDukcapil ? `${TITLE} ${view.agency.code}` : TITLE, user, csrfToken, body }),
      );
    }

    /**
     * Runs a recording use case from a posted form: success → back to the page with a
     * message; a refused input → the page again with the problem next to its form.
     */
    async function record(
      request: FastifyRequest,
      reply: FastifyReply,
      agencyId: number,
      back: string,
      form: FormName,
      result: string,
      run: (actor: DeadlineActor, posted: PostedForm) => Promise<unknown>,
    ) {
      const posted = request.body as PostedForm;
      const values = Object.fromEntries(
        Object.entries(posted.fields)
          .filter(([name]) => name !== '_csrf')
          .map(([name, value]) => [name, Array.isArray(value) ? (value[0] ?? '') : value]),
      );
      const user = request.portalUser!;
      try {
        if (!confirmed(posted)) throw new RuleViolation(NOT_CONFIRMED);
        await run(actorOf(user), posted);
      } catch (error) {
        if (error instanceof RuleViolation) {
          return showAgency(request, reply, agencyId, {
            status: 400,
            state: { form, problem: error.message, values },
          });
        }
        throw error;
      }
      return reply.redirect(`${back}?hasil=${result}`, 303);
    }

    /** The fulfilment routes, once under the head's base and once under Dukcapil's. */
    function fulfilmentRoutes(
      base: string,
      guard: Guard,
      agencyOf: (request: FastifyRequest) => Promise<number | undefined>,
      backOf: (request: FastifyRequest) => string,
      schemaExtra: Record<string, unknown>,
    ) {
      const withAgency =
        (
          handler: (
            request: FastifyRequest,
            reply: FastifyReply,
            agencyId: number,
          ) => Promise<unknown>,
        ) =>
        async (request: FastifyRequest, reply: FastifyReply) => {
          const agencyId = await agencyOf(request);
          if (agencyId === undefined) {
            return notFound(reply, request.portalUser!, DUKCAPIL_BASE, 'Instansi tidak ditemukan');
          }
          return handler(request, reply, agencyId);
        };

      app.post(
        `${base}/sertifikat-iso`,
        {
          preValidation: checkedForm,
          preHandler: guard,
          schema: {
            tags: ['Portal'],
            summary: 'Unggah sertifikat ISO/IEC 27001 (multipart, CSRF, konfirmasi)',
            ...schemaExtra,
          },
        },
        withAgency((request, reply, agencyId) =>
          record(request, reply, agencyId, backOf(request), 'iso', 'iso', (actor, posted) =>
            recordIsoCertificate(deps, actor, agencyId, {
              number: field(posted, 'nomor'),
              issuedOn: field(posted, 'tanggalTerbit'),
              expiresOn: field(posted, 'tanggalBerakhir'),
              file: fileOf(posted),
            }),
          ),
        ),
      );

      app.post(
        `${base}/laporan-semester`,
        {
          preValidation: checkedForm,
          preHandler: guard,
          schema: {
            tags: ['Portal'],
            summary: 'Kirim laporan semester penggunaan data (multipart, CSRF, konfirmasi)',
            ...schemaExtra,
          },
        },
        withAgency((request, reply, agencyId) =>
          record(request, reply, agencyId, backOf(request), 'laporan', 'laporan', (actor, posted) =>
            recordSemesterReport(deps, actor, agencyId, {
              period: field(posted, 'periode'),
              file: fileOf(posted),
            }),
          ),
        ),
      );

      app.post(
        `${base}/perubahan-pejabat`,
        {
          preValidation: checkedForm,
          preHandler: guard,
          schema: {
            tags: ['Portal'],
            summary: 'Pemberitahuan perubahan pejabat atau struktur instansi (multipart, CSRF)',
            ...schemaExtra,
          },
        },
        withAgency((request, reply, agencyId) =>
          record(request, reply, agencyId, backOf(request), 'pejabat', 'pejabat', (actor, posted) =>
            recordOfficialsChange(deps, actor, agencyId, {
              changedOn: field(posted, 'tanggalPerubahan'),
              description: field(posted, 'uraian'),
              file: fileOf(posted),
            }),
          ),
        ),
      );

      app.post<{ Params: { id: string } }>(
        `${base}/perubahan-pejabat/:id`,
        {
          preValidation: checkedForm,
          preHandler: guard,
          schema: {
            tags: ['Portal'],
            summary: 'Surat pemberitahuan untuk perubahan yang dicatat Dukcapil (multipart, CSRF)',
            ...schemaExtra,
          },
        },
        withAgency((request, reply, agencyId) => {
          const changeId = Number((request.params as { id: string }).id);
          return record(
            request,
            reply,
            agencyId,
            backOf(request),
            `pemberitahuan-${changeId}`,
            'pemberitahuan',
            (actor, posted) =>
              fileOfficialsNotice(deps, actor, agencyId, { changeId, file: fileOf(posted) }),
          );
        }),
      );
    }

    async function sendDocument(
      request: FastifyRequest<{ Params: { id: string } }>,
      reply: FastifyReply,
      back: string,
    ) {
      const user = request.portalUser!;
      try {
        const file = await deadlineDocument(deps, actorOf(user), Number(request.params.id));
        return reply
          .type(file.contentType)
          .header('content-disposition', contentDisposition(file.fileName))
          .send(file.content);
      } catch (error) {
        if (error instanceof NotFound) return notFound(reply, user, back, error.message);
        throw error;
      }
    }

    const idParams = {
      type: 'object',
      properties: { id: { type: 'string', pattern: '^[0-9]{1,9}$' } },
      required: ['id'],
    } as const;

    // -------------------------------------------------------------------------------------
    // Agency head

    app.get<{ Querystring: { hasil?: string } }>(
      AGENCY_BASE,
      {
        preHandler: head,
        schema: {
          tags: ['Portal'],
          summary: 'Tenggat kewajiban PKS instansi sendiri, dengan formulir pemenuhannya',
          querystring: {
            type: 'object',
            properties: { hasil: { type: 'string', maxLength: 20 } },
          },
        },
      },
      async (request, reply) => {
        const agencyId = request.portalUser!.agencyId;
        if (agencyId === null) return reply.redirect('/', 303);
        return showAgency(request, reply, agencyId, { result: request.query.hasil });
      },
    );

    fulfilmentRoutes(
      AGENCY_BASE,
      headRecorder,
      async (request) => request.portalUser!.agencyId ?? undefined,
      () => AGENCY_BASE,
      {},
    );

    app.post(
      `${AGENCY_BASE}/surel`,
      {
        preValidation: checkedForm,
        preHandler: head,
        schema: {
          tags: ['Portal'],
          summary: 'Alamat surel kepala instansi untuk pengingat tenggat',
        },
      },
      async (request, reply) => {
        const user = request.portalUser!;
        const posted = request.body as PostedForm;
        const email = field(posted, 'surel');
        try {
          await setReminderEmail(deps, actorOf(user), email);
        } catch (error) {
          if (error instanceof RuleViolation && user.agencyId !== null) {
            return showAgency(request, reply, user.agencyId, {
              status: 400,
              state: { form: 'surel', problem: error.message, values: { surel: email } },
            });
          }
          throw error;
        }
        return reply.redirect(`${AGENCY_BASE}?hasil=surel#surel`, 303);
      },
    );

    app.get<{ Params: { id: string } }>(
      `${AGENCY_BASE}/berkas/:id`,
      {
        preHandler: head,
        schema: {
          tags: ['Portal'],
          summary: 'Unduh berkas pemenuhan tenggat instansi sendiri',
          params: idParams,
        },
      },
      async (request, reply) => sendDocument(request, reply, AGENCY_BASE),
    );

    // -------------------------------------------------------------------------------------
    // Dukcapil

    app.get<{ Querystring: OverviewQuery }>(
      DUKCAPIL_BASE,
      {
        preHandler: dukcapil,
        schema: {
          tags: ['Portal'],
          summary: 'Tenggat kewajiban seluruh instansi: ringkasan, saringan, halaman',
          querystring: overviewQuery,
        },
      },
      async (request, reply) => {
        const user = request.portalUser!;
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
        const csrfToken = reply.generateCsrf();
        const body = deadlineOverviewBody({
          view,
          canManageCalendar: can(user.role, 'holiday.manage'),
        });
        return sendPage(reply, 200, page({ title: TITLE, user, csrfToken, body }));
      },
    );

    const agencyFromPath = async (request: FastifyRequest) => {
      const code = (request.params as { kode?: string }).kode ?? '';
      return (await findAgencyByCodeForDeadlines(deps, code))?.id;
    };

    app.get<{ Params: { kode: string }; Querystring: { hasil?: string } }>(
      `${DUKCAPIL_BASE}/instansi/:kode`,
      {
        preHandler: dukcapil,
        schema: {
          tags: ['Portal'],
          summary: 'Tenggat kewajiban satu instansi (Dukcapil); Admin mencatat pemenuhannya',
          params: codeParams,
          querystring: {
            type: 'object',
            properties: { hasil: { type: 'string', maxLength: 20 } },
          },
        },
      },
      async (request, reply) => {
        const agencyId = await agencyFromPath(request);
        if (agencyId === undefined) {
          return notFound(reply, request.portalUser!, DUKCAPIL_BASE, 'Instansi tidak ditemukan');
        }
        return showAgency(request, reply, agencyId, { result: request.query.hasil });
      },
    );

    fulfilmentRoutes(
      `${DUKCAPIL_BASE}/instansi/:kode`,
      dukcapilRecorder,
      agencyFromPath,
      (request) => agencyPagePath((request.params as { kode: string }).kode.toUpperCase()),
      { params: codeParams },
    );

    app.get<{ Params: { id: string } }>(
      `${DUKCAPIL_BASE}/berkas/:id`,
      {
        preHandler: dukcapil,
        schema: {
          tags: ['Portal'],
          summary: 'Unduh berkas pemenuhan tenggat instansi mana pun (Dukcapil)',
          params: idParams,
        },
      },
      async (request, reply) => sendDocument(request, reply, DUKCAPIL_BASE),
    );

    // -------------------------------------------------------------------------------------
    // Holiday calendar

    async function showCalendar(
      request: FastifyRequest,
      reply: FastifyReply,
      year: number | undefined,
      options: {
        status?: number;
        problem?: string;
        values?: Record<string, string>;
        message?: string;
      } = {},
    ) {
      const user = request.portalUser!;
      const view = await holidaysForYear(deps, year);
      const csrfToken = reply.generateCsrf();
      const body = calendarBody({
        view,
        canManage: can(user.role, 'holiday.manage'),
        csrfToken,
        problem: options.problem,
        values: options.values,
        message: options.message,
      });
      return sendPage(
        reply,
        options.status ?? 200,
        page({ title: CALENDAR_TITLE, user, csrfToken, body }),
      );
    }

    const CALENDAR_MESSAGES: Readonly<Record<string, string>> = {
      ADDED: 'Hari libur ditambahkan.',
      UPDATED: 'Hari libur diperbarui.',
      UNCHANGED: 'Hari libur itu sudah tercatat sama; tidak ada yang berubah.',
      dihapus: 'Hari libur dihapus dari kalender.',
      impor: 'Berkas CSV dimuat.',
    };

    app.get<{ Querystring: { tahun?: string; hasil?: string } }>(
      CALENDAR_PATH,
      {
        preHandler: dukcapil,
        schema: {
          tags: ['Portal'],
          summary: 'Kalender hari libur nasional dan cuti bersama (Admin mengubahnya)',
          querystring: {
            type: 'object',
            properties: {
              tahun: { type: 'string', pattern: '^[0-9]{4}$' },
              hasil: { type: 'string', maxLength: 20 },
            },
          },
        },
      },
      async (request, reply) =>
        showCalendar(
          request,
          reply,
          request.query.tahun ? Number(request.query.tahun) : undefined,
          { ...(request.query.hasil ? { message: CALENDAR_MESSAGES[request.query.hasil] } : {}) },
        ),
    );

    app.post(
      CALENDAR_PATH,
      {
        preValidation: checkedForm,
        preHandler: calendarAdmin,
        schema: { tags: ['Portal'], summary: 'Tambah atau perbaiki hari libur (Admin, CSRF)' },
      },
      async (request, reply) => {
        const posted = request.body as PostedForm;
        const values = {
          tanggal: field(posted, 'tanggal'),
          nama: field(posted, 'nama'),
          jenis: field(posted, 'jenis'),
        };
        try {
          const outcome = await addHoliday(
            deps,
            { id: request.portalUser!.id, role: request.portalUser!.role },
            { date: values.tanggal, name: values.nama, kind: values.jenis },
          );
          return reply.redirect(
            `${CALENDAR_PATH}?tahun=${values.tanggal.slice(0, 4)}&hasil=${outcome}`,
            303,
          );
        } catch (error) {
          if (error instanceof RuleViolation) {
            const year = Number(values.tanggal.slice(0, 4));
            return showCalendar(request, reply, Number.isInteger(year) ? year : undefined, {
              status: 400,
              problem: error.message,
              values,
            });
          }
          throw error;
        }
      },
    );

    app.post(
      `${CALENDAR_PATH}/impor`,
      {
        preValidation: checkedForm,
        preHandler: calendarAdmin,
        schema: {
          tags: ['Portal'],
          summary: 'Muat hari libur dari CSV tanggal,nama,jenis (Admin, multipart, CSRF)',
        },
      },
      async (request, reply) => {
        const file = fileOf(request.body as PostedForm);
        try {
          if (!file || file.bytes.length === 0) throw new RuleViolation('Pilih berkas CSV.');
          if (file.bytes.length > MAX_CSV_BYTES) {
            throw new RuleViolation('Berkas CSV terlalu besar untuk kalender hari libur.');
          }
          const outcome = await importHolidays(
            deps,
            { id: request.portalUser!.id, role: request.portalUser!.role },
            file.bytes.toString('utf8'),
            file.fileName,
          );
          return showCalendar(request, reply, undefined, {
            message: `Berkas CSV dimuat: ${outcome.added} ditambahkan, ${outcome.updated} diperbarui, ${outcome.unchanged} tidak berubah.`,
          });
        } catch (error) {
          if (error instanceof RuleViolation) {
            return showCalendar(request, reply, undefined, {
              status: 400,
              problem: error.message,
            });
          }
          throw error;
        }
      },
    );

    const dateParams = {
      type: 'object',
      properties: { tanggal: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' } },
      required: ['tanggal'],
    } as const;

    async function showRemoval(
      request: FastifyRequest<{ Params: { tanggal: string } }>,
      reply: FastifyReply,
      status = 200,
      problem?: string,
    ) {
      const user = request.portalUser!;
      const holiday = await findHolidayOn(deps, request.params.tanggal);
      if (!holiday) {
        return notFound(reply, user, CALENDAR_PATH, 'Tanggal itu tidak ada di kalender hari libur');
      }
      const csrfToken = reply.generateCsrf();
      return sendPage(
        reply,
        status,
        page({
          title: CALENDAR_TITLE,
          user,
          csrfToken,
          body: removeHolidayBody({ holiday, csrfToken, problem }),
        }),
      );
    }

    app.get<{ Params: { tanggal: string } }>(
      `${CALENDAR_PATH}/:tanggal/hapus`,
      {
        preHandler: calendarAdmin,
        schema: {
          tags: ['Portal'],
          summary: 'Konfirmasi penghapusan hari libur (Admin)',
          params: dateParams,
        },
      },
      async (request, reply) => showRemoval(request, reply),
    );

    app.post<{ Params: { tanggal: string } }>(
      `${CALENDAR_PATH}/:tanggal/hapus`,
      {
        preValidation: checkedForm,
        preHandler: calendarAdmin,
        schema: {
          tags: ['Portal'],
          summary: 'Hapus hari libur dengan alasan dan konfirmasi (Admin, CSRF)',
          params: dateParams,
        },
      },
      async (request, reply) => {
        const posted = request.body as PostedForm;
        try {
          if (!confirmed(posted)) throw new RuleViolation(NOT_CONFIRMED);
          const removed = await removeHoliday(
            deps,
            { id: request.portalUser!.id, role: request.portalUser!.role },
            { date: request.params.tanggal, reason: field(posted, 'alasan') },
          );
          return reply.redirect(
            `${CALENDAR_PATH}?tahun=${removed.date.slice(0, 4)}&hasil=dihapus`,
            303,
          );
        } catch (error) {
          if (error instanceof RuleViolation)
            return showRemoval(request, reply, 400, error.message);
          if (error instanceof NotFound) {
            return notFound(reply, request.portalUser!, CALENDAR_PATH, error.message);
          }
          throw error;
        }
      },
    );
  };
