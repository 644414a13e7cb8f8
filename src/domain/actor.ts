import type { Permission } from './permissions.js';
import type { Role } from './users.js';

/**
 * The one signed-in user acting now, whatever the channel: the JSON API's bearer token and the
 * portal's session both resolve to it (http/caller-hook.ts, web/kit/portal-caller.ts), and
 * every use case takes it, or the part of it it needs (`Pick<Actor, 'id' | 'role'>`), instead
 * of a type of its own. The command line, which acts without a user, is not an Actor: use
 * cases it shares take `ActingParty`.
 */
export interface Actor {
  /** app_user.id */
  readonly id: number;
  readonly userId: string;
  readonly displayName: string;
  readonly role: Role;
  /** The user's agency; null for Dukcapil staff. Scope checks compare it with the record's. */
  readonly agencyId: number | null;
  /** The address the request came from, as the access-point check and the audit see it. */
  readonly clientIp: string;
}

/**
 * Who acts where the command line may act too: a signed-in user, or the server's operator at
 * the command line (id null, recorded without an actor).
 */
export type ActingParty = Omit<Pick<Actor, 'id' | 'role' | 'agencyId'>, 'id'> & {
  readonly id: number | null;
};

/**
 * What a route declares it needs (`config: { permission }`), checked by its transport's hook
 * before the body is validated or the handler runs:
 * - a Permission of domain/permissions.ts: a signed-in user whose role has it;
 * - 'signedIn': any signed-in user acting now (agency in force, no account step pending);
 * - 'anySession': the portal's account pages only: any live session, even one whose agency
 *   is inactive or whose password change or TOTP enrolment is pending (the API treats it as
 *   'signedIn');
 * - 'public': no caller (login, token, logout, static files).
 */
export type RoutePermission = Permission | 'signedIn' | 'anySession' | 'public';
