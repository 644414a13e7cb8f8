import type { ActingParty } from '../../domain/actor.js';
import {
  addendumProblems,
  agreementRecordProblems,
  changedFields,
  DUKCAPIL_PARTY,
  reasonProblem,
  type AddendumLetter,
  type AgreementChange,
  type AgreementRecord,
  type UncheckedAgreementRecord,
} from '../../domain/agreement-record.js';
import {
  activationProblems,
  effectiveStatus,
  transitionRefusal,
  type AgreementAction,
  type AgreementEventKind,
  type AgreementStatus,
} from '../../domain/agreement-state.js';
import type { EndGround, ManualEndGround } from '../../domain/agreement-ending.js';
import { wibDay } from '../../domain/time.js';
import { recordAdminAction } from '../../store/admin-actions.js';
import { lockAgency, revokeAgencySessions } from '../../store/agencies.js';
import { insertAgreementEvent } from '../../store/agreement-events.js';
import {
  agreementNumberTaken,
  findActiveAgreementOfAgency,
  findAgreementAgencyId,
  findAgreementById,
  clearPendingExtension,
  insertAgreement,
  setAgreementStatus,
  setEndGround,
  updateAgreementRecord,
  type AgreementRow,
} from '../../store/agreements.js';
import type { Executor } from '../../store/db.js';
import { Refusal } from '../errors.js';
import { suspendReadersOfClosedAgreement } from '../card-readers/cascade.js';
import { recordOf } from './agreement-queries.js';
import { inTransaction, refusingDuplicate } from './transactions.js';

/**
 * The lifecycle of an agreement (PKS), for every channel (console, JSON API, command line,
 * request decisions): drafts, putting in force, addenda, ending and revoking. Every change
 * takes the agency's row lock, checks the state machine (domain/agreement-state.ts), and
 * writes the change, its history entry and the administrative record in one transaction.
 * Functions take the database or an open transaction, and the time of the change. Reading
 * is in agreement-queries.ts.
 */

/*
 * Who acts is the one ActingParty (domain/actor.ts), of which the history records the id: a
 * signed-in user, or null for the server's operator at the command line.
 */

/** The fields a draft may leave out: no technical guideline yet, the parties' usual values. */
type DefaultedField =
  | 'nomorJuknis'
  | 'firstPartyName'
  | 'firstPartyHeadTitle'
  | 'firstPartyHeadName'
  | 'secondPartyName'
  | 'secondPartyHeadTitle'
  | 'secondPartyHeadName';

/** The fields of a draft as a channel sends them; parties left out take their usual values. */
export type AgreementDraftInput = Omit<UncheckedAgreementRecord, DefaultedField> &
  Partial<Pick<UncheckedAgreementRecord, DefaultedField>>;

const optional = (value: string | null | undefined) => value?.trim() || null;
const cleanList = (values: readonly string[]) =>
  values.map((value) => value.trim()).filter((value) => value !== '');

/** What the agreement's PIHAK KEDUA is called when the input does not say: from the agency. */
export function secondPartyDefaults(agency: { name: string; head_title: string | null }) {
  return { name: agency.name, headTitle: agency.head_title ?? `Kepala ${agency.name}` };
}

async function checkedRecord(
  db: Executor,
  agency: { name: string; head_title: string | null },
  input: AgreementDraftInput,
  exceptId?: number,
): Promise<AgreementRecord> {
  const second = secondPartyDefaults(agency);
  const record = {
    nomorDukcapil: input.nomorDukcapil.trim(),
    nomorInstansi: input.nomorInstansi.trim(),
    nomorJuknis: optional(input.nomorJuknis),
    signedOn: input.signedOn.trim(),
    endsOn: input.endsOn.trim(),
    purpose: input.purpose.trim(),
    grantedElements: cleanList(input.grantedElements),
    accessMethods: cleanList(input.accessMethods),
    accessPoints: cleanList(input.accessPoints),
    bandwidthKbps: input.bandwidthKbps,
    quotaStage: input.quotaStage,
    firstPartyName: (input.firstPartyName ?? DUKCAPIL_PARTY.name).trim(),
    firstPartyHeadTitle: (input.firstPartyHeadTitle ?? DUKCAPIL_PARTY.headTitle).trim(),
    firstPartyHeadName: optional(input.firstPartyHeadName),
    secondPartyName: (input.secondPartyName ?? second.name).trim(),
    secondPartyHeadTitle: (input.secondPartyHeadTitle ?? second.headTitle).trim(),
    secondPartyHeadName: optional(input.secondPartyHeadName),
  };
  const problems = agreementRecordProblems(record);
  if (
    record.nomorDukcapil.length >= 3 &&
    (await agreementNumberTaken(db, record.nomorDukcapil, exceptId))
  ) {
    problems.push(`PKS nomor ${record.nomorDukcapil} sudah terdaftar`);
  }
  if (problems.length > 0) throw new Refusal('PERMINTAAN_TIDAK_VALID', problems.join('; '));
  return record as AgreementRecord;
}

