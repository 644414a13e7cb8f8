-- Issue 14: a resident's statement lists the return data received for their NIK; the
-- accesses themselves are found by audit_log_nik (014).
CREATE INDEX data_balikan_nik ON data_balikan (nik, received_at);
