import crypto from 'node:crypto';
import type { ActingParty } from '../../domain/actor.js';
import { composeNik } from '../../domain/nik.js';
import { can } from '../../domain/permissions.js';
import { Refusal } from '../../domain/refusals.js';
import type { Resident } from '../../domain/resident.js';
import { wibDay } from '../../domain/time.js';
import { recordAdminAction } from '../../store/admin-actions.js';
import {
  highestSerial,
  insertHoneytoken,
  listHoneytokenRows,
  nikTaken,
} from '../../store/honeytokens.js';
import type { Deps } from '../deps.js';
import { generateResidents } from '../registry/generate.js';

/**
 * Honeytokens (issue 9 §2 f): made-up residents of Kabupaten Purbalingga that Dukcapil plants
 * in the register. Their NIKs are valid in every part — a district of Purbalingga, a real
 * birth date (plus 40 for women), a serial — and the serial is the next one after those in
 * use for that district, birth date and sex, where a sweep of serials meets it and no
 * resident of the register holds it. A lookup of one answers like any other (the caller
 * cannot tell) and holds the user, whatever the agency's policy.
 *
 * The NIKs are secret: they are never logged nor written in the administrative history
 * (which records only how many were planted); `gerbang honeytoken tanam` and `daftar` print
 * them for the Dukcapil officer, who keeps them away from the agencies.
 */

export const MAX_PLANTED_AT_ONCE = 100;

/** What admin_action records (the count, never the NIKs). */
export const HONEYTOKENS_RECORDED = 'HONEYTOKEN_DITANAM';

/** Made-up residents who look like an ordinary adult applicant. */
function* applicants(today: string): Generator<Resident> {
  // A fresh seed each time: the planted people follow no sequence anyone could replay.
  const seed = crypto.randomBytes(16).toString('hex');
  const year = Number(today.slice(0, 4));
  for (const person of generateResidents({ count: 100_000, seed, referenceDate: today })) {
    const age = year - Number(person.tanggalLahir.slice(0, 4));
    if (person.status === 'AKTIF' && age >= 18 && age <= 70) yield person;
  }
}

/**
 * Plants `count` honeytokens in one transaction (all or none) and returns their NIKs. Dukcapil
 * admins only (the command line acts as one).
 */
export async function plantHoneytokens(
  deps: Deps,
  actor: ActingParty,
  input: { count: number; note?: string | undefined },
): Promise<string[]> {
  if (!can(actor.role, 'pattern.configure')) throw new Refusal('TIDAK_BERWENANG');
  const { count } = input;
  if (!Number.isInteger(count) || count < 1 || count > MAX_PLANTED_AT_ONCE) {
    throw new Refusal(
      'PERMINTAAN_TIDAK_VALID',
      `Jumlah NIK penanda harus bilangan bulat 1–${MAX_PLANTED_AT_ONCE}`,
    );
  }
  const note = input.note?.trim() || null;
  if (note !== null && note.length > 200) {
    throw new Refusal('PERMINTAAN_TIDAK_VALID', 'Catatan paling banyak 200 karakter');
  }
  const now = deps.clock();
  return deps.db.transaction().execute(async (tx) => {
    const planted: string[] = [];
    for (const person of applicants(wibDay(now))) {
      if (planted.length === count) break;
      const prefix = person.nik.slice(0, 12);
      const serial = (await highestSerial(tx, prefix)) + 1;
      if (serial > 9999) continue;
      const nik = composeNik(
        prefix.slice(0, 6),
        person.tanggalLahir,
        person.jenisKelamin,
        serial,
      ) as string;
      if (planted.includes(nik) || (await nikTaken(tx, nik))) continue;
      await insertHoneytoken(tx, { resident: { ...person, nik }, plantedAt: now, note });
      planted.push(nik);
    }
    if (planted.length < count) {
      throw new Refusal('GANGGUAN_SERVER', 'NIK penanda tidak dapat dibuat sebanyak yang diminta');
    }
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId: null,
      action: HONEYTOKENS_RECORDED,
      target: 'register penduduk',
      reason: note,
      detail: { count },
    });
    return planted;
  });
}

export interface HoneytokenView {
  readonly nik: string;
  readonly plantedAt: Date;
  readonly note: string | null;
  /** False when a registry import has since removed the made-up resident. */
  readonly inRegister: boolean;
}

export async function listHoneytokens(
  deps: Pick<Deps, 'db'>,
  actor: ActingParty,
): Promise<HoneytokenView[]> {
  if (!can(actor.role, 'pattern.configure')) throw new Refusal('TIDAK_BERWENANG');
  const rows = await listHoneytokenRows(deps.db);
  return rows.map((row) => ({
    nik: row.nik,
    plantedAt: row.planted_at,
    note: row.note,
    inRegister: row.in_register,
  }));
}
