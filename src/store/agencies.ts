import type { Executor } from './db.js';

export interface NewAgency {
  readonly code: string;
  readonly name: string;
}

export async function insertAgency(db: Executor, agency: NewAgency): Promise<number> {
  const row = await db
    .insertInto('agency')
    .values({ code: agency.code, name: agency.name })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findAgencyByCode(db: Executor, code: string) {
  return db.selectFrom('agency').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function setAgencyStatus(
  db: Executor,
  agencyId: number,
  status: 'AKTIF' | 'NON_AKTIF',
) {
  await db.updateTable('agency').set({ status }).where('id', '=', agencyId).execute();
}

export async function countAgencies(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('agency')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
