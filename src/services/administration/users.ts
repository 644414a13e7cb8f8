import { totpRequiredFor } from '../../domain/totp-policy.js';
import {
  isDukcapilRole,
  MIN_PASSWORD_LENGTH,
  ROLES,
  USER_ID_PATTERN,
  type Role,
} from '../../domain/users.js';
import { findAgencyByCode } from '../../store/agencies.js';
import type { Executor } from '../../store/db.js';
import { clearFailedLogins, findUserByUserId, insertUser } from '../../store/users.js';
import { hashPassword } from '../account/passwords.js';
import { Refusal } from '../errors.js';

/**
 * User IDs as the command line, the demo and the tests create them, and the lifting of a
 * lockout; the consoles create accounts through services/users/create-user.ts, on top of
 * createUser. Each function checks its input and refuses with a Refusal.
 */

export interface NewUserInput {
  readonly userId: string;
  readonly displayName: string;
  readonly role: string;
  /** Required for agency roles, absent for Dukcapil staff. */
  readonly agencyCode?: string | undefined;
  readonly password: string;
  /** A password someone else chose (one-time): the user must replace it at first login. */
  readonly mustChangePassword?: boolean;
}

/**
 * Creates a user ID. Dukcapil admins get the TOTP requirement (domain/totp-policy.ts); the
 * console and the CLI pass a one-time password with `mustChangePassword`
 * (services/users/create-user.ts).
 */
export async function createUser(db: Executor, input: NewUserInput): Promise<number> {
  const userId = input.userId.trim().toLowerCase();
  if (!USER_ID_PATTERN.test(userId)) {
    throw new Refusal(
      'PERMINTAAN_TIDAK_VALID',
      'User ID 3–60 karakter: huruf kecil, angka, titik, garis bawah atau strip',
    );
  }
  if (!(ROLES as readonly string[]).includes(input.role)) {
    throw new Refusal(
      'PERMINTAAN_TIDAK_VALID',
      `Peran tidak dikenal: ${input.role} (yang sah: ${ROLES.join(', ')})`,
    );
  }
  const role = input.role as Role;
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    throw new Refusal(
      'PERMINTAAN_TIDAK_VALID',
      `Kata sandi minimal ${MIN_PASSWORD_LENGTH} karakter`,
    );
  }
  let agencyId: number | null = null;
  if (isDukcapilRole(role)) {
    if (input.agencyCode)
      throw new Refusal(
        'PERMINTAAN_TIDAK_VALID',
        'Pegawai Dukcapil tidak terikat pada instansi pengguna',
      );
  } else {
    if (!input.agencyCode)
      throw new Refusal('PERMINTAAN_TIDAK_VALID', 'Peran ini memerlukan kode instansi');
    const agency = await findAgencyByCode(db, input.agencyCode.trim().toUpperCase());
    if (!agency)
      throw new Refusal('PERMINTAAN_TIDAK_VALID', `Instansi ${input.agencyCode} tidak terdaftar`);
    agencyId = agency.id;
  }
  if (await findUserByUserId(db, userId))
    throw new Refusal('PERMINTAAN_TIDAK_VALID', `User ID ${userId} sudah dipakai`);
  return insertUser(db, {
    userId,
    displayName: input.displayName.trim() || userId,
    agencyId,
    role,
    passwordHash: await hashPassword(input.password),
    mustChangePassword: input.mustChangePassword ?? false,
    totpRequired: totpRequiredFor(role),
  });
}

/** Lifts a lockout after repeated failed logins at once (an admin's action). */
export async function unlockUserById(db: Executor, userId: string): Promise<void> {
  const user = await findUserByUserId(db, userId.trim().toLowerCase());
  if (!user) throw new Refusal('PERMINTAAN_TIDAK_VALID', `User ID ${userId} tidak terdaftar`);
  await clearFailedLogins(db, user.id);
}
