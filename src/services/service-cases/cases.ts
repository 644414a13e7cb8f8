import type { Actor } from '../../domain/actor.js';
import { NIK_PROBLEM_TEXT, parseNik } from '../../domain/nik.js';
import { can } from '../../domain/permissions.js';
import type { FieldError } from '../../domain/refusals.js';
import { reachedResident, type ResponseCode } from '../../domain/responses.js';
import {
  actionsIn,
  APPLICATION_NUMBER_MAX,
  CASE_ACTION_LABELS,
  CASE_STATE_LABELS,
  caseNumber,
  DOCUMENT_NUMBER_MAX,
  isCaseState,
  nextState,
  noteProblem,
  numberProblem,
  type CaseAction,
  type CaseState,
} from '../../domain/service-case.js';
import { wibDay } from '../../domain/time.js';
import { recordAdminAction } from '../../store/admin-actions.js';
import { findAgencyById } from '../../store/agencies.js';
import { findAgreementInForce } from '../../store/agreements.js';
import type { Executor } from '../../store/db.js';
import {
  findLastCheckAnswer,
  findServiceCase,
  insertCaseEvent,
  insertServiceCase,
  moveServiceCase,
  nextCaseSequence,
  type CaseChanges,
  type ServiceCaseRow,
} from '../../store/service-cases.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';
import { serviceKindsOf } from './kinds.js';

/**
 * The counter's service cases (issue 12 item 1, SPEC §7): opening a case and every step of
 * it but the lookup (check.ts) and the return data (return-data.ts). Each step is one
 * transaction that moves the case only from the states the domain's table allows (a second
 * click or another officer first is KONFLIK), writes the case's history and the admin trail.
 * An officer reaches only their own agency's cases: any other is "not found".
 */

export type CaseOfficer = Pick<Actor, 'id' | 'role' | 'agencyId'>;

/** The agency of an officer who may work cases; anyone else is refused. */
export function officerAgency(actor: Pick<Actor, 'role' | 'agencyId'>): number {
  if (!can(actor.role, 'serviceCase.handle') || actor.agencyId === null) {
    throw new Refusal('TIDAK_BERWENANG');
  }
  return actor.agencyId;
}

export interface ServiceCaseView {
  readonly id: number;
  readonly caseNumber: string;
  readonly applicationNumber: string;
  readonly kindCode: string;
  readonly kindLabel: string;
  readonly documentLabel: string;
  readonly nik: string;
  readonly state: CaseState;
  readonly stateLabel: string;
  readonly openedAt: Date;
  readonly updatedAt: Date;
  readonly checks: number;
  readonly lastCheckedAt: Date | null;
  readonly documentNumber: string | null;
  readonly issuedAt: Date | null;
  readonly handedOverAt: Date | null;
  readonly returnSentAt: Date | null;
  readonly closedAt: Date | null;
  readonly handledBy: { readonly userId: string; readonly name: string };
  /** What the officer may do next, in the order of the flow. */
  readonly actions: readonly CaseAction[];
}

export function caseView(row: ServiceCaseRow): ServiceCaseView {
  if (!isCaseState(row.state)) throw new Error(`Status layanan tidak dikenal: ${row.state}`);
  return {
    id: row.id,
    caseNumber: row.case_number,
    applicationNumber: row.application_number,
    kindCode: row.kind_code,
    kindLabel: row.kind_label,
    documentLabel: row.document_label,
    nik: row.nik,
    state: row.state,
    stateLabel: CASE_STATE_LABELS[row.state],
    openedAt: new Date(row.opened_at),
    updatedAt: new Date(row.updated_at),
    checks: row.checks,
    lastCheckedAt: row.last_checked_at,
    documentNumber: row.document_number,
    issuedAt: row.issued_at,
    handedOverAt: row.handed_over_at,
    returnSentAt: row.return_sent_at,
    closedAt: row.closed_at,
    handledBy: { userId: row.handled_by_user_id, name: row.handled_by_name },
    actions: actionsIn(row.state),
  };
}

/** A case of the officer's agency, or TIDAK_DITEMUKAN (also for another agency's). */
export async function loadCase(db: Executor, actor: CaseOfficer, id: number) {
  const agencyId = officerAgency(actor);
  const row =
    Number.isSafeInteger(id) && id > 0 ? await findServiceCase(db, agencyId, id) : undefined;
  if (!row) throw new Refusal('TIDAK_DITEMUKAN', 'Layanan tidak ditemukan');
  return row;
}

function invalid(fields: FieldError[]): Refusal {
  return new Refusal('PERMINTAAN_TIDAK_VALID', fields.map((f) => f.message).join('; '), { fields });
}

/** The NIK as the applicant's documents give it: 16 digits in Dukcapil's format. */
function nikProblem(nik: string, now: Date): string | undefined {
  const parsed = parseNik(nik, now);
  return parsed.ok
    ? undefined
    : `NIK pemohon tidak sesuai format Dukcapil: ${NIK_PROBLEM_TEXT[parsed.problem]}`;
}

