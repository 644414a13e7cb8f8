import type { Actor } from '../../domain/actor.js';
import { wibDay } from '../../domain/time.js';
import { derivedUserId, type UserIdChangeForm } from '../../domain/user-id-change.js';
import { ROLE_LABELS, USER_ID_PATTERN, type Role } from '../../domain/users.js';
import { recordAdminAction } from '../../store/admin-actions.js';
import { findAgencyById } from '../../store/agencies.js';
import type { Executor } from '../../store/db.js';
import { findBastOfRequest, insertBast, nextBastSequence } from '../../store/requests.js';
import { findUserByUserId, revokeUserSessions, setUserStatus } from '../../store/users.js';
import { oneTimePassword, verifyPassword } from '../account/passwords.js';
import { createUser } from '../administration/users.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';
import { refusedWith, requireDecider, visibleRequest } from './access.js';
import { renderBastPdf } from './bast-pdf.js';

/**
 * The user ID change (SPEC §4): what its filing checks against the users on record, the
 * new user ID its approval creates with a one-time password and the handover letter (BAST),
 * and that letter as a PDF.
 */

/** How long after approval the handover letter may still be printed with the password. */
export const BAST_PASSWORD_MINUTES = 30;

/** What the filing of a user ID change needs the records for: who holds which user ID. */
export async function userIdFilingProblems(
  deps: Deps,
  agencyId: number,
  form: UserIdChangeForm,
): Promise<string[]> {
  const problems: string[] = [];
  if (form.userIdUsulan && (await findUserByUserId(deps.db, form.userIdUsulan)))
    problems.push(`User ID ${form.userIdUsulan} sudah dipakai; usulkan user ID lain`);
  if (form.userIdDiganti) {
    const replaced = await findUserByUserId(deps.db, form.userIdDiganti);
    if (!replaced || replaced.agency_id !== agencyId)
      problems.push(`User ID yang diganti (${form.userIdDiganti}) bukan user ID instansi Anda`);
  }
  return problems;
}

/** What an approval of a user ID change hands over, once: the password is nowhere else. */
export interface HandedOver {
  readonly userId: string;
  readonly role: Role;
  readonly roleLabel: string;
  readonly oneTimePassword: string;
  readonly bast: { readonly nomor: string; readonly tanggal: string };
}

/** 400.12 is Dukcapil's classification code, as on the agreements' own numbers. */
export function bastNumber(sequence: number, year: number): string {
  return `400.12/BAST-${String(sequence).padStart(3, '0')}/Disdukcapil/${year}`;
}

/**
 * The effect of an approved user ID change: the new user ID (argon2id hash of a one-time
 * password it must change at first login), the replaced user ID deactivated, and the
 * handover record. The password is returned to the approving admin and kept nowhere.
 * `newUserId` is the one Dukcapil sets, when other than proposed.
 */
export async function handOverUserId(
  tx: Executor,
  actor: Pick<Actor, 'id' | 'role' | 'agencyId'>,
  now: Date,
  row: { id: number; agency_id: number },
  form: UserIdChangeForm,
  newUserId: string | undefined,
): Promise<HandedOver> {
  const agency = await findAgencyById(tx, row.agency_id);
  if (!agency) throw new Refusal('TIDAK_ADA', 'Instansi tidak ditemukan');
  const userId = (
    newUserId?.trim() ||
    form.userIdUsulan ||
    derivedUserId(agency.code, form.peran, row.id)
  ).toLowerCase();
  if (!USER_ID_PATTERN.test(userId))
    throw refusedWith(['User ID 3–60 karakter: huruf kecil, angka, titik, garis bawah atau strip']);
  if (await findUserByUserId(tx, userId))
    throw refusedWith([`User ID ${userId} sudah dipakai; isikan user ID lain`]);

  const password = oneTimePassword();
  const newId = await createUser(tx, {
    userId,
    displayName: form.namaLengkap,
    role: form.peran,
    agencyCode: agency.code,
    password,
    mustChangePassword: true,
  });
  const year = Number(wibDay(now).slice(0, 4));
  const nomor = bastNumber(await nextBastSequence(tx, year), year);
  const tanggal = wibDay(now);
  await insertBast(tx, {
    requestId: row.id,
    nomor,
    tanggal,
    userId: newId,
    createdBy: actor.id,
    createdAt: now,
  });
  await recordAdminAction(tx, {
    at: now,
    actorId: actor.id,
    agencyId: row.agency_id,
    action: 'USER_DIBUAT',
    target: userId,
    reason: `Perubahan user ID, permohonan ${row.id}`,
    detail: { role: form.peran, bast: nomor },
  });

  if (form.userIdDiganti) {
    const replaced = await findUserByUserId(tx, form.userIdDiganti);
    if (replaced && replaced.agency_id === row.agency_id && replaced.status !== 'NON_AKTIF') {
      await setUserStatus(tx, replaced.id, 'NON_AKTIF');
      await revokeUserSessions(tx, { id: replaced.id, at: now });
      await recordAdminAction(tx, {
        at: now,
        actorId: actor.id,
        agencyId: row.agency_id,
        action: 'USER_DINONAKTIFKAN',
        target: replaced.user_id,
        reason: `Digantikan oleh ${userId} (permohonan ${row.id}, BAST ${nomor})`,
      });
    }
  }
  return {
    userId,
    role: form.peran,
    roleLabel: ROLE_LABELS[form.peran],
    oneTimePassword: password,
    bast: { nomor, tanggal },
  };
}

