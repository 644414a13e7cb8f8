import { sql } from 'kysely';
import type { Executor } from './db.js';

/** SQL of the card readers, their SAM returns and residents' consents (migration 020). */

export interface NewCardReader {
  readonly agencyId: number;
  readonly serial: string;
  readonly make: string;
  readonly location: string;
  readonly operatorId: number;
  readonly samNumber: string;
  readonly at: Date;
  readonly registeredBy: number | null;
}

export async function insertCardReader(db: Executor, r: NewCardReader): Promise<number> {
  const row = await db
    .insertInto('card_reader')
    .values({
      agency_id: r.agencyId,
      serial: r.serial,
      make: r.make,
      location: r.location,
      operator_id: r.operatorId,
      sam_number: r.samNumber,
      state: 'TERDAFTAR',
      state_since: r.at,
      registered_at: r.at,
      registered_by: r.registeredBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const readerColumns = [
  'r.id',
  'r.agency_id',
  'r.serial',
  'r.make',
  'r.location',
  'r.operator_id',
  'r.sam_number',
  'r.state',
  'r.state_since',
  'r.sifilma_ref',
  'r.sifilma_on',
  'r.personalised_ref',
  'r.personalised_on',
  'r.activation_ref',
  'r.activated_on',
  'r.registered_at',
  'ag.code as agency_code',
  'ag.name as agency_name',
  'u.user_id as operator_user_id',
  'u.display_name as operator_name',
] as const;

function readers(db: Executor) {
  return db
    .selectFrom('card_reader as r')
    .innerJoin('agency as ag', 'ag.id', 'r.agency_id')
    .innerJoin('app_user as u', 'u.id', 'r.operator_id')
    .select(readerColumns)
    .select((eb) => eb('r.credential_hash', 'is not', null).as('has_credential'));
}

export type CardReaderRow = Awaited<ReturnType<typeof findCardReader>> & object;

export async function findCardReader(db: Executor, id: number) {
  return readers(db).where('r.id', '=', id).executeTakeFirst();
}

/** Locks the reader's row for a state change (one change at a time per reader). */
export async function lockCardReader(db: Executor, id: number) {
  const locked = await db
    .selectFrom('card_reader')
    .select('id')
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return locked ? findCardReader(db, id) : undefined;
}

export async function listCardReaders(db: Executor, agencyId?: number) {
  let query = readers(db).orderBy('ag.code').orderBy('r.id');
  if (agencyId !== undefined) query = query.where('r.agency_id', '=', agencyId);
  return query.execute();
}

export interface ReaderStateChange {
  readonly state: string;
  readonly at: Date;
  readonly sifilma?: { ref: string; on: string };
  readonly personalised?: { ref: string; on: string };
  readonly activation?: { ref: string; on: string };
  readonly clearCredential?: boolean;
}

export async function setCardReaderState(
  db: Executor,
  id: number,
  change: ReaderStateChange,
): Promise<void> {
  await db
    .updateTable('card_reader')
    .set({
      state: change.state,
      state_since: change.at,
      ...(change.sifilma ? { sifilma_ref: change.sifilma.ref, sifilma_on: change.sifilma.on } : {}),
      ...(change.personalised
        ? { personalised_ref: change.personalised.ref, personalised_on: change.personalised.on }
        : {}),
      ...(change.activation
        ? { activation_ref: change.activation.ref, activated_on: change.activation.on }
        : {}),
      ...(change.clearCredential ? { credential_hash: null } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function setCardReaderCredential(
  db: Executor,
  id: number,
  hash: Buffer,
): Promise<void> {
  await db.updateTable('card_reader').set({ credential_hash: hash }).where('id', '=', id).execute();
}

export interface ReaderEvent {
  readonly readerId: number;
  readonly at: Date;
  readonly actorId: number | null;
  readonly action: string;
  readonly before: string | null;
  readonly after: string;
  readonly reference?: string | null;
  readonly onDate?: string | null;
  readonly reason?: string | null;
}

export async function insertCardReaderEvent(db: Executor, e: ReaderEvent): Promise<void> {
  await db
    .insertInto('card_reader_event')
    .values({
      card_reader_id: e.readerId,
      at: e.at,
      actor_id: e.actorId,
      action: e.action,
      state_before: e.before,
      state_after: e.after,
      reference: e.reference ?? null,
      on_date: e.onDate ?? null,
      reason: e.reason ?? null,
    })
    .execute();
}

export async function listCardReaderEvents(db: Executor, readerId: number) {
  return listEventsOfReaders(db, [readerId]);
}

/** The histories of several readers at once, oldest first (a page's readers). */
export async function listEventsOfReaders(db: Executor, readerIds: readonly number[]) {
  if (readerIds.length === 0) return [];
  return db
    .selectFrom('card_reader_event as e')
    .leftJoin('app_user as u', 'u.id', 'e.actor_id')
    .select([
      'e.id',
      'e.at',
      'e.action',
      'e.state_before',
      'e.state_after',
      'e.reference',
      'e.on_date',
      'e.reason',
      'e.card_reader_id',
      'u.user_id as actor',
    ])
    .where('e.card_reader_id', 'in', [...readerIds])
    .orderBy('e.id')
    .execute();
}

/** The agency's readers that hold a SAM, locked: what an agreement's end suspends. */
export async function lockReadersHoldingSam(db: Executor, agencyId: number) {
  return db
    .selectFrom('card_reader')
    .select(['id', 'state', 'serial', 'sam_number'])
    .where('agency_id', '=', agencyId)
    .where('state', 'in', ['DIPERSONALISASI', 'AKTIF', 'DITANGGUHKAN'])
    .orderBy('id')
    .forUpdate()
    .execute();
}

// Returns of SAMs.

export async function insertReaderReturn(
  db: Executor,
  r: {
    readerId: number;
    agencyId: number;
    agreementId: number | null;
    at: Date;
    reason: string;
  },
): Promise<void> {
  await db
    .insertInto('card_reader_return')
    .values({
      card_reader_id: r.readerId,
      agency_id: r.agencyId,
      agreement_id: r.agreementId,
      created_at: r.at,
      reason: r.reason,
    })
    .onConflict((oc) => oc.column('card_reader_id').where('received_on', 'is', null).doNothing())
    .execute();
}

function returns(db: Executor) {
  return db
    .selectFrom('card_reader_return as t')
    .innerJoin('card_reader as r', 'r.id', 't.card_reader_id')
    .innerJoin('agency as ag', 'ag.id', 't.agency_id')
    .leftJoin('agreement as p', 'p.id', 't.agreement_id')
    .leftJoin('app_user as u', 'u.id', 't.received_by')
    .select([
      't.id',
      't.card_reader_id',
      't.agency_id',
      't.agreement_id',
      't.created_at',
      't.reason',
      't.sam_pulled_on',
      't.bast_number',
      't.bast_on',
      't.sent_on',
      't.received_on',
      't.receipt_note',
      'u.user_id as received_by',
      'r.serial',
      'r.make',
      'r.location',
      'r.sam_number',
      'r.state',
      'r.activation_ref',
      'r.activated_on',
      'ag.code as agency_code',
      'ag.name as agency_name',
      'p.nomor_dukcapil',
      'p.nomor_instansi',
    ]);
}

export type ReaderReturnRow = Awaited<ReturnType<typeof findReaderReturn>> & object;

export async function findReaderReturn(db: Executor, id: number) {
  return returns(db).where('t.id', '=', id).executeTakeFirst();
}

export async function findOpenReturnOfReader(db: Executor, readerId: number) {
  return returns(db)
    .where('t.card_reader_id', '=', readerId)
    .where('t.received_on', 'is', null)
    .executeTakeFirst();
}

export async function listReaderReturns(db: Executor, agencyId?: number) {
  let query = returns(db).orderBy('t.id', 'desc');
  if (agencyId !== undefined) query = query.where('t.agency_id', '=', agencyId);
  return query.execute();
}

export async function updateReaderReturn(
  db: Executor,
  id: number,
  set: {
    sam_pulled_on?: string;
    bast_number?: string;
    bast_on?: string;
    sent_on?: string;
    received_on?: string;
    received_by?: number | null;
    receipt_note?: string | null;
  },
): Promise<void> {
  await db.updateTable('card_reader_return').set(set).where('id', '=', id).execute();
}

/** How many SAM-return BASTs the agency has numbered in `year` (for the next number). */
export async function countReturnBasts(
  db: Executor,
  agencyId: number,
  year: string,
): Promise<number> {
  const row = await db
    .selectFrom('card_reader_return')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('agency_id', '=', agencyId)
    .where('bast_number', 'is not', null)
    .where(sql<boolean>`extract(year from bast_on) = ${Number(year)}`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** An agency user by user ID (the operator a reader is assigned to, or a read names). */
export async function findAgencyUser(db: Executor, agencyId: number, userId: string) {
  return db
    .selectFrom('app_user')
    .select(['id', 'user_id', 'role', 'status'])
    .where('agency_id', '=', agencyId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** The agency's active operators, who may be made responsible for a reader. */
export async function listAgencyOperators(db: Executor, agencyId: number) {
  return db
    .selectFrom('app_user')
    .select(['user_id', 'display_name'])
    .where('agency_id', '=', agencyId)
    .where('role', '=', 'OPERATOR')
    .where('status', '<>', 'NON_AKTIF')
    .orderBy('user_id')
    .execute();
}

/** The open returns an agreement's end opened, oldest first (the head's e-mail lists them). */
export async function listOpenReturnsOfAgreement(db: Executor, agreementId: number) {
  return returns(db)
    .where('t.agreement_id', '=', agreementId)
    .where('t.received_on', 'is', null)
    .orderBy('t.id')
    .execute();
}

/**
 * The ended (or revoked) agreement of an agency whose SAMs are not all back — a return it
 * opened still without Dukcapil's receipt — and whether `clientIp` is one of its access
 * points; undefined when there is none. What the head's post-end sign-in rests on.
 */
export async function endedAgreementWithOpenReturns(
  db: Executor,
  agencyId: number,
  clientIp: string,
): Promise<{ id: number; nomorDukcapil: string; addressAllowed: boolean } | undefined> {
  const result = await sql<{ id: number; nomor_dukcapil: string; address_allowed: boolean }>`
    SELECT p.id, p.nomor_dukcapil, ${clientIp}::inet <<= ANY (p.access_points) AS address_allowed
    FROM agreement p
    WHERE p.agency_id = ${agencyId}::int AND p.status IN ('BERAKHIR', 'DICABUT')
      AND EXISTS (SELECT 1 FROM card_reader_return t
                  WHERE t.agreement_id = p.id AND t.received_on IS NULL)
    ORDER BY p.id DESC
    LIMIT 1`.execute(db);
  const row = result.rows[0];
  return row
    ? { id: row.id, nomorDukcapil: row.nomor_dukcapil, addressAllowed: row.address_allowed }
    : undefined;
}

// The head's e-mail of the SAM-return tasks (migration 025): an outbox.

/** Owes the head the e-mail of the tasks an agreement's end opened (once per agreement). */
export async function queueReturnNotice(
  db: Executor,
  notice: { agreementId: number; agencyId: number; at: Date },
): Promise<void> {
  await db
    .insertInto('reader_return_notice')
    .values({
      agreement_id: notice.agreementId,
      agency_id: notice.agencyId,
      created_at: notice.at,
    })
    .onConflict((oc) => oc.column('agreement_id').doNothing())
    .execute();
}

/**
 * Claims up to `limit` notices not yet mailed by marking them mailed now: another server
 * process skips them (SKIP LOCKED) and a restart never sends them again. Sending that fails
 * gives them back (releaseReturnNotice).
 */
export async function claimReturnNotices(db: Executor, now: Date, limit: number) {
  const result = await sql<{ agreement_id: number; agency_id: number }>`
    UPDATE reader_return_notice SET mailed_at = ${now}::timestamptz
    WHERE agreement_id IN (
      SELECT agreement_id FROM reader_return_notice WHERE mailed_at IS NULL
      ORDER BY created_at, agreement_id LIMIT ${limit}::int FOR UPDATE SKIP LOCKED)
    RETURNING agreement_id, agency_id`.execute(db);
  return result.rows.map((r) => ({ agreementId: r.agreement_id, agencyId: r.agency_id }));
}

export async function releaseReturnNotice(db: Executor, agreementId: number): Promise<void> {
  await db
    .updateTable('reader_return_notice')
    .set({ mailed_at: null })
    .where('agreement_id', '=', agreementId)
    .execute();
}
