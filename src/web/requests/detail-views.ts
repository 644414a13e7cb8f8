import { ACCESS_METHOD_LABELS } from '../../domain/agreement-record.js';
import { ELEMENT_LABELS, type Element } from '../../domain/elements.js';
import type {
  BandwidthPayload,
  ExtensionPayload,
  MethodElementPayload,
  PocPayload,
} from '../../domain/requests.js';
import { wibDateTime } from '../../domain/time.js';
import {
  EMPLOYMENT_STATUS_LABELS,
  FIELD_LABELS,
  type UserIdChangeForm,
} from '../../domain/user-id-change.js';
import { ROLE_LABELS } from '../../domain/users.js';
import type {
  AttachmentInfo,
  HistoryEntry,
  RequestDetail,
} from '../../services/requests/reading.js';
import { alert, errorSummary } from '../kit/form-fields.js';
import { html, type Html } from '../kit/html.js';
import { table } from '../kit/table.js';
import { decisionErrorIds, decisionForms, type PostedDecision } from './decision-views.js';
import { dateText } from './parts.js';

/**
 * A request's page, for both readers: its summary, the answer, the kind's fields, the
 * attachments and the history; for Dukcapil's admin also the forms of the next steps.
 */

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toLocaleString('id-ID', { maximumFractionDigits: 1 })} MB`
    : `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('id-ID')} KB`;
}

function payloadList(detail: RequestDetail): Html {
  switch (detail.kind) {
    case 'PERUBAHAN_USER_ID': {
      const form = detail.payload as UserIdChangeForm;
      return html`<dl class="terms" id="isian">
        <dt>1. ${FIELD_LABELS.nik}</dt>
        <dd>${form.nik}</dd>
        <dt>2. ${FIELD_LABELS.namaLengkap}</dt>
        <dd>${form.namaLengkap}</dd>
        <dt>3. ${FIELD_LABELS.nomorIdentitasKepegawaian}</dt>
        <dd>${form.nomorIdentitasKepegawaian}</dd>
        <dt>4. ${FIELD_LABELS.statusKepegawaian}</dt>
        <dd>${EMPLOYMENT_STATUS_LABELS[form.statusKepegawaian]}</dd>
        <dt>5. ${FIELD_LABELS.jabatan}</dt>
        <dd>${form.jabatan}</dd>
        <dt>6. ${FIELD_LABELS.kodeWilayahKantor}</dt>
        <dd>${form.kodeWilayahKantor} (${form.namaWilayahKantor})</dd>
        <dt>7. Nama dan alamat kantor</dt>
        <dd>${form.namaKantor}, ${form.alamatKantor}</dd>
        <dt>${FIELD_LABELS.peran}</dt>
        <dd>${ROLE_LABELS[form.peran]}</dd>
        <dt>${FIELD_LABELS.userIdUsulan}</dt>
        <dd>${form.userIdUsulan || '— (ditentukan Dukcapil)'}</dd>
        <dt>${FIELD_LABELS.userIdDiganti}</dt>
        <dd>${form.userIdDiganti || '—'}</dd>
      </dl>`;
    }
    case 'POC': {
      const poc = detail.payload as PocPayload;
      return html`<dl class="terms" id="isian">
        <dt>Aplikasi yang diuji</dt>
        <dd>${poc.namaAplikasi}</dd>
        <dt>Keterangan</dt>
        <dd>${poc.keterangan || '—'}</dd>
        <dt>Tanggal PoC</dt>
        <dd>${dateText(detail.scheduledOn)}</dd>
      </dl>`;
    }
    case 'PERUBAHAN_METODE_ELEMEN': {
      const change = detail.payload as MethodElementPayload;
      return html`<dl class="terms" id="isian">
        <dt>Metode akses yang dimohonkan</dt>
        <dd>${change.metodeAkses.map((m) => ACCESS_METHOD_LABELS[m]).join(', ')}</dd>
        <dt>Elemen data yang dimohonkan</dt>
        <dd>${change.elemenData.map((e: Element) => ELEMENT_LABELS[e]).join(', ')}</dd>
      </dl>`;
    }
    case 'BANDWIDTH':
      return html`<dl class="terms" id="isian">
        <dt>Bandwidth yang dimohonkan</dt>
        <dd>${(detail.payload as BandwidthPayload).bandwidthKbps.toLocaleString('id-ID')} kbps</dd>
      </dl>`;
    case 'PERPANJANGAN':
      return html`<dl class="terms" id="isian">
        <dt>Tanggal berakhir baru</dt>
        <dd>${dateText((detail.payload as ExtensionPayload).berakhirBaru)}</dd>
      </dl>`;
  }
}

function attachmentsTable(base: string, detail: RequestDetail): Html {
  return table<AttachmentInfo>({
    id: 'lampiran',
    rows: detail.attachments,
    empty: 'Tidak ada lampiran.',
    columns: [
      { header: 'Lampiran', cell: (a) => a.purposeLabel },
      {
        header: 'Berkas',
        cell: (a) => html`<a href="${base}/${detail.id}/lampiran/${a.id}">${a.fileName}</a>`,
      },
      { header: 'Ukuran', cell: (a) => sizeText(a.sizeBytes), className: 'num' },
      { header: 'SHA-256', cell: (a) => html`<code class="hash">${a.sha256.slice(0, 16)}…</code>` },
    ],
  });
}

function historyTable(detail: RequestDetail): Html {
  return table<HistoryEntry>({
    id: 'riwayat',
    rows: detail.history,
    empty: 'Belum ada riwayat.',
    columns: [
      { header: 'Waktu (WIB)', cell: (h) => wibDateTime(h.at) },
      { header: 'Status', cell: (h) => h.toLabel },
      { header: 'Oleh', cell: (h) => h.actor ?? '—' },
      { header: 'Keterangan', cell: (h) => h.note ?? '' },
    ],
  });
}

function answerBlock(base: string, detail: RequestDetail): Html | string {
  if (!detail.answer) return '';
  return alert(
    detail.state === 'DISETUJUI' ? 'ok' : 'bad',
    html`<p>
        <strong>${detail.stateLabel}</strong> dengan surat jawaban nomor ${detail.answer.nomor}
        tanggal ${dateText(detail.answer.tanggal)}.
      </p>
      ${detail.decisionReason ? html`<p>${detail.state === 'DITOLAK' ? 'Alasan' : 'Catatan'}: ${detail.decisionReason}</p>` : ''}
      ${
        detail.bast
          ? html`<p>
              User ID <strong id="user-baru">${detail.bast.userId}</strong> diserahkan dengan Berita
              Acara Serah Terima nomor ${detail.bast.nomor} tanggal
              ${dateText(detail.bast.tanggal)}.
              <a href="${base}/${detail.id}/bast.pdf">Unduh salinan BAST (PDF, tanpa kata sandi)</a>
            </p>`
          : ''
      }`,
    { id: 'jawaban' },
  );
}

export function requestDetailBody(options: {
  readonly base: string;
  readonly detail: RequestDetail;
  readonly csrfToken: string;
  readonly message?: string | undefined;
  /** A decision form sent back with its problems. */
  readonly posted?: PostedDecision | undefined;
  readonly proposedUserId?: string;
  readonly today: string;
}): Html {
  const { detail, base, posted } = options;
  return html`<h1>Permohonan ${detail.id}: ${detail.kindLabel}</h1>
    ${options.message ? alert('ok', options.message, { id: 'pesan' }) : ''}
    ${posted ? errorSummary(posted.state.errors, { title: 'Permohonan belum dapat diproses', ids: decisionErrorIds(posted.form) }) : ''}
    <dl class="terms" id="ringkasan">
      <dt>Status</dt>
      <dd><strong id="status" data-state="${detail.state}">${detail.stateLabel}</strong></dd>
      <dt>Instansi</dt>
      <dd>${detail.agencyName} (${detail.agencyCode})</dd>
      <dt>PKS</dt>
      <dd>${detail.agreementNumber}</dd>
      <dt>Surat permohonan</dt>
      <dd>Nomor ${detail.letter.nomor} tanggal ${dateText(detail.letter.tanggal)}</dd>
      <dt>Diajukan</dt>
      <dd>${wibDateTime(detail.filedAt)} WIB oleh ${detail.filedBy}</dd>
    </dl>
    ${answerBlock(base, detail)}
    ${
      detail.kind === 'POC'
        ? html`<p id="tautan-poc">
            <a href="${base}/${detail.id}/poc">Daftar periksa PoC dan surat hasil PoC</a>
          </p>`
        : ''
    }
    <h2>Isian permohonan</h2>
    ${payloadList(detail)}
    <h2>Lampiran</h2>
    ${attachmentsTable(base, detail)}
    <h2>Riwayat</h2>
    ${historyTable(detail)}
    ${decisionForms({
      detail,
      csrfToken: options.csrfToken,
      proposedUserId: options.proposedUserId ?? '',
      posted,
      today: options.today,
    })}
    <p><a href="${base}">Kembali ke daftar permohonan</a></p>`;
}

export function notFoundBody(base: string, message: string): Html {
  return html`<h1>Permohonan tidak ditemukan</h1>
    <p>${message}</p>
    <p><a href="${base}">Kembali ke daftar permohonan</a></p>`;
}
