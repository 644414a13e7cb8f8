import {
  REQUEST_KIND_LABELS,
  REQUEST_KINDS,
  REQUEST_STATE_LABELS,
  REQUEST_STATES,
} from '../../domain/requests.js';
import { wibDateTime } from '../../domain/time.js';
import type { RequestPage, RequestSummary } from '../../services/requests/reading.js';
import { select } from '../kit/form-fields.js';
import { html, type Html } from '../kit/html.js';
import { pager } from '../kit/pager.js';
import { table, type Column } from '../kit/table.js';
import { dateText } from './parts.js';

/** The list of requests with its filters and pages: the agency head's and Dukcapil's. */

function columns(base: string, withAgency: boolean): Column<RequestSummary>[] {
  return [
    {
      header: 'No.',
      cell: (item) => html`<a href="${base}/${item.id}">${item.id}</a>`,
      rowHeader: true,
    },
    ...(withAgency
      ? [{ header: 'Instansi', cell: (item: RequestSummary) => item.agencyCode }]
      : []),
    { header: 'Jenis', cell: (item) => item.kindLabel },
    {
      header: 'Surat permohonan',
      cell: (item) =>
        html`${item.letter.nomor}<br /><span class="hint">${dateText(item.letter.tanggal)}</span>`,
    },
    { header: 'Diajukan (WIB)', cell: (item) => wibDateTime(item.filedAt) },
    { header: 'Status', cell: (item) => item.stateLabel },
  ];
}

export function requestListBody(options: {
  readonly base: string;
  readonly title: string;
  readonly page: RequestPage;
  /** Dukcapil: the agencies to filter by. Agency head: undefined. */
  readonly agencies?: readonly { code: string; name: string }[];
  readonly canFile: boolean;
}): Html {
  const { page, base } = options;
  const withAgency = options.agencies !== undefined;
  return html`<h1>${options.title}</h1>
    ${
      options.canFile
        ? html`<p><a class="button" href="${base}/baru">Ajukan permohonan baru</a></p>`
        : ''
    }
    <form method="get" action="${base}" class="filters card">
      ${
        options.agencies
          ? select({
              name: 'instansi',
              label: 'Instansi',
              placeholder: 'Semua instansi',
              value: page.filter.agencyCode ?? '',
              options: options.agencies.map((a) => ({
                value: a.code,
                label: `${a.code} — ${a.name}`,
              })),
            })
          : ''
      }
      ${select({
        name: 'jenis',
        label: 'Jenis',
        placeholder: 'Semua jenis',
        value: page.filter.kind ?? '',
        options: REQUEST_KINDS.map((kind) => ({ value: kind, label: REQUEST_KIND_LABELS[kind] })),
      })}
      ${select({
        name: 'status',
        label: 'Status',
        placeholder: 'Semua status',
        value: page.filter.state ?? '',
        options: REQUEST_STATES.map((state) => ({
          value: state,
          label: REQUEST_STATE_LABELS[state],
        })),
      })}
      <button type="submit">Saring</button>
    </form>
    <p class="hint" id="jumlah">
      ${page.total.toLocaleString('id-ID')} permohonan · halaman ${page.page} dari ${page.pages}
    </p>
    ${table({
      id: 'daftar-permohonan',
      rows: page.items,
      empty: 'Tidak ada permohonan yang sesuai.',
      columns: columns(base, withAgency),
    })}
    ${pager(page, {
      path: base,
      // The filter as applied: a value the list dropped is not carried to the next page.
      query: {
        instansi: page.filter.agencyCode,
        jenis: page.filter.kind,
        status: page.filter.state,
      },
    })}`;
}
