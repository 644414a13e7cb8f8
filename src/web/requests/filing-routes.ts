import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { isRequestKind, type AttachmentPurpose } from '../../domain/requests.js';
import { Refusal } from '../../domain/refusals.js';
import { FIELD_LABELS } from '../../domain/user-id-change.js';
import type { Deps } from '../../services/deps.js';
import { fileRequest, filingContext } from '../../services/requests/filing.js';
import type { UploadedFile } from '../../services/requests/request-attachments.js';
import { acceptForms, postedForm, readForm } from '../kit/form-reader.js';
import { sendPage } from '../kit/guards.js';
import { page } from '../kit/layout.js';
import { portalUserOf } from '../kit/portal-caller.js';
import {
  filingFormBody,
  kindChoiceBody,
  noAgreementBody,
  type FilingState,
} from './filing-views.js';
import { AGENCY_BASE, FORM_LIMITS, problemErrors } from './parts.js';

/**
 * Filing, for the agency head (/instansi/permohonan/baru): the choice of kind, the form of
 * the kind, and the multipart post that files it with its attachments.
 */

const Text = Type.Optional(Type.String());
const Ticked = Type.Optional(Type.Array(Type.String()));

/**
 * The filing form: the letter and the fields of every kind (a page shows one kind's). Each
 * is taken as typed: the use case checks every rule, as it does for the API, and reports
 * every problem at once — the letter, the kind's fields and the attachments together.
 */
const FilingForm = Type.Object({
  jenis: Text,
  nomorSurat: Text,
  tanggalSurat: Text,
  // PERUBAHAN_USER_ID
  nik: Text,
  namaLengkap: Text,
  nomorIdentitasKepegawaian: Text,
  statusKepegawaian: Text,
  jabatan: Text,
  kodeWilayahKantor: Text,
  namaKantor: Text,
  alamatKantor: Text,
  peran: Text,
  userIdUsulan: Text,
  userIdDiganti: Text,
  // POC
  namaAplikasi: Text,
  keterangan: Text,
  aplikasiId: Text,
  // PERUBAHAN_METODE_ELEMEN: one value per ticked box.
  metodeAkses: Ticked,
  elemenData: Ticked,
  // BANDWIDTH, PERPANJANGAN
  bandwidthKbps: Text,
  berakhirBaru: Text,
});

const FILING_LABELS: Readonly<Record<string, string>> = {
  ...FIELD_LABELS,
  jenis: 'Jenis permohonan',
  nomorSurat: 'Nomor surat',
  tanggalSurat: 'Tanggal surat',
  namaAplikasi: 'Nama aplikasi yang diuji',
  aplikasiId: 'Aplikasi terdaftar yang diuji',
  keterangan: 'Keterangan',
  metodeAkses: 'Metode akses',
  elemenData: 'Elemen data',
  bandwidthKbps: 'Bandwidth',
  berakhirBaru: 'Tanggal berakhir baru',
};

/** The form's files by field: the head's letter, technical study and other attachments. */
const FILE_PURPOSES: Readonly<Record<string, AttachmentPurpose>> = {
  suratPermohonan: 'SURAT_PERMOHONAN',
  kajianTeknis: 'KAJIAN_TEKNIS',
  lampiranLain: 'LAMPIRAN_LAIN',
};

export const requestFilingRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const formHooks = await acceptForms(app, FORM_LIMITS);
    const config = { permission: 'request.file' } as const;

    app.get<{ Querystring: { jenis?: string } }>(
      `${AGENCY_BASE}/baru`,
      {
        config,
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
        const user = portalUserOf(request);
        const csrfToken = reply.generateCsrf();
        const kind = request.query.jenis;
        let body;
        if (!isRequestKind(kind)) body = kindChoiceBody();
        else {
          const context = await filingContext(deps, user);
          body = context ? filingFormBody({ csrfToken, kind, context }) : noAgreementBody();
        }
        return sendPage(reply, 200, page({ title: 'Ajukan Permohonan', user, csrfToken, body }));
      },
    );

    app.post(
      `${AGENCY_BASE}/baru`,
      {
        config,
        preValidation: formHooks,
        schema: {
          tags: ['Portal'],
          summary: 'Mengajukan permohonan dengan lampiran (multipart, CSRF)',
        },
      },
      async (request, reply) => {
        const user = portalUserOf(request);
        // Files are left to the use case (`files: {}`): it checks each by content and size and
        // names it by what it is for ("Surat permohonan "x.pdf" melebihi batas 5 MB").
        const form = readForm(request, FilingForm, { labels: FILING_LABELS, files: {} });
        const kind = form.values.jenis;
        if (!isRequestKind(kind)) return reply.redirect(`${AGENCY_BASE}/baru`, 303);

        const sendBack = async (status: number, state: FilingState) => {
          const context = await filingContext(deps, user);
          const csrfToken = reply.generateCsrf();
          const body = context
            ? filingFormBody({ csrfToken, kind, context, state })
            : noAgreementBody();
          return sendPage(
            reply,
            status,
            page({ title: 'Ajukan Permohonan', user, csrfToken, body }),
          );
        };
        if (!form.ok) return sendBack(form.status, form);

        const { metodeAkses, elemenData } = form.value;
        const files: UploadedFile[] = postedForm(request).files.flatMap((file) => {
          const purpose = FILE_PURPOSES[file.field];
          return purpose ? [{ purpose, fileName: file.fileName, content: file.content }] : [];
        });
        try {
          const id = await fileRequest(deps, user, {
            kind,
            letterNumber: form.value.nomorSurat ?? '',
            letterDate: form.value.tanggalSurat ?? '',
            fields: form.value,
            files,
          });
          return reply.redirect(`${AGENCY_BASE}/${id}?hasil=diajukan`, 303);
        } catch (error) {
          if (!(error instanceof Refusal) || !error.detail?.problems) throw error;
          return sendBack(400, {
            values: form.values,
            errors: problemErrors(error.detail),
            // No box ticked reads as the agreement's terms again, as on the first showing.
            lists: {
              ...(metodeAkses?.length ? { metodeAkses } : {}),
              ...(elemenData?.length ? { elemenData } : {}),
            },
          });
        }
      },
    );
  };
