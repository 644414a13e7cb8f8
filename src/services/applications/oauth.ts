import crypto from 'node:crypto';
import {
  APPLICATION_TOKEN_PREFIX,
  APPLICATION_TOKEN_TTL_SECONDS,
  CLIENT_SECRET_PREFIX,
} from '../../domain/applications.js';
import { wibDay } from '../../domain/time.js';
import { deleteToken, findSecretHolder, insertToken } from '../../store/applications.js';
import { findAgreementInForce } from '../../store/agreements.js';
import { hashToken } from '../account/tokens.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';

export interface ClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly clientIp: string;
}

export interface ApplicationToken {
  readonly accessToken: string;
  readonly expiresIn: number;
}

/**
 * The OAuth 2.0 client-credentials grant (RFC 6749 §4.4) for an application: its client ID and
 * a secret that still works give a short-lived bearer token. Refused (one refusal per cause,
 * the HTTP layer says it in RFC 6749 §5.2's words): unknown or ended credentials GAGAL_LOGIN,
 * a revoked application APLIKASI_DICABUT, one not passed APLIKASI_BELUM_POC, an agency
 * without an agreement in force granting the API INSTANSI_TIDAK_AKTIF, a caller away from
 * the application's access point IP_TIDAK_SESUAI. Each call with the token is checked again
 * (the lookup statement): revoking the agreement, the application or the operator stops it.
 */
export async function issueApplicationToken(
  deps: Deps,
  input: ClientCredentials,
): Promise<ApplicationToken> {
  const now = deps.clock();
  const holder = input.clientSecret.startsWith(CLIENT_SECRET_PREFIX)
    ? await findSecretHolder(deps.db, {
        secretHash: hashToken(input.clientSecret),
        clientIp: input.clientIp,
      })
    : undefined;
  // The client ID is compared after the secret's lookup: both must name the same application.
  const idMatches =
    holder?.client_id !== null &&
    holder?.client_id !== undefined &&
    holder.client_id.length === input.clientId.length &&
    crypto.timingSafeEqual(Buffer.from(holder.client_id), Buffer.from(input.clientId));
  if (!holder || !idMatches) throw new Refusal('GAGAL_LOGIN');
  if (holder.state === 'DICABUT') throw new Refusal('APLIKASI_DICABUT');
  if (holder.valid_until !== null && holder.valid_until <= now) throw new Refusal('GAGAL_LOGIN');
  if (holder.state !== 'LULUS_POC') throw new Refusal('APLIKASI_BELUM_POC');
  const agreement = await findAgreementInForce(deps.db, holder.agency_id, wibDay(now));
  if (holder.agency_status !== 'AKTIF' || !agreement || !agreement.access_methods.includes('API'))
    throw new Refusal('INSTANSI_TIDAK_AKTIF');
  if (!holder.address_allowed) throw new Refusal('IP_TIDAK_SESUAI');
  const accessToken = `${APPLICATION_TOKEN_PREFIX}${crypto.randomBytes(32).toString('base64url')}`;
  await insertToken(deps.db, {
    hash: hashToken(accessToken),
    applicationId: holder.id,
    secretId: holder.secret_id,
    at: now,
    expiresAt: new Date(now.getTime() + APPLICATION_TOKEN_TTL_SECONDS * 1000),
  });
  return { accessToken, expiresIn: APPLICATION_TOKEN_TTL_SECONDS };
}

/**
 * Ends a token before its time: a legacy client that sends its client ID and secret as
 * USER_ID and PASSWORD gets a token for its one call (services/lookup/compatible-caller.ts),
 * as a user's login there gets a session for its one call.
 */
export async function endApplicationToken(deps: Deps, token: string): Promise<void> {
  await deleteToken(deps.db, hashToken(token));
}
