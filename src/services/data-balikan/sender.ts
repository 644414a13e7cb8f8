import { accessRefusal } from '../../domain/access.js';
import type { Actor } from '../../domain/actor.js';
import { parseDataBalikanSchema, type DataBalikanSchema } from '../../domain/data-balikan.js';
import { can } from '../../domain/permissions.js';
import { wibDay } from '../../domain/time.js';
import { findLoginSubject } from '../../store/users.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';

/**
 * An agency user sending return data now, with the agreement they send under: the part of
 * the Actor the return-data use cases read, and the agreement in force. Not the whole Actor
 * (no display name, no address) because tests and the bench build it by hand.
 */
export type AgencyCaller = Pick<Actor, 'id' | 'userId' | 'role'> & {
  readonly agencyId: number;
  readonly agreementId: number;
  /** null while Dukcapil has not set the agreement's return-data schema. */
  readonly dataBalikanSchema: DataBalikanSchema | null;
};

export const ROLE_REFUSAL = 'Hanya Operator dan Kepala Instansi yang dapat mengirim data balikan';

/**
 * The signed-in user about to send return data, with the agreement they send it under: their
 * agency's agreement in force today and its schema. Sending is an agency's duty under that
 * agreement, so it is refused as a lookup would be refused now, in the order of SPEC §2 —
 * user state, then agency and agreement (none in force, or one that does not grant the
 * channel; Dukcapil staff act for no agency), then the access point — and only then by role.
 * The transports' caller checks do not cover all of it: the portal's does not check the
 * access point, and the answer to Dukcapil staff is INSTANSI_TIDAK_AKTIF, not the role's.
 */
export async function authorizeSender(
  deps: Deps,
  actor: Pick<Actor, 'userId' | 'clientIp'>,
  channel: 'PORTAL' | 'API',
): Promise<AgencyCaller> {
  const subject = await findLoginSubject(
    deps.db,
    actor.userId,
    wibDay(deps.clock()),
    actor.clientIp,
  );
  if (!subject) throw new Refusal('GAGAL_LOGIN');
  const refusal = accessRefusal(subject, channel);
  if (refusal) throw new Refusal(refusal);
  if (subject.agency_id === null || subject.agreement_id === null) {
    throw new Refusal('INSTANSI_TIDAK_AKTIF');
  }
  const role = subject.role as AgencyCaller['role'];
  if (!can(role, 'dataBalikan.submit')) throw new Refusal('TIDAK_BERWENANG', ROLE_REFUSAL);
  return {
    id: subject.id,
    userId: subject.user_id,
    role,
    agencyId: subject.agency_id,
    agreementId: subject.agreement_id,
    dataBalikanSchema:
      subject.data_balikan_schema === null
        ? null
        : parseDataBalikanSchema(subject.data_balikan_schema),
  };
}
