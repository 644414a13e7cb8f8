/**
 * What text the server accepts from a client, on every channel (issue 13, "no 5xx from
 * input"). PostgreSQL refuses a NUL character in text (a 500 before this check), and text
 * that was not valid UTF-8 on the wire reaches us either as a lone surrogate (a JSON
 * `\ud800`) or as U+FFFD, the mark every decoder here leaves where bytes or a percent-escape
 * were malformed (urlencoded forms and query strings through decodeUrlEncoded, JSON and
 * multipart through Node's UTF-8 decoder). All three are refused at the edge, once, before
 * any route reads the request; U+FFFD is never typed on purpose, so refusing it costs no
 * real input.
 */

export type TextProblem = 'NUL' | 'UTF8';

/** A NUL, U+FFFD, or a surrogate not in a pair. */
const BAD_TEXT =
  /[\0\uFFFD]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const BAD_TEXT_ALL = new RegExp(BAD_TEXT.source, 'g');

export function textProblem(text: string): TextProblem | undefined {
  const found = BAD_TEXT.exec(text);
  if (!found) return undefined;
  return found[0] === '\0' ? 'NUL' : 'UTF8';
}

/**
 * The text with every refused character removed: what the audit trail may look an account
 * up by when a login is refused for its input (a NUL is never stored, nor sent to the
 * database).
 */
export function sanitizedText(text: string): string {
  return text.replace(BAD_TEXT_ALL, '');
}

/** Where a refused character was found: the field as the client names it, and which. */
export interface TextFinding {
  /** `userId`, `records[0].nik`, `query.q`, `params.id`; a key's own name ends in `(nama)`. */
  readonly field: string;
  readonly problem: TextProblem;
}

function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

/**
 * The first refused character in a parsed value — strings, object keys, arrays, at any
 * depth — walked without recursion, so that a body nested thousands deep cannot overflow
 * the stack. Undefined when every text is acceptable.
 */
export function findTextProblem(value: unknown, root = ''): TextFinding | undefined {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length > 0) {
    const [item, at] = stack.pop()!;
    if (typeof item === 'string') {
      const problem = textProblem(item);
      if (problem) return { field: at, problem };
    } else if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) stack.push([item[i], childPath(at, i)]);
    } else if (item !== null && typeof item === 'object' && !(item instanceof Uint8Array)) {
      const entries = Object.entries(item as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        const problem = textProblem(key);
        if (problem) return { field: `${childPath(at, key)} (nama)`, problem };
        stack.push([child, childPath(at, key)]);
      }
    }
  }
  return undefined;
}

/** The refusal's sentence, naming the field (Bahasa Indonesia). */
export function textProblemMessage(finding: TextFinding): string {
  const field = finding.field === '' ? 'isi permintaan' : `kolom ${finding.field}`;
  return finding.problem === 'NUL'
    ? `Isian ${field} memuat karakter NUL (\\u0000) yang tidak diizinkan. Hapus karakter itu lalu kirim ulang.`
    : `Isian ${field} bukan teks UTF-8 yang sah (urutan bita, surrogate atau persen-enkode rusak). Periksa pengodean lalu kirim ulang.`;
}

const HEX = /^[0-9A-Fa-f]{2}$/;
const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

/**
 * One name or value of application/x-www-form-urlencoded text (a form body or a query
 * string), decoded as the WHATWG URL standard does, except that a malformed percent-escape
 * (`%`, `%Z1`) becomes U+FFFD instead of staying as typed: a browser always sends `%` as
 * `%25`, so a bare one means the client's encoding is broken. Bytes that are not UTF-8
 * become U+FFFD too. The refusal then names the field.
 */
export function decodeFormComponent(raw: string): string {
  const text = raw.includes('+') ? raw.replace(/\+/g, ' ') : raw;
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    // Rare: decode byte by byte, marking what is malformed.
  }
  const bytes: number[] = [];
  const replacement = [0xef, 0xbf, 0xbd];
  for (let i = 0; i < text.length;) {
    const char = text[i]!;
    if (char === '%') {
      const hex = text.slice(i + 1, i + 3);
      if (HEX.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 3;
      } else {
        bytes.push(...replacement);
        i += 1;
      }
      continue;
    }
    const codePoint = text.codePointAt(i)!;
    const unit = String.fromCodePoint(codePoint);
    bytes.push(...encoder.encode(unit));
    i += unit.length;
  }
  return decoder.decode(Uint8Array.from(bytes));
}

/**
 * A form body or query string as Fastify's own parser gives it (names to a value, a
 * repeated name to a list, in an object without a prototype), decoded by decodeFormComponent.
 */
export function parseUrlEncoded(raw: string): Record<string, string | string[]> {
  const fields = Object.create(null) as Record<string, string | string[]>;
  if (raw === '') return fields;
  for (const piece of raw.split('&')) {
    if (piece === '') continue;
    const at = piece.indexOf('=');
    const name = decodeFormComponent(at === -1 ? piece : piece.slice(0, at));
    const value = at === -1 ? '' : decodeFormComponent(piece.slice(at + 1));
    const seen = fields[name];
    if (seen === undefined) fields[name] = value;
    else if (Array.isArray(seen)) seen.push(value);
    else fields[name] = [seen, value];
  }
  return fields;
}
