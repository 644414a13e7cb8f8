import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import {
  isRequestKind,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
  type AttachmentPurpose,
} from '../../domain/requests.js';
import { wibDay } from '../../domain/time.js';
import type { Deps } from '../../services/deps.js';
import { NotFound } from '../../services/errors.js';
import type { UploadedFile } from '../../services/requests/request-attachments.js';
import {
  agencyChoices,
  attachmentFor,
  BAST_PASSWORD_MINUTES,
  bastPdf,
  decideRequest,
  fileRequest,
  filingContext,
  listRequestsFor,
  proposedUserId,
  requestDetail,
  RequestRefused,
  schedulePoc,
  startReview,
  type RequestActor,
} from '../../services/requests/requests.js';
import type { PortalUser } from '../../services/account/portal-session.js';
import { portalGuards, sendPage } from '../kit/guards.js';
import { page } from '../kit/layout.js';
import {
  AGENCY_BASE,
  DUKCAPIL_BASE,
  filingFormBody,
  handoverBody,
  kindChoiceBody,
  noAgreementBody,
  notFoundBody,
  requestDetailBody,
  requestListBody,
  type FormValues,
} from './views.js';
import { contentDisposition } from '../kit/content-disposition.js';
import { acceptPostedForms, field, type PostedForm } from '../kit/multipart-form.js';

interface ListQuery {
  instansi?: string;
  jenis?: string;
  status?: string;
  halaman?: string;
}

const listQuery = {
  type: 'object',
  properties: {
    instansi: { type: 'string', maxLength: 20, description: 'Kode instansi (Dukcapil saja)' },
    jenis: { type: 'string', maxLength: 40, description: 'Jenis permohonan' },
    status: { type: 'string', maxLength: 20, description: 'Status permohonan' },
    halaman: { type: 'string', maxLength: 6, description: 'Nomor halaman, mulai 1' },
  },
} as const;

interface IdParams {
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

/** The form's files by field: the head's letter, technical study and other attachments. */
const FILE_PURPOSES: Readonly<Record<string, AttachmentPurpose>> = {
  suratPermohonan: 'SURAT_PERMOHONAN',
  kajianTeknis: 'KAJIAN_TEKNIS',
  lampiranLain: 'LAMPIRAN_LAIN',
};

function actorOf(user: PortalUser): RequestActor {
  return { id: user.id, role: user.role, agencyId: user.agencyId };
}

/**
 * The requests section of the portal: the agency head files and follows their agency's
 * requests (/instansi/permohonan); Dukcapil staff see every request and the admin takes
 * each step with its confirmation (/dukcapil/permohonan).
 */
export const requestsPortalRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const checkedForm = await acceptPostedForms(app, {
      maxFileBytes: MAX_ATTACHMENT_BYTES,
      files: MAX_ATTACHMENTS + 3,
      fields: 60,
      parts: 80,
    });
    const { requirePermission } = portalGuards(deps);
    const head = requirePermission('request.viewOwn');
    const filer = requirePermission('request.file');
    const dukcapil = requirePermission('request.viewAll');
    const decider = requirePermission('request.decide');

    const today = () => wibDay(deps.clock());

    function notFound(reply: FastifyReply, user: PortalUser, base: string, message: string) {
      const csrfToken = reply.generateCsrf();
      return sendPage(
        reply,
        404,
        page({ title: 'Permohonan', user, csrfToken, body: notFoundBody(base, message) }),
      );
    }

    async function showDetail(
      request: FastifyRequest,
      reply: FastifyReply,
      base: string,
      id: number,
      options: { status?: number; problems?: readonly string[]; values?: FormValues } = {},
    ) {
      const user = request.portalUser!;
      const actor = actorOf(user);
      try {
        const detail = await requestDetail(deps, actor, id);
        const proposed =
          detail.actions.includes('SETUJUI') && detail.kind === 'PERUBAHAN_USER_ID'
            ? await proposedUserId(deps, actor, id)
            : '';
        const hasil = (request.query as { hasil?: string } | undefined)?.hasil;
        const csrfToken = reply.generateCsrf();
        const body = requestDetailBody({
          base,
          detail,
          csrfToken,
          message: hasil ? MESSAGES[hasil] : undefined,
          problems: options.problems,
          values: options.values,
          proposedUserId: proposed,
          today: today(),
        });
        return sendPage(
          reply,
          options.status ?? 200,
          page({ title: `Permohonan ${detail.id}`, user, csrfToken, body }),
        );
      } catch (error) {
        if (error instanceof NotFound) return notFound(reply, user, base, error.message);
        throw error;
      }
    }

