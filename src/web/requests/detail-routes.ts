import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { wibDay } from '../../domain/time.js';
import type { Deps } from '../../services/deps.js';
import { attachmentFor, requestDetail } from '../../services/requests/reading.js';
import { bastPdf, proposedUserId } from '../../services/requests/user-id-change.js';
import { downloadHeaders } from '../kit/download.js';
import { sendPage } from '../kit/guards.js';
import { page } from '../kit/layout.js';
import { portalUserOf } from '../kit/portal-caller.js';
import type { PostedDecision } from './decision-views.js';
import { requestDetailBody } from './detail-views.js';
import { AGENCY_BASE, DUKCAPIL_BASE } from './parts.js';

/**
 * A request's page and its files, for both readers: the agency head under
 * /instansi/permohonan/:id (their own agency's), Dukcapil under /dukcapil/permohonan/:id. A
 * request or file the reader may not see is refused as absent by the use case, and the app's
 * error page says so.
 */

export interface IdParams {
  id: string;
}
interface AttachmentParams extends IdParams {
  lampiran: string;
}

const MESSAGES: Readonly<Record<string, string>> = {
  diajukan: 'Permohonan telah diajukan dan menunggu tindak lanjut Dinas Dukcapil.',
  dijadwalkan: 'Tanggal PoC telah dicatat.',
  ditelaah: 'Permohonan ditandai sedang ditelaah.',
  disetujui: 'Permohonan disetujui; akibatnya telah berlaku pada PKS.',
  ditolak: 'Permohonan ditolak; instansi dapat melihat alasannya.',
};

/** The request's page; a decision form sent back shows its problems and its values. */
export async function showRequestPage(
  deps: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
  base: string,
  options: { status?: number; posted?: PostedDecision } = {},
) {
  const user = portalUserOf(request);
  const id = Number((request.params as IdParams).id);
  const detail = await requestDetail(deps, user, id);
  const proposed =
    detail.actions.includes('SETUJUI') && detail.kind === 'PERUBAHAN_USER_ID'
      ? await proposedUserId(deps, user, id)
      : '';
  const hasil = (request.query as { hasil?: string } | undefined)?.hasil;
  const csrfToken = reply.generateCsrf();
  const body = requestDetailBody({
    base,
    detail,
    csrfToken,
    message: hasil ? MESSAGES[hasil] : undefined,
    posted: options.posted,
    proposedUserId: proposed,
    today: wibDay(deps.clock()),
  });
  return sendPage(
    reply,
    options.status ?? 200,
    page({ title: `Permohonan ${detail.id}`, user, csrfToken, body }),
  );
}

export const requestDetailRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    for (const [base, permission] of [
      [AGENCY_BASE, 'request.viewOwn'],
      [DUKCAPIL_BASE, 'request.viewAll'],
    ] as const) {
      const agency = base === AGENCY_BASE;
      const config = { permission };

      app.get<{ Params: IdParams }>(
        `${base}/:id`,
        {
          config,
          schema: {
            tags: ['Portal'],
            summary: agency
              ? 'Permohonan instansi sendiri: isian, lampiran, jawaban dan riwayat'
              : 'Permohonan: isian, lampiran, riwayat dan tindak lanjut (Admin Dukcapil)',
          },
        },
        async (request, reply) => showRequestPage(deps, request, reply, base),
      );

      app.get<{ Params: AttachmentParams }>(
        `${base}/:id/lampiran/:lampiran`,
        {
          config,
          schema: {
            tags: ['Portal'],
            summary: agency
              ? 'Mengunduh lampiran permohonan instansi sendiri'
              : 'Mengunduh lampiran permohonan',
          },
        },
        async (request, reply) => {
          const file = await attachmentFor(
            deps,
            portalUserOf(request),
            Number(request.params.id),
            Number(request.params.lampiran),
          );
          return downloadHeaders(reply, { filename: file.fileName, type: file.contentType }).send(
            file.content,
          );
        },
      );

      app.get<{ Params: IdParams }>(
        `${base}/:id/bast.pdf`,
        {
          config,
          schema: {
            tags: ['Portal'],
            summary: 'Salinan Berita Acara Serah Terima user ID (PDF, tanpa kata sandi)',
          },
        },
        async (request, reply) => {
          const pdf = await bastPdf(deps, portalUserOf(request), Number(request.params.id));
          return downloadHeaders(reply, { filename: pdf.fileName, type: 'application/pdf' }).send(
            pdf.content,
          );
        },
      );
    }
  };
