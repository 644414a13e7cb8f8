import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { MIN_PASSWORD_LENGTH } from './domain/users.js';
import {
  DEFAULT_LOOKUP_BATCH,
  defaultFlights,
  type LookupBatchSettings,
} from './domain/lookup-batch.js';
import { DEFAULT_LOGIN_LIMITS, type LoginLimits } from './domain/login-limits.js';
import { DEFAULT_DG_FORMAT, parseDgFormat, type DgFormat } from './domain/dg-report.js';

/**
 * The one reader of process.env. Every setting is parsed and checked here once, so a
 * mistyped value stops the process at start instead of surfacing mid-request.
 */
export interface Config {
  /** PostgreSQL connection string; when absent the embedded PGlite database is used. */
  readonly databaseUrl: string | undefined;
  /**
   * DATABASE_OWNER_URL: PostgreSQL as the role that owns the schema. When set, migrations run
   * over a connection of their own as that role, and the server and the CLI otherwise use
   * DATABASE_URL, an application role that may only append to the audit tables (README,
   * "Database roles (PostgreSQL)"). Absent: everything over DATABASE_URL, as before.
   */
  readonly databaseOwnerUrl: string | undefined;
  /** Folder of the embedded database. */
  readonly dataDir: string;
  readonly port: number;
  readonly host: string;
  /** Password for the demo users; a random one is generated and printed once when absent. */
  readonly demoPassword: string | undefined;
  /** GERBANG_SANDBOX_PASSWORD: the PoC sandbox users' password (`gerbang sandbox`); random when absent. */
  readonly sandboxPassword: string | undefined;
  /** Connections the server keeps open to PostgreSQL. */
  readonly dbPoolSize: number;
  /** Lifetime of an API bearer token and of a portal session, in seconds. */
  readonly tokenTtlSeconds: number;
  readonly sessionTtlSeconds: number;
  /**
   * Whose X-Forwarded-For to believe: false (default: the access-point check uses the
   * connecting address), true (any sender: only behind a proxy that every request must
   * pass), or the reverse proxies' addresses or networks.
   */
  readonly trustProxy: TrustProxy;
  /** Set the Secure flag on cookies (on unless the portal is served over plain HTTP on a closed link). */
  readonly secureCookies: boolean;
  readonly logLevel: string;
  /**
   * 32-byte key that seals TOTP secrets (AES-256-GCM). When absent the server generates one
   * and keeps it in the database (table server_secret): fine for the demo, but then a copy
   * of the database holds both the sealed secrets and their key.
   */
  readonly secretKey: Buffer | undefined;
  /**
   * GERBANG_AUDIT_KEY: the 32-byte Ed25519 seed that signs the audit trail's checkpoints. When
   * absent the server generates one and keeps it in the database: fine for the embedded demo,
   * but then whoever owns a PostgreSQL database could sign a rewritten trail (a warning says so).
   */
  readonly auditKey: Buffer | undefined;
  /**
   * GERBANG_OVERSIGHT=off turns the input-pattern policy and the audit sealer off. For one
   * purpose only: `npm run bench` measures the lookup with and without them (issue 9's cost
   * budget). A server started so logs a warning on every start.
   */
  readonly oversight: boolean;
  /**
   * Lookups that arrive together run as one batch, one transaction (issue 13;
   * services/lookup/lookup-batch.ts): GERBANG_LOOKUP_BATCH the most in one batch (32; 1: each
   * lookup alone), GERBANG_LOOKUP_BATCH_FLIGHTS the batches running at once (on PostgreSQL a
   * quarter of GERBANG_DB_POOL, at most 4: `defaultFlights`; 1 on the embedded database, which
   * runs one statement at a time anyway).
   */
  readonly lookupBatch: LookupBatchSettings;
  /**
   * GERBANG_PGLITE_WORKER (true): the embedded database runs in a worker thread of its own
   * (store/pglite-thread.ts) instead of the thread that serves HTTP. Without DATABASE_URL only.
   */
  readonly pgliteWorker: boolean;
  /** SMTP for deadline reminders (GERBANG_SMTP_URL, GERBANG_MAIL_FROM); undefined: no e-mail. */
  readonly mail: MailConfig | undefined;
  /** Dukcapil's address for the daily digest of deadline reminders (GERBANG_DUKCAPIL_EMAIL). */
  readonly dukcapilEmail: string | undefined;
  /** Failed logins per address and per account (GERBANG_LOGIN_LIMIT_*; domain/login-limits.ts). */
  readonly loginLimits: LoginLimits;
  /**
   * GERBANG_SUBDIT_MED_EMAIL: the address of the ministry's Monitoring & Evaluation
   * sub-directorate (subdit MED), to which the semester report to the Director General is
   * mailed (issue 10 item 4). Absent: the report is produced and downloaded, not mailed.
   */
  readonly subditMedEmail: string | undefined;
  /**
   * GERBANG_LAPORAN_DIRJEN_FORMAT: a JSON file with the DG report's sections and their order
   * (domain/dg-report.ts parseDgFormat; docs/REPORTS.md). Absent: the default format.
   */
  readonly dgReportFormat: DgFormat;
}

