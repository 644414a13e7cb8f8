import type { AgreementTerms } from '../../domain/agreement.js';
import { DEFAULT_BANDWIDTH_KBPS, type AgreementRecord } from '../../domain/agreement-record.js';
import { dataBalikanSchemaProblems } from '../../domain/data-balikan.js';
import { totpRequiredFor } from '../../domain/totp-policy.js';
import { setDataBalikanSchema } from '../../store/data-balikan.js';
import {
  isDukcapilRole,
  MIN_PASSWORD_LENGTH,
  ROLES,
  USER_ID_PATTERN,
  type Role,
} from '../../domain/users.js';
import { findAgencyByCode } from '../../store/agencies.js';
import { findAgreementByNumber } from '../../store/agreements.js';
import type { Executor } from '../../store/db.js';
import { clearFailedLogins, findUserByUserId, insertUser } from '../../store/users.js';
import { registerAgency } from '../agreements/agencies.js';
import {
  applyAddendum,
  editAgreementDraft,
  endAgreement,
  recordSignedAgreement,
  revokeAgreement,
} from '../agreements/agreement-lifecycle.js';
import { RuleViolation } from '../errors.js';
import { hashPassword } from '../account/passwords.js';

/**
 * The administration the command line and the demo use, by code and number, acting as the
 * server's operator (no user). Agencies and agreements go through the same use cases as the
 * consoles (services/agencies.ts, services/agreement-lifecycle.ts), so they are recorded
 * the same way. Each function checks its input and refuses with a RuleViolation.
 */
const OPERATOR = { id: null } as const;

export async function createAgency(
  db: Executor,
  input: {
    code: string;
    name: string;
    address?: string | null;
    headTitle?: string | null;
    headName?: string | null;
  },
): Promise<number> {
  return registerAgency(db, OPERATOR, input, new Date(), { complete: false });
}

/**
 * Records an agreement already signed: in force at once (no draft step). Bandwidth and
 * parties left out take their usual values (1 Mbps; Dukcapil; the agency and its head).
 */
export async function createAgreement(
  db: Executor,
  input: AgreementTerms &
    Partial<Omit<AgreementRecord, keyof AgreementTerms>> & { agencyCode: string },
  now: Date = new Date(),
): Promise<number> {
  const { agencyCode, ...terms } = input;
  const agency = await findAgencyByCode(db, agencyCode.trim().toUpperCase());
  if (!agency) throw new RuleViolation(`Instansi ${agencyCode} tidak terdaftar`);
  return recordSignedAgreement(
    db,
    OPERATOR,
    agency.id,
    { ...terms, bandwidthKbps: input.bandwidthKbps ?? DEFAULT_BANDWIDTH_KBPS },
    now,
  );
}

async function agreementByNumber(db: Executor, nomorDukcapil: string) {
  const agreement = await findAgreementByNumber(db, nomorDukcapil.trim());
  if (!agreement) throw new RuleViolation(`PKS nomor ${nomorDukcapil} tidak terdaftar`);
  return agreement;
}

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
 * (services/users-admin.ts).
 */
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
    mustChangePassword: input.mustChangePassword ?? false,
    totpRequired: totpRequiredFor(role),
  });
}

/**
 * Changes an agreement's quota stage (PASCA_POC once the agency passed its PoC): a draft is
 * edited; an agreement in force changes through the history like an addendum does.
 */
export async function setAgreementStageByNumber(
  db: Executor,
  nomorDukcapil: string,
  stage: 'PRA_POC' | 'PASCA_POC',
  reason = 'Perubahan tahap kuota dicatat melalui baris perintah',
  now: Date = new Date(),
): Promise<void> {
  const agreement = await agreementByNumber(db, nomorDukcapil);
  if (agreement.status === 'DRAFT') {
    await editAgreementDraft(
      db,
      OPERATOR,
      agreement.id,
      {
        nomorDukcapil: agreement.nomor_dukcapil,
        nomorInstansi: agreement.nomor_instansi,
        nomorJuknis: agreement.nomor_juknis,
        signedOn: agreement.signed_on,
        endsOn: agreement.ends_on,
        purpose: agreement.purpose,
        grantedElements: agreement.granted_elements,
        accessMethods: agreement.access_methods,
        accessPoints: agreement.access_points,
        bandwidthKbps: agreement.bandwidth_kbps,
        quotaStage: stage,
        firstPartyName: agreement.first_party_name,
        firstPartyHeadTitle: agreement.first_party_head_title,
        firstPartyHeadName: agreement.first_party_head_name,
        secondPartyName: agreement.second_party_name,
        secondPartyHeadTitle: agreement.second_party_head_title,
        secondPartyHeadName: agreement.second_party_head_name,
      },
      now,
    );
    return;
  }
  if (agreement.quota_stage === stage) return;
  await applyAddendum(db, OPERATOR, agreement.id, { quotaStage: stage }, reason, null, now);
}

/** Ends an agreement in force (mutual agreement, change of the agency's name): see endAgreement. */
export async function endAgreementByNumber(
  db: Executor,
  nomorDukcapil: string,
  reason: string,
): Promise<number> {
  const agreement = await agreementByNumber(db, nomorDukcapil);
  return endAgreement(db, OPERATOR, agreement.id, reason);
}

/** Revokes an agreement in force (failed obligations): see revokeAgreement. */
export async function revokeAgreementByNumber(
  db: Executor,
  nomorDukcapil: string,
  reason: string,
): Promise<number> {
  const agreement = await agreementByNumber(db, nomorDukcapil);
  return revokeAgreement(db, OPERATOR, agreement.id, reason);
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
  const agreement = await agreementByNumber(db, nomorDukcapil);
  const problems = dataBalikanSchemaProblems(schema);
  if (problems.length > 0) throw new RuleViolation(problems.join('; '));
  await setDataBalikanSchema(db, agreement.id, schema);
}
