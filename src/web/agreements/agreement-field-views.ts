import { END_GROUND_LABELS } from '../../domain/agreement-ending.js';
import { EXTENSION_NOTICE } from '../../domain/agreement-extension.js';
import { DOCUMENT_MAX_BYTES } from '../../domain/documents.js';
import { wibDateTime } from '../../domain/time.js';
import type { AgreementView } from '../../services/agreements/agreement-queries.js';
import type { ForceMajeureView } from '../../services/agreements/force-majeure.js';
import { confirmBox } from '../kit/confirm-box.js';
import {
  dateField,
  errorSummary,
  field,
  fileField,
  form,
  textarea,
  type FormState,
} from '../kit/form-fields.js';
import { html, type Html } from '../kit/html.js';
import { agreementSummary } from './agreement-views.js';
import { agreementPath, date } from './console-views.js';

/**
 * What the agreements add (SPEC §4, issue 12 item 5) on the agreement's pages: the extension
 * period's notice, the Director General's approval letter, why it ended and a force majeure's
 * record; the forms that record the letter and end an agreement by force majeure.
 */

export const DG_APPROVAL_PATH = 'persetujuan-dirjen';
export const FORCE_MAJEURE_PATH = 'keadaan-kahar';
export const dgApprovalPath = (id: number) => `${agreementPath(id)}/${DG_APPROVAL_PATH}`;
export const forceMajeurePath = (id: number) => `${agreementPath(id)}/${FORCE_MAJEURE_PATH}`;

/**
 * The notice every console shows while an agreement is in its extension period (not the
 * kit's alert: role="status", so that it is not read out at once on every page).
 */
export function extensionNotice(agreement: Pick<AgreementView, 'inExtensionPeriod' | 'endsOn'>) {
  if (!agreement.inExtensionPeriod) return html``;
  return extensionBanner(
    `Tanggal berakhir PKS (${date(agreement.endsOn)}) telah lewat; permohonan perpanjangan diajukan tepat waktu.`,
  );
}

/** The notice itself, with what the page adds about it. */
export function extensionBanner(detail: string): Html {
  return html`<div class="alert warn" role="status" id="masa-perpanjangan">
    <strong>${EXTENSION_NOTICE}.</strong> ${detail}
  </div>`;
}

/** The letter, the end's ground and a force majeure's record, as a list beside the terms. */
export function agreementFacts(
  agreement: AgreementView,
  forceMajeure: ForceMajeureView | undefined,
  documentHref: string | undefined,
): Html {
  return html`<dl class="terms" id="catatan-pks">
    <dt>Surat persetujuan Direktur Jenderal</dt>
    <dd id="persetujuan-dirjen">
      ${
        agreement.dgApproval
          ? html`Nomor ${agreement.dgApproval.nomor}, tanggal ${date(agreement.dgApproval.tanggal)}`
          : html`<span class="hint">Belum dicatat</span>`
      }
    </dd>
    ${
      agreement.endGround
        ? html`<dt>Dasar berakhirnya PKS</dt>
            <dd id="dasar-berakhir">${END_GROUND_LABELS[agreement.endGround]}</dd>`
        : ''
    }
    ${
      forceMajeure
        ? html`<dt>Keadaan kahar</dt>
            <dd id="keadaan-kahar">
              Sejak ${date(forceMajeure.occurredOn)}: ${forceMajeure.description}
              ${documentHref ? html`<br /><a href="${documentHref}">Unduh dokumen</a>` : ''}
              <br /><span class="hint"
                >Dicatat ${wibDateTime(forceMajeure.recordedAt)} WIB · SHA-256
                ${forceMajeure.sha256}</span
              >
            </dd>`
        : ''
    }
  </dl>`;
}

/** The notice and the facts, as the detail pages (Dukcapil's and the head's) show them. */
export function factsSection(
  agreement: AgreementView,
  forceMajeure: ForceMajeureView | undefined,
  documentHref: string | undefined,
): Html {
  return html`${extensionNotice(agreement)}
    <div class="card">${agreementFacts(agreement, forceMajeure, documentHref)}</div>`;
}

