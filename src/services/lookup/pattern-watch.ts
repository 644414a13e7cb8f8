import {
  detectPatterns,
  type ObservedLookup,
  type PatternFinding,
} from '../../domain/input-pattern/detector.js';
import { DEFAULT_PATTERN_SETTINGS } from '../../domain/input-pattern/settings.js';
import type { LookupStatementRow, PatternWindowRow } from '../../store/lookup.js';
import type { Deps } from '../deps.js';
import { applyFindings } from '../oversight/pattern-policy.js';

/** Earlier lookups the statement reads per user and per agency (the new one makes the window). */
export const PATTERN_WINDOW = DEFAULT_PATTERN_SETTINGS.windowSize - 1;

const NIK = /^\d{16}$/;

/** The statement's window (newest first) as the detector reads it (oldest first). */
function observed(rows: readonly PatternWindowRow[] | null): ObservedLookup[] {
  const lookups: ObservedLookup[] = [];
  for (let i = (rows?.length ?? 0) - 1; i >= 0; i -= 1) {
    const [auditId, at, nik, responseCode, userId] = rows![i]!;
    lookups.push({
      auditId,
      at: new Date(at),
      userId,
      nik: nik !== null && NIK.test(nik) ? nik : null,
      responseCode,
    });
  }
  return lookups;
}

export interface WatchEffect {
  readonly warning?: string;
  readonly reasonRequiredNext?: boolean;
}

/**
 * The input-pattern policy on one lookup (issue 9 §2): the detector reads the user's and the
 * agency's lookups up to this one — read by the lookup statement itself, so it costs no round
 * trip and holds across server processes — and a finding goes to the agreement's policy.
 * Nothing is written unless something is found. A honeytoken holds the user but the answer
 * says nothing of it: the caller must not learn which NIKs are planted.
 */
export async function watchLookup(
  deps: Deps,
  row: LookupStatementRow,
  lookup: { readonly now: Date; readonly nik: string | null },
): Promise<WatchEffect> {
  if (
    deps.oversight === false ||
    !row.watched ||
    row.agency_id === null ||
    row.agreement_id === null
  )
    return {};
  const current: ObservedLookup = {
    auditId: row.audit_id,
    at: lookup.now,
    userId: row.user_id!,
    nik: lookup.nik,
    responseCode: row.response_code,
  };
  const findings: PatternFinding[] = detectPatterns({
    userWindow: [...observed(row.user_window), current],
    agencyWindow: [...observed(row.agency_window), current],
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
