import {
  DAY_LABELS,
  describeServiceHours,
  PATTERN_POLICIES,
  POLICY_DESCRIPTIONS,
  POLICY_LABELS,
  WEEK_DAYS,
} from '../../domain/pattern-alert.js';
import type { AgreementView } from '../../services/agreements/agreement-queries.js';
import type { PatternSettingsView } from '../../services/oversight/pattern-policy.js';
import {
  checkbox,
  errorFor,
  errorSummary,
  field,
  form,
  select,
  type FormState,
} from '../kit/form-fields.js';
import { html, type Html } from '../kit/html.js';
import { agreementSummary } from './agreement-views.js';
import { agreementPath } from './console-views.js';

/**
 * An agreement's input-pattern policy (issue 9 §2): the section on the agreement's page and
 * Dukcapil's form (policy, service hours in WIB or around the clock, days of the week).
 */

export const policyPath = (agreementId: number) => `${agreementPath(agreementId)}/pola-input`;

/** The policy and service hours on the agreement's page; the link to change them, if allowed. */
export function patternPolicySection(settings: PatternSettingsView, editable: boolean): Html {
  return html`<section class="card" id="pola-input">
    <h2>Kebijakan pola input NIK</h2>
    <dl class="terms">
      <dt>Kebijakan</dt>
      <dd data-policy="${settings.policy}">
        ${POLICY_LABELS[settings.policy]}: ${POLICY_DESCRIPTIONS[settings.policy]}
      </dd>
      <dt>Jam layanan</dt>
      <dd data-hours>${describeServiceHours(settings.hours)}</dd>
    </dl>
    <p class="hint">
      Pencarian NIK berurutan, berpola, dalam waktu berdekatan, banyak NIK tidak ditemukan, atau di
      luar jam layanan menjadi peringatan bagi Dinas Dukcapil. Pencarian NIK penanda selalu menahan
      pengguna.
    </p>
    ${
      editable
        ? html`<p class="actions">
            <a class="button" href="${policyPath(settings.agreementId)}"
              >Ubah kebijakan pola input</a
            >
          </p>`
        : ''
    }
  </section>`;
}

/** The form's fields as the settings stand, for its first showing. */
export function policyFormState(settings: PatternSettingsView): PolicyFormState {
  const allDay = settings.hours.start === null;
  return {
    values: {
      policy: settings.policy,
      start: settings.hours.start ?? '07:00',
      end: settings.hours.end ?? '16:00',
      ...(allDay ? { allDay: 'on' } : {}),
    },
    days: settings.hours.days.map(String),
  };
}

/** The form as shown: its values, its problems and the days ticked. */
export interface PolicyFormState extends FormState {
  readonly days: readonly string[];
}

const FIELD_IDS = { policy: 'policy', start: 'start', end: 'end', days: 'days' };

export function policyFormBody(options: {
  readonly csrfToken: string;
  readonly agreement: AgreementView;
  readonly state: PolicyFormState;
}): Html {
  const { state, agreement } = options;
  const daysError = errorFor(state.errors, 'days');
  return html`<p><a href="${agreementPath(agreement.id)}">« Kembali ke PKS</a></p>
    <h1>Kebijakan pola input NIK</h1>
    ${errorSummary(state.errors, { ids: FIELD_IDS })}
    <div class="card">${agreementSummary(agreement)}</div>
    ${form({
      action: policyPath(agreement.id),
      csrfToken: options.csrfToken,
      className: 'card admin-form',
      novalidate: true,
      body: html`${select(
          {
            name: 'policy',
            label: 'Kebijakan bila pola input tidak wajar terdeteksi',
            required: true,
            hint: 'Setiap temuan menjadi peringatan bagi Dinas Dukcapil, apa pun kebijakannya.',
            options: PATTERN_POLICIES.map((p) => ({
              value: p,
              label: `${POLICY_LABELS[p]} — ${POLICY_DESCRIPTIONS[p]}`,
            })),
          },
          state,
        )}
        <fieldset class="choices">
          <legend>Jam layanan instansi (WIB)</legend>
          <p class="hint">Pencarian di luar jam dan hari layanan menjadi peringatan.</p>
          ${checkbox(
            {
              name: 'allDay',
              id: 'allDay',
              label: '24 jam (mis. unit gawat darurat); jam mulai dan selesai diabaikan',
            },
            state,
          )}
          ${field(
            {
              name: 'start',
              label: 'Jam mulai',
              hint: 'JJ:MM, mis. 07:00',
              maxlength: 5,
              inputmode: 'numeric',
            },
            state,
          )}
          ${field(
            {
              name: 'end',
              label: 'Jam selesai',
              hint: 'JJ:MM, setelah jam mulai, mis. 16:00',
              maxlength: 5,
              inputmode: 'numeric',
            },
            state,
          )}
        </fieldset>
        <fieldset id="days" class="${daysError ? 'choices field-error' : 'choices'}">
          <legend>Hari layanan</legend>
          ${daysError ? html`<p class="error-message" id="days-error">${daysError}</p>` : ''}
          ${WEEK_DAYS.map((day) =>
            checkbox({
              name: 'days',
              id: `days-${day}`,
              label: DAY_LABELS[day]!,
              value: String(day),
              checked: state.days.includes(String(day)),
            }),
          )}
        </fieldset>
        <button type="submit">Simpan kebijakan</button>`,
    })}`;
}
