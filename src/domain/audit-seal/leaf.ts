import { leafHash, type Hash } from './merkle.js';

/**
 * What a sealed row is, byte for byte: a JSON array of its table, the format version and
 * every column in a fixed order, times in UTC to the microsecond (as PostgreSQL keeps them).
 * A column added later gets a new format version, so the rows sealed before it keep their
 * hash. The array, not the row's JSON object, so that the order of keys cannot vary.
 */
export type SealSource = 'audit_log' | 'admin_action';

export const LEAF_FORMAT = 1;

/** audit_log, format 1: id, at, action, channel, user_id, agency_id, agreement_id, client_ip, nik, purpose, response_code, reason. */
export interface AuditLogLeafRow {
  readonly id: number;
  readonly at: string;
  readonly action: string;
  readonly channel: string;
  readonly user_id: number | null;
  readonly agency_id: number | null;
  readonly agreement_id: number | null;
  readonly client_ip: string | null;
  readonly nik: string | null;
  readonly purpose: string | null;
  readonly response_code: string;
  readonly reason: string | null;
}

/** admin_action, format 1: id, at, actor_id, agency_id, action, target, reason, detail (jsonb text). */
export interface AdminActionLeafRow {
  readonly id: number;
  readonly at: string;
  readonly actor_id: number | null;
  readonly agency_id: number | null;
  readonly action: string;
  readonly target: string;
  readonly reason: string | null;
  readonly detail: string | null;
}

export type LeafRow =
  | { readonly source: 'audit_log'; readonly row: AuditLogLeafRow }
  | { readonly source: 'admin_action'; readonly row: AdminActionLeafRow };

export function leafData(leaf: LeafRow): string {
  if (leaf.source === 'audit_log') {
    const r = leaf.row;
    return JSON.stringify([
      'audit_log',
      LEAF_FORMAT,
      r.id,
      r.at,
      r.action,
      r.channel,
      r.user_id,
      r.agency_id,
      r.agreement_id,
      r.client_ip,
      r.nik,
      r.purpose,
      r.response_code,
      r.reason,
    ]);
  }
  const r = leaf.row;
  return JSON.stringify([
    'admin_action',
    LEAF_FORMAT,
    r.id,
    r.at,
    r.actor_id,
    r.agency_id,
    r.action,
    r.target,
    r.reason,
    r.detail,
  ]);
}

export function hashLeafRow(leaf: LeafRow): Hash {
  return leafHash(leafData(leaf));
}
