-- Every administrative action (agencies, agreements, users, documents, requests, exports):
-- who did what to what, when and why. Append-only like the audit trail.
CREATE TABLE admin_action (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at         timestamptz NOT NULL,
  -- null for the command line run by the server's operator
  actor_id   integer REFERENCES app_user (id),
  -- the agency the action concerns, so that its head can see it
  agency_id  integer REFERENCES agency (id),
  action     text NOT NULL CHECK (action ~ '^[A-Z_]{3,40}$'),
  target     text NOT NULL CHECK (length(target) BETWEEN 1 AND 200),
  reason     text CHECK (length(reason) <= 1000),
  detail     jsonb
);
CREATE INDEX admin_action_agency_at ON admin_action (agency_id, at);
CREATE INDEX admin_action_at ON admin_action (at);

CREATE TRIGGER admin_action_no_update BEFORE UPDATE OR DELETE ON admin_action
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER admin_action_no_truncate BEFORE TRUNCATE ON admin_action
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
