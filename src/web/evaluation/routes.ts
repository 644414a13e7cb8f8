import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { CHECK_ITEMS, type CheckItem } from '../../domain/evaluation.js';
import { can } from '../../domain/permissions.js';
import { Refusal } from '../../domain/refusals.js';
import type { Deps } from '../../services/deps.js';
import {
  cancelEvaluation,
  finaliseEvaluation,
  saveEvaluationDraft,
  type DraftInput,
} from '../../services/evaluation/draft.js';
import {
  confirmRevocation,
  recordWarningLetter,
  rejectRevocation,
} from '../../services/evaluation/follow-up.js';
import { startAdHocEvaluation, startReportEvaluation } from '../../services/evaluation/start.js';
import { evaluationDetail } from '../../services/evaluation/view.js';
import { warningLetterFile } from '../../services/evaluation/warning-letter.js';
import { reportInboxPage } from '../../services/evaluation/inbox.js';
import { CONFIRM_FIELD, CONFIRM_MESSAGE, isConfirmed } from '../kit/confirm-box.js';
import { downloadHeaders } from '../kit/download.js';
import { readForm, type FormValues } from '../kit/form-reader.js';
import { sendPage } from '../kit/guards.js';
import { page } from '../kit/layout.js';
import { portalUserOf } from '../kit/portal-caller.js';
import {
  DONE_MESSAGES,
  evaluationBody,
  evaluationPath,
  EVALUATIONS_PATH,
  inboxBody,
  INBOX_PATH,
  type EvaluationPageOptions,
} from './views.js';

const VIEW = { permission: 'evaluation.view' } as const;
const WRITE = { permission: 'evaluation.write' } as const;
const DECIDE = { permission: 'evaluation.decide' } as const;
const text = (maxLength: number) => Type.Optional(Type.String({ maxLength }));

/** The evaluation form: an answer and a note per item, the texts, the follow-up, the button. */
const DraftForm = Type.Object(
  Object.fromEntries([
    ...CHECK_ITEMS.flatMap((item) => [
      [`jawaban_${item}`, text(20)],
      [`catatan_${item}`, text(600)],
    ]),
    ['temuan', text(4100)],
    ['rekomendasi', text(4100)],
    ['tindakLanjut', text(30)],
    ['langkah', text(20)],
  ]),
);
const AdHocForm = Type.Object({ pks: text(12), dari: text(12), sampai: text(12) });
const CancelForm = Type.Object({ alasan: text(1100) });
const LetterForm = Type.Object({ nomorSurat: text(200), tanggalSurat: text(12) });
const DecisionForm = Type.Object({
  catatan: text(1100),
  keputusan: text(20),
  [CONFIRM_FIELD]: text(5),
});

interface IdParams {
  id: string;
}

const InboxQuery = {
  type: 'object',
  properties: {
    periode: { type: 'string', maxLength: 20, description: 'TAHUN-S1 | TAHUN-S2 | SEWAKTU_WAKTU' },
    instansi: { type: 'string', maxLength: 20, description: 'Kode instansi' },
    status: { type: 'string', maxLength: 10, description: 'BELUM | DRAF | FINAL' },
    halaman: { type: 'string', maxLength: 6 },
  },
} as const;

function draftInput(values: FormValues): DraftInput {
  const answers: Partial<Record<CheckItem, { answer: string; note: string }>> = {};
  for (const item of CHECK_ITEMS) {
    answers[item] = {
      answer: values[`jawaban_${item}`] ?? '',
      note: values[`catatan_${item}`] ?? '',
    };
  }
  return {
    answers,
    findings: values.temuan ?? '',
    recommendations: values.rekomendasi ?? '',
    followUp: values.tindakLanjut ?? '',
  };
}

/**
 * Dukcapil's report inbox and the evaluation pages (issue 10 items 3, 5): /dukcapil/laporan
 * (filters: period, agency, standing), an evaluation started from a report or ad hoc, its page
 * with the checklist form, and the follow-up's steps. Every step posts to its own path and,
 * done, redirects to the evaluation's page (`?hasil=`); a refusal comes back on the page with
 * its problems by field.
 */
