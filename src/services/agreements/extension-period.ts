import type { ActingParty } from '../../domain/actor.js';
import {
  accessPhase,
  afterExtensionEvent,
  type ExtensionState,
} from '../../domain/agreement-extension.js';
import type { AgreementStatus } from '../../domain/agreement-state.js';
import { extensionRequestDue } from '../../domain/deadlines.js';
import { wibDay } from '../../domain/time.js';
import { recordAdminAction } from '../../store/admin-actions.js';
import {
  clearPendingExtension,
  setAgreementStatus,
  setEndGround,
  setPendingExtension,
  type AgreementRow,
} from '../../store/agreements.js';
import type { Executor } from '../../store/db.js';
import { endCascade, lockedAgreement, record } from './agreement-lifecycle.js';

/**
 * The extension period of an agreement (SPEC §4; domain/agreement-extension.ts), kept on the
 * agreement by the request use cases inside their transactions: a timely extension request
 * opens it, its refusal closes it — ending the agreement at once when its end date has passed
 * — and its approval closes it through the addendum (agreement-lifecycle.ts applyAddendum).
 * Each change takes the agency's lock, like every change of its agreements.
 */

function stateOf(row: AgreementRow): ExtensionState {
  return {
    status: row.status as AgreementStatus,
    signedOn: row.signed_on,
    endsOn: row.ends_on,
    extensionPending: row.extension_request_id !== null,
  };
}

/**
 * An extension request was filed (request `requestId`, at `filedAt`): when it is on time and
 * the agreement is in force, the extension period opens. True when it opened.
 */
export async function openExtensionPeriod(
  tx: Executor,
  actor: Pick<ActingParty, 'id'>,
  agreementId: number,
  requestId: number,
  filedAt: Date,
): Promise<boolean> {
  const { agency, row } = await lockedAgreement(tx, agreementId);
  if (row.extension_request_id !== null) return false;
  const filedOn = wibDay(filedAt);
  const after = afterExtensionEvent(stateOf(row), { kind: 'DIAJUKAN', on: filedOn });
  if (!after.extensionPending) return false;
  await setPendingExtension(tx, agreementId, requestId);
  await recordAdminAction(tx, {
    at: filedAt,
    actorId: actor.id,
    agencyId: agency.id,
    action: 'PKS_PERPANJANGAN_TEPAT_WAKTU',
    target: `PKS ${row.nomor_dukcapil}`,
    reason:
      `Permohonan perpanjangan diajukan ${filedOn}, paling lambat ${extensionRequestDue(row.ends_on)}: ` +
      'akses berlanjut berdasarkan SPTJM sesudah tanggal berakhir sampai adendum ditandatangani ' +
      'atau permohonan ditolak',
    detail: { agreementId, requestId, endsOn: row.ends_on },
  });
  return true;
}

/**
 * The extension request `requestId` was refused: the extension period it opened closes. When
 * the end date has passed, access ends at once — the agreement is recorded as ended with the
 * cascade of every end (endCascade: sessions and tokens, card readers, SAM returns); the
 * lapse job (lapse.ts) never has to. Returns whether it ended the agreement.
 */
export async function closeRefusedExtension(
  tx: Executor,
  actor: Pick<ActingParty, 'id'>,
  agreementId: number,
  requestId: number,
  now: Date,
): Promise<boolean> {
  const { agency, row } = await lockedAgreement(tx, agreementId);
  if (row.extension_request_id !== requestId) return false;
  await clearPendingExtension(tx, agreementId, requestId);
  const today = wibDay(now);
  const after = afterExtensionEvent(stateOf(row), { kind: 'DITOLAK' });
  const ends = row.status === 'AKTIF' && accessPhase(after, today) === 'TIDAK_BERLAKU';
  if (!ends) {
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId: agency.id,
      action: 'PKS_PERPANJANGAN_DITOLAK',
      target: `PKS ${row.nomor_dukcapil}`,
      reason: `Permohonan perpanjangan ditolak; PKS berakhir pada ${row.ends_on}`,
      detail: { agreementId, requestId },
    });
    return false;
  }
  await setAgreementStatus(tx, agreementId, 'BERAKHIR');
  await setEndGround(tx, agreementId, 'PERPANJANGAN_DITOLAK');
  // The end of every agreement: sessions, card readers, the SAM returns (SPEC §4/§5).
  const { revokedSessions, suspendedReaders } = await endCascade(tx, {
    agencyId: agency.id,
    agreementId,
    nomorDukcapil: row.nomor_dukcapil,
    at: now,
    how: 'BERAKHIR',
  });
  await record(tx, actor, now, {
    agreementId,
    agencyId: agency.id,
    nomorDukcapil: row.nomor_dukcapil,
    kind: 'BERAKHIR',
    action: 'PKS_BERAKHIR',
    reason: `Masa berlaku berakhir pada ${row.ends_on} dan permohonan perpanjangan ditolak: akses berakhir seketika`,
    before: null,
    after: null,
    detail: { requestId, revokedSessions, suspendedReaders, ground: 'PERPANJANGAN_DITOLAK' },
  });
  return true;
}
