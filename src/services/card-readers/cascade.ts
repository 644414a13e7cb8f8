import { cardReaderTransition, type CardReaderState } from '../../domain/card-reader-state.js';
import {
  insertReaderReturn,
  lockReadersHoldingSam,
  queueReturnNotice,
} from '../../store/card-readers.js';
import type { Executor } from '../../store/db.js';
import { applyMove } from './readers.js';

/**
 * SPEC §4/§5: when an agreement ends or is revoked, its agency's card readers stop at once
 * (activation lasts while the agreement does) and each SAM must come back to Dukcapil. Called
 * by the agreement lifecycle in the transaction that closes the agreement, after the agency's
 * lock: every reader holding a SAM is suspended (by the system) and gets its return — the
 * head's tasks: pull the SAM, make the BAST, send both to Dukcapil — and the head is owed
 * the e-mail of those tasks (return-notice.ts sends it from the outbox). Returns how many
 * readers were suspended.
 */
export async function suspendReadersOfClosedAgreement(
  tx: Executor,
  closing: {
    readonly agencyId: number;
    readonly agreementId: number;
    readonly nomorDukcapil: string;
    readonly at: Date;
    /** Ended by a party, revoked, or ended by its term (the end date passed). */
    readonly how: 'DIAKHIRI' | 'DICABUT' | 'BERAKHIR';
  },
): Promise<number> {
  const readers = await lockReadersHoldingSam(tx, closing.agencyId);
  const ended = { DIAKHIRI: 'diakhiri', DICABUT: 'dicabut', BERAKHIR: 'berakhir' }[closing.how];
  const reason =
    `PKS ${closing.nomorDukcapil} ${ended}: ` +
    'pembaca ditangguhkan, SAM wajib dicabut dan dikembalikan ke Dinas Dukcapil';
  let suspended = 0;
  for (const reader of readers) {
    const move = cardReaderTransition(reader.state as CardReaderState, 'TANGGUHKAN', 'SISTEM');
    if (move.ok) {
      await applyMove(
        tx,
        { id: reader.id, agency_id: closing.agencyId, serial: reader.serial, state: reader.state },
        'TANGGUHKAN',
        move.to,
        closing.at,
        null,
        { reference: null, onDate: null, reason },
        { agreementId: closing.agreementId },
      );
      suspended += 1;
    }
    await insertReaderReturn(tx, {
      readerId: reader.id,
      agencyId: closing.agencyId,
      agreementId: closing.agreementId,
      at: closing.at,
      reason,
    });
  }
  if (readers.length > 0) {
    await queueReturnNotice(tx, {
      agreementId: closing.agreementId,
      agencyId: closing.agencyId,
      at: closing.at,
    });
  }
  return suspended;
}
