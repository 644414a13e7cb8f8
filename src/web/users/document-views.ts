import { DOCUMENT_LABELS, DOCUMENT_MAX_BYTES, type DocumentKind } from '../../domain/documents.js';
import { formatDate } from '../../domain/indonesian-dates.js';
import { wibDateTime } from '../../domain/time.js';
import type { DocumentEntry } from '../../services/users/user-documents.js';
import { dateField, fileField, form, select, type FormState } from '../kit/form-fields.js';
import { html, type Html } from '../kit/html.js';
import { table } from '../kit/table.js';

/** A user's signed NDA / SPTJM on their page: the documents recorded and the upload form. */

/** The upload form's id, and its fields' as the error summary links to them. */
export const UPLOAD_FORM_ID = 'unggah-dokumen';
export const UPLOAD_FIELD_IDS = { signedOn: 'signedOn', berkas: 'berkas' } as const;

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function documentsTable(documents: readonly DocumentEntry[]): Html {
  return table({
    id: 'dokumen',
    rows: documents,
    empty: 'Belum ada dokumen tercatat.',
    columns: [
      { header: 'Jenis', cell: (d) => d.kind },
      { header: 'Ditandatangani', cell: (d) => formatDate(d.signedOn) },
      {
        header: 'Berkas',
        cell: (d) =>
          html`<a href="/dokumen/${d.id}">Unduh</a>
            (${d.contentType.replace(/^.*\//, '').toUpperCase()}, ${sizeText(d.sizeBytes)})`,
      },
      {
        header: 'Diunggah',
        cell: (d) =>
          html`${wibDateTime(d.uploadedAt)} WIB${d.uploadedBy ? html` oleh ${d.uploadedBy}` : ''}`,
      },
      {
        header: 'Keadaan',
        cell: (d) =>
          d.supersededAt
            ? html`Digantikan ${wibDateTime(d.supersededAt)}`
            : html`<span class="flag ok">Berlaku</span>`,
      },
    ],
  });
}

/** The scan's input (checked by its content when it arrives, whatever its name says). */
function scanInput(state: FormState | undefined): Html {
  return fileField(
    {
      name: 'berkas',
      id: UPLOAD_FIELD_IDS.berkas,
      label: `Berkas pindaian (PDF, PNG atau JPEG, maksimal ${DOCUMENT_MAX_BYTES / 1024 / 1024} MB)`,
      accept: '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg',
      required: true,
    },
    state,
  );
}

/** One kind: fixed; several (a head's SPTJM and NDA): chosen. */
function kindInput(kinds: readonly DocumentKind[], state: FormState | undefined): Html {
  if (kinds.length === 1) return html`<input type="hidden" name="kind" value="${kinds[0]}" />`;
  return select(
    {
      name: 'kind',
      label: 'Jenis dokumen',
      required: true,
      options: kinds.map((kind) => ({ value: kind, label: DOCUMENT_LABELS[kind] })),
    },
    state,
  );
}

function uploadForm(options: {
  readonly action: string;
  readonly kinds: readonly DocumentKind[];
  readonly csrfToken: string;
  readonly state: FormState | undefined;
}): Html {
  const { kinds } = options;
  return form({
    action: options.action,
    csrfToken: options.csrfToken,
    multipart: true,
    className: 'card',
    id: UPLOAD_FORM_ID,
    body: html`<h2>Catat ${kinds.length === 1 ? DOCUMENT_LABELS[kinds[0]!] : kinds.join(' / ')}</h2>
      ${kindInput(kinds, options.state)}
      ${dateField({ name: 'signedOn', label: 'Tanggal penandatanganan', required: true }, options.state)}
      ${scanInput(options.state)}
      <button type="submit">Unggah dan catat</button>`,
  });
}

/** The documents section of a user's page, with the upload when the viewer may make one. */
export function documentsSection(options: {
  readonly documents: readonly DocumentEntry[];
  /** The user's page, whose /dokumen receives the upload. */
  readonly userPath: string;
  /** The kinds the viewer may upload for this user (none: no form). */
  readonly uploadKinds: readonly DocumentKind[];
  readonly csrfToken: string;
  /** The upload form as sent back with its problems. */
  readonly state?: FormState | undefined;
}): Html {
  return html`<h2>Dokumen</h2>
    ${documentsTable(options.documents)}
    ${
      options.uploadKinds.length > 0
        ? uploadForm({
            action: `${options.userPath}/dokumen`,
            kinds: options.uploadKinds,
            csrfToken: options.csrfToken,
            state: options.state,
          })
        : ''
    }`;
}
