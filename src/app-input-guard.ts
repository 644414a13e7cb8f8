import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { findTextProblem, textProblemMessage, type TextFinding } from './domain/input-text.js';
import { Refusal } from './domain/refusals.js';
import { recordRefusedLogin } from './services/account/login.js';
import type { Deps } from './services/deps.js';

/**
 * Issue 13, "no 5xx from input": every text a request carries is checked once, here, before
 * any route reads it — body (JSON, urlencoded, multipart fields), query string, route
 * parameters, and the headers and cookies the app reads — for a NUL character (PostgreSQL
 * refuses it in text: a 500 before) and for text that was not UTF-8 (domain/input-text.ts).
 * Such a request is refused 400 TEKS_TIDAK_SAH, naming the field; a login refused so is still
 * a failed login (audited, counted toward the lockout and the rate limit).
 */

/** A login route: what a request refused for its text is audited as (a failed login). */
export interface LoginAttemptRoute {
  readonly kind: 'API' | 'PORTAL';
  /** The portal's second step: the cookie whose challenge names the account. */
  readonly challengeCookie?: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Declared by the login routes (API token, /masuk, /masuk/kode). */
    loginAttempt?: LoginAttemptRoute;
  }
}

/** The app's own cookies (the session, CSRF and TOTP-step cookies): gerbang_*. */
const OWN_COOKIE = /^gerbang_/;
/** The headers the app reads as text (the bearer token; the return-data Idempotency-Key). */
const READ_HEADERS = ['authorization', 'idempotency-key'] as const;

function requestTextProblem(request: FastifyRequest): TextFinding | undefined {
  const found =
    findTextProblem(request.params) ??
    findTextProblem(request.query) ??
    findTextProblem(request.body) ??
    READ_HEADERS.map((name) => findTextProblem(request.headers[name], `header ${name}`)).find(
      Boolean,
    );
  if (found) return found;
  for (const [name, value] of Object.entries(request.cookies ?? {})) {
    if (!OWN_COOKIE.test(name)) continue;
    const problem = findTextProblem(value, `cookie ${name}`);
    if (problem) return problem;
  }
  return undefined;
}

/** The user ID a login request carries, as sent (checked and cleaned by the use case). */
function postedUserId(request: FastifyRequest): string | undefined {
  const body = request.body;
  if (body === null || typeof body !== 'object') return undefined;
  const value = (body as Record<string, unknown>).userId;
  const first = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof first === 'string' ? first : undefined;
}

/** Whether an error is this guard's refusal (the error handler checks the caller first). */
export function isTextRefusal(error: unknown): boolean {
  return error instanceof Refusal && error.code === 'TEKS_TIDAK_SAH';
}

/**
 * Installs the guard on every route registered after it, as the last of the route's
 * preValidation hooks: after a multipart form is read (web/kit/form-reader.ts) and its CSRF
 * token checked, before the schema's validation and the handler. Call before any route.
 */
export function installInputGuard(app: FastifyInstance, deps: Deps): void {
  async function refuse(request: FastifyRequest, finding: TextFinding): Promise<never> {
    const login = request.routeOptions.config.loginAttempt;
    if (login) {
      await recordRefusedLogin(deps, {
        kind: login.kind,
        userId: postedUserId(request),
        challenge: login.challengeCookie ? request.cookies[login.challengeCookie] : undefined,
        clientIp: request.clientIp,
        throttle: request.loginThrottle(),
      });
    }
    const message = textProblemMessage(finding);
    throw new Refusal('TEKS_TIDAK_SAH', message, {
      fields: [{ field: finding.field, message }],
    });
  }

  // A callback hook, not an async one: the request that passes (nearly all, the lookup's hot
  // path among them) costs one scan and no promise.
  function guardText(
    request: FastifyRequest,
    _reply: FastifyReply,
    done: (error?: Error) => void,
  ): void {
    const finding = requestTextProblem(request);
    if (!finding) return done();
    refuse(request, finding).catch((error: Error) => done(error));
  }

  app.addHook('onRoute', (route: RouteOptions) => {
    const own = route.preValidation;
    route.preValidation = [
      ...(own === undefined ? [] : Array.isArray(own) ? own : [own]),
      guardText,
    ];
  });
}
