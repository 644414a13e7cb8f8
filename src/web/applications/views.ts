import {
  APPLICATION_STATE_LABELS,
  DEFAULT_OVERLAP_HOURS,
  MAX_OVERLAP_HOURS,
  OPERATOR_HEADER,
  type ApplicationState,
} from '../../domain/applications.js';
import { formatDate } from '../../domain/indonesian-dates.js';
import type { applicationsFor } from '../../services/applications/applications.js';
import {
  alert,
  dateField,
  errorSummary,
  field,
  form,
  textarea,
  type FormState,
} from '../kit/form-fields.js';
import { html, type Html } from '../kit/html.js';
import { table } from '../kit/table.js';

export const AGENCY_APPLICATIONS_PATH = '/instansi/aplikasi';
export const DUKCAPIL_APPLICATIONS_PATH = '/dukcapil/aplikasi';
export const TITLE = 'Aplikasi web service';

export type ApplicationRow = Awaited<ReturnType<typeof applicationsFor>>[number];

export const RESULTS: Readonly<Record<string, string>> = {
  terdaftar:
    'Aplikasi terdaftar. Ajukan PoC aplikasi ini (menu Permohonan, jenis PoC); revisi Juknis yang ' +
    'diperlukannya tercatat sebagai kewajiban.',
  dicabut: 'Aplikasi telah dicabut; kredensial dan tokennya berhenti berlaku seketika.',
  juknis: 'Revisi Juknis aplikasi telah dicatat.',
};

export interface IssuedView {
  readonly name: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly previousValidUntil: Date | null;
}

const stamp = (at: Date) =>
  at.toLocaleString('id-ID', { timeZone: 'Asia/Jakarta', dateStyle: 'long', timeStyle: 'short' });

function credentialNotice(c: IssuedView): Html {
  return alert(
    'warn',
    html`<p>
        Kredensial aplikasi <strong>${c.name}</strong> — client secret hanya ditampilkan sekali ini;
        Gerbang hanya menyimpan sidiknya:
      </p>
      <dl id="kredensial-aplikasi">
        <dt>client_id</dt>
        <dd><code id="client-id">${c.clientId}</code></dd>
        <dt>client_secret</dt>
        <dd><code id="client-secret">${c.clientSecret}</code></dd>
      </dl>
      <p>
        Minta token dengan <code>POST /api/v1/oauth/token</code>
        (<code>grant_type=client_credentials</code>), lalu kirim
        <code>Authorization: Bearer …</code> dan
        <code>${OPERATOR_HEADER}: &lt;user ID operator&gt;</code>
        pada setiap panggilan.
        ${
          c.previousValidUntil
            ? html`Client secret sebelumnya tetap berlaku sampai ${stamp(c.previousValidUntil)} WIB.`
            : ''
        }
      </p>`,
  );
}

function stateCell(row: ApplicationRow): Html {
  const label = APPLICATION_STATE_LABELS[row.state as ApplicationState] ?? row.state;
  const poc =
    row.poc_request_id === null
      ? 'PoC belum diajukan'
      : row.poc_result === 'LULUS'
        ? `PoC lulus (permohonan ${row.poc_request_id})`
        : row.poc_result === 'TIDAK_LULUS'
          ? `PoC tidak lulus (permohonan ${row.poc_request_id})`
          : `PoC diproses (permohonan ${row.poc_request_id})`;
  return html`<strong>${label}</strong><br /><small>${poc}</small>${
      row.revoke_reason ? html`<br /><small>Alasan pencabutan: ${row.revoke_reason}</small>` : ''
    }`;
}

function juknisCell(row: ApplicationRow): Html {
  return row.juknis_revision_number && row.juknis_revision_on
    ? html`Revisi ${row.juknis_revision_number}, ${formatDate(row.juknis_revision_on)}`
    : html`<strong class="warn">Revisi Juknis diperlukan, belum dicatat</strong>`;
}

