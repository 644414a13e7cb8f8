import type { Actor } from '../../domain/actor.js';
import {
  CARD_READER_TRANSITIONS,
  cardReaderTransition,
  normalSamNumber,
  SAM_NUMBER_PATTERN,
  type CardReaderAction,
  type CardReaderParty,
  type CardReaderState,
} from '../../domain/card-reader-state.js';
import type { FieldError } from '../../domain/refusals.js';
import { isIsoDate } from '../../domain/working-days.js';
import { wibDay } from '../../domain/time.js';
import { recordAdminAction } from '../../store/admin-actions.js';
import { findAgreementInForce } from '../../store/agreements.js';
import {
  findAgencyUser,
  findCardReader,
  findOpenReturnOfReader,
  insertCardReader,
  insertCardReaderEvent,
  insertReaderReturn,
  listAgencyOperators,
  listEventsOfReaders,
  listCardReaderEvents,
  listCardReaders,
  lockCardReader,
  setCardReaderCredential,
  setCardReaderState,
  updateReaderReturn,
  type CardReaderRow,
} from '../../store/card-readers.js';
import type { Executor } from '../../store/db.js';
import { newToken } from '../account/tokens.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';

/**
 * The register of card readers (SPEC §5): the head registers the agency's readers with their
 * SAM, Dukcapil records what SIFILMA did, and every state change goes through the table of
 * domain/card-reader-state.ts, with its history entry and admin_action in one transaction.
 */

export type ReaderActor = Pick<Actor, 'id' | 'role' | 'agencyId'>;

/** Who the actor is to the state machine; only the agency head and Dukcapil's admin act. */
export function partyOf(actor: ReaderActor): CardReaderParty {
  if (actor.role === 'ADMIN_DUKCAPIL') return 'DUKCAPIL';
  if (actor.role === 'KEPALA_INSTANSI') return 'INSTANSI';
  throw new Refusal('TIDAK_BERWENANG');
}

function invalid(fields: FieldError[]): never {
  throw new Refusal('PERMINTAAN_TIDAK_VALID', fields.map((f) => f.message).join('; '), {
    fields,
  });
}

function text(value: string | undefined): string {
  return (value ?? '').trim();
}

/** A reader the actor may see: Dukcapil any, an agency user only their agency's. */
export async function visibleReader(
  db: Executor,
  actor: Pick<Actor, 'agencyId'>,
  readerId: number,
): Promise<CardReaderRow> {
  const reader = await findCardReader(db, readerId);
  if (!reader || (actor.agencyId !== null && reader.agency_id !== actor.agencyId)) {
    throw new Refusal('TIDAK_DITEMUKAN', 'Pembaca kartu tidak ditemukan');
  }
  return reader;
}

export interface RegisterReaderInput {
  readonly serial: string;
  readonly make: string;
  readonly location: string;
  /** The user ID of the operator responsible. */
  readonly operator: string;
  readonly samNumber: string;
}

