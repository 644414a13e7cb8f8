import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static, type TObject } from 'typebox';
import { Refusal, type RefusalDetail } from '../../domain/refusals.js';
import type { Deps } from '../../services/deps.js';
import { decideRequest, startReview } from '../../services/requests/decision.js';
import { schedulePoc } from '../../services/requests/poc.js';
import { requestDetail } from '../../services/requests/reading.js';
import { BAST_PASSWORD_MINUTES, bastPdf } from '../../services/requests/user-id-change.js';
import { Confirmation } from '../kit/confirm-box.js';
import { downloadHeaders } from '../kit/download.js';
import { acceptForms, postedForm, readForm, type FormValues } from '../kit/form-reader.js';
import { sendPage } from '../kit/guards.js';
import { page } from '../kit/layout.js';
import { portalUserOf } from '../kit/portal-caller.js';
import type { DecisionForm } from './decision-views.js';
import { showRequestPage, type IdParams } from './detail-routes.js';
import { handoverBody } from './handover-views.js';
import { DUKCAPIL_BASE, FORM_LIMITS, problemErrors } from './parts.js';

/**
 * Dukcapil's admin takes each step of a request (/dukcapil/permohonan/:id/…), with its
 * confirmation where the step cannot be undone; approving a user ID change answers with the
 * handover page, whose BAST download carries the one-time password.
 */

const Text = Type.Optional(Type.String());

/*
 * The steps' forms. Dates, numbers and letters are taken as typed: the use case checks them
 * with the request's state and reports every problem at once, as it does for the API.
 */
const ScheduleForm = Type.Object({ tanggalPoc: Text });
const ReviewForm = Type.Object({});
const AnswerForm = Type.Object({
  nomorJawaban: Text,
  tanggalJawaban: Text,
  userIdBaru: Text,
  nomorAdendum: Text,
  tanggalAdendum: Text,
  alasan: Text,
  konfirmasi: Confirmation,
});
const BastForm = Type.Object({ kataSandi: Type.String({ maxLength: 200 }) });

const ANSWER_LABELS = {
  nomorJawaban: 'Nomor surat jawaban',
  tanggalJawaban: 'Tanggal surat jawaban',
  userIdBaru: 'User ID yang dibuat',
  nomorAdendum: 'Nomor adendum PKS',
  tanggalAdendum: 'Tanggal adendum',
  alasan: 'Alasan',
};

type Step<S extends TObject> = (
  request: FastifyRequest<{ Params: IdParams }>,
  reply: FastifyReply,
  form: Static<S>,
) => Promise<string | FastifyReply>;

