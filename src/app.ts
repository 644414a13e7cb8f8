import Fastify, { LogController, type FastifyError, type FastifyInstance } from 'fastify';
import helmet from 'helmet';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import csrf from '@fastify/csrf-protection';
import type { TrustProxy } from './config.js';
import { normalizeClientIp } from './domain/client-ip.js';
import type { Deps } from './services/deps.js';
import { installCallerChecks, installRefusalHandlers } from './app-pipeline.js';
import {
  answerClientError,
  installLingeringClose,
  REQUEST_TIMEOUT_MS,
} from './app-lingering-close.js';
import { installInputGuard } from './app-input-guard.js';
import { installLoginLimits } from './app-login-limits.js';
import { installSandbox } from './app-sandbox.js';
import { sharedSchemaCompilers } from './app-schema-compilers.js';
import type { LoginLimits } from './domain/login-limits.js';
import { parseUrlEncoded } from './domain/input-text.js';
import { CSRF_COOKIE } from './web/kit/guards.js';
import { portalRoutes } from './web/lookup/routes.js';
import { secondStepRoutes } from './web/account/second-step.js';
import { accountRoutes } from './web/account/routes.js';
import { userDirectoryRoutes } from './web/users/directory-routes.js';
import { userAdminRoutes } from './web/users/admin-routes.js';
import { userDocumentRoutes } from './web/users/document-routes.js';
import { usersApiRoutes } from './http/users.js';
import { userAdminApiRoutes } from './http/user-admin.js';
import { userDocumentsApiRoutes } from './http/user-documents.js';
import { accountApiRoutes } from './http/account.js';
import { complianceRoutes } from './web/compliance/routes.js';
import { dataBalikanExportRoutes } from './web/data-balikan/export-routes.js';
import { dataBalikanFormRoutes } from './web/data-balikan/form-routes.js';
import { dataBalikanUploadRoutes } from './web/data-balikan/upload-routes.js';
import { overviewRoutes } from './web/overview/routes.js';
import { auditRoutes } from './web/oversight/audit-routes.js';
import { usageRoutes } from './web/oversight/usage-routes.js';
import { apiRoutes } from './http/lookup.js';
import { verificationApiRoutes } from './http/verification.js';
import { applicationApiRoutes } from './http/applications.js';
import { applicationPortalRoutes } from './web/applications/routes.js';
import { nationalServiceRoutes } from './http/national-service.js';
import { dataBalikanApiRoutes } from './http/data-balikan.js';
import { dataBalikanStoreRoutes } from './http/data-balikan-store.js';
import { apiDocumentationRoutes, registerOpenApi } from './http/openapi.js';
import { requestDecisionsApiRoutes } from './http/request-decisions.js';
import { requestsApiRoutes } from './http/requests.js';
import { requestDecisionRoutes } from './web/requests/decision-routes.js';
import { requestDetailRoutes } from './web/requests/detail-routes.js';
import { requestFilingRoutes } from './web/requests/filing-routes.js';
import { requestListRoutes } from './web/requests/list-routes.js';
import { pocChecklistRoutes } from './web/requests/poc-routes.js';
import { agencyDeadlineRoutes } from './web/deadlines/agency-routes.js';
import { deadlineOverviewRoutes } from './web/deadlines/overview-routes.js';
import { holidayRoutes } from './web/deadlines/holiday-routes.js';
import { deadlineBannerHook } from './web/deadlines/banner.js';
import { deadlinesApiRoutes } from './http/deadlines.js';
import { deadlineFulfilmentApiRoutes } from './http/deadline-fulfilments.js';
import { agencyConsoleRoutes } from './web/agreements/agency-routes.js';
import { agreementConsoleRoutes } from './web/agreements/agreement-routes.js';
import { agreementActionRoutes } from './web/agreements/agreement-action-routes.js';
import { patternPolicyRoutes } from './web/agreements/pattern-policy-routes.js';
import { alertRoutes } from './web/oversight/alert-routes.js';
import { residentHistoryRoutes } from './web/resident-history/statement-routes.js';
import { ownAgencyRoutes } from './web/agreements/own-agency-routes.js';
import { agreementFieldRoutes } from './web/agreements/agreement-field-routes.js';
import { extensionBannerHook } from './web/agreements/extension-banner.js';
import { agreementFieldApiRoutes } from './http/agreement-field-records.js';
import { agencyApiRoutes } from './http/agencies.js';
import { agreementApiRoutes } from './http/agreements.js';
import { ownAgreementApiRoutes } from './http/own-agreements.js';
import { printPermissionRoutes } from './web/agreements/print-permission-routes.js';
import { wordingProfileRoutes } from './web/agreements/wording-profile-routes.js';
import { STYLESHEET } from './web/kit/stylesheet.js';
import { guideRoutes } from './web/guide/routes.js';
import { cardReaderApiRoutes } from './http/card-readers.js';
import { agencyCardReaderRoutes } from './web/card-readers/agency-routes.js';
import { dukcapilCardReaderRoutes } from './web/card-readers/dukcapil-routes.js';
import { cardConsentRoutes } from './web/card-readers/consent-routes.js';
import { serviceCaseListRoutes } from './web/service-cases/list-routes.js';
import { serviceCaseRoutes } from './web/service-cases/case-routes.js';
import { reportRoutes } from './web/reports/routes.js';
import { evaluationRoutes } from './web/evaluation/routes.js';
import { dgReportRoutes } from './web/evaluation/dg-routes.js';
import { DEFAULT_DG_FORMAT, type DgFormat } from './domain/dg-report.js';
import type { Mailer } from './services/mail/mailer.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The address the access-point check compares, set once per request (see trustProxy). */
    clientIp: string;
  }
}

