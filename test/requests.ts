import { sql } from 'kysely';
import type { Actor } from '../src/domain/actor.js';
import { Refusal } from '../src/domain/refusals.js';
import type { Role } from '../src/domain/users.js';
import type { Db } from '../src/store/db.js';
import { makeAgency, makeAgreement, makeResident, makeUser } from './factories.js';

/** Helpers of the requests tests (issue 3 items 4 and 5). */

/**
 * A made-up civil servant for the user ID change form: a woman born 7 March 1990 (NIK day
 * 47), with a NIP of the same birth date and sex. No real person.
 */
export const USER_ID_FORM = {
  nik: '3303054703900002',
  namaLengkap: 'Petugas Uji Satu',
  nomorIdentitasKepegawaian: '199003072015032001',
  statusKepegawaian: 'PNS',
  jabatan: 'Pengelola Data Kependudukan',
  kodeWilayahKantor: '33.03.05',
  namaKantor: 'Dinas Uji Kabupaten Purbalingga',
  alamatKantor: 'Jl. Contoh No. 1, Purbalingga',
  peran: 'OPERATOR',
} as const;

/** 1×1 PNG and the first bytes of a JPEG: enough for a check by content. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
export const TINY_JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
  Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0'),
  Buffer.alloc(64),
  Buffer.from([0xff, 0xd9]),
]);
/** A ZIP archive (an .xlsx or .docx starts the same way) named as if it were a PDF. */
export const ZIP_BYTES = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(60)]);

export const RESIDENT_NIK = '3303054703900002';

/** The part of the one Actor the requests use cases read, for a user the factories made. */
export function actingAs(
  user: { id: number },
  role: Role,
  agencyId: number | null,
): Pick<Actor, 'id' | 'role' | 'agencyId'> {
  return { id: user.id, role, agencyId };
}

export { NotFound, RuleViolation } from './refusals.js';

/** A filing or a step refused with every problem listed (the API's `masalah`). */
export class RequestRefused {
  static [Symbol.hasInstance](error: unknown): boolean {
    return error instanceof Refusal && Array.isArray(error.detail?.problems);
  }
}

/**
 * Two agencies with an agreement each, their heads and an operator of the first, Dukcapil's
 * admin and evaluator, and one resident to look up.
 */
export async function makeRequestWorld(db: Db) {
  const agencyA = await makeAgency(db);
  const agreementA = await makeAgreement(db, agencyA.code);
  const agencyB = await makeAgency(db);
  const agreementB = await makeAgreement(db, agencyB.code);
  const headA = await makeUser(db, { role: 'KEPALA_INSTANSI', agencyCode: agencyA.code });
  const operatorA = await makeUser(db, { role: 'OPERATOR', agencyCode: agencyA.code });
  const headB = await makeUser(db, { role: 'KEPALA_INSTANSI', agencyCode: agencyB.code });
  const admin = await makeUser(db, { role: 'ADMIN_DUKCAPIL' });
  const evaluator = await makeUser(db, { role: 'EVALUATOR_DUKCAPIL' });
  const resident = await makeResident(db, { nik: RESIDENT_NIK });
  return {
    agencyA,
    agreementA,
    agencyB,
    agreementB,
    headA,
    operatorA,
    headB,
    admin,
    evaluator,
    resident,
    actors: {
      headA: actingAs(headA, 'KEPALA_INSTANSI', agencyA.id),
      operatorA: actingAs(operatorA, 'OPERATOR', agencyA.id),
      headB: actingAs(headB, 'KEPALA_INSTANSI', agencyB.id),
      admin: actingAs(admin, 'ADMIN_DUKCAPIL', null),
      evaluator: actingAs(evaluator, 'EVALUATOR_DUKCAPIL', null),
    },
  };
}

/**
 * Every place in the database where `secret` occurs: each text, JSON and byte column of
 * every table, as `table.column`. Empty when the secret is nowhere.
 */
export async function whereInDatabase(db: Db, secret: string): Promise<string[]> {
  const columns = await sql<{ table_name: string; column_name: string; data_type: string }>`
    SELECT table_name, column_name, data_type FROM information_schema.columns
    WHERE table_schema = 'public'
      AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea', 'ARRAY')
    ORDER BY table_name, column_name`.execute(db);
  const found: string[] = [];
  for (const { table_name: table, column_name: column, data_type: type } of columns.rows) {
    const target = sql`${sql.id(table)}.${sql.id(column)}`;
    const match =
      type === 'bytea'
        ? sql`position(convert_to(${secret}, 'UTF8') in ${target}) > 0`
        : sql`${target}::text LIKE ${`%${secret}%`}`;
    const hit = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM ${sql.id(table)} WHERE ${match}`.execute(db);
    if (Number(hit.rows[0]?.n ?? 0) > 0) found.push(`${table}.${column}`);
  }
  return found;
}

export interface Answer {
  readonly status: number;
  readonly location: string | null;
  readonly headers: Headers;
  readonly body: Buffer;
  readonly html: string;
}

export interface FormFile {
  readonly field: string;
  readonly name: string;
  readonly content: Buffer;
  readonly type?: string;
}

/**
 * A browser-less portal user for the requests pages: keeps cookies, reads the CSRF token of
 * the page a form is on, posts forms as a browser does (url-encoded, or multipart with
 * files), and reads answers that are files.
 */
export class FormClient {
  private readonly cookies = new Map<string, string>();
  constructor(private readonly baseUrl: string) {}

  private async send(path: string, init: RequestInit = {}): Promise<Answer> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string> | undefined),
        cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name!);
      else this.cookies.set(name!, value);
    }
    const body = Buffer.from(await response.arrayBuffer());
    return {
      status: response.status,
      location: response.headers.get('location'),
      headers: response.headers,
      body,
      html: body.toString('utf8'),
    };
  }

  get(path: string): Promise<Answer> {
    return this.send(path);
  }

  async csrfOf(pagePath: string): Promise<string> {
    const page = await this.get(pagePath);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.html)?.[1];
    if (!token)
      throw new Error(`no CSRF token on ${pagePath} (${page.status} ${page.location ?? ''})`);
    return token;
  }

  /** Posts a url-encoded form; `csrf` from `csrfOf`, or taken from `pagePath`. */
  async post(
    pagePath: string,
    actionPath: string,
    fields: Record<string, string>,
    csrf?: string,
  ): Promise<Answer> {
    const token = csrf ?? (await this.csrfOf(pagePath));
    return this.send(actionPath, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: token, ...fields }).toString(),
    });
  }

  /** Posts a multipart form; a field given an array is sent once per value (checkboxes). */
  async postMultipart(
    pagePath: string,
    actionPath: string,
    fields: Record<string, string | readonly string[]>,
    files: readonly FormFile[] = [],
  ): Promise<Answer> {
    const form = new FormData();
    form.append('_csrf', await this.csrfOf(pagePath));
    for (const [name, value] of Object.entries(fields)) {
      for (const item of typeof value === 'string' ? [value] : value) form.append(name, item);
    }
    for (const file of files) {
      form.append(
        file.field,
        new Blob([file.content], { type: file.type ?? 'application/octet-stream' }),
        file.name,
      );
    }
    return this.send(actionPath, { method: 'POST', body: form });
  }

  async login(userId: string, password: string): Promise<Answer> {
    const answer = await this.post('/masuk', '/masuk', { userId, password });
    if (answer.status !== 303) throw new Error(`login ${userId}: ${answer.status}`);
    return answer;
  }
}