function credentialCell(row: ApplicationRow): Html {
  if (row.client_id === null) return html`—`;
  return html`<code>${row.client_id}</code><br /><small
      >${row.live_secrets} client secret
      berlaku${
        row.overlap_until ? html`; yang lama sampai ${stamp(row.overlap_until)} WIB` : ''
      }</small
    >`;
}

function revokeForm(action: string, csrfToken: string, id: number): Html {
  return form({
    action,
    csrfToken,
    id: `cabut-${id}`,
    body: html`${textarea({ name: 'reason', id: `alasan-cabut-${id}`, label: 'Alasan pencabutan', rows: 2, maxlength: 1000 })}
      <button type="submit" class="danger">Cabut aplikasi</button>`,
  });
}

export interface AgencyApplicationsPage {
  readonly rows: readonly ApplicationRow[];
  readonly csrfToken: string;
  readonly result?: string | undefined;
  readonly problem?: string | undefined;
  readonly issued?: IssuedView | undefined;
  readonly register?: FormState | undefined;
}

function registerForm(p: AgencyApplicationsPage): Html {
  const state = p.register ?? {};
  return html`<section id="daftar-baru">
    <h2>Daftarkan aplikasi</h2>
    <p class="hint">
      Setiap aplikasi yang akan memakai web service memerlukan PoC tersendiri dan revisi Juknis. Web
      service hanya terbuka bila PKS memberikannya melalui adendum (permohonan perubahan metode
      akses) dan hanya bagi aplikasi yang lulus PoC.
    </p>
    ${errorSummary(state.errors)}
    ${form({
      action: AGENCY_APPLICATIONS_PATH,
      csrfToken: p.csrfToken,
      id: 'form-aplikasi',
      novalidate: true,
      body: html`${field({ name: 'name', label: 'Nama aplikasi', maxlength: 100, required: true }, state)}
        ${textarea({ name: 'purpose', label: 'Kegunaan aplikasi', rows: 3, maxlength: 500, required: true }, state)}
        ${field(
          {
            name: 'technicalContact',
            label: 'Kontak teknis',
            hint: 'Nama, telepon dan/atau surel penanggung jawab teknis aplikasi',
            maxlength: 200,
            required: true,
          },
          state,
        )}
        ${field(
          {
            name: 'accessPoint',
            label: 'Titik akses (alamat IP)',
            hint: 'Alamat IP atau jaringan CIDR asal panggilan aplikasi, di dalam titik akses PKS',
            maxlength: 60,
            required: true,
          },
          state,
        )} <button type="submit">Daftarkan</button>`,
    })}
  </section>`;
}

function agencyActions(row: ApplicationRow, csrfToken: string): Html {
  if (row.state === 'DICABUT') return html`—`;
  const base = `${AGENCY_APPLICATIONS_PATH}/${row.id}`;
  const issue =
    row.state === 'LULUS_POC'
      ? form({
          action: `${base}/kredensial`,
          csrfToken,
          id: `kredensial-${row.id}`,
          body:
            row.client_id === null
              ? html`<button type="submit">Terbitkan kredensial</button>`
              : html`${field({
                    name: 'overlapHours',
                    id: `tumpang-tindih-${row.id}`,
                    label: `Masa berlaku rahasia lama (jam, 0–${MAX_OVERLAP_HOURS})`,
                    inputmode: 'numeric',
                    value: String(DEFAULT_OVERLAP_HOURS),
                    maxlength: 3,
                  })} <button type="submit">Rotasi client secret</button>`,
        })
      : html`<a href="/instansi/permohonan/baru?jenis=POC">Ajukan PoC</a>`;
  return html`${issue}${revokeForm(`${base}/cabut`, csrfToken, row.id)}`;
}

