import { RESPONSE_CODES, RESPONSES } from './responses.js';

/**
 * The checklist Dukcapil runs a proof of concept with (issue 11 item 5): the application is
 * tried against the PoC sandbox, and each case is passed or not, with a note. Recorded with
 * the PoC request; its result letter lists every case, and all passed approves the request.
 */

export interface PocCase {
  readonly code: string;
  readonly label: string;
}

/** One case per answer of SPEC §2 (each reachable in the sandbox), then the channel's cases. */
export const POC_CASES: readonly PocCase[] = [
  ...RESPONSE_CODES.map((code) => ({
    code: `JAWABAN_${code}`,
    label: `Jawaban ${code} ("${RESPONSES[code].message}") ditangani dan ditampilkan benar`,
  })),
  {
    code: 'KOMPATIBEL_CALL_NIK',
    label:
      'Titik akhir kompatibel CALL_NIK (bila dipakai): amplop content terbaca, elemen yang diberikan PKS di tempatnya',
  },
  {
    code: 'KOMPATIBEL_VERIFIKASI',
    label:
      'Verifikasi tanpa pengungkapan (CALL_VERIFY_BY_ELEMEN atau /api/v1/nik/verifikasi): Sesuai/Tidak Sesuai dan skor terbaca',
  },
  {
    code: 'TEKS_PENOLAKAN',
    label: 'Teks penolakan ditampilkan kepada operator apa adanya, tanpa diubah',
  },
  {
    code: 'KUOTA',
    label: 'Sisa kuota harian ditampilkan; kuota habis ditangani tanpa pengulangan otomatis',
  },
  {
    code: 'AUDIT',
    label:
      'Setiap pencarian tampak pada jejak audit sandbox dengan pengguna, keperluan dan jawaban yang benar',
  },
  {
    code: 'TANPA_PENYIMPANAN',
    label: 'Aplikasi tidak menyimpan maupun meneruskan data kependudukan yang diterima',
  },
];

export const POC_CASE_CODES: readonly string[] = POC_CASES.map((c) => c.code);
export const MAX_CASE_NOTE = 500;

export interface CaseVerdict {
  readonly code: string;
  readonly passed: boolean;
  readonly note: string;
}

/** A recorded case with its label, in the checklist's order. */
export interface CaseResult extends CaseVerdict {
  readonly label: string;
}

/** Problems of a checklist as posted: unknown cases, notes too long, a failed case without a note. */
export function checklistProblems(verdicts: readonly CaseVerdict[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const verdict of verdicts) {
    const known = POC_CASES.find((c) => c.code === verdict.code);
    if (!known) {
      problems.push(`Kasus uji tidak dikenal: ${verdict.code}`);
      continue;
    }
    if (seen.has(verdict.code)) problems.push(`Kasus uji ${verdict.code} tercantum dua kali`);
    seen.add(verdict.code);
    if (verdict.note.length > MAX_CASE_NOTE) {
      problems.push(`Catatan kasus ${verdict.code} paling banyak ${MAX_CASE_NOTE} karakter`);
    }
    if (!verdict.passed && verdict.note.trim().length < 5) {
      problems.push(`Kasus ${verdict.code} tidak lulus: tuliskan catatan apa yang gagal`);
    }
  }
  if (verdicts.length === 0) problems.push('Isi sekurang-kurangnya satu kasus uji');
  return problems;
}

/** The checklist in its order, each case with its verdict or none yet. */
export function checklistRows(
  recorded: readonly CaseVerdict[],
): (PocCase & { readonly verdict: CaseVerdict | undefined })[] {
  return POC_CASES.map((c) => ({ ...c, verdict: recorded.find((v) => v.code === c.code) }));
}

export type PocConclusion =
  | { readonly ok: true; readonly passed: boolean; readonly cases: readonly CaseResult[] }
  | { readonly ok: false; readonly problems: readonly string[] };

/**
 * The result of a complete checklist: passed when every case passed. A case not yet
 * recorded keeps the result from being recorded.
 */
export function pocConclusion(recorded: readonly CaseVerdict[]): PocConclusion {
  const rows = checklistRows(recorded);
  const missing = rows.filter((row) => row.verdict === undefined);
  if (missing.length > 0) {
    return {
      ok: false,
      problems: [
        `Daftar periksa belum lengkap: ${missing.length} kasus belum dicatat (${missing
          .map((row) => row.code)
          .join(', ')})`,
      ],
    };
  }
  const cases = rows.map((row) => ({ ...row.verdict!, label: row.label }));
  return { ok: true, passed: cases.every((c) => c.passed), cases };
}

/** The conclusion's sentence in the letter and the request's history. */
export function conclusionText(application: string, passed: boolean, failed: number): string {
  return passed
    ? `Aplikasi ${application} dinyatakan LULUS PoC: seluruh kasus uji terpenuhi.`
    : `Aplikasi ${application} dinyatakan TIDAK LULUS PoC: ${failed} kasus uji tidak terpenuhi.`;
}
