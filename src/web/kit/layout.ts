import { can, canAfterEnd, type Permission } from '../../domain/permissions.js';
import type { Role } from '../../domain/users.js';
import { html, type Html } from './html.js';
import { STYLESHEET_HREF } from './stylesheet.js';

/** The technical guide inside the portal (Juknis II.C.2.c), linked from every page. */
export const GUIDE_PATH = '/panduan';

export interface PageUser {
  readonly role: Role;
  readonly displayName: string;
  readonly userId: string;
  readonly roleLabel: string;
  readonly agencyName: string | null;
  /** Set for the head of an ended agreement: the menu holds the SAM-return page alone. */
  readonly afterEnd?: unknown;
}

export interface PageOptions {
  readonly title: string;
  readonly user?: PageUser;
  readonly csrfToken?: string;
  readonly body: Html;
  /** Reload the page after this many seconds (progress pages; the portal has no JavaScript). */
  readonly refreshSeconds?: number;
  /** A class on <body> for the stylesheet, e.g. a lookup result's print rules. */
  readonly bodyClass?: string;
}

/** The portal's sections; each user sees those their role may open (domain/permissions.ts). */
const SECTIONS: readonly { href: string; label: string; permission: Permission }[] = [
  { href: '/cari', label: 'Verifikasi NIK', permission: 'nik.lookup' },
  { href: '/data-balikan', label: 'Data balikan', permission: 'dataBalikan.submit' },
  { href: '/kepatuhan', label: 'Kepatuhan', permission: 'compliance.viewOwn' },
  { href: '/instansi/penggunaan', label: 'Pemantauan Akses', permission: 'usage.viewOwn' },
  { href: '/instansi', label: 'Instansi saya', permission: 'agreement.viewOwn' },
  { href: '/instansi/permohonan', label: 'Permohonan', permission: 'request.viewOwn' },
  { href: '/instansi/tenggat', label: 'Tenggat', permission: 'deadline.viewOwn' },
  { href: '/instansi/laporan', label: 'Laporan', permission: 'report.manageOwn' },
  { href: '/instansi/pengguna', label: 'Pengguna', permission: 'user.viewOwnAgency' },
  { href: '/dukcapil', label: 'Ringkasan', permission: 'agreement.viewAll' },
  { href: '/dukcapil/instansi', label: 'Instansi & PKS', permission: 'agreement.viewAll' },
  { href: '/dukcapil/pengguna', label: 'Pengguna', permission: 'user.manage' },
  { href: '/dukcapil/permohonan', label: 'Permohonan', permission: 'request.viewAll' },
  { href: '/dukcapil/tenggat', label: 'Tenggat', permission: 'deadline.viewAll' },
  { href: '/dukcapil/laporan', label: 'Laporan & Evaluasi', permission: 'evaluation.view' },
  { href: '/dukcapil/laporan-dirjen', label: 'Laporan ke Dirjen', permission: 'dgReport.produce' },
  {
    href: '/dukcapil/kepatuhan',
    label: 'Kepatuhan data balikan',
    permission: 'compliance.viewAll',
  },
  { href: '/dukcapil/penggunaan', label: 'Pemantauan Akses', permission: 'usage.viewAll' },
  { href: '/dukcapil/peringatan', label: 'Peringatan pola', permission: 'alert.viewAll' },
  { href: '/dukcapil/audit', label: 'Jejak audit', permission: 'audit.view' },
  {
    href: '/dukcapil/riwayat-akses',
    label: 'Riwayat akses penduduk',
    permission: 'residentHistory.issue',
  },
  { href: '/instansi/pembaca-kartu', label: 'Card reader', permission: 'cardReader.manageOwn' },
  {
    href: '/instansi/pembaca-kartu/pengembalian',
    label: 'Pengembalian SAM',
    permission: 'cardReader.returnOwn',
  },
  { href: '/instansi/aplikasi', label: 'Aplikasi', permission: 'application.manageOwn' },
  { href: '/dukcapil/aplikasi', label: 'Aplikasi', permission: 'application.viewAll' },
  { href: '/persetujuan-kartu', label: 'Persetujuan KTP-el', permission: 'cardConsent.record' },
  { href: '/dukcapil/pembaca-kartu', label: 'Card reader', permission: 'cardReader.viewAll' },
  { href: '/akun', label: 'Akun', permission: 'account.self' },
  { href: '/layanan', label: 'Layanan loket', permission: 'serviceCase.handle' },
  { href: '/instansi/layanan', label: 'Rekap layanan', permission: 'serviceCase.supervise' },
];

function nav(user: PageUser): Html {
  return html`<nav class="sections" aria-label="Menu">
    ${SECTIONS.filter((s) =>
      user.afterEnd ? canAfterEnd(user.role, s.permission) : can(user.role, s.permission),
    ).map((s) => html`<a href="${s.href}">${s.label}</a>`)}
  </nav>`;
}

/** The frame of every portal page: header with the signed-in user and a logout button. */
export function page(options: PageOptions): string {
  const { user } = options;
  return html`<!doctype html>
    <html lang="id">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        ${
          options.refreshSeconds
            ? html`<meta http-equiv="refresh" content="${options.refreshSeconds}" />`
            : ''
        }
        <title>${options.title} — Gerbang Dukcapil Purbalingga</title>
        <link rel="stylesheet" href="${STYLESHEET_HREF}" />
      </head>
      <body${options.bodyClass ? html` class="${options.bodyClass}"` : ''}>
        <header class="bar">
          <div class="brand">
            <strong>Gerbang</strong>
            <span>Dinas Kependudukan dan Pencatatan Sipil Kabupaten Purbalingga</span>
          </div>
          ${
            user
              ? html`<div class="who">
                  <a class="guide-link" href="${GUIDE_PATH}">Panduan</a>
                  <span
                    >${user.displayName} (${user.userId}) ·
                    ${user.roleLabel}${user.agencyName ? html` · ${user.agencyName}` : ''}</span
                  >
                  <form method="post" action="/keluar">
                    <input type="hidden" name="_csrf" value="${options.csrfToken ?? ''}" /><button
                      type="submit"
                      class="link"
                    >
                      Keluar
                    </button>
                  </form>
                </div>`
              : ''
          }
        </header>
        ${user ? nav(user) : ''}
        <main>${options.body}</main>
        <footer>
          Data kependudukan bersifat rahasia: dilarang menyimpan, menyalin atau memberikannya kepada
          pihak lain (PKS Pasal kerahasiaan). Setiap akses dicatat.
          <a href="${GUIDE_PATH}">Panduan penggunaan portal</a>
        </footer>
      </body>
    </html>`.value;
}
