import {
  availableCardReaderActions,
  CARD_READER_STATE_LABELS,
  CARD_READER_TRANSITIONS,
  type CardReaderAction,
  type CardReaderParty,
  type CardReaderState,
} from '../../domain/card-reader-state.js';
import { formatDate } from '../../domain/indonesian-dates.js';
import { wibDateTime } from '../../domain/time.js';
import type { ReaderReturnRow, readersWithHistory } from '../../services/card-readers/readers.js';
import type { ReturnTask } from '../../services/card-readers/returns.js';
import { dateField, field, form } from '../kit/form-fields.js';
import { html, type Html } from '../kit/html.js';

/**
 * The parts both readers pages show (the head's and Dukcapil's): a reader's state and SIFILMA
 * records, the forms of the state steps the viewer may take, and a SAM return's tasks.
 */
export type ReaderView = Awaited<ReturnType<typeof readersWithHistory>>[number];
export type ReturnView = ReaderReturnRow & { readonly tasks: readonly ReturnTask[] };

export const stateLabel = (state: string) =>
  CARD_READER_STATE_LABELS[state as CardReaderState] ?? state;

const day = (value: string | null) => (value ? formatDate(value) : '');

/** SIFILMA's records of a reader: application, personalisation, activation. */
export function sifilmaRecords(r: ReaderView): Html {
  const rows: [string, string | null, string | null][] = [
    ['Pengajuan', r.sifilma_ref, r.sifilma_on],
    ['Personalisasi', r.personalised_ref, r.personalised_on],
    ['Aktivasi', r.activation_ref, r.activated_on],
  ];
  const shown = rows.filter(([, ref]) => ref);
  if (shown.length === 0) return html`<span class="hint">belum ada</span>`;
  return html`${shown.map(([label, ref, on]) => html`<div>${label}: ${ref} (${day(on)})</div>`)}`;
}

export function stateCell(r: Pick<ReaderView, 'state' | 'state_since'>): Html {
  return html`<strong data-state="${r.state}">${stateLabel(r.state)}</strong>
    <div class="hint">sejak ${wibDateTime(r.state_since)} WIB</div>`;
}

/** One form per step the viewer may take on the reader, each asking what the step records. */
export function actionForms(
  r: ReaderView,
  party: CardReaderParty,
  csrfToken: string,
  base: string,
): Html {
  const actions = availableCardReaderActions(r.state as CardReaderState, party).filter(
    // Receipt of a SAM is recorded on its return (with the BAST), not here.
    (a) => a !== 'TERIMA_SAM',
  );
  return html`${actions.map((action) => actionForm(r.id, action, csrfToken, base))}`;
}

function actionForm(readerId: number, action: CardReaderAction, csrfToken: string, base: string) {
  const t = CARD_READER_TRANSITIONS[action];
  const id = (name: string) => `${name}-${readerId}-${action}`;
  const fields =
    t.records === 'REFERENSI'
      ? html`${field({ name: 'reference', id: id('reference'), label: 'Nomor referensi', maxlength: 80, required: true })}
        ${dateField({ name: 'onDate', id: id('onDate'), label: 'Tanggal', required: true })}`
      : t.records === 'TANGGAL'
        ? dateField({ name: 'onDate', id: id('onDate'), label: 'Tanggal dicabut', required: true })
        : field({
            name: 'reason',
            id: id('reason'),
            label: 'Alasan',
            maxlength: 1000,
            required: true,
          });
  return html`<details class="row-action">
    <summary>${t.label}</summary>
    ${form({
      action: `${base}/${readerId}/tindakan`,
      csrfToken,
      body: html`<input type="hidden" name="action" value="${action}" />
        ${fields}
        <button type="submit">${t.label}</button>`,
    })}
  </details>`;
}

/** A return's tasks, each with the day it was done or "belum". */
export function taskList(r: ReturnView): Html {
  return html`<ol class="tasks">
    ${r.tasks.map(
      (t) =>
        html`<li data-task="${t.key}" data-done="${t.doneOn ? 'ya' : 'tidak'}">
          ${t.label}: ${t.doneOn ? html`<strong>selesai ${day(t.doneOn)}</strong>` : 'belum'}
        </li>`,
    )}
  </ol>`;
}

export function returnTitle(r: ReturnView): Html {
  return html`<strong>${r.serial}</strong> (SAM ${r.sam_number}) — ${r.agency_code}
    <div class="hint">${r.reason}</div>
    ${r.bast_number ? html`<div>BAST: ${r.bast_number}</div>` : ''}`;
}

const STEP_LABELS: Readonly<Record<string, string>> = {
  DAFTAR: 'Didaftarkan',
  ...Object.fromEntries(
    Object.entries(CARD_READER_TRANSITIONS).map(([action, t]) => [action, t.label]),
  ),
};

/** A reader's history: each step with its time (WIB), who, the reference and date, the reason. */
export function historyCell(r: ReaderView): Html {
  return html`<details class="row-action">
    <summary>Riwayat (${r.events.length})</summary>
    <ol class="history">
      ${r.events.map(
        (e) =>
          html`<li data-step="${e.action}">
            ${wibDateTime(e.at)} WIB — ${STEP_LABELS[e.action] ?? e.action}:
            ${e.state_before ? html`${stateLabel(e.state_before)} → ` : ''}${stateLabel(e.state_after)}
            ${e.reference ? html`; nomor ${e.reference}` : ''}${e.on_date ? html` (${day(e.on_date)})` : ''}
            ${e.reason ? html`; ${e.reason}` : ''}; oleh ${e.actor ?? 'sistem'}
          </li>`,
      )}
    </ol>
  </details>`;
}
