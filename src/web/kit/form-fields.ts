import type { FieldError } from '../../domain/refusals.js';
import { attributes, html, type Html, type Interpolation } from './html.js';

export type { FieldError };

/**
 * What a form held when it comes back to its user: the text they typed (by field name) and
 * what is wrong with it. `readForm` (form-reader.ts) gives both; every component takes it
 * as its second argument and picks its own field's value and error.
 */
export interface FormState {
  readonly values?: Readonly<Record<string, string | undefined>>;
  readonly errors?: readonly FieldError[];
}

/** The message for one field, if it has one (the first: a field shows one problem). */
export function errorFor(
  errors: readonly FieldError[] | undefined,
  name: string,
): string | undefined {
  return errors?.find((error) => error.field === name)?.message;
}

interface FieldBase {
  /** The name the form posts, and the id (unless `id`) the error summary links to. */
  readonly name: string;
  readonly label: string | Html;
  /** Defaults to `name`; give it when one page shows the same field twice. */
  readonly id?: string;
  readonly hint?: string | Html;
  /** The inline message; by default taken from the FormState's errors for `name`. */
  readonly error?: string;
  readonly required?: boolean;
}

export interface FieldOptions extends FieldBase {
  readonly type?: 'text' | 'password' | 'number' | 'email' | 'date';
  /** By default taken from the FormState's values (never for a password). */
  readonly value?: string | number | null;
  readonly autocomplete?: string;
  readonly inputmode?: 'numeric' | 'decimal' | 'email' | 'tel' | 'text';
  readonly minlength?: number;
  readonly maxlength?: number;
  readonly min?: number | string;
  readonly max?: number | string;
  readonly step?: number | string;
  readonly pattern?: string;
  readonly placeholder?: string;
}

interface Described {
  readonly id: string;
  readonly error: string | undefined;
  /** The hint and the message, each with the id that aria-describedby names. */
  readonly hint: Html | '';
  readonly message: Html | '';
  /** aria-invalid and aria-describedby for the control. */
  readonly aria: Html;
  readonly groupClass: string;
}

/** What every field shares: its hint and error message, tied to its control by id. */
function describe(options: FieldBase, state: FormState | undefined): Described {
  const id = options.id ?? options.name;
  const error = options.error ?? errorFor(state?.errors, options.name);
  const hintId = options.hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ');
  return {
    id,
    error,
    hint: options.hint ? html`<p class="hint" id="${hintId}">${options.hint}</p>` : '',
    message: error
      ? html`<p class="error-message" id="${errorId}">
          <span class="visually-hidden">Kesalahan:</span> ${error}
        </p>`
      : '',
    aria: attributes({
      'aria-invalid': error ? 'true' : undefined,
      'aria-describedby': describedBy || undefined,
    }),
    groupClass: error ? 'field field-error' : 'field',
  };
}

function stateValue(options: FieldBase, state: FormState | undefined): string | undefined {
  return state?.values?.[options.name];
}

/** A labelled text, password, number, e-mail or date input with its hint and error. */
export function field(options: FieldOptions, state?: FormState): Html {
  const d = describe(options, state);
  const type = options.type ?? 'text';
  const value =
    options.value ?? (type === 'password' ? undefined : stateValue(options, state)) ?? undefined;
  return html`<div class="${d.groupClass}">
    <label for="${d.id}">${options.label}</label>
    ${d.hint}${d.message}
    <input${attributes({
      type,
      id: d.id,
      name: options.name,
      value: value ?? undefined,
      required: options.required,
      autocomplete: options.autocomplete,
      inputmode: options.inputmode,
      minlength: options.minlength,
      maxlength: options.maxlength,
      min: options.min,
      max: options.max,
      step: options.step,
      pattern: options.pattern,
      placeholder: options.placeholder,
    })}${d.aria} />
  </div>`;
}

export type DateFieldOptions = Omit<FieldOptions, 'type' | 'step' | 'inputmode'> & {
  /** The earliest and latest days the browser's picker offers, as YYYY-MM-DD. */
  readonly min?: string;
  readonly max?: string;
};

/** A date input (YYYY-MM-DD, as the form posts it and the schema's `format: 'date'` checks). */
export function dateField(options: DateFieldOptions, state?: FormState): Html {
  return field({ ...options, type: 'date' }, state);
}

export interface SelectOption {
  readonly value: string;
  readonly label: string;
}

export interface SelectOptions extends FieldBase {
  readonly options: readonly SelectOption[];
  /** The chosen option; by default the FormState's value. */
  readonly value?: string | null;
  /** A first option with an empty value ("Pilih…"), posted as absent. */
  readonly placeholder?: string;
}

/** A labelled drop-down list. */
export function select(options: SelectOptions, state?: FormState): Html {
  const d = describe(options, state);
  const chosen = options.value ?? stateValue(options, state) ?? '';
  return html`<div class="${d.groupClass}">
    <label for="${d.id}">${options.label}</label>
    ${d.hint}${d.message}
    <select${attributes({ id: d.id, name: options.name, required: options.required })}${d.aria}>
      ${options.placeholder === undefined ? '' : html`<option value="">${options.placeholder}</option>`}
      ${options.options.map(
        (option) =>
          html`<option${attributes({ value: option.value, selected: option.value === chosen })}>${option.label}</option>`,
      )}
    </select>
  </div>`;
}