/** The user ID Dukcapil will create on approval unless it sets another. */
export async function proposedUserId(
  deps: Deps,
  actor: Pick<Actor, 'id' | 'role' | 'agencyId'>,
  id: number,
): Promise<string> {
  const row = await visibleRequest(deps, actor, id);
  if (row.kind !== 'PERUBAHAN_USER_ID') return '';
  const form = row.payload as UserIdChangeForm;
  return form.userIdUsulan || derivedUserId(row.agency_code, form.peran, row.id);
}

/**
 * The BAST of an approved user ID change as a PDF, made on request from the records.
 * Without `password` (anyone who may see the request): the copy says the password was
 * handed over separately. With it (Dukcapil's decider, right after approving): the copy
 * for the handover, printed only while the password is the user's actual one-time password
 * — checked against its hash, still to be changed at first login, and within
 * BAST_PASSWORD_MINUTES of the approval. Nothing of the password is stored or logged.
 */
export async function bastPdf(
  deps: Deps,
  actor: Pick<Actor, 'id' | 'role' | 'agencyId'>,
  requestId: number,
  password?: string,
): Promise<{ fileName: string; content: Buffer }> {
  await visibleRequest(deps, actor, requestId);
  const bast = await findBastOfRequest(deps.db, requestId);
  if (!bast)
    throw new Refusal('TIDAK_ADA', 'Berita acara serah terima belum ada untuk permohonan ini');
  if (password !== undefined) {
    requireDecider(actor);
    const expired =
      deps.clock().getTime() - bast.created_at.getTime() > BAST_PASSWORD_MINUTES * 60_000;
    if (
      expired ||
      !bast.must_change_password ||
      !(await verifyPassword(bast.password_hash, password))
    ) {
      throw new Refusal(
        'PERMINTAAN_TIDAK_VALID',
        'Berita acara dengan kata sandi hanya dapat dicetak sesaat setelah persetujuan, selama ' +
          'kata sandi sekali pakai belum diganti. Unduh salinan tanpa kata sandi, atau setel ulang kata sandi pengguna.',
      );
    }
  }
  const form = bast.payload as UserIdChangeForm;
  const content = await renderBastPdf({
    nomor: bast.nomor,
    tanggal: bast.tanggal,
    firstPartyName: bast.first_party_name,
    firstPartyHeadTitle: bast.first_party_head_title,
    secondPartyName: bast.second_party_name,
    secondPartyHeadTitle: bast.second_party_head_title,
    agencyCode: bast.agency_code,
    agreementNumbers: { dukcapil: bast.nomor_dukcapil, instansi: bast.nomor_instansi },
    requestLetter: { nomor: bast.letter_number, tanggal: bast.letter_date },
    userId: bast.user_id,
    roleLabel: ROLE_LABELS[bast.role as Role],
    holder: {
      namaLengkap: form.namaLengkap,
      nomorIdentitasKepegawaian: form.nomorIdentitasKepegawaian,
      jabatan: form.jabatan,
    },
    password,
  });
  return { fileName: `BAST-${bast.user_id}.pdf`, content };
}
