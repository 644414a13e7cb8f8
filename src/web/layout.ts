import { isDukcapilRole, type Role } from '../domain/users.js';
import { html, type Html } from './html.js';

export interface PageUser {
  readonly role: Role;
  readonly displayName: string;
  readonly userId: string;
  readonly roleLabel: string;
  readonly agencyName: string | null;
}

export interface PageOptions {
  readonly title: string;
  readonly user?: PageUser;
  readonly csrfToken?: string;
  readonly body: Html;
}

/** The portal's sections per kind of user: agency staff, and Dukcapil staff. */
const AGENCY_NAV: readonly (readonly [string, string])[] = [
  ['/cari', 'Verifikasi NIK'],
  ['/data-balikan', 'Data balikan'],
  ['/kepatuhan', 'Kepatuhan'],
];
const DUKCAPIL_NAV: readonly (readonly [string, string])[] = [
  ['/dukcapil', 'Jejak audit'],
  ['/dukcapil/kepatuhan', 'Kepatuhan data balikan'],
];

function nav(user: PageUser): Html {
  const items = isDukcapilRole(user.role) ? DUKCAPIL_NAV : AGENCY_NAV;
  return html`<nav class="sections" aria-label="Menu">
    ${items.map(([href, label]) => html`<a href="${href}">${label}</a>`)}
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
        <title>${options.title} — Gerbang Dukcapil Purbalingga</title>
        <link rel="stylesheet" href="/static/app.css" />
      </head>
      <body>
        <header class="bar">
          <div class="brand">
            <strong>Gerbang</strong>
            <span>Dinas Kependudukan dan Pencatatan Sipil Kabupaten Purbalingga</span>
          </div>
          ${
            user
              ? html`<div class="who">
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
        </footer>
      </body>
    </html>`.value;
}
