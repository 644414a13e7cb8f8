import type { ResponseCode } from './responses.js';

/** What decides whether an agency user may act now, read in one query (store/users.ts). */
export interface AccessSubject {
  readonly status: string;
  readonly agency_id: number | null;
  readonly agency_status: string | null;
  /** The agreement in force today, or null. */
  readonly agreement_id: number | null;
  readonly access_methods: readonly string[] | null;
  /** Whether the client's address is one of that agreement's access points. */
  readonly address_allowed: boolean | null;
}

export type AccessRefusal = Extract<
  ResponseCode,
  'USER_NON_AKTIF' | 'INSTANSI_TIDAK_AKTIF' | 'IP_TIDAK_SESUAI'
>;

/**
 * The refusal, if any, for a user acting through a channel, in the order of SPEC §2 as the
 * lookup statement applies it: user state, then agency and agreement (none in force, or one
 * that does not grant the channel), then the access point. Dukcapil staff have no agency
 * and no access point.
 */
export function accessRefusal(
  subject: AccessSubject,
  channel: 'PORTAL' | 'API',
): AccessRefusal | undefined {
  if (subject.status === 'NON_AKTIF') return 'USER_NON_AKTIF';
  if (subject.agency_id === null) return undefined;
  if (
    subject.agency_status !== 'AKTIF' ||
    subject.agreement_id === null ||
    !subject.access_methods?.includes(channel)
  )
    return 'INSTANSI_TIDAK_AKTIF';
  if (subject.address_allowed !== true) return 'IP_TIDAK_SESUAI';
  return undefined;
}
