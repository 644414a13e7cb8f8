/**
 * One statement run once per parameter list, in order, in one transaction and (on PostgreSQL)
 * one message: the lookups that arrive together (store/lookup.ts runLookups). The text is
 * marked so that the connection (store/db.ts, store/pglite-pool.ts) recognises it; the
 * parameters are then a list of parameter lists, and the answer is the first row of each run.
 */
const BATCH_MARK = '/* batch */\n';

export const batchOf = (text: string): string => BATCH_MARK + text;

/** The statement of a batch's text, or undefined when the text is not a batch. */
export function batchStatement(text: unknown): string | undefined {
  return typeof text === 'string' && text.startsWith(BATCH_MARK)
    ? text.slice(BATCH_MARK.length)
    : undefined;
}
