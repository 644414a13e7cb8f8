import type { AgreementTerms } from '../../domain/agreement.js';
import { DEFAULT_BANDWIDTH_KBPS, type AgreementRecord } from '../../domain/agreement-record.js';
import { findAgencyByCode } from '../../store/agencies.js';
import { findAgreementByNumber } from '../../store/agreements.js';
import type { Executor } from '../../store/db.js';
import { registerAgency } from '../agreements/agencies.js';
import {
  applyAddendum,
  editAgreementDraft,
  endAgreement,
  recordSignedAgreement,
  revokeAgreement,
} from '../agreements/agreement-lifecycle.js';
import { Refusal } from '../errors.js';

/**
 * The agencies and agreements the command line and the demo administer, by code and number,
 * acting as the server's operator (no user). They go through the same use cases as the
 * consoles (services/agreements/), so they are recorded the same way. Each function checks
 * its input and refuses with a Refusal. `now` is the caller's deps.clock(): the CLI's
 * real clock, the demo's or a test's.
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
  now: Date,
): Promise<number> {
  return registerAgency(db, OPERATOR, input, now, { complete: false });
}

/**
 * Records an agreement already signed: in force at once (no draft step). Bandwidth and
 * parties left out take their usual values (1 Mbps; Dukcapil; the agency and its head).
 */
export async function createAgreement(
  db: Executor,
  input: AgreementTerms &
    Partial<Omit<AgreementRecord, keyof AgreementTerms>> & { agencyCode: string },
  now: Date,
): Promise<number> {
  const { agencyCode, ...terms } = input;
  const agency = await findAgencyByCode(db, agencyCode.trim().toUpperCase());
  if (!agency)
    throw new Refusal('PERMINTAAN_TIDAK_VALID', `Instansi ${agencyCode} tidak terdaftar`);
  return recordSignedAgreement(
    db,
    OPERATOR,
    agency.id,
    { ...terms, bandwidthKbps: input.bandwidthKbps ?? DEFAULT_BANDWIDTH_KBPS },
    now,
  );
}

/** The agreement with this number, or a refusal naming it. */
export async function agreementByNumber(db: Executor, nomorDukcapil: string) {
  const agreement = await findAgreementByNumber(db, nomorDukcapil.trim());
  if (!agreement)
    throw new Refusal('PERMINTAAN_TIDAK_VALID', `PKS nomor ${nomorDukcapil} tidak terdaftar`);
  return agreement;
}

/**
 * Changes an agreement's quota stage (PASCA_POC once the agency passed its PoC): a draft is
 * edited; an agreement in force changes through the history like an addendum does.
 */
export async function setAgreementStageByNumber(
  db: Executor,
  nomorDukcapil: string,
  stage: 'PRA_POC' | 'PASCA_POC',
  now: Date,
  reason = 'Perubahan tahap kuota dicatat melalui baris perintah',
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

/** An agreement in force closed by its number, as endAgreement or revokeAgreement do it. */
const closingByNumber =
  (close: typeof endAgreement) =>
  async (db: Executor, nomorDukcapil: string, reason: string, now: Date): Promise<number> => {
    const agreement = await agreementByNumber(db, nomorDukcapil);
    return close(db, OPERATOR, agreement.id, reason, now);
  };

/** Ends an agreement in force (mutual agreement, change of the agency's name): see endAgreement. */
export const endAgreementByNumber = closingByNumber(endAgreement);

/** Revokes an agreement in force (failed obligations): see revokeAgreement. */
export const revokeAgreementByNumber = closingByNumber(revokeAgreement);
