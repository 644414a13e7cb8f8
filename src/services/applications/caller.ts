import { sql } from 'kysely';
import { accessRefusal } from '../../domain/access.js';
import type { Actor } from '../../domain/actor.js';
import { Refusal } from '../../domain/refusals.js';
import { wibDay } from '../../domain/time.js';
import type { Role } from '../../domain/users.js';
import { findLoginSubject } from '../../store/users.js';
import { hashToken } from '../account/tokens.js';
import type { Deps } from '../deps.js';

/**
 * The caller behind an application's bearer token (migration 026): the operator it names,
 * as an Actor, or the refusal — the same order as the lookup statement's: an unknown or ended
 * token (or one of a secret past its overlap) GAGAL_LOGIN, a revoked application
 * APLIKASI_DICABUT, one not passed APLIKASI_BELUM_POC, a caller away from its access point
 * IP_TIDAK_SESUAI, an operator not of its agency OPERATOR_TIDAK_SAH, then the operator's own
 * state, agency and agreement as for any API caller. The lookup itself decides in its one
 * statement; this serves the pipeline's check before a malformed request is answered.
 */
export async function authorizeApplicationCaller(
  deps: Deps,
  input: { token: string; operator: string | undefined; clientIp: string },
): Promise<Actor | Refusal> {
  const now = deps.clock();
  const app = await deps.db
    .selectFrom('application_token as t')
    .innerJoin('application_secret as s', 's.id', 't.secret_id')
    .innerJoin('application as a', 'a.id', 't.application_id')
    .select(['a.agency_id', 'a.state', 's.valid_until'])
    .select(sql<boolean>`${input.clientIp}::inet <<= a.access_point`.as('address_allowed'))
    .where('t.token_hash', '=', hashToken(input.token))
    .where('t.expires_at', '>', now)
    .executeTakeFirst();
  if (!app || (app.valid_until !== null && app.valid_until <= now))
    return new Refusal('GAGAL_LOGIN');
  if (app.state === 'DICABUT') return new Refusal('APLIKASI_DICABUT');
  if (app.state !== 'LULUS_POC') return new Refusal('APLIKASI_BELUM_POC');
  if (!app.address_allowed) return new Refusal('IP_TIDAK_SESUAI');
  const operator = input.operator?.trim();
  const subject = operator
    ? await findLoginSubject(deps.db, operator, wibDay(now), input.clientIp)
    : undefined;
  if (!subject || subject.agency_id !== app.agency_id) return new Refusal('OPERATOR_TIDAK_SAH');
  const refusal = accessRefusal(subject, 'API');
  if (refusal) return new Refusal(refusal);
  return {
    id: subject.id,
    userId: subject.user_id,
    displayName: subject.display_name,
    role: subject.role as Role,
    agencyId: subject.agency_id,
    clientIp: input.clientIp,
  };
}