export interface AppOptions {
  /** See config.ts: false, true, or the addresses/networks of trusted reverse proxies. */
  readonly trustProxy: TrustProxy;
  readonly secureCookies: boolean;
  readonly logLevel: string;
  /** Where the log goes (standard output when absent); tests read it to prove what it lacks. */
  readonly logStream?: NodeJS.WritableStream;
  /** Failed logins per address and per account (app-login-limits.ts); its defaults when absent. */
  readonly loginLimits?: LoginLimits;
  /** The PoC sandbox (`gerbang sandbox`, app-sandbox.ts): its marker, banner and page. */
  readonly sandbox?: boolean;
  /** SMTP (config.mail), for what the portal mails at once (the report to the DG); none when absent. */
  readonly mailer?: Mailer | undefined;
  /** GERBANG_SUBDIT_MED_EMAIL: where the report to the Director General goes. */
  readonly subditMedEmail?: string | undefined;
  /** GERBANG_LAPORAN_DIRJEN_FORMAT: the DG report's sections; the default when absent. */
  readonly dgReportFormat?: DgFormat;
}

function safeError(error: FastifyError) {
  return {
    type: error.name,
    code: error.code,
    message: error.message,
    stack: (error.stack ?? '').split('\n').slice(1, 8).join('\n'),
  };
}

/**
 * The request pipeline, top to bottom: security headers, cookies and forms, CSRF, the
 * OpenAPI description, no-store on everything that may carry population data, the JSON API,
 * the portal, then 404 and errors.
 */
