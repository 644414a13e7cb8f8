import { DOCUMENT_LABELS } from '../../domain/documents.js';
import { wibDateTime } from '../../domain/time.js';
import { MIN_PASSWORD_LENGTH } from '../../domain/users.js';
import type { AccountOverview } from '../../services/account/account.js';
import type { TotpEnrolment } from '../../services/account/totp.js';
import { html, trustedSvg, type Html } from '../kit/html.js';
import { formatDate } from '../../domain/indonesian-dates.js';

interface Messages {
  readonly error?: string | undefined;
  readonly notice?: string | undefined;
}

function messages(options: Messages): Html {
  return html`${options.error ? html`<div class="alert bad" role="alert">${options.error}</div>` : ''}
  ${options.notice ? html`<div class="alert ok" role="status">${options.notice}</div>` : ''}`;
}

function duties(account: AccountOverview): Html {
  const items: Html[] = [];
  if (account.mustChangePassword) {
    items.push(html`<li>Ganti kata sandi awal yang diberikan Admin sebelum memakai Gerbang.</li>`);
  }
  if (account.totpRequired && !account.totpEnabled) {
    items.push(
      html`<li>
        Aktifkan TOTP (kode dari aplikasi autentikator pada ponsel): wajib bagi Admin Dukcapil.
      </li>`,
    );
  }
  if (items.length === 0) return html``;
  return html`<div class="alert warn" role="alert" id="langkah-wajib">
    <strong>Sebelum melanjutkan:</strong>
    <ul>
      ${items}
    </ul>
  </div>`;
}

/** Each document the role signs (a head: the SPTJM and their own NDA), the first under its old id. */
function documentLine(account: AccountOverview): Html {
  return html`${account.requiredDocuments.map((document, index) =>
    documentEntry(
      document,
      index === 0 ? 'dokumen-saya' : `dokumen-saya-${document.kind.toLowerCase()}`,
    ),
  )}`;
}

function documentEntry(document: AccountOverview['requiredDocuments'][number], id: string): Html {
  const { kind, signedOn } = document;
  return html`<dt>${DOCUMENT_LABELS[kind]}</dt>
    <dd id="${id}">
      ${
        signedOn
          ? html`Tercatat, ditandatangani ${formatDate(signedOn)}`
          : html`<span class="flag bad">Belum tercatat</span> — verifikasi NIK belum dapat dilakukan
              sampai ${kind} yang ditandatangani dicatat oleh Admin
              Dukcapil${kind === 'NDA' ? ' atau kepala instansi' : ''}.`
      }
    </dd>`;
}

function passwordForm(csrfToken: string): Html {
  return html`<form method="post" action="/akun/kata-sandi" class="card" id="ganti-sandi">
    <input type="hidden" name="_csrf" value="${csrfToken}" />
    <h2>Ganti kata sandi</h2>
    <label for="current">Kata sandi saat ini</label>
    <input
      type="password"
      id="current"
      name="current"
      required
      maxlength="200"
      autocomplete="current-password"
    />
    <label for="next">Kata sandi baru</label>
    <input
      type="password"
      id="next"
      name="next"
      required
      minlength="${MIN_PASSWORD_LENGTH}"
      maxlength="200"
      autocomplete="new-password"
    />
    <label for="repeat">Ulangi kata sandi baru</label>
    <input
      type="password"
      id="repeat"
      name="repeat"
      required
      minlength="${MIN_PASSWORD_LENGTH}"
      maxlength="200"
      autocomplete="new-password"
    />
    <p class="hint">
      Minimal ${MIN_PASSWORD_LENGTH} karakter, tidak sama dengan user ID maupun kata sandi saat ini.
      Sesi lain akun ini diakhiri setelah kata sandi diganti.
    </p>
    <button type="submit">Ganti kata sandi</button>
  </form>`;
}

