import { wibDay, wibDayStart } from '../../domain/time.js';
import { addDays } from '../../domain/working-days.js';
import {
  firstLookupAt,
  lockSummaryState,
  nextRowAt,
  summarizeRange,
} from '../../store/daily-summary.js';
import type { Deps } from '../deps.js';

/*
 * Keeps the daily summaries of the audit trail (docs/REPORTS.md) up to the last closed WIB
 * day, off the lookup's hot path: the server runs it every few minutes and the report's
 * drafting needs nothing of it to be right (what is not summarised is read from audit_log).
 * A day is closed once it ended more than CLOSE_MARGIN_MS ago, so that a lookup committed a
 * moment after midnight with a time before it is still counted in its day (the sealer allows
 * the same ten minutes, services/audit-seal/verify.ts LATE_MARGIN_MS).
 */

export const CLOSE_MARGIN_MS = 10 * 60_000;

export interface SummaryRun {
  /** WIB days added. */
  readonly days: number;
  readonly summarizedUntil: Date | null;
}

/**
 * Summarises closed days, one transaction per day, at most `maxDays` in a run (a first run
 * over a long trail is spread over several). Days without rows are skipped in one step.
 */
export async function summarizeClosedDays(
  deps: Pick<Deps, 'db' | 'clock'>,
  maxDays = 31,
): Promise<SummaryRun> {
  const now = deps.clock();
  const lastClosed = addDays(wibDay(new Date(now.getTime() - CLOSE_MARGIN_MS)), -1);
  const closedUntil = wibDayStart(addDays(lastClosed, 1));
  let days = 0;
  let until: Date | null = null;
  for (;;) {
    const step = await deps.db.transaction().execute(async (tx) => {
      const current = await lockSummaryState(tx);
      let start = current;
      if (start === null) {
        const first = await firstLookupAt(tx);
        start = first ? wibDayStart(wibDay(first)) : closedUntil;
      } else {
        // skip a stretch with no rows at all in one step
        const next = await nextRowAt(tx, start);
        const nextDay = next ? wibDayStart(wibDay(next)) : closedUntil;
        if (nextDay > start) start = nextDay < closedUntil ? nextDay : closedUntil;
      }
      if (start >= closedUntil) {
        if (current === null || current < closedUntil) {
          await summarizeRange(tx, closedUntil, closedUntil, now);
        }
        return { done: true, until: closedUntil };
      }
      const end = wibDayStart(addDays(wibDay(start), 1));
      await summarizeRange(tx, current ?? start, end, now);
      return { done: false, until: end };
    });
    until = step.until;
    if (step.done) break;
    days++;
    if (days >= maxDays) break;
  }
  return { days, summarizedUntil: until };
}

export interface SummaryTimer {
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

/**
 * The summariser inside the server: soon after start, then every `everyMs` (default ten
 * minutes), never two runs at once in a process (and the state row's lock keeps processes
 * apart). A first run over a long trail goes a month at a time per run.
 */
export function startSummaryTimer(
  deps: Pick<Deps, 'db' | 'clock'>,
  log: { error(message: string): void },
  options: { everyMs?: number; firstAfterMs?: number } = {},
): SummaryTimer {
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (stopped || running) return;
    running = summarizeClosedDays(deps)
      .then(() => undefined)
      .catch((error: unknown) => {
        log.error(
          `Ringkasan harian jejak audit gagal (${error instanceof Error ? error.name : 'Error'}); dicoba lagi pada putaran berikutnya`,
        );
      })
      .finally(() => {
        running = undefined;
      });
  };
  const first = setTimeout(tick, options.firstAfterMs ?? 20_000);
  const every = setInterval(tick, options.everyMs ?? 10 * 60_000);
  first.unref();
  every.unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(every);
      await running;
    },
  };
}
