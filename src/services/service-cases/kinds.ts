import type { ActingParty, Actor } from '../../domain/actor.js';
import { wibDay } from '../../domain/time.js';
import { findAgreementInForce } from '../../store/agreements.js';
import { parseDataBalikanSchema } from '../../domain/data-balikan.js';
import { can } from '../../domain/permissions.js';
import {
  parseServiceKinds,
  serviceKindsProblems,
  type ServiceKind,
} from '../../domain/service-case.js';
import { recordAdminAction } from '../../store/admin-actions.js';
import { findServiceKindConfig, upsertServiceKindConfig } from '../../store/service-cases.js';
import type { Executor } from '../../store/db.js';
import { agreementByNumber } from '../administration/agreements.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';

/** The kinds of service an agreement's counter offers: its configuration, or the general one. */
export async function serviceKindsOf(
  db: Executor,
  agreementId: number,
): Promise<readonly ServiceKind[]> {
  return parseServiceKinds(await findServiceKindConfig(db, agreementId));
}

/** The kinds the officer's agency offers under its agreement in force (none without one). */
export async function offeredKinds(
  deps: Deps,
  actor: Pick<Actor, 'role' | 'agencyId'>,
): Promise<readonly ServiceKind[]> {
  if (actor.agencyId === null) return [];
  const agreement = await findAgreementInForce(deps.db, actor.agencyId, wibDay(deps.clock()));
  return agreement ? serviceKindsOf(deps.db, agreement.id) : [];
}

/**
 * Sets an agreement's kinds of service from their JSON configuration (Dukcapil: the CLI and
 * the demo), checked against the agreement's return-data schema, and records the change in
 * the admin trail. Open cases keep the kind they were opened with.
 */
export async function setServiceKindsByNumber(
  deps: Deps,
  party: ActingParty,
  nomorDukcapil: string,
  kinds: unknown,
): Promise<void> {
  if (!can(party.role, 'agreement.manage')) throw new Refusal('TIDAK_BERWENANG');
  await deps.db.transaction().execute(async (trx) => {
    const agreement = await agreementByNumber(trx, nomorDukcapil);
    const schema =
      agreement.data_balikan_schema === null
        ? null
        : parseDataBalikanSchema(agreement.data_balikan_schema);
    const problems = serviceKindsProblems(kinds, schema);
    if (problems.length > 0) {
      throw new Refusal('PERMINTAAN_TIDAK_VALID', problems.join('; '), { problems });
    }
    const at = deps.clock();
    await upsertServiceKindConfig(trx, agreement.id, kinds, at);
    await recordAdminAction(trx, {
      at,
      actorId: party.id,
      agencyId: agreement.agency_id,
      action: 'PKS_JENIS_LAYANAN_DITETAPKAN',
      target: agreement.nomor_dukcapil,
      detail: { jenisLayanan: (kinds as ServiceKind[]).map((k) => k.code) },
    });
  });
}
