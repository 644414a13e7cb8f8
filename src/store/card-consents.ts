import type { Executor } from './db.js';

/** SQL of residents' consents to keeping data read from their KTP-el (migration 020). */

export async function insertConsent(
  db: Executor,
  c: {
    agencyId: number;
    readerId: number;
    nik: string;
    officerId: number;
    at: Date;
    elements: readonly string[];
    purpose: string;
  },
): Promise<number> {
  const row = await db
    .insertInto('card_consent')
    .values({
      agency_id: c.agencyId,
      card_reader_id: c.readerId,
      nik: c.nik,
      officer_id: c.officerId,
      given_at: c.at,
      elements: [...c.elements],
      purpose: c.purpose,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

function consents(db: Executor) {
  return db
    .selectFrom('card_consent as c')
    .innerJoin('card_reader as r', 'r.id', 'c.card_reader_id')
    .innerJoin('agency as ag', 'ag.id', 'c.agency_id')
    .innerJoin('app_user as o', 'o.id', 'c.officer_id')
    .leftJoin('app_user as w', 'w.id', 'c.withdrawn_by')
    .select([
      'c.id',
      'c.agency_id',
      'c.card_reader_id',
      'c.nik',
      'c.given_at',
      'c.elements',
      'c.purpose',
      'c.withdrawn_at',
      'c.withdraw_reason',
      'r.serial',
      'r.sam_number',
      'ag.code as agency_code',
      'ag.name as agency_name',
      'o.user_id as officer',
      'o.display_name as officer_name',
      'w.user_id as withdrawn_by',
    ]);
}

export type ConsentRow = Awaited<ReturnType<typeof findConsent>> & object;

export async function findConsent(db: Executor, id: number) {
  return consents(db).where('c.id', '=', id).executeTakeFirst();
}

export async function listConsents(db: Executor, agencyId: number) {
  return consents(db).where('c.agency_id', '=', agencyId).orderBy('c.id', 'desc').execute();
}

export async function withdrawConsent(
  db: Executor,
  id: number,
  w: { at: Date; by: number; reason: string },
): Promise<boolean> {
  const result = await db
    .updateTable('card_consent')
    .set({ withdrawn_at: w.at, withdrawn_by: w.by, withdraw_reason: w.reason })
    .where('id', '=', id)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
