import type { Deadline } from './deadlines.js';

/*
 * The report to the Directorate General (issue 10 item 4; SPEC §6): per semester, Dukcapil's
 * aggregate of every agency — its figures, its report's status against the semester duty,
 * its evaluation and follow-up — sent to subdit MED. Which sections, in which order, is the
 * ministry's format: configuration (GERBANG_LAPORAN_DIRJEN_FORMAT), defaults below and in
 * docs/REPORTS.md. Pure rules, no I/O.
 */

export const DG_SECTIONS = [
  'RINGKASAN',
  'STATUS_LAPORAN',
  'ANGKA_INSTANSI',
  'HASIL_EVALUASI',
  'TINDAK_LANJUT',
] as const;
export type DgSection = (typeof DG_SECTIONS)[number];

export const DG_SECTION_TITLES: Readonly<Record<DgSection, string>> = {
  RINGKASAN: 'Ringkasan',
  STATUS_LAPORAN: 'Status Laporan Semester Instansi',
  ANGKA_INSTANSI: 'Penggunaan Data per Instansi',
  HASIL_EVALUASI: 'Hasil Evaluasi',
  TINDAK_LANJUT: 'Tindak Lanjut',
};

export interface DgFormat {
  readonly sections: readonly { readonly code: DgSection; readonly title: string }[];
}

export const DEFAULT_DG_FORMAT: DgFormat = {
  sections: DG_SECTIONS.map((code) => ({ code, title: DG_SECTION_TITLES[code] })),
};

/**
 * Reads the format's JSON: `{"sections": ["RINGKASAN", {"code": "HASIL_EVALUASI", "title":
 * "…"}, …]}` — each section once, at least one. The format, or the reason it is refused.
 */
export function parseDgFormat(raw: unknown): { format: DgFormat } | { problem: string } {
  const sections = (raw as { sections?: unknown } | null)?.sections;
  if (typeof raw !== 'object' || raw === null || !Array.isArray(sections)) {
    return { problem: 'format harus berupa objek JSON dengan daftar "sections"' };
  }
  const list: { code: DgSection; title: string }[] = [];
  for (const entry of sections as unknown[]) {
    const code = typeof entry === 'string' ? entry : (entry as { code?: unknown } | null)?.code;
    const title =
      typeof entry === 'object' && entry !== null
        ? (entry as { title?: unknown }).title
        : undefined;
    if (typeof code !== 'string' || !(DG_SECTIONS as readonly string[]).includes(code)) {
      return {
        problem: `bagian "${String(code)}" tidak dikenal; yang dikenal: ${DG_SECTIONS.join(', ')}`,
      };
    }
    if (
      title !== undefined &&
      (typeof title !== 'string' || title.trim().length < 3 || title.length > 120)
    ) {
      return { problem: `judul bagian ${code} harus teks 3–120 karakter` };
    }
    if (list.some((s) => s.code === code)) return { problem: `bagian ${code} disebut dua kali` };
    list.push({
      code: code as DgSection,
      title: typeof title === 'string' ? title.trim() : DG_SECTION_TITLES[code as DgSection],
    });
  }
  if (list.length === 0) return { problem: 'format harus memuat paling sedikit satu bagian' };
  return { format: { sections: list } };
}

// ---- The report's status against the semester duty ------------------------------------------

export const REPORT_STATUSES = [
  'TEPAT_WAKTU',
  'TERLAMBAT',
  'TIDAK_ADA',
  'BELUM_JATUH_TEMPO',
] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const REPORT_STATUS_LABELS: Readonly<Record<ReportStatus, string>> = {
  TEPAT_WAKTU: 'Tepat waktu',
  TERLAMBAT: 'Terlambat',
  TIDAK_ADA: 'Tidak menyampaikan',
  BELUM_JATUH_TEMPO: 'Belum jatuh tempo',
};

/** The status of a semester report from its deadline (domain/deadlines.ts). */
export function reportStatusOf(deadline: Pick<Deadline, 'status' | 'fulfilment'>): ReportStatus {
  if (deadline.fulfilment) return deadline.fulfilment.late ? 'TERLAMBAT' : 'TEPAT_WAKTU';
  return deadline.status === 'TERLAMBAT' ? 'TIDAK_ADA' : 'BELUM_JATUH_TEMPO';
}

export const DG_REPORT_STATES = ['DISUSUN', 'ANTRE', 'TERKIRIM'] as const;
export type DgReportState = (typeof DG_REPORT_STATES)[number];

export const DG_REPORT_STATE_LABELS: Readonly<Record<DgReportState, string>> = {
  DISUSUN: 'Disusun, belum dikirim',
  ANTRE: 'Menunggu dikirim (surel)',
  TERKIRIM: 'Terkirim ke subdit MED',
};

export const LETTER_NUMBER_MIN = 3;
export const LETTER_NUMBER_MAX = 100;
