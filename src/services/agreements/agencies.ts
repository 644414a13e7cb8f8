import type { ActingParty, Actor } from '../../domain/actor.js';
import { reasonProblem } from '../../domain/agreement-record.js';
import { wibDay } from '../../domain/time.js';
import { listAdminActions, recordAdminAction } from '../../store/admin-actions.js';
import {
  countAgencyUsers,
  findAgencyByCode,
  findAgencyById,
  insertAgency,
  listAgencies,
  lockAgency,
  revokeAgencySessions,
  setAgencyStatus,
  updateAgency,
  type AgencyDetails,
  type AgencyFilter,
} from '../../store/agencies.js';
import type { Executor } from '../../store/db.js';
import {
  agreementsOfAgency,
  ownAgencyId,
  ownAgreements,
  PAGE_SIZE,
  type AgreementView,
  type Paged,
} from './agreement-queries.js';
import { inTransaction, refusingDuplicate } from './transactions.js';
import { Refusal } from '../errors.js';

/**
 * Agencies (OPD / lembaga pengguna): registered, edited, deactivated and reactivated by
 * Dukcapil. An agency's history is its rows in admin_action (INSTANSI_* and, for its
 * agreements and users, PKS_* and the rest): one append-only record of administrative
 * actions, already indexed by agency, so no table of its own.
 */

export const AGENCY_CODE_PATTERN = /^[A-Z0-9_]{2,20}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const PHONE = /^[0-9+() .-]{5,30}$/;

export interface AgencyInput {
  readonly name: string;
  readonly address?: string | null;
  readonly headTitle?: string | null;
  readonly headName?: string | null;
  readonly email?: string | null;
  readonly phone?: string | null;
}

const optional = (value: string | null | undefined) => value?.trim() || null;

/**
 * The agency's details, checked. The console and the JSON API require the address and the
 * head's title (`complete`); the command line and the demo may record an agency with its
 * code and name only, to be completed later.
 */
export function checkedAgencyDetails(input: AgencyInput, complete: boolean): AgencyDetails {
  const details: AgencyDetails = {
    name: input.name.trim(),
    address: optional(input.address),
    headTitle: optional(input.headTitle),
    headName: optional(input.headName),
    email: optional(input.email)?.toLowerCase() ?? null,
    phone: optional(input.phone),
  };
  const problems: string[] = [];
  const within = (label: string, value: string | null, min: number, max: number) => {
    if (value !== null && (value.length < min || value.length > max))
      problems.push(`${label} ${min}–${max} karakter`);
  };
  within('Nama instansi', details.name, 3, 200);
  if (complete && details.address === null) problems.push('Alamat instansi wajib diisi');
  within('Alamat instansi', details.address, 5, 300);
  if (complete && details.headTitle === null)
    problems.push('Jabatan pimpinan instansi wajib diisi');
  within('Jabatan pimpinan instansi', details.headTitle, 3, 200);
  within('Nama pimpinan instansi', details.headName, 3, 120);
  if (details.email !== null && (details.email.length > 200 || !EMAIL.test(details.email)))
    problems.push('Alamat email tidak sah');
  if (details.phone !== null && !PHONE.test(details.phone))
    problems.push('Nomor telepon 5–30 karakter: angka, spasi, +, (, ), titik atau strip');
  if (problems.length > 0) throw new Refusal('PERMINTAAN_TIDAK_VALID', problems.join('; '));
  return details;
}

export function normalizedAgencyCode(code: string): string {
  const normalized = code.trim().toUpperCase();
  if (!AGENCY_CODE_PATTERN.test(normalized)) {
    throw new Refusal(
      'PERMINTAAN_TIDAK_VALID',
      'Kode instansi 2–20 karakter: huruf besar, angka atau garis bawah',
    );
  }
  return normalized;
}

/** Registers an agency; it is active at once (its users still need an agreement in force). */
export async function registerAgency(
  db: Executor,
  actor: Pick<ActingParty, 'id'>,
  input: AgencyInput & { readonly code: string },
  now: Date,
  options: { readonly complete: boolean } = { complete: true },
): Promise<number> {
  const code = normalizedAgencyCode(input.code);
  const details = checkedAgencyDetails(input, options.complete);
  return inTransaction(db, async (tx) => {
    if (await findAgencyByCode(tx, code))
      throw new Refusal('PERMINTAAN_TIDAK_VALID', `Instansi ${code} sudah terdaftar`);
    const id = await refusingDuplicate(
      insertAgency(tx, { code, ...details }),
      `Instansi ${code} sudah terdaftar`,
    );
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId: id,
      action: 'INSTANSI_DIDAFTARKAN',
      target: code,
      detail: { after: details },
    });
    return id;
  });
}

function detailsOf(row: {
  name: string;
  address: string | null;
  head_title: string | null;
  head_name: string | null;
  email: string | null;
  phone: string | null;
}): AgencyDetails {
  return {
    name: row.name,
    address: row.address,
    headTitle: row.head_title,
    headName: row.head_name,
    email: row.email,
    phone: row.phone,
  };
}

/**
 * Edits an agency's details (its code stays). A new name does not rename its agreements: a
 * change of name or institution ends the agreement (SPEC §4), which Dukcapil records itself.
 */
export async function editAgency(
  db: Executor,
  actor: Pick<ActingParty, 'id'>,
  agencyId: number,
  input: AgencyInput,
  now: Date,
): Promise<void> {
  const after = checkedAgencyDetails(input, true);
  await inTransaction(db, async (tx) => {
    const agency = await lockAgency(tx, agencyId);
    if (!agency) throw new Refusal('TIDAK_ADA', 'Instansi tidak ditemukan');
    const before = detailsOf(agency);
    await updateAgency(tx, agencyId, after);
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId,
      action: 'INSTANSI_DIUBAH',
      target: agency.code,
      detail: { before, after },
    });
  });
}

