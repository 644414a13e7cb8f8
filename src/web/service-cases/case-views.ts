import type { DataBalikanSchema } from '../../domain/data-balikan.js';
import type { RefusalCode } from '../../domain/refusals.js';
import { currentStep, STEPS, type CaseAction } from '../../domain/service-case.js';
import { wibDateTime } from '../../domain/time.js';
import type { ServiceCaseView } from '../../services/service-cases/cases.js';
import type { CaseEventView } from '../../services/service-cases/queries.js';
import { dataBalikanForm } from '../data-balikan/form-views.js';
import {
  alert,
  errorSummary,
  field,
  form,
  textarea,
  type FieldError,
  type FormState,
} from '../kit/form-fields.js';
import { html, type Html } from '../kit/html.js';
import { table } from '../kit/table.js';
import { FORM_TOKEN_FIELD, lookupResultSection, type LookupResultView } from '../lookup/views.js';

export const CASES_PATH = '/layanan';
export const casePath = (id: number) => `${CASES_PATH}/${id}`;

/** The steps taken with a plain form: their path under the case and their action. */
export const STEP_PATHS: Readonly<
  Record<string, Exclude<CaseAction, 'PERIKSA' | 'KIRIM_DATA_BALIKAN'>>
> = {
  sesuai: 'SESUAI',
  'tidak-sesuai': 'TIDAK_SESUAI',
  perbaikan: 'CATAT_PERBAIKAN',
  terbitkan: 'TERBITKAN',
  serahkan: 'SERAHKAN',
  tutup: 'TUTUP',
  batalkan: 'BATALKAN',
};

const stepPath = (id: number, action: CaseAction) => {
  if (action === 'PERIKSA') return `${casePath(id)}/periksa`;
  if (action === 'KIRIM_DATA_BALIKAN') return `${casePath(id)}/data-balikan`;
  const slug = Object.entries(STEP_PATHS).find(([, a]) => a === action)?.[0];
  return `${casePath(id)}/${slug}`;
};

/** What a step's redirect (`?hasil=`) says atop the case. */
export const DONE_MESSAGES: Readonly<Record<string, string>> = {
  dibuka: 'Layanan dibuka. Langkah berikutnya: periksa NIK pemohon.',
  SESUAI: 'Keputusan dicatat: sesuai. Terbitkan dokumen yang dimohon.',
  TIDAK_SESUAI: 'Keputusan dicatat: pemohon diminta memperbaiki dokumen. Layanan tetap terbuka.',
  CATAT_PERBAIKAN: 'Perbaikan dicatat. Periksa ulang NIK tanpa mengetik ulang.',
  TERBITKAN: 'Dokumen diterbitkan. Serahkan dokumen kepada pemohon.',
  SERAHKAN: 'Penyerahan dokumen dicatat. Kirim data balikan ke Dinas Dukcapil.',
  KIRIM_DATA_BALIKAN: 'Data balikan diterima Dinas Dukcapil.',
  TUTUP: 'Layanan selesai.',
  BATALKAN: 'Layanan dibatalkan.',
};

export interface CasePageOptions {
  readonly csrfToken: string;
  readonly case: ServiceCaseView;
  readonly events: readonly CaseEventView[];
  /** A new one-time lookup-form token for the check form (services/lookup/form-token.ts). */
  readonly formToken: string;
  /** The input-pattern policy ALASAN: the next lookup needs a written reason. */
  readonly reasonRequired: boolean;
  /** The answer of the check just made: shown in the lookup's own result view. */
  readonly result?: LookupResultView | undefined;
  /** A post refused before any lookup (FORMULIR_SUDAH_DIPAKAI) or a step in the wrong state. */
  readonly refusal?: { readonly code: RefusalCode; readonly message: string } | undefined;
  readonly message?: string | undefined;
  /** Step 6: the agreement's return-data schema and the values to show. */
  readonly returnForm?:
    | { readonly schema: DataBalikanSchema | undefined; readonly values: FormState['values'] }
    | undefined;
  /** The form of this step came back with these problems and values. */
  readonly posted?:
    | {
        readonly action: CaseAction;
        readonly errors: readonly FieldError[];
        readonly values: FormState['values'];
      }
    | undefined;
}

