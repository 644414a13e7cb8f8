import type { Actor } from '../../domain/actor.js';
import { cardReaderTransition, type CardReaderState } from '../../domain/card-reader-state.js';
import { DUKCAPIL_PARTY } from '../../domain/agreement-record.js';
import { wibDay } from '../../domain/time.js';
import { isIsoDate } from '../../domain/working-days.js';
import { recordAdminAction } from '../../store/admin-actions.js';
import { findAgencyById } from '../../store/agencies.js';
import {
  countReturnBasts,
  findReaderReturn,
  listReaderReturns,
  lockCardReader,
  updateReaderReturn,
  type ReaderReturnRow,
} from '../../store/card-readers.js';
import type { Executor } from '../../store/db.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';
import { renderSamReturnBast } from './bast-pdf.js';
import { actOnReader, applyMove, partyOf, type ReaderActor } from './readers.js';

/**
 * The return of a SAM (SPEC §5): the head's tasks — pull the SAM (the reader's CABUT_SAM
 * step), make the BAST of the SAM return and reader deactivation, send both to Dukcapil —
 * and Dukcapil's receipt (the reader's TERIMA_SAM step). Each step is recorded in the admin
 * trail.
 */

export interface ReturnTask {
  readonly key: 'CABUT_SAM' | 'BUAT_BAST' | 'KIRIM' | 'DITERIMA';
  readonly label: string;
  readonly doneOn: string | null;
}

export function tasksOf(r: ReaderReturnRow): ReturnTask[] {
  return [
    { key: 'CABUT_SAM', label: 'Cabut SAM dari pembaca', doneOn: r.sam_pulled_on },
    {
      key: 'BUAT_BAST',
      label: 'Buat BAST pengembalian SAM dan penonaktifan pembaca',
      doneOn: r.bast_on,
    },
    {
      key: 'KIRIM',
      label: 'Kirim SAM dan BAST ke Dinas Dukcapil',
      doneOn: r.sent_on,
    },
    { key: 'DITERIMA', label: 'Diterima Dinas Dukcapil', doneOn: r.received_on },
  ];
}

async function visibleReturn(db: Executor, actor: Pick<Actor, 'agencyId'>, id: number) {
  const r = await findReaderReturn(db, id);
  if (!r || (actor.agencyId !== null && r.agency_id !== actor.agencyId)) {
    throw new Refusal('TIDAK_DITEMUKAN', 'Pengembalian SAM tidak ditemukan');
  }
  return r;
}

export async function returnsFor(deps: Deps, actor: Pick<Actor, 'agencyId'>) {
  const rows = await listReaderReturns(deps.db, actor.agencyId ?? undefined);
  return rows.map((row) => ({ ...row, tasks: tasksOf(row) }));
}

/**
 * The head records that the SAM of a return's reader was pulled, on its return's page: the
 * reader's CABUT_SAM step (the day, the admin trail), reached through the return so that the
 * head of an ended agreement, who keeps only the returns (cardReader.returnOwn), can take it.
 */
export async function pullSamOfReturn(
  deps: Deps,
  actor: ReaderActor,
  returnId: number,
  onDate: string,
): Promise<void> {
  const r = await visibleReturn(deps.db, actor, returnId);
  if (r.received_on) throw new Refusal('KONFLIK', 'Penerimaan SAM sudah dicatat');
  await actOnReader(deps, actor, r.card_reader_id, 'CABUT_SAM', { onDate });
}

/**
 * The head numbers and dates the BAST once the SAM is pulled; its PDF is made on download.
 * Dukcapil's admin may make it on the agency's behalf: once the agreement has ended the
 * agency's users can no longer sign in (SPEC §4), and the head brings the SAM to Dukcapil.
 */
export async function makeReturnBast(
  deps: Deps,
  actor: ReaderActor,
  returnId: number,
): Promise<string> {
  partyOf(actor);
  const now = deps.clock();
  const today = wibDay(now);
  return deps.db.transaction().execute(async (tx) => {
    const r = await visibleReturn(tx, actor, returnId);
    await lockCardReader(tx, r.card_reader_id);
    const current = (await findReaderReturn(tx, returnId))!;
    if (current.bast_number) return current.bast_number;
    if (!current.sam_pulled_on) {
      throw new Refusal('KONFLIK', 'Catat pencabutan SAM terlebih dahulu, lalu buat BAST');
    }
    const year = today.slice(0, 4);
    const n = (await countReturnBasts(tx, r.agency_id, year)) + 1;
    const nomor = `BAST-SAM/${r.agency_code}/${String(n).padStart(3, '0')}/${year}`;
    await updateReaderReturn(tx, returnId, { bast_number: nomor, bast_on: today });
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId: r.agency_id,
      action: 'PEMBACA_BAST_SAM_DIBUAT',
      target: `Pembaca KTP-el ${r.serial}`,
      detail: { cardReaderId: r.card_reader_id, returnId, bast: nomor },
    });
    return nomor;
  });
}

