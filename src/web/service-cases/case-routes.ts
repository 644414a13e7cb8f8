import { RESULT_PAGE_CLASS, resultOrigin } from '../lookup/result-origin.js';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { Refusal } from '../../domain/refusals.js';
import type { CaseAction } from '../../domain/service-case.js';
import type { Deps } from '../../services/deps.js';
import { newLookupFormToken, spendLookupForm } from '../../services/lookup/form-token.js';
import { takeStep } from '../../services/service-cases/cases.js';
import { caseDetail } from '../../services/service-cases/queries.js';
import { checkCase } from '../../services/service-cases/check.js';
import { caseReturnForm, sendCaseReturnData } from '../../services/service-cases/return-data.js';
import { readForm } from '../kit/form-reader.js';
import { sendPage, sessionToken } from '../kit/guards.js';
import { page } from '../kit/layout.js';
import { portalUserOf } from '../kit/portal-caller.js';
import { FORM_TOKEN_FIELD } from '../lookup/views.js';
import {
  CASES_PATH,
  casePageBody,
  casePath,
  DONE_MESSAGES,
  STEP_PATHS,
  type CasePageOptions,
} from './case-views.js';

const HANDLE = { permission: 'serviceCase.handle' } as const;
const text = (maxLength: number) => Type.Optional(Type.String({ maxLength }));

interface IdParams {
  id: string;
}

const StepForm = Type.Object({
  catatan: text(2000),
  nikPerbaikan: text(100),
  nomorDokumen: text(200),
});
const CheckForm = Type.Object({ alasan: text(2000), [FORM_TOKEN_FIELD]: text(100) });

type Extra = Omit<
  CasePageOptions,
  'csrfToken' | 'case' | 'events' | 'formToken' | 'reasonRequired'
>;

/**
 * A service case's page and its steps (issue 12 item 1). Every step posts to its own path
 * and, done, redirects to the case's page (`?hasil=` says what was done); a step refused
 * comes back on the case's page with its problems by field, or the state it met (KONFLIK).
 * The check (step 3 / 10) answers with the case's page holding the lookup's result in the
 * lookup's own view; its form carries the lookup form's one-time token, so a reload runs no
 * second lookup.
 */