/** Dukcapil's links to record the letter (draft or in force) and to end by force majeure. */
export function fieldActions(agreement: AgreementView): Html {
  const status = agreement.effectiveStatus;
  return html`${
    status === 'DRAFT' || status === 'AKTIF'
      ? html`<a class="button" href="${dgApprovalPath(agreement.id)}">Surat persetujuan Dirjen</a>`
      : ''
  }${
    status === 'AKTIF'
      ? html` <a class="button danger" href="${forceMajeurePath(agreement.id)}"
          >Akhiri karena keadaan kahar</a
        >`
      : ''
  }`;
}

export function dgApprovalFormBody(options: {
  readonly agreement: AgreementView;
  readonly csrfToken: string;
  readonly state: FormState;
}): Html {
  const { agreement, state } = options;
  return html`<p><a href="${agreementPath(agreement.id)}">« PKS ${agreement.nomorDukcapil}</a></p>
    <h1>Surat persetujuan Direktur Jenderal</h1>
    ${errorSummary(state.errors)} ${agreementSummary(agreement)}
    ${form({
      action: dgApprovalPath(agreement.id),
      csrfToken: options.csrfToken,
      className: 'card',
      id: 'form-persetujuan-dirjen',
      novalidate: true,
      body: html`<p class="hint">
          Catat nomor dan tanggal surat persetujuan Direktur Jenderal Kependudukan dan Pencatatan
          Sipil yang menjadi dasar PKS ini, sebagaimana tertulis pada surat. Pencatatan ulang
          menggantikan yang lama; keduanya tetap ada dalam riwayat.
        </p>
        ${field({ name: 'nomor', label: 'Nomor surat', required: true, maxlength: 100 }, state)}
        ${dateField({ name: 'tanggal', label: 'Tanggal surat', required: true }, state)}
        <button type="submit">Catat surat persetujuan</button>`,
    })}`;
}

export function forceMajeureFormBody(options: {
  readonly agreement: AgreementView;
  readonly csrfToken: string;
  readonly state: FormState;
}): Html {
  const { agreement, state } = options;
  return html`<p><a href="${agreementPath(agreement.id)}">« PKS ${agreement.nomorDukcapil}</a></p>
    <h1>Akhiri PKS karena keadaan kahar</h1>
    ${errorSummary(state.errors)} ${agreementSummary(agreement)}
    <div class="alert bad" role="note">
      Keadaan kahar (force majeure) menurut Pasal 6 PKS: kebijakan pemerintah yang membuat kerja
      sama tidak mungkin dilanjutkan. Seketika setelah diakhiri, semua pengguna
      ${agreement.agencyCode} mendapat "Instansi tidak aktif" di portal dan API, dan semua sesi
      serta token mereka diakhiri. Tindakan ini final.
    </div>
    ${form({
      action: forceMajeurePath(agreement.id),
      csrfToken: options.csrfToken,
      className: 'card',
      id: 'form-keadaan-kahar',
      multipart: true,
      novalidate: true,
      body: html`${dateField(
          { name: 'tanggal', label: 'Tanggal kebijakan berlaku', required: true },
          state,
        )}
        ${textarea(
          {
            name: 'uraian',
            label: 'Uraian kebijakan pemerintah dan akibatnya',
            required: true,
            maxlength: 1000,
          },
          state,
        )}
        ${fileField(
          {
            name: 'dokumen',
            label: `Dokumen kebijakan atau surat (PDF, PNG atau JPEG, maksimal ${DOCUMENT_MAX_BYTES / 1024 / 1024} MB)`,
            accept: '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg',
            required: true,
          },
          state,
        )}
        ${confirmBox(
          'konfirmasi-kahar',
          `Saya memahami bahwa PKS ${agreement.nomorDukcapil} berakhir seketika dan tindakan ini final.`,
          { state },
        )} <button type="submit" class="danger">Akhiri PKS karena keadaan kahar</button>`,
    })}`;
}
