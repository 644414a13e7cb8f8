import type { Executor } from './db.js';

/**
 * A secret the server generated for itself, created on first use. Every process asks for it
 * the same way; the first insert wins and everyone reads the winner.
 */
export async function serverSecret(db: Executor, name: string, fresh: Buffer): Promise<Buffer> {
  await db
    .insertInto('server_secret')
    .values({ name, value: fresh })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db
    .selectFrom('server_secret')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.value;
}
