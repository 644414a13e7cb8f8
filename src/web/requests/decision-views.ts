import { needsAddendum, REQUEST_ACTION_LABELS, type PocPayload } from '../../domain/requests.js';
import type { RequestDetail } from '../../services/requests/reading.js';
import { confirmBox } from '../kit/confirm-box.js';
import { dateField, field, fileField, form, type FormState } from '../kit/form-fields.js';
import { html, type Html } from '../kit/html.js';
import { DUKCAPIL_BASE } from './parts.js';

/**
 * Dukcapil's steps on a request page: schedule a PoC, start the review, approve or reject
 * with the answer letter (each with its confirmation).
 */

/** The forms of the steps, by the last segment of the address each posts to. */
export type DecisionForm = 'jadwal' | 'telaah' | 'setujui' | 'tolak';

/** A step's form sent back with its problems: only that form shows them and its values. */
export interface PostedDecision {
  readonly form: DecisionForm;
  readonly state: FormState;
}

/** Approval and rejection share the field names; their ids differ by this prefix. */
const PREFIX: Readonly<Record<'setujui' | 'tolak', string>> = { setujui: 's', tolak: 't' };

/** Where the error summary's links land: each field's id in the form that was posted. */
export function decisionErrorIds(posted: DecisionForm): Record<string, string> {
  if (posted === 'jadwal') return { tanggalPoc: 'd-tanggalPoc' };
  if (posted === 'telaah') return {};
  const p = PREFIX[posted];
  return {
    nomorJawaban: `${p}-nomorJawaban`,
    tanggalJawaban: `${p}-tanggalJawaban`,
    userIdBaru: `${p}-userIdBaru`,
    nomorAdendum: `${p}-nomorAdendum`,
    tanggalAdendum: `${p}-tanggalAdendum`,
    alasan: `${p}-konfirmasi-alasan`,
    suratJawaban: `${p}-suratJawaban`,
    konfirmasi: `${p}-konfirmasi`,
  };
}

function scheduleForm(detail: RequestDetail, csrfToken: string, today: string, state: FormState) {
  return form({
    action: `${DUKCAPIL_BASE}/${detail.id}/jadwal`,
    csrfToken,
    id: 'form-jadwal',
    className: 'card request-form',
    body: html`<h3>${REQUEST_ACTION_LABELS.JADWALKAN}</h3>
      ${dateField(
        {
          name: 'tanggalPoc',
          id: 'd-tanggalPoc',
          label: 'Tanggal PoC',
          required: true,
          min: today,
        },
        state,
      )}
      <button type="submit">
        ${detail.state === 'DIJADWALKAN' ? 'Jadwalkan ulang' : 'Jadwalkan'}
      </button>`,
  });
}

function reviewForm(detail: RequestDetail, csrfToken: string) {
  return form({
    action: `${DUKCAPIL_BASE}/${detail.id}/telaah`,
    csrfToken,
    id: 'form-telaah',
    className: 'card request-form',
    body: html`<h3>${REQUEST_ACTION_LABELS.TELAAH}</h3>
      <p class="hint">
        Permohonan ditandai sedang ditelaah; persetujuan hanya dapat diberikan sesudah telaah.
      </p>
      <button type="submit">Mulai telaah</button>`,
  });
}