function totpSection(account: AccountOverview, csrfToken: string): Html {
  if (account.totpEnabled) {
    return html`<section class="card" id="totp">
      <h2>Verifikasi dua langkah (TOTP)</h2>
      <p>
        <span class="flag ok">Aktif</span> Setiap kali masuk, Gerbang meminta kode dari aplikasi.
      </p>
      ${
        account.totpRequired
          ? html`<p class="hint">
              TOTP wajib untuk akun ini. Bila ponsel hilang, minta Admin Dukcapil lain mereset TOTP.
            </p>`
          : html`<form method="post" action="/akun/totp/nonaktif">
              <input type="hidden" name="_csrf" value="${csrfToken}" />
              <label for="totp-password">Kata sandi untuk menonaktifkan TOTP</label>
              <input
                type="password"
                id="totp-password"
                name="password"
                required
                maxlength="200"
                autocomplete="current-password"
              />
              <button type="submit">Nonaktifkan TOTP</button>
            </form>`
      }
    </section>`;
  }
  return html`<section class="card" id="totp">
    <h2>Verifikasi dua langkah (TOTP)</h2>
    <p>
      ${account.totpRequired ? 'Wajib untuk akun ini.' : 'Tidak wajib, namun dianjurkan.'} Pasang
      aplikasi autentikator (mis. FreeOTP, Aegis, Google Authenticator) pada ponsel, lalu:
    </p>
    ${
      account.totpPending
        ? html`<p><a class="button" href="/akun/totp">Lanjutkan aktivasi TOTP</a></p>`
        : html`<form method="post" action="/akun/totp/mulai">
            <input type="hidden" name="_csrf" value="${csrfToken}" />
            <button type="submit">Aktifkan TOTP</button>
          </form>`
    }
  </section>`;
}

export function accountBody(
  options: Messages & { readonly account: AccountOverview; readonly csrfToken: string },
): Html {
  const { account } = options;
  return html`<h1>Akun</h1>
    ${messages(options)} ${duties(account)}
    <dl class="terms card">
      <dt>User ID</dt>
      <dd>${account.userId}</dd>
      <dt>Nama</dt>
      <dd>${account.displayName}</dd>
      <dt>Peran</dt>
      <dd>${account.roleLabel}${account.agencyName ? html` · ${account.agencyName}` : ''}</dd>
      <dt>Kata sandi terakhir diganti</dt>
      <dd>${account.passwordChangedAt ? `${wibDateTime(account.passwordChangedAt)} WIB` : '—'}</dd>
      ${documentLine(account)}
    </dl>
    ${passwordForm(options.csrfToken)} ${totpSection(account, options.csrfToken)}
    ${
      !account.mustChangePassword && !(account.totpRequired && !account.totpEnabled)
        ? html`<p><a href="/">Ke halaman utama</a></p>`
        : ''
    }`;
}

/** The secret as a QR code (inline SVG: paths only, checked in services/totp.ts) and as text. */
export function totpEnrolBody(
  options: Messages & { readonly enrolment: TotpEnrolment; readonly csrfToken: string },
): Html {
  const grouped = options.enrolment.secret.replace(/(.{4})/g, '$1 ').trim();
  return html`<p><a href="/akun">« Akun</a></p>
    <h1>Aktifkan TOTP</h1>
    ${messages(options)}
    <section class="card">
      <ol>
        <li>Pindai kode QR ini dengan aplikasi autentikator pada ponsel.</li>
        <li>Bila tidak dapat memindai, ketik kunci rahasia di bawahnya (jenis: berbasis waktu).</li>
        <li>Masukkan kode 6 digit yang tampil pada aplikasi untuk mengonfirmasi.</li>
      </ol>
      <figure class="qr">${trustedSvg(options.enrolment.qrSvg)}</figure>
      <p>Kunci rahasia: <code id="kunci-totp">${grouped}</code></p>
      <form method="post" action="/akun/totp/konfirmasi" autocomplete="off">
        <input type="hidden" name="_csrf" value="${options.csrfToken}" />
        <label for="kode">Kode dari aplikasi</label>
        <input
          type="text"
          id="kode"
          name="kode"
          required
          inputmode="numeric"
          maxlength="12"
          autocomplete="one-time-code"
        />
        <button type="submit">Konfirmasi</button>
      </form>
    </section>`;
}
