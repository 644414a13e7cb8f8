import type { AgreementEventKind } from '../domain/agreement-state.js';
import type { Executor } from './db.js';

export interface AgreementEventEntry {
  readonly agreementId: number;
  readonly at: Date;
  /** null for the command line and for the system itself. */
  readonly actorId: number | null;
  readonly kind: AgreementEventKind;
  readonly reason: string | null;
  readonly termsBefore: unknown;
  readonly termsAfter: unknown;
  readonly addendum: { readonly nomor: string; readonly tanggal: string } | null;
}

/** Records one change of an agreement; call it in the transaction that makes the change. */
export async function insertAgreementEvent(db: Executor, entry: AgreementEventEntry) {
  await db
    .insertInto('agreement_event')
    .values({
      agreement_id: entry.agreementId,
      at: entry.at,
      actor_id: entry.actorId,
      kind: entry.kind,
      reason: entry.reason,
      terms_before: entry.termsBefore === null ? null : JSON.stringify(entry.termsBefore),
      terms_after: entry.termsAfter === null ? null : JSON.stringify(entry.termsAfter),
      addendum_nomor: entry.addendum?.nomor ?? null,
      addendum_tanggal: entry.addendum?.tanggal ?? null,
    })
    .execute();
}

/** An agreement's history, oldest first, with who acted (their user ID). */
export async function listAgreementEvents(db: Executor, agreementId: number) {
  return db
    .selectFrom('agreement_event as e')
    .leftJoin('app_user as u', 'u.id', 'e.actor_id')
    .select([
      'e.id',
      'e.at',
      'e.kind',
      'e.reason',
      'e.terms_before',
      'e.terms_after',
      'e.addendum_nomor',
      'e.addendum_tanggal',
      'u.user_id as actor_user_id',
      'u.display_name as actor_name',
    ])
    .where('e.agreement_id', '=', agreementId)
    .orderBy('e.id')
    .execute();
}
