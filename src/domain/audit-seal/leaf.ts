import { leafHash, type Hash } from './merkle.js';

/**
 * What a sealed row is, byte for byte: a JSON array of its table, the format version and
 * every column in a fixed order, times in UTC to the microsecond (as PostgreSQL keeps them).
 * A column added later gets a new format version, so the rows sealed before it keep their
 * hash. The array, not the row's JSON object, so that the order of keys cannot vary.
 *
 * Formats: audit_log 1 (the twelve columns below), audit_log 2 (the same and `detail`, for a
 * row that has one: migration 024; a row without keeps format 1, as every row sealed before);
 * admin_action 1.
 */
export type SealSource = 'audit_log' | 'admin_action';

/**
 * audit_log, format 1: id, at, action, channel, user_id, agency_id, agreement_id, client_ip,
 * nik, purpose, response_code, reason; format 2: the same, then detail (jsonb text).
 */
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
  /** jsonb text as PostgreSQL writes it (keys in its canonical order); null for most rows. */
  readonly detail: string | null;
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

/** The format a row is sealed in: 2 for an audit_log row with a detail, otherwise 1. */
export function leafFormat(leaf: LeafRow): number {
  return leaf.source === 'audit_log' && leaf.row.detail !== null ? 2 : 1;
}

export function leafData(leaf: LeafRow): string {
  if (leaf.source === 'audit_log') {
    const r = leaf.row;
    const columns = [
      'audit_log',
      leafFormat(leaf),
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
    ];
    return JSON.stringify(r.detail === null ? columns : [...columns, r.detail]);
  }
  const r = leaf.row;
  return JSON.stringify([
    'admin_action',
    leafFormat(leaf),
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
