import { detectPatterns, type ObservedLookup } from '../../domain/input-pattern/detector.js';
import { HISTORY_REQUEST_SETTINGS } from '../../domain/input-pattern/settings.js';
import { isHoneytoken } from '../../store/honeytokens.js';
import { listHistoryRequests, type HistoryRequestRow } from '../../store/resident-history.js';
import type { Deps } from '../deps.js';
import { applyFindings } from '../oversight/pattern-policy.js';

/**
 * Issue 14 §2: requests for residents' access histories are guarded like any access — many
 * requests by one officer in a short time, or requests that sweep NIKs in sequence or in a
 * pattern, are an input-pattern finding like any other. The same detector as for lookups
 * (domain/input-pattern) reads the officer's latest requests (scope PENGGUNA) and the whole
 * counter's (scope INSTANSI: several officers taking turns), with the counter's pace
 * (HISTORY_REQUEST_SETTINGS). A finding is an alert for Dukcapil (source RIWAYAT_AKSES, no
 * agency: no agency ever sees it) under the policy PERINGATAN: the officer is warned. A
 * request about a honeytoken — a made-up resident nobody can stand in front of the counter
 * for — holds the officer, as it holds an operator, until an admin releases them.
 */

const WINDOW = HISTORY_REQUEST_SETTINGS.windowSize;
const NIK = /^\d{16}$/;
const AROUND_THE_CLOCK = { start: null, end: null, days: [1, 2, 3, 4, 5, 6, 7] };

/** Newest-first rows as the detector reads them (oldest first); every request is answered. */
function observed(rows: readonly HistoryRequestRow[]): ObservedLookup[] {
  return rows
    .map((r) => ({
      auditId: r.id,
      at: r.at,
      userId: r.actorId,
      nik: r.nik !== null && NIK.test(r.nik) ? r.nik : null,
      responseCode: 'DITEMUKAN',
    }))
    .reverse();
}

/**
 * Runs the policy on the officer's request just recorded (`action`, the request's admin_action
 * name). Returns the warning for the officer, if any (never for a honeytoken alone: the officer
 * must not learn which NIKs are planted).
 */
export async function watchHistoryRequest(
  deps: Deps,
  officerId: number,
  action: string,
  nik: string,
): Promise<string | undefined> {
  if (deps.oversight === false) return undefined;
  const mine = observed(await listHistoryRequests(deps.db, action, officerId, WINDOW));
  const counter = observed(await listHistoryRequests(deps.db, action, null, WINDOW));
  const findings = detectPatterns({
    userWindow: mine,
    agencyWindow: counter,
    serviceHours: AROUND_THE_CLOCK,
    isHoneytoken: await isHoneytoken(deps.db, nik),
    settings: HISTORY_REQUEST_SETTINGS,
  });
  if (findings.length === 0) return undefined;
  const effect = await applyFindings(
    deps,
    {
      agencyId: null,
      agreementId: null,
      source: 'RIWAYAT_AKSES',
      userId: officerId,
      policy: 'PERINGATAN',
    },
    findings,
  );
  return findings.every((f) => f.kind === 'HONEYTOKEN') ? undefined : effect.warning;
}
