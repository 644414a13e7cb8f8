import fc from 'fast-check';
import { can, PERMISSIONS, type Permission } from '../src/domain/permissions.js';

/**
 * Issue 13, "no 5xx from input": the request fuzzer shared by the CI test
 * (src/http/input-fuzz.test.ts, a bounded number of cases) and `npm run bench -- --fuzz`
 * (bench/fuzz-bench.ts, 100,000 cases per endpoint). The endpoints are enumerated from the
 * running app's route declarations, as the access tests do: every route with a body that the
 * public reaches — those any caller may use (login, its TOTP step, token revocation, the
 * national store endpoint…) and those an agency operator may use (the NIK lookup, return data,
 * the portal's forms) — each sent arbitrary bodies: strings with NUL, lone surrogates, bytes
 * that are not UTF-8, malformed percent-escapes, huge strings, wrong types, deep nesting, the
 * wrong media type. The property: never a 5xx, and the server keeps answering.
 */

/** An endpoint as the fuzzer calls it. */
export interface FuzzTarget {
  readonly method: string;
  /** The route's pattern, `:name` for its parameters. */
  readonly url: string;
  /** JSON API (bearer token) or portal page (session cookie, CSRF token in the form). */
  readonly kind: 'api' | 'portal';
  /** Who calls it: nobody signed in (public routes), or the agency operator. */
  readonly caller: 'anonymous' | 'operator';
  /** Body fields the route's schema names, so that some bodies come close to valid. */
  readonly fields: readonly string[];
  /** Of those, the ones the schema requires (always sent in shaped bodies). */
  readonly required: readonly string[];
}

/** The body fields of each API endpoint, as its OpenAPI document describes them. */
export type BodyShapes = ReadonlyMap<string, { fields: string[]; required: string[] }>;

interface OpenApiDocument {
  paths?: Record<
    string,
    Record<
      string,
      {
        requestBody?: {
          content?: Record<string, { schema?: { properties?: object; required?: string[] } }>;
        };
      }
    >
  >;
}

/** Reads the app's two API documents (public and console) for the body fields of each route. */
export async function bodyShapes(baseUrl: string): Promise<BodyShapes> {
  const shapes = new Map<string, { fields: string[]; required: string[] }>();
  for (const path of ['/api/v1/openapi.json', '/api/v1/konsol/openapi.json']) {
    const document = (await (await fetch(`${baseUrl}${path}`)).json()) as OpenApiDocument;
    for (const [url, operations] of Object.entries(document.paths ?? {})) {
      for (const [method, operation] of Object.entries(operations)) {
        const schema = operation.requestBody?.content?.['application/json']?.schema;
        if (!schema?.properties) continue;
        shapes.set(`${method.toUpperCase()} ${url.replace(/\{([^}]+)\}/g, ':$1')}`, {
          fields: Object.keys(schema.properties),
          required: schema.required ?? [],
        });
      }
    }
  }
  return shapes;
}

/** What the fuzzer needs of the app: its declared routes and their body schemas. */
export interface RouteSource {
  readonly routeDeclarations: readonly {
    method: string;
    url: string;
    permission: string | undefined;
  }[];
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const OPERATOR = 'OPERATOR';

function isPermission(value: string | undefined): value is Permission {
  return value !== undefined && Object.hasOwn(PERMISSIONS, value);
}

/** Field names the app's forms and bodies use, for bodies near the real shape. */
export const KNOWN_FIELDS = [
  'userId',
  'password',
  'otp',
  'nik',
  'purpose',
  'alasan',
  'formToken',
  'records',
  'mode',
  'data',
  'kode',
  'kataSandiLama',
  'kataSandiBaru',
] as const;

/** The public's endpoints with a body, from the app's declarations. */
export function fuzzTargets(app: RouteSource, shapes: BodyShapes = new Map()): FuzzTarget[] {
  const seen = new Set<string>();
  const targets: FuzzTarget[] = [];
  for (const route of app.routeDeclarations) {
    if (!BODY_METHODS.has(route.method)) continue;
    const publicRoute = route.permission === 'public';
    const operatorRoute =
      route.permission === 'signedIn' ||
      route.permission === 'anySession' ||
      (isPermission(route.permission) && can(OPERATOR, route.permission));
    if (!publicRoute && !operatorRoute) continue;
    const key = `${route.method} ${route.url}`;
    if (seen.has(key)) continue;
    seen.add(key);
    targets.push({
      method: route.method,
      url: route.url,
      kind:
        route.url.startsWith('/api/') || route.url.startsWith('/dukcapil/databalikan')
          ? 'api'
          : 'portal',
      caller: publicRoute ? 'anonymous' : 'operator',
      fields: shapes.get(key)?.fields ?? KNOWN_FIELDS,
      required: shapes.get(key)?.required ?? [],
    });
  }
  return targets;
}

// ---- Text ----------------------------------------------------------------------------------

/** One character of fuzzed text: ordinary ones mostly, and every kind the edge must refuse. */
const unit = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('\u0000', '\ud800', '\udfff', '\ufffd', '\u0007', '😀', 'é', '\n'),
  },
);

