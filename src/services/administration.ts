import { agreementProblems, type AgreementTerms } from '../domain/agreement.js';
import { dataBalikanSchemaProblems } from '../domain/data-balikan.js';
import { setDataBalikanSchema } from '../store/data-balikan.js';
import {
  isDukcapilRole,
  MIN_PASSWORD_LENGTH,
  ROLES,
  USER_ID_PATTERN,
  type Role,
} from '../domain/users.js';
import { findAgencyByCode, insertAgency } from '../store/agencies.js';
import {
  findAgreementByNumber,
  insertAgreement,
  setAgreementQuotaStage,
} from '../store/agreements.js';
import type { Executor } from '../store/db.js';
import { clearFailedLogins, findUserByUserId, insertUser, setUserStatus } from '../store/users.js';
import { RuleViolation } from './errors.js';
import { hashPassword } from './passwords.js';

/**
 * The minimum of agency, agreement and user administration the lookup needs (the CLI and
 * the demo use it). Each function checks its input and refuses with a RuleViolation.
 */
export async function createAgency(
  db: Executor,
  input: { code: string; name: string },
): Promise<number> {
  const code = input.code.trim().toUpperCase();
  if (!/^[A-Z0-9_]{2,20}$/.test(code)) {
    throw new RuleViolation('Kode instansi 2–20 karakter: huruf besar, angka atau garis bawah');
  }
  const name = input.name.trim();
  if (name.length < 3 || name.length > 200) throw new RuleViolation('Nama instansi 3–200 karakter');
  if (await findAgencyByCode(db, code)) throw new RuleViolation(`Instansi ${code} sudah terdaftar`);
  return insertAgency(db, { code, name });
}

export async function createAgreement(
  db: Executor,
  input: AgreementTerms & { agencyCode: string },
): Promise<number> {
  const agency = await findAgencyByCode(db, input.agencyCode.trim().toUpperCase());
  if (!agency) throw new RuleViolation(`Instansi ${input.agencyCode} tidak terdaftar`);
  const problems = agreementProblems(input);
  for (const [label, value] of [
    ['Nomor PKS Dukcapil', input.nomorDukcapil],
    ['Nomor PKS instansi', input.nomorInstansi],
  ] as const) {
    if (value.trim().length < 3 || value.trim().length > 60)
      problems.push(`${label} 3–60 karakter`);
  }
  if (input.purpose.trim().length < 3) problems.push('Maksud dan tujuan harus diisi');
  if (problems.length > 0) throw new RuleViolation(problems.join('; '));
  if (await findAgreementByNumber(db, input.nomorDukcapil.trim())) {
    throw new RuleViolation(`PKS nomor ${input.nomorDukcapil} sudah terdaftar`);
  }
  return insertAgreement(db, {
    agencyId: agency.id,
    nomorDukcapil: input.nomorDukcapil.trim(),
    nomorInstansi: input.nomorInstansi.trim(),
    nomorJuknis: input.nomorJuknis?.trim() || null,
    signedOn: input.signedOn,
    endsOn: input.endsOn,
    purpose: input.purpose.trim(),
    grantedElements: input.grantedElements,
    accessMethods: input.accessMethods,
    accessPoints: input.accessPoints,
    quotaStage: input.quotaStage,
  });
}

export interface NewUserInput {
  readonly userId: string;
  readonly displayName: string;
  readonly role: string;
  /** Required for agency roles, absent for Dukcapil staff. */
  readonly agencyCode?: string | undefined;
  readonly password: string;
}

export async function createUser(db: Executor, input: NewUserInput): Promise<number> {
  const userId = input.userId.trim().toLowerCase();
  if (!USER_ID_PATTERN.test(userId)) {
    throw new RuleViolation(
      'User ID 3–60 karakter: huruf kecil, angka, titik, garis bawah atau strip',
    );
  }
  if (!(ROLES as readonly string[]).includes(input.role)) {
    throw new RuleViolation(`Peran tidak dikenal: ${input.role} (yang sah: ${ROLES.join(', ')})`);
  }
  const role = input.role as Role;
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    throw new RuleViolation(`Kata sandi minimal ${MIN_PASSWORD_LENGTH} karakter`);
  }
  let agencyId: number | null = null;
  if (isDukcapilRole(role)) {
    if (input.agencyCode)
      throw new RuleViolation('Pegawai Dukcapil tidak terikat pada instansi pengguna');
  } else {
    if (!input.agencyCode) throw new RuleViolation('Peran ini memerlukan kode instansi');
    const agency = await findAgencyByCode(db, input.agencyCode.trim().toUpperCase());
    if (!agency) throw new RuleViolation(`Instansi ${input.agencyCode} tidak terdaftar`);
    agencyId = agency.id;
  }
  if (await findUserByUserId(db, userId))
    throw new RuleViolation(`User ID ${userId} sudah dipakai`);
  return insertUser(db, {
    userId,
    displayName: input.displayName.trim() || userId,
    agencyId,
    role,
    passwordHash: await hashPassword(input.password),
  });
}

export async function setAgreementStageByNumber(
  db: Executor,
  nomorDukcapil: string,
  stage: 'PRA_POC' | 'PASCA_POC',
): Promise<void> {
  const agreement = await findAgreementByNumber(db, nomorDukcapil.trim());
  if (!agreement) throw new RuleViolation(`PKS nomor ${nomorDukcapil} tidak terdaftar`);
  await setAgreementQuotaStage(db, agreement.id, stage);
}

/** Activates, deactivates or holds a user; the next request of that user's sessions sees it. */
export async function setUserStatusById(
  db: Executor,
  userId: string,
  status: 'AKTIF' | 'NON_AKTIF' | 'DITAHAN',
): Promise<void> {
  const user = await findUserByUserId(db, userId.trim().toLowerCase());
  if (!user) throw new RuleViolation(`User ID ${userId} tidak terdaftar`);
  await setUserStatus(db, user.id, status);
}

/** Lifts a lockout after repeated failed logins at once (an admin's action). */
export async function unlockUserById(db: Executor, userId: string): Promise<void> {
  const user = await findUserByUserId(db, userId.trim().toLowerCase());
  if (!user) throw new RuleViolation(`User ID ${userId} tidak terdaftar`);
  await clearFailedLogins(db, user.id);
}

/** Sets (or replaces) the return-data schema of an agreement from its JSON configuration. */
export async function setDataBalikanSchemaByNumber(
  db: Executor,
  nomorDukcapil: string,
  schema: unknown,
): Promise<void> {
  const agreement = await findAgreementByNumber(db, nomorDukcapil.trim());
  if (!agreement) throw new RuleViolation(`PKS nomor ${nomorDukcapil} tidak terdaftar`);
  const problems = dataBalikanSchemaProblems(schema);
  if (problems.length > 0) throw new RuleViolation(problems.join('; '));
  await setDataBalikanSchema(db, agreement.id, schema);
}