export interface OpenCaseInput {
  readonly applicationNumber: string;
  readonly kindCode: string;
  readonly nik: string;
}

/**
 * Steps 1–2: the applicant's application received and checked; the case is opened with its
 * number (LYN/<agency>/<year>/<n>), the kind of service of the agency's agreement, and the
 * applicant's NIK — typed once, here, and never again for this case.
 */
export async function openCase(
  deps: Deps,
  actor: CaseOfficer,
  input: OpenCaseInput,
): Promise<{ id: number; caseNumber: string }> {
  const agencyId = officerAgency(actor);
  const now = deps.clock();
  const day = wibDay(now);
  const agreement = await findAgreementInForce(deps.db, agencyId, day);
  if (!agreement) throw new Refusal('INSTANSI_TIDAK_AKTIF');
  const kinds = await serviceKindsOf(deps.db, agreement.id);

  const applicationNumber = input.applicationNumber.trim();
  const nik = input.nik.trim();
  const kind = kinds.find((k) => k.code === input.kindCode);
  const fields: FieldError[] = [];
  const numberError = numberProblem('Nomor permohonan', applicationNumber, APPLICATION_NUMBER_MAX);
  if (numberError) fields.push({ field: 'nomorPermohonan', message: numberError });
  if (!kind) {
    fields.push({ field: 'jenis', message: 'Pilih jenis layanan dari daftar PKS instansi Anda' });
  }
  const nikError = nikProblem(nik, now);
  if (nikError) fields.push({ field: 'nik', message: nikError });
  if (fields.length > 0 || !kind) throw invalid(fields);

  const agency = await findAgencyById(deps.db, agencyId);
  if (!agency) throw new Refusal('INSTANSI_TIDAK_AKTIF');
  return deps.db.transaction().execute(async (trx) => {
    const year = Number(day.slice(0, 4));
    const number = caseNumber(agency.code, year, await nextCaseSequence(trx, agencyId, year));
    const id = await insertServiceCase(trx, {
      agencyId,
      agreementId: agreement.id,
      caseNumber: number,
      applicationNumber,
      kindCode: kind.code,
      kindLabel: kind.label,
      documentLabel: kind.documentLabel,
      nik,
      officerId: actor.id,
      at: now,
    });
    await insertCaseEvent(trx, {
      caseId: id,
      at: now,
      actorId: actor.id,
      action: 'BUKA',
      fromState: null,
      toState: 'TERBUKA',
    });
    await recordAdminAction(trx, {
      at: now,
      actorId: actor.id,
      agencyId,
      action: 'LAYANAN_DIBUKA',
      target: number,
      detail: { nik, jenis: kind.code, nomorPermohonan: applicationNumber },
    });
    return { id, caseNumber: number };
  });
}

/** The admin trail's verb of each step. */
const TRAIL_ACTIONS: Readonly<Record<CaseAction, string>> = {
  PERIKSA: 'LAYANAN_DIPERIKSA',
  SESUAI: 'LAYANAN_SESUAI',
  TIDAK_SESUAI: 'LAYANAN_TIDAK_SESUAI',
  CATAT_PERBAIKAN: 'LAYANAN_DIPERBAIKI',
  TERBITKAN: 'LAYANAN_DITERBITKAN',
  SERAHKAN: 'LAYANAN_DISERAHKAN',
  KIRIM_DATA_BALIKAN: 'LAYANAN_DATA_BALIKAN_DIKIRIM',
  TUTUP: 'LAYANAN_SELESAI',
  BATALKAN: 'LAYANAN_DIBATALKAN',
};

/** KONFLIK naming the step and the case's state, unless the step is open in it. */
export function requireStep(row: ServiceCaseRow, action: CaseAction): CaseState {
  const state = row.state as CaseState;
  const to = isCaseState(row.state) ? nextState(state, action) : undefined;
  if (!to) {
    throw new Refusal(
      'KONFLIK',
      `Langkah "${CASE_ACTION_LABELS[action]}" tidak dapat dilakukan: status layanan ${row.case_number} saat ini "${CASE_STATE_LABELS[state] ?? row.state}"`,
    );
  }
  return to;
}

/**
 * Moves the case one step in the open transaction: the state (only from where it was read),
 * the case's history and the admin trail.
 */
