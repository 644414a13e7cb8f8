/**
 * HTML built from template literals: every interpolated value is escaped unless it is
 * already Html (from another `html` template, or from one of the named, checked ways past
 * escaping below). Only this module says `new Html` (a lint rule). Pages stay small for a
 * 1 Mbps link.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

/** What may go into a template: text and numbers are escaped, Html is kept, the rest is nothing. */
export type Interpolation =
  Html | string | number | null | undefined | false | readonly Interpolation[];

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
  let out = strings[0]!;
  values.forEach((value, index) => {
    out += render(value) + strings[index + 1]!;
  });
  return new Html(out);
}

export type AttributeValue = string | number | boolean | null | undefined;

/**
 * ` name="value"` for each attribute given, for `<tag${attributes({...})}>`: values escaped,
 * `true` written bare (`required`), false/null/undefined left out. Names come from code,
 * never from a visitor.
 */
export function attributes(list: Readonly<Record<string, AttributeValue>>): Html {
  return html`${Object.entries(list).map(([name, value]) => {
    if (value === undefined || value === null || value === false) return '';
    return value === true ? html` ${name}` : html` ${name}="${String(value)}"`;
  })}`;
}

/**
 * Whitespace that follows a line break is one space to HTML: a long list's template
 * indentation is a good part of its bytes on a 1 Mbps link, so it goes. Only for markup
 * without <pre> or <textarea>, whose text would lose its indentation.
 */
export function compactHtml(body: Html): Html {
  return new Html(body.value.replace(/\n\s+/g, '\n'));
}

/**
 * The elements a chart (vega) or a QR code (qrcode) draws with. Anything else — <script>,
 * <foreignObject> (which embeds HTML), <use>, <image>, <a>, <set>/<animate> (which can
 * rewrite a link) — has no place in an inline drawing and is refused.
 */
const SVG_ELEMENTS = new Set([
  'svg',
  'g',
  'path',
  'rect',
  'circle',
  'ellipse',
  'line',
  'polyline',
  'polygon',
  'text',
  'tspan',
  'title',
  'desc',
  'defs',
  'clippath',
  'lineargradient',
  'radialgradient',
  'stop',
]);

// Sticky: each matches exactly at lastIndex, so the text is read once from start to end.
const OPENING_TAG = /<([A-Za-z][\w:.-]*)/y;
const ATTRIBUTE = /\s+([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/y;
const TAG_END = /\s*(\/?)>/y;
const CLOSING_TAG = /<\/([A-Za-z][\w:.-]*)\s*>/y;

function svgRefusal(reason: string): Error {
  return new Error(`SVG tidak dapat disisipkan: ${reason}`);
}

/** One attribute of an SVG element: no event handler, no link out of the image. */
function checkSvgAttribute(name: string, value: string): void {
  const lower = name.toLowerCase();
  if (lower.startsWith('on')) throw svgRefusal(`atribut ${name}`);
  if ((lower === 'href' || lower.endsWith(':href')) && !value.startsWith('#')) {
    throw svgRefusal(`tautan ${name}`);
  }
}

function matchAt(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(text);
}

/**
 * Markup made by a library on the server (vega's charts, qrcode's QR codes) and put inline
 * unescaped: the one way past the `html` tag's escaping. It is read tag by tag and refused
 * (an Error, so a server fault, never shown half-checked) unless it is one <svg> element of
 * drawing elements only, with no event-handler attribute, no link out of the image, and no
 * comment, DOCTYPE, CDATA or processing instruction. Text between tags was escaped by the
 * library; a `<` there would start a tag and be checked as one.
 */
export function trustedSvg(svg: string): Html {
  const source = svg.trim();
  const open: string[] = [];
  let at = 0;
  for (;;) {
    const next = source.indexOf('<', at);
    if (next === -1) break;
    if (open.length === 0 && next !== 0) throw svgRefusal('isi di luar elemen <svg>');
    const closing = matchAt(CLOSING_TAG, source, next);
    if (closing) {
      if (open.pop() !== closing[1]!.toLowerCase()) {
        throw svgRefusal(`penutup </${closing[1]}> tidak berpasangan`);
      }
      at = CLOSING_TAG.lastIndex;
      if (open.length === 0) break;
      continue;
    }
    const opening = matchAt(OPENING_TAG, source, next);
    if (!opening) throw svgRefusal('unsur selain elemen (komentar, DOCTYPE, CDATA)');
    const name = opening[1]!.toLowerCase();
    if (!SVG_ELEMENTS.has(name)) throw svgRefusal(`elemen <${opening[1]}>`);
    if (open.length === 0 && name !== 'svg') throw svgRefusal('bukan elemen <svg>');
    let cursor = OPENING_TAG.lastIndex;
    let end: RegExpExecArray | null;
    while (!(end = matchAt(TAG_END, source, cursor))) {
      const attribute = matchAt(ATTRIBUTE, source, cursor);
      if (!attribute) throw svgRefusal(`tag <${opening[1]}> tidak terbaca`);
      checkSvgAttribute(attribute[1]!, attribute[2] ?? attribute[3] ?? attribute[4] ?? '');
      cursor = ATTRIBUTE.lastIndex;
    }
    at = TAG_END.lastIndex;
    if (end[1] !== '/') open.push(name);
    else if (open.length === 0) break;
  }
  if (open.length > 0 || at === 0) throw svgRefusal('bukan satu elemen <svg> yang utuh');
  if (source.slice(at).trim() !== '') throw svgRefusal('isi di luar elemen <svg>');
  return new Html(source);
}