function answerForm(
  action: 'setujui' | 'tolak',
  options: { detail: RequestDetail; csrfToken: string; proposedUserId: string; today: string },
  state: FormState,
): Html {
  const { detail, today } = options;
  const approve = action === 'setujui';
  const p = PREFIX[action];
  const poc = detail.kind === 'POC';
  return form({
    action: `${DUKCAPIL_BASE}/${detail.id}/${action}`,
    csrfToken: options.csrfToken,
    multipart: true,
    id: `form-${action}`,
    className: 'card request-form',
    body: html`<h3>
        ${approve ? (poc ? 'Setujui: PoC lulus' : 'Setujui') : poc ? 'Tolak: PoC tidak lulus' : 'Tolak'}
      </h3>
      ${
        approve && poc && (detail.payload as PocPayload).aplikasiId !== undefined
          ? html`<p class="hint">
              PoC aplikasi hanya dapat disetujui setelah
              <a href="${DUKCAPIL_BASE}/${detail.id}/poc">daftar periksa PoC</a> lengkap dan seluruh
              kasusnya lulus.
            </p>`
          : ''
      }
      ${field(
        {
          name: 'nomorJawaban',
          id: `${p}-nomorJawaban`,
          label: 'Nomor surat jawaban',
          maxlength: 100,
          required: true,
        },
        state,
      )}
      ${dateField(
        {
          name: 'tanggalJawaban',
          id: `${p}-tanggalJawaban`,
          label: 'Tanggal surat jawaban',
          required: true,
          max: today,
          value: state.values?.tanggalJawaban || today,
        },
        state,
      )}
      ${
        approve && detail.kind === 'PERUBAHAN_USER_ID'
          ? field(
              {
                name: 'userIdBaru',
                id: 's-userIdBaru',
                label: 'User ID yang dibuat',
                maxlength: 60,
                required: true,
                value: state.values?.userIdBaru || options.proposedUserId,
                hint: 'Kata sandi sekali pakai dibuat sistem dan ditampilkan satu kali setelah persetujuan, bersama Berita Acara Serah Terima.',
              },
              state,
            )
          : ''
      }
      ${
        approve && needsAddendum(detail.kind)
          ? html`${field(
              {
                name: 'nomorAdendum',
                id: 's-nomorAdendum',
                label: 'Nomor adendum PKS',
                maxlength: 60,
                required: true,
              },
              state,
            )}
            ${dateField(
              {
                name: 'tanggalAdendum',
                id: 's-tanggalAdendum',
                label: 'Tanggal adendum',
                required: true,
                max: today,
                value: state.values?.tanggalAdendum || today,
              },
              state,
            )}`
          : ''
      }
      ${fileField(
        {
          name: 'suratJawaban',
          id: `${p}-suratJawaban`,
          label: 'Pindaian surat jawaban (tidak wajib)',
          accept: 'application/pdf,image/png,image/jpeg',
        },
        state,
      )}
      ${confirmBox(
        `${p}-konfirmasi`,
        approve
          ? 'Saya telah memeriksa permohonan ini dan menyetujuinya; akibatnya langsung berlaku.'
          : 'Saya telah memeriksa permohonan ini dan menolaknya; penolakan tidak dapat dibatalkan.',
        {
          state,
          reason: approve
            ? { label: 'Catatan (tidak wajib)', required: false, maxlength: 1000 }
            : { label: 'Alasan penolakan (wajib)', required: true, maxlength: 1000 },
        },
      )}
      <button type="submit" class="${approve ? '' : 'danger'}">
        ${approve ? 'Setujui permohonan' : 'Tolak permohonan'}
      </button>`,
  });
}

export function decisionForms(options: {
  detail: RequestDetail;
  csrfToken: string;
  proposedUserId: string;
  posted: PostedDecision | undefined;
  today: string;
}): Html | string {
  const { detail, csrfToken, posted, today } = options;
  if (detail.actions.length === 0) return '';
  const stateOf = (name: DecisionForm): FormState => (posted?.form === name ? posted.state : {});
  const forms = detail.actions.map((action) => {
    switch (action) {
      case 'JADWALKAN':
        return scheduleForm(detail, csrfToken, today, stateOf('jadwal'));
      case 'TELAAH':
        return reviewForm(detail, csrfToken);
      case 'SETUJUI':
        return answerForm('setujui', options, stateOf('setujui'));
      case 'TOLAK':
        return answerForm('tolak', options, stateOf('tolak'));
    }
  });
  return html`<h2>Tindak lanjut</h2>
    ${forms}`;
}
