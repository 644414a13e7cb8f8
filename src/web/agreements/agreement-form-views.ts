import { ACCESS_METHODS } from '../../domain/agreement.js';
import {
  ACCESS_METHOD_LABELS,
  QUOTA_STAGE_LABELS,
  QUOTA_STAGES,
} from '../../domain/agreement-record.js';
import { ELEMENT_LABELS, ELEMENTS } from '../../domain/elements.js';
import type { AgreementView } from '../../services/agreements/agreement-queries.js';
import { confirmBox } from '../kit/confirm-box.js';
import {
  checkbox,
  dateField,
  errorFor,
  errorSummary,
  field,
  form,
  select,
  textarea,
  type FormState,
} from '../kit/form-fields.js';
import { html, type Html } from '../kit/html.js';
import { agreementSummary } from './agreement-views.js';
import { agreementActionPath, agreementPath, CONFIRM_FIELD_IDS } from './console-views.js';

/**
 * The forms of an agreement (PKS): its draft (new or edited) and an addendum of one in
 * force. Each comes back with what was typed and its problems, marked by field.
 */

/** The fields posted as a list of ticked boxes. */
export type ChoiceField = 'grantedElements' | 'accessMethods';

/** A form's state, with the boxes ticked in each list (FormState holds one value a field). */
export interface AgreementFormState extends FormState {
  readonly ticked: Readonly<Record<ChoiceField, readonly string[]>>;
}

const CHOICES: Readonly<Record<ChoiceField, readonly { value: string; label: string }[]>> = {
  grantedElements: ELEMENTS.map((e) => ({ value: e, label: ELEMENT_LABELS[e] })),
  accessMethods: ACCESS_METHODS.map((m) => ({ value: m, label: ACCESS_METHOD_LABELS[m] })),
};

/** A list of boxes under one legend; its error is said once, and the summary links to it. */
function choices(name: ChoiceField, legend: string, state: AgreementFormState): Html {
  const error = errorFor(state.errors, name);
  return html`<fieldset id="${name}" class="${error ? 'choices field-error' : 'choices'}">
    <legend>${legend}</legend>
    ${error ? html`<p class="error-message" id="${name}-error">${error}</p>` : ''}
    ${CHOICES[name].map((choice) =>
      checkbox({
        name,
        id: `${name}-${choice.value}`,
        label: choice.label,
        value: choice.value,
        checked: state.ticked[name].includes(choice.value),
      }),
    )}
  </fieldset>`;
}

const STAGE_CHOICES = QUOTA_STAGES.map((stage) => ({
  value: stage,
  label: QUOTA_STAGE_LABELS[stage],
}));

/** The access terms a draft and an addendum both set. */
function accessTerms(state: AgreementFormState, required: boolean): Html {
  const must = required ? ' (wajib)' : '';
  return html`${choices('grantedElements', `Elemen data yang diberikan${must}`, state)}
  ${choices('accessMethods', `Metode akses${must}`, state)}
  ${field(
    {
      name: 'accessPoints',
      label: 'Alamat IP titik akses (wajib)',
      required: true,
      maxlength: 500,
      hint: required
        ? 'Satu atau lebih alamat IP atau jaringan CIDR, dipisah koma, mis. 10.10.0.67'
        : undefined,
    },
    state,
  )}
  ${field(
    {
      name: 'bandwidthKbps',
      label: `Bandwidth (kbps${required ? ', wajib' : ''})`,
      type: 'number',
      required: true,
      min: 64,
      max: 10_000_000,
      step: 1,
    },
    state,
  )}
  ${select(
    { name: 'quotaStage', label: 'Tahap kuota (wajib)', required: true, options: STAGE_CHOICES },
    state,
  )}`;
}