export interface TextareaOptions extends FieldBase {
  readonly value?: string | null;
  readonly rows?: number;
  readonly maxlength?: number;
}

/** A labelled multi-line text. */
export function textarea(options: TextareaOptions, state?: FormState): Html {
  const d = describe(options, state);
  const value = options.value ?? stateValue(options, state) ?? '';
  // No whitespace inside the element: a textarea keeps it as part of the value.
  return html`<div class="${d.groupClass}">
    <label for="${d.id}">${options.label}</label>
    ${d.hint}${d.message}
    <textarea${attributes({
      id: d.id,
      name: options.name,
      rows: options.rows ?? 3,
      maxlength: options.maxlength,
      required: options.required,
    })}${d.aria}>${value}</textarea>
  </div>`;
}

export interface CheckboxOptions extends FieldBase {
  /** What a ticked box posts; the form reader reads `on` (the default) as true. */
  readonly value?: string;
  /** Ticked; by default when the FormState holds the box's value. */
  readonly checked?: boolean;
}

/** One labelled checkbox, label on its right. */
export function checkbox(options: CheckboxOptions, state?: FormState): Html {
  const d = describe(options, state);
  const value = options.value ?? 'on';
  const checked = options.checked ?? stateValue(options, state) === value;
  return html`<div class="${d.groupClass}">
    ${d.message}
    <p class="check">
      <input${attributes({
        type: 'checkbox',
        id: d.id,
        name: options.name,
        value,
        checked,
        required: options.required,
      })}${d.aria} />
      <label for="${d.id}">${options.label}</label>
    </p>
    ${d.hint}
  </div>`;
}

export interface FileFieldOptions extends FieldBase {
  /** The types the browser's picker offers, e.g. `application/pdf,image/png,image/jpeg`. */
  readonly accept?: string;
  /** Several files under one name. */
  readonly multiple?: boolean;
}

/**
 * A labelled file input. It never takes a value from the FormState: a browser cannot be
 * given a file back, so a form that returns with a problem asks for the file again. The
 * form that holds it must be `multipart` (and its route read by acceptForms).
 */
export function fileField(options: FileFieldOptions, state?: FormState): Html {
  const d = describe(options, state);
  return html`<div class="${d.groupClass}">
    <label for="${d.id}">${options.label}</label>
    ${d.hint}${d.message}
    <input${attributes({
      type: 'file',
      id: d.id,
      name: options.name,
      accept: options.accept,
      multiple: options.multiple,
      required: options.required,
    })}${d.aria} />
  </div>`;
}

export interface FormOptions {
  /** Where the form posts (always POST: a GET filter form needs no token and no component). */
  readonly action: string;
  /** The token of `reply.generateCsrf()`, posted as `_csrf`. */
  readonly csrfToken: string;
  readonly body: Interpolation;
  /** multipart/form-data: the form sends files (the route reads it with acceptForms). */
  readonly multipart?: boolean;
  readonly id?: string;
  readonly className?: string;
  readonly autocomplete?: 'off';
  /** Let the server, not the browser, check the fields, so every problem shows at once. */
  readonly novalidate?: boolean;
}

/** A POST form with its CSRF field. */
export function form(options: FormOptions): Html {
  return html`<form${attributes({
    method: 'post',
    action: options.action,
    enctype: options.multipart ? 'multipart/form-data' : undefined,
    id: options.id,
    class: options.className,
    autocomplete: options.autocomplete,
    novalidate: options.novalidate,
  })}>
    <input type="hidden" name="_csrf" value="${options.csrfToken}" />
    ${options.body}
  </form>`;
}

/**
 * GOV.UK's error summary: atop the page, "Terdapat kesalahan" and each problem as a link to
 * its field (`#<id>`; a field's id is its name unless `ids` says otherwise). role="alert" has
 * it read out when the page comes back; nothing when there is no error. A problem of the
 * whole form (field '') is listed without a link.
 */
export function errorSummary(
  errors: readonly FieldError[] | undefined,
  options: { readonly ids?: Readonly<Record<string, string>>; readonly title?: string } = {},
): Html {
  if (!errors || errors.length === 0) return html``;
  return html`<div
    class="error-summary"
    role="alert"
    aria-labelledby="error-summary-title"
    tabindex="-1"
  >
    <h2 id="error-summary-title">${options.title ?? 'Terdapat kesalahan'}</h2>
    <ul>
      ${errors.map((error) =>
        error.field === ''
          ? html`<li>${error.message}</li>`
          : html`<li>
              <a href="#${options.ids?.[error.field] ?? error.field}">${error.message}</a>
            </li>`,
      )}
    </ul>
  </div>`;
}

export type AlertTone = 'info' | 'ok' | 'warn' | 'bad';

/** A message box in the page's flow (role="alert": read out as the page loads). */
export function alert(
  tone: AlertTone,
  message: string | Html,
  options: { readonly id?: string } = {},
): Html {
  return html`<div${attributes({ class: `alert ${tone}`, role: 'alert', id: options.id })}>
    ${message}
  </div>`;
}
