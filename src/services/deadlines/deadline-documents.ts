import type { Actor } from '../../domain/actor.js';
import { findDeadlineDocument } from '../../store/deadlines.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';
import { assertScope } from './deadline-scope.js';

export interface DeadlineFile {
  readonly fileName: string;
  readonly contentType: string;
  readonly content: Buffer;
}

/** A scan handed in: Dukcapil sees every agency's, a head only their own agency's. */
export async function deadlineDocument(
  deps: Deps,
  actor: Pick<Actor, 'role' | 'agencyId'>,
  documentId: number,
): Promise<DeadlineFile> {
  const doc = Number.isInteger(documentId)
    ? await findDeadlineDocument(deps.db, documentId)
    : undefined;
  if (!doc) throw new Refusal('TIDAK_DITEMUKAN', 'Berkas tidak ditemukan');
  try {
    assertScope(actor, doc.agency_id, 'view');
  } catch {
    throw new Refusal('TIDAK_DITEMUKAN', 'Berkas tidak ditemukan');
  }
  // PGlite hands bytea back as a plain Uint8Array.
  return {
    fileName: doc.file_name,
    contentType: doc.content_type,
    content: Buffer.from(doc.content),
  };
}
