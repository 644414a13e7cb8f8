import { ACCESS_METHODS } from '../../domain/agreement.js';
import { ACCESS_METHOD_LABELS } from '../../domain/agreement-record.js';
import { ELEMENT_LABELS, ELEMENTS, type Element } from '../../domain/elements.js';
import {
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
  REQUEST_ACTION_LABELS,
  REQUEST_KIND_LABELS,
  REQUEST_KINDS,
  REQUEST_STATE_LABELS,
  REQUEST_STATES,
  needsAddendum,
  type BandwidthPayload,
  type ExtensionPayload,
  type MethodElementPayload,
  type PocPayload,
  type RequestKind,
} from '../../domain/requests.js';
import { formatDate } from '../../domain/indonesian-dates.js';
import { wibDateTime } from '../../domain/time.js';
import {
  EMPLOYMENT_STATUS_LABELS,
  EMPLOYMENT_STATUSES,
  FIELD_LABELS,
  NEW_USER_ROLES,
  type UserIdChangeForm,
} from '../../domain/user-id-change.js';
import { ROLE_LABELS } from '../../domain/users.js';
import type {
  FilingContext,
  HandedOver,
  RequestDetail,
  RequestPage,
  RequestSummary,
} from '../../services/requests/requests.js';
import { html, type Html } from '../kit/html.js';

/*
 * Pages of the requests section (issue 3 items 4 and 5): the agency head's list, filing
 * forms and request pages (/instansi/permohonan) and Dukcapil's (/dukcapil/permohonan),
 * with the decision forms for the admin. No JavaScript: every step is a form post.
 */

export const AGENCY_BASE = '/instansi/permohonan';
export const DUKCAPIL_BASE = '/dukcapil/permohonan';

/** What a filing form or a decision form held when it was sent back with problems. */
export type FormValues = Readonly<Record<string, string | readonly string[]>>;

const value = (values: FormValues, name: string): string => {
  const v = values[name];
  return typeof v === 'string' ? v : '';
};
const values = (values: FormValues, name: string): readonly string[] => {
  const v = values[name];
  return typeof v === 'string' ? [v] : (v ?? []);
};

const MB = MAX_ATTACHMENT_BYTES / 1024 / 1024;

const KIND_HINTS: Readonly<Record<RequestKind, string>> = {
  PERUBAHAN_USER_ID:
    'User ID baru untuk operator atau kepala instansi (misalnya pergantian petugas). Dukcapil menjawab dengan Berita Acara Serah Terima user ID dan kata sandi.',
  POC: 'Uji coba (proof of concept) aplikasi instansi yang memakai web service. Setelah lulus, kuota harian instansi tidak dibatasi.',
  PERUBAHAN_METODE_ELEMEN:
    'Perubahan metode akses atau elemen data yang diberikan PKS. Wajib melampirkan kajian teknis; perubahan yang disetujui dituangkan dalam adendum.',
  BANDWIDTH: 'Perubahan bandwidth jaringan titik akses instansi.',
  PERPANJANGAN:
    'Perpanjangan PKS sebelum berakhir (diajukan sekurang-kurangnya 2 bulan sebelum tanggal berakhir).',
};

function problemsAlert(problems: readonly string[] | undefined): Html | string {
  if (!problems || problems.length === 0) return '';
  return html`<div class="alert bad" role="alert" id="masalah">
    <p>Permohonan belum dapat diproses:</p>
    <ul>
      ${problems.map((p) => html`<li>${p}</li>`)}
    </ul>
  </div>`;
}

