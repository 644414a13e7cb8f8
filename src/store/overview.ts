import { sql } from 'kysely';
import type { Executor } from './db.js';

export interface OverviewCounts {
  readonly agencies_active: number;
  readonly agencies_inactive: number;
  readonly agreements_in_force: number;
  readonly agreements_draft: number;
  /** In force and ending within `soonDays` days of `day`. */
  readonly agreements_ending_soon: number;
  readonly users_active: number;
  readonly users_inactive: number;
  readonly users_held: number;
  readonly users_locked: number;
  /** Active operators without an NDA and heads without an SPTJM: they cannot look up yet. */
  readonly users_missing_document: number;
  readonly requests_open: number;
  readonly requests_waiting: number;
}

/** Dukcapil's figures at a glance, in one statement (the WIB day and instant are given). */
export async function countOverview(
  db: Executor,
  input: { day: string; now: Date; soonDays: number },
): Promise<OverviewCounts> {
  const result = await sql<OverviewCounts>`
    SELECT
      (SELECT count(*) FROM agency WHERE status = 'AKTIF')::int AS agencies_active,
      (SELECT count(*) FROM agency WHERE status <> 'AKTIF')::int AS agencies_inactive,
      (SELECT count(*) FROM agreement WHERE status = 'AKTIF' AND signed_on <= ${input.day}::date
         AND (ends_on >= ${input.day}::date OR extension_request_id IS NOT NULL))::int
        AS agreements_in_force,
      (SELECT count(*) FROM agreement WHERE status = 'DRAFT')::int AS agreements_draft,
      (SELECT count(*) FROM agreement WHERE status = 'AKTIF'
         AND ends_on >= ${input.day}::date
         AND ends_on < ${input.day}::date + ${input.soonDays}::int)::int AS agreements_ending_soon,
      (SELECT count(*) FROM app_user WHERE status = 'AKTIF')::int AS users_active,
      (SELECT count(*) FROM app_user WHERE status = 'NON_AKTIF')::int AS users_inactive,
      (SELECT count(*) FROM app_user WHERE status = 'DITAHAN')::int AS users_held,
      (SELECT count(*) FROM app_user WHERE locked_until > ${input.now}::timestamptz)::int
        AS users_locked,
      (SELECT count(*) FROM app_user WHERE status = 'AKTIF'
         AND ((role = 'OPERATOR' AND nda_signed_on IS NULL)
           OR (role = 'KEPALA_INSTANSI' AND (sptjm_signed_on IS NULL OR nda_signed_on IS NULL))))::int
        AS users_missing_document,
      (SELECT count(*) FROM request WHERE state IN ('DIAJUKAN', 'DIJADWALKAN', 'DITELAAH'))::int
        AS requests_open,
      (SELECT count(*) FROM request WHERE state = 'DIAJUKAN')::int AS requests_waiting`.execute(db);
  return result.rows[0]!;
}
