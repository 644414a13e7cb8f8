import type { PortalUser } from '../../services/account/portal-session.js';
import { formatDate } from '../../domain/indonesian-dates.js';
import { wibDateTime, wibDay } from '../../domain/time.js';
import { html, type Html } from '../kit/html.js';

/*
 * Results that carry their origin (issue 12 item 3): every lookup answer on the portal shows
 * who saw it, for which agency, when (WIB) and under which request ID — the id of the answer's
 * audit_log row, by which Dukcapil finds it (audit page, `gerbang audit prove --id`). On
 * screen as a line and as a watermark over the result; in print (app.css, @media print) the
 * result alone with both and the confidentiality notice, or, when the agreement does not
 * allow printing, only a notice that it does not.
 */

/** The <body> class of a page that shows a result: its print rules apply (app.css). */
export const RESULT_PAGE_CLASS = 'halaman-hasil';

export interface ResultOrigin {
  readonly displayName: string;
  readonly userId: string;
  readonly agencyName: string | null;
  readonly at: Date;
  /** The audit_log row of the answer. */
  readonly requestId: number;
  readonly printAllowed: boolean;
  /** What the officer typed and had checked. */
  readonly nik: string;
}

/** "6 Desember 2026 pukul 22.45.33 WIB". */
export function wibMoment(at: Date): string {
  return `${formatDate(wibDay(at))} pukul ${wibDateTime(at).slice(11).replaceAll(':', '.')} WIB`;
}

/** The watermark's one line: the overlay repeats it (app.css, content: attr(data-tanda)). */
function watermarkText(origin: ResultOrigin): string {
  return [
    `${origin.displayName} (${origin.userId})`,
    origin.agencyName ?? '',
    wibMoment(origin.at),
    `ID ${origin.requestId}`,
  ]
    .filter(Boolean)
    .join(' · ');
}

export const CONFIDENTIALITY_NOTICE =
  'RAHASIA. Data kependudukan ini hanya untuk keperluan sesuai Perjanjian Kerja Sama: dilarang disimpan, disalin, atau diberikan kepada pihak lain. Setiap akses dicatat dan dapat ditelusuri melalui ID permintaan di atas.';

export const PRINT_REFUSED_NOTICE =
  'Pencetakan hasil verifikasi NIK tidak diizinkan oleh Perjanjian Kerja Sama instansi Anda. Cetakan ini tidak memuat data.';

/** The watermark over the result: decoration for the eye; the line below is what is read out. */
export function watermark(origin: ResultOrigin): Html {
  return html`<div
    class="tanda-air"
    aria-hidden="true"
    data-tanda="${watermarkText(origin)}"
  ></div>`;
}

/** Under the answer: the origin in words, what the agreement says of printing, the notices. */
export function originFooter(origin: ResultOrigin): Html {
  return html`<p class="tanda-asal" id="tanda-asal">
      NIK diperiksa: <strong id="nik-diperiksa">${origin.nik}</strong><br />
      Dilihat oleh <strong>${origin.displayName}</strong> (${origin.userId})${
        origin.agencyName ? html` · ${origin.agencyName}` : ''
      }<br />
      Waktu: ${wibMoment(origin.at)} · ID permintaan:
      <strong id="id-permintaan">${origin.requestId}</strong>
    </p>
    <p class="rahasia-cetak">${CONFIDENTIALITY_NOTICE}</p>
    ${
      origin.printAllowed
        ? html`<p class="hint layar-saja" id="izin-cetak" data-print-allowed="ya">
            PKS instansi Anda mengizinkan pencetakan hasil ini; cetakan memuat tanda asal di atas.
          </p>`
        : html`<p class="hint layar-saja" id="izin-cetak" data-print-allowed="tidak">
              Pencetakan hasil ini tidak diizinkan oleh PKS instansi Anda.
            </p>
            <p class="cetak-dilarang">${PRINT_REFUSED_NOTICE}</p>`
    }`;
}

/**
 * Where a lookup's answer came from, for its page: who asked, their agency, the time and the
 * audit row's id (the request ID) — or nothing when the lookup wrote no row the officer may
 * see. One for every page that shows a result (the lookup page, a service case's page).
 */
export function resultOrigin(
  user: Pick<PortalUser, 'displayName' | 'userId' | 'agencyName'>,
  result: {
    readonly requestId?: number | undefined;
    readonly at?: Date | undefined;
    readonly printAllowed?: boolean | undefined;
  },
  nik: string,
): ResultOrigin | undefined {
  if (result.requestId === undefined || result.at === undefined) return undefined;
  return {
    displayName: user.displayName,
    userId: user.userId,
    agencyName: user.agencyName,
    at: result.at,
    requestId: result.requestId,
    printAllowed: result.printAllowed === true,
    nik: nik.slice(0, 32),
  };
}
