import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TSchema } from 'typebox';
import {
  caseNoteField,
  caseResultField,
  POC_CASES,
  type CaseVerdict,
} from '../../domain/poc-checklist.js';
import { Refusal, type FieldError } from '../../domain/refusals.js';
import { wibDay } from '../../domain/time.js';
import type { Deps } from '../../services/deps.js';
import {
  getPocChecklist,
  pocLetterFileName,
  recordPocChecklist,
  recordPocResult,
} from '../../services/requests/poc-checklist.js';
import { attachmentFor } from '../../services/requests/reading.js';
import { downloadHeaders } from '../kit/download.js';
import { acceptForms, readForm } from '../kit/form-reader.js';
import { sendPage } from '../kit/guards.js';
import { page } from '../kit/layout.js';
import { portalUserOf } from '../kit/portal-caller.js';
import type { IdParams } from './detail-routes.js';
import { AGENCY_BASE, DUKCAPIL_BASE, FORM_LIMITS, problemErrors } from './parts.js';
import {
  CASE_CHOICES,
  pocPageBody,
  pocPath,
  type PocForm,
  type PostedPocForm,
} from './poc-views.js';

const Text = Type.Optional(Type.String({ maxLength: 500 }));

/** One result and one note per case; a case left at "not recorded" is not posted as a result. */
const ChecklistForm = Type.Object(
  Object.fromEntries(
    POC_CASES.flatMap((c) => [
      [
        caseResultField(c.code),
        Type.Optional(Type.Union([...CASE_CHOICES, ''].map((v) => Type.Literal(v)))),
      ],
      [caseNoteField(c.code), Text],
    ]),
  ) as Record<string, TSchema>,
);
const ResultForm = Type.Object({
  nomorSurat: Type.Optional(Type.String({ maxLength: 100 })),
  tanggalSurat: Type.Optional(Type.String({ maxLength: 10 })),
});

/** The result form's fields by the use case's input names (recordPocResult's refusals). */
const RESULT_FIELDS: Readonly<Record<string, string>> = {
  letterNumber: 'nomorSurat',
  letterDate: 'tanggalSurat',
};

/**
 * The PoC's checklist and result (issue 11 item 5): the page under both readers' bases, the
 * checklist and the result posted by Dukcapil's admin (`request.decide`), and the result
 * letter as the request's answer-letter attachment.
 */
