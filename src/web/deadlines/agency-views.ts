import { formatDate } from '../../domain/indonesian-dates.js';
import { OFFICIALS_NOTICE_DAYS } from '../../domain/deadlines.js';
import { DOCUMENT_MAX_BYTES } from '../../domain/documents.js';
import type { AgencyDeadlines } from '../../services/deadlines/agency-deadlines.js';
import { confirmBox } from '../kit/confirm-box.js';
import {
  alert,
  dateField,
  errorSummary,
  field,
  fileField,
  form,
  select,
  textarea,
  type FieldError,
  type FormState,
} from '../kit/form-fields.js';
import { html, type Html } from '../kit/html.js';
import {
  calendarGapNote,
  deadlineTable,
  figures,
  howComputed,
  resultAlert,
} from './deadline-parts.js';
import { AGENCY_BASE, DUKCAPIL_BASE } from './paths.js';

/*
 * One agency's deadlines: the head's /instansi/tenggat and Dukcapil's page of that agency,
 * with the forms that fulfil them. No JavaScript: forms are plain posts, the upload forms
 * carry a required confirmation box.
 */

const MAX_MB = DOCUMENT_MAX_BYTES / 1024 / 1024;

export type FormName = 'iso' | 'laporan' | 'pejabat' | `pemberitahuan-${number}` | 'surel';

/** A form of the page sent back with its problems: which one, what it held, what is wrong. */
export interface FormProblem {
  readonly form: FormName;
  readonly values: Readonly<Record<string, string>>;
  readonly errors: readonly FieldError[];
}

/**
 * The ids of each form's fields: several forms on the page post `berkas` and `konfirmasi`,
 * so the ids carry the form's name and the error summary links to the right one.
 */
function fieldIds(name: FormName): Readonly<Record<string, string>> {
  switch (name) {
    case 'iso':
      return {
        nomor: 'iso-nomor',
        tanggalTerbit: 'iso-terbit',
        tanggalBerakhir: 'iso-berakhir',
        berkas: 'iso-berkas',
        konfirmasi: 'iso-konfirmasi',
      };
    case 'laporan':
      return {
        periode: 'laporan-periode',
        berkas: 'laporan-berkas',
        konfirmasi: 'laporan-konfirmasi',
      };
    case 'pejabat':
      return {
        tanggalPerubahan: 'pejabat-tanggal',
        uraian: 'pejabat-uraian',
        berkas: 'pejabat-berkas',
        konfirmasi: 'pejabat-konfirmasi',
      };
    case 'surel':
      return { surel: 'surel-alamat' };
    default:
      return { berkas: `${name}-berkas`, konfirmasi: `${name}-konfirmasi` };
  }
}

/** What one form shows: its own problem's values and errors, nothing of another form's. */
function stateFor(problem: FormProblem | undefined, name: FormName): FormState & { open: boolean } {
  return problem?.form === name
    ? { values: problem.values, errors: problem.errors, open: true }
    : { open: false };
}

/** The scan of a certificate, report or letter, checked by its content when it arrives. */
function scanInput(id: string, label: string, required: boolean, state: FormState): Html {
  return fileField(
    {
      name: 'berkas',
      id,
      label,
      required,
      hint: `PDF, PNG atau JPEG, paling besar ${MAX_MB} MB.`,
      accept: 'application/pdf,image/png,image/jpeg',
    },
    state,
  );
}

