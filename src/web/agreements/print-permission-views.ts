import type { PrintPermission } from '../../services/agreements/print-permission.js';
import { form, select } from '../kit/form-fields.js';
import { html, type Html } from '../kit/html.js';
import { agreementPath } from './console-views.js';

/**
 * Whether the agency may print its lookup results (issue 12 item 3): the section on the
 * agreement's page, with Dukcapil's form in it for whoever may change it.
 */

export const printPermissionPath = (agreementId: number) =>
  `${agreementPath(agreementId)}/izin-cetak`;

/** The posted choice: YA allows printing, TIDAK forbids it. */
export const PRINT_CHOICES = ['YA', 'TIDAK'] as const;

const EFFECT = {
  allowed:
    'Diizinkan: hasil verifikasi dapat dicetak; cetakan hanya memuat hasil, tanda asal (petugas, instansi, waktu WIB, ID permintaan) dan pemberitahuan kerahasiaan.',
  forbidden:
    'Tidak diizinkan: halaman hasil menyatakannya, dan cetakan hanya memuat pemberitahuan bahwa PKS tidak mengizinkan pencetakan, tanpa data.',
};

export function printPermissionSection(
  permission: PrintPermission,
  csrfToken: string | undefined,
): Html {
  return html`<section class="card" id="izin-cetak">
    <h2>Pencetakan hasil verifikasi</h2>
    <p data-print-allowed="${permission.allowed ? 'ya' : 'tidak'}">
      ${permission.allowed ? EFFECT.allowed : EFFECT.forbidden}
    </p>
    ${
      csrfToken === undefined
        ? ''
        : form({
            action: printPermissionPath(permission.agreementId),
            csrfToken,
            className: 'admin-form',
            body: html`${select({
                name: 'cetak',
                label: 'Izin mencetak hasil verifikasi',
                value: permission.allowed ? 'YA' : 'TIDAK',
                options: [
                  { value: 'TIDAK', label: 'Tidak diizinkan' },
                  { value: 'YA', label: 'Diizinkan' },
                ],
              })} <button type="submit">Simpan izin cetak</button>`,
          })
    }
  </section>`;
}