const at = (value: Date | null) => (value ? `${wibDateTime(value)} WIB` : '—');

function summary(c: ServiceCaseView): Html {
  const rows: [string, string | Html][] = [
    ['Nomor layanan', c.caseNumber],
    ['Jenis layanan', c.kindLabel],
    ['Nomor permohonan', c.applicationNumber],
    ['NIK pemohon', html`<span id="nik-layanan">${c.nik}</span>`],
    ['Status', html`<strong id="status-layanan" data-state="${c.state}">${c.stateLabel}</strong>`],
    [
      'Pemeriksaan NIK',
      c.checks === 0 ? 'Belum diperiksa' : `${c.checks} kali, terakhir ${at(c.lastCheckedAt)}`,
    ],
    [
      c.documentLabel,
      c.documentNumber ? html`<span id="nomor-dokumen">${c.documentNumber}</span>` : '—',
    ],
    ['Dokumen diserahkan', at(c.handedOverAt)],
    ['Data balikan dikirim', at(c.returnSentAt)],
    ['Dibuka', at(c.openedAt)],
    ['Petugas terakhir', `${c.handledBy.name} (${c.handledBy.userId})`],
  ];
  return html`<dl class="data" id="ringkasan-layanan">
    ${rows.map(
      ([label, value]) =>
        html`<dt>${label}</dt>
          <dd>${value}</dd>`,
    )}
  </dl>`;
}

function stepGuide(c: ServiceCaseView): Html {
  const current = currentStep(c.state);
  const finished = c.state === 'SELESAI';
  return html`<ol class="steps" id="langkah" aria-label="Alur layanan (Lampiran II)">
    ${STEPS.map((text, index) => {
      const n = index + 1;
      const state = finished || n < current ? 'selesai' : n === current ? 'sekarang' : 'nanti';
      return html`<li
        data-step="${n}"
        class="${state}"
        ${n === current && !finished ? html`aria-current="step"` : ''}
      >
        ${text}
      </li>`;
    })}
  </ol>`;
}

function stateOf(options: CasePageOptions, action: CaseAction): FormState {
  return options.posted?.action === action
    ? { values: options.posted.values, errors: options.posted.errors }
    : {};
}

function checkForm(options: CasePageOptions): Html {
  const c = options.case;
  const label =
    c.state === 'DIPERBAIKI'
      ? 'Periksa ulang NIK'
      : c.state === 'DIPERIKSA'
        ? 'Periksa NIK lagi'
        : 'Periksa NIK pemohon';
  return form({
    action: stepPath(c.id, 'PERIKSA'),
    csrfToken: options.csrfToken,
    id: 'form-periksa',
    autocomplete: 'off',
    body: html`<input type="hidden" name="${FORM_TOKEN_FIELD}" value="${options.formToken}" />
      <p>
        NIK <strong>${c.nik}</strong> diperiksa dari layanan ini tanpa diketik ulang. Pencarian
        dihitung dalam kuota dan dicatat di jejak audit dengan nomor layanan sebagai keperluan.
      </p>
      ${
        options.reasonRequired
          ? textarea(
              {
                name: 'alasan',
                id: 'alasan',
                label: 'Alasan pencarian (wajib)',
                hint: 'Pola input NIK Anda ditandai. Tuliskan mengapa NIK ini perlu dicari; alasan dicatat di jejak audit.',
                required: true,
                maxlength: 500,
                rows: 2,
              },
              stateOf(options, 'PERIKSA'),
            )
          : ''
      }
      <button type="submit">${label}</button>`,
  });
}

