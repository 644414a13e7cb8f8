import type { FastifyReply, FastifyRequest } from 'fastify';
import { can, type Permission } from '../domain/permissions.js';
import { RESPONSES } from '../domain/responses.js';
import { authorizeSessionUser, type SessionUser } from '../services/account/agency-caller.js';
import type { Deps } from '../services/deps.js';

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+([A-Za-z0-9_-]{20,100})$/i.exec(header) : null;
  return match?.[1];
}

export const bearerSecurity = [{ bearer: [] }];

export const FORBIDDEN_MESSAGE = 'Peran Anda tidak berwenang melakukan tindakan ini';

/**
 * The caller of a JSON API endpoint that needs `permission`, or undefined after the refusal
 * has been sent: 401 GAGAL_LOGIN without a live token, the SPEC §2 refusal of the user's
 * state, agency or access point, and 403 TIDAK_BERWENANG when the role lacks the permission.
 */
export async function apiCaller(
  deps: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
  permission: Permission,
): Promise<SessionUser | undefined> {
  const token = bearerToken(request);
  const result = token
    ? await authorizeSessionUser(deps, {
        token,
        kind: 'API',
        clientIp: request.clientIp,
      })
    : ({ ok: false, code: 'GAGAL_LOGIN' } as const);
  if (!result.ok) {
    const { message, httpStatus } = RESPONSES[result.code];
    await reply.code(httpStatus).send({ code: result.code, message });
    return undefined;
  }
  if (!can(result.user.role, permission)) {
    await reply.code(403).send({ code: 'TIDAK_BERWENANG', message: FORBIDDEN_MESSAGE });
    return undefined;
  }
  return result.user;
}
