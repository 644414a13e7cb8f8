import type { Refusal } from '../../domain/refusals.js';
import { html } from './html.js';
import { page, type PageUser } from './layout.js';

/** Refusals about something that is not there get the "not found" page. */
const NOT_FOUND_CODES: ReadonlySet<string> = new Set(['TIDAK_ADA', 'TIDAK_DITEMUKAN']);

/**
 * The portal's page for a refusal no form shows itself: a heading, the refusal's message as it
 * is (Bahasa Indonesia, escaped) and the way home. The status comes with it from the app's
 * error handler (http/refusal-status.ts); a page that can do better, such as a form shown
 * again with its problems, renders that instead.
 */
export function refusalPage(
  refusal: Pick<Refusal, 'code' | 'message'>,
  options: { readonly user?: PageUser; readonly csrfToken?: string } = {},
): string {
  if (NOT_FOUND_CODES.has(refusal.code)) {
    const body = html`<h1>Tidak ditemukan</h1>
      <div class="alert bad">${refusal.message}</div>
      <p><a href="/">Kembali ke beranda</a></p>`;
    return page({ title: 'Tidak ditemukan', ...options, body });
  }
  const body = html`<h1>Permintaan tidak dapat diproses</h1>
    <div class="alert bad">${refusal.message}</div>
    <p><a href="/">Kembali ke beranda</a></p>`;
  return page({ title: 'Galat', ...options, body });
}

/** The page of an address the portal does not have. */
export function pageNotFound(): string {
  const body = html`<h1>Halaman tidak ditemukan</h1>
    <p><a href="/">Kembali ke beranda</a></p>`;
  return page({ title: 'Tidak ditemukan', body });
}
