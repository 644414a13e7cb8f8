import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DEFAULT_LOGIN_LIMITS, type LoginLimits } from './domain/login-limits.js';
import type { LoginThrottle } from './services/account/login.js';
import { countFailedLogin, failedLoginsOf } from './services/account/login-limits.js';
import type { Deps } from './services/deps.js';

/**
 * Password spraying (issue 13): the per-account lockout does not slow one address trying one
 * password against many accounts. Every login channel (the API token, the portal's /masuk
 * and its TOTP step) therefore also limits **failed** attempts per client address, across
 * accounts, and per account, across addresses, with @fastify/rate-limit and a store in the
 * database (migration 023), so that the limit holds across server processes.
 *
 * Only failures count (a wrong or unknown user ID or password, a wrong TOTP code, an attempt
 * on a locked account, a login refused for its text): every user of an agency comes from the
 * agency's one access point, so counting every login would shut a large office out on a busy
 * morning, while its failed attempts stay few. An attempt over either limit is answered
 * "Gagal Login" like any failed login, whatever the password and whichever limit it hit, and
 * audited as DIBATASI; the password is still checked (nothing done with the result), so that
 * the answer takes as long as a wrong password's.
 */
declare module 'fastify' {
  interface FastifyRequest {
    /** The login rate limit for this request's address (services/account/login.ts LoginThrottle). */
    loginThrottle(): LoginThrottle;
  }
}

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

/** Whether a key may try again: under its limit (reading, not counting). */
async function under(limiter: Limiter, request: FastifyRequest): Promise<boolean> {
  const state = await limiter(request, { increment: false });
  return state.isAllowed || state.remaining > 0;
}

/**
 * Registers @fastify/rate-limit (on no route by itself: `global: false`, no headers that
 * would tell a limit from a wrong password) with the database store, and gives each request
 * `loginThrottle()`, which the login routes hand to the login use case.
 */
export async function installLoginLimits(
  app: FastifyInstance,
  deps: Deps,
  limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
): Promise<void> {
  const windowMs = limits.windowSeconds * 1000;

  /** The plugin's store interface over services/account/login-limits.ts. */
  class DatabaseStore {
    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ): void {
      countFailedLogin(deps, key, timeWindow, windowMs).then(
        (state) => callback(null, state),
        (error: Error) => callback(error),
      );
    }
    read(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ): void {
      failedLoginsOf(deps, key, timeWindow).then(
        (state) => callback(null, state),
        (error: Error) => callback(error),
      );
    }
    child(): DatabaseStore {
      return this;
    }
  }

  await app.register(rateLimit, {
    global: false,
    store: DatabaseStore,
    addHeaders: {
      'x-ratelimit-limit': false,
      'x-ratelimit-remaining': false,
      'x-ratelimit-reset': false,
      'retry-after': false,
    },
    addHeadersOnExceeding: {
      'x-ratelimit-limit': false,
      'x-ratelimit-remaining': false,
      'x-ratelimit-reset': false,
    },
  });

  // The account a request's login names, for the account limiter's key.
  const accountOf = new WeakMap<FastifyRequest, string>();
  const byAddress = app.createRateLimit({
    max: limits.perAddress,
    timeWindow: windowMs,
    // IPv6 by its /64, as the plugin does: one host holds a whole /64.
    keyGenerator: (request) => `alamat:${normalizeIP(request.clientIp, 64)}`,
  });
  const byAccount = app.createRateLimit({
    max: limits.perAccount,
    timeWindow: windowMs,
    keyGenerator: (request) => `akun:${accountOf.get(request) ?? ''}`,
  });

  function throttleFor(request: FastifyRequest): LoginThrottle {
    return {
      async admits(account: string) {
        accountOf.set(request, account);
        if (!(await under(byAddress, request))) return false;
        // No account named (a refused body without a user ID): the address alone counts.
        return account === '' || under(byAccount, request);
      },
      async failed(account: string) {
        accountOf.set(request, account);
        await byAddress(request);
        if (account !== '') await byAccount(request);
      },
    };
  }
  app.decorateRequest('loginThrottle', function loginThrottle(this: FastifyRequest) {
    return throttleFor(this);
  });
}
