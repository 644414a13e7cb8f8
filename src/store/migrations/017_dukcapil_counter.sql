-- Issue 14: Dukcapil's counter officer, a role with exactly the permission to issue a
-- resident's access history (domain/permissions.ts), belonging to no agency like Dukcapil's
-- other staff.
ALTER TABLE app_user DROP CONSTRAINT app_user_role_check;
ALTER TABLE app_user ADD CONSTRAINT app_user_role_check CHECK (role IN
  ('ADMIN_DUKCAPIL', 'EVALUATOR_DUKCAPIL', 'PETUGAS_LAYANAN_DUKCAPIL', 'KEPALA_INSTANSI', 'OPERATOR'));
ALTER TABLE app_user DROP CONSTRAINT app_user_check;
ALTER TABLE app_user ADD CONSTRAINT app_user_check CHECK
  ((role IN ('ADMIN_DUKCAPIL', 'EVALUATOR_DUKCAPIL', 'PETUGAS_LAYANAN_DUKCAPIL')) = (agency_id IS NULL));

-- Issue 14: many access-history requests by one officer in a short time are an input-pattern
-- finding like any other. Such an alert concerns Dukcapil's own officer: no agency, no
-- agreement, and its evidence are admin_action rows (the requests), not audit_log rows.
ALTER TABLE pattern_alert ALTER COLUMN agency_id DROP NOT NULL;
ALTER TABLE pattern_alert ADD COLUMN source text NOT NULL DEFAULT 'PENCARIAN'
  CHECK (source IN ('PENCARIAN', 'RIWAYAT_AKSES'));
ALTER TABLE pattern_alert ADD CONSTRAINT pattern_alert_source_agency
  CHECK ((source = 'RIWAYAT_AKSES') = (agency_id IS NULL));
DROP INDEX pattern_alert_one_open;
CREATE UNIQUE INDEX pattern_alert_one_open
  ON pattern_alert (coalesce(agency_id, 0), coalesce(user_id, 0), scope, kind) WHERE state <> 'SELESAI';

-- The requests' windows the policy reads: one officer's latest, and all officers' latest.
CREATE INDEX admin_action_history_requests ON admin_action (actor_id, id)
  WHERE action = 'RIWAYAT_AKSES_DIMINTA';
