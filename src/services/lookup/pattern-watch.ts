import { detectPatterns, type PatternFinding } from '../../domain/input-pattern/detector.js';
import type { LookupStatementRow } from '../../store/lookup.js';
import { compactWindow } from '../../store/pattern-window.js';
import type { Deps } from '../deps.js';
import { applyFindings } from '../oversight/pattern-policy.js';

export interface WatchEffect {
  readonly warning?: string;
  readonly reasonRequiredNext?: boolean;
}

/**
 * The input-pattern policy on one lookup (issue 9 §2): the lookup goes into the user's and the
 * agency's windows in this process's memory (pattern-windows.ts, where the other processes'
 * lookups come in from the sealed trail), the detector reads both, this one last, and a
 * finding goes to the agreement's policy.
 * Nothing is written unless something is found. A honeytoken holds the user but the answer
 * says nothing of it: the caller must not learn which NIKs are planted.
 */
export async function watchLookup(
  deps: Deps,
  row: LookupStatementRow,
  lookup: { readonly at: Date; readonly nik: string | null },
): Promise<WatchEffect> {
  if (
    deps.oversight === false ||
    !row.watched ||
    row.user_id === null ||
    row.agency_id === null ||
    row.agreement_id === null
  )
    return {};
  const windows = deps.patternWindows;
  windows.appendOwn(row.user_id, row.agency_id, {
    auditId: Number(row.audit_id),
    atMs: lookup.at.getTime(),
    nik: lookup.nik,
    userId: row.user_id,
    responseCode: row.response_code,
  });
  const findings: PatternFinding[] = detectPatterns({
    // Both windows end with this lookup, appended just above.
    userWindow: compactWindow(windows.user(row.user_id)),
    agencyWindow: compactWindow(windows.agency(row.agency_id)),
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
      userId: row.user_id,
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
