import type { FieldError } from './refusals.js';
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

/**
 * The names a case's result and note are posted under (the portal's checklist form): the
 * problems of a checklist name them, so that a form marks the field at fault.
 */
export const caseResultField = (code: string) => `hasil_${code}`;
export const caseNoteField = (code: string) => `catatan_${code}`;

/**
 * Problems of a checklist as posted, by field: unknown cases, notes too long, a failed case
 * without a note (its note field); nothing recorded at all (the whole form, field '').
 */
export function checklistProblems(verdicts: readonly CaseVerdict[]): FieldError[] {
  const problems: FieldError[] = [];
  const seen = new Set<string>();
  for (const verdict of verdicts) {
    const known = POC_CASES.find((c) => c.code === verdict.code);
    if (!known) {
      problems.push({ field: '', message: `Kasus uji tidak dikenal: ${verdict.code}` });
      continue;
    }
    const result = caseResultField(verdict.code);
    const note = caseNoteField(verdict.code);
    if (seen.has(verdict.code)) {
      problems.push({ field: result, message: `Kasus uji ${verdict.code} tercantum dua kali` });
    }
    seen.add(verdict.code);
    if (verdict.note.length > MAX_CASE_NOTE) {
      problems.push({
        field: note,
        message: `Catatan kasus ${verdict.code} paling banyak ${MAX_CASE_NOTE} karakter`,
      });
    }
    if (!verdict.passed && verdict.note.trim().length < 5) {
      problems.push({
        field: note,
        message: `Kasus ${verdict.code} tidak lulus: tuliskan catatan apa yang gagal`,
      });
    }
  }
  if (verdicts.length === 0) {
    problems.push({ field: '', message: 'Isi sekurang-kurangnya satu kasus uji' });
  }
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

/**
 * Why an application's PoC may not be approved now (issue 11: an application calls only once
 * its PoC passed, and the checklist is how the PoC is run): every case must be recorded, and
 * passed. Empty when it may. The PoC of the agreement's web portal (no application) is not
 * concerned: its approval lifts the quota, as before the checklist existed.
 */
export function applicationApprovalProblems(recorded: readonly CaseVerdict[]): string[] {
  const concluded = pocConclusion(recorded);
  if (!concluded.ok) {
    return concluded.problems.map(
      (problem) =>
        `PoC aplikasi hanya dapat disetujui setelah daftar periksa PoC lengkap. ${problem}. ` +
        'Catat setiap kasus pada halaman Daftar periksa PoC.',
    );
  }
  const failed = concluded.cases.filter((c) => !c.passed).map((c) => c.code);
  if (failed.length === 0) return [];
  return [
    `PoC aplikasi tidak dapat disetujui: kasus ${failed.join(', ')} tidak lulus pada daftar ` +
      'periksa. Tolak permohonan, atau catat hasil PoC dari daftar periksa.',
  ];
}

/** The conclusion's sentence in the letter and the request's history. */
export function conclusionText(application: string, passed: boolean, failed: number): string {
  return passed
    ? `Aplikasi ${application} dinyatakan LULUS PoC: seluruh kasus uji terpenuhi.`
    : `Aplikasi ${application} dinyatakan TIDAK LULUS PoC: ${failed} kasus uji tidak terpenuhi.`;
}
