import { isApplicationToken } from '../../domain/applications.js';
import type { CompatibleCredentials } from '../../domain/compatible-credentials.js';
import {
  CHANNEL_REFUSALS,
  refusalOf,
  type EnvelopeRefusal,
  type Wording,
} from '../../domain/national-service.js';
import { login } from '../account/login.js';
import { logout } from '../account/portal-session.js';
import { wordingOfApplicationToken, wordingOfUser } from '../agreements/wording-profile.js';
import {
  endApplicationToken,
  issueApplicationToken,
  type ApplicationToken,
} from '../applications/oauth.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';

/** Who a compatible client's call runs as: the token the one lookup use case is given. */
export interface CompatibleCaller {
  /** A session opened for this call, or an application's token (`gba_…`). */
  readonly token: string;
  /** The operator an application's call names; undefined for a user's own call. */
  readonly operator: string | undefined;
  /**
   * The words refusals are answered in (SPEC §9): read only when a refusal is answered, so a
   * served call pays no query for it.
   */
  readonly wording: () => Promise<Wording>;
  /** Ends what was opened for this call alone: the session, or the client-credentials token. */
  readonly close: () => Promise<void>;
}

/**
 * Opens the call's caller from its credentials (domain/compatible-credentials.ts), or answers
 * the refusal in the envelope's words. Nothing is decided here that the lookup statement
 * decides again: the token is checked there with the quota and the audit row, as on every
 * channel. `queryForm`: the query-string variant, which always has the Tegal wording.
 */
export async function openCompatibleCaller(
  deps: Deps,
  credentials: CompatibleCredentials,
  context: { readonly clientIp: string; readonly queryForm: boolean },
): Promise<CompatibleCaller | { readonly refusal: EnvelopeRefusal }> {
  // Before the credentials are known good, the form's words: the answer must not tell which
  // user IDs or applications exist by the wording of their agreement.
  const formWording: Wording = context.queryForm ? 'TEGAL' : 'NASIONAL';
  const none = async () => {};
  const tokenWording = (token: string) => () =>
    context.queryForm ? Promise.resolve(formWording) : wordingOfApplicationToken(deps, token);
  switch (credentials.kind) {
    case 'USER': {
      const session = await login(deps, {
        userId: credentials.userId,
        password: credentials.password,
        kind: 'API',
        clientIp: context.clientIp,
      });
      // The agreement's profile once the password was right (SPEC §9).
      const wording =
        !context.queryForm && (session.ok || isAccessRefusal(session.code))
          ? await wordingOfUser(deps, credentials.userId)
          : formWording;
      if (!session.ok) {
        // The user, agency and address refusals in their own words (codes 02–04); the rest
        // (a wrong password, a lockout, a password still to change) is a failed login.
        const code = isAccessRefusal(session.code) ? session.code : 'GAGAL_LOGIN';
        return { refusal: refusalOf(code, wording) };
      }
      return {
        token: session.token,
        operator: undefined,
        wording: () => Promise.resolve(wording),
        close: () => logout(deps, session.token),
      };
    }
    case 'APPLICATION_TOKEN': {
      // A user's own API token belongs to the native API; here a bearer is an application's.
      if (!isApplicationToken(credentials.token)) {
        return { refusal: refusalOf('GAGAL_LOGIN', formWording) };
      }
      return {
        token: credentials.token,
        operator: credentials.operator,
        wording: tokenWording(credentials.token),
        close: none,
      };
    }
    case 'CLIENT_CREDENTIALS': {
      let issued: ApplicationToken;
      try {
        issued = await issueApplicationToken(deps, {
          clientId: credentials.clientId,
          clientSecret: credentials.clientSecret,
          clientIp: context.clientIp,
        });
      } catch (error) {
        const refusal = error instanceof Refusal ? grantRefusal(error, formWording) : undefined;
        if (!refusal) throw error;
        return { refusal };
      }
      const token = issued.accessToken;
      return {
        token,
        operator: credentials.operator,
        wording: tokenWording(token),
        close: () => endApplicationToken(deps, token),
      };
    }
  }
}

/** The client-credentials grant's refusals as the envelope says them (as the lookup's). */
function grantRefusal(error: Refusal, wording: Wording): EnvelopeRefusal | undefined {
  const code = error.code;
  if (code === 'GAGAL_LOGIN' || code === 'INSTANSI_TIDAK_AKTIF' || code === 'IP_TIDAK_SESUAI')
    return refusalOf(code, wording);
  if (code === 'APLIKASI_BELUM_POC' || code === 'APLIKASI_DICABUT')
    return CHANNEL_REFUSALS.APLIKASI;
  return undefined;
}

/** Refusals of a user whose password was right: not found by guessing user IDs. */
function isAccessRefusal(
  code: string,
): code is 'USER_NON_AKTIF' | 'INSTANSI_TIDAK_AKTIF' | 'IP_TIDAK_SESUAI' {
  return code === 'USER_NON_AKTIF' || code === 'INSTANSI_TIDAK_AKTIF' || code === 'IP_TIDAK_SESUAI';
}