/** What is slipped into a right value: mostly what the edge must refuse. */
const injected = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('\u0000', '\ud800', '\udc00', '\ufffd') },
  { weight: 1, arbitrary: unit },
);

/** Text: short, long, or huge (past the body limit), with anything in it. */
export const fuzzText = fc.oneof(
  { weight: 8, arbitrary: fc.string({ unit, maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit, minLength: 200, maxLength: 3000 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 10_000, max: 120_000 }), fc.constantFrom('x', '9', '\u0000', 'é'))
      .map(([length, char]) => char.repeat(length)),
  },
);

/** Any JSON value, of any type where a string is expected, nested a little. */
const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fuzzText,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fuzzText, fc.constantFrom(...KNOWN_FIELDS)), tie('value'), {
      maxKeys: 4,
    }),
  ),
})).value;

// ---- Bodies --------------------------------------------------------------------------------

/** A body as sent: its bytes and media type. */
export interface FuzzBody {
  readonly contentType: string | undefined;
  readonly bytes: Uint8Array;
  readonly label: string;
}

const encoder = new TextEncoder();

/** A UTF-16 code unit of a surrogate pair with no partner. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A lone surrogate as the three (invalid) UTF-8 bytes a careless encoder would send. */
function surrogateBytes(unit: string): string {
  const code = unit.charCodeAt(0);
  return `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`;
}

/**
 * Percent-encodes as a browser does, except a lone surrogate, sent as its (invalid) bytes.
 * The text between lone surrogates goes to encodeURIComponent whole: encoding it a character
 * at a time was a fifth of the fuzzer's own CPU on its long strings, and the fuzzer, not the
 * server, set the pace of `npm run bench -- --fuzz`.
 */
function formEncode(text: string): string {
  let out = '';
  let from = 0;
  for (const match of text.matchAll(LONE_SURROGATE)) {
    out += encodeURIComponent(text.slice(from, match.index)) + surrogateBytes(match[0]);
    from = match.index + 1;
  }
  return out + encodeURIComponent(text.slice(from));
}

/** Raw pieces of urlencoded text, malformed ones among them. */
const formToken = fc.oneof(
  { weight: 5, arbitrary: fuzzText.map(formEncode) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('%', '%Z', '%ZZ', '%FF', '%C3%28', '%00', '+', '&', '='),
  },
);

/** What each known field holds when it is right: near-valid values reach the handlers. */
const VALID_VALUES: Readonly<Record<string, string>> = {
  userId: 'operator.uji',
  password: 'kata-sandi-uji-123',
  otp: '123456',
  nik: '3303054703900002',
  purpose: 'Verifikasi peserta JKN',
  alasan: 'Pemeriksaan ulang berkas pemohon',
  formToken: 'AAAAAAAAAAAAAAAAAAAAAA',
  mode: 'SEMUA',
  kode: '123456',
  kataSandiLama: 'kata-sandi-uji-123',
  kataSandiBaru: 'kata-sandi-baru-456',
};

/** A right value with something inserted anywhere in it (a NUL, a surrogate, any text). */
function nearValid(field: string): fc.Arbitrary<string> {
  const base = VALID_VALUES[field] ?? 'nilai';
  return fc
    .tuple(fc.nat({ max: base.length }), fc.string({ unit: injected, minLength: 1, maxLength: 3 }))
    .map(([at, inserted]) => base.slice(0, at) + inserted + base.slice(at));
}

function fieldValue(field: string): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 2, arbitrary: nearValid(field) },
    { weight: 2, arbitrary: fuzzText },
    // Text the edge lets through (any code point but a surrogate), to reach the handlers.
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
    { weight: 2, arbitrary: fc.constant(VALID_VALUES[field] ?? 'nilai') },
    { weight: 1, arbitrary: jsonValue },
  );
}

/** An object with the known fields (each mostly present, mostly text), near the real shape. */
function shapedObject(
  fields: readonly string[],
  required: readonly string[] = [],
): fc.Arbitrary<Record<string, unknown>> {
  const records = fc.array(
    fc.record({ nik: fieldValue('nik'), data: fc.dictionary(fuzzText, fieldValue('nilai')) }),
    { maxLength: 3 },
  );
  return fc.record(
    Object.fromEntries(
      fields.map((field) => [
        field,
        field === 'records' ? fc.oneof(records, jsonValue) : fieldValue(field),
      ]),
    ),
    { requiredKeys: required.filter((field) => fields.includes(field)) },
  );
}

function deepNesting(): fc.Arbitrary<FuzzBody> {
  return fc.tuple(fc.integer({ min: 50, max: 20_000 }), fc.boolean()).map(([depth, objects]) => ({
    contentType: 'application/json',
    label: 'json-dalam',
    bytes: encoder.encode(
      objects
        ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
        : `${'['.repeat(depth)}${']'.repeat(depth)}`,
    ),
  }));
}

