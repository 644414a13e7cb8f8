/**
 * A NIK as lists and evidence show it: the region (6 digits) and the serial (4) stay, the
 * birth date in between is hidden. Enough to see a sweep of one district or a run of serials
 * (the input-pattern evidence), not enough to name the person. Anything that is not 16 digits
 * (a mistyped input kept by the audit trail) shows its first 4 characters only.
 */
export function maskNik(nik: string | null): string {
  if (nik === null || nik === '') return '—';
  if (/^\d{16}$/.test(nik)) return `${nik.slice(0, 6)}••••••${nik.slice(12)}`;
  return `${nik.slice(0, 4)}${'•'.repeat(Math.max(0, Math.min(nik.length, 16) - 4))}`;
}
