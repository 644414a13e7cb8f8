import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { AgreementTerms } from '../src/domain/agreement.js';
import { ELEMENTS } from '../src/domain/elements.js';
import { requiredDocuments } from '../src/domain/documents.js';
import type { Resident } from '../src/domain/resident.js';
import type { Role } from '../src/domain/users.js';
import { createAgency, createAgreement } from '../src/services/administration/agreements.js';
import { createUser } from '../src/services/administration/users.js';
import type { Db, Executor } from '../src/store/db.js';
import type { Insertable } from 'kysely';
import type { AuditLogTable } from '../src/store/schema.js';
import { insertUserDocument } from '../src/store/documents.js';
import { insertResident } from '../src/store/residents.js';

/** Builders of test records with sensible defaults; a test states only what it is about. */

export const TEST_PASSWORD = 'kata-sandi-uji-123';

let sequence = 0;
const next = () => ++sequence;

/**
 * When the factories' agencies and agreements are recorded: the wall clock, as the tests
 * were written against (the services take the time from their caller, never by default).
 */
const recordedAt = () => new Date();

export async function makeAgency(db: Db, overrides: { code?: string; name?: string } = {}) {
  const code = overrides.code ?? `UJI${next()}`;
  const id = await createAgency(
    db,
    { code, name: overrides.name ?? `Instansi Uji ${code}` },
    recordedAt(),
  );
  return { id, code };
}

/**
 * An agreement in force. One that grants the API comes, unless `application: false`, with a
 * registered application that passed its PoC at each of its access points (migration 026:
 * the API answers only through such an application), so that tests of other matters can call
 * the API as before; tests of applications ask for none and build their own.
 */
export async function makeAgreement(
  db: Db,
  agencyCode: string,
  overrides: Partial<AgreementTerms> = {},
  options: { application?: boolean } = {},
) {
  const n = next();
  const terms: AgreementTerms = {
    nomorDukcapil: `400.12/${9000 + n}/2025`,
    nomorInstansi: `470/${n}/2025`,
    nomorJuknis: null,
    signedOn: '2025-09-16',
    endsOn: '2027-09-16',
    purpose: 'Verifikasi dan validasi data pemohon layanan',
    grantedElements: [...ELEMENTS],
    accessMethods: ['PORTAL', 'API'],
    accessPoints: ['127.0.0.1', '::1'],
    quotaStage: 'PRA_POC',
    ...overrides,
  };
  const id = await createAgreement(db, { ...terms, agencyCode }, recordedAt());
  // Tests run at any hour on the real clock: the agreement serves around the clock unless a
  // test sets its hours (the input-pattern policy would otherwise see every night run as
  // lookups outside service hours).
  await db
    .updateTable('agreement')
    .set({ service_start: null, service_end: null, service_days: [1, 2, 3, 4, 5, 6, 7] })
    .where('id', '=', id)
    .execute();
  if (terms.accessMethods.includes('API') && options.application !== false) {
    const agency = await db
      .selectFrom('agency')
      .select('id')
      .where('code', '=', agencyCode)
      .executeTakeFirstOrThrow();
    for (const accessPoint of terms.accessPoints) {
      await makeApplication(db, agency.id, {
        accessPoint,
        name: `Aplikasi Uji ${n} ${accessPoint}`,
      });
    }
  }
  return { id, ...terms };
}

/**
 * A registered application of the agency (migration 026), by default one whose PoC passed, at
 * the test's loopback address: as a fixture, without the PoC request flow (whose own tests go
 * through it).
 */
