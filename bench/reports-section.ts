import type { ReportsFigures } from './reports.js';

/** The section <!-- bench:reports --> of BENCHMARKS.md from one run of bench/reports.ts. */

const n0 = (value: number | undefined) => (value ?? 0).toLocaleString('en-US');
const secs = (ms: number | undefined) => (ms === undefined ? '—' : `${(ms / 1000).toFixed(2)} s`);

export function reportsMarkdown(f: ReportsFigures): string {
  const m = f.machine;
  const pg = f.postgres;
  const all = (name: string) => f.steps.filter((s) => s.step === name);
  const one = (name: string) => all(name)[0];
  const median = (name: string) => {
    const ms = all(name)
      .map((s) => s.ms)
      .sort((a, b) => a - b);
    return ms.length === 0 ? undefined : ms[Math.floor((ms.length - 1) / 2)];
  };
  const worst = (name: string) => Math.max(...all(name).map((s) => s.ms));
  const draftFirst = one('draftFirst');
  const dgFirst = one('dgFirst');
  const verdict = (ms: number | undefined, limitS: number) =>
    ms === undefined ? 'not measured' : ms <= limitS * 1000 ? 'met' : '**NOT met**';
  const loads = f.steps.map((s) => s.loadavg);
  const row = (label: string, ms: number | undefined, target: string, load?: number) =>
    `| ${label} | ${secs(ms)} | ${target} | ${load === undefined ? '—' : load.toFixed(2)} |`;
  return [
    '## Reports: semester report drafting and the report to the Directorate General (`npm run bench -- --reports`)',
    '',
    `Measured ${f.startedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC; the whole run took ${f.totalSeconds.toFixed(0)} s.`,
    '',
    `**Machine.** ${m.cores} cores (${m.cpuModel}), ${(m.memoryBytes / 1024 ** 3).toFixed(1)} GiB RAM, ${m.kernel}; Node ${m.node}; ` +
      `${pg.version.split(' on ')[0]} on the same machine (shared_buffers=${pg.settings.shared_buffers}, synchronous_commit=${pg.settings.synchronous_commit}). ` +
      `The machine is shared with other workers: ${f.loadBefore.toFixed(2)} cores busy just before the run; over the ${f.cpu.seconds.toFixed(0)} s of the measuring process ` +
      `it used ${(f.cpu.byCategory.node ?? 0).toFixed(2)} cores, PostgreSQL ${(f.cpu.byCategory.postgres ?? 0).toFixed(2)}, other processes ${f.cpu.other.toFixed(2)} ` +
      `(iowait ${f.cpu.iowait.toFixed(2)}); one-minute load average at the timed steps ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)}.`,
    '',
    `**Data.** A fresh PostgreSQL database: ${n0(f.agencies)} agencies, each with an agreement in force over 2025–2026 and ten operators; ` +
      `${n0(f.rows)} audit_log lookups spread evenly over 2025-01-01 … 2026-12-31 WIB (bench/reports-history.ts), the agency reported on holding a quarter of them ` +
      `(${n0(draftFirst?.detail?.lookups)} in 2026-S1), the other ${n0(f.agencies - 1)} sharing the rest; channel, response, operator and purpose by a hash of the row, ` +
      "NIKs drawn from a population of a million. Loaded by generate_series in one INSERT per million rows with audit_log's secondary indexes dropped and rebuilt " +
      `(insert ${f.history.insert.toFixed(0)} s, indexes ${f.history.indexes.toFixed(0)} s, VACUUM ANALYZE ${f.history.vacuum.toFixed(0)} s). ` +
      `After the summariser: ${n0(f.sizes.audit_daily_summary)} rows in audit_daily_summary, ${n0(f.sizes.audit_daily_purpose)} in audit_daily_purpose, ` +
      `${n0(f.sizes.audit_first_access)} in audit_first_access.`,
    '',
    `**What is measured.** In a child process started as \`npm start\` starts the server (--max-old-space-size=${f.heapCapMb}, heap limit ${f.end.heapLimitMb} MB; pool 16), ` +
      'one after another (bench/reports-child.ts): the 2026-S1 figures of the agency reported on read from audit_log alone (no summaries yet, for comparison); the daily ' +
      "summariser's catch-up over the whole history (a one-off: the server keeps it up to date every ten minutes); a VACUUM ANALYZE of the summary tables, " +
      'which autovacuum makes soon after with the thresholds of migration 031 (so that reports read them by index alone); drafting that report — `reportFigures` (summaries and ' +
      'the live tail), the PDF and the XLSX, as submitting makes them — first in the process (pdfkit loaded then) and three times again; and the report to the Directorate ' +
      `General for 2026-S1 (\`produceDgReport\`: the figures of every agreement, the PDF, the XLSX, kept) first and twice again. Peak RSS of the process: ${f.end.maxRssMb} MB.`,
    '',
    '| step | time | target | load avg (1 min) |',
    '|---|---|---|---|',
    row(
      `2026-S1 figures from audit_log alone (${n0(one('figuresFromAuditLog')?.detail?.lookups)} rows)`,
      one('figuresFromAuditLog')?.ms,
      '—',
      one('figuresFromAuditLog')?.loadavg,
    ),
    row(
      `summariser catch-up over ${n0(one('summaryCatchUp')?.detail?.days)} days`,
      one('summaryCatchUp')?.ms,
      '— (one-off)',
      one('summaryCatchUp')?.loadavg,
    ),
    row(
      'VACUUM ANALYZE of the summary tables (autovacuum’s work, migration 031)',
      one('vacuumSummaries')?.ms,
      '—',
      one('vacuumSummaries')?.loadavg,
    ),
    row(
      `drafting, first in the process (PDF ${n0(Math.round((draftFirst?.detail?.pdfBytes ?? 0) / 1024))} KB)`,
      draftFirst?.ms,
      `≤ 3 s: ${verdict(draftFirst?.ms, 3)}`,
      draftFirst?.loadavg,
    ),
    row(
      `drafting again (median of ${all('draftAgain').length}; slowest ${secs(worst('draftAgain'))})`,
      median('draftAgain'),
      `≤ 3 s: ${verdict(median('draftAgain'), 3)}`,
    ),
    row(
      `report to the Directorate General, ${n0(dgFirst?.detail?.agencies)} agencies, first (PDF ${n0(Math.round((dgFirst?.detail?.pdfBytes ?? 0) / 1024))} KB)`,
      dgFirst?.ms,
      `≤ 10 s: ${verdict(dgFirst?.ms, 10)}`,
      dgFirst?.loadavg,
    ),
    row(
      `report to the Directorate General again (median of ${all('dgAgain').length}; slowest ${secs(worst('dgAgain'))})`,
      median('dgAgain'),
      `≤ 10 s: ${verdict(median('dgAgain'), 10)}`,
    ),
  ].join('\n');
}