export interface MailConfig {
  /** smtp://user:pass@host:587 or smtps://user:pass@host:465 */
  readonly url: string;
  readonly from: string;
}

type Env = Record<string, string | undefined>;

/** Fastify's trustProxy: a flag, or the addresses/networks (CIDR) of trusted proxies. */
export type TrustProxy = boolean | readonly string[];

/** An IPv4/IPv6 address, or a network in CIDR notation. */
function isProxyAddress(item: string): boolean {
  const [address, prefix, ...rest] = item.split('/');
  const family = address && rest.length === 0 ? net.isIP(address) : 0;
  if (family === 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** GERBANG_TRUST_PROXY: false | true | a comma-separated list of addresses or CIDR networks. */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = raw?.trim() ?? '';
  if (value === '' || ['0', 'false', 'no'].includes(value.toLowerCase())) return false;
  if (['1', 'true', 'yes'].includes(value.toLowerCase())) return true;
  const proxies = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  const bad = proxies.filter((item) => !isProxyAddress(item));
  if (proxies.length === 0 || bad.length > 0) {
    throw new Error(
      `GERBANG_TRUST_PROXY harus false, true, atau daftar alamat IP/jaringan CIDR proksi dipisah koma; tidak sah: "${bad.join(', ') || value}"`,
    );
  }
  return Object.freeze(proxies);
}

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

/** 64 hexadecimal digits, or base64 / base64url of 32 bytes (e.g. `openssl rand -base64 32`). */
function key32(env: Env, name: string): Buffer | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const key = /^[0-9a-fA-F]{64}$/.test(raw)
    ? Buffer.from(raw, 'hex')
    : /^[A-Za-z0-9+/_-]{43}=?$/.test(raw)
      ? Buffer.from(raw, 'base64')
      : undefined;
  if (key?.length !== 32) {
    throw new Error(
      `${name} harus 32 byte: 64 digit heksadesimal atau base64 (openssl rand -base64 32)`,
    );
  }
  return key;
}

const EMAIL_ADDRESS = /^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/;

/** GERBANG_MAIL_FROM: an address, or `Name <address>`. */
function isSender(value: string): boolean {
  const named = /^[^<>]*<([^<>]+)>$/.exec(value);
  return EMAIL_ADDRESS.test(named ? named[1]!.trim() : value);
}

/** Reminders by e-mail are on when GERBANG_SMTP_URL is set, and then need a sender. */
function mailConfig(env: Env): MailConfig | undefined {
  const url = env.GERBANG_SMTP_URL?.trim();
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(
      'GERBANG_SMTP_URL harus berbentuk smtp://pengguna:sandi@host:587 atau smtps://…',
    );
  }
  if (!['smtp:', 'smtps:'].includes(parsed.protocol) || parsed.hostname === '') {
    throw new Error(
      'GERBANG_SMTP_URL harus berbentuk smtp://pengguna:sandi@host:587 atau smtps://…',
    );
  }
  const from = env.GERBANG_MAIL_FROM?.trim();
  if (!from || !isSender(from)) {
    throw new Error(
      'GERBANG_MAIL_FROM wajib bila GERBANG_SMTP_URL diisi: alamat pengirim, mis. "Gerbang Dukcapil <gerbang@contoh.go.id>"',
    );
  }
  return { url, from };
}

function dukcapilEmail(env: Env): string | undefined {
  const value = env.GERBANG_DUKCAPIL_EMAIL?.trim();
  if (!value) return undefined;
  if (!EMAIL_ADDRESS.test(value)) {
    throw new Error(`GERBANG_DUKCAPIL_EMAIL bukan alamat surel yang sah: "${value}"`);
  }
  return value;
}

function subditMedEmail(env: Env): string | undefined {
  const value = env.GERBANG_SUBDIT_MED_EMAIL?.trim();
  if (!value) return undefined;
  if (!EMAIL_ADDRESS.test(value)) {
    throw new Error(`GERBANG_SUBDIT_MED_EMAIL bukan alamat surel yang sah: "${value}"`);
  }
  return value;
}

