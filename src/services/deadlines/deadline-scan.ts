import crypto from 'node:crypto';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import {
  DOCUMENT_MAX_BYTES,
  DOCUMENT_TYPES,
  isDocumentContentType,
  type DocumentContentType,
} from '../../domain/documents.js';
import { Refusal } from '../errors.js';

/** A file as a page or the API received it. */
export interface UploadedFile {
  readonly fileName: string;
  readonly bytes: Buffer;
}

export interface CheckedScan {
  readonly fileName: string;
  readonly contentType: DocumentContentType;
  readonly content: Buffer;
  readonly sha256: Buffer;
}

const MAX_MB = DOCUMENT_MAX_BYTES / 1024 / 1024;
export const SCAN_RULE = `PDF, PNG atau JPEG, paling besar ${MAX_MB} MB`;

/**
 * A certificate, report or letter scan, checked by what it is (its first bytes), never by
 * the name or type the browser declared: the same rules as the NDA/SPTJM scans.
 */
export async function checkScan(
  file: UploadedFile | undefined,
  what: string,
): Promise<CheckedScan> {
  if (!file || file.bytes.length === 0) {
    throw new Refusal('DITOLAK', `Pilih berkas ${what} (${SCAN_RULE}).`);
  }
  if (file.bytes.length > DOCUMENT_MAX_BYTES) {
    throw new Refusal(
      'DITOLAK',
      `Berkas ${what} melebihi ${MAX_MB} MB. Kecilkan hasil pindaian lalu unggah lagi.`,
    );
  }
  const detected = await fileTypeFromBuffer(file.bytes);
  if (!isDocumentContentType(detected?.mime)) {
    throw new Refusal(
      'DITOLAK',
      `Berkas ${what} bukan PDF, PNG atau JPEG menurut isinya${detected ? ` (terbaca sebagai ${detected.ext.toUpperCase()})` : ''}. Unggah pindaian dalam salah satu format itu.`,
    );
  }
  const contentType = detected.mime;
  return {
    fileName: safeFileName(file.fileName, DOCUMENT_TYPES[contentType]),
    contentType,
    content: file.bytes,
    sha256: crypto.createHash('sha256').update(file.bytes).digest(),
  };
}

/** The name without folders or control characters, with the extension of what it really is. */
function safeFileName(name: string, extension: string): string {
  const base = path
    .basename(name.replaceAll('\\', '/'))
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .trim()
    .slice(0, 150);
  return `${base || 'berkas'}.${extension}`;
}
