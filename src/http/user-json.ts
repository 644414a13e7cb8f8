import { Type } from 'typebox';
import { DOCUMENT_KINDS } from '../domain/documents.js';
import { USER_STATUSES, type UserStatus } from '../domain/user-status.js';
import { ROLES } from '../domain/users.js';
import type { DocumentEntry } from '../services/users/user-documents.js';
import { ErrorBody } from './schemas.js';

/**
 * What the JSON API of users and their documents shares (issue 3 item 3): the two bases
 * (Dukcapil admins under /api/v1/admin/pengguna, the agency head under
 * /api/v1/instansi/pengguna) with the permission each needs, and a document as JSON.
 */

export const ADMIN = '/api/v1/admin/pengguna';
export const AGENCY = '/api/v1/instansi/pengguna';
export const TAG_ADMIN = 'Pengguna (Dukcapil)';
export const TAG_AGENCY = 'Pengguna instansi';

/** The routes both consoles' clients reach: each base with the permission it needs and its tag. */
export const BOTH_BASES = [
  [ADMIN, 'user.manage', TAG_ADMIN],
  [AGENCY, 'user.viewOwnAgency', TAG_AGENCY],
] as const;

export const NullableString = Type.Union([Type.String(), Type.Null()]);
export const Status = Type.Unsafe<UserStatus>({ type: 'string', enum: [...USER_STATUSES] });
export const Role = Type.Unsafe<string>({ type: 'string', enum: [...ROLES] });
export const Kind = Type.Unsafe<string>({ type: 'string', enum: [...DOCUMENT_KINDS] });

export const UserParams = Type.Object({ userId: Type.String({ pattern: '^[a-z0-9._-]{3,60}$' }) });

export const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  500: ErrorBody,
};

export const DocumentJson = Type.Object({
  id: Type.Integer(),
  jenis: Kind,
  ditandatangani: Type.String({ format: 'date' }),
  tipe: Type.String(),
  ukuran: Type.Integer(),
  sha256: Type.String(),
  namaBerkas: NullableString,
  diunggahPada: Type.String({ format: 'date-time' }),
  diunggahOleh: NullableString,
  digantikanPada: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export function documentJson(d: DocumentEntry) {
  return {
    id: d.id,
    jenis: d.kind,
    ditandatangani: d.signedOn,
    tipe: d.contentType,
    ukuran: d.sizeBytes,
    sha256: d.sha256,
    namaBerkas: d.fileName,
    diunggahPada: d.uploadedAt.toISOString(),
    diunggahOleh: d.uploadedBy,
    digantikanPada: d.supersededAt?.toISOString() ?? null,
  };
}
