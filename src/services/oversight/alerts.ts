import type { Actor } from '../../domain/actor.js';
import { can } from '../../domain/permissions.js';
import {
  ALERT_STATE_LABELS,
  HEAD_ACTION_LABELS,
  HEAD_KIND_LABELS,
  HOLD_DECISION_LABELS,
  KIND_LABELS,
  REVIEW_ACTIONS,
  reviewProblem,
  SOURCE_LABELS,
  type AlertKind,
  type AlertSource,
  type AlertScope,
  type AlertState,
  type HoldDecision,
  type PatternPolicy,
  type StoredEvidence,
} from '../../domain/pattern-alert.js';
import { Refusal } from '../../domain/refusals.js';
import type { UserStatus } from '../../domain/user-status.js';
import { recordAdminAction } from '../../store/admin-actions.js';
import {
  countAlertsPerAgency,
  countOpenAlerts as countOpen,
  findAlert,
  listAgencyAlertRows,
  listAlerts as listAlertRows,
  moveAlert,
  recordHoldDecision,
  userLoginsOf,
  type AlertFilter,
  type AlertRow,
} from '../../store/pattern-alerts.js';
import type { Deps } from '../deps.js';
import { changeUserStatus } from '../users/user-actions.js';

/**
 * Dukcapil's work on the input-pattern alerts (issue 9 §2): the list with its filters, one
 * alert with its evidence, the review OPEN → DITINJAU → SELESAI (a note to close it), and the
 * decision on the user an alert held — released through the users' use case, or kept. Every
 * step is recorded in admin_action. The agency head reads their agency's alerts.
 */

/** Who works the alerts: a signed-in Dukcapil user (the review keeps who did it). */
export type AlertActor = Pick<Actor, 'id' | 'role' | 'agencyId'>;

export interface AlertView {
  readonly id: number;
  /** null: Dukcapil's own counter officer (source RIWAYAT_AKSES). */
  readonly agencyId: number | null;
  readonly agencyCode: string;
  readonly agencyName: string;
  readonly source: AlertSource;
  readonly sourceLabel: string;
  readonly agreementNumber: string | null;
  /** app_user.id and user ID of the user whose lookups made the finding. */
  readonly userId: number | null;
  readonly userLogin: string | null;
  readonly userStatus: UserStatus | null;
  readonly scope: AlertScope;
  readonly kind: AlertKind;
  readonly kindLabel: string;
  readonly action: PatternPolicy;
  readonly summary: string;
  readonly repeats: number;
  readonly state: AlertState;
  readonly stateLabel: string;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
}

/** One lookup of the evidence, as the alert page and the e-mail show it. */
export interface EvidenceView {
  readonly auditId: number;
  readonly at: Date;
  /** The user ID of who looked up (app_user.user_id). */
  readonly userLogin: string;
  /** Masked (maskNik). */
  readonly nik: string;
  readonly responseCode: string;
}

export interface AlertDetail extends AlertView {
  /** Oldest first. */
  readonly evidence: readonly EvidenceView[];
  readonly note: string | null;
  readonly reviewedAt: Date | null;
  readonly reviewer: string | null;
  readonly holdDecision: HoldDecision | null;
  readonly holdDecisionLabel: string | null;
  readonly holdDecidedAt: Date | null;
  readonly holdDecider: string | null;
  readonly holdReason: string | null;
  readonly mailedAt: Date | null;
}

/** Who an alert without an agency is about: Dukcapil's own counter (issue 14). */
const DUKCAPIL_COUNTER = {
  code: 'DUKCAPIL',
  name: 'Dinas Kependudukan dan Pencatatan Sipil (loket layanan)',
};

export function viewOf(row: AlertRow): AlertView {
  const kind = row.kind as AlertKind;
  const state = row.state as AlertState;
  return {
    id: Number(row.id),
    agencyId: row.agency_id,
    agencyCode: row.agency_code ?? DUKCAPIL_COUNTER.code,
    agencyName: row.agency_name ?? DUKCAPIL_COUNTER.name,
    source: row.source,
    sourceLabel: SOURCE_LABELS[row.source],
    agreementNumber: row.agreement_number,
    userId: row.user_id,
    userLogin: row.user_login,
    userStatus: row.user_status as UserStatus | null,
    scope: row.scope,
    kind,
    kindLabel: KIND_LABELS[kind] ?? kind,
    action: row.action as PatternPolicy,
    summary: row.summary,
    repeats: row.repeats,
    state,
    stateLabel: ALERT_STATE_LABELS[state] ?? state,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
  };
}

/** The stored evidence, read defensively: entries of another shape are left out. */
export function parseEvidence(raw: unknown): StoredEvidence[] {
  const list: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown) => {
    const e = item as Partial<Record<keyof StoredEvidence, unknown>>;
    if (typeof e?.auditId !== 'number' || typeof e.at !== 'string') return [];
    return [
      {
        auditId: e.auditId,
        at: e.at,
        userId: typeof e.userId === 'number' ? e.userId : 0,
        nik: typeof e.nik === 'string' ? e.nik : '—',
        responseCode: typeof e.responseCode === 'string' ? e.responseCode : '',
      },
    ];
  });
}

