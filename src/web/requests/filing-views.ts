import { ACCESS_METHODS } from '../../domain/agreement.js';
import { ACCESS_METHOD_LABELS } from '../../domain/agreement-record.js';
import { ELEMENT_LABELS, ELEMENTS } from '../../domain/elements.js';
import { formatDate } from '../../domain/indonesian-dates.js';
import {
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
  REQUEST_KIND_LABELS,
  REQUEST_KINDS,
  requiredAttachments,
  type RequestKind,
} from '../../domain/requests.js';
import {
  EMPLOYMENT_STATUS_LABELS,
  EMPLOYMENT_STATUSES,
  FIELD_LABELS,
  NEW_USER_ROLES,
} from '../../domain/user-id-change.js';
import { ROLE_LABELS } from '../../domain/users.js';
import type { FilingContext } from '../../services/requests/filing.js';
import {
  alert,
  checkbox,
  dateField,
  errorFor,
  errorSummary,
  field,
  fileField,
  form,
  select,
  textarea,
  type FieldOptions,
  type FormState,
} from '../kit/form-fields.js';
import { html, type Html } from '../kit/html.js';
import { AGENCY_BASE } from './parts.js';

/**
 * Filing, for the agency head: the choice of kind, then the letter, the kind's fields and
 * the attachments in one multipart form.
 */

const MB = MAX_ATTACHMENT_BYTES / 1024 / 1024;

const KIND_HINTS: Readonly<Record<RequestKind, string>> = {
  PERUBAHAN_USER_ID:
    'User ID baru untuk operator atau kepala instansi (misalnya pergantian petugas). Dukcapil menjawab dengan Berita Acara Serah Terima user ID dan kata sandi.',
  POC: 'Uji coba (proof of concept) aplikasi instansi yang memakai web service. Setelah lulus, kuota harian instansi tidak dibatasi.',
  PERUBAHAN_METODE_ELEMEN:
    'Perubahan metode akses atau elemen data yang diberikan PKS. Wajib melampirkan kajian teknis; perubahan yang disetujui dituangkan dalam adendum.',
  BANDWIDTH:
    'Perubahan bandwidth jaringan titik akses instansi. Wajib melampirkan kajian teknis; Dukcapil menjawab dengan surat jawaban (tanpa adendum), lalu instansi mengubahnya dengan penyedia jaringan.',
  PERPANJANGAN:
    'Perpanjangan PKS sebelum berakhir (diajukan sekurang-kurangnya 2 bulan sebelum tanggal berakhir). Bila diajukan tepat waktu, akses berlanjut berdasarkan SPTJM sesudah tanggal berakhir sampai adendum ditandatangani atau permohonan ditolak.',
};

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

/** What the filing form held when it comes back with its problems. */
export interface FilingState extends FormState {
  /** The boxes ticked in each list of checkboxes (one value posted per box). */
  readonly lists?: Readonly<Record<string, readonly string[]>>;
}

/** A text field of the form; required unless said otherwise, and then labelled so. */
function textField(
  name: string,
  label: string,
  state: FormState,
  options: Omit<FieldOptions, 'name' | 'label'> = {},
): Html {
  const required = options.required ?? true;
  return field(
    {
      ...options,
      name,
      label: required ? label : `${label} (tidak wajib)`,
      required,
      autocomplete: 'off',
    },
    state,
  );
}