/**
 * Locks the agreement's agency, then reads the agreement. Every change of an agency or of
 * its agreements takes that one lock first, so changes of one agency run one after another
 * (no two agreements put in force at once) and cannot deadlock on each other's rows.
 */
export async function lockedAgreement(tx: Executor, agreementId: number) {
  const agencyId = await findAgreementAgencyId(tx, agreementId);
  if (agencyId === undefined) throw new Refusal('TIDAK_ADA', 'PKS tidak ditemukan');
  const agency = await lockAgency(tx, agencyId);
  const row = await findAgreementById(tx, agreementId);
  if (!agency || !row) throw new Refusal('TIDAK_ADA', 'PKS tidak ditemukan');
  return { agency, row, record: recordOf(row) };
}

export function refuseUnless(action: AgreementAction, row: AgreementRow, today: string) {
  const status = effectiveStatus(
    {
      status: row.status as AgreementStatus,
      endsOn: row.ends_on,
      extensionPending: row.extension_request_id !== null,
    },
    today,
  );
  const refusal = transitionRefusal(action, status);
  if (refusal) throw new Refusal('PERMINTAAN_TIDAK_VALID', refusal);
}

export function requireReason(reason: string | null | undefined): string {
  const problem = reasonProblem(reason);
  if (problem) throw new Refusal('PERMINTAAN_TIDAK_VALID', problem);
  return reason!.trim();
}

interface Change {
  readonly agreementId: number;
  readonly agencyId: number;
  readonly nomorDukcapil: string;
  readonly kind: AgreementEventKind;
  /** The admin_action verb. */
  readonly action: string;
  readonly reason: string | null;
  readonly before: AgreementRecord | null;
  readonly after: AgreementRecord | null;
  readonly addendum?: AddendumLetter | null;
  readonly detail?: Record<string, unknown>;
}

/** The history entry and the administrative record of one change, in its transaction. */
export async function record(
  tx: Executor,
  actor: Pick<ActingParty, 'id'>,
  at: Date,
  change: Change,
): Promise<void> {
  await insertAgreementEvent(tx, {
    agreementId: change.agreementId,
    at,
    actorId: actor.id,
    kind: change.kind,
    reason: change.reason,
    termsBefore: change.before,
    termsAfter: change.after,
    addendum: change.addendum ?? null,
  });
  await recordAdminAction(tx, {
    at,
    actorId: actor.id,
    agencyId: change.agencyId,
    action: change.action,
    target: `PKS ${change.nomorDukcapil}`,
    reason: change.reason,
    detail: {
      agreementId: change.agreementId,
      ...(change.addendum ? { addendum: change.addendum } : {}),
      ...(change.detail ?? {}),
    },
  });
}

/**
 * Makes room for an agreement to be put in force: an agreement of the agency whose end date
 * has passed is recorded as ended (by the system); one still in force refuses.
 */
async function settlePredecessor(
  tx: Executor,
  agency: { id: number; code: string },
  today: string,
  at: Date,
): Promise<void> {
  const current = await findActiveAgreementOfAgency(tx, agency.id);
  if (!current) return;
  // In force within its dates, or past them in its extension period (SPEC §4).
  if (current.ends_on >= today || current.extension_request_id !== null) {
    throw new Refusal(
      'PERMINTAAN_TIDAK_VALID',
      `Instansi ${agency.code} masih memiliki PKS yang berlaku (nomor ${current.nomor_dukcapil}, sampai ${current.ends_on}); ` +
        'satu instansi hanya boleh memiliki satu PKS yang berlaku: akhiri PKS itu terlebih dahulu',
    );
  }
  await setAgreementStatus(tx, current.id, 'BERAKHIR');
  await setEndGround(tx, current.id, 'MASA_BERLAKU');
  await record(tx, { id: null }, at, {
    agreementId: current.id,
    agencyId: agency.id,
    nomorDukcapil: current.nomor_dukcapil,
    kind: 'BERAKHIR',
    action: 'PKS_BERAKHIR',
    reason: `Masa berlaku berakhir pada ${current.ends_on}`,
    before: null,
    after: null,
  });
}

