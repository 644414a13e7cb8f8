import { Type } from 'typebox';
import { errorFor, textarea, type FormState } from './form-fields.js';
import { html, type Html } from './html.js';

/** The field of the box and what a ticked one posts. */
export const CONFIRM_FIELD = 'konfirmasi';
export const CONFIRM_MESSAGE = 'Centang pernyataan konfirmasi untuk melanjutkan.';

/**
 * The box in a form's schema (form-reader.ts): `{ konfirmasi: Confirmation, … }`; left
 * unticked, the field's error is CONFIRM_MESSAGE.
 */
export const Confirmation = Type.Literal('ya', { errorMessage: CONFIRM_MESSAGE });

/** Whether a posted body (urlencoded or read by acceptForms) has the box ticked. */
export function isConfirmed(body: unknown): boolean {
  const value = (body as Record<string, unknown> | null | undefined)?.[CONFIRM_FIELD];
  return (Array.isArray(value) ? value[0] : value) === 'ya';
}

export interface ConfirmBoxOptions {
  /** The box's message; by default the FormState's error for `konfirmasi`. */
  readonly error?: string;
  /** A reason to write before ticking (e.g. why a user is deactivated). */
  readonly reason?: {
    readonly label: string;
    /** `alasan` unless given. */
    readonly name?: string;
    readonly hint?: string;
    readonly required?: boolean;
    readonly maxlength?: number;
  };
  /** What the form held when sent back: the reason's text and both fields' errors. */
  readonly state?: FormState;
}

/**
 * The required "I am sure" checkbox of a form whose action cannot be undone, optionally after
 * the reason for it; the route refuses the post unless `konfirmasi` is `ya` (Confirmation in
 * its schema, or isConfirmed). With an error the box is marked as GOV.UK's fields are.
 */
export function confirmBox(id: string, text: string, options: ConfirmBoxOptions = {}): Html {
  const error = options.error ?? errorFor(options.state?.errors, CONFIRM_FIELD);
  const reason = options.reason
    ? textarea(
        {
          name: options.reason.name ?? 'alasan',
          id: `${id}-alasan`,
          label: options.reason.label,
          hint: options.reason.hint,
          required: options.reason.required ?? true,
          maxlength: options.reason.maxlength ?? 1000,
        },
        options.state,
      )
    : '';
  const box = error
    ? html`<div class="field field-error">
        <p class="error-message" id="${id}-error">
          <span class="visually-hidden">Kesalahan:</span> ${error}
        </p>
        <p class="check">
          <input
            type="checkbox"
            id="${id}"
            name="konfirmasi"
            value="ya"
            required
            aria-invalid="true"
            aria-describedby="${id}-error"
          />
          <label for="${id}">${text}</label>
        </p>
      </div>`
    : html`<p class="check">
        <input type="checkbox" id="${id}" name="konfirmasi" value="ya" required />
        <label for="${id}">${text}</label>
      </p>`;
  return html`${reason}${box}`;
}