function noteForm(
  options: CasePageOptions,
  action: 'TIDAK_SESUAI' | 'CATAT_PERBAIKAN' | 'BATALKAN',
  text: { label: string; hint: string; button: string; extra?: Html },
): Html {
  const id = options.case.id;
  return form({
    action: stepPath(id, action),
    csrfToken: options.csrfToken,
    id: `form-${action.toLowerCase().replace(/_/g, '-')}`,
    autocomplete: 'off',
    body: html`${textarea(
        {
          name: 'catatan',
          id: `catatan-${action.toLowerCase()}`,
          label: text.label,
          hint: text.hint,
          required: true,
          maxlength: 500,
          rows: 2,
        },
        stateOf(options, action),
      )}
      ${text.extra ?? ''} <button type="submit">${text.button}</button>`,
  });
}

const NO_POPULATION_DATA =
  'Tuliskan hanya hal dokumen pemohon; jangan menyalin data kependudukan hasil verifikasi.';

function nextStep(options: CasePageOptions): Html {
  const c = options.case;
  const parts: Html[] = [];
  const has = (action: CaseAction) => c.actions.includes(action);
  if (has('SESUAI')) {
    parts.push(
      html`<h3>Langkah 4: keputusan verifikasi</h3>
        ${form({
          action: stepPath(c.id, 'SESUAI'),
          csrfToken: options.csrfToken,
          id: 'form-sesuai',
          body: html`<p>4a. Data sesuai dengan dokumen pemohon: setujui dan terbitkan dokumen.</p>
            <button type="submit">Sesuai — setujui permohonan</button>`,
        })}`,
    );
  }
  if (has('TIDAK_SESUAI')) {
    parts.push(
      html`<p>4b. NIK tidak ditemukan atau data tidak sesuai: pemohon memperbaiki dokumen.</p>
        ${noteForm(options, 'TIDAK_SESUAI', {
          label: 'Hal yang harus diperbaiki pemohon',
          hint: NO_POPULATION_DATA,
          button: 'Tidak sesuai — minta perbaikan',
        })}`,
    );
  }
  if (has('CATAT_PERBAIKAN')) {
    parts.push(
      html`<h3>Langkah 8–9: perbaikan dokumen</h3>
        ${noteForm(options, 'CATAT_PERBAIKAN', {
          label: 'Perbaikan yang diterima',
          hint: NO_POPULATION_DATA,
          button: 'Catat perbaikan',
          extra: field(
            {
              name: 'nikPerbaikan',
              label: 'NIK yang diperbaiki (kosongkan bila NIK tidak berubah)',
              inputmode: 'numeric',
              maxlength: 16,
              autocomplete: 'off',
            },
            stateOf(options, 'CATAT_PERBAIKAN'),
          ),
        })}`,
    );
  }
  if (has('PERIKSA')) {
    const title =
      c.state === 'DIPERBAIKI'
        ? 'Langkah 10: periksa ulang'
        : c.state === 'DIPERIKSA'
          ? 'Periksa lagi sebelum memutuskan'
          : 'Langkah 3: periksa NIK';
    parts.push(
      html`<h3>${title}</h3>
        ${checkForm(options)}`,
    );
  }
  if (has('TERBITKAN')) {
    parts.push(
      html`<h3>Penerbitan dokumen</h3>
        ${form({
          action: stepPath(c.id, 'TERBITKAN'),
          csrfToken: options.csrfToken,
          id: 'form-terbitkan',
          autocomplete: 'off',
          body: html`${field(
              { name: 'nomorDokumen', label: c.documentLabel, required: true, maxlength: 60 },
              stateOf(options, 'TERBITKAN'),
            )} <button type="submit">Terbitkan dokumen</button>`,
        })}`,
    );
  }
  if (has('SERAHKAN')) {
    parts.push(
      html`<h3>Langkah 5: serahkan dokumen</h3>
        ${form({
          action: stepPath(c.id, 'SERAHKAN'),
          csrfToken: options.csrfToken,
          id: 'form-serahkan',
          body: html`<p>${c.documentLabel}: <strong>${c.documentNumber ?? ''}</strong></p>
            <button type="submit">Dokumen telah diserahkan</button>`,
        })}`,
    );
  }
  if (has('KIRIM_DATA_BALIKAN')) parts.push(returnStep(options));
  if (has('TUTUP')) {
    parts.push(
      html`<h3>Langkah 7: selesai</h3>
        ${form({
          action: stepPath(c.id, 'TUTUP'),
          csrfToken: options.csrfToken,
          id: 'form-tutup',
          body: html`<button type="submit">Tutup layanan</button>`,
        })}`,
    );
  }
  if (parts.length === 0) return html``;
  return html`<section class="card" id="langkah-berikut" aria-label="Langkah berikutnya">
    ${parts}
  </section>`;
}