    async function sendAttachment(
      request: FastifyRequest<{ Params: AttachmentParams }>,
      reply: FastifyReply,
      base: string,
    ) {
      const user = request.portalUser!;
      try {
        const file = await attachmentFor(
          deps,
          actorOf(user),
          Number(request.params.id),
          Number(request.params.lampiran),
        );
        return reply
          .type(file.contentType)
          .header('content-disposition', contentDisposition(file.fileName))
          .send(file.content);
      } catch (error) {
        if (error instanceof NotFound) return notFound(reply, user, base, error.message);
        throw error;
      }
    }

    async function sendBast(
      request: FastifyRequest<{ Params: IdParams }>,
      reply: FastifyReply,
      base: string,
      password?: string,
    ) {
      const user = request.portalUser!;
      try {
        const pdf = await bastPdf(deps, actorOf(user), Number(request.params.id), password);
        return reply
          .type('application/pdf')
          .header('content-disposition', contentDisposition(pdf.fileName))
          .send(pdf.content);
      } catch (error) {
        if (error instanceof NotFound) return notFound(reply, user, base, error.message);
        throw error;
      }
    }

    // -------------------------------------------------------------------------------------
    // Agency head

    app.get<{ Querystring: ListQuery }>(
      AGENCY_BASE,
      {
        preHandler: head,
        schema: {
          tags: ['Portal'],
          summary: 'Permohonan instansi sendiri: daftar dengan saringan dan halaman',
          querystring: listQuery,
        },
      },
      async (request, reply) => {
        const user = request.portalUser!;
        const list = await listRequestsFor(deps, actorOf(user), {
          kind: request.query.jenis,
          state: request.query.status,
          page: Number(request.query.halaman ?? 1),
        });
        const csrfToken = reply.generateCsrf();
        const body = requestListBody({
          base: AGENCY_BASE,
          title: 'Permohonan Instansi',
          page: list,
          canFile: true,
        });
        return sendPage(reply, 200, page({ title: 'Permohonan', user, csrfToken, body }));
      },
    );

    app.get<{ Querystring: { jenis?: string } }>(
      `${AGENCY_BASE}/baru`,
      {
        preHandler: filer,
        schema: {
          tags: ['Portal'],
          summary: 'Formulir permohonan baru (pilih jenis, lalu isi surat, isian dan lampiran)',
          querystring: {
            type: 'object',
            properties: { jenis: { type: 'string', maxLength: 40 } },
          },
        },
      },
      async (request, reply) => {
        const user = request.portalUser!;
        const csrfToken = reply.generateCsrf();
        const kind = request.query.jenis;
        let body;
        if (!isRequestKind(kind)) body = kindChoiceBody();
        else {
          const context = await filingContext(deps, actorOf(user));
          body = context ? filingFormBody({ csrfToken, kind, context }) : noAgreementBody();
        }
        return sendPage(reply, 200, page({ title: 'Ajukan Permohonan', user, csrfToken, body }));
      },
    );

    app.post(
      `${AGENCY_BASE}/baru`,
      {
        preValidation: checkedForm,
        preHandler: filer,
        schema: {
          tags: ['Portal'],
          summary: 'Mengajukan permohonan dengan lampiran (multipart, CSRF)',
        },
      },
      async (request, reply) => {
        const user = request.portalUser!;
        const form = request.body as PostedForm;
        const kind = field(form, 'jenis');
        if (!isRequestKind(kind)) return reply.redirect(`${AGENCY_BASE}/baru`, 303);
        const files: UploadedFile[] = form.files.flatMap((file) => {
          const purpose = FILE_PURPOSES[file.field];
          return purpose ? [{ purpose, fileName: file.fileName, content: file.content }] : [];
        });
        try {
          const id = await fileRequest(deps, actorOf(user), {
            kind,
            letterNumber: field(form, 'nomorSurat'),
            letterDate: field(form, 'tanggalSurat'),
            fields: form.fields,
            files,
          });
          return reply.redirect(`${AGENCY_BASE}/${id}?hasil=diajukan`, 303);
        } catch (error) {
          if (!(error instanceof RequestRefused)) throw error;
          const context = await filingContext(deps, actorOf(user));
          const csrfToken = reply.generateCsrf();
          const body = context
            ? filingFormBody({
                csrfToken,
                kind,
                context,
                values: form.fields,
                problems: error.problems,
              })
            : noAgreementBody();
          return sendPage(reply, 400, page({ title: 'Ajukan Permohonan', user, csrfToken, body }));
        }
      },
    );

