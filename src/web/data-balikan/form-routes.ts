import type { FastifyPluginAsync } from 'fastify';
import type { DataBalikanField, DataBalikanSchema } from '../../domain/data-balikan.js';
import { RESPONSES } from '../../domain/responses.js';
import { authorizeAgencyCaller } from '../../services/account/agency-caller.js';
import {
  returnSchemaOfAgency,
  submitDataBalikan,
  type SubmissionResult,
} from '../../services/data-balikan/submission.js';
import type { Deps } from '../../services/deps.js';
import { RuleViolation } from '../../services/errors.js';
import { portalGuards, sendPage, sessionToken } from '../kit/guards.js';
import { html, type Html } from '../kit/html.js';
import { page } from '../kit/layout.js';

export const FORM_PATH = '/data-balikan/formulir';

function fieldInput(field: DataBalikanField, value: string): Html {
  const id = `db-${field.key}`;
  const hint = field.options
    ? ''
    : html`<p class="hint">
        ${field.patternHint ? `Diisi ${field.patternHint}` : 'Teks bebas'}, paling banyak
        ${field.maxLength} karakter${field.required ? '' : ' (boleh dikosongkan)'}.
      </p>`;
  const input = field.options
    ? html`<select id="${id}" name="${field.key}" ${field.required ? 'required' : ''}>
        <option value="">— pilih —</option>
        ${field.options.map(
          (option) =>
            html`<option value="${option}" ${option === value ? 'selected' : ''}>
              ${option}
            </option>`,
        )}
      </select>`
    : html`<input
        type="text"
        id="${id}"
        name="${field.key}"
        value="${value}"
        maxlength="${field.maxLength}"
        autocomplete="off"
        ${field.required ? 'required' : ''}
      />`;
  return html`<label for="${id}">${field.label}${field.required ? ' (wajib)' : ''}</label> ${input}
    ${hint}`;
}

export interface DataBalikanFormOptions {
  readonly csrfToken: string;
  readonly schema: DataBalikanSchema;
  /** Fixed when the form follows a lookup; typed by the officer otherwise. */
  readonly nik?: string | undefined;
  readonly nikEditable: boolean;
  readonly values?: Readonly<Record<string, string>>;
}

/**
 * The one-record return-data form. Under a lookup result it carries the NIK as a hidden
 * field and nothing else of the resident: the officer types only what the agency owes.
 */
export function dataBalikanForm(options: DataBalikanFormOptions): Html {
  const values = options.values ?? {};
  return html`<form method="post" action="${FORM_PATH}" autocomplete="off" id="data-balikan">
    <input type="hidden" name="_csrf" value="${options.csrfToken}" />
    ${
      options.nikEditable
        ? html`<label for="db-nik">NIK</label>
            <input
              type="text"
              id="db-nik"
              name="nik"
              required
              inputmode="numeric"
              maxlength="16"
              value="${options.nik ?? ''}"
            />`
        : html`<input type="hidden" name="nik" value="${options.nik ?? ''}" />
            <p>NIK: <strong>${options.nik ?? ''}</strong></p>`
    }
    ${options.schema.fields.map((field) => fieldInput(field, values[field.key] ?? ''))}
    <button type="submit">Kirim data balikan</button>
  </form>`;
}

function outcomeMessage(nik: string, result: SubmissionResult): Html {
  if (result.added > 0) {
    return html`<div class="alert ok" role="status" id="hasil" data-status="DITERIMA">
      Data balikan untuk NIK ${nik} diterima.
    </div>`;
  }
  if (result.corrected > 0) {
    return html`<div class="alert ok" role="status" id="hasil" data-status="DIKOREKSI">
      Koreksi data balikan untuk NIK ${nik} diterima; data sebelumnya tetap tersimpan sebagai
      riwayat.
    </div>`;
  }
  return html`<div class="alert warn" role="status" id="hasil" data-status="TIDAK_BERUBAH">
    Data balikan untuk NIK ${nik} sama dengan yang sudah diterima sebelumnya; tidak ada yang diubah.
  </div>`;
}

