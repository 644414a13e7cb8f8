import { WORDING_LABELS, WORDINGS } from '../../domain/national-service.js';
import type { WordingProfile } from '../../services/agreements/wording-profile.js';
import { field, form, select } from '../kit/form-fields.js';
import { html, type Html } from '../kit/html.js';
import { agreementPath } from './console-views.js';

/**
 * Which refusal texts the agency's compatible clients get (SPEC §9): the section on the
 * agreement's page, with Dukcapil's form in it for whoever may change it.
 */

export const wordingProfilePath = (agreementId: number) =>
  `${agreementPath(agreementId)}/profil-teks`;

export function wordingProfileSection(
  profile: WordingProfile,
  csrfToken: string | undefined,
): Html {
  return html`<section class="card" id="profil-teks">
    <h2>Teks jawaban layanan kompatibel</h2>
    <p>
      Aplikasi instansi yang memanggil <code>/dukcapil/get_json/…/CALL_NIK</code> atau
      <code>CALL_VERIFY_BY_ELEMEN</code> menerima penolakan dengan teks profil ini (klien
      membandingkan teksnya persis). Varian query string selalu mendapat teks Kabupaten Tegal.
    </p>
    <p data-wording-profile="${profile.profile}">
      Profil saat ini: <strong>${WORDING_LABELS[profile.profile]}</strong>
    </p>
    ${
      csrfToken === undefined
        ? ''
        : form({
            action: wordingProfilePath(profile.agreementId),
            csrfToken,
            className: 'admin-form',
            body: html`${select({
                name: 'profil',
                label: 'Profil teks',
                value: profile.profile,
                options: WORDINGS.map((value) => ({ value, label: WORDING_LABELS[value] })),
              })}
              ${field({ name: 'alasan', label: 'Alasan (dicatat)', maxlength: 500 })}
              <button type="submit">Simpan profil teks</button>`,
          })
    }
  </section>`;
}