function userIdChangeFields(state: FormState): Html {
  return html`<fieldset>
      <legend>Data pegawai pemegang user ID baru</legend>
      ${textField('nik', `1. ${FIELD_LABELS.nik}`, state, {
        maxlength: 16,
        inputmode: 'numeric',
        hint: '16 digit sesuai KTP-el.',
      })}
      ${textField('namaLengkap', `2. ${FIELD_LABELS.namaLengkap}`, state, { maxlength: 120 })}
      ${textField(
        'nomorIdentitasKepegawaian',
        `3. ${FIELD_LABELS.nomorIdentitasKepegawaian}`,
        state,
        {
          maxlength: 30,
          hint: 'PNS dan PPPK: NIP 18 digit (tanggal lahir dan jenis kelamin harus sesuai NIK). Non-ASN: nomor pegawai dari instansi.',
        },
      )}
      ${select(
        {
          name: 'statusKepegawaian',
          label: `4. ${FIELD_LABELS.statusKepegawaian}`,
          required: true,
          placeholder: '— pilih —',
          options: EMPLOYMENT_STATUSES.map((s) => ({
            value: s,
            label: EMPLOYMENT_STATUS_LABELS[s],
          })),
        },
        state,
      )}
      ${textField('jabatan', `5. ${FIELD_LABELS.jabatan}`, state, { maxlength: 100 })}
      ${textField('kodeWilayahKantor', `6. ${FIELD_LABELS.kodeWilayahKantor}`, state, {
        maxlength: 13,
        hint: 'Kode Kemendagri kecamatan (mis. 33.03.05) atau desa/kelurahan (mis. 33.03.05.1001) tempat kantor berada.',
      })}
      ${textField('namaKantor', `7. ${FIELD_LABELS.namaKantor}`, state, { maxlength: 200 })}
      ${textField('alamatKantor', `7. ${FIELD_LABELS.alamatKantor}`, state, { maxlength: 300 })}
    </fieldset>
    <fieldset>
      <legend>User ID baru</legend>
      ${select(
        {
          name: 'peran',
          label: FIELD_LABELS.peran,
          required: true,
          value: state.values?.peran || 'OPERATOR',
          options: NEW_USER_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] })),
        },
        state,
      )}
      ${textField('userIdUsulan', FIELD_LABELS.userIdUsulan, state, {
        required: false,
        maxlength: 60,
        hint: 'Huruf kecil, angka, titik, garis bawah atau strip. Kosongkan agar Dukcapil yang menentukan.',
      })}
      ${textField('userIdDiganti', FIELD_LABELS.userIdDiganti, state, {
        required: false,
        maxlength: 60,
        hint: 'Isi bila user ID baru menggantikan user ID lama instansi Anda; user ID lama dinonaktifkan saat permohonan disetujui.',
      })}
    </fieldset>`;
}

/** A list of checkboxes under one name; the error summary links to the list by its name. */
function checkboxes(
  name: string,
  legend: string,
  options: readonly { value: string; label: string }[],
  checked: readonly string[],
  state: FormState,
): Html {
  const error = errorFor(state.errors, name);
  return html`<fieldset id="${name}" class="${error ? 'field-error' : ''}">
    <legend>${legend}</legend>
    ${error ? html`<p class="error-message">${error}</p>` : ''}
    ${options.map((o) =>
      checkbox({
        name,
        id: `${name}-${o.value}`,
        value: o.value,
        label: o.label,
        checked: checked.includes(o.value),
        // The list's message stands once, above it.
        error: '',
      }),
    )}
  </fieldset>`;
}

function kindFields(kind: RequestKind, state: FilingState, context: FilingContext): Html {
  switch (kind) {
    case 'PERUBAHAN_USER_ID':
      return userIdChangeFields(state);
    case 'POC':
      return html`${select(
        {
          name: 'aplikasiId',
          label: 'Aplikasi terdaftar yang diuji',
          placeholder: 'Tidak ada: PoC portal web PKS',
          hint:
            'Setiap aplikasi baru yang memakai web service memerlukan PoC tersendiri; daftarkan ' +
            'aplikasinya lebih dahulu di menu Aplikasi. Bila dipilih, nama aplikasi diambil dari pendaftarannya.',
          options: context.applications.map((a) => ({ value: String(a.id), label: a.name })),
        },
        state,
      )}
      ${textField('namaAplikasi', 'Nama aplikasi yang diuji', state, {
        maxlength: 100,
        required: false,
        hint: 'Diisi bila tidak memilih aplikasi terdaftar (PoC portal web PKS).',
      })}
      ${textarea(
        { name: 'keterangan', label: 'Keterangan (tidak wajib)', rows: 3, maxlength: 1000 },
        state,
      )}`;
    case 'PERUBAHAN_METODE_ELEMEN': {
      // Until the form comes back, the boxes show the agreement in force.
      const methods = state.lists?.metodeAkses ?? context.accessMethods;
      const elements = state.lists?.elemenData ?? context.grantedElements;
      return html`<p class="hint">
          Centang susunan yang dimohonkan secara lengkap (bukan hanya perubahannya). Saat ini
          dicentang sesuai PKS yang berlaku.
        </p>
        ${checkboxes(
          'metodeAkses',
          'Metode akses',
          ACCESS_METHODS.map((m) => ({ value: m, label: ACCESS_METHOD_LABELS[m] })),
          methods,
          state,
        )}
        ${checkboxes(
          'elemenData',
          'Elemen data (paling banyak 8 elemen)',
          ELEMENTS.map((e) => ({ value: e, label: ELEMENT_LABELS[e] })),
          elements,
          state,
        )}`;
    }
    case 'BANDWIDTH':
      return textField('bandwidthKbps', 'Bandwidth yang dimohonkan (kbps)', state, {
        type: 'number',
        hint: `Saat ini ${context.bandwidthKbps.toLocaleString('id-ID')} kbps. 1 Mbps = 1.000 kbps.`,
      });
    case 'PERPANJANGAN':
      return dateField(
        {
          name: 'berakhirBaru',
          label: 'Tanggal berakhir baru',
          required: true,
          hint: `PKS saat ini berakhir ${formatDate(context.endsOn)}.`,
        },
        state,
      );
  }
}

