import type { ActingParty } from '../../domain/actor.js';
import { isWording, WORDING_LABELS, type Wording } from '../../domain/national-service.js';
import { can } from '../../domain/permissions.js';
import { wibDay } from '../../domain/time.js';
import { recordAdminAction } from '../../store/admin-actions.js';
import {
  findWordingProfile,
  updateWordingProfile,
  wordingProfileOfApplicationToken,
  wordingProfileOfUser,
} from '../../store/wording-profile.js';
import { hashToken } from '../account/tokens.js';
import { agreementByNumber } from '../administration/agreements.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';

/**
 * Which refusal texts an agreement's compatible clients get (SPEC §9, issue 11): the
 * national service's long texts (default), the hospital bridge's short ones, or the Tegal
 * variant's. Dukcapil sets it per agreement (`agreement.manage`), recorded in admin_action.
 */

export interface WordingProfile {
  readonly agreementId: number;
  readonly agencyId: number;
  readonly nomorDukcapil: string;
  readonly profile: Wording;
}

/** What admin_action records when the profile changes. */
export const WORDING_PROFILE_RECORDED = 'PROFIL_TEKS_KOMPATIBEL_DIUBAH';

const asWording = (value: string | undefined): Wording => (isWording(value) ? value : 'NASIONAL');

export async function getWordingProfile(
  deps: Pick<Deps, 'db'>,
  agreementId: number,
): Promise<WordingProfile> {
  const row = Number.isInteger(agreementId)
    ? await findWordingProfile(deps.db, agreementId)
    : undefined;
  if (!row) throw new Refusal('TIDAK_ADA', 'PKS tidak ditemukan');
  return {
    agreementId: row.id,
    agencyId: row.agency_id,
    nomorDukcapil: row.nomor_dukcapil,
    profile: asWording(row.wording_profile),
  };
}

/**
 * Sets an agreement's profile, recorded with the old and the new one and the reason. Any
 * status: a draft gets its profile before it is in force. The same profile again changes and
 * records nothing.
 */
export async function setWordingProfile(
  deps: Deps,
  actor: ActingParty,
  agreementId: number,
  profile: string,
  reason?: string,
): Promise<WordingProfile> {
  if (!can(actor.role, 'agreement.manage')) throw new Refusal('TIDAK_BERWENANG');
  if (!isWording(profile)) {
    throw new Refusal(
      'PERMINTAAN_TIDAK_VALID',
      `Profil teks harus salah satu dari: ${Object.keys(WORDING_LABELS).join(', ')}`,
    );
  }
  const note = reason?.trim().replace(/\s+/g, ' ') || null;
  if (note !== null && note.length > 500) {
    throw new Refusal('PERMINTAAN_TIDAK_VALID', 'Alasan paling banyak 500 karakter');
  }
  const before = await getWordingProfile(deps, agreementId);
  if (before.profile === profile) return before;
  const now = deps.clock();
  await deps.db.transaction().execute(async (tx) => {
    await updateWordingProfile(tx, agreementId, profile);
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId: before.agencyId,
      action: WORDING_PROFILE_RECORDED,
      target: before.nomorDukcapil,
      reason: note,
      detail: { agreementId, before: before.profile, after: profile },
    });
  });
  return { ...before, profile };
}

/**
 * The same by the agreement's number (`gerbang agreement profil-teks`): the command line sets
 * what the agreement's page sets, recorded alike (without an actor).
 */
export async function setWordingProfileByNumber(
  deps: Deps,
  actor: ActingParty,
  nomorDukcapil: string,
  profile: string,
  reason?: string,
): Promise<WordingProfile> {
  const agreement = await agreementByNumber(deps.db, nomorDukcapil);
  return setWordingProfile(deps, actor, agreement.id, profile, reason);
}

/** The wording a user's compatible client gets: their agency's agreement's profile. */
export async function wordingOfUser(deps: Deps, userId: string): Promise<Wording> {
  const day = wibDay(deps.clock());
  return asWording(await wordingProfileOfUser(deps.db, userId.trim().toLowerCase(), day));
}

/** The wording an application's compatible client gets, by its token: its agency's profile. */
export async function wordingOfApplicationToken(deps: Deps, token: string): Promise<Wording> {
  const day = wibDay(deps.clock());
  return asWording(await wordingProfileOfApplicationToken(deps.db, hashToken(token), day));
}