/** The head registers a reader of their agency with its SAM; it starts TERDAFTAR. */
export async function registerReader(
  deps: Deps,
  actor: ReaderActor,
  input: RegisterReaderInput,
): Promise<number> {
  if (actor.role !== 'KEPALA_INSTANSI' || actor.agencyId === null) {
    throw new Refusal('TIDAK_BERWENANG');
  }
  const agencyId = actor.agencyId;
  const serial = text(input.serial);
  const make = text(input.make);
  const location = text(input.location);
  const samNumber = normalSamNumber(input.samNumber ?? '');
  const problems: FieldError[] = [];
  if (serial.length < 3 || serial.length > 60)
    problems.push({ field: 'serial', message: 'Nomor seri pembaca wajib diisi (3–60 karakter)' });
  if (make.length < 2 || make.length > 80)
    problems.push({ field: 'make', message: 'Merek/tipe pembaca wajib diisi (2–80 karakter)' });
  if (location.length < 3 || location.length > 160)
    problems.push({ field: 'location', message: 'Lokasi pembaca wajib diisi (3–160 karakter)' });
  if (!SAM_NUMBER_PATTERN.test(samNumber))
    problems.push({
      field: 'samNumber',
      message: 'Nomor SAM wajib diisi: 6–40 huruf, angka atau tanda hubung',
    });
  const operator = await findAgencyUser(deps.db, agencyId, text(input.operator));
  if (!operator || operator.role !== 'OPERATOR' || operator.status === 'NON_AKTIF')
    problems.push({
      field: 'operator',
      message: 'Operator penanggung jawab harus user ID operator aktif instansi Anda',
    });
  if (problems.length > 0) invalid(problems);
  const now = deps.clock();
  try {
    return await deps.db.transaction().execute(async (tx) => {
      const id = await insertCardReader(tx, {
        agencyId,
        serial,
        make,
        location,
        operatorId: operator!.id,
        samNumber,
        at: now,
        registeredBy: actor.id,
      });
      await insertCardReaderEvent(tx, {
        readerId: id,
        at: now,
        actorId: actor.id,
        action: 'DAFTAR',
        before: null,
        after: 'TERDAFTAR',
      });
      await recordAdminAction(tx, {
        at: now,
        actorId: actor.id,
        agencyId,
        action: 'PEMBACA_DIDAFTARKAN',
        target: `Pembaca KTP-el ${serial}`,
        detail: { cardReaderId: id, make, location, samNumber, operator: operator!.user_id },
      });
      return id;
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === '23505') {
      invalid([
        {
          field: 'serial',
          message: 'Nomor seri atau nomor SAM ini sudah terdaftar pada pembaca yang masih dipakai',
        },
      ]);
    }
    throw error;
  }
}

export interface ReaderActionInput {
  /** SIFILMA's reference (AJUKAN, PERSONALISASI, AKTIVASI) or the BAST's number (TERIMA_SAM). */
  readonly reference?: string | undefined;
  /** YYYY-MM-DD: the day of the reference, or the day the SAM was pulled. */
  readonly onDate?: string | undefined;
  readonly reason?: string | undefined;
}

function checkedRecord(action: CardReaderAction, input: ReaderActionInput, today: string) {
  const t = CARD_READER_TRANSITIONS[action];
  const problems: FieldError[] = [];
  const reference = text(input.reference);
  const onDate = text(input.onDate);
  const reason = text(input.reason);
  if (t.records === 'REFERENSI' && (reference.length < 3 || reference.length > 80))
    problems.push({
      field: 'reference',
      message:
        action === 'TERIMA_SAM'
          ? 'Nomor BAST wajib diisi (3–80 karakter)'
          : 'Nomor referensi SIFILMA wajib diisi (3–80 karakter)',
    });
  if (t.records !== 'ALASAN' && (!isIsoDate(onDate) || onDate > today))
    problems.push({
      field: 'onDate',
      message: 'Tanggal wajib diisi (TTTT-BB-HH) dan tidak boleh setelah hari ini',
    });
  if (t.records === 'ALASAN' && (reason.length < 5 || reason.length > 1000))
    problems.push({ field: 'reason', message: 'Alasan wajib diisi (5–1000 karakter)' });
  if (problems.length > 0) invalid(problems);
  return {
    reference: t.records === 'REFERENSI' ? reference : null,
    onDate: t.records === 'ALASAN' ? null : onDate,
    reason: reason === '' ? null : reason,
  };
}

/**
 * One step of a reader's life by the head or Dukcapil's admin: checked against the state
 * table and the actor's scope, recorded with its reference and date, in one transaction.
 */
export async function actOnReader(
  deps: Deps,
  actor: ReaderActor,
  readerId: number,
  action: CardReaderAction,
  input: ReaderActionInput,
): Promise<CardReaderState> {
  const party = partyOf(actor);
  const now = deps.clock();
  const today = wibDay(now);
  const record = checkedRecord(action, input, today);
  return deps.db.transaction().execute(async (tx) => {
    await visibleReader(tx, actor, readerId);
    const reader = (await lockCardReader(tx, readerId))!;
    const move = cardReaderTransition(reader.state as CardReaderState, action, party);
    if (!move.ok) throw new Refusal('KONFLIK', move.problem);
    // Activation lasts while the agreement does (SPEC §5): none without one in force.
    const needsAgreement = action === 'PULIHKAN' || action === 'AKTIVASI';
    if (needsAgreement && !(await findAgreementInForce(tx, reader.agency_id, today))) {
      throw new Refusal(
        'KONFLIK',
        `Pembaca tidak dapat ${action === 'PULIHKAN' ? 'dipulihkan' : 'diaktifkan'}: instansi tidak memiliki PKS yang berlaku`,
      );
    }
    await applyMove(tx, reader, action, move.to, now, actor.id, record);
    return move.to;
  });
}

/** Writes one move: the reader's state and references, its history, the admin trail. */
export async function applyMove(
  tx: Executor,
  reader: Pick<CardReaderRow, 'id' | 'agency_id' | 'serial' | 'state'>,
  action: CardReaderAction,
  to: CardReaderState,
  at: Date,
  actorId: number | null,
  record: { reference: string | null; onDate: string | null; reason: string | null },
  detail: Record<string, unknown> = {},
): Promise<void> {
  const ref =
    record.reference && record.onDate ? { ref: record.reference, on: record.onDate } : null;
  await setCardReaderState(tx, reader.id, {
    state: to,
    at,
    ...(action === 'AJUKAN' && ref ? { sifilma: ref } : {}),
    ...(action === 'PERSONALISASI' && ref ? { personalised: ref } : {}),
    ...(action === 'AKTIVASI' && ref ? { activation: ref } : {}),
    // The reader's own secret serves only while it is in use or may be again.
    clearCredential: to === 'SAM_DICABUT' || to === 'NONAKTIF',
  });
  await insertCardReaderEvent(tx, {
    readerId: reader.id,
    at,
    actorId,
    action,
    before: reader.state,
    after: to,
    reference: record.reference,
    onDate: record.onDate,
    reason: record.reason,
  });
  if (action === 'CABUT_SAM') {
    // A SAM pulled without an agreement's end (a reader out of use) opens its return here.
    await insertReaderReturn(tx, {
      readerId: reader.id,
      agencyId: reader.agency_id,
      agreementId: null,
      at,
      reason: record.reason ?? 'SAM dicabut oleh instansi',
    });
    const open = await findOpenReturnOfReader(tx, reader.id);
    await updateReaderReturn(tx, open!.id, { sam_pulled_on: record.onDate! });
  }
  await recordAdminAction(tx, {
    at,
    actorId,
    agencyId: reader.agency_id,
    action: CARD_READER_TRANSITIONS[action].verb,
    target: `Pembaca KTP-el ${reader.serial}`,
    reason: record.reason,
    detail: {
      cardReaderId: reader.id,
      from: reader.state,
      to,
      ...(record.reference ? { reference: record.reference } : {}),
      ...(record.onDate ? { onDate: record.onDate } : {}),
      ...detail,
    },
  });
}

/**
 * A new secret for an active reader of the head's agency, shown once: the reader client sends
 * it with every read. The database keeps only its SHA-256; a new one replaces the old.
 */
export async function issueReaderCredential(
  deps: Deps,
  actor: ReaderActor,
  readerId: number,
): Promise<string> {
  if (partyOf(actor) !== 'INSTANSI') throw new Refusal('TIDAK_BERWENANG');
  const now = deps.clock();
  return deps.db.transaction().execute(async (tx) => {
    await visibleReader(tx, actor, readerId);
    const reader = (await lockCardReader(tx, readerId))!;
    if (reader.state !== 'AKTIF') {
      throw new Refusal('KONFLIK', 'Kredensial hanya dapat diterbitkan untuk pembaca yang aktif');
    }
    const { token, hash } = newToken();
    await setCardReaderCredential(tx, readerId, hash);
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId: reader.agency_id,
      action: 'PEMBACA_KREDENSIAL_DITERBITKAN',
      target: `Pembaca KTP-el ${reader.serial}`,
      detail: { cardReaderId: readerId, replaced: reader.has_credential },
    });
    return token;
  });
}