export async function moveCase(
  trx: Executor,
  input: {
    readonly actor: CaseOfficer;
    readonly row: ServiceCaseRow;
    readonly action: CaseAction;
    readonly at: Date;
    readonly changes?: CaseChanges;
    readonly note?: string | null;
    readonly auditId?: number | null;
    readonly detail?: Readonly<Record<string, unknown>>;
  },
): Promise<void> {
  const { row, action, actor, at } = input;
  const to = requireStep(row, action);
  const moved = await moveServiceCase(trx, {
    id: row.id,
    from: [row.state],
    to,
    actorId: actor.id,
    at,
    changes: input.changes ?? {},
  });
  if (!moved) {
    throw new Refusal(
      'KONFLIK',
      `Layanan ${row.case_number} baru saja diubah oleh petugas lain; muat ulang halamannya`,
    );
  }
  await insertCaseEvent(trx, {
    caseId: row.id,
    at,
    actorId: actor.id,
    action,
    fromState: row.state,
    toState: to,
    note: input.note ?? null,
    auditId: input.auditId ?? null,
  });
  await recordAdminAction(trx, {
    at,
    actorId: actor.id,
    agencyId: row.agency_id,
    action: TRAIL_ACTIONS[action],
    target: row.case_number,
    reason: input.note ?? null,
    detail: { dari: row.state, ke: to, ...(input.detail ?? {}) },
  });
}

/**
 * 4a needs a check that reached the register: "not found" leads to 4b (the applicant
 * corrects), and return data would be refused for a NIK the agency never reached. The answer
 * is read from the check's audit row; the case itself keeps none.
 */
async function requireResidentReached(db: Executor, row: ServiceCaseRow): Promise<void> {
  const answer = await findLastCheckAnswer(db, row.id);
  if (answer === undefined || !reachedResident(answer as ResponseCode)) {
    throw new Refusal(
      'KONFLIK',
      'NIK pemohon tidak ditemukan pada pemeriksaan terakhir, sehingga permohonan tidak dapat disetujui: catat "tidak sesuai" dan minta pemohon memperbaiki dokumen',
    );
  }
}

export interface StepInput {
  /** What to correct (TIDAK_SESUAI), what was corrected (CATAT_PERBAIKAN), why (BATALKAN). */
  readonly note?: string | undefined;
  /** CATAT_PERBAIKAN: the NIK as corrected, when the correction is the NIK itself. */
  readonly correctedNik?: string | undefined;
  /** TERBITKAN: the number of the document issued. */
  readonly documentNumber?: string | undefined;
}

/** The steps taken with the officer's words alone (the lookup and return data have their own). */
export type PlainStep = Exclude<CaseAction, 'PERIKSA' | 'KIRIM_DATA_BALIKAN'>;

const NOTE_LABELS: Partial<Record<PlainStep, string>> = {
  TIDAK_SESUAI: 'Hal yang harus diperbaiki pemohon',
  CATAT_PERBAIKAN: 'Perbaikan yang diterima',
  BATALKAN: 'Alasan pembatalan',
};

/**
 * Step 4 (decision), 8–9 (correction recorded), issue, 5 (hand-over), 7 (close) or cancel.
 * Every problem of the input is refused by field in Bahasa Indonesia; nothing is written.
 */
export async function takeStep(
  deps: Deps,
  actor: CaseOfficer,
  id: number,
  action: PlainStep,
  input: StepInput = {},
): Promise<ServiceCaseView> {
  const now = deps.clock();
  const row = await loadCase(deps.db, actor, id);
  requireStep(row, action);
  if (action === 'SESUAI') await requireResidentReached(deps.db, row);
  const fields: FieldError[] = [];
  const noteLabel = NOTE_LABELS[action];
  const note = noteLabel ? (input.note ?? '').trim() : null;
  if (noteLabel) {
    const problem = noteProblem(noteLabel, note ?? '');
    if (problem) fields.push({ field: 'catatan', message: problem });
  }
  const changes: { -readonly [K in keyof CaseChanges]: CaseChanges[K] } = {};
  const detail: Record<string, unknown> = {};
  if (action === 'CATAT_PERBAIKAN') {
    const corrected = (input.correctedNik ?? '').trim();
    if (corrected !== '' && corrected !== row.nik) {
      const problem = nikProblem(corrected, now);
      if (problem) fields.push({ field: 'nikPerbaikan', message: problem });
      changes.nik = corrected;
      detail.nikSebelumnya = row.nik;
      detail.nik = corrected;
    }
  }
  if (action === 'TERBITKAN') {
    const number = (input.documentNumber ?? '').trim();
    const problem = numberProblem(row.document_label, number, DOCUMENT_NUMBER_MAX);
    if (problem) fields.push({ field: 'nomorDokumen', message: problem });
    changes.documentNumber = number;
    changes.issuedAt = now;
    detail.nomorDokumen = number;
  }
  if (action === 'SERAHKAN') changes.handedOverAt = now;
  if (action === 'TUTUP' || action === 'BATALKAN') changes.closedAt = now;
  if (fields.length > 0) throw invalid(fields);

  await deps.db
    .transaction()
    .execute((trx) => moveCase(trx, { actor, row, action, at: now, changes, note, detail }));
  return caseView((await findServiceCase(deps.db, row.agency_id, row.id))!);
}
