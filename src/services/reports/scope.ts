import type { Actor } from '../../domain/actor.js';
import { can } from '../../domain/permissions.js';
import { findUsageReport, type UsageReportRow } from '../../store/usage-reports.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';

/*
 * Who may act on a usage report (issue 10): the head on their own agency's reports
 * (report.manageOwn), Dukcapil (report.viewAll) on any report once it is submitted.
 */

export type Head = Pick<Actor, 'id' | 'role' | 'agencyId'>;

export function assertHead(actor: Head): number {
  if (!can(actor.role, 'report.manageOwn') || actor.agencyId === null) {
    throw new Refusal('TIDAK_BERWENANG');
  }
  return actor.agencyId;
}

/** A report the actor may see: the head their agency's, Dukcapil (report.viewAll) any. */
export async function reportInScope(
  deps: Deps,
  actor: Head,
  id: number,
  forUpdate = false,
  db: Deps['db'] | Parameters<typeof findUsageReport>[0] = deps.db,
): Promise<UsageReportRow> {
  const report = Number.isSafeInteger(id) ? await findUsageReport(db, id, forUpdate) : undefined;
  const visible =
    report &&
    report.state !== 'BATAL' &&
    ((can(actor.role, 'report.manageOwn') && actor.agencyId === report.agency_id) ||
      (can(actor.role, 'report.viewAll') && report.state !== 'DRAFT'));
  if (!visible) throw new Refusal('TIDAK_DITEMUKAN', 'Laporan tidak ditemukan');
  return report;
}
