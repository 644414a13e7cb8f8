import type { FastifyPluginAsync } from 'fastify';
import { Refusal } from '../../domain/refusals.js';
import { Type } from 'typebox';
import type { DataBalikanSchema } from '../../domain/data-balikan.js';
import { authorizeSender, type AgencyCaller } from '../../services/data-balikan/sender.js';
import {
  returnSchemaOfAgency,
  submitDataBalikan,
  type SubmissionResult,
} from '../../services/data-balikan/submission.js';
import type { Deps } from '../../services/deps.js';
import { readForm } from '../kit/form-reader.js';
import { sendPage } from '../kit/guards.js';
import type { Html } from '../kit/html.js';
import { page } from '../kit/layout.js';
import { portalUserOf } from '../kit/portal-caller.js';
import {
  FORM_PATH,
  formPage,
  noSchemaPage,
  outcomeMessage,
  refusedFormPage,
  refusedMessage,
} from './form-views.js';
import { shownRefusal, staffAgencyId } from './shown-refusal.js';

const TITLE = 'Data Balikan';
const PERMISSION = { permission: 'dataBalikan.submit' } as const;

/**
 * The form's fields: the NIK and the fields of the agency's agreement, as text. Only these
 * are read: anything else posted is ignored. None is required here: what a record must hold
 * is the agreement's schema's to say, as for a file or the API (domain/data-balikan.ts).
 */
function formSchemaOf(schema: DataBalikanSchema) {
  return Type.Object({
    nik: Type.Optional(Type.String()),
    ...Object.fromEntries(schema.fields.map((f) => [f.key, Type.Optional(Type.String())])),
  });
}

/** GET/POST /data-balikan/formulir: one record, from a lookup result or typed by the officer. */
export const dataBalikanFormRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const csrfCheck = app.csrfProtection.bind(app);

    app.get(
      FORM_PATH,
      {
        config: PERMISSION,
        schema: { tags: ['Portal'], summary: 'Formulir data balikan satu NIK' },
      },
      async (request, reply) => {
        const user = portalUserOf(request);
        const csrfToken = reply.generateCsrf();
        const schema = await returnSchemaOfAgency(deps, staffAgencyId(user));
        const body = schema ? formPage({ csrfToken, schema, nik: '', values: {} }) : noSchemaPage();
        return sendPage(reply, 200, page({ title: TITLE, user, csrfToken, body }));
      },
    );

    app.post(
      FORM_PATH,
      {
        config: PERMISSION,
        preValidation: csrfCheck,
        schema: {
          tags: ['Portal'],
          summary: 'Mengirim data balikan satu NIK dari portal (formulir, CSRF)',
        },
      },
      async (request, reply) => {
        const user = portalUserOf(request);
        const csrfToken = reply.generateCsrf();
        const show = (status: number, body: Html) =>
          sendPage(reply, status, page({ title: TITLE, user, csrfToken, body }));

        let caller: AgencyCaller;
        try {
          caller = await authorizeSender(deps, user, 'PORTAL');
        } catch (error) {
          const { refusal, status } = shownRefusal(reply, error);
          return show(status, refusedFormPage(refusal.message));
        }
        const schema = caller.dataBalikanSchema;
        if (!schema) return show(409, noSchemaPage());

        const posted = readForm(request, formSchemaOf(schema), {
          labels: Object.fromEntries(schema.fields.map((f) => [f.key, f.label])),
        });
        if (!posted.ok) {
          const { values, errors } = posted;
          const nik = values.nik ?? '';
          return show(posted.status, formPage({ csrfToken, schema, nik, values, errors }));
        }
        const form = posted.value as Readonly<Record<string, string | undefined>>;
        const nik = (form.nik ?? '').trim();
        const values: Record<string, string> = {};
        for (const field of schema.fields) values[field.key] = form[field.key] ?? '';

        let result: SubmissionResult;
        try {
          result = await submitDataBalikan(
            deps,
            caller,
            'FORMULIR',
            [{ line: 1, nik, values }],
            'SEMUA',
          );
        } catch (error) {
          // The schema removed since the caller was checked: the form cannot be sent.
          if (error instanceof Refusal && error.code === 'PERMINTAAN_TIDAK_VALID')
            return show(409, noSchemaPage());
          throw error;
        }
        const refused = result.refused[0];
        if (refused) {
          const message = refusedMessage(refused.reasons);
          return show(422, formPage({ csrfToken, schema, nik, values, message }));
        }
        return show(
          200,
          formPage({
            csrfToken,
            schema,
            nik: '',
            values: {},
            message: outcomeMessage(nik, result),
          }),
        );
      },
    );
  };
