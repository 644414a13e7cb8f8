/** The purpose an officer gives for a lookup: what the audit trail records and Dukcapil reviews. */
export const PURPOSE_MIN = 3;
export const PURPOSE_MAX = 200;

/** Why a purpose cannot be accepted, or undefined when it can. */
export function purposeProblem(purpose: string): string | undefined {
  const trimmed = purpose.trim();
  if (trimmed.length < PURPOSE_MIN || trimmed.length > PURPOSE_MAX) {
    return `Keperluan wajib diisi (${PURPOSE_MIN}–${PURPOSE_MAX} karakter).`;
  }
  if (/\p{Cc}/u.test(trimmed)) return 'Keperluan tidak boleh memuat karakter kendali.';
  return undefined;
}
