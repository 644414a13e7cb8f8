import type { SelectQueryBuilder } from 'kysely';

/*
 * What the console's and the API's filtered, paged lists share: a search text matched
 * anywhere in a column, and one page of rows with the count of all that match.
 */

/** An ILIKE pattern matching `text` anywhere, its wildcards taken literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * One page of `query` (already ordered) and how many rows it has in all, read at once. The
 * count drops the ordering and the selection, which a bare count(*) cannot carry.
 */
export async function pageWithTotal<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  page: { limit: number; offset: number },
): Promise<{ rows: O[]; total: number }> {
  const [rows, total] = await Promise.all([
    query.limit(page.limit).offset(page.offset).execute(),
    query
      .clearOrderBy()
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  // The selection's type is lost to the generic query: it holds the one count column.
  return { rows, total: Number((total as unknown as { n: number | string }).n) };
}
