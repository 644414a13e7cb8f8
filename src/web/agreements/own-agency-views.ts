import type { AgreementView } from '../../services/agreements/agreement-queries.js';
import { html, type Html } from '../kit/html.js';
import { extensionNotice } from './agreement-field-views.js';
import { agreementsTable } from './agreement-views.js';
import { dash } from './console-views.js';

/** The agency head's "Instansi saya": their agency's record and its signed agreements. */

export function ownAgencyBody(options: {
  agency: { code: string; name: string; address: string | null; headTitle: string | null };
  agreements: readonly AgreementView[];
}): Html {
  const { agency } = options;
  return html`<h1>Instansi saya</h1>
    <div class="card">
      <dl class="terms">
        <dt>Instansi</dt>
        <dd>${agency.name} (${agency.code})</dd>
        <dt>Alamat kantor</dt>
        <dd>${dash(agency.address)}</dd>
        <dt>Pimpinan</dt>
        <dd>${dash(agency.headTitle)}</dd>
      </dl>
    </div>
    <h2>Perjanjian Kerja Sama</h2>
    ${options.agreements.map((agreement) => extensionNotice(agreement))}
    <p class="hint">
      Perubahan PKS (perpanjangan, elemen data, metode akses, bandwidth) diajukan melalui
      <a href="/instansi/permohonan">Permohonan</a>.
    </p>
    ${agreementsTable(options.agreements, (id) => `/instansi/pks/${id}`)}`;
}