const rawBytes: fc.Arbitrary<FuzzBody> = fc
  .tuple(
    fc.uint8Array({ maxLength: 300 }),
    fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain'),
  )
  .map(([bytes, contentType]) => ({ contentType, bytes, label: 'bita-acak' }));

function jsonBody(
  fields: readonly string[],
  required: readonly string[] = [],
): fc.Arbitrary<FuzzBody> {
  return fc
    .oneof(
      { weight: 4, arbitrary: shapedObject(fields, required) },
      { weight: 1, arbitrary: jsonValue },
    )
    .map((value) => ({
      contentType: 'application/json',
      label: 'json',
      bytes: encoder.encode(JSON.stringify(value) ?? 'null'),
    }));
}

function formBody(fields: readonly string[], csrf: string | undefined): fc.Arbitrary<FuzzBody> {
  const known = fc.constantFrom(...fields).chain((field) =>
    fc.tuple(
      fc.constant(formEncode(field)),
      fc.oneof(nearValid(field).map(formEncode), formToken).map((value) => [value]),
    ),
  );
  const any = fc.tuple(
    fc.oneof(fc.constantFrom(...fields), formToken),
    fc.array(formToken, { maxLength: 3 }),
  );
  return fc
    .array(fc.oneof({ weight: 3, arbitrary: known }, { weight: 1, arbitrary: any }), {
      maxLength: 6,
    })
    .map((pairs) => ({
      contentType: 'application/x-www-form-urlencoded',
      label: 'formulir',
      bytes: encoder.encode(
        [
          ...(csrf ? [`_csrf=${encodeURIComponent(csrf)}`] : []),
          ...pairs.map(([key, value]) => `${key}=${value.join('')}`),
        ].join('&'),
      ),
    }));
}

const BOUNDARY = '----gerbangfuzz7d93';

function multipartBody(
  fields: readonly string[],
  csrf: string | undefined,
): fc.Arbitrary<FuzzBody> {
  const part = fc.tuple(
    fc.oneof(fc.constantFrom(...fields), fuzzText),
    fc.oneof(
      fuzzText.map((text) => encoder.encode(text)),
      fc.uint8Array({ maxLength: 64 }),
    ),
    fc.option(fuzzText, { nil: undefined }),
  );
  return fc.array(part, { maxLength: 4 }).map((parts) => {
    const chunks: Uint8Array[] = [];
    const add = (name: string, value: Uint8Array, fileName?: string) => {
      const disposition = `form-data; name="${name.replace(/"/g, '')}"${fileName === undefined ? '' : `; filename="${fileName.replace(/"/g, '')}"`}`;
      chunks.push(encoder.encode(`--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n\r\n`));
      chunks.push(value, encoder.encode('\r\n'));
    };
    if (csrf) add('_csrf', encoder.encode(csrf));
    for (const [name, value, fileName] of parts) add(name, value, fileName);
    chunks.push(encoder.encode(`--${BOUNDARY}--\r\n`));
    return {
      contentType: `multipart/form-data; boundary=${BOUNDARY}`,
      label: 'multipart',
      bytes: Buffer.concat(chunks),
    };
  });
}

/** A whole request's variable parts: the body, the route parameters, a query string. */
export interface FuzzCase {
  readonly body: FuzzBody;
  readonly params: readonly string[];
  readonly query: string;
  /** The return-data API's required header, when sent. */
  readonly idempotencyKey: string | undefined;
}

/**
 * Cases for one endpoint: an API gets JSON mostly (shaped after its fields, or any value),
 * a portal form gets urlencoded and multipart forms carrying a valid CSRF token; both get
 * random bytes, deep nesting and the other media type now and then.
 */
export function fuzzCases(target: FuzzTarget, csrf?: string): fc.Arbitrary<FuzzCase> {
  const bodies =
    target.kind === 'api'
      ? fc.oneof(
          { weight: 8, arbitrary: jsonBody(target.fields, target.required) },
          { weight: 1, arbitrary: rawBytes },
          { weight: 1, arbitrary: deepNesting() },
          { weight: 1, arbitrary: formBody(target.fields, undefined) },
        )
      : fc.oneof(
          { weight: 6, arbitrary: formBody(target.fields, csrf) },
          { weight: 2, arbitrary: multipartBody(target.fields, csrf) },
          { weight: 1, arbitrary: jsonBody(target.fields) },
          { weight: 1, arbitrary: rawBytes },
        );
  const paramCount = (target.url.match(/:[A-Za-z]+/g) ?? []).length;
  return fc.record({
    body: bodies,
    params: fc.array(formToken, { minLength: paramCount, maxLength: paramCount }),
    idempotencyKey: fc.option(fc.string({ unit: 'grapheme-ascii', maxLength: 80 }), {
      nil: undefined,
      freq: 4,
    }),
    query: fc.oneof(
      { weight: 4, arbitrary: fc.constant('') },
      { weight: 1, arbitrary: fc.array(formToken, { maxLength: 3 }).map((t) => t.join('=')) },
    ),
  });
}
