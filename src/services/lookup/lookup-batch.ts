import {
  runLookup,
  runLookups,
  type LookupStatementInput,
  type LookupStatementRow,
} from '../../store/lookup.js';
import type { Db } from '../../store/db.js';
import type { LookupBatchSettings } from '../../domain/lookup-batch.js';

/**
 * Lookups that arrive together run together (issue 13): one statement text per lookup, sent
 * as one message and committed as one transaction (store/lookup.ts runLookups), instead of a
 * round trip and a commit each. Nothing is answered before its batch has committed, and the
 * lookups of a batch run in their order of arrival, each seeing the ones before it, so every
 * lookup gets the quota decision, audit row and answer it would get alone; the quota rows are
 * locked and updated exactly as by a single lookup, so the count stays exact across
 * processes.
 *
 * Batches form by themselves: a lookup goes out at once while fewer than `flights` batches are
 * running, so a quiet server adds no wait; under load the lookups that arrive while all
 * flights are busy go out together in the next one (at most `size`).
 *
 * A batch runs its lookups grouped by agency, in ascending agency id, each agency's in order of
 * arrival. Lookups of different agencies share no row (the quota), so nothing an answer
 * depends on changes; but two batches then take the rows they share in the same order and
 * cannot deadlock on them (each lookup locks its agency's quota row before its user's row:
 * store/lookup.ts). The agency of a caller is learnt from its previous answers; a caller not
 * yet seen goes last, in arrival order.
 */
export interface LookupBatcher {
  run(input: LookupStatementInput): Promise<LookupStatementRow>;
}

interface Waiting {
  readonly input: LookupStatementInput;
  readonly caller: string;
  resolve(row: LookupStatementRow): void;
  reject(error: unknown): void;
}

/**
 * An error PostgreSQL answered (it has a SQLSTATE): the batch's transaction was rolled back,
 * so its lookups can safely run again one by one. Any other error (a lost connection) may
 * have come after the commit: those lookups fail as a single lookup would, never run twice.
 */
const rolledBack = (error: unknown) =>
  typeof error === 'object' &&
  error !== null &&
  typeof (error as { code?: unknown }).code === 'string' &&
  /^[0-9A-Z]{5}$/.test((error as { code: string }).code);

/** The credential a lookup comes with (session, application token or card reader), as a key. */
function callerOf(input: LookupStatementInput): string {
  const credential =
    input.tokenHash ?? input.application?.tokenHash ?? input.cardReader?.credentialHash;
  return credential ? credential.toString('base64') : '';
}

/** Callers whose agency is remembered at most; beyond, the memory starts again (a bound). */
const REMEMBERED_CALLERS = 50_000;

export function createLookupBatcher(db: Db, settings: LookupBatchSettings): LookupBatcher {
  if (settings.size <= 1) return { run: (input) => runLookup(db, input) };
  const queue: Waiting[] = [];
  const agencyOf = new Map<string, number>();
  let running = 0;

  const learn = (waiting: Waiting, row: LookupStatementRow) => {
    if (row.agency_id === null || waiting.caller === '') return;
    if (agencyOf.size >= REMEMBERED_CALLERS) agencyOf.clear();
    agencyOf.set(waiting.caller, row.agency_id);
  };
  const answer = (waiting: Waiting, row: LookupStatementRow) => {
    learn(waiting, row);
    waiting.resolve(row);
  };
  /** An unknown caller's place: after every agency. */
  const orderOf = (waiting: Waiting) => agencyOf.get(waiting.caller) ?? Number.MAX_SAFE_INTEGER;
  /** Agency order, arrival order within an agency (Array.prototype.sort is stable). */
  const inAgencyOrder = (batch: Waiting[]) => batch.sort((a, b) => orderOf(a) - orderOf(b));

  const alone = (waiting: Waiting) =>
    runLookup(db, waiting.input).then(
      (row) => answer(waiting, row),
      (error: unknown) => waiting.reject(error),
    );

  const send = async (batch: Waiting[]) => {
    if (batch.length === 1) return alone(batch[0]!);
    let rows: LookupStatementRow[];
    try {
      rows = await runLookups(
        db,
        batch.map((waiting) => waiting.input),
      );
    } catch (error) {
      // One lookup's error (or a deadlock between two batches) rolled the whole batch back.
      if (rolledBack(error)) {
        for (const waiting of batch) await alone(waiting);
      } else {
        for (const waiting of batch) waiting.reject(error);
      }
      return;
    }
    batch.forEach((waiting, i) => answer(waiting, rows[i]!));
  };

  const pump = () => {
    while (queue.length > 0 && running < settings.flights) {
      const batch = inAgencyOrder(queue.splice(0, settings.size));
      running++;
      void send(batch).finally(() => {
        running--;
        pump();
      });
    }
  };

  return {
    run(input) {
      return new Promise<LookupStatementRow>((resolve, reject) => {
        queue.push({ input, caller: callerOf(input), resolve, reject });
        pump();
      });
    },
  };
}
