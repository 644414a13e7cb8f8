import type { TSchema } from 'typebox';
import type { LookupOutcome } from '../services/lookup/lookup-resident.js';
import { ErrorBody } from './schemas.js';

/**
 * What every lookup-shaped endpoint answers (the lookup, the verification, a card read): its
 * body under each status a §2 response maps to, and the refusals of the request itself.
 */
export function lookupAnswers<T extends TSchema>(body: T) {
  return {
    200: body,
    401: body,
    403: body,
    404: body,
    422: body,
    428: ErrorBody,
    429: body,
    400: ErrorBody,
    500: ErrorBody,
  };
}

/** The outcome as the API says it: the status apart, the policy's flags in Indonesian keys. */
export function lookupReply<
  T extends Pick<LookupOutcome, 'httpStatus' | 'warning' | 'reasonRequiredNext'>,
>(outcome: T) {
  const { httpStatus, warning, reasonRequiredNext, ...body } = outcome;
  return {
    status: httpStatus as 200,
    body: {
      ...body,
      ...(warning ? { peringatan: warning } : {}),
      ...(reasonRequiredNext ? { alasanDiperlukan: true } : {}),
    },
  };
}
