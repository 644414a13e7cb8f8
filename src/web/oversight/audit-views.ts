import { formatDate } from '../../domain/indonesian-dates.js';
import { wibDateTime, wibDay } from '../../domain/time.js';
import {
  AUDIT_ACTION_LABELS,
  AUDIT_ACTIONS,
  type AdminEntry,
  type Applied,
  type AuditChoices,
  type AuditEntry,
  type AuditTab,
  type SealState,
  type SearchPage,
} from '../../services/oversight/audit-search.js';
import {
  alert,
  dateField,
  errorSummary,
  field,
  select,
  type FormState,
} from '../kit/form-fields.js';
import { compactHtml, html, type Html } from '../kit/html.js';
import { pager } from '../kit/pager.js';
import { table } from '../kit/table.js';

/*
 * Dukcapil's audit page (/dukcapil/audit, issue 9 §1): the seal's state, then two lists —
 * the access trail (logins, lookups, exports) and the administrative actions — each with its
 * search, pager and export. NIKs are masked; a search by the full NIK finds its rows.
 */

export const AUDIT_PATH = '/dukcapil/audit';
export const AUDIT_EXPORT_PATH = '/dukcapil/audit/ekspor';

const number = new Intl.NumberFormat('id-ID');
const n = (value: number) => number.format(value);

const all = { value: '', label: 'Semua' };

type FormValues = Readonly<Record<string, string | undefined>>;

/** What one character costs in the page once escaped (html.ts) and UTF-8 encoded. */
function escapedBytes(char: string): number {
  switch (char) {
    case '&':
    case "'":
      return 5;
    case '<':
    case '>':
      return 4;
    case '"':
      return 6;
    default:
      return Buffer.byteLength(char);
  }
}

/**
 * Free text in a list cut to `max` characters, and to `maxBytes` bytes as the page carries
 * it escaped ("…" where cut): a page of rows stays within 60 KB whatever was typed. The
 * export carries the whole text.
 */
export function clip(text: string | null, max = 100, maxBytes = 2 * max): string {
  if (text === null) return '';
  if (fits(text, max, maxBytes)) return text;
  // Room for the ellipsis: one character, 3 bytes.
  let bytes = 0;
  let chars = 0;
  let end = 0;
  for (const char of text) {
    const cost = escapedBytes(char);
    if (chars + 1 > max - 1 || bytes + cost > maxBytes - 3) break;
    bytes += cost;
    chars += 1;
    end += char.length;
  }
  return `${text.slice(0, end)}…`;
}

function fits(text: string, max: number, maxBytes: number): boolean {
  let bytes = 0;
  let chars = 0;
  for (const char of text) {
    bytes += escapedBytes(char);
    chars += 1;
    if (chars > max || bytes > maxBytes) return false;
  }
  return true;
}

/** A purpose and, under the ALASAN policy, the reason written with it. */
export function purposeCell(row: { purpose: string | null; reason: string | null }): Html {
  return html`${clip(row.purpose)}${row.reason ? html`<br /><em>Alasan: ${clip(row.reason, 80)}</em>` : ''}`;
}

/** When an instant was, in WIB, to the second. */
function when(at: Date): Html {
  return html`<time datetime="${at.toISOString()}">${wibDateTime(at)}</time>`;
}

/** The same in a narrow table cell: the date above the time. */
function whenInCell(at: Date): Html {
  const [day, time] = wibDateTime(at).split(' ');
  return html`<time datetime="${at.toISOString()}">${day}<br />${time}</time>`;
}

function sealSection(seal: SealState): Html {
  const { unsealed } = seal;
  const checkpoint = seal.checkpoint
    ? html`<span id="checkpoint-terakhir"
        >Ukuran ${n(seal.checkpoint.size)} catatan · akar
        <code title="${seal.checkpoint.rootHash}">${seal.checkpoint.rootHashShort}…</code> · disegel
        ${when(seal.checkpoint.sealedAt)} WIB</span
      >`
    : html`<span id="checkpoint-terakhir">Belum ada checkpoint</span>`;
  const v = seal.verification;
  const verification = v
    ? html`<span id="verifikasi-terakhir"
        >${when(v.at)} WIB ·
        ${
          v.ok
            ? html`<span class="flag ok">Utuh</span> (${n(v.size)} catatan diperiksa,
                ${n(v.durationMs)} ms)`
            : html`<span class="flag bad">Gagal</span>: ${v.problem ?? 'tanpa keterangan'}`
        }</span
      >`
    : html`<span id="verifikasi-terakhir">Belum pernah diverifikasi</span>`;
  return html`<section class="card" aria-labelledby="segel">
    <h2 id="segel">Segel jejak audit</h2>
    <dl class="terms">
      <dt>Checkpoint terakhir</dt>
      <dd>${checkpoint}</dd>
      <dt>Catatan belum disegel</dt>
      <dd id="belum-disegel" data-unsealed="${unsealed}">
        ${n(unsealed)} catatan (akses dan tindakan administratif)
        ${unsealed > 0 ? html` <span class="flag warn">menunggu penyegelan</span>` : ''}
      </dd>
      <dt>Verifikasi terakhir</dt>
      <dd>${verification}</dd>
    </dl>
    <p class="hint">
      Setiap catatan disegel ke dalam log hash berantai yang ditandatangani. Perintah
      <code>gerbang audit verify</code> menghitung ulang seluruhnya dan menunjukkan tempat pertama
      yang berubah, hilang, disisipkan atau dimundurkan waktunya.
    </p>
  </section>`;
}

