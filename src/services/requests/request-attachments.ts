import crypto from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import {
  ATTACHMENT_PURPOSE_LABELS,
  ATTACHMENT_TYPES,
  MAX_ATTACHMENT_BYTES,
  type AttachmentPurpose,
  type AttachmentType,
} from '../../domain/requests.js';

/** A file as a page or the API hands it over: its purpose, the name the sender gave, bytes. */
export interface UploadedFile {
  readonly purpose: AttachmentPurpose;
  readonly fileName: string;
  readonly content: Buffer;
}

export interface CheckedFile extends UploadedFile {
  /** Read from the content; the sender's name and declared type are not trusted. */
  readonly contentType: AttachmentType;
  readonly sha256: Buffer;
}

const TYPE_NAMES: Readonly<Record<AttachmentType, string>> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
};

/** A name safe to store and to send back in Content-Disposition: no path, no controls. */
export function cleanFileName(name: string, contentType: AttachmentType): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} ._()-]/gu, '_')
    .trim()
    .slice(0, 150);
  if (cleaned !== '' && cleaned !== '.' && cleaned !== '..') return cleaned;
  return `lampiran.${contentType === 'application/pdf' ? 'pdf' : contentType === 'image/png' ? 'png' : 'jpg'}`;
}

/**
 * Checks a scan by its content: PDF, PNG or JPEG as the bytes say, 1 byte to 5 MiB. The
 * refusal names the file and says what was found, so that the sender knows what to fix.
 */
export async function checkAttachment(
  file: UploadedFile,
): Promise<{ ok: true; file: CheckedFile } | { ok: false; problem: string }> {
  const label = `${ATTACHMENT_PURPOSE_LABELS[file.purpose]} "${file.fileName || 'tanpa nama'}"`;
  if (file.content.length === 0) return { ok: false, problem: `${label} kosong` };
  if (file.content.length > MAX_ATTACHMENT_BYTES) {
    return {
      ok: false,
      problem: `${label} melebihi batas ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`,
    };
  }
  const detected = await fileTypeFromBuffer(file.content);
  const mime: string | undefined = detected?.mime;
  if (!mime || !(ATTACHMENT_TYPES as readonly string[]).includes(mime)) {
    return {
      ok: false,
      problem:
        `${label} bukan berkas PDF, PNG atau JPEG menurut isinya` +
        (detected ? ` (terbaca: ${detected.ext.toUpperCase()})` : ''),
    };
  }
  const contentType = mime as AttachmentType;
  return {
    ok: true,
    file: {
      ...file,
      fileName: cleanFileName(file.fileName, contentType),
      contentType,
      sha256: crypto.createHash('sha256').update(file.content).digest(),
    },
  };
}

export function typeName(contentType: string): string {
  return TYPE_NAMES[contentType as AttachmentType] ?? contentType;
}
