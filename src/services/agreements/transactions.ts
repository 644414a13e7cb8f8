import type { Executor } from '../../store/db.js';
import { Refusal } from '../errors.js';

/** The transactions of agencies' and agreements' changes, shared by their use cases. */

/**
 * A unique index refusing a row another transaction wrote meanwhile (the same agreement
 * number for two agencies at once): the same refusal the check before it gives.
 */
export async function refusingDuplicate<T>(work: Promise<T>, message: string): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if ((error as { code?: unknown }).code === '23505')
      throw new Refusal('PERMINTAAN_TIDAK_VALID', message);
    throw error;
  }
}

/** Runs `work` in the caller's transaction when there is one (a request decision), else in its own. */
export async function inTransaction<T>(
  db: Executor,
  work: (tx: Executor) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) return work(db);
  return db.transaction().execute(work);
}