function tabs(current: AuditTab): Html {
  const items: [AuditTab, string, string][] = [
    ['jejak', 'Jejak akses', AUDIT_PATH],
    ['admin', 'Tindakan administratif', `${AUDIT_PATH}?tab=admin`],
  ];
  return html`<nav class="tabs" aria-label="Daftar">
    ${items.map(([tab, label, href]) =>
      tab === current
        ? html`<strong aria-current="page">${label}</strong>`
        : html`<a href="${href}">${label}</a>`,
    )}
  </nav>`;
}

/**
 * "N catatan cocok; ditampilkan a–b." as one piece of text (a formatter cannot break it), and
 * past the count's cap, that the pages end there.
 */
export function countSentence(list: SearchPage<unknown>, noun: string): string {
  const first = (list.page - 1) * list.size;
  const shown =
    list.rows.length > 0 ? `; ditampilkan ${n(first + 1)}–${n(first + list.rows.length)}` : '';
  return list.capped
    ? `Lebih dari ${n(list.total)} ${noun} cocok${shown}. Halaman dibatasi sampai ${n(list.total)} ${noun} terbaru: persempit pencarian untuk melihat sisanya.`
    : `${n(list.total)} ${noun} cocok${shown}.`;
}

function countLine(list: SearchPage<unknown>, noun: string): Html {
  if (list.errors.length > 0) return html``;
  return html`<p id="jumlah" data-total="${list.capped ? 'lebih' : list.total}">
    ${countSentence(list, noun)}
  </p>`;
}

function exportLinks(tab: AuditTab, applied: Applied, canExport: boolean): Html {
  if (!canExport) return html``;
  const href = (format: string) =>
    `${AUDIT_EXPORT_PATH}?${new URLSearchParams({ ...(tab === 'admin' ? { tab } : {}), ...applied, format }).toString()}`;
  return html`<p class="export">
    Ekspor hasil pencarian ini (dengan keperluan dan alasan utuh):
    <a href="${href('csv')}">CSV</a> ·
    <a href="${href('xlsx')}">XLSX</a>
    <span class="hint"
      >(paling banyak 100.000 baris; NIK tersamar; ekspor dicatat di jejak audit)</span
    >
  </p>`;
}

/** The agency choice of both search forms. */
function agencySelect(choices: AuditChoices, state: FormState): Html {
  return select(
    {
      name: 'instansi',
      label: 'Instansi',
      options: [all, ...choices.agencies.map((a) => ({ value: a.code, label: a.code }))],
    },
    state,
  );
}

/** The end of both search forms: the WIB days, search, and clearing the search. */
function periodAndSubmit(state: FormState, clearHref: string): Html {
  return html`${dateField({ name: 'dari', label: 'Dari tanggal (WIB)' }, state)}
    ${dateField({ name: 'sampai', label: 'Sampai tanggal (WIB)' }, state)}
    <button type="submit">Cari</button>
    <a href="${clearHref}">Hapus saringan</a>`;
}

function accessForm(
  values: FormValues,
  choices: AuditChoices,
  errors: AuditPageView['errors'],
): Html {
  const state = { values, errors };
  return html`<form method="get" action="${AUDIT_PATH}" class="filters card" role="search">
    ${field(
      {
        name: 'id',
        label: 'ID permintaan',
        hint: 'Tercetak pada hasil verifikasi',
        inputmode: 'numeric',
        maxlength: 20,
        autocomplete: 'off',
      },
      state,
    )}
    ${field(
      {
        name: 'nik',
        label: 'NIK',
        hint: 'NIK lengkap, dicari persis',
        inputmode: 'numeric',
        maxlength: 40,
        autocomplete: 'off',
      },
      state,
    )}
    ${field({ name: 'pengguna', label: 'User ID', maxlength: 60, autocomplete: 'off' }, state)}
    ${agencySelect(choices, state)}
    ${select(
      {
        name: 'tindakan',
        label: 'Tindakan',
        options: [all, ...AUDIT_ACTIONS.map((a) => ({ value: a, label: AUDIT_ACTION_LABELS[a] }))],
      },
      state,
    )}
    ${select(
      {
        name: 'respons',
        label: 'Respons',
        options: [all, ...choices.responseCodes.map((c) => ({ value: c, label: c }))],
      },
      state,
    )}
    ${periodAndSubmit(state, AUDIT_PATH)}
  </form>`;
}

