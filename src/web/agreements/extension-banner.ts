import type { FastifyReply, FastifyRequest } from 'fastify';
import { html } from '../kit/html.js';
import { extensionBanner } from './agreement-field-views.js';

const MAIN = '<main>';

/**
 * An onSend hook that puts the extension period's notice atop every portal page an agency
 * user (operator or head) opens while their agreement is past its end date under a timely
 * extension request (SPEC §4), so that the officer at the counter knows why access goes on
 * and until when. The caller check already read it (PortalUser.agreementInExtension): no query.
 */
export function extensionBannerHook() {
  return async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const user = request.portalUser;
    if (
      !user?.agreementInExtension ||
      reply.statusCode !== 200 ||
      typeof payload !== 'string' ||
      !String(reply.getHeader('content-type') ?? '').startsWith('text/html')
    ) {
      return payload;
    }
    const at = payload.indexOf(MAIN);
    // A page that shows the notice itself (the agreement's own pages) is left as it is.
    if (at < 0 || payload.includes('id="masa-perpanjangan"')) return payload;
    const cut = at + MAIN.length;
    const banner = extensionBanner(
      'Tanggal berakhir PKS instansi Anda telah lewat dan permohonan perpanjangan sedang diproses Dukcapil.',
    );
    return `${payload.slice(0, cut)}${html`${banner}`.value}${payload.slice(cut)}`;
  };
}
