import type { ActingParty } from '../../domain/actor.js';
import { can } from '../../domain/permissions.js';
import { recordAdminAction } from '../../store/admin-actions.js';
import { findPrintPermission, updatePrintPermission } from '../../store/print-permission.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';

/**
 * Whether an agency may print its lookup results (issue 12 item 3): the agreement decides,
 * Dukcapil sets it (`agreement.manage`), not allowed until then. The result page says what
 * the agreement allows and the print stylesheet follows it (web/lookup/result-origin.ts).
 */

export interface PrintPermission {
  readonly agreementId: number;
  readonly agencyId: number;
  readonly nomorDukcapil: string;
  readonly allowed: boolean;
}

/** What admin_action records when the setting changes. */
export const PRINT_PERMISSION_RECORDED = 'IZIN_CETAK_HASIL_DIUBAH';

export async function getPrintPermission(
  deps: Pick<Deps, 'db'>,
  agreementId: number,
): Promise<PrintPermission> {
  const row = await findPrintPermission(deps.db, agreementId);
  if (!row) throw new Refusal('TIDAK_ADA', 'PKS tidak ditemukan');
  return {
    agreementId: row.id,
    agencyId: row.agency_id,
    nomorDukcapil: row.nomor_dukcapil,
    allowed: row.print_allowed,
  };
}

/**
 * Allows or forbids printing results under an agreement, recorded with the old and the new
 * setting. Any status: a draft gets its setting before it is in force. Setting what is
 * already set changes nothing and records nothing.
 */
export async function setPrintPermission(
  deps: Deps,
  actor: ActingParty,
  agreementId: number,
  allowed: boolean,
): Promise<PrintPermission> {
  if (!can(actor.role, 'agreement.manage')) throw new Refusal('TIDAK_BERWENANG');
  const before = await getPrintPermission(deps, agreementId);
  if (before.allowed === allowed) return before;
  const now = deps.clock();
  await deps.db.transaction().execute(async (tx) => {
    await updatePrintPermission(tx, agreementId, allowed);
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId: before.agencyId,
      action: PRINT_PERMISSION_RECORDED,
      target: before.nomorDukcapil,
      detail: { agreementId, before: before.allowed, after: allowed },
    });
  });
  return { ...before, allowed };
}
