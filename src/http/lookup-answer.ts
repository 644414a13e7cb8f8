import type { FastifyRequest } from 'fastify';
import { Type, type TSchema } from 'typebox';
import { OPERATOR_HEADER } from '../domain/applications.js';
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

/**
 * The header in which an application's token names the operator it acts for (migration 026);
 * a user's own token needs none.
 */
export const OperatorHeaders = Type.Object({
  [OPERATOR_HEADER.toLowerCase()]: Type.Optional(
    Type.String({
      maxLength: 60,
      description:
        'Wajib dengan token aplikasi (`POST /api/v1/oauth/token`): user ID operator instansi pemilik aplikasi ' +
        'yang dilayani panggilan ini — pengguna aktif yang telah menandatangani NDA. Ditolak 403 OPERATOR_TIDAK_SAH ' +
        'bila kosong atau bukan operator instansi itu. Tidak dipakai dengan token pengguna.',
    }),
  ),
});

export function operatorOf(request: FastifyRequest): string | undefined {
  const value = request.headers[OPERATOR_HEADER.toLowerCase()];
  return typeof value === 'string' ? value : undefined;
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
