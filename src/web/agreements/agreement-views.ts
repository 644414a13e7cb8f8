import type { AccessMethod } from '../../domain/agreement.js';
import {
  ACCESS_METHOD_LABELS,
  AGREEMENT_TERM_LABELS,
  QUOTA_STAGE_LABELS,
  type AgreementRecord,
} from '../../domain/agreement-record.js';
import {
  AGREEMENT_ACTION_LABELS,
  AGREEMENT_EVENT_LABELS,
  AGREEMENT_STATUS_LABELS,
  AGREEMENT_STATUSES,
  type AgreementAction,
} from '../../domain/agreement-state.js';
import { ELEMENT_LABELS, type Element } from '../../domain/elements.js';
import { formatDate } from '../../domain/indonesian-dates.js';
import type { QuotaStage } from '../../domain/quota.js';
import { wibDateTime } from '../../domain/time.js';
import type {
  AgreementEventView,
  AgreementView,
  Paged,
} from '../../services/agreements/agreement-queries.js';
import { field, select } from '../kit/form-fields.js';
import { html, type Html } from '../kit/html.js';
import { pager } from '../kit/pager.js';
import { table } from '../kit/table.js';
import {
  agreementActionPath,
  agreementPath,
  AGREEMENTS,
  date,
  number,
  outcome,
  tabs,
} from './console-views.js';

/**
 * The pages that show agreements (PKS): the list, the detail with its terms and history, the
 * summary atop their confirmation pages, and the table of an agency's agreements that the
 * agency's detail and the head's own page show. The forms are in agreement-form-views.ts.
 */

function statusFlag(view: Pick<AgreementView, 'effectiveStatus' | 'statusLabel'>): Html {
  const tone =
    view.effectiveStatus === 'AKTIF' ? 'ok' : view.effectiveStatus === 'DRAFT' ? 'warn' : 'bad';
  return html`<span class="flag ${tone}" data-status="${view.effectiveStatus}"
    >${view.statusLabel}</span
  >`;
}

const agreementRow = (a: AgreementView) => ({ 'data-agreement': a.nomorDukcapil });

export function agreementsTable(
  agreements: readonly AgreementView[],
  link: (id: number) => string,
): Html {
  return table({
    id: 'daftar-pks',
    rows: agreements,
    empty: 'Belum ada PKS.',
    rowAttributes: agreementRow,
    columns: [
      {
        header: 'Nomor PKS Dukcapil',
        cell: (a) => html`<a href="${link(a.id)}">${a.nomorDukcapil}</a>`,
      },
      { header: 'Nomor PKS instansi', cell: (a) => a.nomorInstansi },
      { header: 'Ditandatangani', cell: (a) => date(a.signedOn) },
      { header: 'Berakhir', cell: (a) => date(a.endsOn) },
      { header: 'Status', cell: statusFlag },
    ],
  });
}

function termText(key: keyof AgreementRecord, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) {
    const items = value.map(String);
    if (key === 'grantedElements')
      return items.map((e) => ELEMENT_LABELS[e as Element] ?? e).join(', ');
    if (key === 'accessMethods')
      return items.map((m) => ACCESS_METHOD_LABELS[m as AccessMethod] ?? m).join(', ');
    return items.join(', ');
  }
  if (typeof value === 'number')
    return key === 'bandwidthKbps' ? `${number(value)} kbps` : number(value);
  if (typeof value !== 'string') return '—';
  if (key === 'signedOn' || key === 'endsOn') return formatDate(value);
  if (key === 'quotaStage') return QUOTA_STAGE_LABELS[value as QuotaStage] ?? value;
  return value;
}

function termsList(record: AgreementRecord): Html {
  return html`<dl class="terms" id="ketentuan">
    ${(Object.keys(AGREEMENT_TERM_LABELS) as (keyof AgreementRecord)[]).map(
      (key) =>
        html`<dt>${AGREEMENT_TERM_LABELS[key]}</dt>
          <dd data-term="${key}">${termText(key, record[key])}</dd>`,
    )}
  </dl>`;
}

