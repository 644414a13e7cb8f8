import type { FieldError } from './refusals.js';

/**
 * Applications that use the web service (issue 11 items 3 and 4, SPEC §2 and §4). Every new
 * application that calls the API needs its own PoC and a revision of the technical guide; an
 * application calls only once its PoC passed, with its own client ID and secret, and always
 * for a named operator of its agency, so that every call stays attributable to a person.
 */

export const APPLICATION_STATES = ['TERDAFTAR', 'LULUS_POC', 'DICABUT'] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];

export const APPLICATION_STATE_LABELS: Readonly<Record<ApplicationState, string>> = {
  TERDAFTAR: 'Terdaftar (belum lulus PoC)',
  LULUS_POC: 'Lulus PoC',
  DICABUT: 'Dicabut',
};

/**
 * The header in which an application names the operator it acts for: the operator's Gerbang
 * user ID (e.g. `operator.dinkes`), an active user of the application's agency with an NDA.
 */
export const OPERATOR_HEADER = 'X-Gerbang-Operator';

/** Lifetime of an application's bearer token (short: the secret stays with the application). */
export const APPLICATION_TOKEN_TTL_SECONDS = 600;

/** How long a replaced secret keeps working after a rotation, hours (default and bounds). */
export const DEFAULT_OVERLAP_HOURS = 24;
export const MAX_OVERLAP_HOURS = 168;

/**
 * Prefixes of what an application holds: a client ID, a client secret and a bearer token are
 * told apart at a glance (and by secret scanners); the token's prefix routes it to the
 * application's table rather than the users' sessions.
 */
export const CLIENT_ID_PREFIX = 'gbc_';
export const CLIENT_SECRET_PREFIX = 'gbs_';
export const APPLICATION_TOKEN_PREFIX = 'gba_';

export function isApplicationToken(token: string): boolean {
  return token.startsWith(APPLICATION_TOKEN_PREFIX);
}

export interface ApplicationForm {
  readonly name: string;
  readonly purpose: string;
  readonly technicalContact: string;
  /** An IPv4/IPv6 address or a network in CIDR notation. */
  readonly accessPoint: string;
}

const text = (value: unknown) =>
  typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : '';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9a-fA-F:]{2,39}$/;

/** An address or a CIDR network as PostgreSQL's inet reads it; undefined when not one. */
export function checkedAccessPoint(value: string): string | undefined {
  const [address, prefix, ...rest] = value.split('/');
  if (rest.length > 0 || !address) return undefined;
  const v4 = IPV4.test(address);
  const v6 = !v4 && IPV6.test(address) && address.includes(':');
  if (!v4 && !v6) return undefined;
  if (prefix !== undefined) {
    if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > (v4 ? 32 : 128)) return undefined;
  }
  return value.toLowerCase();
}

/** The registration form checked: every problem by field, or the cleaned form. */
export function checkApplicationForm(
  raw: Readonly<Record<string, unknown>>,
): { ok: true; value: ApplicationForm } | { ok: false; fields: FieldError[] } {
  const name = text(raw.name);
  const purpose = text(raw.purpose);
  const technicalContact = text(raw.technicalContact);
  const accessPoint = checkedAccessPoint(text(raw.accessPoint));
  const fields: FieldError[] = [];
  if (name.length < 3 || name.length > 100)
    fields.push({ field: 'name', message: 'Nama aplikasi harus 3–100 karakter' });
  if (purpose.length < 10 || purpose.length > 500)
    fields.push({ field: 'purpose', message: 'Kegunaan aplikasi harus 10–500 karakter' });
  if (technicalContact.length < 5 || technicalContact.length > 200) {
    fields.push({
      field: 'technicalContact',
      message: 'Kontak teknis (nama dan telepon/surel) harus 5–200 karakter',
    });
  }
  if (!accessPoint) {
    fields.push({
      field: 'accessPoint',
      message:
        'Titik akses harus alamat IP (mis. 10.10.0.67) atau jaringan CIDR (mis. 10.10.0.0/24)',
    });
  }
  if (fields.length > 0 || !accessPoint) return { ok: false, fields };
  return { ok: true, value: { name, purpose, technicalContact, accessPoint } };
}

/** Hours of overlap asked for a rotation; undefined when not a whole number within bounds. */
export function checkedOverlapHours(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return DEFAULT_OVERLAP_HOURS;
  const number = typeof value === 'string' ? Number(value.trim()) : value;
  return typeof number === 'number' &&
    Number.isInteger(number) &&
    number >= 0 &&
    number <= MAX_OVERLAP_HOURS
    ? number
    : undefined;
}

/**
 * Client authentication of the token request (RFC 6749 §2.3.1): HTTP Basic with the
 * form-urlencoded client ID and secret, or both in the body — one way only.
 */
export function clientCredentialsOf(
  authorization: string | undefined,
  body: Readonly<Record<string, unknown>>,
):
  | { ok: true; clientId: string; clientSecret: string; basic: boolean }
  | { ok: false; basic: boolean; problem: string } {
  const inBody = typeof body.client_id === 'string' || typeof body.client_secret === 'string';
  const basic = authorization !== undefined && /^Basic\s+/i.test(authorization);
  if (basic && inBody) {
    return {
      ok: false,
      basic,
      problem: 'Kredensial klien hanya boleh dikirim dengan satu cara: header Basic atau badan',
    };
  }
  if (basic) {
    const decoded = Buffer.from(authorization.replace(/^Basic\s+/i, '').trim(), 'base64')
      .toString('utf8')
      .split(':');
    if (decoded.length !== 2)
      return { ok: false, basic, problem: 'Header Authorization Basic tidak dapat dibaca' };
    try {
      const [id, secret] = decoded.map((part) => decodeURIComponent(part.replace(/\+/g, ' ')));
      return { ok: true, basic, clientId: id!, clientSecret: secret! };
    } catch {
      return { ok: false, basic, problem: 'Header Authorization Basic tidak dapat dibaca' };
    }
  }
  if (typeof body.client_id === 'string' && typeof body.client_secret === 'string')
    return { ok: true, basic, clientId: body.client_id, clientSecret: body.client_secret };
  return {
    ok: false,
    basic,
    problem: 'client_id dan client_secret wajib dikirim (header Basic atau badan permintaan)',
  };
}