/** The evidence with each lookup's user ID, oldest first. */
export async function evidenceViews(deps: Pick<Deps, 'db'>, raw: unknown): Promise<EvidenceView[]> {
  const evidence = parseEvidence(raw).sort((a, b) => a.auditId - b.auditId);
  const logins = await userLoginsOf(
    deps.db,
    evidence.map((e) => e.userId),
  );
  return evidence.map((e) => ({
    auditId: e.auditId,
    at: new Date(e.at),
    userLogin: logins.get(e.userId) ?? '—',
    nik: e.nik,
    responseCode: e.responseCode,
  }));
}

function mayRead(actor: AlertActor): void {
  if (!can(actor.role, 'alert.viewAll')) throw new Refusal('TIDAK_BERWENANG');
}

function mayReview(actor: AlertActor): void {
  if (!can(actor.role, 'alert.review')) throw new Refusal('TIDAK_BERWENANG');
}

export interface AlertPage {
  readonly rows: readonly AlertView[];
  readonly total: number;
}

/** One page of alerts, newest first, by state, agency and kind. */
export async function listAlerts(
  deps: Deps,
  actor: AlertActor,
  filter: AlertFilter,
  page: { limit: number; offset: number },
): Promise<AlertPage> {
  mayRead(actor);
  const { rows, total } = await listAlertRows(deps.db, filter, page);
  return { rows: rows.map(viewOf), total };
}

async function detailOf(deps: Deps, id: number): Promise<AlertDetail> {
  const row = await findAlert(deps.db, id);
  if (!row) throw new Refusal('TIDAK_DITEMUKAN', 'Peringatan tidak ditemukan');
  const decision = row.hold_decision as HoldDecision | null;
  return {
    ...viewOf(row),
    evidence: await evidenceViews(deps, row.evidence),
    note: row.note,
    reviewedAt: row.reviewed_at,
    reviewer: row.reviewer,
    holdDecision: decision,
    holdDecisionLabel: decision ? HOLD_DECISION_LABELS[decision] : null,
    holdDecidedAt: row.hold_decided_at,
    holdDecider: row.hold_decider,
    holdReason: row.hold_reason,
    mailedAt: row.mailed_at,
  };
}

export async function getAlert(deps: Deps, actor: AlertActor, id: number): Promise<AlertDetail> {
  mayRead(actor);
  return detailOf(deps, id);
}

const alertTarget = (id: number) => `peringatan #${id}`;

/**
 * Moves an alert one review step (OPEN → DITINJAU → SELESAI); a note is required to close
 * it. Who and when are kept on the alert, and the step in admin_action.
 */
export async function reviewAlert(
  deps: Deps,
  actor: AlertActor,
  input: { id: number; to: string; note: string },
): Promise<AlertDetail> {
  mayReview(actor);
  const alert = await detailOf(deps, input.id);
  const note = input.note.trim();
  const to = input.to as AlertState;
  const problem =
    to === 'DITINJAU' || to === 'SELESAI'
      ? reviewProblem(alert.state, to, note)
      : { field: 'to', message: 'Pilih status tinjauan: Sedang ditinjau atau Selesai' };
  if (problem) {
    throw new Refusal('PERMINTAAN_TIDAK_VALID', problem.message, { fields: [problem] });
  }
  const now = deps.clock();
  await deps.db.transaction().execute(async (tx) => {
    const moved = await moveAlert(tx, {
      id: alert.id,
      from: alert.state,
      to,
      note: note || null,
      by: actor.id,
      at: now,
    });
    if (!moved) throw new Refusal('KONFLIK', 'Peringatan ini baru saja diubah oleh orang lain');
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId: alert.agencyId,
      action: REVIEW_ACTIONS[to as Exclude<AlertState, 'OPEN'>],
      target: alertTarget(alert.id),
      reason: note || null,
      detail: { from: alert.state, to },
    });
  });
  return detailOf(deps, alert.id);
}

function checkedReason(reason: string): string {
  const text = reason.trim();
  if (text.length < 3 || text.length > 500) {
    throw new Refusal('PERMINTAAN_TIDAK_VALID', 'Alasan harus diisi, 3–500 karakter', {
      fields: [{ field: 'reason', message: 'Alasan harus diisi, 3–500 karakter' }],
    });
  }
  return text;
}

async function heldUserOf(deps: Deps, actor: AlertActor, id: number) {
  mayReview(actor);
  const alert = await detailOf(deps, id);
  if (alert.userId === null || alert.userLogin === null) {
    throw new Refusal('STATUS_TIDAK_SESUAI', 'Peringatan ini tidak menyangkut satu pengguna');
  }
  return { alert, userLogin: alert.userLogin };
}

