import { CLIENT_ID_PREFIX, OPERATOR_HEADER } from './applications.js';

/**
 * Who calls the national service's paths (SPEC §9, issue 11 item 3), from what the call
 * carries. Three ways, one lookup behind them all:
 *
 * - a Gerbang user's ID and password in `USER_ID` / `PASSWORD`, as the existing clients send;
 * - an application's bearer token (`Authorization: Bearer gba_…` from the client-credentials
 *   grant), naming the operator it acts for;
 * - an application's client ID and secret in `USER_ID` / `PASSWORD`, for a legacy client that
 *   can fill only those two: a client ID (`gbc_…`) is never a user ID (user IDs hold no `_`).
 *
 * The operator of an application's call is the header `X-Gerbang-Operator`, or the field
 * `OPERATOR` (body or query string, any case) for a client that cannot set a header.
 */
export type CompatibleCredentials =
  | { readonly kind: 'USER'; readonly userId: string; readonly password: string }
  | {
      readonly kind: 'APPLICATION_TOKEN';
      readonly token: string;
      readonly operator: string | undefined;
    }
  | {
      readonly kind: 'CLIENT_CREDENTIALS';
      readonly clientId: string;
      readonly clientSecret: string;
      readonly operator: string | undefined;
    };

/** The field a legacy client names the operator in, beside the header. */
export const OPERATOR_FIELD = 'OPERATOR';

/**
 * The call's credentials. `fields` are the call's keys in upper case (upperKeys); `bearer` the
 * token of an `Authorization: Bearer` header ('' when the header is there but unreadable);
 * `operatorHeader` the header's value. Refused: a bearer beside a user ID or password (one
 * way only, as RFC 6749 §2.3 asks of client authentication), and an application's call naming
 * two different operators.
 */
export function compatibleCredentials(
  fields: Readonly<Record<string, string>>,
  bearer: string | undefined,
  operatorHeader: string | undefined,
): { ok: true; value: CompatibleCredentials } | { ok: false; problem: string } {
  const userId = fields.USER_ID ?? '';
  const password = fields.PASSWORD ?? '';
  const application = bearer !== undefined || userId.trim().startsWith(CLIENT_ID_PREFIX);
  // A user's own call is theirs: an operator named beside it is not read.
  if (!application) return { ok: true, value: { kind: 'USER', userId, password } };
  const named = [operatorHeader?.trim(), fields[OPERATOR_FIELD]?.trim()].filter(
    (value): value is string => value !== undefined && value !== '',
  );
  if (named.length === 2 && named[0] !== named[1]) {
    return {
      ok: false,
      problem: `Operator pada header ${OPERATOR_HEADER} dan kolom ${OPERATOR_FIELD} berbeda`,
    };
  }
  const operator = named[0];
  if (bearer === undefined) {
    return {
      ok: true,
      value: {
        kind: 'CLIENT_CREDENTIALS',
        clientId: userId.trim(),
        clientSecret: password,
        operator,
      },
    };
  }
  if (userId.trim() !== '' || password !== '') {
    return {
      ok: false,
      problem:
        'Kirim kredensial dengan satu cara saja: header Authorization Bearer, atau USER_ID dan PASSWORD',
    };
  }
  return { ok: true, value: { kind: 'APPLICATION_TOKEN', token: bearer, operator } };
}