export function agreementFormBody(options: {
  csrfToken: string;
  action: string;
  back: string;
  agency: { code: string; name: string };
  state: AgreementFormState;
  editing: boolean;
}): Html {
  const { state } = options;
  const text = (name: string, label: string, required: boolean, maxlength = 200) =>
    field({ name, label: required ? `${label} (wajib)` : label, required, maxlength }, state);
  return html`<p><a href="${options.back}">« Kembali</a></p>
    <h1>${options.editing ? 'Ubah draf PKS' : 'Draf PKS baru'} — ${options.agency.name}</h1>
    <p class="hint">
      Draf belum berlaku: pengguna instansi baru dapat mengakses setelah PKS yang ditandatangani
      diberlakukan.
    </p>
    ${errorSummary(state.errors)}
    ${form({
      action: options.action,
      csrfToken: options.csrfToken,
      className: 'card admin-form',
      id: 'form-pks',
      body: html`<fieldset>
          <legend>Nomor dan tanggal</legend>
          ${text('nomorDukcapil', 'Nomor PKS Dukcapil', true, 60)}
          ${text('nomorInstansi', 'Nomor PKS instansi', true, 60)}
          ${text('nomorJuknis', 'Nomor petunjuk teknis', false, 60)}
          ${dateField(
            { name: 'signedOn', label: 'Tanggal penandatanganan (wajib)', required: true },
            state,
          )}
          ${dateField({ name: 'endsOn', label: 'Tanggal berakhir (wajib)', required: true }, state)}
        </fieldset>
        <fieldset>
          <legend>Para pihak</legend>
          ${text('firstPartyName', 'PIHAK KESATU', true)}
          ${text('firstPartyHeadTitle', 'Jabatan pimpinan PIHAK KESATU', true)}
          ${text('firstPartyHeadName', 'Nama pimpinan PIHAK KESATU', false, 120)}
          ${text('secondPartyName', 'PIHAK KEDUA', true)}
          ${text('secondPartyHeadTitle', 'Jabatan pimpinan PIHAK KEDUA', true)}
          ${text('secondPartyHeadName', 'Nama pimpinan PIHAK KEDUA', false, 120)}
        </fieldset>
        <fieldset>
          <legend>Ketentuan akses</legend>
          ${textarea(
            {
              name: 'purpose',
              label: 'Maksud dan tujuan (wajib)',
              rows: 2,
              maxlength: 500,
              required: true,
            },
            state,
          )}
          ${accessTerms(state, true)}
        </fieldset>
        <button type="submit">Simpan draf</button>`,
    })}`;
}

export function addendumFormBody(options: {
  csrfToken: string;
  agreement: AgreementView;
  /** What the form holds, or the state machine's refusal (field '') on opening it. */
  state: AgreementFormState;
}): Html {
  const { agreement, state } = options;
  return html`<p><a href="${agreementPath(agreement.id)}">« Kembali</a></p>
    <h1>Adendum PKS ${agreement.nomorDukcapil}</h1>
    ${errorSummary(state.errors, { ids: CONFIRM_FIELD_IDS })}
    <div class="card">${agreementSummary(agreement)}</div>
    ${form({
      action: agreementActionPath(agreement.id, 'amend'),
      csrfToken: options.csrfToken,
      className: 'card admin-form',
      id: 'form-adendum',
      body: html`<p class="hint">
          Ubah hanya ketentuan yang diubah oleh adendum; ketentuan lama tetap tersimpan dalam
          riwayat. Perubahan tahap kuota saja (lulus PoC) boleh tanpa nomor adendum.
        </p>
        <fieldset>
          <legend>Surat adendum</legend>
          ${field({ name: 'nomor', label: 'Nomor adendum', maxlength: 60 }, state)}
          ${dateField({ name: 'tanggal', label: 'Tanggal adendum' }, state)}
        </fieldset>
        <fieldset>
          <legend>Ketentuan sesudah adendum</legend>
          ${dateField(
            { name: 'endsOn', label: 'Tanggal berakhir (perpanjangan)', required: true },
            state,
          )}
          ${accessTerms(state, false)}
        </fieldset>
        ${confirmBox('konfirmasi', 'Saya telah memeriksa dan menyetujui perubahan ini', {
          reason: { name: 'reason', label: 'Alasan (wajib)' },
          state,
        })}
        <button type="submit">Catat adendum</button>`,
    })}`;
}