/**
 * Releases the user the alert held (reason required), through the users' use case: their
 * status goes back to AKTIF and their next lookup is served. A user who is not held is
 * refused (STATUS_TIDAK_SESUAI). The decision is kept on the alert.
 */
export async function releaseHeldUser(
  deps: Deps,
  actor: AlertActor,
  input: { id: number; reason: string },
): Promise<AlertDetail> {
  const reason = checkedReason(input.reason);
  const { alert, userLogin } = await heldUserOf(deps, actor, input.id);
  await changeUserStatus(deps, actor, {
    userId: userLogin,
    to: 'AKTIF',
    from: ['DITAHAN'],
    reason,
    alongside: async (tx, now) => {
      await recordHoldDecision(tx, {
        id: alert.id,
        decision: 'DILEPAS',
        by: actor.id,
        at: now,
        reason,
      });
      await recordAdminAction(tx, {
        at: now,
        actorId: actor.id,
        agencyId: alert.agencyId,
        action: 'PERINGATAN_POLA_TAHANAN_DILEPAS',
        target: alertTarget(alert.id),
        reason,
        detail: { user: userLogin },
      });
    },
  });
  return detailOf(deps, alert.id);
}

/**
 * Keeps the hold after looking into the alert (reason required): nothing changes for the
 * user, and the decision is recorded. Refused when the user is not held.
 */
export async function keepHold(
  deps: Deps,
  actor: AlertActor,
  input: { id: number; reason: string },
): Promise<AlertDetail> {
  const reason = checkedReason(input.reason);
  const { alert, userLogin } = await heldUserOf(deps, actor, input.id);
  if (alert.userStatus !== 'DITAHAN') {
    throw new Refusal(
      'STATUS_TIDAK_SESUAI',
      `User ID ${userLogin} tidak sedang ditahan; tidak ada tahanan yang dipertahankan`,
    );
  }
  const now = deps.clock();
  await deps.db.transaction().execute(async (tx) => {
    await recordHoldDecision(tx, {
      id: alert.id,
      decision: 'DIPERTAHANKAN',
      by: actor.id,
      at: now,
      reason,
    });
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId: alert.agencyId,
      action: 'PENGGUNA_TAHANAN_DIPERTAHANKAN',
      target: userLogin,
      reason,
      detail: { alertId: alert.id },
    });
  });
  return detailOf(deps, alert.id);
}

/** Alerts not yet closed, and of them the ones nobody has looked at: for the menu and overview. */
export async function countOpenAlerts(deps: Pick<Deps, 'db'>) {
  return countOpen(deps.db);
}

/**
 * An alert as the agency reads it (the head's usage page, and Dukcapil's page of the agency's
 * usage, which links to the alert's own page): no summary, no evidence, a planted NIK unnamed.
 * Deliberately without the kind itself, so that no attribute can name a honeytoken either.
 */
export interface AgencyAlertView {
  readonly id: number;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly userLogin: string | null;
  readonly scope: AlertScope;
  /** What was found; a honeytoken reads as an unusual input, never as a planted NIK. */
  readonly kindLabel: string;
  readonly actionLabel: string;
  readonly repeats: number;
  readonly state: AlertState;
  readonly stateLabel: string;
}

/**
 * The alerts of one agency, newest first (at most `limit`), as the agency reads them. The
 * caller checks that the reader may see the agency (the head: their own).
 */
export async function listAgencyAlerts(
  deps: Pick<Deps, 'db'>,
  agencyId: number,
  limit = 50,
): Promise<AgencyAlertView[]> {
  const rows = await listAgencyAlertRows(deps.db, agencyId, limit);
  return rows.map((row) => {
    const view = viewOf(row);
    return {
      id: view.id,
      createdAt: view.createdAt,
      lastSeenAt: view.lastSeenAt,
      userLogin: view.userLogin,
      scope: view.scope,
      kindLabel: HEAD_KIND_LABELS[view.kind] ?? view.kind,
      actionLabel: HEAD_ACTION_LABELS[view.action] ?? view.action,
      repeats: view.repeats,
      state: view.state,
      stateLabel: view.stateLabel,
    };
  });
}

/** How many alerts an agency has: all, not yet closed (OPEN, DITINJAU), and unread (OPEN). */
export interface AgencyAlertCounts {
  readonly total: number;
  readonly open: number;
  readonly unread: number;
}

export const NO_ALERTS: AgencyAlertCounts = Object.freeze({ total: 0, open: 0, unread: 0 });

/**
 * The alert counts per agency id (agencies without alerts are absent: NO_ALERTS), of every
 * agency or of one. The caller checks that the reader may see them.
 */
export async function alertCountsPerAgency(
  deps: Pick<Deps, 'db'>,
  agencyId?: number,
): Promise<ReadonlyMap<number, AgencyAlertCounts>> {
  const rows = await countAlertsPerAgency(deps.db, agencyId);
  return new Map(
    rows.map((r) => [r.agency_id, { total: r.total, open: r.open, unread: r.unread }]),
  );
}
