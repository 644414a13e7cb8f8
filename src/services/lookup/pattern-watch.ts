import { detectPatterns, type PatternFinding } from '../../domain/input-pattern/detector.js';
import type { LookupStatementRow } from '../../store/lookup.js';
import { compactWindow, rebuildPatternWindows } from '../../store/pattern-window.js';
import type { Deps } from '../deps.js';
import { applyFindings } from '../oversight/pattern-policy.js';

export interface WatchEffect {
  readonly warning?: string;
  readonly reasonRequiredNext?: boolean;
}

/**
 * The input-pattern policy on one lookup (issue 9 §2): the detector reads the user's and the
 * agency's latest lookups, this one included — kept by the lookup statement itself as compact
 * windows (store/pattern-window.ts), so it costs no round trip and holds across server
 * processes — and a finding goes to the agreement's policy.
 * Nothing is written unless something is found. A honeytoken holds the user but the answer
 * says nothing of it: the caller must not learn which NIKs are planted.
 */
export async function watchLookup(deps: Deps, row: LookupStatementRow): Promise<WatchEffect> {
  if (
    deps.oversight === false ||
    !row.watched ||
    row.agency_id === null ||
    row.agreement_id === null
  )
    return {};
  const findings: PatternFinding[] = detectPatterns({
    // Both windows end with this lookup: the statement appended it (store/pattern-window.ts).
    userWindow: compactWindow(row.user_window),
    agencyWindow: compactWindow(row.agency_window),
    serviceHours: {
      start: row.service_start,
      end: row.service_end,
      days: row.service_days ?? [1, 2, 3, 4, 5, 6, 7],
    },
    isHoneytoken: row.is_honeytoken,
  });
  if (findings.length === 0) return {};
  const effect = await applyFindings(
    deps,
    {
      agencyId: row.agency_id,
      agreementId: row.agreement_id,
      userId: row.user_id!,
      policy: row.pattern_policy ?? 'PERINGATAN',
    },
    findings,
  );
  if (findings.every((finding) => finding.kind === 'HONEYTOKEN')) return {};
  return {
    ...(effect.warning ? { warning: effect.warning } : {}),
    ...(effect.reasonRequiredNext ? { reasonRequiredNext: true } : {}),
  };
}

/**
 * At server start: the policy's windows rebuilt from the audit trail when their table is empty
 * (the first start after migration 018, or after a crash: the table is UNLOGGED). Several
 * processes starting at once write each window once. Returns the windows written.
 */
export function restorePatternWindows(deps: Pick<Deps, 'db' | 'clock'>): Promise<number> {
  return rebuildPatternWindows(deps.db, deps.clock());
}
