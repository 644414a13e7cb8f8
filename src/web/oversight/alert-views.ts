import {
  ALERT_STATE_LABELS,
  ALERT_STATES,
  KIND_LABELS,
  PATTERN_KINDS,
  POLICY_ACTION_LABELS,
  SCOPE_LABELS,
  type AlertState,
} from '../../domain/pattern-alert.js';
import { wibDateTime } from '../../domain/time.js';
import { USER_STATUS_LABELS } from '../../domain/user-status.js';
import type { AlertDetail, AlertView } from '../../services/oversight/alerts.js';
import { confirmBox } from '../kit/confirm-box.js';
import { alert, errorSummary, form, select, textarea, type FormState } from '../kit/form-fields.js';
import { html, type Html } from '../kit/html.js';
import { pager, type PageInfo } from '../kit/pager.js';
import { table } from '../kit/table.js';

/**
 * Dukcapil's pages of the input-pattern alerts: the list with its filters and pager, and one
 * alert with its evidence (WIB time, user ID, masked NIK, response), its review form and the
 * decision on the user it held. Server-rendered, no script; every action a form with CSRF.
 */

export const ALERTS = '/dukcapil/peringatan';
export const alertPath = (id: number) => `${ALERTS}/${id}`;

/** The outcome shown after an action, by a fixed key (never text from the query string). */
const OUTCOMES: Readonly<Record<string, string>> = {
  ditinjau: 'Peringatan ditandai sedang ditinjau.',
  selesai: 'Peringatan diselesaikan dengan catatan.',
  dilepas: 'Tahanan pengguna dilepas. Pencarian berikutnya kembali dilayani.',
  dipertahankan: 'Tahanan pengguna dipertahankan. Keputusan ini dicatat.',
};

function stateFlag(state: AlertState): Html {
  const tone = state === 'OPEN' ? 'bad' : state === 'DITINJAU' ? 'warn' : 'ok';
  return html`<span class="flag ${tone}" data-state="${state}">${ALERT_STATE_LABELS[state]}</span>`;
}

function actionFlag(view: AlertView): Html {
  const tone = view.action === 'BLOKIR' ? 'bad' : view.action === 'ALASAN' ? 'warn' : 'ok';
  return html`<span class="flag ${tone}" data-action="${view.action}"
    >${POLICY_ACTION_LABELS[view.action]}</span
  >`;
}

export interface AlertListFilter {
  readonly status: string;
  readonly instansi: string;
  readonly jenis: string;
}

