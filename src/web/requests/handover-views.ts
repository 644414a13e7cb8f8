import type { HandedOver } from '../../services/requests/user-id-change.js';
import { alert, form } from '../kit/form-fields.js';
import { html, type Html } from '../kit/html.js';
import { DUKCAPIL_BASE } from './parts.js';

/**
 * The answer to approving a user ID change: the only place the one-time password is ever
 * shown. The BAST download posts it back (the page already holds it) so that the PDF can
 * carry it without the server keeping it anywhere.
 */
export function handoverBody(options: {
  readonly requestId: number;
  readonly agencyName: string;
  readonly handedOver: HandedOver;
  readonly csrfToken: string;
  readonly minutes: number;
}): Html {
  const { handedOver } = options;
  const base = `${DUKCAPIL_BASE}/${options.requestId}`;
  return html`<h1>Permohonan ${options.requestId} disetujui</h1>
    ${alert(
      'ok',
      html`User ID baru untuk ${options.agencyName} telah dibuat dengan Berita Acara Serah Terima
        nomor <strong id="nomor-bast">${handedOver.bast.nomor}</strong>.`,
      { id: 'pesan' },
    )}
    <div class="card" id="serah-terima">
      <dl class="terms">
        <dt>User ID</dt>
        <dd><strong id="user-id">${handedOver.userId}</strong></dd>
        <dt>Peran</dt>
        <dd>${handedOver.roleLabel}</dd>
        <dt>Kata sandi sekali pakai</dt>
        <dd><strong class="secret" id="kata-sandi">${handedOver.oneTimePassword}</strong></dd>
      </dl>
      ${alert(
        'warn',
        html`Kata sandi ini hanya ditampilkan sekali dan tidak disimpan oleh sistem. Cetak Berita
        Acara Serah Terima sekarang (tersedia ${options.minutes} menit); pengguna wajib menggantinya
        saat masuk pertama.`,
      )}
      ${form({
        action: `${base}/bast.pdf`,
        csrfToken: options.csrfToken,
        autocomplete: 'off',
        body: html`<input type="hidden" name="kataSandi" value="${handedOver.oneTimePassword}" />
          <button type="submit">Unduh BAST (PDF)</button>`,
      })}
    </div>
    <p>
      <a href="${base}">Lihat permohonan</a> · <a href="${DUKCAPIL_BASE}">Daftar permohonan</a>
    </p>`;
}
