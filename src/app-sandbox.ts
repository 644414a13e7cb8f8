import type { FastifyInstance } from 'fastify';
import { SANDBOX_HEADER, SANDBOX_HEADER_VALUE } from './domain/sandbox.js';
import type { Deps } from './services/deps.js';
import { keepSandboxQuotaSpent } from './services/sandbox/sandbox.js';
import { sandboxBanner } from './web/sandbox/views.js';
import { sandboxRoutes } from './web/sandbox/routes.js';

const HEADER = '<header class="bar">';

/**
 * What makes a Gerbang the PoC sandbox (issue 11 item 5): a header on every answer (API,
 * compatible endpoints, portal), the banner atop every portal page, its page with the NIK
 * table, and the test agency whose quota is always used up, kept so before every request
 * that may look up. The rest is the same Gerbang: one lookup use case, quota, audit, policy.
 */
export async function installSandbox(app: FastifyInstance, deps: Deps): Promise<void> {
  app.addHook('onRequest', async (request) => {
    if (request.method === 'POST') await keepSandboxQuotaSpent(deps);
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header(SANDBOX_HEADER, SANDBOX_HEADER_VALUE);
    if (
      typeof payload !== 'string' ||
      !String(reply.getHeader('content-type') ?? '').startsWith('text/html')
    ) {
      return payload;
    }
    const at = payload.indexOf(HEADER);
    if (at < 0) return payload;
    return `${payload.slice(0, at)}${sandboxBanner().value}${payload.slice(at)}`;
  });
  await app.register(sandboxRoutes());
}
