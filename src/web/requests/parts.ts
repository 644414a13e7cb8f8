import { formatDate } from '../../domain/indonesian-dates.js';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from '../../domain/requests.js';
import type { FormLimits } from '../kit/form-reader.js';
import type { FieldError } from '../kit/form-fields.js';

/*
 * What every page of the requests section shares (issue 3 items 4 and 5): its two
 * addresses — the agency head's (/instansi/permohonan) and Dukcapil's (/dukcapil/permohonan)
 * — and how a refusal's problems become a form's errors. No JavaScript anywhere in the
 * section: every step is a form post.
 */

export const AGENCY_BASE = '/instansi/permohonan';
export const DUKCAPIL_BASE = '/dukcapil/permohonan';

/**
 * What a form of the section may post: its attachments (a file over the limit is kept cut and
 * refused by the use case by name), with room for a few more than allowed so that the use
 * case, not the parser, says how many are too many.
 */
export const FORM_LIMITS: FormLimits = {
  maxFileBytes: MAX_ATTACHMENT_BYTES,
  maxFiles: MAX_ATTACHMENTS + 3,
  maxFields: 60,
};

export function dateText(iso: string | null): string {
  return iso ? formatDate(iso) : '—';
}

/**
 * A refusal's problems as a form's errors: by field where the use case knows the field
 * (the summary links to it and the field is marked), the rest for the whole form.
 */
export function problemErrors(detail: {
  readonly problems?: readonly string[];
  readonly fields?: readonly FieldError[];
}): FieldError[] {
  if (detail.fields && detail.fields.length > 0) return [...detail.fields];
  return (detail.problems ?? []).map((message) => ({ field: '', message }));
}
