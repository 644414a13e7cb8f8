import type { ActingParty } from '../../domain/actor.js';
import { can } from '../../domain/permissions.js';
import {
  checkPatternSettings,
  effectiveAction,
  type AlertSource,
  operatorWarning,
  storedEvidence,
  type AlertFinding,
  type PatternPolicy,
  type PatternSettings,
  type PolicyInput,
  type ServiceHours,
} from '../../domain/pattern-alert.js';
import { Refusal } from '../../domain/refusals.js';
import { CLI_ACTOR } from '../../domain/user-scope.js';
import { recordAdminAction } from '../../store/admin-actions.js';
import type { Executor } from '../../store/db.js';
import { requireReasonNext, upsertAlert } from '../../store/pattern-alerts.js';
import { findPatternSettings, updatePatternSettings } from '../../store/pattern-policy.js';
import { findUserCardById } from '../../store/users.js';
import type { Deps } from '../deps.js';
import { changeUserStatus } from '../users/user-actions.js';

/**
 * What the input-pattern policy does after a lookup whose pattern the detector flagged
 * (issue 9 §2): every finding becomes (or adds to) an alert for Dukcapil, and the agreement's
 * policy acts on the user — PERINGATAN warns, ALASAN also makes the next lookup need a written
 * reason, BLOKIR holds the user (their next lookup answers AKSES_DITAHAN). A honeytoken holds
 * the user whatever the policy. Each change is recorded in admin_action in its transaction.
 */

export interface PolicyContext {
  /** null for Dukcapil's own officer (source RIWAYAT_AKSES): no agency, no agreement. */
  readonly agencyId: number | null;
  readonly agreementId: number | null;
  /** What the findings are in (default: agencies' lookups). */
  readonly source?: AlertSource;
  /** app_user.id of the user whose lookup made the findings. */
  readonly userId: number;
  readonly policy: PatternPolicy;
}

export interface PolicyEffect {
  /** The text the operator reads (Bahasa Indonesia); set whenever there were findings. */
  readonly warning?: string;
  /** ALASAN: the user's next lookup must carry a written reason. */
  readonly reasonRequiredNext: boolean;
  /** The user is held (BLOKIR or a honeytoken): the next lookup answers AKSES_DITAHAN. */
  readonly held: boolean;
}

/** The policy acts on its own: recorded without an actor, as the command line is. */
const SYSTEM: ActingParty = CLI_ACTOR;

/** What admin_action records when findings open or add to alerts. */
export const FINDINGS_RECORDED = 'POLA_INPUT_TERDETEKSI';

/** The reason a hold is recorded with; the alert says what was found. */
const HOLD_REASON =
  'Ditahan otomatis oleh kebijakan pola input NIK: pola input tidak wajar terdeteksi (lihat Peringatan pola)';

/**
 * Findings of one lookup, one per scope and kind (a detector that reports a kind twice gives
 * one alert), in a fixed order: concurrent calls then take the alerts' row locks in the same
 * order and cannot deadlock.
 */
function grouped(findings: readonly AlertFinding[]): AlertFinding[] {
  const byKey = new Map<string, AlertFinding>();
  for (const finding of findings) {
    const key = `${finding.scope} ${finding.kind}`;
    const seen = byKey.get(key);
    byKey.set(
      key,
      seen ? { ...finding, evidence: [...seen.evidence, ...finding.evidence] } : finding,
    );
  }
  return [...byKey.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, f]) => f);
}

/**
 * Applies the agreement's policy to the findings of one lookup. Call it after the lookup
 * (its audit row is committed and is part of the evidence); nothing happens without findings.
 * Safe with several server processes: an alert is opened once (INSERT … ON CONFLICT on the
 * one-open-alert index) and a hold is made once.
 */