    app.get<{ Params: IdParams }>(
      `${AGENCY_BASE}/:id`,
      {
        preHandler: head,
        schema: {
          tags: ['Portal'],
          summary: 'Permohonan instansi sendiri: isian, lampiran, jawaban dan riwayat',
        },
      },
      async (request, reply) => showDetail(request, reply, AGENCY_BASE, Number(request.params.id)),
    );

    app.get<{ Params: AttachmentParams }>(
      `${AGENCY_BASE}/:id/lampiran/:lampiran`,
      {
        preHandler: head,
        schema: { tags: ['Portal'], summary: 'Mengunduh lampiran permohonan instansi sendiri' },
      },
      async (request, reply) => sendAttachment(request, reply, AGENCY_BASE),
    );

    app.get<{ Params: IdParams }>(
      `${AGENCY_BASE}/:id/bast.pdf`,
      {
        preHandler: head,
        schema: {
          tags: ['Portal'],
          summary: 'Salinan Berita Acara Serah Terima user ID (PDF, tanpa kata sandi)',
        },
      },
      async (request, reply) => sendBast(request, reply, AGENCY_BASE),
    );

    // -------------------------------------------------------------------------------------
    // Dukcapil

    app.get<{ Querystring: ListQuery }>(
      DUKCAPIL_BASE,
      {
        preHandler: dukcapil,
        schema: {
          tags: ['Portal'],
          summary: 'Semua permohonan instansi: saringan instansi, jenis, status; halaman',
          querystring: listQuery,
        },
      },
      async (request, reply) => {
        const user = request.portalUser!;
        const actor = actorOf(user);
        const [list, agencies] = await Promise.all([
          listRequestsFor(deps, actor, {
            agencyCode: request.query.instansi,
            kind: request.query.jenis,
            state: request.query.status,
            page: Number(request.query.halaman ?? 1),
          }),
          agencyChoices(deps, actor),
        ]);
        const csrfToken = reply.generateCsrf();
        const body = requestListBody({
          base: DUKCAPIL_BASE,
          title: 'Permohonan Instansi',
          page: list,
          agencies,
          canFile: false,
        });
        return sendPage(reply, 200, page({ title: 'Permohonan', user, csrfToken, body }));
      },
    );

    app.get<{ Params: IdParams }>(
      `${DUKCAPIL_BASE}/:id`,
      {
        preHandler: dukcapil,
        schema: {
          tags: ['Portal'],
          summary: 'Permohonan: isian, lampiran, riwayat dan tindak lanjut (Admin Dukcapil)',
        },
      },
      async (request, reply) =>
        showDetail(request, reply, DUKCAPIL_BASE, Number(request.params.id)),
    );

    app.get<{ Params: AttachmentParams }>(
      `${DUKCAPIL_BASE}/:id/lampiran/:lampiran`,
      {
        preHandler: dukcapil,
        schema: { tags: ['Portal'], summary: 'Mengunduh lampiran permohonan' },
      },
      async (request, reply) => sendAttachment(request, reply, DUKCAPIL_BASE),
    );

    app.get<{ Params: IdParams }>(
      `${DUKCAPIL_BASE}/:id/bast.pdf`,
      {
        preHandler: dukcapil,
        schema: {
          tags: ['Portal'],
          summary: 'Salinan Berita Acara Serah Terima user ID (PDF, tanpa kata sandi)',
        },
      },
      async (request, reply) => sendBast(request, reply, DUKCAPIL_BASE),
    );

    app.post<{ Params: IdParams }>(
      `${DUKCAPIL_BASE}/:id/bast.pdf`,
      {
        preValidation: checkedForm,
        preHandler: decider,
        schema: {
          tags: ['Portal'],
          summary: `Berita Acara Serah Terima dengan kata sandi sekali pakai (sesaat setelah persetujuan, ${BAST_PASSWORD_MINUTES} menit)`,
        },
      },
      async (request, reply) =>
        sendBast(request, reply, DUKCAPIL_BASE, field(request.body as PostedForm, 'kataSandi')),
    );

