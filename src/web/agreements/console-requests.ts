import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { wibDay } from '../../domain/time.js';
import { getAgreement } from '../../services/agreements/agreement-queries.js';
import type { Deps } from '../../services/deps.js';
import { Refusal } from '../../services/errors.js';
import { Confirmation } from '../kit/confirm-box.js';
import type { FieldError, FormState } from '../kit/form-fields.js';
import { postedForm, type FormResult } from '../kit/form-reader.js';
import { sendPage } from '../kit/guards.js';
import type { Html } from '../kit/html.js';
import { page } from '../kit/layout.js';
import { portalUserOf } from '../kit/portal-caller.js';
import type { ChoiceField } from './agreement-form-views.js';

/** What the console's route plugins share to read a request and answer it with a page. */

export type IdParams = { id: string };
export type PageQuery = Record<string, string | undefined>;

/** The record's id from the path; anything but a number is a page that does not exist. */
export function idOf(params: IdParams): number {
  if (!/^\d{1,9}$/.test(params.id)) throw new Refusal('TIDAK_ADA', 'Halaman tidak ditemukan');
  return Number(params.id);
}

export const idParams = {
  type: 'object',
  properties: { id: { type: 'string', maxLength: 12 } },
  required: ['id'],
} as const;

export const listQuery = {
  type: 'object',
  properties: {
    status: { type: 'string', maxLength: 20 },
    nama: { type: 'string', maxLength: 100 },
    cari: { type: 'string', maxLength: 100 },
    halaman: { type: 'string', maxLength: 10 },
    hasil: { type: 'string', maxLength: 40 },
  },
} as const;

export const outcomeQuery = {
  type: 'object',
  properties: { hasil: { type: 'string', maxLength: 40 } },
} as const;

/** An optional text field of a form, at most `max` characters. */
export const optionalText = (max: number) => Type.Optional(Type.String({ maxLength: max }));

/** Addresses typed as a list: commas, semicolons, spaces or new lines between them. */
export const splitList = (text: string | undefined) =>
  (text ?? '').split(/[\s,;]+/).filter(Boolean);

/**
 * The confirmation page's form: the reason (required or not), the grounds of an ending and
 * the ticked box. The use case checks the reason's length and says what is wrong with it.
 */
export const confirmForm = (reasonRequired: boolean) =>
  Type.Object({
    grounds: optionalText(100),
    reason: reasonRequired
      ? Type.String({ maxLength: 1000 })
      : Type.Optional(Type.String({ maxLength: 1000 })),
    konfirmasi: Confirmation,
  });

/** How the console's forms name their fields in a message, and its own word for the box. */
export const FORM_OPTIONS = {
  labels: { reason: 'Alasan', grounds: 'Dasar' },
  messages: { konfirmasi: 'Centang pernyataan persetujuan untuk melanjutkan' },
};

/**
 * A use case's refusal of a form as it is (PERMINTAAN_TIDAK_VALID), for the form shown again
 * with its message atop; any other refusal (not found, not allowed) goes to the error page.
 */
export function formRefusal(error: unknown): FieldError[] {
  if (error instanceof Refusal && error.code === 'PERMINTAAN_TIDAK_VALID') {
    return [...(error.detail?.fields ?? [{ field: '', message: error.message }])];
  }
  throw error;
}

/** Where a form sent the user once its use case ran, or the form to show again and its status. */
export type FormOutcome =
  { readonly location: string } | { readonly status: number; readonly state: FormState };

/**
 * Runs the use case of a form read by readForm: the address to go to once it ran (`run`
 * gives it), or, for a form the schema or the use case refuses, what to show it again with.
 */
export async function submitForm<T>(
  form: FormResult<T>,
  run: (value: T) => Promise<string>,
): Promise<FormOutcome> {
  if (!form.ok) return { status: form.status, state: form };
  try {
    return { location: await run(form.value) };
  } catch (error) {
    return { status: 400, state: { values: form.values, errors: formRefusal(error) } };
  }
}

/** The state machine's refusal of an action shown atop its page (field '' : the whole form). */
export const pageProblem = (message: string | undefined): FieldError[] | undefined =>
  message ? [{ field: '', message }] : undefined;

/** A page of the console with its layout, for the signed-in user, with a fresh CSRF token. */
export function showPage(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  title: string,
  body: (csrfToken: string) => Html,
) {
  const csrfToken = reply.generateCsrf();
  return sendPage(
    reply,
    status,
    page({ title, user: portalUserOf(request), csrfToken, body: body(csrfToken) }),
  );
}

/** The agreement as it counts today, or the "not found" page. */
export async function agreementOrNotFound(deps: Deps, id: number) {
  const agreement = await getAgreement(deps.db, id, wibDay(deps.clock()));
  if (!agreement) throw new Refusal('TIDAK_ADA', 'PKS tidak ditemukan');
  return agreement;
}

/** The boxes ticked in a posted agreement form, to show it again as it was sent. */
export function ticked(request: FastifyRequest): Record<ChoiceField, string[]> {
  const { fields } = postedForm(request);
  const list = (name: ChoiceField) => [fields[name] ?? []].flat();
  return { grantedElements: list('grantedElements'), accessMethods: list('accessMethods') };
}