export async function applyFindings(
  deps: Deps,
  context: PolicyContext,
  findings: readonly AlertFinding[],
): Promise<PolicyEffect> {
  if (findings.length === 0) return { reasonRequiredNext: false, held: false };
  const card = await findUserCardById(deps.db, context.userId);
  if (!card) throw new Refusal('TIDAK_DITEMUKAN', 'Pengguna tidak ditemukan');
  const wanted = effectiveAction(context.policy, findings);
  const ordered = grouped(findings);

  const writeAlerts = async (
    tx: Executor,
    now: Date,
    action: PatternPolicy,
    extra: Record<string, unknown> = {},
  ) => {
    const alerts: { id: number; kind: string; scope: string; opened: boolean }[] = [];
    for (const finding of ordered) {
      const { id, created } = await upsertAlert(tx, {
        agencyId: context.agencyId,
        agreementId: context.agreementId,
        source: context.source ?? 'PENCARIAN',
        userId: context.userId,
        scope: finding.scope,
        kind: finding.kind,
        action,
        summary: finding.summary.slice(0, 1000),
        evidence: storedEvidence(finding.evidence),
        now,
      });
      alerts.push({ id, kind: finding.kind, scope: finding.scope, opened: created });
    }
    await recordAdminAction(tx, {
      at: now,
      actorId: null,
      agencyId: context.agencyId,
      action: FINDINGS_RECORDED,
      target: card.user_id,
      detail: {
        ...(context.source === 'RIWAYAT_AKSES'
          ? { source: context.source }
          : { agreementId: context.agreementId }),
        policy: context.policy,
        action,
        alerts,
        ...extra,
      },
    });
  };

  if (wanted === 'BLOKIR') {
    try {
      await changeUserStatus(deps, SYSTEM, {
        userId: card.user_id,
        to: 'DITAHAN',
        from: ['AKTIF'],
        reason: HOLD_REASON,
        // Sessions stay, as with a hold made by Dukcapil: the user's next lookup then answers
        // AKSES_DITAHAN (SPEC §2) instead of a bare GAGAL_LOGIN.
        alongside: (tx, now) => writeAlerts(tx, now, 'BLOKIR'),
      });
      return {
        warning: operatorWarning('BLOKIR', findings),
        reasonRequiredNext: false,
        held: true,
      };
    } catch (error) {
      if (!(error instanceof Refusal) || error.code !== 'STATUS_TIDAK_SESUAI') throw error;
      // Held already (another process, or an earlier lookup) or deactivated: the alert
      // still records the findings; a held user stays held.
    }
    const current = await findUserCardById(deps.db, context.userId);
    const held = current?.status === 'DITAHAN';
    const action: PatternPolicy = held ? 'BLOKIR' : 'PERINGATAN';
    await deps.db
      .transaction()
      .execute((tx) => writeAlerts(tx, deps.clock(), action, { alreadyHeld: held }));
    return { warning: operatorWarning(action, findings), reasonRequiredNext: false, held };
  }

  const now = deps.clock();
  await deps.db.transaction().execute(async (tx) => {
    // The user's row first, then the alerts: the order a hold takes them in too.
    const reasonRequired = wanted === 'ALASAN' && (await requireReasonNext(tx, card.id, now));
    await writeAlerts(tx, now, wanted, reasonRequired ? { reasonRequired: true } : {});
  });
  return {
    warning: operatorWarning(wanted, findings),
    reasonRequiredNext: wanted === 'ALASAN',
    held: false,
  };
}

// --- The policy of an agreement, set by Dukcapil ---------------------------------------------

export interface PatternSettingsView extends PatternSettings {
  readonly agreementId: number;
  readonly agencyId: number;
  readonly agencyCode: string;
  readonly nomorDukcapil: string;
}

function hoursOf(row: {
  service_start: string | null;
  service_end: string | null;
  service_days: number[];
}): ServiceHours {
  return {
    start: row.service_start?.slice(0, 5) ?? null,
    end: row.service_end?.slice(0, 5) ?? null,
    days: row.service_days.map(Number),
  };
}

/** An agreement's policy and service hours, for its page and the policy form. */
export async function getPatternSettings(
  deps: Pick<Deps, 'db'>,
  agreementId: number,
): Promise<PatternSettingsView> {
  const row = await findPatternSettings(deps.db, agreementId);
  if (!row) throw new Refusal('TIDAK_ADA', 'PKS tidak ditemukan');
  return {
    agreementId: row.id,
    agencyId: row.agency_id,
    agencyCode: row.agency_code,
    nomorDukcapil: row.nomor_dukcapil,
    policy: row.pattern_policy as PatternPolicy,
    hours: hoursOf(row),
  };
}

/** What admin_action records when the policy or the service hours change. */
export const SETTINGS_RECORDED = 'KEBIJAKAN_POLA_DIUBAH';

/**
 * Sets an agreement's input-pattern policy and its agency's service hours (Dukcapil,
 * `pattern.configure`), checked (start before end, at least one day) and recorded with the
 * old and new settings. Any status of agreement: a draft gets its policy before it is in force.
 */
export async function setPatternSettings(
  deps: Deps,
  actor: ActingParty,
  agreementId: number,
  input: PolicyInput,
): Promise<PatternSettingsView> {
  if (!can(actor.role, 'pattern.configure')) throw new Refusal('TIDAK_BERWENANG');
  const checked = checkPatternSettings(input);
  if (!checked.ok) {
    throw new Refusal('PERMINTAAN_TIDAK_VALID', checked.errors[0]!.message, {
      fields: checked.errors,
    });
  }
  const before = await getPatternSettings(deps, agreementId);
  const now = deps.clock();
  await deps.db.transaction().execute(async (tx) => {
    await updatePatternSettings(tx, agreementId, checked.value);
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId: before.agencyId,
      action: SETTINGS_RECORDED,
      target: before.nomorDukcapil,
      detail: {
        before: { policy: before.policy, hours: before.hours },
        after: checked.value,
      },
    });
  });
  return { ...before, ...checked.value };
}