export function agencyApplicationsBody(p: AgencyApplicationsPage): Html {
  return html`<h1>${TITLE}</h1>
    ${p.result && RESULTS[p.result] ? alert('ok', RESULTS[p.result]!) : ''}
    ${p.problem ? alert('bad', p.problem) : ''} ${p.issued ? credentialNotice(p.issued) : ''}
    <section id="aplikasi">
      <h2>Aplikasi instansi</h2>
      ${table({
        id: 'daftar-aplikasi',
        empty: 'Belum ada aplikasi terdaftar.',
        rows: p.rows,
        rowAttributes: (r) => ({ 'data-aplikasi': r.name }),
        columns: [
          { header: 'Aplikasi', cell: (r) => r.name, rowHeader: true },
          { header: 'Kegunaan', cell: (r) => r.purpose },
          { header: 'Kontak teknis', cell: (r) => r.technical_contact },
          { header: 'Titik akses', cell: (r) => r.access_point },
          { header: 'Status', cell: (r) => stateCell(r) },
          { header: 'Revisi Juknis', cell: (r) => juknisCell(r) },
          { header: 'Client ID', cell: (r) => credentialCell(r) },
          { header: 'Tindakan', cell: (r) => agencyActions(r, p.csrfToken) },
        ],
      })}
    </section>
    ${registerForm(p)}`;
}

export interface DukcapilApplicationsPage {
  readonly rows: readonly ApplicationRow[];
  readonly csrfToken: string;
  /** The admin acts (Juknis revision, revocation); the evaluator reads. */
  readonly canManage: boolean;
  readonly result?: string | undefined;
  readonly problem?: string | undefined;
}

function dukcapilActions(row: ApplicationRow, csrfToken: string): Html {
  const base = `${DUKCAPIL_APPLICATIONS_PATH}/${row.id}`;
  const juknis = form({
    action: `${base}/revisi-juknis`,
    csrfToken,
    id: `juknis-${row.id}`,
    body: html`${field({ name: 'nomor', id: `juknis-nomor-${row.id}`, label: 'Nomor revisi Juknis', maxlength: 60 })}
      ${dateField({ name: 'tanggal', id: `juknis-tanggal-${row.id}`, label: 'Tanggal revisi' })}
      <button type="submit">Catat revisi Juknis</button>`,
  });
  return html`${juknis}${row.state === 'DICABUT' ? '' : revokeForm(`${base}/cabut`, csrfToken, row.id)}`;
}

export function dukcapilApplicationsBody(p: DukcapilApplicationsPage): Html {
  return html`<h1>${TITLE}</h1>
    <p class="hint">
      Aplikasi instansi yang memakai web service: PoC tiap aplikasi diputuskan melalui permohonan
      PoC; revisi Juknis yang diperlukan tiap aplikasi dicatat di sini.
    </p>
    ${p.result && RESULTS[p.result] ? alert('ok', RESULTS[p.result]!) : ''}
    ${p.problem ? alert('bad', p.problem) : ''}
    ${table({
      id: 'daftar-aplikasi',
      empty: 'Belum ada aplikasi terdaftar.',
      rows: p.rows,
      rowAttributes: (r) => ({ 'data-aplikasi': r.name }),
      columns: [
        { header: 'Instansi', cell: (r) => r.agency_code },
        { header: 'Aplikasi', cell: (r) => r.name, rowHeader: true },
        { header: 'Kegunaan', cell: (r) => r.purpose },
        { header: 'Kontak teknis', cell: (r) => r.technical_contact },
        { header: 'Titik akses', cell: (r) => r.access_point },
        { header: 'Status', cell: (r) => stateCell(r) },
        { header: 'Revisi Juknis', cell: (r) => juknisCell(r) },
        { header: 'Client ID', cell: (r) => credentialCell(r) },
        ...(p.canManage
          ? [{ header: 'Tindakan', cell: (r: ApplicationRow) => dukcapilActions(r, p.csrfToken) }]
          : []),
      ],
    })}`;
}
