import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { can } from '../../domain/permissions.js';
import type { Deps } from '../../services/deps.js';
import {
  AUDIT_PAGE_SIZE,
  auditChoices,
  auditSealState,
  searchAdminTrail,
  searchAuditTrail,
  type AuditTab,
} from '../../services/oversight/audit-search.js';
import { exportAuditSearch } from '../../services/oversight/audit-export.js';
import { downloadHeaders } from '../kit/download.js';
import { sendPage } from '../kit/guards.js';
import { page } from '../kit/layout.js';
import { readPage } from '../kit/pager.js';
import { portalUserOf } from '../kit/portal-caller.js';
import { AUDIT_EXPORT_PATH, AUDIT_PATH, auditPageBody } from './audit-views.js';

const text = (description: string, maxLength = 60) =>
  Type.Optional(Type.String({ maxLength, description }));

const AuditQuery = Type.Object({
  tab: text('jejak (bawaan) | admin: tindakan administratif', 10),
  nik: text('NIK lengkap (dicari persis)'),
  pengguna: text('User ID pengguna'),
  pelaku: text('User ID pelaku tindakan administratif'),
  instansi: text('Kode instansi', 40),
  respons: text('Kode respons', 40),
  tindakan: text('LOGIN | LOOKUP | EKSPOR, atau tindakan administratif', 40),
  dari: text('Tanggal awal (YYYY-MM-DD, WIB, termasuk)', 20),
  sampai: text('Tanggal akhir (YYYY-MM-DD, WIB, termasuk)', 20),
  halaman: text('Halaman (mulai 1)', 10),
  id: text('ID permintaan: nomor catatan jejak audit yang tercetak pada hasil verifikasi', 20),
});
type AuditQuery = Static<typeof AuditQuery>;

const ExportQuery = Type.Object({ ...AuditQuery.properties, format: text('csv | xlsx', 10) });
type ExportQuery = Static<typeof ExportQuery>;

function tabOf(query: { tab?: string | undefined }): AuditTab {
  return query.tab === 'admin' ? 'admin' : 'jejak';
}

/** Dukcapil's audit page and the export of its searches (issue 9 §1). */
export const auditRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    async function showAuditPage(
      request: FastifyRequest,
      reply: FastifyReply,
      query: AuditQuery,
      status = 200,
      notice?: string,
    ) {
      const user = portalUserOf(request);
      const tab = tabOf(query);
      const asked = { page: readPage(query).page, size: AUDIT_PAGE_SIZE };
      const [seal, choices, list] = await Promise.all([
        auditSealState(deps, user),
        auditChoices(deps),
        tab === 'admin'
          ? searchAdminTrail(deps, user, query, asked)
          : searchAuditTrail(deps, user, query, asked),
      ]);
      // An export refused for a wrong search shows the same problems the search finds here.
      const errors = list.errors;
      const body = auditPageBody({
        tab,
        seal,
        choices,
        ...(tab === 'admin'
          ? { admin: list as Awaited<ReturnType<typeof searchAdminTrail>> }
          : { access: list as Awaited<ReturnType<typeof searchAuditTrail>> }),
        errors,
        values: query,
        canExport: can(user.role, 'audit.export'),
        notice,
        now: deps.clock(),
      });
      const csrfToken = reply.generateCsrf();
      return sendPage(
        reply,
        status === 200 && errors.length > 0 ? 400 : status,
        page({ title: 'Jejak Audit', user, csrfToken, body }),
      );
    }

    app.get<{ Querystring: AuditQuery }>(
      AUDIT_PATH,
      {
        config: { permission: 'audit.view' },
        schema: {
          tags: ['Portal'],
          summary:
            'Jejak audit untuk Dukcapil: pencarian, halaman, ekspor, dan keadaan segel; tindakan administratif',
          querystring: AuditQuery,
        },
      },
      async (request, reply) => showAuditPage(request, reply, request.query),
    );

    app.get<{ Querystring: ExportQuery }>(
      AUDIT_EXPORT_PATH,
      {
        config: { permission: 'audit.export' },
        schema: {
          tags: ['Portal'],
          summary:
            'Ekspor hasil pencarian jejak audit (CSV/XLSX, paling banyak 100.000 baris; dicatat)',
          querystring: ExportQuery,
        },
      },
      async (request, reply) => {
        const { format, ...query } = request.query;
        const file = await exportAuditSearch(deps, portalUserOf(request), {
          format,
          tab: tabOf(query),
          params: query,
        });
        if (!file.ok) {
          return showAuditPage(request, reply, query, 422, file.message);
        }
        return downloadHeaders(reply, { filename: file.fileName, type: file.contentType }).send(
          file.body,
        );
      },
    );
  };
