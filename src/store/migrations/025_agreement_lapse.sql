-- The end of an agreement whose end date merely passes (issue 12, SPEC §5): a daily job and
-- `gerbang agreement lapse` record it as ended and run the end cascade. Every cascade that
-- opens SAM-return tasks leaves here the e-mail owed to the agency head (an outbox, one row per
-- ended agreement, claimed by the mail job across server processes).
CREATE TABLE reader_return_notice (
  agreement_id integer PRIMARY KEY REFERENCES agreement (id),
  agency_id    integer NOT NULL REFERENCES agency (id),
  created_at   timestamptz NOT NULL,
  mailed_at    timestamptz
);
CREATE INDEX reader_return_notice_unmailed ON reader_return_notice (agreement_id)
  WHERE mailed_at IS NULL;
-- The job's candidates: agreements still AKTIF whose end date has passed.
CREATE INDEX agreement_active_ends_on ON agreement (ends_on) WHERE status = 'AKTIF';
