-- Issue 9 (cost) and 13 (speed): the input-pattern policy's windows move out of the lookup
-- statement into each server process's memory (services/lookup/pattern-windows.ts): a process
-- reads them from the audit trail when it starts and the other processes' lookups from the
-- sealed trail as the sealer adds them. The two upserts per lookup into this table were +18 %
-- of a lookup's cost (BENCHMARKS.md, 2026-12-07). The table held only what the trail holds.
DROP TABLE pattern_window;