export const pocChecklistRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const formHooks = await acceptForms(app, FORM_LIMITS);

    /** The PoC's page: as asked, or again with a refused form's problems and values. */
    async function showPocPage(
      request: FastifyRequest<{ Params: IdParams }>,
      reply: FastifyReply,
      base: string,
      options: { status: number; outcome?: string | undefined; posted?: PostedPocForm },
    ) {
      const user = portalUserOf(request);
      const view = await getPocChecklist(deps, user, Number(request.params.id));
      const csrfToken = reply.generateCsrf();
      const body = pocPageBody({
        base,
        view,
        csrfToken,
        outcome: options.outcome,
        today: wibDay(deps.clock()),
        posted: options.posted,
      });
      return sendPage(
        reply,
        options.status,
        page({ title: `Daftar periksa PoC ${view.detail.id}`, user, csrfToken, body }),
      );
    }

    /**
     * A refused post shows the page again with the form's fields marked (the kit's errors),
     * never the error page: a form's problems (422) or the use case's (400).
     */
    const sendBack = (
      request: FastifyRequest<{ Params: IdParams }>,
      reply: FastifyReply,
      form: PocForm,
      status: number,
      values: Readonly<Record<string, string>>,
      errors: readonly FieldError[],
    ) =>
      showPocPage(request, reply, DUKCAPIL_BASE, {
        status,
        posted: { form, state: { values, errors } },
      });

    /** The use case's refusal of a form, as that form's errors; anything else is thrown on. */
    const refusedErrors = (error: unknown, names: Readonly<Record<string, string>> = {}) => {
      if (!(error instanceof Refusal) || error.code !== 'PERMINTAAN_TIDAK_VALID') throw error;
      const detail = error.detail ?? { problems: [error.message] };
      return problemErrors(detail).map((e) => ({ ...e, field: names[e.field] ?? e.field }));
    };
    for (const [base, permission] of [
      [AGENCY_BASE, 'request.viewOwn'],
      [DUKCAPIL_BASE, 'request.viewAll'],
    ] as const) {
      app.get<{ Params: IdParams; Querystring: { hasil?: string } }>(
        `${base}/:id/poc`,
        {
          config: { permission },
          schema: {
            tags: ['Portal'],
            summary: 'Daftar periksa PoC, hasilnya dan surat hasil PoC',
            querystring: {
              type: 'object',
              properties: { hasil: { type: 'string', maxLength: 40 } },
            },
          },
        },
        async (request, reply) =>
          showPocPage(request, reply, base, { status: 200, outcome: request.query.hasil }),
      );

      app.get<{ Params: IdParams }>(
        `${base}/:id/surat-hasil-poc.pdf`,
        {
          config: { permission },
          schema: { tags: ['Portal'], summary: 'Surat hasil PoC (PDF)' },
        },
        async (request, reply) => {
          const user = portalUserOf(request);
          const id = Number(request.params.id);
          const view = await getPocChecklist(deps, user, id);
          const letter = view.detail.attachments.find(
            (a) => a.purpose === 'SURAT_JAWABAN' && a.fileName === pocLetterFileName(id),
          );
          if (!view.result || !letter) {
            throw new Refusal('TIDAK_ADA', 'Surat hasil PoC belum dibuat');
          }
          const file = await attachmentFor(deps, user, id, letter.id);
          return downloadHeaders(reply, { filename: file.fileName, type: file.contentType }).send(
            file.content,
          );
        },
      );
    }

    const config = { permission: 'request.decide' } as const;

    app.post<{ Params: IdParams }>(
      `${DUKCAPIL_BASE}/:id/poc/daftar-periksa`,
      {
        config,
        preValidation: formHooks,
        schema: { tags: ['Portal'], summary: 'Menyimpan daftar periksa PoC (formulir, CSRF)' },
      },
      async (request, reply) => {
        const posted = readForm(request, ChecklistForm);
        if (!posted.ok) {
          return sendBack(request, reply, 'daftar-periksa', 422, posted.values, posted.errors);
        }
        const values = posted.value as Record<string, string | undefined>;
        const verdicts: CaseVerdict[] = POC_CASES.flatMap((c) => {
          const choice = values[caseResultField(c.code)];
          if (choice !== 'LULUS' && choice !== 'TIDAK_LULUS') return [];
          return [
            {
              code: c.code,
              passed: choice === 'LULUS',
              note: values[caseNoteField(c.code)] ?? '',
            },
          ];
        });
        const id = Number(request.params.id);
        try {
          await recordPocChecklist(deps, portalUserOf(request), id, verdicts);
        } catch (error) {
          const errors = refusedErrors(error);
          return sendBack(request, reply, 'daftar-periksa', 400, posted.values, errors);
        }
        return reply.redirect(`${pocPath(DUKCAPIL_BASE, id)}?hasil=daftar-periksa`, 303);
      },
    );

    app.post<{ Params: IdParams }>(
      `${DUKCAPIL_BASE}/:id/poc/hasil`,
      {
        config,
        preValidation: formHooks,
        schema: {
          tags: ['Portal'],
          summary: 'Mencatat hasil PoC, membuat surat hasil PoC dan memutus permohonan (CSRF)',
        },
      },
      async (request, reply) => {
        const posted = readForm(request, ResultForm, {
          labels: { nomorSurat: 'Nomor surat hasil PoC', tanggalSurat: 'Tanggal surat hasil PoC' },
        });
        if (!posted.ok) {
          return sendBack(request, reply, 'hasil', 422, posted.values, posted.errors);
        }
        const id = Number(request.params.id);
        try {
          await recordPocResult(deps, portalUserOf(request), id, {
            letterNumber: posted.value.nomorSurat ?? '',
            letterDate: posted.value.tanggalSurat ?? '',
          });
        } catch (error) {
          const errors = refusedErrors(error, RESULT_FIELDS);
          return sendBack(request, reply, 'hasil', 400, posted.values, errors);
        }
        return reply.redirect(`${pocPath(DUKCAPIL_BASE, id)}?hasil=hasil`, 303);
      },
    );
  };
