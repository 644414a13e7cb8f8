import type { Actor } from '../../domain/actor.js';
import { ELEMENT_LABELS, isElement } from '../../domain/elements.js';
import { maskNik } from '../../domain/nik-mask.js';
import { parseNik } from '../../domain/nik.js';
import { purposeProblem } from '../../domain/purpose.js';
import type { FieldError } from '../../domain/refusals.js';
import { wibDateTime } from '../../domain/time.js';
import { recordAdminAction } from '../../store/admin-actions.js';
import { findAgencyById } from '../../store/agencies.js';
import {
  findConsent,
  insertConsent,
  listConsents,
  withdrawConsent,
} from '../../store/card-consents.js';
import { findCardReader } from '../../store/card-readers.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';
import { renderConsentForm } from './consent-pdf.js';

/**
 * Residents' consents to the agency keeping data read from their KTP-el (Juknis IV.F, SPEC
 * §5): recorded by the officer after the resident verified what was read and agreed, seen and
 * withdrawn by the agency, printed as a form for the resident to sign. A card read that asks
 * to keep elements no live consent covers is refused by the lookup statement.
 */

type ConsentActor = Pick<Actor, 'id' | 'role' | 'agencyId'>;

function agencyOf(actor: ConsentActor): number {
  if (actor.agencyId === null) throw new Refusal('TIDAK_BERWENANG');
  return actor.agencyId;
}

export interface ConsentInput {
  readonly nik: string;
  readonly readerId: number;
  readonly elements: readonly string[];
  readonly purpose: string;
  /** The officer confirms the resident checked the data read and agreed. */
  readonly residentAgreed: boolean;
}

export async function recordConsent(
  deps: Deps,
  actor: ConsentActor,
  input: ConsentInput,
): Promise<number> {
  const agencyId = agencyOf(actor);
  const now = deps.clock();
  const nik = (input.nik ?? '').trim();
  const elements = [...new Set(input.elements)];
  const problems: FieldError[] = [];
  const parsed = parseNik(nik, now);
  if (!parsed.ok)
    problems.push({ field: 'nik', message: 'NIK harus 16 digit sesuai format Dukcapil' });
  if (elements.length === 0 || !elements.every(isElement))
    problems.push({
      field: 'elements',
      message: 'Pilih sekurang-kurangnya satu elemen data yang boleh disimpan',
    });
  const purposeIssue = purposeProblem(input.purpose ?? '');
  if (purposeIssue) problems.push({ field: 'purpose', message: purposeIssue });
  const reader = Number.isInteger(input.readerId)
    ? await findCardReader(deps.db, input.readerId)
    : undefined;
  if (!reader || reader.agency_id !== agencyId || reader.state !== 'AKTIF')
    problems.push({ field: 'readerId', message: 'Pilih card reader aktif milik instansi Anda' });
  if (!input.residentAgreed)
    problems.push({
      field: 'residentAgreed',
      message: 'Penduduk harus memverifikasi data yang dibaca dan menyetujui penyimpanannya',
    });
  if (problems.length > 0) {
    throw new Refusal('PERMINTAAN_TIDAK_VALID', problems.map((p) => p.message).join('; '), {
      fields: problems,
    });
  }
  return deps.db.transaction().execute(async (tx) => {
    const id = await insertConsent(tx, {
      agencyId,
      readerId: reader!.id,
      nik,
      officerId: actor.id,
      at: now,
      elements,
      purpose: input.purpose.trim(),
    });
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId,
      action: 'PERSETUJUAN_KARTU_DICATAT',
      target: `Persetujuan ${id}`,
      // The NIK masked: the admin trail names the consent, not the person.
      detail: { consentId: id, nik: maskNik(nik), cardReaderId: reader!.id, elements },
    });
    return id;
  });
}

export async function consentsFor(deps: Deps, actor: ConsentActor) {
  return listConsents(deps.db, agencyOf(actor));
}

async function visibleConsent(deps: Deps, actor: ConsentActor, id: number) {
  const consent = await findConsent(deps.db, id);
  if (!consent || consent.agency_id !== agencyOf(actor)) {
    throw new Refusal('TIDAK_DITEMUKAN', 'Persetujuan tidak ditemukan');
  }
  return consent;
}

/** The agency withdraws a consent (the resident asked, or it was recorded in error). */
export async function withdrawCardConsent(
  deps: Deps,
  actor: ConsentActor,
  id: number,
  reason: string,
): Promise<void> {
  const why = (reason ?? '').trim();
  if (why.length < 5 || why.length > 500) {
    throw new Refusal('PERMINTAAN_TIDAK_VALID', undefined, {
      fields: [{ field: 'reason', message: 'Alasan penarikan wajib diisi (5–500 karakter)' }],
    });
  }
  const consent = await visibleConsent(deps, actor, id);
  const now = deps.clock();
  await deps.db.transaction().execute(async (tx) => {
    if (!(await withdrawConsent(tx, id, { at: now, by: actor.id, reason: why }))) {
      throw new Refusal('KONFLIK', 'Persetujuan ini sudah ditarik');
    }
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId: consent.agency_id,
      action: 'PERSETUJUAN_KARTU_DITARIK',
      target: `Persetujuan ${id}`,
      reason: why,
      detail: { consentId: id, nik: maskNik(consent.nik) },
    });
  });
}

/** The printable consent form, made from the record on each download. */
export async function consentFormPdf(
  deps: Deps,
  actor: ConsentActor,
  id: number,
): Promise<{ fileName: string; content: Buffer }> {
  const c = await visibleConsent(deps, actor, id);
  const agency = await findAgencyById(deps.db, c.agency_id);
  const content = await renderConsentForm({
    number: `PERSETUJUAN-${c.agency_code}-${String(c.id).padStart(6, '0')}`,
    agencyName: c.agency_name,
    agencyHeadTitle: agency?.head_title ?? `Kepala ${c.agency_name}`,
    nik: c.nik,
    reader: `${c.serial} (SAM ${c.sam_number})`,
    officer: `${c.officer_name} (${c.officer})`,
    givenAt: `${wibDateTime(c.given_at)} WIB`,
    elements: c.elements.map((e) => (isElement(e) ? ELEMENT_LABELS[e] : e)),
    purpose: c.purpose,
    withdrawn: c.withdrawn_at
      ? `${wibDateTime(c.withdrawn_at)} WIB: ${c.withdraw_reason ?? ''}`
      : null,
  });
  return { fileName: `persetujuan-${c.id}.pdf`, content };
}