/** The fields an entry of the history changed, old → new. */
function changes(event: AgreementEventView): Html {
  const before = event.termsBefore;
  const after = event.termsAfter;
  if (!before || !after) return html``;
  const keys = (Object.keys(AGREEMENT_TERM_LABELS) as (keyof AgreementRecord)[]).filter(
    (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
  );
  if (keys.length === 0) return html``;
  return html`<ul class="changes">
    ${keys.map(
      (key) =>
        html`<li data-term="${key}">
          ${AGREEMENT_TERM_LABELS[key]}: <del>${termText(key, before[key])}</del> →
          <ins>${termText(key, after[key])}</ins>
        </li>`,
    )}
  </ul>`;
}

function actorText(event: AgreementEventView): string {
  if (event.actor) return `${event.actorName ?? ''} (${event.actor})`;
  return event.kind === 'BERAKHIR' ? 'Sistem' : 'Baris perintah';
}

export function historyTable(history: readonly AgreementEventView[]): Html {
  return table({
    id: 'riwayat-pks',
    rows: history,
    empty: 'Belum ada riwayat.',
    rowAttributes: (event) => ({ 'data-kind': event.kind }),
    columns: [
      { header: 'Waktu (WIB)', cell: (event) => wibDateTime(event.at) },
      {
        header: 'Peristiwa',
        cell: (event) =>
          html`${AGREEMENT_EVENT_LABELS[event.kind]}${
            event.addendum
              ? html`<br />Nomor ${event.addendum.nomor}, ${date(event.addendum.tanggal)}`
              : ''
          }`,
      },
      { header: 'Oleh', cell: actorText },
      {
        header: 'Alasan dan perubahan',
        cell: (event) =>
          html`${event.reason ? html`<p class="reason">${event.reason}</p>` : ''}${changes(event)}`,
      },
    ],
  });
}

export function agreementSummary(agreement: AgreementView): Html {
  return html`<dl class="terms">
    <dt>Instansi</dt>
    <dd>${agreement.agencyName} (${agreement.agencyCode})</dd>
    <dt>Nomor PKS</dt>
    <dd>${agreement.nomorDukcapil} · ${agreement.nomorInstansi}</dd>
    <dt>Masa berlaku</dt>
    <dd>${date(agreement.signedOn)} s.d. ${date(agreement.endsOn)}</dd>
    <dt>Status</dt>
    <dd>${statusFlag(agreement)}</dd>
  </dl>`;
}

export function agreementDetailBody(options: {
  agreement: AgreementView;
  history: readonly AgreementEventView[];
  /** The actions to offer (none for a read-only viewer). */
  actions: readonly AgreementAction[];
  back: { href: string; label: string };
  outcomeKey?: string | undefined;
  /** The input-pattern policy and service hours (pattern-policy-views.ts), after the terms. */
  patternPolicy?: Html | undefined;
  /** The extension notice, the Director General's letter and the end (agreement-field-views.ts). */
  facts?: Html | undefined;
  /** Links to actions besides the state machine's (the letter, force majeure). */
  moreActions?: Html | undefined;
}): Html {
  const { agreement } = options;
  return html`<p><a href="${options.back.href}">« ${options.back.label}</a></p>
    <h1>PKS ${agreement.nomorDukcapil}</h1>
    ${outcome(options.outcomeKey)}
    <p>${agreement.agencyName} (${agreement.agencyCode}) · Status: ${statusFlag(agreement)}</p>
    ${options.facts ?? ''}
    ${
      options.actions.length > 0
        ? html`<p class="actions">
            ${options.actions.map(
              (action) =>
                html`<a
                  class="button ${action === 'revoke' || action === 'end' ? 'danger' : ''}"
                  href="${agreementActionPath(agreement.id, action)}"
                  >${AGREEMENT_ACTION_LABELS[action]}</a
                >`,
            )}
            ${options.moreActions ?? ''}
          </p>`
        : ''
    }
    <div class="card">${termsList(agreement)}</div>
    ${options.patternPolicy ?? ''}
    <h2>Riwayat</h2>
    ${historyTable(options.history)}`;
}

const STATUS_CHOICES = AGREEMENT_STATUSES.map((s) => ({
  value: s,
  label: AGREEMENT_STATUS_LABELS[s],
}));

export function agreementListBody(options: {
  list: Paged<AgreementView>;
  filter: { status: string; cari: string };
}): Html {
  const { list, filter } = options;
  return html`<h1>Instansi &amp; PKS</h1>
    ${tabs('pks')}
    <form method="get" action="${AGREEMENTS}" class="filters card">
      ${select({
        name: 'status',
        id: 'f-status',
        label: 'Status',
        placeholder: 'Semua',
        options: STATUS_CHOICES,
        value: filter.status,
      })}
      ${field({
        name: 'cari',
        id: 'f-cari',
        label: 'Nomor atau instansi',
        value: filter.cari,
        maxlength: 100,
      })}
      <button type="submit">Tampilkan</button>
    </form>
    ${table({
      id: 'daftar-pks',
      rows: list.rows,
      empty: 'Tidak ada PKS yang sesuai.',
      rowAttributes: agreementRow,
      columns: [
        {
          header: 'Nomor PKS Dukcapil',
          cell: (a) => html`<a href="${agreementPath(a.id)}">${a.nomorDukcapil}</a>`,
        },
        { header: 'Instansi', cell: (a) => a.agencyCode },
        { header: 'Masa berlaku', cell: (a) => html`${date(a.signedOn)} s.d. ${date(a.endsOn)}` },
        { header: 'Tahap kuota', cell: (a) => QUOTA_STAGE_LABELS[a.quotaStage] },
        { header: 'Status', cell: statusFlag },
      ],
    })}
    ${pager(list, { path: AGREEMENTS, query: filter, count: list.total })}`;
}
