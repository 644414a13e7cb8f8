import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { exportDataBalikan } from '../../services/data-balikan/export.js';
import type { Deps } from '../../services/deps.js';
import { downloadHeaders } from '../kit/download.js';
import { portalUserOf } from '../kit/portal-caller.js';
import { EXPORT_PATH } from './export-views.js';

const ExportQuery = Type.Object({
  format: Type.Optional(Type.String({ maxLength: 10, description: 'csv | xlsx' })),
  agency: Type.Optional(
    Type.String({ maxLength: 40, description: 'Kode instansi (kosong: semua)' }),
  ),
  from: Type.Optional(
    Type.String({ maxLength: 20, description: 'Diterima sejak (YYYY-MM-DD, WIB)' }),
  ),
  to: Type.Optional(
    Type.String({ maxLength: 20, description: 'Diterima sampai (YYYY-MM-DD, WIB)' }),
  ),
  history: Type.Optional(Type.String({ maxLength: 5, description: '1: sertakan semua versi' })),
});

/** Dukcapil's export of the return data received (CSV/XLSX), recorded in the audit trail. */
export const dataBalikanExportRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    app.get<{ Querystring: Static<typeof ExportQuery> }>(
      EXPORT_PATH,
      {
        config: { permission: 'dataBalikan.export' },
        schema: {
          tags: ['Portal'],
          summary: 'Ekspor data balikan yang diterima (CSV/XLSX, Admin Dukcapil; dicatat di audit)',
          querystring: ExportQuery,
        },
      },
      async (request, reply) => {
        const query = request.query;
        const file = await exportDataBalikan(deps, portalUserOf(request), {
          format: query.format,
          agencyCode: query.agency,
          from: query.from,
          to: query.to,
          history: query.history === '1' || query.history === 'ya',
        });
        return downloadHeaders(reply, { filename: file.fileName, type: file.contentType }).send(
          file.body,
        );
      },
    );
  };