/**
 * Locks the agency, checks the terms and inserts the agreement: a draft, or one in force at
 * once (whose agency's lapsed predecessor is closed first). Its id and checked terms.
 */
async function insertChecked(
  tx: Executor,
  agencyId: number,
  input: AgreementDraftInput,
  status: 'DRAFT' | 'AKTIF',
  now: Date,
): Promise<{ id: number; terms: AgreementRecord }> {
  const agency = await lockAgency(tx, agencyId);
  if (!agency) throw new Refusal('TIDAK_ADA', 'Instansi tidak ditemukan');
  const terms = await checkedRecord(tx, agency, input);
  if (status === 'AKTIF') await settlePredecessor(tx, agency, wibDay(now), now);
  const id = await refusingDuplicate(
    insertAgreement(tx, { ...terms, agencyId, status }),
    `PKS nomor ${terms.nomorDukcapil} sudah terdaftar`,
  );
  return { id, terms };
}

/** A new draft agreement for an agency (console and JSON API). */
export async function createAgreementDraft(
  db: Executor,
  actor: Pick<ActingParty, 'id'>,
  agencyId: number,
  input: AgreementDraftInput,
  now: Date,
): Promise<number> {
  return inTransaction(db, async (tx) => {
    const { id, terms } = await insertChecked(tx, agencyId, input, 'DRAFT', now);
    await record(tx, actor, now, {
      agreementId: id,
      agencyId,
      nomorDukcapil: terms.nomorDukcapil,
      kind: 'DIBUAT',
      action: 'PKS_DRAF_DIBUAT',
      reason: null,
      before: null,
      after: terms,
    });
    return id;
  });
}

/** Replaces every field of a draft; an agreement in force changes only through an addendum. */
export async function editAgreementDraft(
  db: Executor,
  actor: Pick<ActingParty, 'id'>,
  agreementId: number,
  input: AgreementDraftInput,
  now: Date,
): Promise<void> {
  await inTransaction(db, async (tx) => {
    const { agency, row, record: before } = await lockedAgreement(tx, agreementId);
    refuseUnless('edit', row, wibDay(now));
    const after = await checkedRecord(tx, agency, input, agreementId);
    await refusingDuplicate(
      updateAgreementRecord(tx, agreementId, after),
      `PKS nomor ${after.nomorDukcapil} sudah terdaftar`,
    );
    await record(tx, actor, now, {
      agreementId,
      agencyId: agency.id,
      nomorDukcapil: after.nomorDukcapil,
      kind: 'DIUBAH',
      action: 'PKS_DRAF_DIUBAH',
      reason: null,
      before,
      after,
    });
  });
}

/**
 * Puts a draft in force once signed: its users may log in and look up from the next request
 * on. `note` (optional) is kept in the history, e.g. how the signed copy was received.
 */
export async function activateAgreement(
  db: Executor,
  actor: Pick<ActingParty, 'id'>,
  agreementId: number,
  now: Date,
  note: string | null = null,
): Promise<void> {
  const why = note?.trim() ? requireReason(note) : null;
  await inTransaction(db, async (tx) => {
    const today = wibDay(now);
    const { agency, row, record: terms } = await lockedAgreement(tx, agreementId);
    refuseUnless('activate', row, today);
    const problems = activationProblems(terms, today);
    if (agency.status !== 'AKTIF')
      problems.push(`Instansi ${agency.code} nonaktif; aktifkan instansi terlebih dahulu`);
    if (problems.length > 0) throw new Refusal('PERMINTAAN_TIDAK_VALID', problems.join('; '));
    await settlePredecessor(tx, agency, today, now);
    await setAgreementStatus(tx, agreementId, 'AKTIF');
    await record(tx, actor, now, {
      agreementId,
      agencyId: agency.id,
      nomorDukcapil: terms.nomorDukcapil,
      kind: 'DIAKTIFKAN',
      action: 'PKS_DIBERLAKUKAN',
      reason: why,
      before: null,
      after: terms,
    });
  });
}

/**
 * What every end of an agreement in force does besides its record, in the transaction that
 * records it, after the agency's lock (SPEC §4/§5): every session and token of the agency's
 * users ends, every card reader holding a SAM is suspended and its return opened (the head's
 * tasks, and the e-mail owed to the head). The same for an end by a party, a revocation, a
 * force majeure, a refused extension after the end date and a lapse (lapse.ts).
 */
