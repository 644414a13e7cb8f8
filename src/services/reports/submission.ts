import crypto from 'node:crypto';
import { DOCUMENT_MAX_BYTES } from '../../domain/documents.js';
import { wibDay } from '../../domain/time.js';
import { insertDeadlineDocument, insertFulfilment } from '../../store/deadlines.js';
import { insertReportEvent, updateUsageReport } from '../../store/usage-reports.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';
import { periodCheckpoint } from './checkpoint.js';
import { reportFigures } from './figures.js';
import { renderReportPdf, renderReportXlsx, type ReportCheckpoint } from './report-document.js';
import { assertHead, reportInScope, type Head } from './scope.js';
import { recordStep } from './steps.js';
import { documentOf } from './view.js';

/*
 * Submitting a usage report (issue 10 items 1, 2): the figures and the period's audit
 * checkpoint frozen, the PDF and XLSX made and kept, the semester duty fulfilled
 * (deadline_fulfilment, with the PDF as its document), the report queued for Dukcapil's
 * mailbox (report-mail.ts).
 */

export interface SubmittedReport {
  readonly id: number;
  readonly checkpoint: ReportCheckpoint;
  readonly fulfilmentId: number | null;
}

/**
 * Submits a draft: the letter number must be there (and, for a correction, its reason); the
 * figures and the checkpoint are computed now and frozen with the PDF and XLSX; a semester
 * report fulfils the semester duty; the version it corrects becomes DIGANTI. One transaction.
 */
export async function submitReport(
  deps: Deps,
  actor: Head,
  reportId: number,
): Promise<SubmittedReport> {
  const agencyId = assertHead(actor);
  const first = await reportInScope(deps, actor, reportId);
  if (first.state !== 'DRAFT') {
    throw new Refusal(
      'LAPORAN_SUDAH_DIKIRIM',
      'Laporan ini sudah dikirim; perbaikan hanya dapat dilakukan melalui koreksi laporan',
    );
  }
  if (first.letter_number === null) {
    throw new Refusal('PERMINTAAN_TIDAK_VALID', 'Isi nomor surat laporan sebelum mengirim');
  }
  if (first.version > 1 && first.correction_reason === null) {
    throw new Refusal('PERMINTAAN_TIDAK_VALID', 'Tuliskan alasan koreksi laporan');
  }
  const now = deps.clock();
  const dated = wibDay(now);
  // the heavy part outside the transaction: figures, checkpoint, documents
  const [figures, checkpoint] = await Promise.all([
    reportFigures(deps, first.agreement_id, first.period_start, first.period_end),
    periodCheckpoint(deps, first.period_end),
  ]);
  const document = { ...documentOf(first, figures, checkpoint, dated), draft: false };
  const [pdf, xlsx] = await Promise.all([renderReportPdf(document), renderReportXlsx(document)]);
  if (pdf.length > DOCUMENT_MAX_BYTES) {
    throw new Refusal('BERKAS_TERLALU_BESAR', 'PDF laporan melebihi 5 MB; hubungi Dukcapil');
  }
  return deps.db.transaction().execute(async (tx) => {
    const report = await reportInScope(deps, actor, reportId, true, tx);
    // the draft may have changed since it was read: what is sent must be what was rendered
    if (report.state !== 'DRAFT' || report.updated_at.getTime() !== first.updated_at.getTime()) {
      throw new Refusal(
        'KONFLIK',
        'Laporan berubah saat dikirim; muat ulang halaman lalu kirim lagi',
      );
    }
    const pdfId = await insertDeadlineDocument(tx, {
      agencyId,
      fileName: `laporan-${report.id}-v${report.version}.pdf`,
      contentType: 'application/pdf',
      content: pdf,
      sha256: crypto.createHash('sha256').update(pdf).digest(),
      uploadedBy: actor.id,
      uploadedAt: now,
    });
    const fulfilmentId =
      report.kind === 'SEMESTER'
        ? await insertFulfilment(tx, {
            kind: 'LAPORAN_SEMESTER',
            period: report.semester!,
            agreementId: report.agreement_id,
            agencyId,
            documentId: pdfId,
            receivedOn: dated,
            recordedBy: actor.id,
            recordedAt: now,
          })
        : null;
    if (report.corrects_id !== null) {
      await updateUsageReport(tx, report.corrects_id, { state: 'DIGANTI', updated_at: now });
      await insertReportEvent(tx, {
        reportId: report.corrects_id,
        at: now,
        actorId: actor.id,
        action: 'DIGANTI_KOREKSI',
        stateBefore: 'DIKIRIM',
        stateAfter: 'DIGANTI',
        detail: { correctedBy: report.id },
      });
    }
    await updateUsageReport(tx, report.id, {
      state: 'DIKIRIM',
      figures: JSON.stringify({ figures, checkpointSealedAt: checkpoint.sealedAt }),
      checkpoint_size: checkpoint.size,
      checkpoint_root: Buffer.from(checkpoint.rootHex, 'hex'),
      checkpoint_basis: checkpoint.basis,
      submitted_at: now,
      submitted_by: actor.id,
      pdf_document_id: pdfId,
      xlsx_content: xlsx,
      fulfilment_id: fulfilmentId,
      updated_at: now,
    });
    await recordStep(tx, report.id, actor, agencyId, now, {
      action: 'DIKIRIM',
      stateBefore: 'DRAFT',
      stateAfter: 'DIKIRIM',
      detail: {
        pdfDocumentId: pdfId,
        checkpointSize: checkpoint.size,
        checkpointRoot: checkpoint.rootHex,
      },
      adminAction: 'LAPORAN_DIKIRIM',
      adminDetail: {
        kind: report.kind,
        from: report.period_start,
        to: report.period_end,
        version: report.version,
        checkpointSize: checkpoint.size,
        checkpointRoot: checkpoint.rootHex,
        sha256: crypto.createHash('sha256').update(pdf).digest('hex'),
      },
    });
    return { id: report.id, checkpoint, fulfilmentId };
  });
}