/** The DG report's format from the JSON file GERBANG_LAPORAN_DIRJEN_FORMAT names, checked at start. */
export function dgReportFormat(env: Env): DgFormat {
  const file = env.GERBANG_LAPORAN_DIRJEN_FORMAT?.trim();
  if (!file) return DEFAULT_DG_FORMAT;
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(
      `GERBANG_LAPORAN_DIRJEN_FORMAT: berkas ${file} tidak dapat dibaca sebagai JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const parsed = parseDgFormat(raw);
  if ('problem' in parsed) {
    throw new Error(`GERBANG_LAPORAN_DIRJEN_FORMAT: ${parsed.problem}`);
  }
  return parsed.format;
}

function oversight(env: Env): boolean {
  const raw = env.GERBANG_OVERSIGHT?.trim();
  if (!raw || raw === 'on') return true;
  if (raw === 'off') return false;
  throw new Error(`GERBANG_OVERSIGHT harus on atau off, bukan "${raw}"`);
}

/** DATABASE_OWNER_URL: only beside DATABASE_URL (the embedded database has no roles). */
function databaseOwnerUrl(env: Env): string | undefined {
  const value = env.DATABASE_OWNER_URL?.trim();
  if (!value) return undefined;
  if (!env.DATABASE_URL) {
    throw new Error(
      'DATABASE_OWNER_URL hanya berlaku bersama DATABASE_URL (PostgreSQL); basis data tertanam tidak mengenal peran',
    );
  }
  return value;
}

export function loadConfig(env: Env = process.env): Config {
  const demoPassword = env.GERBANG_DEMO_PASSWORD || undefined;
  if (demoPassword !== undefined && demoPassword.length < MIN_PASSWORD_LENGTH) {
    throw new Error(`GERBANG_DEMO_PASSWORD minimal ${MIN_PASSWORD_LENGTH} karakter`);
  }
  const sandboxPassword = env.GERBANG_SANDBOX_PASSWORD || undefined;
  if (sandboxPassword !== undefined && sandboxPassword.length < MIN_PASSWORD_LENGTH) {
    throw new Error(`GERBANG_SANDBOX_PASSWORD minimal ${MIN_PASSWORD_LENGTH} karakter`);
  }
  const dbPoolSize = integer(env, 'GERBANG_DB_POOL', 16, 1, 500);
  return Object.freeze({
    databaseUrl: env.DATABASE_URL || undefined,
    databaseOwnerUrl: databaseOwnerUrl(env),
    dataDir: path.resolve(env.GERBANG_DATA_DIR || './data'),
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: env.HOST || '0.0.0.0',
    demoPassword,
    sandboxPassword,
    dbPoolSize,
    tokenTtlSeconds: integer(env, 'GERBANG_TOKEN_TTL', 3600, 60, 86400),
    sessionTtlSeconds: integer(env, 'GERBANG_SESSION_TTL', 8 * 3600, 300, 86400),
    trustProxy: parseTrustProxy(env.GERBANG_TRUST_PROXY),
    secureCookies: flag(env, 'GERBANG_SECURE_COOKIES', true),
    logLevel: env.LOG_LEVEL || 'info',
    secretKey: key32(env, 'GERBANG_SECRET_KEY'),
    auditKey: key32(env, 'GERBANG_AUDIT_KEY'),
    oversight: oversight(env),
    lookupBatch: Object.freeze({
      size: integer(env, 'GERBANG_LOOKUP_BATCH', DEFAULT_LOOKUP_BATCH.size, 1, 1000),
      flights: integer(
        env,
        'GERBANG_LOOKUP_BATCH_FLIGHTS',
        env.DATABASE_URL ? defaultFlights(dbPoolSize) : 1,
        1,
        500,
      ),
    }),
    pgliteWorker: flag(env, 'GERBANG_PGLITE_WORKER', true),
    mail: mailConfig(env),
    dukcapilEmail: dukcapilEmail(env),
    subditMedEmail: subditMedEmail(env),
    dgReportFormat: dgReportFormat(env),
    loginLimits: Object.freeze({
      perAddress: integer(
        env,
        'GERBANG_LOGIN_LIMIT_PER_ADDRESS',
        DEFAULT_LOGIN_LIMITS.perAddress,
        1,
        100_000,
      ),
      perAccount: integer(
        env,
        'GERBANG_LOGIN_LIMIT_PER_ACCOUNT',
        DEFAULT_LOGIN_LIMITS.perAccount,
        1,
        100_000,
      ),
      windowSeconds: integer(
        env,
        'GERBANG_LOGIN_LIMIT_WINDOW',
        DEFAULT_LOGIN_LIMITS.windowSeconds,
        10,
        86_400,
      ),
    }),
  });
}