/** An attachment's file input, its label saying whether it must be given. */
function fileInput(
  name: string,
  label: string,
  state: FormState,
  options: { required?: boolean; multiple?: boolean } = {},
): Html {
  return fileField(
    {
      name,
      label: `${label}${options.required ? ' (wajib)' : ' (tidak wajib)'}`,
      accept: 'application/pdf,image/png,image/jpeg',
      required: options.required,
      multiple: options.multiple,
    },
    state,
  );
}

export function filingFormBody(options: {
  readonly csrfToken: string;
  readonly kind: RequestKind;
  readonly context: FilingContext;
  readonly state?: FilingState;
}): Html {
  const state = options.state ?? {};
  const kind = options.kind;
  const refused = (state.errors?.length ?? 0) > 0;
  return html`<h1>Permohonan ${REQUEST_KIND_LABELS[kind]}</h1>
    <p class="hint">${KIND_HINTS[kind]} PKS yang berlaku: ${options.context.agreementNumber}.</p>
    ${errorSummary(state.errors, { title: 'Permohonan belum dapat diproses' })}
    ${
      refused
        ? html`<p class="hint">
            Lampiran tidak disimpan: pilih kembali berkasnya sebelum mengirim ulang.
          </p>`
        : ''
    }
    ${form({
      action: `${AGENCY_BASE}/baru`,
      csrfToken: options.csrfToken,
      multipart: true,
      className: 'card request-form',
      body: html`<input type="hidden" name="jenis" value="${kind}" />
        <fieldset>
          <legend>Surat permohonan</legend>
          ${textField('nomorSurat', 'Nomor surat', state, { maxlength: 100 })}
          ${dateField({ name: 'tanggalSurat', label: 'Tanggal surat', required: true }, state)}
        </fieldset>
        ${kindFields(kind, state, options.context)}
        <fieldset>
          <legend>Lampiran</legend>
          <p class="hint">
            PDF, PNG atau JPEG (diperiksa menurut isinya), paling besar ${MB} MB per berkas, paling
            banyak ${MAX_ATTACHMENTS} berkas.
          </p>
          ${fileInput('suratPermohonan', 'Pindaian surat permohonan', state)}
          ${
            requiredAttachments(kind).includes('KAJIAN_TEKNIS')
              ? fileInput('kajianTeknis', 'Kajian teknis', state, { required: true })
              : ''
          }
          ${fileInput('lampiranLain', 'Lampiran lain', state, { multiple: true })}
        </fieldset>
        <button type="submit">Kirim permohonan</button>`,
    })}
    <p><a href="${AGENCY_BASE}/baru">Pilih jenis permohonan lain</a></p>`;
}

export function noAgreementBody(): Html {
  return html`<h1>Ajukan Permohonan</h1>
    ${alert(
      'warn',
      'Instansi Anda tidak memiliki PKS yang berlaku hari ini; permohonan tidak dapat diajukan.',
    )}
    <p><a href="${AGENCY_BASE}">Kembali ke daftar permohonan</a></p>`;
}
