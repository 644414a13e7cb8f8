import crypto from 'node:crypto';
import type { Db } from '../src/store/db.js';
import { TINY_PDF } from './factories.js';

/**
 * A usage report as the agency submitted it (issue 10 item 1), written as the reports
 * service leaves it: the report's PDF as a deadline document, the semester duty's fulfilment
 * on the day received, and the report DIKIRIM with its figures and checkpoint. The
 * evaluation's tests start from it; the reports service's own tests cover how it is made.
 */
async function pdfDocument(db: Db, agencyId: number, userId: number, name: string, at: Date) {
  return db
    .insertInto('deadline_document')
    .values({
      agency_id: agencyId,
      file_name: name,
      content_type: 'application/pdf',
      size_bytes: TINY_PDF.length,
      sha256: crypto.createHash('sha256').update(TINY_PDF).digest(),
      content: TINY_PDF,
      uploaded_by: userId,
      uploaded_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** An ISO/IEC 27001 certificate handed in on `receivedOn`, valid three years. */
export async function isoCertificate(
  db: Db,
  input: { agencyId: number; agreementId: number; userId: number; receivedOn: string },
): Promise<void> {
  const at = new Date(`${input.receivedOn}T03:00:00Z`);
  const document = await pdfDocument(db, input.agencyId, input.userId, 'iso.pdf', at);
  await db
    .insertInto('deadline_fulfilment')
    .values({
      agreement_id: input.agreementId,
      agency_id: input.agencyId,
      kind: 'SERTIFIKAT_ISO',
      document_id: document.id,
      received_on: input.receivedOn,
      certificate_number: `ISO-${input.agreementId}`,
      issued_on: input.receivedOn,
      expires_on: `${Number(input.receivedOn.slice(0, 4)) + 3}${input.receivedOn.slice(4)}`,
      period: null,
      recorded_by: input.userId,
      recorded_at: at,
    })
    .execute();
}

export async function submittedReport(
  db: Db,
  input: {
    readonly agencyId: number;
    readonly agreementId: number;
    readonly userId: number;
    readonly semester: `${number}-S${1 | 2}`;
    readonly receivedOn: string;
  },
): Promise<number> {
  const [year, half] = [input.semester.slice(0, 4), input.semester.slice(-1)];
  const from = half === '1' ? `${year}-01-01` : `${year}-07-01`;
  const to = half === '1' ? `${year}-06-30` : `${year}-12-31`;
  const at = new Date(`${input.receivedOn}T03:00:00Z`);
  const document = await pdfDocument(
    db,
    input.agencyId,
    input.userId,
    `laporan-${input.semester}.pdf`,
    at,
  );
  const fulfilment = await db
    .insertInto('deadline_fulfilment')
    .values({
      agreement_id: input.agreementId,
      agency_id: input.agencyId,
      kind: 'LAPORAN_SEMESTER',
      document_id: document.id,
      received_on: input.receivedOn,
      certificate_number: null,
      issued_on: null,
      expires_on: null,
      period: input.semester,
      recorded_by: input.userId,
      recorded_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const report = await db
    .insertInto('usage_report')
    .values({
      agreement_id: input.agreementId,
      agency_id: input.agencyId,
      kind: 'SEMESTER',
      semester: input.semester,
      period_start: from,
      period_end: to,
      state: 'DIKIRIM',
      letter_number: `470/${input.semester}/LAP`,
      figures: JSON.stringify({}),
      checkpoint_size: 1,
      checkpoint_root: Buffer.alloc(32, 7),
      checkpoint_basis: 'PERTAMA_SESUDAH',
      created_at: at,
      created_by: input.userId,
      updated_at: at,
      submitted_at: at,
      submitted_by: input.userId,
      pdf_document_id: document.id,
      fulfilment_id: fulfilment.id,
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return report.id;
}
