import type { Executor } from './db.js';

/** Whether an agreement lets its agency print lookup results (migration 021). */

export async function findPrintPermission(db: Executor, agreementId: number) {
  return db
    .selectFrom('agreement')
    .select(['id', 'agency_id', 'nomor_dukcapil', 'print_allowed'])
    .where('id', '=', agreementId)
    .executeTakeFirst();
}

export async function updatePrintPermission(
  db: Executor,
  agreementId: number,
  allowed: boolean,
): Promise<void> {
  await db
    .updateTable('agreement')
    .set({ print_allowed: allowed })
    .where('id', '=', agreementId)
    .execute();
}