function returnStep(options: CasePageOptions): Html {
  const c = options.case;
  const schema = options.returnForm?.schema;
  if (!schema) {
    return html`<h3>Langkah 6: data balikan</h3>
      ${alert('warn', 'Skema data balikan PKS instansi Anda belum ditetapkan Dukcapil; data balikan belum dapat dikirim.')}`;
  }
  const posted = options.posted?.action === 'KIRIM_DATA_BALIKAN' ? options.posted : undefined;
  return html`<h3>Langkah 6: kirim data balikan</h3>
    <p class="hint">
      Terisi dari layanan ini (nomor dokumen yang diterbitkan); lengkapi atau perbaiki sebelum
      dikirim. Data penduduk tidak ikut dikirim.
    </p>
    ${dataBalikanForm({
      csrfToken: options.csrfToken,
      schema,
      nik: c.nik,
      nikEditable: false,
      values: posted?.values ?? options.returnForm?.values,
      errors: posted?.errors,
      action: stepPath(c.id, 'KIRIM_DATA_BALIKAN'),
    })}`;
}

function cancelForm(options: CasePageOptions): Html {
  if (!options.case.actions.includes('BATALKAN')) return html``;
  const open = options.posted?.action === 'BATALKAN';
  return html`<details class="card" id="batalkan-layanan" ${open ? html`open` : ''}>
    <summary>Batalkan layanan</summary>
    ${noteForm(options, 'BATALKAN', {
      label: 'Alasan pembatalan',
      hint: 'Misalnya: pemohon menarik permohonan, atau tidak kembali dengan dokumen perbaikan.',
      button: 'Batalkan layanan',
    })}
  </details>`;
}

function history(events: readonly CaseEventView[]): Html {
  return table({
    id: 'riwayat-layanan',
    caption: 'Riwayat status',
    empty: 'Belum ada riwayat.',
    rows: events,
    rowAttributes: (e) => ({ 'data-action': e.action }),
    columns: [
      { header: 'Waktu (WIB)', cell: (e) => wibDateTime(e.at) },
      { header: 'Langkah', cell: (e) => e.actionLabel },
      { header: 'Status', cell: (e) => e.stateLabel },
      {
        header: 'Catatan',
        cell: (e) => (e.auditId ? `Jejak audit #${e.auditId}` : (e.note ?? '')),
      },
      { header: 'Petugas', cell: (e) => e.actor.userId },
    ],
  });
}

/** A service case's page: where it stands, the step it waits for, and its history. */
export function casePageBody(options: CasePageOptions): Html {
  const c = options.case;
  const errors = options.posted?.errors;
  return html`<h1>Layanan ${c.caseNumber}</h1>
    <p><a href="${CASES_PATH}">Kembali ke antrean layanan</a></p>
    ${options.message ? html`<div class="alert ok" role="status" id="pesan-layanan">${options.message}</div>` : ''}
    ${
      options.refusal
        ? html`<div
            class="alert warn"
            role="alert"
            id="penolakan"
            data-code="${options.refusal.code}"
          >
            ${options.refusal.message}
          </div>`
        : ''
    }
    ${errorSummary(errors, {
      ids: {
        catatan: `catatan-${(options.posted?.action ?? '').toLowerCase()}`,
        nik: 'db-nik',
      },
    })}
    ${summary(c)} ${stepGuide(c)} ${options.result ? lookupResultSection(options.result) : ''}
    ${nextStep(options)} ${cancelForm(options)} ${history(options.events)}`;
}