export const requestDecisionRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const formHooks = await acceptForms(app, FORM_LIMITS);
    const config = { permission: 'request.decide' } as const;

    app.post<{ Params: IdParams }>(
      `${DUKCAPIL_BASE}/:id/bast.pdf`,
      {
        config,
        preValidation: formHooks,
        schema: {
          tags: ['Portal'],
          summary: `Berita Acara Serah Terima dengan kata sandi sekali pakai (sesaat setelah persetujuan, ${BAST_PASSWORD_MINUTES} menit)`,
        },
      },
      async (request, reply) => {
        const form = readForm(request, BastForm, { labels: { kataSandi: 'Kata sandi' } });
        if (!form.ok) {
          throw new Refusal('PERMINTAAN_TIDAK_VALID', form.errors[0]!.message, {
            fields: form.errors,
          });
        }
        const pdf = await bastPdf(
          deps,
          portalUserOf(request),
          Number(request.params.id),
          form.value.kataSandi,
        );
        return downloadHeaders(reply, { filename: pdf.fileName, type: 'application/pdf' }).send(
          pdf.content,
        );
      },
    );

    /** The request's page again, with the posted form's values and the refusal's problems. */
    const sendBack = (
      request: FastifyRequest<{ Params: IdParams }>,
      reply: FastifyReply,
      name: DecisionForm,
      values: FormValues,
      detail: RefusalDetail,
    ) =>
      showRequestPage(deps, request, reply, DUKCAPIL_BASE, {
        status: 400,
        posted: { form: name, state: { values, errors: problemErrors(detail) } },
      });

    /**
     * A step's post: its form read by its schema, then the use case. Either refusal shows the
     * request's page again with the form's problems and values; done, the page says so.
     */
    function step<S extends TObject>(
      name: DecisionForm,
      summary: string,
      schema: S,
      options: { messages?: Record<string, string>; labels?: Record<string, string> },
      work: Step<S>,
    ) {
      app.post<{ Params: IdParams }>(
        `${DUKCAPIL_BASE}/:id/${name}`,
        { config, preValidation: formHooks, schema: { tags: ['Portal'], summary } },
        async (request, reply) => {
          // The answer letter's scan is left to the use case (`files: {}`), which checks it by
          // content and size as it checks the filing's attachments.
          const form = readForm(request, schema, { ...options, files: {} });
          if (!form.ok) {
            return showRequestPage(deps, request, reply, DUKCAPIL_BASE, {
              status: form.status,
              posted: { form: name, state: form },
            });
          }
          try {
            const outcome = await work(request, reply, form.value);
            if (typeof outcome !== 'string') return outcome;
            return reply.redirect(`${DUKCAPIL_BASE}/${request.params.id}?hasil=${outcome}`, 303);
          } catch (error) {
            if (!(error instanceof Refusal) || !error.detail?.problems) throw error;
            return sendBack(request, reply, name, form.values, error.detail);
          }
        },
      );
    }

    step(
      'jadwal',
      'Menjadwalkan (atau menjadwalkan ulang) PoC',
      ScheduleForm,
      { labels: { tanggalPoc: 'Tanggal PoC' } },
      async (request, _reply, form) => {
        const user = portalUserOf(request);
        await schedulePoc(deps, user, Number(request.params.id), form.tanggalPoc ?? '');
        return 'dijadwalkan';
      },
    );

    step('telaah', 'Menandai permohonan sedang ditelaah', ReviewForm, {}, async (request) => {
      await startReview(deps, portalUserOf(request), Number(request.params.id));
      return 'ditelaah';
    });

    for (const action of ['SETUJUI', 'TOLAK'] as const) {
      const approve = action === 'SETUJUI';
      step(
        approve ? 'setujui' : 'tolak',
        approve
          ? 'Menyetujui permohonan dengan surat jawaban (konfirmasi wajib); akibatnya langsung berlaku'
          : 'Menolak permohonan dengan surat jawaban dan alasan (konfirmasi wajib)',
        AnswerForm,
        {
          labels: ANSWER_LABELS,
          messages: {
            konfirmasi: `Centang pernyataan konfirmasi sebelum ${approve ? 'menyetujui' : 'menolak'} permohonan`,
          },
        },
        async (request, reply, form) => {
          const user = portalUserOf(request);
          const id = Number(request.params.id);
          const answerFile = postedForm(request).files.find((f) => f.field === 'suratJawaban');
          const result = await decideRequest(deps, user, id, {
            action,
            answerNumber: form.nomorJawaban ?? '',
            answerDate: form.tanggalJawaban ?? '',
            reason: form.alasan,
            answerFile: answerFile
              ? {
                  purpose: 'SURAT_JAWABAN',
                  fileName: answerFile.fileName,
                  content: answerFile.content,
                }
              : undefined,
            newUserId: form.userIdBaru,
            addendum: form.nomorAdendum
              ? { nomor: form.nomorAdendum, tanggal: form.tanggalAdendum ?? '' }
              : undefined,
          });
          if (!result.handedOver) return approve ? 'disetujui' : 'ditolak';
          // The one answer that shows the one-time password: not a redirect, so that it is
          // never at an address the browser could open again.
          const detail = await requestDetail(deps, user, id);
          const csrfToken = reply.generateCsrf();
          const body = handoverBody({
            requestId: id,
            agencyName: detail.agencyName,
            handedOver: result.handedOver,
            csrfToken,
            minutes: BAST_PASSWORD_MINUTES,
          });
          return sendPage(
            reply,
            200,
            page({ title: 'Serah terima user ID', user, csrfToken, body }),
          );
        },
      );
    }
  };
