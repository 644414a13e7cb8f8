import path from 'node:path';
import { MIN_PASSWORD_LENGTH } from './domain/users.js';

/**
 * The one reader of process.env. Every setting is parsed and checked here once, so a
 * mistyped value stops the process at start instead of surfacing mid-request.
 */
export interface Config {
  /** PostgreSQL connection string; when absent the embedded PGlite database is used. */
  readonly databaseUrl: string | undefined;
  /** Folder of the embedded database. */
  readonly dataDir: string;
  readonly port: number;
  readonly host: string;
  /** Password for the demo users; a random one is generated and printed once when absent. */
  readonly demoPassword: string | undefined;
  /** Connections the server keeps open to PostgreSQL. */
  readonly dbPoolSize: number;
  /** Lifetime of an API bearer token and of a portal session, in seconds. */
  readonly tokenTtlSeconds: number;
  readonly sessionTtlSeconds: number;
  /** Trust X-Forwarded-For from a reverse proxy (off by default: the access-point check relies on the real address). */
  readonly trustProxy: boolean;
  /** Set the Secure flag on cookies (on unless the portal is served over plain HTTP on a closed link). */
  readonly secureCookies: boolean;
  readonly logLevel: string;
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} harus bilangan bulat ${min}–${max}, bukan "${raw}"`);
  }
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new Error(`${name} harus true atau false, bukan "${raw}"`);
}

export function loadConfig(env: Env = process.env): Config {
  const demoPassword = env.GERBANG_DEMO_PASSWORD || undefined;
  if (demoPassword !== undefined && demoPassword.length < MIN_PASSWORD_LENGTH) {
    throw new Error(`GERBANG_DEMO_PASSWORD minimal ${MIN_PASSWORD_LENGTH} karakter`);
  }
  return Object.freeze({
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.GERBANG_DATA_DIR || './data'),
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: env.HOST || '0.0.0.0',
    demoPassword,
    dbPoolSize: integer(env, 'GERBANG_DB_POOL', 16, 1, 500),
    tokenTtlSeconds: integer(env, 'GERBANG_TOKEN_TTL', 3600, 60, 86400),
    sessionTtlSeconds: integer(env, 'GERBANG_SESSION_TTL', 8 * 3600, 300, 86400),
    trustProxy: flag(env, 'GERBANG_TRUST_PROXY', false),
    secureCookies: flag(env, 'GERBANG_SECURE_COOKIES', true),
    logLevel: env.LOG_LEVEL || 'info',
  });
}