function dateText(iso: string | null): string {
  return iso ? formatDate(iso) : '—';
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toLocaleString('id-ID', { maximumFractionDigits: 1 })} MB`
    : `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('id-ID')} KB`;
}

// ---------------------------------------------------------------------------------------
// Lists

function pageLink(base: string, page: RequestPage, to: number): string {
  const params = new URLSearchParams();
  if (page.filter.agencyCode) params.set('instansi', page.filter.agencyCode);
  if (page.filter.kind) params.set('jenis', page.filter.kind);
  if (page.filter.state) params.set('status', page.filter.state);
  params.set('halaman', String(to));
  return `${base}?${params.toString()}`;
}

function rowsTable(base: string, items: readonly RequestSummary[], withAgency: boolean): Html {
  if (items.length === 0) return html`<p id="daftar-kosong">Tidak ada permohonan yang sesuai.</p>`;
  return html`<table id="daftar-permohonan">
    <thead>
      <tr>
        <th scope="col">No.</th>
        ${withAgency ? html`<th scope="col">Instansi</th>` : ''}
        <th scope="col">Jenis</th>
        <th scope="col">Surat permohonan</th>
        <th scope="col">Diajukan (WIB)</th>
        <th scope="col">Status</th>
      </tr>
    </thead>
    <tbody>
      ${items.map(
        (item) =>
          html`<tr data-id="${item.id}" data-state="${item.state}">
            <td><a href="${base}/${item.id}">${item.id}</a></td>
            ${withAgency ? html`<td>${item.agencyCode}</td>` : ''}
            <td>${item.kindLabel}</td>
            <td>
              ${item.letter.nomor}<br /><span class="hint">${dateText(item.letter.tanggal)}</span>
            </td>
            <td>${wibDateTime(item.filedAt)}</td>
            <td>${item.stateLabel}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
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
          ? html`<div>
              <label for="f-instansi">Instansi</label>
              <select id="f-instansi" name="instansi">
                <option value="">Semua instansi</option>
                ${options.agencies.map(
                  (a) =>
                    html`<option
                      value="${a.code}"
                      ${page.filter.agencyCode === a.code ? 'selected' : ''}
                    >
                      ${a.code} — ${a.name}
                    </option>`,
                )}
              </select>
            </div>`
          : ''
      }
      <div>
        <label for="f-jenis">Jenis</label>
        <select id="f-jenis" name="jenis">
          <option value="">Semua jenis</option>
          ${REQUEST_KINDS.map(
            (kind) =>
              html`<option value="${kind}" ${page.filter.kind === kind ? 'selected' : ''}>
                ${REQUEST_KIND_LABELS[kind]}
              </option>`,
          )}
        </select>
      </div>
      <div>
        <label for="f-status">Status</label>
        <select id="f-status" name="status">
          <option value="">Semua status</option>
          ${REQUEST_STATES.map(
            (state) =>
              html`<option value="${state}" ${page.filter.state === state ? 'selected' : ''}>
                ${REQUEST_STATE_LABELS[state]}
              </option>`,
          )}
        </select>
      </div>
      <button type="submit">Saring</button>
    </form>
    <p class="hint" id="jumlah">
      ${page.total.toLocaleString('id-ID')} permohonan · halaman ${page.page} dari ${page.pages}
    </p>
    ${rowsTable(base, page.items, withAgency)}
    <nav class="pager" aria-label="Halaman">
      ${page.page > 1 ? html`<a href="${pageLink(base, page, page.page - 1)}">‹ Sebelumnya</a>` : ''}
      ${page.page < page.pages ? html`<a href="${pageLink(base, page, page.page + 1)}">Berikutnya ›</a>` : ''}
    </nav>`;
}

// ---------------------------------------------------------------------------------------
// Filing

export function kindChoiceBody(): Html {
  return html`<h1>Ajukan Permohonan</h1>
    <p>Pilih jenis permohonan sesuai surat yang akan diajukan kepada Dinas Dukcapil.</p>
    <ul class="choices">
      ${REQUEST_KINDS.map(
        (kind) =>
          html`<li>
            <a href="${AGENCY_BASE}/baru?jenis=${kind}"
              ><strong>${REQUEST_KIND_LABELS[kind]}</strong></a
            >
            <p class="hint">${KIND_HINTS[kind]}</p>
          </li>`,
      )}
    </ul>
    <p><a href="${AGENCY_BASE}">Kembali ke daftar permohonan</a></p>`;
}

function textField(
  name: string,
  label: string,
  current: FormValues,
  options: {
    required?: boolean;
    hint?: string;
    maxLength?: number;
    type?: string;
    inputMode?: string;
  } = {},
): Html {
  const id = `p-${name}`;
  return html`<label for="${id}"
      >${label}${options.required === false ? ' (tidak wajib)' : ''}</label
    >
    <input
      type="${options.type ?? 'text'}"
      id="${id}"
      name="${name}"
      value="${value(current, name)}"
      ${options.maxLength ? html`maxlength="${options.maxLength}"` : ''}
      ${options.inputMode ? html`inputmode="${options.inputMode}"` : ''}
      ${options.required === false ? '' : 'required'}
      autocomplete="off"
    />
    ${options.hint ? html`<p class="hint">${options.hint}</p>` : ''}`;
}

function userIdChangeFields(current: FormValues): Html {
  const status = value(current, 'statusKepegawaian');
  const role = value(current, 'peran') || 'OPERATOR';
  return html`<fieldset>
      <legend>Data pegawai pemegang user ID baru</legend>
      ${textField('nik', `1. ${FIELD_LABELS.nik}`, current, {
        maxLength: 16,
        inputMode: 'numeric',
        hint: '16 digit sesuai KTP-el.',
      })}
      ${textField('namaLengkap', `2. ${FIELD_LABELS.namaLengkap}`, current, { maxLength: 120 })}
      ${textField(
        'nomorIdentitasKepegawaian',
        `3. ${FIELD_LABELS.nomorIdentitasKepegawaian}`,
        current,
        {
          maxLength: 30,
          hint: 'PNS dan PPPK: NIP 18 digit (tanggal lahir dan jenis kelamin harus sesuai NIK). Non-ASN: nomor pegawai dari instansi.',
        },
      )}
      <label for="p-statusKepegawaian">4. ${FIELD_LABELS.statusKepegawaian}</label>
      <select id="p-statusKepegawaian" name="statusKepegawaian" required>
        <option value="">— pilih —</option>
        ${EMPLOYMENT_STATUSES.map(
          (s) =>
            html`<option value="${s}" ${status === s ? 'selected' : ''}>
              ${EMPLOYMENT_STATUS_LABELS[s]}
            </option>`,
        )}
      </select>
      ${textField('jabatan', `5. ${FIELD_LABELS.jabatan}`, current, { maxLength: 100 })}
      ${textField('kodeWilayahKantor', `6. ${FIELD_LABELS.kodeWilayahKantor}`, current, {
        maxLength: 13,
        hint: 'Kode Kemendagri kecamatan (mis. 33.03.05) atau desa/kelurahan (mis. 33.03.05.1001) tempat kantor berada.',
      })}
      ${textField('namaKantor', `7. ${FIELD_LABELS.namaKantor}`, current, { maxLength: 200 })}
      ${textField('alamatKantor', `7. ${FIELD_LABELS.alamatKantor}`, current, { maxLength: 300 })}
    </fieldset>
    <fieldset>
      <legend>User ID baru</legend>
      <label for="p-peran">${FIELD_LABELS.peran}</label>
      <select id="p-peran" name="peran" required>
        ${NEW_USER_ROLES.map(
          (r) =>
            html`<option value="${r}" ${role === r ? 'selected' : ''}>${ROLE_LABELS[r]}</option>`,
        )}
      </select>
      ${textField('userIdUsulan', FIELD_LABELS.userIdUsulan, current, {
        required: false,
        maxLength: 60,
        hint: 'Huruf kecil, angka, titik, garis bawah atau strip. Kosongkan agar Dukcapil yang menentukan.',
      })}
      ${textField('userIdDiganti', FIELD_LABELS.userIdDiganti, current, {
        required: false,
        maxLength: 60,
        hint: 'Isi bila user ID baru menggantikan user ID lama instansi Anda; user ID lama dinonaktifkan saat permohonan disetujui.',
      })}
    </fieldset>`;
}

function checkboxes(
  name: string,
  legend: string,
  options: readonly { value: string; label: string }[],
  checked: readonly string[],
): Html {
  return html`<fieldset>
    <legend>${legend}</legend>
    ${options.map(
      (o) =>
        html`<label class="check"
          ><input
            type="checkbox"
            name="${name}"
            value="${o.value}"
            ${checked.includes(o.value) ? 'checked' : ''}
          />
          ${o.label}</label
        >`,
    )}
  </fieldset>`;
}

function kindFields(kind: RequestKind, current: FormValues, context: FilingContext): Html {
  switch (kind) {
    case 'PERUBAHAN_USER_ID':
      return userIdChangeFields(current);
    case 'POC':
      return html`${textField('namaAplikasi', 'Nama aplikasi yang diuji', current, {
          maxLength: 100,
          hint: 'Setiap aplikasi baru yang memakai web service memerlukan PoC tersendiri.',
        })}
        <label for="p-keterangan">Keterangan (tidak wajib)</label>
        <textarea id="p-keterangan" name="keterangan" rows="3" maxlength="1000">
${value(current, 'keterangan')}</textarea>`;
    case 'PERUBAHAN_METODE_ELEMEN': {
      const methods =
        current.metodeAkses === undefined ? context.accessMethods : values(current, 'metodeAkses');
      const elements =
        current.elemenData === undefined ? context.grantedElements : values(current, 'elemenData');
      return html`<p class="hint">
          Centang susunan yang dimohonkan secara lengkap (bukan hanya perubahannya). Saat ini
          dicentang sesuai PKS yang berlaku.
        </p>
        ${checkboxes(
          'metodeAkses',
          'Metode akses',
          ACCESS_METHODS.map((m) => ({ value: m, label: ACCESS_METHOD_LABELS[m] })),
          methods,
        )}
        ${checkboxes(
          'elemenData',
          'Elemen data (paling banyak 8 elemen)',
          ELEMENTS.map((e) => ({ value: e, label: ELEMENT_LABELS[e] })),
          elements,
        )}`;
    }
    case 'BANDWIDTH':
      return textField('bandwidthKbps', 'Bandwidth yang dimohonkan (kbps)', current, {
        type: 'number',
        hint: `Saat ini ${context.bandwidthKbps.toLocaleString('id-ID')} kbps. 1 Mbps = 1.000 kbps.`,
      });
    case 'PERPANJANGAN':
      return textField('berakhirBaru', 'Tanggal berakhir baru', current, {
        type: 'date',
        hint: `PKS saat ini berakhir ${formatDate(context.endsOn)}.`,
      });
  }
}

function fileInput(
  name: string,
  label: string,
  options: { required?: boolean; multiple?: boolean } = {},
): Html {
  return html`<label for="p-${name}"
      >${label}${options.required ? ' (wajib)' : ' (tidak wajib)'}</label
    >
    <input
      type="file"
      id="p-${name}"
      name="${name}"
      accept="application/pdf,image/png,image/jpeg"
      ${options.required ? 'required' : ''}
      ${options.multiple ? 'multiple' : ''}
    />`;
}

export function filingFormBody(options: {
  readonly csrfToken: string;
  readonly kind: RequestKind;
  readonly context: FilingContext;
  readonly values?: FormValues;
  readonly problems?: readonly string[];
}): Html {
  const current = options.values ?? {};
  const kind = options.kind;
  return html`<h1>Permohonan ${REQUEST_KIND_LABELS[kind]}</h1>
    <p class="hint">${KIND_HINTS[kind]} PKS yang berlaku: ${options.context.agreementNumber}.</p>
    ${problemsAlert(options.problems)}
    ${
      options.problems?.length
        ? html`<p class="hint">
            Lampiran tidak disimpan: pilih kembali berkasnya sebelum mengirim ulang.
          </p>`
        : ''
    }
    <form
      method="post"
      action="${AGENCY_BASE}/baru"
      enctype="multipart/form-data"
      class="card request-form"
    >
      <input type="hidden" name="_csrf" value="${options.csrfToken}" />
      <input type="hidden" name="jenis" value="${kind}" />
      <fieldset>
        <legend>Surat permohonan</legend>
        ${textField('nomorSurat', 'Nomor surat', current, { maxLength: 100 })}
        ${textField('tanggalSurat', 'Tanggal surat', current, { type: 'date' })}
      </fieldset>
      ${kindFields(kind, current, options.context)}
      <fieldset>
        <legend>Lampiran</legend>
        <p class="hint">
          PDF, PNG atau JPEG (diperiksa menurut isinya), paling besar ${MB} MB per berkas, paling
          banyak ${MAX_ATTACHMENTS} berkas.
        </p>
        ${fileInput('suratPermohonan', 'Pindaian surat permohonan')}
        ${
          kind === 'PERUBAHAN_METODE_ELEMEN'
            ? fileInput('kajianTeknis', 'Kajian teknis', { required: true })
            : ''
        }
        ${fileInput('lampiranLain', 'Lampiran lain', { multiple: true })}
      </fieldset>
      <button type="submit">Kirim permohonan</button>
    </form>
    <p><a href="${AGENCY_BASE}/baru">Pilih jenis permohonan lain</a></p>`;
}

export function noAgreementBody(): Html {
  return html`<h1>Ajukan Permohonan</h1>
    <div class="alert warn" role="alert">
      Instansi Anda tidak memiliki PKS yang berlaku hari ini; permohonan tidak dapat diajukan.
    </div>
    <p><a href="${AGENCY_BASE}">Kembali ke daftar permohonan</a></p>`;
}

// ---------------------------------------------------------------------------------------
// A request

function payloadList(detail: RequestDetail): Html {
  switch (detail.kind) {
    case 'PERUBAHAN_USER_ID': {
      const form = detail.payload as UserIdChangeForm;
      return html`<dl class="terms" id="isian">
        <dt>1. ${FIELD_LABELS.nik}</dt>
        <dd>${form.nik}</dd>
        <dt>2. ${FIELD_LABELS.namaLengkap}</dt>
        <dd>${form.namaLengkap}</dd>
        <dt>3. ${FIELD_LABELS.nomorIdentitasKepegawaian}</dt>
        <dd>${form.nomorIdentitasKepegawaian}</dd>
        <dt>4. ${FIELD_LABELS.statusKepegawaian}</dt>
        <dd>${EMPLOYMENT_STATUS_LABELS[form.statusKepegawaian]}</dd>
        <dt>5. ${FIELD_LABELS.jabatan}</dt>
        <dd>${form.jabatan}</dd>
        <dt>6. ${FIELD_LABELS.kodeWilayahKantor}</dt>
        <dd>${form.kodeWilayahKantor} (${form.namaWilayahKantor})</dd>
        <dt>7. Nama dan alamat kantor</dt>
        <dd>${form.namaKantor}, ${form.alamatKantor}</dd>
        <dt>${FIELD_LABELS.peran}</dt>
        <dd>${ROLE_LABELS[form.peran]}</dd>
        <dt>${FIELD_LABELS.userIdUsulan}</dt>
        <dd>${form.userIdUsulan || '— (ditentukan Dukcapil)'}</dd>
        <dt>${FIELD_LABELS.userIdDiganti}</dt>
        <dd>${form.userIdDiganti || '—'}</dd>
      </dl>`;
    }
    case 'POC': {
      const poc = detail.payload as PocPayload;
      return html`<dl class="terms" id="isian">
        <dt>Aplikasi yang diuji</dt>
        <dd>${poc.namaAplikasi}</dd>
        <dt>Keterangan</dt>
        <dd>${poc.keterangan || '—'}</dd>
        <dt>Tanggal PoC</dt>
        <dd>${dateText(detail.scheduledOn)}</dd>
      </dl>`;
    }
    case 'PERUBAHAN_METODE_ELEMEN': {
      const change = detail.payload as MethodElementPayload;
      return html`<dl class="terms" id="isian">
        <dt>Metode akses yang dimohonkan</dt>
        <dd>${change.metodeAkses.map((m) => ACCESS_METHOD_LABELS[m]).join(', ')}</dd>
        <dt>Elemen data yang dimohonkan</dt>
        <dd>${change.elemenData.map((e: Element) => ELEMENT_LABELS[e]).join(', ')}</dd>
      </dl>`;
    }
    case 'BANDWIDTH':
      return html`<dl class="terms" id="isian">
        <dt>Bandwidth yang dimohonkan</dt>
        <dd>${(detail.payload as BandwidthPayload).bandwidthKbps.toLocaleString('id-ID')} kbps</dd>
      </dl>`;
    case 'PERPANJANGAN':
      return html`<dl class="terms" id="isian">
        <dt>Tanggal berakhir baru</dt>
        <dd>${dateText((detail.payload as ExtensionPayload).berakhirBaru)}</dd>
      </dl>`;
  }
}

function attachmentsTable(base: string, detail: RequestDetail): Html {
  if (detail.attachments.length === 0) return html`<p>Tidak ada lampiran.</p>`;
  return html`<table id="lampiran">
    <thead>
      <tr>
        <th scope="col">Lampiran</th>
        <th scope="col">Berkas</th>
        <th scope="col">Ukuran</th>
        <th scope="col">SHA-256</th>
      </tr>
    </thead>
    <tbody>
      ${detail.attachments.map(
        (a) =>
          html`<tr>
            <td>${a.purposeLabel}</td>
            <td><a href="${base}/${detail.id}/lampiran/${a.id}">${a.fileName}</a></td>
            <td>${sizeText(a.sizeBytes)}</td>
            <td><code class="hash">${a.sha256.slice(0, 16)}…</code></td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function historyTable(detail: RequestDetail): Html {
  return html`<table id="riwayat">
    <thead>
      <tr>
        <th scope="col">Waktu (WIB)</th>
        <th scope="col">Status</th>
        <th scope="col">Oleh</th>
        <th scope="col">Keterangan</th>
      </tr>
    </thead>
    <tbody>
      ${detail.history.map(
        (h) =>
          html`<tr>
            <td>${wibDateTime(h.at)}</td>
            <td>${h.toLabel}</td>
            <td>${h.actor ?? '—'}</td>
            <td>${h.note ?? ''}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function answerBlock(base: string, detail: RequestDetail): Html | string {
  if (!detail.answer) return '';
  return html`<div class="alert ${detail.state === 'DISETUJUI' ? 'ok' : 'bad'}" id="jawaban">
    <p>
      <strong>${detail.stateLabel}</strong> dengan surat jawaban nomor ${detail.answer.nomor}
      tanggal ${dateText(detail.answer.tanggal)}.
    </p>
    ${detail.decisionReason ? html`<p>${detail.state === 'DITOLAK' ? 'Alasan' : 'Catatan'}: ${detail.decisionReason}</p>` : ''}
    ${
      detail.bast
        ? html`<p>
            User ID <strong id="user-baru">${detail.bast.userId}</strong> diserahkan dengan Berita
            Acara Serah Terima nomor ${detail.bast.nomor} tanggal ${dateText(detail.bast.tanggal)}.
            <a href="${base}/${detail.id}/bast.pdf">Unduh salinan BAST (PDF, tanpa kata sandi)</a>
          </p>`
        : ''
    }
  </div>`;
}

function confirmBox(id: string, text: string): Html {
  return html`<label class="check confirm"
    ><input type="checkbox" id="${id}" name="konfirmasi" value="ya" required /> ${text}</label
  >`;
}

function decisionForms(options: {
  detail: RequestDetail;
  csrfToken: string;
  proposedUserId: string;
  values: FormValues;
  today: string;
}): Html | string {
  const { detail, csrfToken, values: current } = options;
  if (detail.actions.length === 0) return '';
  const base = `${DUKCAPIL_BASE}/${detail.id}`;
  const forms: Html[] = [];
  for (const action of detail.actions) {
    switch (action) {
      case 'JADWALKAN':
        forms.push(
          html`<form
            method="post"
            action="${base}/jadwal"
            class="card request-form"
            id="form-jadwal"
          >
            <h3>${REQUEST_ACTION_LABELS.JADWALKAN}</h3>
            <input type="hidden" name="_csrf" value="${csrfToken}" />
            <label for="d-tanggalPoc">Tanggal PoC</label>
            <input
              type="date"
              id="d-tanggalPoc"
              name="tanggalPoc"
              required
              min="${options.today}"
              value="${value(current, 'tanggalPoc')}"
            />
            <button type="submit">
              ${detail.state === 'DIJADWALKAN' ? 'Jadwalkan ulang' : 'Jadwalkan'}
            </button>
          </form>`,
        );
        break;
      case 'TELAAH':
        forms.push(
          html`<form
            method="post"
            action="${base}/telaah"
            class="card request-form"
            id="form-telaah"
          >
            <h3>${REQUEST_ACTION_LABELS.TELAAH}</h3>
            <p class="hint">
              Permohonan ditandai sedang ditelaah; persetujuan hanya dapat diberikan sesudah telaah.
            </p>
            <input type="hidden" name="_csrf" value="${csrfToken}" />
            <button type="submit">Mulai telaah</button>
          </form>`,
        );
        break;
      case 'SETUJUI':
      case 'TOLAK': {
        const approve = action === 'SETUJUI';
        const prefix = approve ? 's' : 't';
        forms.push(
          html`<form
            method="post"
            action="${base}/${approve ? 'setujui' : 'tolak'}"
            enctype="multipart/form-data"
            class="card request-form"
            id="form-${approve ? 'setujui' : 'tolak'}"
          >
            <h3>
              ${approve ? (detail.kind === 'POC' ? 'Setujui: PoC lulus' : 'Setujui') : detail.kind === 'POC' ? 'Tolak: PoC tidak lulus' : 'Tolak'}
            </h3>
            <input type="hidden" name="_csrf" value="${csrfToken}" />
            <label for="${prefix}-nomorJawaban">Nomor surat jawaban</label>
            <input
              type="text"
              id="${prefix}-nomorJawaban"
              name="nomorJawaban"
              maxlength="100"
              required
              value="${value(current, 'nomorJawaban')}"
            />
            <label for="${prefix}-tanggalJawaban">Tanggal surat jawaban</label>
            <input
              type="date"
              id="${prefix}-tanggalJawaban"
              name="tanggalJawaban"
              required
              max="${options.today}"
              value="${value(current, 'tanggalJawaban') || options.today}"
            />
            ${
              approve && detail.kind === 'PERUBAHAN_USER_ID'
                ? html`<label for="s-userIdBaru">User ID yang dibuat</label>
                    <input
                      type="text"
                      id="s-userIdBaru"
                      name="userIdBaru"
                      maxlength="60"
                      required
                      value="${value(current, 'userIdBaru') || options.proposedUserId}"
                    />
                    <p class="hint">
                      Kata sandi sekali pakai dibuat sistem dan ditampilkan satu kali setelah
                      persetujuan, bersama Berita Acara Serah Terima.
                    </p>`
                : ''
            }
            ${
              approve && needsAddendum(detail.kind)
                ? html`<label for="s-nomorAdendum">Nomor adendum PKS</label>
                    <input
                      type="text"
                      id="s-nomorAdendum"
                      name="nomorAdendum"
                      maxlength="60"
                      required
                      value="${value(current, 'nomorAdendum')}"
                    />
                    <label for="s-tanggalAdendum">Tanggal adendum</label>
                    <input
                      type="date"
                      id="s-tanggalAdendum"
                      name="tanggalAdendum"
                      required
                      max="${options.today}"
                      value="${value(current, 'tanggalAdendum') || options.today}"
                    />`
                : ''
            }
            <label for="${prefix}-alasan"
              >${approve ? 'Catatan (tidak wajib)' : 'Alasan penolakan (wajib)'}</label
            >
            <textarea
              id="${prefix}-alasan"
              name="alasan"
              rows="3"
              maxlength="1000"
              ${approve ? '' : 'required minlength="10"'}
            >
${approve ? '' : value(current, 'alasan')}</textarea>
            <label for="${prefix}-suratJawaban">Pindaian surat jawaban (tidak wajib)</label>
            <input
              type="file"
              id="${prefix}-suratJawaban"
              name="suratJawaban"
              accept="application/pdf,image/png,image/jpeg"
            />
            ${confirmBox(
              `${prefix}-konfirmasi`,
              approve
                ? 'Saya telah memeriksa permohonan ini dan menyetujuinya; akibatnya langsung berlaku.'
                : 'Saya telah memeriksa permohonan ini dan menolaknya; penolakan tidak dapat dibatalkan.',
            )}
            <button type="submit" class="${approve ? '' : 'danger'}">
              ${approve ? 'Setujui permohonan' : 'Tolak permohonan'}
            </button>
          </form>`,
        );
        break;
      }
    }
  }
  return html`<h2>Tindak lanjut</h2>
    ${forms}`;
}

export function requestDetailBody(options: {
  readonly base: string;
  readonly detail: RequestDetail;
  readonly csrfToken: string;
  readonly message?: string | undefined;
  readonly problems?: readonly string[];
  readonly values?: FormValues;
  readonly proposedUserId?: string;
  readonly today: string;
}): Html {
  const { detail, base } = options;
  return html`<h1>Permohonan ${detail.id}: ${detail.kindLabel}</h1>
    ${options.message ? html`<div class="alert ok" role="status" id="pesan">${options.message}</div>` : ''}
    ${problemsAlert(options.problems)}
    <dl class="terms" id="ringkasan">
      <dt>Status</dt>
      <dd><strong id="status" data-state="${detail.state}">${detail.stateLabel}</strong></dd>
      <dt>Instansi</dt>
      <dd>${detail.agencyName} (${detail.agencyCode})</dd>
      <dt>PKS</dt>
      <dd>${detail.agreementNumber}</dd>
      <dt>Surat permohonan</dt>
      <dd>Nomor ${detail.letter.nomor} tanggal ${dateText(detail.letter.tanggal)}</dd>
      <dt>Diajukan</dt>
      <dd>${wibDateTime(detail.filedAt)} WIB oleh ${detail.filedBy}</dd>
    </dl>
    ${answerBlock(base, detail)}
    <h2>Isian permohonan</h2>
    ${payloadList(detail)}
    <h2>Lampiran</h2>
    ${attachmentsTable(base, detail)}
    <h2>Riwayat</h2>
    ${historyTable(detail)}
    ${decisionForms({
      detail,
      csrfToken: options.csrfToken,
      proposedUserId: options.proposedUserId ?? '',
      values: options.values ?? {},
      today: options.today,
    })}
    <p><a href="${base}">Kembali ke daftar permohonan</a></p>`;
}

/**
 * The answer to approving a user ID change: the only place the one-time password is ever
 * shown. The BAST download posts it back (the page already holds it) so that the PDF can
 * carry it without the server keeping it anywhere.
 */
export function handoverBody(options: {
  readonly requestId: number;
  readonly agencyName: string;
  readonly handedOver: HandedOver;
  readonly csrfToken: string;
  readonly minutes: number;
}): Html {
  const { handedOver } = options;
  const base = `${DUKCAPIL_BASE}/${options.requestId}`;
  return html`<h1>Permohonan ${options.requestId} disetujui</h1>
    <div class="alert ok" role="status" id="pesan">
      User ID baru untuk ${options.agencyName} telah dibuat dengan Berita Acara Serah Terima nomor
      <strong id="nomor-bast">${handedOver.bast.nomor}</strong>.
    </div>
    <div class="card" id="serah-terima">
      <dl class="terms">
        <dt>User ID</dt>
        <dd><strong id="user-id">${handedOver.userId}</strong></dd>
        <dt>Peran</dt>
        <dd>${handedOver.roleLabel}</dd>
        <dt>Kata sandi sekali pakai</dt>
        <dd><strong class="secret" id="kata-sandi">${handedOver.oneTimePassword}</strong></dd>
      </dl>
      <div class="alert warn" role="alert">
        Kata sandi ini hanya ditampilkan sekali dan tidak disimpan oleh sistem. Cetak Berita Acara
        Serah Terima sekarang (tersedia ${options.minutes} menit); pengguna wajib menggantinya saat
        masuk pertama.
      </div>
      <form method="post" action="${base}/bast.pdf" autocomplete="off">
        <input type="hidden" name="_csrf" value="${options.csrfToken}" />
        <input type="hidden" name="kataSandi" value="${handedOver.oneTimePassword}" />
        <button type="submit">Unduh BAST (PDF)</button>
      </form>
    </div>
    <p>
      <a href="${base}">Lihat permohonan</a> · <a href="${DUKCAPIL_BASE}">Daftar permohonan</a>
    </p>`;
}

export function notFoundBody(base: string, message: string): Html {
  return html`<h1>Permohonan tidak ditemukan</h1>
    <p>${message}</p>
    <p><a href="${base}">Kembali ke daftar permohonan</a></p>`;
}