export async function buildApp(deps: Deps, options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    trustProxy:
      typeof options.trustProxy === 'boolean' ? options.trustProxy : [...options.trustProxy],
    bodyLimit: 64 * 1024,
    // A request not received whole in time is answered 408 and its connection closed.
    requestTimeout: REQUEST_TIMEOUT_MS,
    // What Node's parser refuses (a header section over its limit, a request not received whole
    // in time…) answered in Bahasa Indonesia, and closed so that a sending client reads it.
    clientErrorHandler: answerClientError,
    // Request bodies and answers may hold NIKs and names: never log them. The audit trail in
    // the database is the record of every access; these logs are for operations.
    logController: new LogController({ disableRequestLogging: true }),
    logger: {
      level: options.logLevel,
      ...(options.logStream ? { stream: options.logStream } : {}),
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      // A database error carries the statement's parameters (NIK, purpose, token hash): log
      // only what identifies the fault.
      serializers: { err: safeError },
    },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
    // Route schemas compiled once per process, not once per app (app-schema-compilers.ts).
    schemaController: sharedSchemaCompilers,
    // Query strings decoded so that malformed escapes and bytes show (U+FFFD) to the input
    // guard below, as form bodies are (formbody's parser).
    routerOptions: { querystringParser: parseUrlEncoded },
  });

  // The security headers (CSP, frame, referrer, HSTS behind TLS…) of every answer: helmet's
  // middleware, built once. (@fastify/helmet built it anew for each request, its directives
  // parsed every time: 6 µs of each lookup's CPU in the bench, issue 13.)
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: options.secureCookies,
    frameguard: { action: 'deny' },
  });
  app.addHook('onRequest', (request, reply, done) =>
    securityHeaders(request.raw, reply.raw, () => done()),
  );
  // A refusal sent before the body arrived whole still reaches a client that is sending.
  installLingeringClose(app);
  app.decorateRequest('clientIp', '');
  app.addHook('onRequest', async (request) => {
    request.clientIp = normalizeClientIp(request.ip);
  });
  // Each route declares its permission; the API's caller is checked at onRequest (before the
  // body is read), the portal's at preHandler; the handler takes the typed actor.
  installCallerChecks(app, deps);
  await app.register(cookie);
  await app.register(formbody, { parser: parseUrlEncoded });
  // Password spraying: failed logins limited per address and per account (issue 13).
  await installLoginLimits(app, deps, options.loginLimits);
  // No text with a NUL or that is not UTF-8 gets past the edge, on any route (issue 13).
  installInputGuard(app, deps);
  await app.register(csrf, {
    cookieKey: CSRF_COOKIE,
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'strict', secure: options.secureCookies },
  });
  // Collects the routes registered below; http/openapi.ts decides which document shows which.
  await registerOpenApi(app);

  // The PoC sandbox: its header on every answer and its banner on every page (issue 11).
  if (options.sandbox) await installSandbox(app, deps);
  // Overdue and due-soon deadlines atop every page an agency head opens (issue 3 item 6).
  app.addHook('onSend', deadlineBannerHook(deps));
  // The extension period's notice atop every page of the agency's users (issue 12 item 5).
  app.addHook('onSend', extensionBannerHook());
  app.addHook('onSend', async (request, reply) => {
    if (!request.url.startsWith('/static/')) {
      reply.header('cache-control', 'no-store');
      reply.header('pragma', 'no-cache');
    }
  });

  await app.register(apiDocumentationRoutes);
  app.get('/static/app.css', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=86400')
      .send(STYLESHEET),
  );

  // 404 and every error, by refusal code: JSON under /api/, the portal's error page elsewhere.
  installRefusalHandlers(app, deps);

  await app.register(apiRoutes(deps));
  await app.register(verificationApiRoutes(deps));
  await app.register(applicationApiRoutes(deps));
  await app.register(applicationPortalRoutes(deps));
  await app.register(nationalServiceRoutes(deps));
  await app.register(dataBalikanApiRoutes(deps));
  await app.register(dataBalikanStoreRoutes(deps));
  await app.register(portalRoutes(deps, { secureCookies: options.secureCookies }));
  await app.register(secondStepRoutes(deps, { secureCookies: options.secureCookies }));
  await app.register(accountRoutes(deps));
  await app.register(userDirectoryRoutes(deps));
  await app.register(userAdminRoutes(deps));
  await app.register(userDocumentRoutes(deps));
  await app.register(usersApiRoutes(deps));
  await app.register(userAdminApiRoutes(deps));
  await app.register(userDocumentsApiRoutes(deps));
  await app.register(accountApiRoutes(deps));
  await app.register(overviewRoutes(deps));
  await app.register(auditRoutes(deps));
  await app.register(usageRoutes(deps));
  await app.register(complianceRoutes(deps));
  await app.register(dataBalikanFormRoutes(deps));
  await app.register(dataBalikanUploadRoutes(deps));
  await app.register(dataBalikanExportRoutes(deps));
  await app.register(requestsApiRoutes(deps));
  await app.register(requestDecisionsApiRoutes(deps));
  await app.register(requestListRoutes(deps));
  await app.register(requestFilingRoutes(deps));
  await app.register(requestDetailRoutes(deps));
  await app.register(requestDecisionRoutes(deps));
  await app.register(pocChecklistRoutes(deps));
  await app.register(deadlineOverviewRoutes(deps));
  await app.register(agencyDeadlineRoutes(deps));
  await app.register(holidayRoutes(deps));
  await app.register(deadlinesApiRoutes(deps));
  await app.register(deadlineFulfilmentApiRoutes(deps));
  await app.register(agencyConsoleRoutes(deps));
  await app.register(agreementConsoleRoutes(deps));
  await app.register(agreementActionRoutes(deps));
  await app.register(patternPolicyRoutes(deps));
  await app.register(alertRoutes(deps));
  await app.register(residentHistoryRoutes(deps));
  await app.register(ownAgencyRoutes(deps));
  await app.register(agencyApiRoutes(deps));
  await app.register(agreementApiRoutes(deps));
  await app.register(ownAgreementApiRoutes(deps));
  await app.register(printPermissionRoutes(deps));
  await app.register(wordingProfileRoutes(deps));
  await app.register(guideRoutes(deps));
  await app.register(cardReaderApiRoutes(deps));
  await app.register(agencyCardReaderRoutes(deps));
  await app.register(dukcapilCardReaderRoutes(deps));
  await app.register(cardConsentRoutes(deps));
  await app.register(serviceCaseListRoutes(deps));
  await app.register(serviceCaseRoutes(deps));
  await app.register(reportRoutes(deps));
  await app.register(agreementFieldRoutes(deps));
  await app.register(agreementFieldApiRoutes(deps));
  await app.register(evaluationRoutes(deps));
  await app.register(
    dgReportRoutes(deps, {
      mailer: options.mailer,
      address: options.subditMedEmail,
      format: options.dgReportFormat ?? DEFAULT_DG_FORMAT,
      log: { info: (m) => app.log.info(m), error: (m) => app.log.error(m) },
    }),
  );
  return app;
}
