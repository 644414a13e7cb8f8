import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type CompilersFactory = NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>;

/**
 * What Fastify hands a compiler for each schema of a route. (The ajv compiler's declared types
 * say it takes the schema itself; Fastify and the compiler's code pass this object.)
 */
interface RouteSchema {
  readonly schema?: unknown;
  readonly method: string;
  readonly url: string;
  readonly httpPart?: string;
}
type Compile = (route: RouteSchema) => unknown;
type CompilerFactory = (externalSchemas: unknown, options: unknown) => Compile;

/**
 * Fastify's own compilers (Ajv for request parts, fast-json-stringify for JSON answers), made
 * once per process instead of once per app. Fastify makes both anew for each instance and
 * compiles every route schema again; the route schemas are module constants, so each app after
 * the first (a test worker builds one per test file) paid 0.5–2 s for work already done. A
 * server process builds one app and pays the same as before.
 *
 * A compiled function depends only on its schema and the compiler's options, and what is shared
 * is keyed by both: the pool of `@fastify/ajv-compiler` keeps one Ajv per (shared schemas, Ajv
 * options) and Ajv remembers what it compiled by schema object; the serializers are remembered
 * per (shared schemas, serializer options) and schema object, weakly, so the schemas of an app
 * that is gone can be collected. Only buildApp uses these, always with the same Ajv options.
 */
const ajvPool = AjvCompiler() as unknown as CompilerFactory;

/**
 * Fastify rewrites a header schema's names in lowercase (Node lowercases received header
 * names) only when the validator compiler is its own per-app default; with this shared one it
 * compiles the schema as written. Header schemas here name headers in lowercase already, and
 * this check keeps a capitalised name from silently never matching.
 */
function assertLowerCaseHeaders(schema: unknown, method: string, url: string): void {
  if (typeof schema !== 'object' || schema === null) return;
  const { properties, required } = schema as { properties?: object; required?: unknown };
  const names = [
    ...Object.keys(properties ?? {}),
    ...(Array.isArray(required) ? (required as unknown[]).map(String) : []),
  ];
  const capitalised = names.find((name) => name !== name.toLowerCase());
  if (capitalised !== undefined) {
    throw new Error(
      `${method} ${url}: header schema names "${capitalised}"; name headers in lowercase`,
    );
  }
}

const buildValidator: CompilerFactory = (externalSchemas, options) => {
  const compile = ajvPool(externalSchemas, options);
  return (route) => {
    if (route.httpPart === 'headers') assertLowerCaseHeaders(route.schema, route.method, route.url);
    return compile(route);
  };
};

const serializerSelector = SerializerSelector() as unknown as CompilerFactory;
const serializerPool = new Map<string, WeakMap<object, unknown>>();

const buildSerializer: CompilerFactory = (externalSchemas, options) => {
  const key = JSON.stringify([externalSchemas ?? null, options ?? null]);
  let compiled = serializerPool.get(key);
  if (!compiled) serializerPool.set(key, (compiled = new WeakMap()));
  const known = compiled;
  const compile = serializerSelector(externalSchemas, options);
  return (route) => {
    const schema = route.schema;
    if (typeof schema !== 'object' || schema === null) return compile(route);
    let serializer = known.get(schema);
    if (!serializer) known.set(schema, (serializer = compile(route)));
    return serializer;
  };
};

/** Fastify's `schemaController` option: the compilers above, shared by every app of the process. */
export const sharedSchemaCompilers = {
  compilersFactory: { buildValidator, buildSerializer } as CompilersFactory,
};
