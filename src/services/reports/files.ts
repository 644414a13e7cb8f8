import { DOCUMENT_MAX_BYTES } from '../../domain/documents.js';
import { findDeadlineDocument, insertDeadlineDocument } from '../../store/deadlines.js';
import { updateUsageReport } from '../../store/usage-reports.js';
import { checkScan, type UploadedFile } from '../deadlines/deadline-scan.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';
import { renderReportPdf, renderReportXlsx } from './report-document.js';
import { assertHead, reportInScope, type Head } from './scope.js';
import { recordStep } from './steps.js';
import { reportView } from './view.js';

/** A usage report's files: the signed, stamped scan attached afterwards, and the downloads. */

/** Attaches the signed, stamped scan of a submitted report (PDF, PNG or JPEG, at most 5 MB). */
export async function attachScan(
  deps: Deps,
  actor: Head,
  reportId: number,
  file: UploadedFile | undefined,
): Promise<void> {
  const agencyId = assertHead(actor);
  if (file && file.bytes.length > DOCUMENT_MAX_BYTES) {
    throw new Refusal(
      'BERKAS_TERLALU_BESAR',
      `Pindaian laporan ${(file.bytes.length / 1024 / 1024).toFixed(1)} MB melebihi batas 5 MB. ` +
        'Kecilkan resolusi pindaian (misalnya 150 dpi, hitam-putih) lalu unggah lagi.',
    );
  }
  const scan = await checkScan(file, 'pindaian laporan bertanda tangan dan berstempel');
  const now = deps.clock();
  await deps.db.transaction().execute(async (tx) => {
    const report = await reportInScope(deps, actor, reportId, true, tx);
    if (report.state !== 'DIKIRIM') {
      throw new Refusal(
        'KONFLIK',
        'Pindaian hanya dapat dilampirkan pada laporan yang sudah dikirim',
      );
    }
    const documentId = await insertDeadlineDocument(tx, {
      agencyId,
      ...scan,
      uploadedBy: actor.id,
      uploadedAt: now,
    });
    await updateUsageReport(tx, report.id, {
      scan_document_id: documentId,
      scan_attached_at: now,
      scan_attached_by: actor.id,
      updated_at: now,
    });
    await recordStep(tx, report.id, actor, agencyId, now, {
      action: report.scan_document_id === null ? 'PINDAIAN_DILAMPIRKAN' : 'PINDAIAN_DIGANTI',
      stateBefore: report.state,
      stateAfter: report.state,
      detail: { documentId, previous: report.scan_document_id },
      adminAction: 'LAPORAN_PINDAIAN_DILAMPIRKAN',
      adminDetail: { documentId, sha256: scan.sha256.toString('hex') },
    });
  });
}

export interface ReportFile {
  readonly fileName: string;
  readonly contentType: string;
  readonly content: Buffer;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The report's PDF or XLSX: as submitted, or rendered now for a draft; or the attached scan. */
export async function reportFile(
  deps: Deps,
  actor: Head,
  reportId: number,
  which: 'pdf' | 'xlsx' | 'pindaian',
): Promise<ReportFile> {
  const report = await reportInScope(deps, actor, reportId);
  const base = `laporan-${report.agency_id}-${report.period_start}-${report.period_end}-v${report.version}`;
  if (which === 'pindaian') {
    const doc =
      report.scan_document_id === null
        ? undefined
        : await findDeadlineDocument(deps.db, report.scan_document_id);
    if (!doc) throw new Refusal('TIDAK_DITEMUKAN', 'Pindaian laporan belum dilampirkan');
    return {
      fileName: doc.file_name,
      contentType: doc.content_type,
      content: Buffer.from(doc.content),
    };
  }
  if (report.state !== 'DRAFT') {
    if (which === 'pdf') {
      const doc = await findDeadlineDocument(deps.db, report.pdf_document_id!);
      return {
        fileName: `${base}.pdf`,
        contentType: 'application/pdf',
        content: Buffer.from(doc!.content),
      };
    }
    return {
      fileName: `${base}.xlsx`,
      contentType: XLSX_TYPE,
      content: Buffer.from(report.xlsx_content!),
    };
  }
  const view = await reportView(deps, actor, reportId);
  return which === 'pdf'
    ? {
        fileName: `${base}-draf.pdf`,
        contentType: 'application/pdf',
        content: await renderReportPdf(view.document),
      }
    : {
        fileName: `${base}-draf.xlsx`,
        contentType: XLSX_TYPE,
        content: await renderReportXlsx(view.document),
      };
}
