import { wibDayStart } from '../../domain/time.js';
import type { CheckpointBasis } from '../../domain/usage-report.js';
import { addDays } from '../../domain/working-days.js';
import {
  checkpointAfter,
  checkpointBefore,
  type UsageReportRow,
} from '../../store/usage-reports.js';
import { sealAll } from '../audit-seal/sealer.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';
import type { ReportCheckpoint } from './report-document.js';

/**
 * The signed checkpoint of the audit log at the period's end (issue 10 item 2): the latest one
 * sealed before the end (TERAKHIR); when none was (a period before the trail was first sealed,
 * or the server was down at the time), the first sealed after it (PERTAMA_SESUDAH), which
 * covers every row of the period. Pending rows are sealed first so that one exists.
 */
export async function periodCheckpoint(deps: Deps, toDay: string): Promise<ReportCheckpoint> {
  const end = wibDayStart(addDays(toDay, 1));
  const before = await checkpointBefore(deps.db, end);
  if (before) return checkpointOf(before, 'TERAKHIR');
  let after = await checkpointAfter(deps.db, end);
  if (!after) {
    await sealAll(deps);
    after = await checkpointAfter(deps.db, end);
  }
  if (!after) {
    throw new Refusal(
      'KONFLIK',
      'Jejak audit belum pernah disegel, sehingga laporan belum dapat ditutup dengan checkpoint',
    );
  }
  return checkpointOf(after, 'PERTAMA_SESUDAH');
}

function checkpointOf(
  row: { size: number; root_hash: Buffer; sealed_at: Date },
  basis: CheckpointBasis,
): ReportCheckpoint {
  return {
    size: Number(row.size),
    rootHex: Buffer.from(row.root_hash).toString('hex'),
    basis,
    sealedAt: row.sealed_at.toISOString(),
  };
}

export function frozenCheckpoint(report: UsageReportRow): ReportCheckpoint | null {
  if (report.checkpoint_size === null || report.checkpoint_root === null) return null;
  return {
    size: Number(report.checkpoint_size),
    rootHex: Buffer.from(report.checkpoint_root).toString('hex'),
    basis: report.checkpoint_basis as CheckpointBasis,
    sealedAt: (report.figures as { checkpointSealedAt?: string } | null)?.checkpointSealedAt ?? '',
  };
}