function fulfilmentForms(options: {
  base: string;
  csrfToken: string;
  view: AgencyDeadlines;
  asDukcapil: boolean;
  problem: FormProblem | undefined;
}): Html {
  const { base, csrfToken, view, asDukcapil } = options;
  const iso = stateFor(options.problem, 'iso');
  const report = stateFor(options.problem, 'laporan');
  const change = stateFor(options.problem, 'pejabat');
  const confirmText = asDukcapil
    ? 'Saya telah memeriksa bahwa isian dan berkas ini sesuai dengan dokumen yang diterima dari instansi.'
    : 'Saya menyatakan isian dan berkas ini benar dan sah.';
  const agreementForms = view.agreement
    ? html`<details class="card" id="form-iso" ${iso.open ? 'open' : ''}>
          <summary>Unggah sertifikat ISO/IEC 27001</summary>
          ${form({
            action: `${base}/sertifikat-iso`,
            csrfToken,
            multipart: true,
            body: html`${field(
                {
                  name: 'nomor',
                  id: 'iso-nomor',
                  label: 'Nomor sertifikat',
                  required: true,
                  maxlength: 100,
                },
                iso,
              )}
              ${dateField({ name: 'tanggalTerbit', id: 'iso-terbit', label: 'Tanggal terbit', required: true }, iso)}
              ${dateField(
                {
                  name: 'tanggalBerakhir',
                  id: 'iso-berakhir',
                  label: 'Berlaku sampai',
                  required: true,
                },
                iso,
              )}
              ${scanInput('iso-berkas', 'Pindaian sertifikat', true, iso)}
              ${confirmBox('iso-konfirmasi', confirmText, { state: iso })}
              <button type="submit">Unggah sertifikat</button>`,
          })}
        </details>
        <details class="card" id="form-laporan" ${report.open ? 'open' : ''}>
          <summary>Kirim laporan semester</summary>
          ${
            view.agreement.reportablePeriods.length === 0
              ? html`<p>
                  Belum ada semester yang laporannya dapat dikirim: laporan dapat dikirim mulai
                  bulan terakhir semester (Juni atau Desember).
                </p>`
              : form({
                  action: `${base}/laporan-semester`,
                  csrfToken,
                  multipart: true,
                  body: html`${select(
                      {
                        name: 'periode',
                        id: 'laporan-periode',
                        label: 'Periode',
                        required: true,
                        options: view.agreement.reportablePeriods.map((p) => ({
                          value: p.period,
                          label: p.label,
                        })),
                      },
                      report,
                    )}
                    ${scanInput('laporan-berkas', 'Berkas laporan', true, report)}
                    ${confirmBox('laporan-konfirmasi', confirmText, { state: report })}
                    <button type="submit">Kirim laporan</button>`,
                })
          }
        </details>`
    : alert(
        'warn',
        'Instansi ini tidak memiliki PKS yang berlaku: sertifikat dan laporan semester tidak dapat dicatat.',
      );
  const openChanges = view.openChanges.map((c) => {
    const name: FormName = `pemberitahuan-${c.id}`;
    const state = stateFor(options.problem, name);
    return html`<details class="card" id="form-${name}" open>
      <summary>
        Surat pemberitahuan untuk perubahan ${formatDate(c.changedOn)} yang dicatat Dukcapil
      </summary>
      <p>${c.description}</p>
      ${form({
        action: `${base}/perubahan-pejabat/${c.id}`,
        csrfToken,
        multipart: true,
        body: html`${scanInput(`${name}-berkas`, 'Pindaian surat pemberitahuan', true, state)}
          ${confirmBox(`${name}-konfirmasi`, confirmText, { state })}
          <button type="submit">Kirim surat pemberitahuan</button>`,
      })}
    </details>`;
  });
  return html`<h2 id="penuhi">Penuhi kewajiban</h2>
    ${agreementForms} ${openChanges}
    <details class="card" id="form-pejabat" ${change.open ? 'open' : ''}>
      <summary>
        ${asDukcapil ? 'Catat perubahan pejabat atau struktur' : 'Beritahukan perubahan pejabat atau struktur'}
      </summary>
      <p class="hint">
        Pemberitahuan wajib disampaikan paling lambat ${OFFICIALS_NOTICE_DAYS} hari setelah
        perubahan.
        ${
          asDukcapil
            ? 'Tanpa berkas, perubahan dicatat sebagai diketahui Dukcapil dan instansi wajib mengirim surat pemberitahuannya.'
            : ''
        }
      </p>
      ${form({
        action: `${base}/perubahan-pejabat`,
        csrfToken,
        multipart: true,
        body: html`${dateField(
            {
              name: 'tanggalPerubahan',
              id: 'pejabat-tanggal',
              label: 'Tanggal perubahan',
              required: true,
            },
            change,
          )}
          ${textarea(
            {
              name: 'uraian',
              id: 'pejabat-uraian',
              label: 'Uraian perubahan',
              required: true,
              maxlength: 1000,
              rows: 3,
            },
            change,
          )}
          ${scanInput(
            'pejabat-berkas',
            asDukcapil
              ? 'Pindaian surat pemberitahuan (bila sudah diterima)'
              : 'Pindaian surat pemberitahuan',
            !asDukcapil,
            change,
          )}
          ${confirmBox('pejabat-konfirmasi', confirmText, { state: change })}
          <button type="submit">Simpan</button>`,
      })}
    </details>`;
}

