import type { DataBalikanField, DataBalikanSchema } from '../../domain/data-balikan.js';
import type { SubmissionResult } from '../../services/data-balikan/submission.js';
import { alert, errorSummary, field, form, select, type FormState } from '../kit/form-fields.js';
import { html, type Html } from '../kit/html.js';

export const FORM_PATH = '/data-balikan/formulir';

const idOf = (key: string) => `db-${key}`;

function fieldInput(schemaField: DataBalikanField, state: FormState): Html {
  const { key, label: name, required } = schemaField;
  const label = `${name}${required ? ' (wajib)' : ''}`;
  if (schemaField.options) {
    return select(
      {
        name: key,
        id: idOf(key),
        label,
        required,
        placeholder: '— pilih —',
        options: schemaField.options.map((option) => ({ value: option, label: option })),
      },
      state,
    );
  }
  const hint = `${schemaField.patternHint ? `Diisi ${schemaField.patternHint}` : 'Teks bebas'}, paling banyak ${schemaField.maxLength} karakter${required ? '' : ' (boleh dikosongkan)'}.`;
  return field(
    {
      name: key,
      id: idOf(key),
      label,
      hint,
      required,
      maxlength: schemaField.maxLength,
      autocomplete: 'off',
    },
    state,
  );
}

export interface DataBalikanFormOptions {
  readonly csrfToken: string;
  readonly schema: DataBalikanSchema;
  /** Fixed when the form follows a lookup; typed by the officer otherwise. */
  readonly nik?: string | undefined;
  readonly nikEditable: boolean;
  /** What the officer typed, when the form comes back refused. */
  readonly values?: FormState['values'];
  /** The form refused as posted, by field. */
  readonly errors?: FormState['errors'];
  /** Where it posts: the one-record form's page unless a service case sends it (step 6). */
  readonly action?: string | undefined;
}

/**
 * The one-record return-data form. Under a lookup result it carries the NIK as a hidden
 * field and nothing else of the resident: the officer types only what the agency owes.
 */
export function dataBalikanForm(options: DataBalikanFormOptions): Html {
  const state: FormState = { values: options.values ?? {}, errors: options.errors ?? [] };
  const nik = options.nikEditable
    ? field(
        {
          name: 'nik',
          id: idOf('nik'),
          label: 'NIK',
          required: true,
          inputmode: 'numeric',
          maxlength: 16,
          autocomplete: 'off',
          value: options.nik ?? '',
        },
        state,
      )
    : html`<input type="hidden" name="nik" value="${options.nik ?? ''}" />
        <p>NIK: <strong>${options.nik ?? ''}</strong></p>`;
  return form({
    action: options.action ?? FORM_PATH,
    csrfToken: options.csrfToken,
    id: 'data-balikan',
    autocomplete: 'off',
    body: html`${nik} ${options.schema.fields.map((f) => fieldInput(f, state))}
      <button type="submit">Kirim data balikan</button>`,
  });
}

export function outcomeMessage(nik: string, result: SubmissionResult): Html {
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

/** The record refused by the rules of the agreement's schema, with every reason. */
export function refusedMessage(reasons: readonly string[]): Html {
  return html`<div class="alert bad" role="alert" id="hasil" data-status="DITOLAK">
    Data balikan tidak diterima:
    <ul>
      ${reasons.map((reason) => html`<li>${reason}</li>`)}
    </ul>
  </div>`;
}

export function formPage(options: {
  readonly csrfToken: string;
  readonly schema: DataBalikanSchema;
  readonly nik: string;
  readonly values: FormState['values'];
  readonly errors?: FormState['errors'];
  readonly message?: Html;
}): Html {
  const keys = ['nik', ...options.schema.fields.map((f) => f.key)];
  return html`<h1>Formulir Data Balikan</h1>
    ${errorSummary(options.errors, { ids: Object.fromEntries(keys.map((k) => [k, idOf(k)])) })}
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
        errors: options.errors,
      })}
    </div>
    <p><a href="/cari">Kembali ke verifikasi NIK</a></p>`;
}

/** The form refused before any record is read: the sender's access, or the form itself. */
export function refusedFormPage(message: string): Html {
  return html`<h1>Formulir Data Balikan</h1>
    ${alert('bad', message)}`;
}

export function noSchemaPage(): Html {
  return html`<h1>Formulir Data Balikan</h1>
    ${alert(
      'warn',
      'Skema data balikan PKS instansi Anda belum ditetapkan Dukcapil; data balikan belum dapat diterima.',
    )}`;
}