export async function endCascade(
  tx: Executor,
  ending: {
    readonly agencyId: number;
    readonly agreementId: number;
    readonly nomorDukcapil: string;
    readonly at: Date;
    readonly how: 'DIAKHIRI' | 'DICABUT' | 'BERAKHIR';
  },
): Promise<{ revokedSessions: number; suspendedReaders: number }> {
  const revokedSessions = await revokeAgencySessions(tx, ending.agencyId, ending.at);
  const suspendedReaders = await suspendReadersOfClosedAgreement(tx, ending);
  return { revokedSessions, suspendedReaders };
}

/** How each way of closing an agreement is recorded, and whether it ends the agency's sessions. */
const CLOSINGS = {
  cancel: {
    status: 'BATAL',
    kind: 'DIBATALKAN',
    action: 'PKS_DRAF_DIBATALKAN',
    endsSessions: false,
  },
  end: { status: 'BERAKHIR', kind: 'DIAKHIRI', action: 'PKS_DIAKHIRI', endsSessions: true },
  revoke: { status: 'DICABUT', kind: 'DICABUT', action: 'PKS_DICABUT', endsSessions: true },
} as const;

/**
 * How an end is recorded besides the common part: its ground (Pasal 6), and for a force
 * majeure its own history entry and its record, written under the same lock.
 */
export interface EndingRecord {
  readonly ground: EndGround;
  readonly kind?: AgreementEventKind;
  readonly action?: string;
  readonly detail?: Record<string, unknown>;
  readonly before?: (tx: Executor, row: AgreementRow, today: string) => Promise<void>;
}

/** Returns how many sessions and tokens were ended. */
export async function close(
  db: Executor,
  actor: Pick<ActingParty, 'id'>,
  agreementId: number,
  reason: string,
  now: Date,
  how: keyof typeof CLOSINGS,
  ending?: EndingRecord,
): Promise<number> {
  const why = requireReason(reason);
  const closing = CLOSINGS[how];
  return inTransaction(db, async (tx) => {
    const { agency, row, record: terms } = await lockedAgreement(tx, agreementId);
    const today = wibDay(now);
    refuseUnless(how, row, today);
    await ending?.before?.(tx, row, today);
    await setAgreementStatus(tx, agreementId, closing.status);
    if (ending) await setEndGround(tx, agreementId, ending.ground);
    const revokedSessions = closing.endsSessions
      ? (
          await endCascade(tx, {
            agencyId: agency.id,
            agreementId,
            nomorDukcapil: terms.nomorDukcapil,
            at: now,
            how: closing.kind,
          })
        ).revokedSessions
      : 0;
    await record(tx, actor, now, {
      agreementId,
      agencyId: agency.id,
      nomorDukcapil: terms.nomorDukcapil,
      kind: ending?.kind ?? closing.kind,
      action: ending?.action ?? closing.action,
      reason: why,
      before: null,
      after: null,
      detail: {
        ...(closing.endsSessions ? { revokedSessions } : {}),
        ...(ending ? { ground: ending.ground, ...ending.detail } : {}),
      },
    });
    return revokedSessions;
  });
}

/** Cancels a draft that will not be signed; it stays on record, its number free again. */
export async function cancelAgreementDraft(
  db: Executor,
  actor: Pick<ActingParty, 'id'>,
  agreementId: number,
  reason: string,
  now: Date,
): Promise<void> {
  await close(db, actor, agreementId, reason, now, 'cancel');
}

/**
 * Closes an agreement in force (ended by mutual agreement or by a change of the agency's
 * name or institution — `ground`, when the channel says which) and, in the same transaction,
 * ends every session and token of the agency's users (SPEC §4). Returns how many sessions and
 * tokens were ended. A force majeure has its own use case (force-majeure.ts).
 */
export function endAgreement(
  db: Executor,
  actor: Pick<ActingParty, 'id'>,
  agreementId: number,
  reason: string,
  now: Date,
  ground?: ManualEndGround,
): Promise<number> {
  return close(db, actor, agreementId, reason, now, 'end', ground ? { ground } : undefined);
}

/** As endAgreement, recorded as revoked by Dukcapil for failed obligations. */
export function revokeAgreement(
  db: Executor,
  actor: Pick<ActingParty, 'id'>,
  agreementId: number,
  reason: string,
  now: Date,
): Promise<number> {
  return close(db, actor, agreementId, reason, now, 'revoke');
}

