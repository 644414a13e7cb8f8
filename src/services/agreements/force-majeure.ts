import crypto from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import type { ActingParty } from '../../domain/actor.js';
import { forceMajeureProblems, type ForceMajeureInput } from '../../domain/agreement-ending.js';
import { DOCUMENT_MAX_BYTES, isDocumentContentType } from '../../domain/documents.js';
import type { FieldError } from '../../domain/refusals.js';
import { wibDay } from '../../domain/time.js';
import { findForceMajeure, insertForceMajeure } from '../../store/agreements.js';
import type { Executor } from '../../store/db.js';
import { Refusal } from '../errors.js';
import { cleanFileName } from '../requests/request-attachments.js';
import { close } from './agreement-lifecycle.js';

/**
 * Ending an agreement by force majeure (Pasal 6: a government policy that makes continuing
 * impossible): the agreement ends with the cascade every end has — its users refused with
 * INSTANSI_TIDAK_AKTIF, their sessions and tokens ended at once — and the force majeure is
 * kept with its date, its description and the document that shows it.
 */

export interface ForceMajeureEnding extends ForceMajeureInput {
  /** The policy or letter that shows it: PDF, PNG or JPEG by content, at most 5 MB. */
  readonly document: { readonly fileName: string; readonly content: Buffer } | undefined;
}

function refused(fields: readonly FieldError[]): Refusal {
  return new Refusal('PERMINTAAN_TIDAK_VALID', fields.map((f) => f.message).join('; '), {
    fields,
    problems: fields.map((f) => f.message),
  });
}

async function documentProblem(
  document: ForceMajeureEnding['document'],
): Promise<FieldError | { contentType: string }> {
  const field = 'dokumen';
  if (!document || document.content.length === 0)
    return { field, message: 'Dokumen keadaan kahar wajib dilampirkan (PDF, PNG atau JPEG)' };
  if (document.content.length > DOCUMENT_MAX_BYTES)
    return {
      field,
      message: `Dokumen keadaan kahar melebihi batas ${DOCUMENT_MAX_BYTES / 1024 / 1024} MB`,
    };
  const detected = await fileTypeFromBuffer(document.content);
  if (!isDocumentContentType(detected?.mime))
    return {
      field,
      message: 'Dokumen keadaan kahar harus berupa PDF, PNG atau JPEG (diperiksa dari isinya)',
    };
  return { contentType: detected.mime };
}

/** Ends an agreement in force by force majeure; returns how many sessions and tokens ended. */
export async function endByForceMajeure(
  db: Executor,
  actor: Pick<ActingParty, 'id'>,
  agreementId: number,
  input: ForceMajeureEnding,
  now: Date,
): Promise<number> {
  const today = wibDay(now);
  const occurredOn = input.occurredOn.trim();
  const description = input.description.trim().replace(/\s+/g, ' ');
  // The date's place against the signing is checked under the agreement's lock, below.
  const problems = forceMajeureProblems({ occurredOn, description }, { signedOn: '' }, today);
  const checked = await documentProblem(input.document);
  if ('field' in checked) problems.push(checked);
  if (problems.length > 0 || 'field' in checked) throw refused(problems);
  const content = input.document!.content;
  const sha256 = crypto.createHash('sha256').update(content).digest();
  const contentType = checked.contentType as 'application/pdf';
  return close(db, actor, agreementId, description, now, 'end', {
    ground: 'FORCE_MAJEURE',
    kind: 'FORCE_MAJEURE',
    action: 'PKS_FORCE_MAJEURE',
    detail: { occurredOn, contentType, sha256: sha256.toString('hex') },
    before: async (tx, row) => {
      const late = forceMajeureProblems(
        { occurredOn, description },
        { signedOn: row.signed_on },
        today,
      );
      if (late.length > 0) throw refused(late);
      await insertForceMajeure(tx, {
        agreementId,
        occurredOn,
        description,
        content,
        contentType,
        sha256,
        fileName: cleanFileName(input.document!.fileName, contentType),
        recordedBy: actor.id,
        recordedAt: now,
      });
    },
  });
}

export interface ForceMajeureView {
  readonly occurredOn: string;
  readonly description: string;
  readonly contentType: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly fileName: string | null;
  readonly recordedAt: Date;
}

/** An agreement's force majeure record, if it ended so (without the scan). */
export async function forceMajeureOf(
  db: Executor,
  agreementId: number,
): Promise<ForceMajeureView | undefined> {
  const row = await findForceMajeure(db, agreementId);
  return row
    ? {
        occurredOn: row.occurred_on,
        description: row.description,
        contentType: row.content_type,
        sizeBytes: row.size_bytes,
        sha256: row.sha256,
        fileName: row.file_name,
        recordedAt: row.recorded_at,
      }
    : undefined;
}

/** The force majeure's document itself (the caller has checked who may read it). */
export async function forceMajeureDocument(
  db: Executor,
  agreementId: number,
): Promise<{ content: Buffer; contentType: string; fileName: string }> {
  const row = await findForceMajeure(db, agreementId, true);
  if (!row || !('content' in row)) throw new Refusal('TIDAK_DITEMUKAN', 'Dokumen tidak ditemukan');
  return {
    content: Buffer.from(row.content as Uint8Array),
    contentType: row.content_type,
    fileName: row.file_name ?? `keadaan-kahar-${agreementId}`,
  };
}