export function alertListBody(options: {
  readonly rows: readonly AlertView[];
  readonly list: PageInfo;
  readonly filter: AlertListFilter;
  readonly counts: { readonly open: number; readonly unread: number };
  readonly agencies: readonly { id: number; code: string; name: string }[];
}): Html {
  const { filter, counts } = options;
  return html`<h1>Peringatan pola input NIK</h1>
    <p class="hint">
      Temuan kebijakan pola input (NIK berurutan, berpola, dalam waktu berdekatan, banyak NIK tidak
      ditemukan, di luar jam layanan, NIK penanda), per pengguna dan per instansi.
    </p>
    <p id="jumlah-terbuka" data-open="${counts.open}" data-unread="${counts.unread}">
      <strong>${counts.open}</strong> peringatan belum selesai, ${counts.unread} di antaranya belum
      ditinjau.
    </p>
    <form method="get" action="${ALERTS}" class="filters card">
      ${select({
        name: 'status',
        id: 'f-status',
        label: 'Status',
        placeholder: 'Semua',
        options: ALERT_STATES.map((s) => ({ value: s, label: ALERT_STATE_LABELS[s] })),
        value: filter.status,
      })}
      ${select({
        name: 'instansi',
        id: 'f-instansi',
        label: 'Instansi',
        placeholder: 'Semua',
        options: options.agencies.map((a) => ({ value: String(a.id), label: a.code })),
        value: filter.instansi,
      })}
      ${select({
        name: 'jenis',
        id: 'f-jenis',
        label: 'Jenis',
        placeholder: 'Semua',
        options: PATTERN_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] })),
        value: filter.jenis,
      })}
      <button type="submit">Tampilkan</button>
    </form>
    ${table({
      id: 'daftar-peringatan',
      rows: options.rows,
      empty: 'Tidak ada peringatan yang sesuai.',
      rowAttributes: (a) => ({ 'data-alert': a.id, 'data-kind': a.kind }),
      columns: [
        {
          header: 'Nomor',
          rowHeader: true,
          cell: (a) => html`<a href="${alertPath(a.id)}">#${a.id}</a>`,
        },
        { header: 'Terdeteksi (WIB)', cell: (a) => wibDateTime(a.createdAt) },
        { header: 'Instansi', cell: (a) => a.agencyCode },
        { header: 'User ID', cell: (a) => a.userLogin ?? '—' },
        { header: 'Jenis', cell: (a) => a.kindLabel },
        { header: 'Lingkup', cell: (a) => SCOPE_LABELS[a.scope] },
        { header: 'Tindakan sistem', cell: actionFlag },
        { header: 'Berulang', className: 'num', cell: (a) => a.repeats },
        { header: 'Status', cell: (a) => stateFlag(a.state) },
      ],
    })}
    ${pager(options.list, { path: ALERTS, query: filter, count: options.list.total })}`;
}

/** The forms of an alert's page and where the error summary's links land. */
export const FORM_IDS = {
  review: 'tinjau',
  release: 'lepas',
  keep: 'pertahankan',
} as const;
export type AlertFormId = (typeof FORM_IDS)[keyof typeof FORM_IDS];

/** By field name: the review's note, and a hold form's reason and box (confirmBox's ids). */
const fieldIds = (formId: AlertFormId) => ({
  note: `${formId}-catatan`,
  to: formId,
  konfirmasi: `${formId}-yakin`,
  alasan: `${formId}-yakin-alasan`,
});

function reviewForm(detail: AlertDetail, csrfToken: string, state?: FormState): Html {
  if (detail.state === 'SELESAI') return html``;
  const ids = fieldIds(FORM_IDS.review);
  const next = detail.state === 'OPEN' ? 'DITINJAU' : 'SELESAI';
  return form({
    action: `${alertPath(detail.id)}/tinjau`,
    csrfToken,
    id: FORM_IDS.review,
    className: 'card admin-form',
    body: html`<h2>Tinjauan</h2>
      <input type="hidden" name="to" value="${next}" />
      ${textarea(
        {
          name: 'note',
          id: ids.note,
          label: next === 'SELESAI' ? 'Catatan (wajib)' : 'Catatan (boleh dikosongkan)',
          hint:
            next === 'SELESAI'
              ? 'Hasil peninjauan: apa yang ditemukan dan tindak lanjutnya.'
              : undefined,
          required: next === 'SELESAI',
          maxlength: 1000,
        },
        state,
      )}
      <button type="submit">
        ${next === 'SELESAI' ? 'Selesaikan peringatan' : 'Tandai sedang ditinjau'}
      </button>`,
  });
}

function holdForms(detail: AlertDetail, csrfToken: string, sentBack?: SentBack): Html {
  if (detail.userStatus !== 'DITAHAN' || detail.userLogin === null) return html``;
  const stateOf = (id: AlertFormId) => (sentBack?.formId === id ? sentBack.state : undefined);
  const release = fieldIds(FORM_IDS.release);
  const keep = fieldIds(FORM_IDS.keep);
  return html`<section class="card" id="tahanan">
    <h2>Pengguna ${detail.userLogin} ditahan</h2>
    <p>
      Selama ditahan, setiap pencarian pengguna ini dijawab "Akses ditahan". Lepaskan tahanan
      setelah instansi memberi penjelasan, atau pertahankan bila belum.
    </p>
    ${form({
      action: `${alertPath(detail.id)}/lepas`,
      csrfToken,
      id: FORM_IDS.release,
      className: 'admin-form',
      body: html`<h3>Lepaskan tahanan</h3>
        ${confirmBox(release.konfirmasi, 'Saya yakin: pengguna ini kembali dapat mencari NIK', {
          reason: { label: 'Alasan pelepasan (wajib)', maxlength: 500 },
          state: stateOf(FORM_IDS.release),
        })}
        <button type="submit">Lepaskan tahanan</button>`,
    })}
    ${form({
      action: `${alertPath(detail.id)}/pertahankan`,
      csrfToken,
      id: FORM_IDS.keep,
      className: 'admin-form',
      body: html`<h3>Pertahankan tahanan</h3>
        ${confirmBox(keep.konfirmasi, 'Saya yakin: pengguna ini tetap ditahan', {
          reason: { label: 'Alasan tahanan dipertahankan (wajib)', maxlength: 500 },
          state: stateOf(FORM_IDS.keep),
        })}
        <button type="submit" class="danger">Pertahankan tahanan</button>`,
    })}
  </section>`;
}

export interface SentBack {
  readonly formId: AlertFormId;
  readonly state: FormState;
}

function facts(detail: AlertDetail): Html {
  return html`<dl class="terms" id="ringkasan">
    <dt>Sumber</dt>
    <dd data-source="${detail.source}">${detail.sourceLabel}</dd>
    <dt>Instansi</dt>
    <dd>${detail.agencyName} (${detail.agencyCode})</dd>
    <dt>PKS</dt>
    <dd>${detail.agreementNumber ?? '—'}</dd>
    <dt>User ID</dt>
    <dd data-user="${detail.userLogin ?? ''}">
      ${detail.userLogin ?? '—'}${
        detail.userStatus ? html` (${USER_STATUS_LABELS[detail.userStatus]})` : ''
      }
    </dd>
    <dt>Jenis</dt>
    <dd>${detail.kindLabel}</dd>
    <dt>Lingkup</dt>
    <dd>${SCOPE_LABELS[detail.scope]}</dd>
    <dt>Keterangan</dt>
    <dd>${detail.summary}</dd>
    <dt>Tindakan sistem</dt>
    <dd>${actionFlag(detail)}</dd>
    <dt>Terdeteksi</dt>
    <dd>${wibDateTime(detail.createdAt)} WIB</dd>
    <dt>Terakhir terlihat</dt>
    <dd>
      ${wibDateTime(detail.lastSeenAt)} WIB
      (${detail.repeats > 0 ? `berulang ${detail.repeats} kali` : 'belum berulang'})
    </dd>
    <dt>Status</dt>
    <dd>${stateFlag(detail.state)}</dd>
    ${
      detail.reviewedAt
        ? html`<dt>Ditinjau</dt>
            <dd>${detail.reviewer ?? '—'}, ${wibDateTime(detail.reviewedAt)} WIB</dd>`
        : ''
    }
    ${
      detail.note
        ? html`<dt>Catatan</dt>
            <dd class="reason" id="catatan">${detail.note}</dd>`
        : ''
    }
    ${
      detail.holdDecision && detail.holdDecidedAt
        ? html`<dt>Keputusan tahanan</dt>
            <dd id="keputusan" data-decision="${detail.holdDecision}">
              ${detail.holdDecisionLabel} oleh ${detail.holdDecider ?? '—'},
              ${wibDateTime(detail.holdDecidedAt)} WIB: ${detail.holdReason ?? ''}
            </dd>`
        : ''
    }
    <dt>Surel ke Dukcapil</dt>
    <dd>${detail.mailedAt ? `Terkirim ${wibDateTime(detail.mailedAt)} WIB` : 'Belum dikirim'}</dd>
  </dl>`;
}

export function alertDetailBody(options: {
  readonly detail: AlertDetail;
  readonly csrfToken: string;
  /** Dukcapil admins: the review and hold forms. Evaluators read only. */
  readonly canReview: boolean;
  readonly outcomeKey?: string | undefined;
  /** A form sent back with its problems, or a refusal of the action (field ''). */
  readonly sentBack?: SentBack | undefined;
}): Html {
  const { detail, csrfToken, sentBack } = options;
  const outcome = options.outcomeKey ? OUTCOMES[options.outcomeKey] : undefined;
  const ids = sentBack ? fieldIds(sentBack.formId) : undefined;
  return html`<p><a href="${ALERTS}">« Daftar peringatan</a></p>
    <h1>Peringatan #${detail.id}: ${detail.kindLabel}</h1>
    ${outcome ? alert('ok', outcome, { id: 'hasil' }) : ''}
    ${errorSummary(sentBack?.state.errors, { ids })}
    <div class="card">${facts(detail)}</div>
    <h2>
      Bukti: ${detail.evidence.length}
      ${detail.source === 'RIWAYAT_AKSES' ? 'permintaan riwayat akses' : 'pencarian'}
    </h2>
    <p class="hint">NIK disamarkan: kode wilayah dan nomor urut tampak, tanggal lahir tidak.</p>
    ${table({
      id: 'bukti',
      rows: detail.evidence,
      empty: 'Tidak ada pencarian yang tercatat.',
      // Requests at Dukcapil's counter are admin_action rows; lookups are audit_log rows.
      rowAttributes: (e) =>
        detail.source === 'RIWAYAT_AKSES'
          ? { 'data-action': e.auditId }
          : { 'data-audit': e.auditId },
      columns: [
        { header: 'Waktu (WIB)', cell: (e) => wibDateTime(e.at) },
        { header: 'User ID', cell: (e) => e.userLogin },
        { header: 'NIK', className: 'nik', cell: (e) => e.nik },
        {
          header: 'Respons',
          cell: (e) => html`<span data-code="${e.responseCode}">${e.responseCode}</span>`,
        },
      ],
    })}
    ${
      options.canReview
        ? html`${reviewForm(
            detail,
            csrfToken,
            sentBack?.formId === FORM_IDS.review ? sentBack.state : undefined,
          )}${holdForms(detail, csrfToken, sentBack)}`
        : ''
    }`;
}