function adminForm(
  values: FormValues,
  choices: AuditChoices,
  errors: AuditPageView['errors'],
): Html {
  const state = { values, errors };
  return html`<form method="get" action="${AUDIT_PATH}" class="filters card" role="search">
    <input type="hidden" name="tab" value="admin" />
    ${field({ name: 'pelaku', label: 'Pelaku (user ID)', maxlength: 60, autocomplete: 'off' }, state)}
    ${agencySelect(choices, state)}
    ${select(
      {
        name: 'tindakan',
        label: 'Tindakan',
        options: [all, ...choices.adminActions.map((a) => ({ value: a, label: a }))],
      },
      state,
    )}
    ${periodAndSubmit(state, `${AUDIT_PATH}?tab=admin`)}
  </form>`;
}

function accessTable(list: SearchPage<AuditEntry>): Html {
  return table({
    id: 'tabel-audit',
    className: 'compact',
    rows: list.rows,
    empty: 'Tidak ada catatan yang cocok dengan pencarian ini.',
    rowAttributes: (row) => ({ 'data-id': row.id }),
    columns: [
      { header: 'Waktu (WIB)', cell: (row) => whenInCell(row.at) },
      {
        header: 'Tindakan',
        cell: (row) =>
          html`${row.action}<br /><span class="hint">${row.channel} · ID ${row.id}</span>`,
      },
      {
        header: 'Pengguna',
        cell: (row) =>
          html`${row.userId ? html`<span title="${row.displayName ?? ''}">${row.userId}</span>` : '—'}<br /><span
              class="hint"
              >${row.agencyCode ?? ''}</span
            >`,
      },
      { header: 'Alamat IP', cell: (row) => row.clientIp ?? '—' },
      { header: 'NIK', className: 'nik', cell: (row) => row.nik ?? '—' },
      {
        header: 'Keperluan',
        cell: (row) => purposeCell(row),
      },
      { header: 'Respons', cell: (row) => row.responseCode },
    ],
  });
}

function adminTable(list: SearchPage<AdminEntry>): Html {
  return table({
    id: 'tabel-admin',
    className: 'compact',
    rows: list.rows,
    empty: 'Tidak ada tindakan administratif yang cocok dengan pencarian ini.',
    rowAttributes: (row) => ({ 'data-id': row.id }),
    columns: [
      { header: 'Waktu (WIB)', cell: (row) => whenInCell(row.at) },
      {
        header: 'Pelaku',
        cell: (row) =>
          row.actor
            ? html`<span title="${row.actorName ?? ''}">${row.actor}</span>`
            : '(baris perintah)',
      },
      { header: 'Instansi', cell: (row) => row.agencyCode ?? '—' },
      { header: 'Tindakan', cell: (row) => row.action },
      { header: 'Sasaran', cell: (row) => clip(row.target) },
      { header: 'Alasan', cell: (row) => clip(row.reason, 160) },
    ],
  });
}

export interface AuditPageView {
  readonly tab: AuditTab;
  readonly seal: SealState;
  readonly choices: AuditChoices;
  readonly access?: SearchPage<AuditEntry>;
  readonly admin?: SearchPage<AdminEntry>;
  readonly errors: SearchPage<unknown>['errors'];
  /** The search as typed, shown again in its form. */
  readonly values: FormValues;
  readonly canExport: boolean;
  /** An export refused (too many rows, a wrong search): said above the list. */
  readonly notice?: string;
  readonly now: Date;
}

/** The whole audit page: seal, tabs, the current tab's search, list and pager. */
export function auditPageBody(view: AuditPageView): Html {
  const list = view.tab === 'admin' ? view.admin! : view.access!;
  const query = view.tab === 'admin' ? { tab: 'admin', ...list.applied } : list.applied;
  return compactHtml(
    html`<h1>Jejak Audit</h1>
      <p class="hint">
        Setiap login, verifikasi NIK dan ekspor, termasuk yang ditolak, serta setiap tindakan
        administratif; keadaan per ${formatDate(wibDay(view.now))}
        ${wibDateTime(view.now).slice(11, 16)} WIB. NIK ditampilkan tersamar; pencarian dengan NIK
        lengkap tetap menemukan catatannya.
      </p>
      ${sealSection(view.seal)} ${tabs(view.tab)} ${errorSummary(view.errors)}
      ${view.notice ? alert('bad', view.notice, { id: 'pesan-ekspor' }) : ''}
      ${
        view.tab === 'admin'
          ? adminForm(view.values, view.choices, view.errors)
          : accessForm(view.values, view.choices, view.errors)
      }
      <section aria-labelledby="hasil">
        <h2 id="hasil">${view.tab === 'admin' ? 'Tindakan administratif' : 'Jejak akses'}</h2>
        ${countLine(list, 'catatan')}
        ${list.errors.length === 0 && list.total > 0 ? exportLinks(view.tab, list.applied, view.canExport) : ''}
        ${view.tab === 'admin' ? adminTable(view.admin!) : accessTable(view.access!)}
        ${pager(list, { path: AUDIT_PATH, query, anchor: 'hasil', label: 'Halaman jejak audit' })}
      </section>`,
  );
}