function reminderEmailForm(options: {
  csrfToken: string;
  email: string | null;
  problem: FormProblem | undefined;
}): Html {
  const state = stateFor(options.problem, 'surel');
  return html`<h2 id="surel">Pengingat lewat surel</h2>
    <div class="card">
      <p class="hint">
        Bila pengiriman surel diaktifkan Dukcapil, pengingat dikirim ke alamat instansi dan ke
        alamat Anda berikut. Kosongkan untuk berhenti menerima pengingat di alamat pribadi.
      </p>
      ${form({
        action: `${AGENCY_BASE}/surel`,
        csrfToken: options.csrfToken,
        body: html`${field(
            {
              name: 'surel',
              id: 'surel-alamat',
              type: 'email',
              label: 'Alamat surel Anda',
              maxlength: 200,
              value: state.values?.surel ?? options.email ?? '',
            },
            state,
          )} <button type="submit">Simpan alamat</button>`,
      })}
    </div>`;
}

const RESULT_MESSAGES: Readonly<Record<string, string>> = {
  iso: 'Sertifikat ISO/IEC 27001 telah dicatat.',
  laporan: 'Laporan semester telah diterima.',
  pejabat: 'Perubahan pejabat atau struktur telah dicatat.',
  pemberitahuan: 'Surat pemberitahuan perubahan telah diterima.',
  surel: 'Alamat surel pengingat telah disimpan.',
};

/** One agency's deadlines: the head's own page, or Dukcapil's page of that agency. */
export function agencyDeadlinesBody(options: {
  base: string;
  documentBase: string;
  csrfToken: string;
  view: AgencyDeadlines;
  asDukcapil: boolean;
  canRecord: boolean;
  canManageCalendar: boolean;
  result?: string | undefined;
  problem?: FormProblem | undefined;
  reminderEmail?: string | null;
}): Html {
  const { view, problem } = options;
  const agreement = view.agreement;
  return html`<h1>
      Tenggat Kewajiban PKS${options.asDukcapil ? html` — ${view.agency.name}` : ''}
    </h1>
    ${options.asDukcapil ? html`<p><a href="${DUKCAPIL_BASE}">« Semua instansi</a></p>` : ''}
    ${problem ? errorSummary(problem.errors, { ids: fieldIds(problem.form) }) : ''}
    ${resultAlert(options.result ? RESULT_MESSAGES[options.result] : undefined)}
    ${
      agreement
        ? html`<p>
            PKS nomor <strong>${agreement.nomorDukcapil}</strong>, ditandatangani
            ${formatDate(agreement.signedOn)}, berakhir ${formatDate(agreement.endsOn)}. Keadaan per
            ${formatDate(view.today)}.
          </p>`
        : alert('warn', 'Instansi ini tidak memiliki PKS yang berlaku.')
    }
    ${figures(view.counts)} ${calendarGapNote(view.calendarGaps, options.canManageCalendar)}
    ${deadlineTable({ rows: view.deadlines, documentBase: options.documentBase, withAgency: false })}
    ${
      options.canRecord
        ? fulfilmentForms({
            base: options.base,
            csrfToken: options.csrfToken,
            view,
            asDukcapil: options.asDukcapil,
            problem,
          })
        : ''
    }
    ${
      options.reminderEmail !== undefined
        ? reminderEmailForm({ csrfToken: options.csrfToken, email: options.reminderEmail, problem })
        : ''
    }
    ${howComputed()}`;
}