export const serviceCaseRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const csrfCheck = app.csrfProtection.bind(app);

    async function showCase(
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      extra: Extra & { reasonRequired?: boolean } = {},
    ) {
      const user = portalUserOf(request);
      const id = Number((request.params as IdParams).id);
      const detail = await caseDetail(deps, user, id);
      const returnForm = detail.case.actions.includes('KIRIM_DATA_BALIKAN')
        ? await caseReturnForm(deps, user, id)
        : undefined;
      const hasil = (request.query as { hasil?: string } | undefined)?.hasil;
      const csrfToken = reply.generateCsrf();
      const body = casePageBody({
        csrfToken,
        case: detail.case,
        events: detail.events,
        formToken: newLookupFormToken(),
        reasonRequired: user.reasonRequired,
        message: hasil ? DONE_MESSAGES[hasil] : undefined,
        returnForm,
        ...extra,
      });
      // A page with a result prints as the lookup page does: the result and its origin alone.
      const bodyClass = extra.result ? RESULT_PAGE_CLASS : undefined;
      return sendPage(
        reply,
        status,
        page({
          title: `Layanan ${detail.case.caseNumber}`,
          user,
          csrfToken,
          body,
          ...(bodyClass ? { bodyClass } : {}),
        }),
      );
    }

    /** A refusal shown on the case's page: problems by field, or the state met; else thrown. */
    function refusedStep(
      request: FastifyRequest,
      reply: FastifyReply,
      error: unknown,
      action: CaseAction,
      values: Readonly<Record<string, string>>,
    ) {
      if (!(error instanceof Refusal)) throw error;
      const status = reply.refusalStatus(error);
      if (error.code === 'PERMINTAAN_TIDAK_VALID') {
        const errors = error.detail?.fields ??
          error.detail?.problems?.map((message) => ({ field: '', message })) ?? [
            { field: '', message: error.message },
          ];
        return showCase(request, reply, status, { posted: { action, errors, values } });
      }
      if (error.code === 'KONFLIK') {
        return showCase(request, reply, status, {
          refusal: { code: error.code, message: error.message },
        });
      }
      throw error;
    }

    app.get<{ Params: IdParams }>(
      `${CASES_PATH}/:id`,
      { config: HANDLE, schema: { tags: ['Portal'], summary: 'Halaman satu layanan loket' } },
      async (request, reply) => showCase(request, reply, 200),
    );

    app.post<{ Params: IdParams }>(
      `${CASES_PATH}/:id/periksa`,
      {
        config: HANDLE,
        preValidation: csrfCheck,
        schema: {
          tags: ['Portal'],
          summary: 'Memeriksa NIK pemohon dari layanan (langkah 3 / 10, formulir sekali pakai)',
        },
      },
      async (request, reply) => {
        const user = portalUserOf(request);
        const posted = readForm(request, CheckForm);
        const values = posted.values;
        const reason = posted.ok ? posted.value.alasan : undefined;
        try {
          // The form's one-time token first, as on /cari: a reloaded result runs no lookup.
          await spendLookupForm(deps, { userId: user.id, token: values[FORM_TOKEN_FIELD] });
        } catch (error) {
          if (!(error instanceof Refusal)) throw error;
          return showCase(request, reply, reply.refusalStatus(error), {
            refusal: { code: error.code, message: error.message },
          });
        }
        let checked;
        try {
          checked = await checkCase(deps, user, Number(request.params.id), {
            token: sessionToken(request)!,
            reason,
          });
        } catch (error) {
          if (error instanceof Refusal && error.code === 'ALASAN_DIPERLUKAN') {
            return showCase(request, reply, reply.refusalStatus(error), {
              reasonRequired: true,
              posted: {
                action: 'PERIKSA',
                errors: [{ field: 'alasan', message: error.message }],
                values,
              },
            });
          }
          return refusedStep(request, reply, error, 'PERIKSA', values);
        }
        const origin = resultOrigin(user, checked.outcome, checked.case.nik);
        return showCase(request, reply, 200, {
          result: { ...checked.outcome, origin },
          reasonRequired: checked.outcome.reasonRequiredNext === true,
        });
      },
    );

    for (const [slug, action] of Object.entries(STEP_PATHS)) {
      app.post<{ Params: IdParams }>(
        `${CASES_PATH}/:id/${slug}`,
        {
          config: HANDLE,
          preValidation: csrfCheck,
          schema: { tags: ['Portal'], summary: `Langkah layanan: ${action} (formulir, CSRF)` },
        },
        async (request, reply) => {
          const user = portalUserOf(request);
          const posted = readForm(request, StepForm);
          const values = posted.values;
          const form = posted.ok ? posted.value : {};
          try {
            await takeStep(deps, user, Number(request.params.id), action, {
              note: form.catatan,
              correctedNik: form.nikPerbaikan,
              documentNumber: form.nomorDokumen,
            });
          } catch (error) {
            return refusedStep(request, reply, error, action, values);
          }
          return reply.redirect(`${casePath(Number(request.params.id))}?hasil=${action}`, 303);
        },
      );
    }

    app.post<{ Params: IdParams }>(
      `${CASES_PATH}/:id/data-balikan`,
      {
        config: HANDLE,
        preValidation: csrfCheck,
        schema: {
          tags: ['Portal'],
          summary: 'Mengirim data balikan layanan (langkah 6, formulir, CSRF)',
        },
      },
      async (request, reply) => {
        const user = portalUserOf(request);
        const id = Number(request.params.id);
        const { schema } = await caseReturnForm(deps, user, id);
        const posted = readForm(
          request,
          Type.Object(Object.fromEntries((schema?.fields ?? []).map((f) => [f.key, text(2000)]))),
        );
        const values: Record<string, string> = {};
        for (const f of schema?.fields ?? []) values[f.key] = posted.values[f.key] ?? '';
        try {
          await sendCaseReturnData(deps, user, id, values);
        } catch (error) {
          return refusedStep(request, reply, error, 'KIRIM_DATA_BALIKAN', values);
        }
        return reply.redirect(`${casePath(id)}?hasil=KIRIM_DATA_BALIKAN`, 303);
      },
    );
  };
