import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { can } from '../../domain/permissions.js';
import { Refusal } from '../../domain/refusals.js';
import { HOLIDAY_KINDS } from '../../domain/working-days.js';
import {
  addHoliday,
  findHolidayOn,
  holidaysForYear,
  importHolidays,
  removeHoliday,
} from '../../services/deadlines/holidays.js';
import type { Deps } from '../../services/deps.js';
import { Confirmation } from '../kit/confirm-box.js';
import type { FormState } from '../kit/form-fields.js';
import { acceptForms, readForm } from '../kit/form-reader.js';
import { sendPage } from '../kit/guards.js';
import { page } from '../kit/layout.js';
import { portalUserOf } from '../kit/portal-caller.js';
import { calendarBody, removeHolidayBody, type CalendarProblem } from './holiday-views.js';
import { CALENDAR_PATH } from './paths.js';

const CALENDAR_TITLE = 'Kalender hari libur';
/** A holiday CSV is a few kilobytes; anything near this is not one. */
const MAX_CSV_BYTES = 256 * 1024;

/** The form's bodies; the use case checks the date and the name again (the CLI shares it). */
const HolidayForm = Type.Object({
  tanggal: Type.String({ format: 'date' }),
  nama: Type.String({ maxLength: 200 }),
  jenis: Type.Union(HOLIDAY_KINDS.map((kind) => Type.Literal(kind))),
});
const ImportForm = Type.Object({});
const RemovalForm = Type.Object({
  alasan: Type.String({ maxLength: 1000 }),
  konfirmasi: Confirmation,
});

const LABELS: Readonly<Record<string, string>> = {
  tanggal: 'Tanggal',
  nama: 'Nama hari libur',
  jenis: 'Jenis',
  alasan: 'Alasan',
};

const CALENDAR_MESSAGES: Readonly<Record<string, string>> = {
  ADDED: 'Hari libur ditambahkan.',
  UPDATED: 'Hari libur diperbarui.',
  UNCHANGED: 'Hari libur itu sudah tercatat sama; tidak ada yang berubah.',
  dihapus: 'Hari libur dihapus dari kalender.',
  impor: 'Berkas CSV dimuat.',
};

