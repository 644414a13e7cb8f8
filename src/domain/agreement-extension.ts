import type { AgreementStatus } from './agreement-state.js';
import { extensionRequestDue } from './deadlines.js';

/**
 * Access during an extension (SPEC §4; the SPTJM covers access "selama proses perpanjangan
 * berlangsung"): an agency that filed its extension request on time — by the end date less
 * two months, the deadline of domain/deadlines.ts — keeps access past the end date until the
 * addendum is signed (the end date moves) or the request is refused. A late request keeps
 * nothing; a refusal after the end date ends access at once.
 *
 * The database keeps the open timely request on the agreement (agreement.extension_request_id,
 * migration 022), so that every "in force" check, the lookup statement's among them, reads it
 * from the row it already reads. The request use cases move it as `afterExtensionEvent` says.
 */

/** What every console shows while an agreement is in its extension period. */
export const EXTENSION_NOTICE =
  'Masa perpanjangan: akses berlanjut berdasarkan SPTJM sampai adendum ditandatangani';

/** Whether an extension request filed on `filedOn` (WIB day) is on time for an end date. */
export function extensionRequestTimely(endsOn: string, filedOn: string): boolean {
  return filedOn <= extensionRequestDue(endsOn);
}

/** The part of an agreement that decides access on a day. */
export interface ExtensionState {
  readonly status: AgreementStatus;
  /** YYYY-MM-DD */
  readonly signedOn: string;
  readonly endsOn: string;
  /** An extension request filed on time and not yet answered. */
  readonly extensionPending: boolean;
}

export type ExtensionEvent =
  /** The agency files an extension request on that WIB day. */
  | { readonly kind: 'DIAJUKAN'; readonly on: string }
  /** Dukcapil refuses the request. */
  | { readonly kind: 'DITOLAK' }
  /** The request is approved: the addendum is signed and sets the new end date. */
  | { readonly kind: 'ADENDUM'; readonly endsOn: string };

/**
 * The agreement after an event of its extension request. Only a request filed on time while
 * the agreement is in force opens the extension period; an answer closes it.
 */
export function afterExtensionEvent(state: ExtensionState, event: ExtensionEvent): ExtensionState {
  switch (event.kind) {
    case 'DIAJUKAN':
      return {
        ...state,
        extensionPending:
          state.extensionPending ||
          (accessPhase(state, event.on) === 'BERLAKU' &&
            extensionRequestTimely(state.endsOn, event.on)),
      };
    case 'DITOLAK':
      return { ...state, extensionPending: false };
    case 'ADENDUM':
      return { ...state, endsOn: event.endsOn, extensionPending: false };
  }
}

/**
 * Where an agreement stands on a WIB day: in force within its dates (BERLAKU), in force past
 * its end date under a timely extension request (MASA_PERPANJANGAN), or not in force at all
 * (TIDAK_BERLAKU: a draft, not yet signed, ended, revoked, cancelled, or past its end date
 * without an open timely request).
 */
export type AccessPhase = 'BERLAKU' | 'MASA_PERPANJANGAN' | 'TIDAK_BERLAKU';

export function accessPhase(state: ExtensionState, today: string): AccessPhase {
  if (state.status !== 'AKTIF' || state.signedOn > today) return 'TIDAK_BERLAKU';
  if (state.endsOn >= today) return 'BERLAKU';
  return state.extensionPending ? 'MASA_PERPANJANGAN' : 'TIDAK_BERLAKU';
}

/** Whether the agency's users may access data on `today` under this agreement. */
export function accessAllowed(state: ExtensionState, today: string): boolean {
  return accessPhase(state, today) !== 'TIDAK_BERLAKU';
}

/**
 * Whether an agreement still recorded in force has lapsed by `today`: its end date has passed
 * and no timely extension request keeps it in its extension period. It is then to be recorded
 * as ended by the end of its term (ground MASA_BERLAKU), with the cascade of every end.
 */
export function lapsed(
  state: Pick<ExtensionState, 'status' | 'endsOn' | 'extensionPending'>,
  today: string,
): boolean {
  return state.status === 'AKTIF' && state.endsOn < today && !state.extensionPending;
}
