import crypto from 'node:crypto';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import {
  DOCUMENT_MAX_BYTES,
  DOCUMENT_TYPES,
  isDocumentContentType,
  isDocumentKind,
  signedDateProblem,
  type DocumentKind,
} from '../../domain/documents.js';
import { wibDay } from '../../domain/time.js';
import type { ActingParty } from '../../domain/actor.js';
import { Refusal } from '../../domain/refusals.js';
import {
  canReadDocuments,
  canSeeUser,
  documentRecordProblem,
  userNotFound,
} from '../../domain/user-scope.js';
import type { Role } from '../../domain/users.js';
import { recordAdminAction } from '../../store/admin-actions.js';
import { findUserDocument, insertUserDocument, listUserDocuments } from '../../store/documents.js';
import { findUserCard } from '../../store/users.js';
import type { Deps } from '../deps.js';

export interface DocumentUpload {
  readonly userId: string;
  readonly kind: string;
  /** YYYY-MM-DD */
  readonly signedOn: string;
  readonly content: Buffer;
  /** As the uploader named it; kept for display only, never trusted for the type. */
  readonly fileName?: string | undefined;
  /** True when the upload was cut at the size limit before it reached the use case. */
  readonly truncated?: boolean;
}

export interface RecordedDocument {
  readonly id: number;
  readonly userId: string;
  readonly kind: DocumentKind;
  readonly signedOn: string;
  readonly contentType: string;
  readonly sizeBytes: number;
  readonly sha256: string;
}

export const DOCUMENT_TOO_LARGE = `Berkas melebihi batas ${DOCUMENT_MAX_BYTES / 1024 / 1024} MB; pindai ulang dengan resolusi lebih rendah`;
export const DOCUMENT_WRONG_TYPE =
  'Berkas harus berupa PDF, PNG atau JPEG (diperiksa dari isi berkas, bukan dari namanya)';

function cleanFileName(name: string | undefined): string | null {
  if (!name) return null;
  const base = path.basename(name.replace(/\\/g, '/')).replace(/\p{Cc}/gu, '');
  return base.slice(0, 200) || null;
}

async function visibleUser(deps: Deps, actor: ActingParty, userId: string) {
  const card = await findUserCard(deps.db, userId.trim().toLowerCase());
  if (!card || !canSeeUser(actor, { agencyId: card.agency_id })) throw userNotFound(userId);
  return card;
}

/**
 * Records a signed NDA or SPTJM scan for a user (SPEC §4). The file is recognised by its
 * content (PDF, PNG, JPEG; at most DOCUMENT_MAX_BYTES); a newer document supersedes the
 * current one of its kind, which stays in the history. From the commit on, the user's
 * lookups pass the document gate (store/lookup.ts).
 */
export async function recordUserDocument(
  deps: Deps,
  actor: ActingParty,
  upload: DocumentUpload,
): Promise<RecordedDocument> {
  if (!isDocumentKind(upload.kind)) {
    throw new Refusal('PERMINTAAN_TIDAK_VALID', 'Jenis dokumen harus NDA atau SPTJM');
  }
  const card = await visibleUser(deps, actor, upload.userId);
  const problem = documentRecordProblem(
    actor,
    { id: card.id, role: card.role as Role, agencyId: card.agency_id },
    upload.kind,
  );
  if (problem) throw new Refusal('TIDAK_BERWENANG', problem);
  const now = deps.clock();
  const dateProblem = signedDateProblem(upload.signedOn.trim(), wibDay(now));
  if (dateProblem) throw new Refusal('PERMINTAAN_TIDAK_VALID', dateProblem);
  if (upload.truncated || upload.content.length > DOCUMENT_MAX_BYTES) {
    throw new Refusal('BERKAS_TERLALU_BESAR', DOCUMENT_TOO_LARGE);
  }
  if (upload.content.length === 0) {
    throw new Refusal('BERKAS_KOSONG', 'Berkas kosong; pilih berkas hasil pindaian');
  }
  const detected = await fileTypeFromBuffer(upload.content);
  if (!isDocumentContentType(detected?.mime)) {
    throw new Refusal('JENIS_BERKAS_DITOLAK', DOCUMENT_WRONG_TYPE);
  }
  const contentType = detected.mime;
  const sha256 = crypto.createHash('sha256').update(upload.content).digest();
  const signedOn = upload.signedOn.trim();
  const id = await deps.db.transaction().execute(async (tx) => {
    const documentId = await insertUserDocument(tx, {
      userId: card.id,
      agencyId: card.agency_id!,
      kind: upload.kind as DocumentKind,
      signedOn,
      content: upload.content,
      contentType,
      sha256,
      fileName: cleanFileName(upload.fileName),
      uploadedBy: actor.id,
      uploadedAt: now,
    });
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId: card.agency_id,
      action: 'DOKUMEN_DICATAT',
      target: card.user_id,
      detail: {
        kind: upload.kind,
        signedOn,
        contentType,
        sizeBytes: upload.content.length,
        sha256: sha256.toString('hex'),
      },
    });
    return documentId;
  });
  return {
    id,
    userId: card.user_id,
    kind: upload.kind,
    signedOn,
    contentType,
    sizeBytes: upload.content.length,
    sha256: sha256.toString('hex'),
  };
}

export interface DocumentEntry {
  readonly id: number;
  readonly kind: DocumentKind;
  readonly signedOn: string;
  readonly contentType: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly fileName: string | null;
  readonly uploadedAt: Date;
  readonly uploadedBy: string | null;
  /** null for the current document of its kind. */
  readonly supersededAt: Date | null;
}

/** A user's documents, current first within each kind, newest first; never the scans. */
export async function listDocumentsOf(
  deps: Deps,
  actor: ActingParty,
  userId: string,
): Promise<DocumentEntry[]> {
  const card = await visibleUser(deps, actor, userId);
  if (!canReadDocuments(actor, card.agency_id)) throw new Refusal('TIDAK_BERWENANG');
  const rows = await listUserDocuments(deps.db, card.id);
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind as DocumentKind,
    signedOn: row.signed_on,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    fileName: row.file_name,
    uploadedAt: row.uploaded_at,
    uploadedBy: row.uploaded_by,
    supersededAt: row.superseded_at,
  }));
}

/** The scan itself, for Dukcapil staff and the head of the agency it belongs to. */
export async function readDocument(
  deps: Deps,
  actor: ActingParty,
  documentId: number,
): Promise<{ content: Buffer; contentType: string; fileName: string }> {
  const doc = Number.isSafeInteger(documentId)
    ? await findUserDocument(deps.db, documentId)
    : undefined;
  if (!doc || !canReadDocuments(actor, doc.agency_id)) {
    throw new Refusal('TIDAK_DITEMUKAN', 'Dokumen tidak ditemukan');
  }
  const extension = DOCUMENT_TYPES[doc.content_type as keyof typeof DOCUMENT_TYPES] ?? 'bin';
  return {
    content: doc.content,
    contentType: doc.content_type,
    fileName: `${doc.kind}-${doc.owner_user_id}-${doc.signed_on}.${extension}`,
  };
}