/** The head records the day the SAM and the BAST were sent to Dukcapil. */
export async function markReturnSent(
  deps: Deps,
  actor: ReaderActor,
  returnId: number,
  sentOn: string,
): Promise<void> {
  if (partyOf(actor) !== 'INSTANSI') throw new Refusal('TIDAK_BERWENANG');
  const now = deps.clock();
  const day = (sentOn ?? '').trim();
  if (!isIsoDate(day) || day > wibDay(now)) {
    throw new Refusal('PERMINTAAN_TIDAK_VALID', undefined, {
      fields: [
        {
          field: 'sentOn',
          message: 'Tanggal pengiriman wajib diisi (TTTT-BB-HH) dan tidak boleh setelah hari ini',
        },
      ],
    });
  }
  await deps.db.transaction().execute(async (tx) => {
    const r = await visibleReturn(tx, actor, returnId);
    await lockCardReader(tx, r.card_reader_id);
    const current = (await findReaderReturn(tx, returnId))!;
    if (!current.bast_number) throw new Refusal('KONFLIK', 'Buat BAST terlebih dahulu');
    if (current.sent_on) throw new Refusal('KONFLIK', 'Pengiriman sudah dicatat');
    if (day < current.bast_on!) {
      throw new Refusal('PERMINTAAN_TIDAK_VALID', 'Tanggal pengiriman sebelum tanggal BAST');
    }
    await updateReaderReturn(tx, returnId, { sent_on: day });
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId: r.agency_id,
      action: 'PEMBACA_SAM_DIKIRIM',
      target: `Pembaca KTP-el ${r.serial}`,
      detail: { cardReaderId: r.card_reader_id, returnId, bast: current.bast_number, sentOn: day },
    });
  });
}

/**
 * Dukcapil records receipt of the SAM and the BAST: the reader moves to SAM_DIKEMBALIKAN
 * (its TERIMA_SAM step, with the BAST's number as reference) and the return is closed.
 */
export async function recordReturnReceipt(
  deps: Deps,
  actor: ReaderActor,
  returnId: number,
  input: { receivedOn: string; note?: string | undefined },
): Promise<void> {
  const party = partyOf(actor);
  const now = deps.clock();
  const day = (input.receivedOn ?? '').trim();
  const note = (input.note ?? '').trim().slice(0, 500) || null;
  if (!isIsoDate(day) || day > wibDay(now)) {
    throw new Refusal('PERMINTAAN_TIDAK_VALID', undefined, {
      fields: [
        {
          field: 'receivedOn',
          message: 'Tanggal diterima wajib diisi (TTTT-BB-HH) dan tidak boleh setelah hari ini',
        },
      ],
    });
  }
  await deps.db.transaction().execute(async (tx) => {
    const r = await visibleReturn(tx, actor, returnId);
    const reader = (await lockCardReader(tx, r.card_reader_id))!;
    const current = (await findReaderReturn(tx, returnId))!;
    if (current.received_on) throw new Refusal('KONFLIK', 'Penerimaan sudah dicatat');
    if (!current.bast_number) {
      throw new Refusal('KONFLIK', 'Instansi belum membuat BAST pengembalian SAM');
    }
    const move = cardReaderTransition(reader.state as CardReaderState, 'TERIMA_SAM', party);
    if (!move.ok) throw new Refusal('KONFLIK', move.problem);
    await updateReaderReturn(tx, returnId, {
      received_on: day,
      received_by: actor.id,
      receipt_note: note,
    });
    await applyMove(tx, reader, 'TERIMA_SAM', move.to, now, actor.id, {
      reference: current.bast_number,
      onDate: day,
      reason: note,
    });
  });
}

/** The BAST of a SAM return as PDF, made from the stored record on each download. */
export async function returnBastPdf(
  deps: Deps,
  actor: Pick<Actor, 'agencyId'>,
  returnId: number,
): Promise<{ fileName: string; content: Buffer }> {
  const r = await visibleReturn(deps.db, actor, returnId);
  if (!r.bast_number || !r.bast_on) {
    throw new Refusal('KONFLIK', 'BAST pengembalian SAM belum dibuat');
  }
  const content = await renderSamReturnBast({
    nomor: r.bast_number,
    tanggal: r.bast_on,
    firstPartyName: DUKCAPIL_PARTY.name,
    firstPartyHeadTitle: DUKCAPIL_PARTY.headTitle,
    secondPartyName: r.agency_name,
    secondPartyHeadTitle:
      (await findAgencyById(deps.db, r.agency_id))?.head_title ?? `Kepala ${r.agency_name}`,
    agencyCode: r.agency_code,
    agreement: r.nomor_dukcapil
      ? { dukcapil: r.nomor_dukcapil, instansi: r.nomor_instansi ?? '' }
      : null,
    reason: r.reason,
    reader: {
      serial: r.serial,
      make: r.make,
      location: r.location,
      samNumber: r.sam_number,
      activation: r.activation_ref ? `${r.activation_ref} (${r.activated_on ?? ''})` : null,
    },
    samPulledOn: r.sam_pulled_on,
  });
  return { fileName: `${r.bast_number.replaceAll('/', '-')}.pdf`, content };
}