function formPage(options: {
  csrfToken: string;
  schema: DataBalikanSchema;
  nik: string;
  values: Readonly<Record<string, string>>;
  message?: Html;
}): Html {
  return html`<h1>Formulir Data Balikan</h1>
    <p class="hint">
      Satu NIK per pengiriman. Data balikan hanya diterima untuk NIK yang telah diverifikasi
      instansi Anda dalam PKS yang berlaku. Untuk banyak NIK sekaligus, gunakan
      <a href="/data-balikan">unggah berkas</a>.
    </p>
    ${options.message ?? ''}
    <div class="card">
      ${dataBalikanForm({
        csrfToken: options.csrfToken,
        schema: options.schema,
        nik: options.nik,
        nikEditable: true,
        values: options.values,
      })}
    </div>
    <p><a href="/cari">Kembali ke verifikasi NIK</a></p>`;
}

function noSchemaPage(): Html {
  return html`<h1>Formulir Data Balikan</h1>
    <div class="alert warn" role="alert">
      Skema data balikan PKS instansi Anda belum ditetapkan Dukcapil; data balikan belum dapat
      diterima.
    </div>`;
}

/** GET/POST /data-balikan/formulir: one record, from a lookup result or typed by the officer. */
export const dataBalikanFormRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const csrfCheck = app.csrfProtection.bind(app);
    const { requireRoles } = portalGuards(deps);
    const agencyStaff = requireRoles('OPERATOR', 'KEPALA_INSTANSI');

    app.get(
      FORM_PATH,
      {
        preHandler: agencyStaff,
        schema: { tags: ['Portal'], summary: 'Formulir data balikan satu NIK' },
      },
      async (request, reply) => {
        const user = request.portalUser!;
        const csrfToken = reply.generateCsrf();
        const schema = await returnSchemaOfAgency(deps, user.agencyId!);
        const body = schema ? formPage({ csrfToken, schema, nik: '', values: {} }) : noSchemaPage();
        return sendPage(reply, 200, page({ title: 'Data Balikan', user, csrfToken, body }));
      },
    );

    app.post<{ Body: Record<string, string | undefined> }>(
      FORM_PATH,
      {
        preValidation: csrfCheck,
        preHandler: agencyStaff,
        schema: {
          tags: ['Portal'],
          summary: 'Mengirim data balikan satu NIK dari portal (formulir, CSRF)',
        },
      },
      async (request, reply) => {
        const user = request.portalUser!;
        const csrfToken = reply.generateCsrf();
        const show = (status: number, body: Html) =>
          sendPage(reply, status, page({ title: 'Data Balikan', user, csrfToken, body }));

        const authorized = await authorizeAgencyCaller(deps, {
          token: sessionToken(request)!,
          kind: 'PORTAL',
          clientIp: request.clientIp,
        });
        if (!authorized.ok) {
          const { message, httpStatus } = RESPONSES[authorized.code];
          return show(
            httpStatus,
            html`<h1>Formulir Data Balikan</h1>
              <div class="alert bad" role="alert">${message}</div>`,
          );
        }
        const schema = authorized.caller.dataBalikanSchema;
        if (!schema) return show(409, noSchemaPage());

        // Only the schema's fields are read from the form: anything else posted is ignored.
        const form = request.body ?? {};
        const nik = String(form.nik ?? '').trim();
        const values: Record<string, string> = {};
        for (const field of schema.fields) values[field.key] = String(form[field.key] ?? '');

        let result: SubmissionResult;
        try {
          result = await submitDataBalikan(
            deps,
            authorized.caller,
            'FORMULIR',
            [{ line: 1, nik, values }],
            'SEMUA',
          );
        } catch (error) {
          if (error instanceof RuleViolation) return show(409, noSchemaPage());
          throw error;
        }
        const refused = result.refused[0];
        if (refused) {
          const message = html`<div class="alert bad" role="alert" id="hasil" data-status="DITOLAK">
            Data balikan tidak diterima:
            <ul>
              ${refused.reasons.map((reason) => html`<li>${reason}</li>`)}
            </ul>
          </div>`;
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
