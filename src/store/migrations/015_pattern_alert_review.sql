-- The input-pattern alerts as Dukcapil works them (issue 9 §2): the e-mail outbox and the
-- decision on a hold the policy made.

ALTER TABLE pattern_alert
  -- When the alert was handed to the SMTP server for Dukcapil's address (store/pattern-alerts.ts
  -- claims it by setting this before sending and clears it again when sending fails, so that a
  -- restart or a second server never sends one twice). NULL: not yet sent.
  ADD COLUMN mailed_at timestamptz,
  -- What Dukcapil decided about the user the alert held: released (the user's status back to
  -- AKTIF through the users' use case) or kept held; who, when and why. The admin_action
  -- history keeps every decision; these columns show the last one on the alert.
  ADD COLUMN hold_decision text CHECK (hold_decision IN ('DILEPAS', 'DIPERTAHANKAN')),
  ADD COLUMN hold_decided_by integer REFERENCES app_user (id),
  ADD COLUMN hold_decided_at timestamptz,
  ADD COLUMN hold_reason text CHECK (length(hold_reason) <= 500),
  ADD CONSTRAINT pattern_alert_hold_decision
    CHECK ((hold_decision IS NULL) = (hold_decided_at IS NULL));

-- The outbox: alerts not yet mailed, oldest first.
CREATE INDEX pattern_alert_unmailed ON pattern_alert (id) WHERE mailed_at IS NULL;
