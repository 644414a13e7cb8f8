import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RouteOptions,
} from 'fastify';
import type { RoutePermission } from './domain/actor.js';
import { Refusal, type RefusalCode, type RefusalDetail } from './domain/refusals.js';
import { describeValidationErrors, validationSummary } from './domain/validation-messages.js';
import type { Deps } from './services/deps.js';
import { apiCallerHook, checkApiCaller, declaredPermission } from './http/caller-hook.js';
import { REFUSAL_STATUS, sendRefusal } from './http/refusal-status.js';
import { pageNotFound, refusalPage } from './web/kit/error-page.js';
import { isTextRefusal } from './app-input-guard.js';
import { checkPortalCaller, portalCallerHook } from './web/kit/portal-caller.js';

/** A route as registered, with what it declared it needs of its caller. */
export interface RouteDeclaration {
  readonly method: string;
  readonly url: string;
  readonly permission: RoutePermission | undefined;
}

declare module 'fastify' {
  interface FastifyReply {
    /**
     * The HTTP status of a refusal (http/refusal-status.ts), for a portal page that shows a
     * refusal itself instead of the error page: web may not import http, so the composition
     * root hands the one table over.
     */
    refusalStatus(refusal: Pick<Refusal, 'code'>): number;
  }
  interface FastifyInstance {
    /** Every route registered after the caller checks were installed, for tests and audits. */
    readonly routeDeclarations: readonly RouteDeclaration[];
  }
}

/** Routes that never need a declaration: files, the API's description and its reference page. */
export const UNDECLARED_ROUTES_ALLOWED: readonly RegExp[] = [
  /^\/static\//,
  /^\/api\/v1\/openapi\.json$/,
  /^\/api\/v1\/dokumentasi(\/|$)/,
  /^\/api\/v1\/docs(\/|$)/,
];

const isApi = (url: string) => url.startsWith('/api/');

/**
 * An onRoute hook that records every route with its declared permission and, when `strict`,
 * refuses to register a route under /api/ or of the portal that declares none.
 */
export function routeDeclarationCheck(declarations: RouteDeclaration[], strict = true) {
  return (route: RouteOptions) => {
    const permission = route.config?.permission;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      // Fastify adds a HEAD route beside each GET, with the same options.
      if (method !== 'HEAD') declarations.push({ method, url: route.url, permission });
    }
    if (permission !== undefined || !strict) return;
    if (UNDECLARED_ROUTES_ALLOWED.some((pattern) => pattern.test(route.url))) return;
    throw new Error(
      `${methods.join(',')} ${route.url} does not declare config.permission (domain/actor.ts RoutePermission)`,
    );
  };
}

/**
 * The caller checks of both transports, installed once: the API's at onRequest (before the body
 * is read), the portal's at preHandler (after its CSRF check, as the guards ran). Routes whose
 * declaration is missing stop the server at start-up. Call after
 * the hook that sets request.clientIp and before any route is registered.
 */
export function installCallerChecks(app: FastifyInstance, deps: Deps): void {
  const declarations: RouteDeclaration[] = [];
  app.decorate('routeDeclarations', declarations);
  app.decorateRequest('actor', null);
  app.decorateReply(
    'refusalStatus',
    (refusal: Pick<Refusal, 'code'>) => REFUSAL_STATUS[refusal.code],
  );
  app.addHook('onRoute', routeDeclarationCheck(declarations));
  app.addHook('onRequest', apiCallerHook(deps));
  app.addHook('preHandler', portalCallerHook(deps));
}

interface Answer {
  readonly code: RefusalCode;
  readonly message: string;
  readonly detail?: RefusalDetail;
  readonly status: number;
}

/** Any error as the refusal it is: a use case's, a body the schema refuses, or the pipeline's. */
function answerOf(error: FastifyError, request: FastifyRequest): Answer {
  if (error instanceof Refusal) {
    return {
      code: error.code,
      message: error.message,
      ...(error.detail ? { detail: error.detail } : {}),
      status: REFUSAL_STATUS[error.code],
    };
  }
  const status =
    error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  if (error.validation) {
    const fields = describeValidationErrors(error.validation);
    return {
      code: 'PERMINTAAN_TIDAK_VALID',
      message: validationSummary(fields),
      detail: { fields },
      status,
    };
  }
  const pipeline = (message: string): Answer => ({ code: 'PERMINTAAN_DITOLAK', message, status });
  if (error.code?.startsWith('FST_CSRF'))
    return pipeline('Formulir kedaluwarsa atau tidak sah. Muat ulang halaman lalu coba lagi.');
  if (status === 413) return pipeline('Permintaan terlalu besar');
  if (status < 500) return pipeline('Permintaan tidak dapat diproses');
  request.log.error({ err: error }, 'galat tak terduga');
  return { code: 'GANGGUAN_SERVER', message: new Refusal('GANGGUAN_SERVER').message, status };
}

/**
 * Authentication before validation, where the hook could not run first: a route whose use case
 * authenticates (the lookup) or a portal form the schema refused before the preHandler. The
 * caller is checked before the request's fault is told; false when that refusal was sent.
 */
async function callerMayLearn(
  deps: Deps,
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
): Promise<boolean> {
  const permission = declaredPermission(request);
  if (request.actor || permission === undefined || permission === 'public') return true;
  if (status >= 500 || error.code?.startsWith('FST_CSRF')) return true;
  if (isApi(request.url)) return checkApiCaller(deps, request, reply, permission);
  if (!error.validation && !isTextRefusal(error)) return true;
  return checkPortalCaller(deps, request, reply, permission);
}

/**
 * The not-found and error handlers of the whole app: every refusal answered by its code, with
 * the status of http/refusal-status.ts, as JSON under /api/ and as the portal's error page
 * (web/kit/error-page.ts) elsewhere. Plugins with an error format of their own (the national
 * store endpoint) keep their handlers.
 */
export function installRefusalHandlers(app: FastifyInstance, deps: Deps): void {
  app.setNotFoundHandler(async (request, reply) => {
    if (isApi(request.url)) {
      return sendRefusal(reply, new Refusal('TIDAK_ADA', 'Alamat API tidak dikenal'));
    }
    return reply.code(404).type('text/html; charset=utf-8').send(pageNotFound());
  });

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const answer = answerOf(error, request);
    if (!(await callerMayLearn(deps, error, request, reply, answer.status))) return reply;
    if (isApi(request.url)) return sendRefusal(reply, answer, answer.status);
    return reply.code(answer.status).type('text/html; charset=utf-8').send(refusalPage(answer));
  });
}