export const evaluationRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const csrfCheck = app.csrfProtection.bind(app);

    async function showInbox(
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      adHoc?: EvaluationPageOptions['posted'],
    ) {
      const user = portalUserOf(request);
      const view = await reportInboxPage(deps, user, request.query as Record<string, string>);
      const csrfToken = reply.generateCsrf();
      const body = inboxBody({
        view,
        csrfToken,
        canWrite: can(user.role, 'evaluation.write'),
        ...(adHoc ? { adHoc } : {}),
      });
      return sendPage(reply, status, page({ title: 'Laporan instansi', user, csrfToken, body }));
    }

    async function showEvaluation(
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      extra: Pick<EvaluationPageOptions, 'posted' | 'refusal'> = {},
    ) {
      const user = portalUserOf(request);
      const id = Number((request.params as IdParams).id);
      const detail = await evaluationDetail(deps, user, id, { withFigures: true });
      const hasil = (request.query as { hasil?: string } | undefined)?.hasil;
      const csrfToken = reply.generateCsrf();
      const body = evaluationBody({
        detail,
        csrfToken,
        canWrite: can(user.role, 'evaluation.write'),
        canDecide: can(user.role, 'evaluation.decide'),
        message: hasil ? DONE_MESSAGES[hasil] : undefined,
        ...extra,
      });
      return sendPage(
        reply,
        status,
        page({ title: `Evaluasi #${detail.evaluation.id}`, user, csrfToken, body }),
      );
    }

    /** A refusal on the evaluation's page: problems by field, or the state met; else thrown. */
    function refused(
      request: FastifyRequest,
      reply: FastifyReply,
      error: unknown,
      formName: string,
      values: FormValues,
    ) {
      if (!(error instanceof Refusal)) throw error;
      const status = reply.refusalStatus(error);
      if (error.code === 'PERMINTAAN_TIDAK_VALID' || error.code === 'KONFIRMASI_DIPERLUKAN') {
        const errors = error.detail?.fields ?? [{ field: '', message: error.message }];
        return showEvaluation(request, reply, status, {
          posted: { form: formName, errors, values },
        });
      }
      if (error.code === 'KONFLIK' || error.code === 'TIDAK_BERWENANG') {
        return showEvaluation(request, reply, status, { refusal: error.message });
      }
      throw error;
    }

    const done = (reply: FastifyReply, id: number, what: string) =>
      reply.redirect(`${evaluationPath(id)}?hasil=${what}`, 303);

    app.get(
      INBOX_PATH,
      {
        config: VIEW,
        schema: {
          tags: ['Portal'],
          summary: 'Kotak laporan instansi dan evaluasinya (saringan: periode, instansi, keadaan)',
          querystring: InboxQuery,
        },
      },
      async (request, reply) => showInbox(request, reply, 200),
    );

    app.post<{ Params: IdParams }>(
      `${INBOX_PATH}/:id/evaluasi`,
      {
        config: WRITE,
        preValidation: csrfCheck,
        schema: { tags: ['Portal'], summary: 'Memulai evaluasi atas laporan instansi' },
      },
      async (request, reply) => {
        const id = await startReportEvaluation(
          deps,
          portalUserOf(request),
          Number(request.params.id),
        );
        return reply.redirect(evaluationPath(id), 303);
      },
    );

    app.post(
      EVALUATIONS_PATH,
      {
        config: WRITE,
        preValidation: csrfCheck,
        schema: {
          tags: ['Portal'],
          summary: 'Memulai evaluasi sewaktu-waktu atas PKS dan periode',
        },
      },
      async (request, reply) => {
        const posted = readForm(request, AdHocForm, {
          labels: { pks: 'PKS', dari: 'Tanggal awal', sampai: 'Tanggal akhir' },
        });
        if (!posted.ok) {
          return showInbox(request, reply, posted.status, {
            form: 'sewaktu',
            errors: posted.errors,
            values: posted.values,
          });
        }
        try {
          const id = await startAdHocEvaluation(deps, portalUserOf(request), {
            agreementId: Number(posted.value.pks ?? ''),
            from: posted.value.dari ?? '',
            to: posted.value.sampai ?? '',
          });
          return reply.redirect(evaluationPath(id), 303);
        } catch (error) {
          if (!(error instanceof Refusal) || error.code !== 'PERMINTAAN_TIDAK_VALID') throw error;
          return showInbox(request, reply, reply.refusalStatus(error), {
            form: 'sewaktu',
            errors: error.detail?.fields ?? [{ field: '', message: error.message }],
            values: posted.values,
          });
        }
      },
    );

    app.get<{ Params: IdParams }>(
      `${EVALUATIONS_PATH}/:id`,
      { config: VIEW, schema: { tags: ['Portal'], summary: 'Halaman satu evaluasi' } },
      async (request, reply) => showEvaluation(request, reply, 200),
    );

    app.post<{ Params: IdParams }>(
      `${EVALUATIONS_PATH}/:id/simpan`,
      {
        config: WRITE,
        preValidation: csrfCheck,
        schema: {
          tags: ['Portal'],
          summary: 'Menyimpan draf evaluasi, atau memfinalkannya (langkah=finalkan)',
        },
      },
      async (request, reply) => {
        const user = portalUserOf(request);
        const id = Number(request.params.id);
        const posted = readForm(request, DraftForm);
        if (!posted.ok) {
          return showEvaluation(request, reply, posted.status, {
            posted: { form: 'draf', errors: posted.errors, values: posted.values },
          });
        }
        const input = draftInput(posted.values);
        const finalise = posted.values.langkah === 'finalkan';
        try {
          if (finalise) await finaliseEvaluation(deps, user, id, input);
          else await saveEvaluationDraft(deps, user, id, input);
        } catch (error) {
          return refused(request, reply, error, 'draf', posted.values);
        }
        return done(reply, id, finalise ? 'finalkan' : 'simpan');
      },
    );

    app.post<{ Params: IdParams }>(
      `${EVALUATIONS_PATH}/:id/batalkan`,
      {
        config: WRITE,
        preValidation: csrfCheck,
        schema: { tags: ['Portal'], summary: 'Membatalkan draf evaluasi (dengan alasan)' },
      },
      async (request, reply) => {
        const id = Number(request.params.id);
        const posted = readForm(request, CancelForm);
        try {
          await cancelEvaluation(deps, portalUserOf(request), id, posted.values.alasan ?? '');
        } catch (error) {
          return refused(request, reply, error, 'batalkan', posted.values);
        }
        return done(reply, id, 'batalkan');
      },
    );

    app.get<{ Params: IdParams }>(
      `${EVALUATIONS_PATH}/:id/surat-teguran.pdf`,
      {
        config: VIEW,
        schema: {
          tags: ['Portal'],
          summary: 'Unduh surat teguran (PDF): draf sebelum dicatat terkirim, lalu surat bernomor',
        },
      },
      async (request, reply) => {
        const file = await warningLetterFile(
          deps,
          portalUserOf(request),
          Number(request.params.id),
        );
        reply.header('cache-control', 'no-store');
        return downloadHeaders(reply, { filename: file.fileName, type: 'application/pdf' }).send(
          file.content,
        );
      },
    );

    app.post<{ Params: IdParams }>(
      `${EVALUATIONS_PATH}/:id/teguran`,
      {
        config: WRITE,
        preValidation: csrfCheck,
        schema: { tags: ['Portal'], summary: 'Mencatat surat teguran terkirim' },
      },
      async (request, reply) => {
        const id = Number(request.params.id);
        const posted = readForm(request, LetterForm);
        try {
          await recordWarningLetter(deps, portalUserOf(request), id, {
            number: posted.values.nomorSurat ?? '',
            on: posted.values.tanggalSurat ?? '',
          });
        } catch (error) {
          return refused(request, reply, error, 'teguran', posted.values);
        }
        return done(reply, id, 'teguran');
      },
    );

    app.post<{ Params: IdParams }>(
      `${EVALUATIONS_PATH}/:id/pencabutan`,
      {
        config: DECIDE,
        preValidation: csrfCheck,
        schema: {
          tags: ['Portal'],
          summary:
            'Keputusan atas usul pencabutan: konfirmasi (PKS dicabut lewat alur pencabutan PKS) atau tidak disetujui',
        },
      },
      async (request, reply) => {
        const user = portalUserOf(request);
        const id = Number(request.params.id);
        const posted = readForm(request, DecisionForm);
        const note = posted.values.catatan ?? '';
        const confirm = posted.values.keputusan === 'konfirmasi';
        try {
          if (confirm) {
            if (!isConfirmed(posted.values)) {
              throw new Refusal('KONFIRMASI_DIPERLUKAN', CONFIRM_MESSAGE, {
                fields: [{ field: CONFIRM_FIELD, message: CONFIRM_MESSAGE }],
              });
            }
            await confirmRevocation(deps, user, id, note);
          } else {
            await rejectRevocation(deps, user, id, note);
          }
        } catch (error) {
          return refused(request, reply, error, 'pencabutan', posted.values);
        }
        return done(reply, id, confirm ? 'konfirmasi' : 'tolak');
      },
    );
  };
