import { sql } from 'kysely';
import type { AgreementRecord } from '../domain/agreement-record.js';
import type { AgreementStatus } from '../domain/agreement-state.js';
import type { Executor } from './db.js';
import { likePattern, pageWithTotal } from './list-query.js';

/** An agreement's fields, as the domain checked them, for one agency, in a given status. */
export type NewAgreement = AgreementRecord & {
  readonly agencyId: number;
  readonly status: 'DRAFT' | 'AKTIF';
};

function recordColumns(record: AgreementRecord) {
  return {
    nomor_dukcapil: record.nomorDukcapil,
    nomor_instansi: record.nomorInstansi,
    nomor_juknis: record.nomorJuknis,
    signed_on: record.signedOn,
    ends_on: record.endsOn,
    purpose: record.purpose,
    granted_elements: [...record.grantedElements],
    access_methods: [...record.accessMethods],
    // inet[] from text[]: each address or network is checked by PostgreSQL itself.
    access_points: sql<string[]>`${[...record.accessPoints]}::inet[]`,
    bandwidth_kbps: record.bandwidthKbps,
    quota_stage: record.quotaStage,
    first_party_name: record.firstPartyName,
    first_party_head_title: record.firstPartyHeadTitle,
    first_party_head_name: record.firstPartyHeadName,
    second_party_name: record.secondPartyName,
    second_party_head_title: record.secondPartyHeadTitle,
    second_party_head_name: record.secondPartyHeadName,
  };
}

/**
 * The agreement `p` (past its signing) counts as in force on `day`: within its end date, or
 * past it while a timely extension request is open (migration 022; domain/agreement-extension.ts).
 * One condition on the row being read, for every reader that decides access.
 */
export function inForceBy(day: string) {
  return sql<boolean>`(p.ends_on >= ${day}::date OR p.extension_request_id IS NOT NULL)`;
}