/**
 * Deactivates an agency: from this moment every user of it gets INSTANSI_TIDAK_AKTIF, and
 * their live sessions and tokens are ended in the same transaction. Returns how many.
 */
export async function deactivateAgency(
  db: Executor,
  actor: Pick<ActingParty, 'id'>,
  agencyId: number,
  reason: string,
  now: Date,
): Promise<number> {
  const problem = reasonProblem(reason);
  if (problem) throw new Refusal('PERMINTAAN_TIDAK_VALID', problem);
  return inTransaction(db, async (tx) => {
    const agency = await lockAgency(tx, agencyId);
    if (!agency) throw new Refusal('TIDAK_ADA', 'Instansi tidak ditemukan');
    if (agency.status !== 'AKTIF')
      throw new Refusal('PERMINTAAN_TIDAK_VALID', `Instansi ${agency.code} sudah nonaktif`);
    await setAgencyStatus(tx, agencyId, 'NON_AKTIF');
    const revokedSessions = await revokeAgencySessions(tx, agencyId, now);
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId,
      action: 'INSTANSI_DINONAKTIFKAN',
      target: agency.code,
      reason: reason.trim(),
      detail: { revokedSessions },
    });
    return revokedSessions;
  });
}

/** Reactivates an agency; its users log in again (with an agreement in force). */
export async function reactivateAgency(
  db: Executor,
  actor: Pick<ActingParty, 'id'>,
  agencyId: number,
  reason: string,
  now: Date,
): Promise<void> {
  const problem = reasonProblem(reason);
  if (problem) throw new Refusal('PERMINTAAN_TIDAK_VALID', problem);
  await inTransaction(db, async (tx) => {
    const agency = await lockAgency(tx, agencyId);
    if (!agency) throw new Refusal('TIDAK_ADA', 'Instansi tidak ditemukan');
    if (agency.status === 'AKTIF')
      throw new Refusal('PERMINTAAN_TIDAK_VALID', `Instansi ${agency.code} sudah aktif`);
    await setAgencyStatus(tx, agencyId, 'AKTIF');
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId,
      action: 'INSTANSI_DIAKTIFKAN',
      target: agency.code,
      reason: reason.trim(),
    });
  });
}

// ——— Reading ———

export interface AgencySummary {
  readonly id: number;
  readonly code: string;
  readonly name: string;
  readonly status: 'AKTIF' | 'NON_AKTIF';
  /** Number of the agreement in force today, if any. */
  readonly agreementInForce: string | null;
  readonly agreementEndsOn: string | null;
  readonly users: number;
}

export async function listAgenciesPage(
  db: Executor,
  filter: Omit<AgencyFilter, 'today'>,
  page: number,
  today: string,
): Promise<Paged<AgencySummary>> {
  const { rows, total } = await listAgencies(
    db,
    { ...filter, today },
    { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
  );
  return {
    rows: rows.map((row) => ({
      id: row.id,
      code: row.code,
      name: row.name,
      status: row.status as 'AKTIF' | 'NON_AKTIF',
      agreementInForce: row.agreement_in_force ?? null,
      agreementEndsOn: row.agreement_ends_on ?? null,
      users: row.users,
    })),
    total,
    page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
  };
}

export interface AgencyHistoryEntry {
  readonly at: Date;
  readonly action: string;
  readonly target: string;
  readonly actor: string | null;
  readonly reason: string | null;
}

export interface AgencyDetail extends AgencyDetails {
  readonly id: number;
  readonly code: string;
  readonly status: 'AKTIF' | 'NON_AKTIF';
  readonly createdAt: Date;
  readonly users: number;
  readonly agreements: readonly AgreementView[];
  /** Newest first: the agency's administrative record (agency, agreements, users). */
  readonly history: readonly AgencyHistoryEntry[];
}

export const AGENCY_HISTORY_LIMIT = 50;

export async function getAgencyDetail(
  db: Executor,
  agencyId: number,
  now: Date,
): Promise<AgencyDetail> {
  const agency = await findAgencyById(db, agencyId);
  if (!agency) throw new Refusal('TIDAK_ADA', 'Instansi tidak ditemukan');
  const [users, agreements, actions] = await Promise.all([
    countAgencyUsers(db, agencyId),
    agreementsOfAgency(db, agencyId, wibDay(now)),
    // The counter's service cases (LAYANAN_*) have their own pages; they would crowd out the
    // agency's and its agreements' record here.
    listAdminActions(db, { agencyId, limit: AGENCY_HISTORY_LIMIT, excludePrefix: 'LAYANAN_' }),
  ]);
  return {
    id: agency.id,
    code: agency.code,
    status: agency.status as 'AKTIF' | 'NON_AKTIF',
    createdAt: agency.created_at,
    ...detailsOf(agency),
    users,
    agreements,
    history: actions.map((row) => ({
      at: row.at,
      action: row.action,
      target: row.target,
      actor: row.actor,
      reason: row.reason,
    })),
  };
}

/** What an agency's head sees of their own agency: its record and its signed agreements. */
export async function ownAgency(db: Executor, actor: Pick<Actor, 'agencyId'>, now: Date) {
  const agency = await findAgencyById(db, ownAgencyId(actor));
  if (!agency) throw new Refusal('TIDAK_ADA', 'Instansi tidak ditemukan');
  return {
    agency: {
      code: agency.code,
      name: agency.name,
      address: agency.address,
      headTitle: agency.head_title,
    },
    agreements: await ownAgreements(db, actor, wibDay(now)),
  };
}