    async function step(
      request: FastifyRequest<{ Params: IdParams }>,
      reply: FastifyReply,
      work: (actor: RequestActor, id: number, form: PostedForm) => Promise<string | void>,
    ) {
      const user = request.portalUser!;
      const id = Number(request.params.id);
      const form = request.body as PostedForm;
      try {
        const outcome = await work(actorOf(user), id, form);
        if (outcome) return reply.redirect(`${DUKCAPIL_BASE}/${id}?hasil=${outcome}`, 303);
        return reply;
      } catch (error) {
        if (error instanceof NotFound) return notFound(reply, user, DUKCAPIL_BASE, error.message);
        if (error instanceof RequestRefused)
          return showDetail(request, reply, DUKCAPIL_BASE, id, {
            status: 400,
            problems: error.problems,
            values: form.fields,
          });
        throw error;
      }
    }

    app.post<{ Params: IdParams }>(
      `${DUKCAPIL_BASE}/:id/jadwal`,
      {
        preValidation: checkedForm,
        preHandler: decider,
        schema: { tags: ['Portal'], summary: 'Menjadwalkan (atau menjadwalkan ulang) PoC' },
      },
      async (request, reply) =>
        step(request, reply, async (actor, id, form) => {
          await schedulePoc(deps, actor, id, field(form, 'tanggalPoc'));
          return 'dijadwalkan';
        }),
    );

    app.post<{ Params: IdParams }>(
      `${DUKCAPIL_BASE}/:id/telaah`,
      {
        preValidation: checkedForm,
        preHandler: decider,
        schema: { tags: ['Portal'], summary: 'Menandai permohonan sedang ditelaah' },
      },
      async (request, reply) =>
        step(request, reply, async (actor, id) => {
          await startReview(deps, actor, id);
          return 'ditelaah';
        }),
    );

    for (const action of ['SETUJUI', 'TOLAK'] as const) {
      app.post<{ Params: IdParams }>(
        `${DUKCAPIL_BASE}/:id/${action === 'SETUJUI' ? 'setujui' : 'tolak'}`,
        {
          preValidation: checkedForm,
          preHandler: decider,
          schema: {
            tags: ['Portal'],
            summary:
              action === 'SETUJUI'
                ? 'Menyetujui permohonan dengan surat jawaban (konfirmasi wajib); akibatnya langsung berlaku'
                : 'Menolak permohonan dengan surat jawaban dan alasan (konfirmasi wajib)',
          },
        },
        async (request, reply) =>
          step(request, reply, async (actor, id, form) => {
            if (field(form, 'konfirmasi') !== 'ya') {
              throw new RequestRefused([
                'Centang pernyataan konfirmasi sebelum ' +
                  (action === 'SETUJUI' ? 'menyetujui' : 'menolak') +
                  ' permohonan',
              ]);
            }
            const answerFile = form.files.find((file) => file.field === 'suratJawaban');
            const result = await decideRequest(deps, actor, id, {
              action,
              answerNumber: field(form, 'nomorJawaban'),
              answerDate: field(form, 'tanggalJawaban'),
              reason: field(form, 'alasan'),
              answerFile: answerFile
                ? {
                    purpose: 'SURAT_JAWABAN',
                    fileName: answerFile.fileName,
                    content: answerFile.content,
                  }
                : undefined,
              newUserId: field(form, 'userIdBaru') || undefined,
              addendum: field(form, 'nomorAdendum')
                ? { nomor: field(form, 'nomorAdendum'), tanggal: field(form, 'tanggalAdendum') }
                : undefined,
            });
            if (!result.handedOver) return action === 'SETUJUI' ? 'disetujui' : 'ditolak';
            // The one answer that shows the one-time password: not a redirect, so that it is
            // never at an address the browser could open again.
            const user = request.portalUser!;
            const detail = await requestDetail(deps, actor, id);
            const csrfToken = reply.generateCsrf();
            const body = handoverBody({
              requestId: id,
              agencyName: detail.agencyName,
              handedOver: result.handedOver,
              csrfToken,
              minutes: BAST_PASSWORD_MINUTES,
            });
            await sendPage(
              reply,
              200,
              page({ title: 'Serah terima user ID', user, csrfToken, body }),
            );
          }),
      );
    }
  };
