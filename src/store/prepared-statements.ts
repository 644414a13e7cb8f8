import { sql, type RawBuilder } from 'kysely';
import pg from 'pg';

/**
 * A statement on the hot path starts with this comment to be sent as a prepared statement:
 * the database then parses it once per session instead of on every call (for the lookup CTE
 * that was most of its cost). The connections (store/db.ts for PostgreSQL,
 * store/pglite-session.ts for PGlite) recognise it.
 */
export const preparedAs = (name: string) => `/* prepared:${name} */`;

/** The mark as the first fragment of a `sql` template: sql`${prepared('lookup')} SELECT …`. */
export const prepared = (name: string): RawBuilder<unknown> => sql.raw(preparedAs(name));
const PREPARED = /^\/\* prepared:([a-z_]+) \*\//;

/** The name a statement's text is marked with, or undefined when it is not marked. */
export function preparedName(text: unknown): string | undefined {
  return typeof text === 'string' ? PREPARED.exec(text)?.[1] : undefined;
}

/** A number, boolean or text as its text; anything else is not a lookup's parameter. */
function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`a prepared statement cannot send a ${typeof value} parameter`);
}

/** A one-dimensional array as PostgreSQL's array input reads it (the lookup's are text[]). */
function arrayLiteral(items: readonly unknown[]): string {
  const element = (item: unknown) =>
    item === null || item === undefined
      ? 'NULL'
      : `"${scalarText(item).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  return `{${items.map(element).join(',')}}`;
}

const NEEDS_ESCAPING = /['\\]/;

/** A parameter as the text the extended protocol would send for it, as a quoted literal. */
function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  // What pg.escapeLiteral makes of a bytea's text `\x<hex>` (its backslash doubled, E'…'),
  // written at once: hex holds nothing else to escape.
  if (value instanceof Uint8Array) {
    return ` E'\\\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}'`;
  }
  const text =
    value instanceof Date
      ? value.toISOString()
      : Array.isArray(value)
        ? arrayLiteral(value)
        : scalarText(value);
  // Most values hold no quote or backslash: quoted as they are, which is exactly what
  // escapeLiteral returns for them, without its copy character by character (the lookup's
  // parameters went through it at 6.5 µs a lookup in the bench's profile, issue 13).
  return NEEDS_ESCAPING.test(text) ? pg.escapeLiteral(text) : `'${text}'`;
}

/** `PREPARE name AS statement`: the statement's parameter types inferred as a Parse would. */
export const prepareText = (name: string, statement: string): string =>
  `PREPARE ${name} AS ${statement}`;

/**
 * One EXECUTE per parameter list in one simple-protocol text, which PostgreSQL runs as one
 * transaction (committed once after the last, or not at all when one fails) unless it runs
 * inside one already. The parameters go as quoted literals of the text the extended protocol
 * would send, so each run sees the same values.
 */
export function executeText(name: string, lists: readonly (readonly unknown[])[]): string {
  // A statement without parameters is executed without parentheses (`EXECUTE name()` is not SQL).
  return lists
    .map((values) =>
      values.length === 0
        ? `EXECUTE ${name}`
        : `EXECUTE ${name}(${values.map(literal).join(', ')})`,
    )
    .join(';\n');
}