/** The readers the actor may see: Dukcapil every agency's, the head their own. */
export async function readersFor(deps: Deps, actor: Pick<Actor, 'agencyId'>) {
  return listCardReaders(deps.db, actor.agencyId ?? undefined);
}

/** readersFor with each reader's history (state steps, references, reasons), for the pages. */
export async function readersWithHistory(deps: Deps, actor: Pick<Actor, 'agencyId'>) {
  const readers = await readersFor(deps, actor);
  const events = await listEventsOfReaders(
    deps.db,
    readers.map((r) => r.id),
  );
  return readers.map((r) => ({ ...r, events: events.filter((e) => e.card_reader_id === r.id) }));
}

export async function readerDetail(deps: Deps, actor: Pick<Actor, 'agencyId'>, readerId: number) {
  const reader = await visibleReader(deps.db, actor, readerId);
  const events = await listCardReaderEvents(deps.db, readerId);
  return { reader, events };
}

/** The operators of the head's agency a reader may be assigned to. */
export async function assignableOperators(deps: Deps, actor: Pick<Actor, 'agencyId'>) {
  if (actor.agencyId === null) return [];
  const rows = await listAgencyOperators(deps.db, actor.agencyId);
  return rows.map((r) => ({ userId: r.user_id, name: r.display_name }));
}

export type { CardReaderRow, ReaderReturnRow } from '../../store/card-readers.js';
export type { ConsentRow } from '../../store/card-consents.js';