export async function insertAgreement(db: Executor, agreement: NewAgreement): Promise<number> {
  const row = await db
    .insertInto('agreement')
    .values({
      agency_id: agreement.agencyId,
      status: agreement.status,
      ...recordColumns(agreement),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Replaces every field of an agreement (a draft being edited). */
export async function updateAgreementRecord(
  db: Executor,
  agreementId: number,
  record: AgreementRecord,
): Promise<void> {
  await db
    .updateTable('agreement')
    .set(recordColumns(record))
    .where('id', '=', agreementId)
    .execute();
}

export async function setAgreementStatus(
  db: Executor,
  agreementId: number,
  status: AgreementStatus,
): Promise<void> {
  await db.updateTable('agreement').set({ status }).where('id', '=', agreementId).execute();
}

/** The columns every reader of an agreement gets; access points as text, not inet. */
function agreementSelection() {
  return [
    'p.id',
    'p.agency_id',
    'p.nomor_dukcapil',
    'p.nomor_instansi',
    'p.nomor_juknis',
    'p.signed_on',
    'p.ends_on',
    'p.purpose',
    'p.granted_elements',
    'p.access_methods',
    // inet's own text form: a host without "/32", a network with its prefix.
    sql<
      string[]
    >`ARRAY(SELECT abbrev(a.v) FROM unnest(p.access_points) WITH ORDINALITY AS a (v, n) ORDER BY a.n)`.as(
      'access_points',
    ),
    'p.bandwidth_kbps',
    'p.quota_stage',
    'p.status',
    'p.created_at',
    'p.first_party_name',
    'p.first_party_head_title',
    'p.first_party_head_name',
    'p.second_party_name',
    'p.second_party_head_title',
    'p.second_party_head_name',
    'p.dg_approval_number',
    'p.dg_approval_date',
    'p.extension_request_id',
    'p.end_ground',
  ] as const;
}

function selectAgreements(db: Executor) {
  return db
    .selectFrom('agreement as p')
    .innerJoin('agency as ag', 'ag.id', 'p.agency_id')
    .select([...agreementSelection(), 'ag.code as agency_code', 'ag.name as agency_name']);
}

export type AgreementRow = NonNullable<Awaited<ReturnType<typeof findAgreementById>>>;

export async function findAgreementById(db: Executor, agreementId: number) {
  return selectAgreements(db).where('p.id', '=', agreementId).executeTakeFirst();
}

/** The agency an agreement belongs to (it never changes: no lock needed to read it). */
export async function findAgreementAgencyId(
  db: Executor,
  agreementId: number,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('agreement')
    .select('agency_id')
    .where('id', '=', agreementId)
    .executeTakeFirst();
  return row?.agency_id;
}

/**
 * The agreement of an agency in force on a WIB day: active and within its dates, or past its
 * end date in its extension period.
 */
export async function findAgreementInForce(db: Executor, agencyId: number, day: string) {
  return db
    .selectFrom('agreement as p')
    .selectAll()
    .where('p.agency_id', '=', agencyId)
    .where('p.status', '=', 'AKTIF')
    .where('p.signed_on', '<=', day)
    .where(inForceBy(day))
    .orderBy('p.ends_on', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The agency's agreement with status AKTIF (at most one), whether or not its end date has passed. */
export async function findActiveAgreementOfAgency(db: Executor, agencyId: number) {
  return db
    .selectFrom('agreement')
    .select(['id', 'nomor_dukcapil', 'ends_on', 'extension_request_id'])
    .where('agency_id', '=', agencyId)
    .where('status', '=', 'AKTIF')
    .executeTakeFirst();
}

/** By the Dukcapil number; a cancelled draft that shared it only when nothing else does. */
export async function findAgreementByNumber(db: Executor, nomorDukcapil: string) {
  return db
    .selectFrom('agreement')
    .selectAll()
    .where('nomor_dukcapil', '=', nomorDukcapil)
    .orderBy(sql`status = 'BATAL'`)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Whether a number is taken by an agreement that is not a cancelled draft (other than `exceptId`). */
export async function agreementNumberTaken(
  db: Executor,
  nomorDukcapil: string,
  exceptId?: number,
): Promise<boolean> {
  let query = db
    .selectFrom('agreement')
    .select('id')
    .where('nomor_dukcapil', '=', nomorDukcapil)
    .where('status', '<>', 'BATAL');
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export interface AgreementFilter {
  readonly agencyId?: number;
  /** The effective status on `today`: an AKTIF agreement past its end date counts as BERAKHIR. */
  readonly status?: AgreementStatus;
  /** Part of a number, or of the agency's code or name. */
  readonly text?: string;
  /** YYYY-MM-DD, WIB */
  readonly today: string;
}

function filtered(db: Executor, filter: AgreementFilter) {
  let query = selectAgreements(db);
  if (filter.agencyId !== undefined) query = query.where('p.agency_id', '=', filter.agencyId);
  const { status, today } = filter;
  if (status === 'AKTIF') {
    query = query.where('p.status', '=', 'AKTIF').where(inForceBy(today));
  } else if (status === 'BERAKHIR') {
    query = query.where((eb) =>
      eb.or([
        eb('p.status', '=', 'BERAKHIR'),
        eb.and([
          eb('p.status', '=', 'AKTIF'),
          eb('p.ends_on', '<', today),
          eb('p.extension_request_id', 'is', null),
        ]),
      ]),
    );
  } else if (status !== undefined) {
    query = query.where('p.status', '=', status);
  }
  if (filter.text) {
    const pattern = likePattern(filter.text);
    query = query.where((eb) =>
      eb.or([
        eb('p.nomor_dukcapil', 'ilike', pattern),
        eb('p.nomor_instansi', 'ilike', pattern),
        eb('ag.code', 'ilike', pattern),
        eb('ag.name', 'ilike', pattern),
      ]),
    );
  }
  return query;
}

export async function listAgreements(
  db: Executor,
  filter: AgreementFilter,
  page: { limit: number; offset: number },
) {
  return pageWithTotal(
    filtered(db, filter).orderBy('p.signed_on', 'desc').orderBy('p.id', 'desc'),
    page,
  );
}

/** Every agreement of one agency, newest first. */
export async function listAgreementsOfAgency(db: Executor, agencyId: number) {
  return selectAgreements(db)
    .where('p.agency_id', '=', agencyId)
    .orderBy('p.signed_on', 'desc')
    .orderBy('p.id', 'desc')
    .execute();
}

/** Opens the extension period: a timely extension request is now pending on the agreement. */
export async function setPendingExtension(
  db: Executor,
  agreementId: number,
  requestId: number | null,
): Promise<void> {
  await db
    .updateTable('agreement')
    .set({ extension_request_id: requestId })
    .where('id', '=', agreementId)
    .execute();
}

/** Closes the agreement's extension period if `requestId` is the request that opened it. */
export async function clearPendingExtension(
  db: Executor,
  agreementId: number,
  requestId: number,
): Promise<boolean> {
  const result = await db
    .updateTable('agreement')
    .set({ extension_request_id: null })
    .where('id', '=', agreementId)
    .where('extension_request_id', '=', requestId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function setEndGround(
  db: Executor,
  agreementId: number,
  ground: string | null,
): Promise<void> {
  await db
    .updateTable('agreement')
    .set({ end_ground: ground })
    .where('id', '=', agreementId)
    .execute();
}

export async function setDgApproval(
  db: Executor,
  agreementId: number,
  letter: { nomor: string; tanggal: string },
): Promise<void> {
  await db
    .updateTable('agreement')
    .set({ dg_approval_number: letter.nomor, dg_approval_date: letter.tanggal })
    .where('id', '=', agreementId)
    .execute();
}

export interface NewForceMajeure {
  readonly agreementId: number;
  readonly occurredOn: string;
  readonly description: string;
  readonly content: Buffer;
  readonly contentType: string;
  readonly sha256: Buffer;
  readonly fileName: string | null;
  readonly recordedBy: number | null;
  readonly recordedAt: Date;
}

export async function insertForceMajeure(db: Executor, record: NewForceMajeure): Promise<void> {
  await db
    .insertInto('agreement_force_majeure')
    .values({
      agreement_id: record.agreementId,
      occurred_on: record.occurredOn,
      description: record.description,
      content: record.content,
      content_type: record.contentType,
      size_bytes: record.content.length,
      sha256: record.sha256,
      file_name: record.fileName,
      recorded_by: record.recordedBy,
      recorded_at: record.recordedAt,
    })
    .execute();
}

/** An agreement's force majeure record, without the scan unless asked. */
export async function findForceMajeure(db: Executor, agreementId: number, withContent = false) {
  return db
    .selectFrom('agreement_force_majeure as f')
    .select([
      'f.agreement_id',
      'f.occurred_on',
      'f.description',
      'f.content_type',
      'f.size_bytes',
      sql<string>`encode(f.sha256, 'hex')`.as('sha256'),
      'f.file_name',
      'f.recorded_at',
      ...(withContent ? (['f.content'] as const) : []),
    ])
    .where('f.agreement_id', '=', agreementId)
    .executeTakeFirst();
}

/**
 * Agreements still recorded in force whose end date has passed without a timely extension
 * request open (domain/agreement-extension.ts `lapsed`): the lapse job's candidates, which it
 * checks again under the agency's lock.
 */
export async function lapsedAgreementIds(db: Executor, today: string): Promise<number[]> {
  const rows = await db
    .selectFrom('agreement')
    .select('id')
    .where('status', '=', 'AKTIF')
    .where('ends_on', '<', today)
    .where('extension_request_id', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}
