import type { AgreementAction } from '../../domain/agreement-state.js';
import { formatDate } from '../../domain/indonesian-dates.js';
import { confirmBox } from '../kit/confirm-box.js';
import { alert, errorSummary, form, select, type FormState } from '../kit/form-fields.js';
import { html, type Html } from '../kit/html.js';

/**
 * What every page of the agencies-and-agreements console shares: its addresses, the notice
 * of an outcome, the tabs, and the confirmation page of a change that cannot be undone
 * (a reason and a ticked confirmation). Server-rendered, no script; every action is a form
 * with its CSRF token.
 */

export const CONSOLE = '/dukcapil/instansi';
export const AGREEMENTS = '/dukcapil/pks';
export const agencyPath = (id: number) => `${CONSOLE}/${id}`;
export const agreementPath = (id: number) => `${AGREEMENTS}/${id}`;

export const ACTION_PATHS: Readonly<Record<AgreementAction, string>> = {
  edit: 'ubah',
  activate: 'berlakukan',
  cancel: 'batalkan',
  amend: 'adendum',
  end: 'akhiri',
  revoke: 'cabut',
};

export function agreementActionPath(id: number, action: AgreementAction): string {
  return `${agreementPath(id)}/${ACTION_PATHS[action]}`;
}

/** The outcome shown after a change, by a fixed key (never text from the query string). */
export const OUTCOMES: Readonly<Record<string, string>> = {
  'instansi-didaftarkan': 'Instansi terdaftar.',
  'instansi-diubah': 'Data instansi disimpan.',
  'instansi-dinonaktifkan':
    'Instansi dinonaktifkan. Semua pengguna instansi kini mendapat "Instansi tidak aktif"; sesi dan token mereka diakhiri.',
  'instansi-diaktifkan':
    'Instansi diaktifkan kembali. Penggunanya dapat masuk lagi selama ada PKS yang berlaku.',
  'draf-dibuat': 'Draf PKS disimpan. Periksa isinya, lalu berlakukan setelah ditandatangani.',
  'draf-diubah': 'Perubahan draf PKS disimpan.',
  diberlakukan: 'PKS berlaku. Pengguna instansi dapat masuk dan memverifikasi NIK.',
  dibatalkan: 'Draf PKS dibatalkan.',
  diakhiri:
    'PKS diakhiri. Semua pengguna instansi kini mendapat "Instansi tidak aktif"; sesi dan token mereka diakhiri.',
  dicabut:
    'PKS dicabut. Semua pengguna instansi kini mendapat "Instansi tidak aktif"; sesi dan token mereka diakhiri.',
  adendum: 'Adendum dicatat. Ketentuan lama tetap tersimpan dalam riwayat.',
  'persetujuan-dirjen': 'Surat persetujuan Direktur Jenderal dicatat.',
  'keadaan-kahar':
    'PKS diakhiri karena keadaan kahar. Semua pengguna instansi kini mendapat "Instansi tidak aktif"; sesi dan token mereka diakhiri.',
  'pola-input': 'Kebijakan pola input NIK dan jam layanan disimpan.',
  'izin-cetak': 'Izin mencetak hasil verifikasi NIK disimpan.',
  'profil-teks': 'Profil teks jawaban layanan kompatibel disimpan.',
};

export function outcome(key: string | undefined): Html {
  const text = key ? OUTCOMES[key] : undefined;
  return text ? alert('ok', text, { id: 'hasil' }) : html``;
}

export const date = (iso: string | null | undefined) => (iso ? formatDate(iso) : '—');
export const number = (n: number) => n.toLocaleString('id-ID');
export const dash = (value: string | null | undefined) => value || '—';

export function tabs(current: 'instansi' | 'pks'): Html {
  return html`<nav class="tabs" aria-label="Bagian">
    ${
      current === 'instansi'
        ? html`<strong>Instansi</strong><a href="${AGREEMENTS}">Semua PKS</a>`
        : html`<a href="${CONSOLE}">Instansi</a><strong>Semua PKS</strong>`
    }
  </nav>`;
}

/** The confirmation box's id; its reason's is `${CONFIRM_ID}-alasan` (confirmBox). */
const CONFIRM_ID = 'konfirmasi';

/** Where the error summary's links land: the fields of the confirmation page. */
export const CONFIRM_FIELD_IDS = { konfirmasi: CONFIRM_ID, reason: `${CONFIRM_ID}-alasan` };

/** The confirmation page of an action that cannot be undone: reason, ticked checkbox, button. */
export function confirmBody(options: {
  title: string;
  csrfToken: string;
  action: string;
  back: string;
  summary: Html;
  warning: string;
  button: string;
  /** A choice of grounds placed before the reason (ending an agreement). */
  grounds?: readonly string[];
  reasonRequired: boolean;
  /** The form as sent back, or the state machine's refusal (field '') on opening it. */
  state?: FormState;
  danger?: boolean;
}): Html {
  const state = options.state;
  return html`<p><a href="${options.back}">« Kembali</a></p>
    <h1>${options.title}</h1>
    ${errorSummary(state?.errors, { ids: CONFIRM_FIELD_IDS })}
    <div class="card">${options.summary}</div>
    ${form({
      action: options.action,
      csrfToken: options.csrfToken,
      className: 'card admin-form',
      body: html`${alert('warn', options.warning)}
        ${
          options.grounds
            ? select(
                {
                  name: 'grounds',
                  label: 'Dasar (wajib)',
                  required: true,
                  options: options.grounds.map((g) => ({ value: g, label: g })),
                },
                state,
              )
            : ''
        }
        ${confirmBox(CONFIRM_ID, 'Saya telah memeriksa dan menyetujui tindakan ini', {
          reason: {
            name: 'reason',
            label: `Alasan${options.reasonRequired ? ' (wajib)' : ' (boleh dikosongkan)'}`,
            required: options.reasonRequired,
          },
          state,
        })}
        <button type="submit" class="${options.danger ? 'danger' : ''}">${options.button}</button>`,
    })}`;
}