/**
 * Changes the terms of an agreement in force: an extension (later end date), granted
 * elements, access methods or points, bandwidth, or quota stage (a passed PoC). The old and
 * new terms stay in the history. Every change but the quota stage alone needs the addendum
 * letter (number and date); `addendum` null records a quota-stage change without one (and
 * does nothing when the stage is already the one asked). Callable inside the caller's
 * transaction (a request decision) or on its own.
 */
export async function applyAddendum(
  db: Executor,
  actor: Pick<ActingParty, 'id'>,
  agreementId: number,
  change: AgreementChange,
  reason: string,
  addendum: AddendumLetter | null,
  now: Date,
): Promise<void> {
  const why = requireReason(reason);
  await inTransaction(db, async (tx) => {
    const today = wibDay(now);
    const { agency, row, record: before } = await lockedAgreement(tx, agreementId);
    refuseUnless('amend', row, today);
    const letter = addendum
      ? { nomor: addendum.nomor.trim(), tanggal: addendum.tanggal.trim() }
      : null;
    const changed = changedFields(before, change);
    // A further PoC passed (a new application of the agency) leaves the quota unlimited:
    // nothing to apply, and nothing to refuse.
    if (changed.length === 0 && letter === null && change.quotaStage !== undefined) return;
    const problems = addendumProblems(before, change, letter, today);
    const after = {
      ...before,
      ...(change.endsOn !== undefined ? { endsOn: change.endsOn } : {}),
      ...(change.grantedElements !== undefined
        ? { grantedElements: cleanList(change.grantedElements) }
        : {}),
      ...(change.accessMethods !== undefined
        ? { accessMethods: cleanList(change.accessMethods) }
        : {}),
      ...(change.accessPoints !== undefined
        ? { accessPoints: cleanList(change.accessPoints) }
        : {}),
      ...(change.bandwidthKbps !== undefined ? { bandwidthKbps: change.bandwidthKbps } : {}),
      ...(change.quotaStage !== undefined ? { quotaStage: change.quotaStage } : {}),
    } as AgreementRecord;
    if (problems.length === 0) problems.push(...agreementRecordProblems(after));
    if (problems.length > 0) throw new Refusal('PERMINTAAN_TIDAK_VALID', problems.join('; '));
    await updateAgreementRecord(tx, agreementId, after);
    // A new end date answers the extension: the extension period, if any, is over.
    const extensionClosed =
      changed.includes('endsOn') && row.extension_request_id !== null
        ? await clearPendingExtension(tx, agreementId, row.extension_request_id)
        : false;
    await record(tx, actor, now, {
      agreementId,
      agencyId: agency.id,
      nomorDukcapil: before.nomorDukcapil,
      kind: letter ? 'ADENDUM' : 'PERUBAHAN',
      action: letter
        ? 'PKS_ADENDUM'
        : changed.includes('bandwidthKbps')
          ? 'PKS_BANDWIDTH'
          : 'PKS_TAHAP_KUOTA',
      reason: why,
      before,
      after,
      addendum: letter,
      detail: { changed, ...(extensionClosed ? { extensionPeriodClosed: true } : {}) },
    });
  });
}

/**
 * Records an agreement already signed and in force (command line and demo): created and put
 * in force at once, without the console's draft step. An agreement of the agency whose end
 * date has passed is closed first; one still in force refuses.
 */
export async function recordSignedAgreement(
  db: Executor,
  actor: Pick<ActingParty, 'id'>,
  agencyId: number,
  input: AgreementDraftInput,
  now: Date,
): Promise<number> {
  return inTransaction(db, async (tx) => {
    const { id, terms } = await insertChecked(tx, agencyId, input, 'AKTIF', now);
    await record(tx, actor, now, {
      agreementId: id,
      agencyId,
      nomorDukcapil: terms.nomorDukcapil,
      kind: 'DIBUAT',
      action: 'PKS_DICATAT',
      reason: 'Dicatat sebagai PKS yang telah ditandatangani',
      before: null,
      after: terms,
    });
    await insertAgreementEvent(tx, {
      agreementId: id,
      at: now,
      actorId: actor.id,
      kind: 'DIAKTIFKAN',
      reason: null,
      termsBefore: null,
      termsAfter: null,
      addendum: null,
    });
    return id;
  });
}
