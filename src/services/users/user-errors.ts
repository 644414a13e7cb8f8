import { RuleViolation } from '../errors.js';

/**
 * A refusal of the users and documents use cases with the HTTP status it deserves: pages and
 * the JSON API answer with `status` and `code` instead of a plain 400.
 */
export class UserAdminRefusal extends RuleViolation {
  constructor(
    message: string,
    readonly status: 400 | 403 | 404 | 409 | 413 | 415,
    readonly code: string,
  ) {
    super(message);
  }
}

export const userNotFound = (userId: string) =>
  new UserAdminRefusal(`User ID ${userId} tidak ditemukan`, 404, 'TIDAK_DITEMUKAN');

export const notAllowed = (message = 'Peran Anda tidak berwenang melakukan tindakan ini') =>
  new UserAdminRefusal(message, 403, 'TIDAK_BERWENANG');
