import { wibDay } from '../../domain/time.js';
import type { UsageReportKind } from '../../domain/usage-report.js';
import { findDeadlineDocument } from '../../store/deadlines.js';
import { reportEvents, type UsageReportRow } from '../../store/usage-reports.js';
import type { Deps } from '../deps.js';
import { frozenCheckpoint } from './checkpoint.js';
import { reportFigures, type ReportFigures } from './figures.js';
import type { ReportCheckpoint, ReportDocument } from './report-document.js';
import { reportInScope, type Head } from './scope.js';

/** A usage report as the head and Dukcapil see it, and the document it prints as. */

export function documentOf(
  report: UsageReportRow,
  figures: ReportFigures,
  checkpoint: ReportCheckpoint | null,
  dated: string,
): ReportDocument {
  return {
    figures,
    kind: report.kind as UsageReportKind,
    semester: report.semester,
    version: report.version,
    letterNumber: report.letter_number,
    obstacles: report.obstacles,
    followUp: report.follow_up,
    officialsChanges: report.officials_changes,
    correctionReason: report.correction_reason,
    checkpoint,
    dated,
    draft: report.state === 'DRAFT',
  };
}

export interface ReportView {
  readonly report: UsageReportRow;
  readonly nomorDukcapil: string;
  /** Live for a draft, frozen for a submitted report. */
  readonly figures: ReportFigures;
  readonly checkpoint: ReportCheckpoint | null;
  readonly document: ReportDocument;
  readonly history: Awaited<ReturnType<typeof reportEvents>>;
  readonly scan: { readonly fileName: string; readonly sizeBytes: number } | null;
}

/** A report with its figures, checkpoint and history (the preview and the detail page). */
export async function reportView(deps: Deps, actor: Head, reportId: number): Promise<ReportView> {
  const report = await reportInScope(deps, actor, reportId);
  const draft = report.state === 'DRAFT';
  const frozen = report.figures as { figures: ReportFigures } | null;
  const figures =
    draft || !frozen
      ? await reportFigures(deps, report.agreement_id, report.period_start, report.period_end)
      : frozen.figures;
  const checkpoint = draft ? null : frozenCheckpoint(report);
  const dated = draft ? wibDay(deps.clock()) : wibDay(report.submitted_at!);
  const [history, scan] = await Promise.all([
    reportEvents(deps.db, [report.id]),
    report.scan_document_id === null
      ? Promise.resolve(undefined)
      : findDeadlineDocument(deps.db, report.scan_document_id),
  ]);
  return {
    report,
    nomorDukcapil: figures.agreement.nomorDukcapil,
    figures,
    checkpoint,
    document: documentOf(report, figures, checkpoint, dated),
    history,
    scan: scan ? { fileName: scan.file_name, sizeBytes: scan.size_bytes } : null,
  };
}
