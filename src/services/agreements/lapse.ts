import { lapsed } from '../../domain/agreement-extension.js';
import type { AgreementStatus } from '../../domain/agreement-state.js';
import { wibDay } from '../../domain/time.js';
import { lapsedAgreementIds, setAgreementStatus, setEndGround } from '../../store/agreements.js';
import type { Deps } from '../deps.js';
import { startMailTimer, type MailJob, type MailLog, type MailTimer } from '../mail/outbox.js';
import { endCascade, lockedAgreement, record } from './agreement-lifecycle.js';
import { inTransaction } from './transactions.js';

/**
 * The end of an agreement whose end date merely passes (SPEC §4/§5, issue 12): nobody records
 * it, and no timely extension request keeps it in its extension period. Access already stops
 * on the day after the end date (every "in force" check compares the day); this records the
 * end — status BERAKHIR, ground MASA_BERLAKU, history and admin trail "Masa berlaku berakhir",
 * no actor — with the cascade of every end (endCascade): sessions and tokens ended, card
 * readers suspended, SAM-return tasks opened and the head's e-mail owed.
 *
 * Run by the server every hour (startLapseTimer) and by `gerbang agreement lapse` (cron).
 * Safe with several server processes on one database: one transaction per agreement under the
 * agency's row lock, with the condition checked again under it, so that a second run — or a
 * second process that waited for the lock — finds the agreement ended and does nothing. A
 * refused extension after the end date is ended when the refusal is recorded
 * (extension-period.ts closeRefusedExtension), with the same cascade.
 */

export interface LapsedAgreement {
  readonly agreementId: number;
  readonly nomorDukcapil: string;
  readonly endsOn: string;
  readonly revokedSessions: number;
  readonly suspendedReaders: number;
}

/** The agreements this run recorded as ended; empty when there was nothing to do. */
export async function lapseAgreements(
  deps: Pick<Deps, 'db' | 'clock'>,
): Promise<LapsedAgreement[]> {
  const now = deps.clock();
  const today = wibDay(now);
  const done: LapsedAgreement[] = [];
  for (const id of await lapsedAgreementIds(deps.db, today)) {
    const ended = await inTransaction(deps.db, async (tx) => {
      const { agency, row } = await lockedAgreement(tx, id);
      const state = {
        status: row.status as AgreementStatus,
        endsOn: row.ends_on,
        extensionPending: row.extension_request_id !== null,
      };
      // Ended, extended or put in its extension period since the list was read.
      if (!lapsed(state, today)) return undefined;
      await setAgreementStatus(tx, id, 'BERAKHIR');
      await setEndGround(tx, id, 'MASA_BERLAKU');
      const cascade = await endCascade(tx, {
        agencyId: agency.id,
        agreementId: id,
        nomorDukcapil: row.nomor_dukcapil,
        at: now,
        how: 'BERAKHIR',
      });
      await record(tx, { id: null }, now, {
        agreementId: id,
        agencyId: agency.id,
        nomorDukcapil: row.nomor_dukcapil,
        kind: 'BERAKHIR',
        action: 'PKS_BERAKHIR',
        reason: `Masa berlaku berakhir pada ${row.ends_on} tanpa permohonan perpanjangan yang tepat waktu`,
        before: null,
        after: null,
        detail: { ground: 'MASA_BERLAKU', endsOn: row.ends_on, ...cascade },
      });
      return {
        agreementId: id,
        nomorDukcapil: row.nomor_dukcapil,
        endsOn: row.ends_on,
        ...cascade,
      };
    });
    if (ended) done.push(ended);
  }
  return done;
}

const JOB: MailJob = { label: 'Berakhirnya PKS', items: 'PKS', round: 'putaran' };

/**
 * The lapse job inside the server: a run soon after start, then every hour (a day's lapses
 * are recorded within the first hour of the next WIB day), never two at once in a process;
 * several processes are safe (see above). A run that fails is logged and tried again.
 */
export function startLapseTimer(
  deps: Deps,
  log: MailLog,
  options: { everyMs?: number; firstAfterMs?: number } = {},
): MailTimer {
  return startMailTimer(
    JOB,
    log,
    async () => {
      const ended = await lapseAgreements(deps);
      if (ended.length > 0)
        log.info(`Berakhirnya PKS: ${ended.length} PKS dicatat berakhir karena masa berlaku habis`);
    },
    { everyMs: options.everyMs ?? 60 * 60 * 1000, firstAfterMs: options.firstAfterMs ?? 30_000 },
  );
}