const dateParams = {
  type: 'object',
  properties: { tanggal: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' } },
  required: ['tanggal'],
} as const;

/** A use case's refusal of what was typed, which the form shows; anything else goes on. */
function refusedInput(error: unknown): Refusal {
  if (error instanceof Refusal && error.code === 'DITOLAK') return error;
  throw error;
}

/**
 * The holiday calendar under /dukcapil/tenggat/libur: working days are counted on it, every
 * Dukcapil user reads it, the admin changes it.
 */
export const holidayRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const formHooks = await acceptForms(app, {
      maxFileBytes: MAX_CSV_BYTES,
      maxFiles: 1,
      maxFields: 10,
    });

    async function showCalendar(
      request: FastifyRequest,
      reply: FastifyReply,
      year: number | undefined,
      options: { status?: number; problem?: CalendarProblem; message?: string } = {},
    ) {
      const user = portalUserOf(request);
      const view = await holidaysForYear(deps, year);
      const csrfToken = reply.generateCsrf();
      const body = calendarBody({
        view,
        canManage: can(user.role, 'holiday.manage'),
        csrfToken,
        problem: options.problem,
        message: options.message,
      });
      return sendPage(
        reply,
        options.status ?? 200,
        page({ title: CALENDAR_TITLE, user, csrfToken, body }),
      );
    }

    app.get<{ Querystring: { tahun?: string; hasil?: string } }>(
      CALENDAR_PATH,
      {
        config: { permission: 'deadline.viewAll' },
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
        config: { permission: 'holiday.manage' },
        preValidation: formHooks,
        schema: { tags: ['Portal'], summary: 'Tambah atau perbaiki hari libur (Admin, CSRF)' },
      },
      async (request, reply) => {
        const posted = readForm(request, HolidayForm, { labels: LABELS });
        // The year of the date typed, so that the page comes back on it.
        const year = Number((posted.values.tanggal ?? '').slice(0, 4));
        const shown = Number.isInteger(year) && year > 0 ? year : undefined;
        const again = (status: number, errors: CalendarProblem['errors']) =>
          showCalendar(request, reply, shown, {
            status,
            problem: { form: 'tambah', values: posted.values, errors },
          });
        if (!posted.ok) return again(posted.status, posted.errors);
        const { tanggal, nama, jenis } = posted.value;
        try {
          const outcome = await addHoliday(deps, portalUserOf(request), {
            date: tanggal,
            name: nama,
            kind: jenis,
          });
          return reply.redirect(
            `${CALENDAR_PATH}?tahun=${tanggal.slice(0, 4)}&hasil=${outcome}`,
            303,
          );
        } catch (error) {
          return again(400, [{ field: '', message: refusedInput(error).message }]);
        }
      },
    );

    app.post(
      `${CALENDAR_PATH}/impor`,
      {
        config: { permission: 'holiday.manage' },
        preValidation: formHooks,
        schema: {
          tags: ['Portal'],
          summary: 'Muat hari libur dari CSV tanggal,nama,jenis (Admin, multipart, CSRF)',
        },
      },
      async (request, reply) => {
        const posted = readForm(request, ImportForm, {
          files: { berkas: { label: 'berkas CSV', required: true } },
        });
        const again = (status: number, errors: CalendarProblem['errors']) =>
          showCalendar(request, reply, undefined, {
            status,
            problem: { form: 'impor', values: {}, errors },
          });
        if (!posted.ok) return again(posted.status, posted.errors);
        const file = posted.files.find((f) => f.field === 'berkas')!;
        try {
          const outcome = await importHolidays(
            deps,
            portalUserOf(request),
            file.content.toString('utf8'),
            file.fileName,
          );
          return showCalendar(request, reply, undefined, {
            message: `Berkas CSV dimuat: ${outcome.added} ditambahkan, ${outcome.updated} diperbarui, ${outcome.unchanged} tidak berubah.`,
          });
        } catch (error) {
          return again(400, [{ field: 'berkas', message: refusedInput(error).message }]);
        }
      },
    );

    async function showRemoval(
      request: FastifyRequest<{ Params: { tanggal: string } }>,
      reply: FastifyReply,
      status = 200,
      state?: FormState,
    ) {
      const user = portalUserOf(request);
      const holiday = await findHolidayOn(deps, request.params.tanggal);
      if (!holiday) {
        throw new Refusal('TIDAK_DITEMUKAN', 'Tanggal itu tidak ada di kalender hari libur');
      }
      const csrfToken = reply.generateCsrf();
      return sendPage(
        reply,
        status,
        page({
          title: CALENDAR_TITLE,
          user,
          csrfToken,
          body: removeHolidayBody({ holiday, csrfToken, ...(state ? { state } : {}) }),
        }),
      );
    }

    app.get<{ Params: { tanggal: string } }>(
      `${CALENDAR_PATH}/:tanggal/hapus`,
      {
        config: { permission: 'holiday.manage' },
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
        config: { permission: 'holiday.manage' },
        preValidation: formHooks,
        schema: {
          tags: ['Portal'],
          summary: 'Hapus hari libur dengan alasan dan konfirmasi (Admin, CSRF)',
          params: dateParams,
        },
      },
      async (request, reply) => {
        const posted = readForm(request, RemovalForm, { labels: LABELS });
        if (!posted.ok) return showRemoval(request, reply, posted.status, posted);
        try {
          const removed = await removeHoliday(deps, portalUserOf(request), {
            date: request.params.tanggal,
            reason: posted.value.alasan,
          });
          return reply.redirect(
            `${CALENDAR_PATH}?tahun=${removed.date.slice(0, 4)}&hasil=dihapus`,
            303,
          );
        } catch (error) {
          const refusal = refusedInput(error);
          return showRemoval(request, reply, 400, {
            values: posted.values,
            errors: [{ field: '', message: refusal.message }],
          });
        }
      },
    );
  };
