import { html, type Html } from './html.js';

/** The page a list request asks for, read from its query string and held within bounds. */
export interface PageRequest {
  /** From 1. */
  readonly page: number;
  /** Rows per page. */
  readonly size: number;
  /** Rows before this page: `(page - 1) * size`. */
  readonly offset: number;
}

/** A page of a list whose row count is known. */
export interface PageInfo extends PageRequest {
  /** At least 1: an empty list is one empty page. */
  readonly pages: number;
  readonly total: number;
}

export interface PageQueryOptions {
  /** The query parameter of the page number; the portal's is `halaman`. */
  readonly param?: string;
  /** The query parameter of the page size; absent: every list has its fixed size. */
  readonly sizeParam?: string;
  readonly size?: number;
  readonly maxSize?: number;
}

const DEFAULT_SIZE = 25;
/** Far beyond any list here; keeps an OFFSET computed from a typed-in number sane. */
const MAX_PAGE = 100_000;

function positiveNumber(raw: unknown): number | undefined {
  const text: unknown = Array.isArray(raw) ? raw[0] : raw;
  if (typeof text !== 'string' && typeof text !== 'number') return undefined;
  const value = String(text).trim();
  if (!/^\d{1,9}$/.test(value)) return undefined;
  const number = Number(value);
  return number >= 1 ? number : undefined;
}

/**
 * The page and page size a list's query string asks for. Anything that is not a whole
 * number from 1 (page 0, -3, 'dua', 1.5, empty) reads as page 1; the size stays within
 * 1..maxSize. Whether the page is past the last one is known only with the count: pageInfo.
 */
export function readPage(query: unknown, options: PageQueryOptions = {}): PageRequest {
  const params = (query ?? {}) as Record<string, unknown>;
  const defaultSize = options.size ?? DEFAULT_SIZE;
  const maxSize = Math.max(options.maxSize ?? 100, defaultSize);
  const page = Math.min(positiveNumber(params[options.param ?? 'halaman']) ?? 1, MAX_PAGE);
  const asked = options.sizeParam ? positiveNumber(params[options.sizeParam]) : undefined;
  const size = Math.min(asked ?? defaultSize, maxSize);
  return { page, size, offset: (page - 1) * size };
}

/** The page held within the list once its row count is known: past the last is the last. */
export function pageInfo(request: Pick<PageRequest, 'page' | 'size'>, total: number): PageInfo {
  const size = Math.max(1, Math.floor(request.size));
  const pages = Math.max(1, Math.ceil(Math.max(0, total) / size));
  const page = Math.min(Math.max(1, Math.floor(request.page) || 1), pages);
  return { page, size, pages, total, offset: (page - 1) * size };
}

export interface PagerOptions {
  /** The list's path, without query string. */
  readonly path: string;
  /**
   * The request's query (e.g. `request.query`): its other parameters (filters, sorting)
   * are kept in the links; empty ones are left out.
   */
  readonly query?: unknown;
  /** The page's query parameter, `halaman` unless given. */
  readonly param?: string;
  /** Where the links land on the page, e.g. `daftar` (the list's heading). */
  readonly anchor?: string;
  /** The navigation's name for screen readers. */
  readonly label?: string;
  /** The list's row count, said after the page ("(21 baris)") where the page shows no other. */
  readonly count?: number;
}

function number(value: number): string {
  return value.toLocaleString('id-ID');
}

/** The link to another page of the same list, with the list's other query parameters. */
export function pageHref(options: PagerOptions, page: number): string {
  const param = options.param ?? 'halaman';
  const search = new URLSearchParams();
  const query = (options.query ?? {}) as Record<string, unknown>;
  for (const [name, raw] of Object.entries(query)) {
    if (name === param) continue;
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      if ((typeof value === 'string' && value !== '') || typeof value === 'number') {
        search.append(name, String(value));
      }
    }
  }
  // Page 1 is the list's own address.
  if (page > 1) search.set(param, String(page));
  const text = search.toString();
  return `${options.path}${text ? `?${text}` : ''}${options.anchor ? `#${options.anchor}` : ''}`;
}

/**
 * The one pager of the portal: "« Sebelumnya", "Halaman X dari Y", "Berikutnya »" in a
 * named navigation, links with rel prev/next. Nothing when the list fits one page.
 */
export function pager(list: Pick<PageInfo, 'page' | 'pages'>, options: PagerOptions): Html {
  const pages = Math.max(1, Math.floor(list.pages) || 1);
  if (pages <= 1) return html``;
  const page = Math.min(Math.max(1, Math.floor(list.page) || 1), pages);
  // One piece of text, so that a formatter cannot break "Halaman 2 dari 3" across lines.
  const where =
    `Halaman ${number(page)} dari ${number(pages)}` +
    (options.count === undefined ? '' : ` (${number(options.count)} baris)`);
  return html`<nav class="pager" aria-label="${options.label ?? 'Halaman daftar'}">
    ${page > 1 ? html`<a rel="prev" href="${pageHref(options, page - 1)}">« Sebelumnya</a>` : ''}
    <span aria-current="page">${where}</span>
    ${page < pages ? html`<a rel="next" href="${pageHref(options, page + 1)}">Berikutnya »</a>` : ''}
  </nav>`;
}