export async function makeApplication(
  db: Db,
  agencyId: number,
  overrides: { name?: string; accessPoint?: string; state?: 'TERDAFTAR' | 'LULUS_POC' } = {},
) {
  const row = await db
    .insertInto('application')
    .values({
      agency_id: agencyId,
      name: overrides.name ?? `Aplikasi Uji ${next()}`,
      purpose: 'Aplikasi uji yang memanggil web service Gerbang',
      technical_contact: 'Tim TI instansi, 0281-000000',
      access_point: overrides.accessPoint ?? '127.0.0.1',
      state: overrides.state ?? 'LULUS_POC',
      poc_result: (overrides.state ?? 'LULUS_POC') === 'LULUS_POC' ? 'LULUS' : null,
      registered_at: recordedAt(),
      registered_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A minimal PDF: what a scanned NDA / SPTJM looks like to the content check. */
export const TINY_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);

/**
 * A user who can work at once, as tests of other matters need: the document their role must
 * have signed is recorded (NDA / SPTJM), no forced password change, and no TOTP enrolment
 * demanded even of a Dukcapil admin. Tests of those duties ask for them:
 * `documents: false`, `mustChangePassword: true`, `totpRequired: true`.
 */
export async function makeUser(
  db: Db,
  overrides: {
    userId?: string;
    role?: string;
    agencyCode?: string;
    password?: string;
    documents?: boolean;
    mustChangePassword?: boolean;
    totpRequired?: boolean;
  } = {},
) {
  const userId = overrides.userId ?? `pengguna.${next()}`;
  const role = overrides.role ?? 'OPERATOR';
  const id = await createUser(db, {
    userId,
    displayName: `Pengguna Uji ${userId}`,
    role,
    agencyCode: overrides.agencyCode,
    password: overrides.password ?? TEST_PASSWORD,
    mustChangePassword: overrides.mustChangePassword ?? false,
  });
  await db
    .updateTable('app_user')
    .set({ totp_required: overrides.totpRequired ?? false })
    .where('id', '=', id)
    .execute();
  for (const kind of overrides.documents === false ? [] : requiredDocuments(role as Role)) {
    const user = await db
      .selectFrom('app_user')
      .select('agency_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    await insertUserDocument(db, {
      userId: id,
      agencyId: user.agency_id!,
      kind,
      signedOn: '2025-09-16',
      content: TINY_PDF,
      contentType: 'application/pdf',
      sha256: crypto.createHash('sha256').update(TINY_PDF).digest(),
      fileName: `${kind.toLowerCase()}.pdf`,
      uploadedBy: null,
      uploadedAt: new Date('2025-09-16T03:00:00Z'),
    });
  }
  return { id, userId, password: overrides.password ?? TEST_PASSWORD };
}

export function residentRecord(overrides: Partial<Resident> = {}): Resident {
  return {
    nik: '3303054703900002',
    namaLengkap: 'SRI WAHYUNINGSIH',
    jenisKelamin: 'PEREMPUAN',
    tempatLahir: 'PURBALINGGA',
    tanggalLahir: '1990-03-07',
    statusPerkawinan: 'KAWIN',
    jenisPekerjaan: 'GURU',
    alamat: 'JL. JENDERAL SUDIRMAN NO. 12',
    kodeDesa: '3303051001',
    rt: '003',
    rw: '002',
    status: 'AKTIF',
    ...overrides,
  };
}

export async function makeResident(db: Db, overrides: Partial<Resident> = {}): Promise<Resident> {
  const r = residentRecord(overrides);
  await insertResident(db, r);
  return r;
}

/** An audit record written directly (no lookup behind it), for tests of the trail itself. */
export async function makeAuditRow(
  db: Executor,
  overrides: Partial<Insertable<AuditLogTable>> = {},
): Promise<number> {
  const row = await db
    .insertInto('audit_log')
    .values({
      at: new Date(),
      action: 'LOOKUP',
      channel: 'API',
      user_id: null,
      agency_id: null,
      client_ip: '10.10.0.1',
      nik: '3303050101900001',
      purpose: 'Uji jejak audit',
      response_code: 'DITEMUKAN',
      ...overrides,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Audit records of a user, oldest first. */
export async function auditOf(db: Db, userId: string) {
  const result = await sql<{
    action: string;
    channel: string;
    nik: string | null;
    purpose: string | null;
    response_code: string;
    client_ip: string | null;
  }>`
    SELECT a.action, a.channel, a.nik, a.purpose, a.response_code, host(a.client_ip) AS client_ip
    FROM audit_log a JOIN app_user u ON u.id = a.user_id
    WHERE u.user_id = ${userId} ORDER BY a.id`.execute(db);
  return result.rows;
}
