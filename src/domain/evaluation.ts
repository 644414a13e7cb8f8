/*
 * Dukcapil's evaluation of an agency (issue 10 item 3; Pasal 8, Juknis V): per submitted
 * report, or at any time for any agency. A checklist derived from the agreement's duties,
 * each item answered from Gerbang's records where they can answer it and by the evaluator
 * otherwise; findings; a score and grade by the rule below (also in docs/REPORTS.md,
 * "Evaluasi"); recommendations; and a follow-up. Pure rules, no I/O.
 */

export const EVALUATION_KINDS = ['LAPORAN', 'SEWAKTU_WAKTU'] as const;
export type EvaluationKind = (typeof EVALUATION_KINDS)[number];

export const EVALUATION_KIND_LABELS: Readonly<Record<EvaluationKind, string>> = {
  LAPORAN: 'Evaluasi atas laporan instansi',
  SEWAKTU_WAKTU: 'Evaluasi sewaktu-waktu',
};

export const FOLLOW_UPS = ['TIDAK_ADA', 'SURAT_TEGURAN', 'USUL_PENCABUTAN'] as const;
export type FollowUp = (typeof FOLLOW_UPS)[number];

export const FOLLOW_UP_LABELS: Readonly<Record<FollowUp, string>> = {
  TIDAK_ADA: 'Tidak ada tindak lanjut',
  SURAT_TEGURAN: 'Surat teguran',
  USUL_PENCABUTAN: 'Usul pencabutan akses (PKS)',
};

export function isFollowUp(value: string): value is FollowUp {
  return (FOLLOW_UPS as readonly string[]).includes(value);
}

// ---- States ---------------------------------------------------------------------------------

/**
 *   DRAFT ──SIMPAN (stays)
 *     ├──BATALKAN──▶ DIBATALKAN
 *     └──FINALKAN──▶ FINAL               (follow-up: none)
 *                 ├▶ TEGURAN_DISIAPKAN ──CATAT_TEGURAN──▶ TEGURAN_TERKIRIM
 *                 └▶ USUL_PENCABUTAN ──KONFIRMASI_PENCABUTAN──▶ PKS_DICABUT (the agreement's
 *                                    │                          revocation cascade)
 *                                    └──TOLAK_PENCABUTAN──▶ USUL_DITOLAK
 * Every state but DRAFT and DIBATALKAN is a final evaluation (its answers, score and facts
 * are frozen); the state after FINAL says where its follow-up stands.
 */
export const EVALUATION_STATES = [
  'DRAFT',
  'DIBATALKAN',
  'FINAL',
  'TEGURAN_DISIAPKAN',
  'TEGURAN_TERKIRIM',
  'USUL_PENCABUTAN',
  'PKS_DICABUT',
  'USUL_DITOLAK',
] as const;
export type EvaluationState = (typeof EVALUATION_STATES)[number];

export const EVALUATION_STATE_LABELS: Readonly<Record<EvaluationState, string>> = {
  DRAFT: 'Draf',
  DIBATALKAN: 'Draf dibatalkan',
  FINAL: 'Final (tanpa tindak lanjut)',
  TEGURAN_DISIAPKAN: 'Final, surat teguran belum dicatat terkirim',
  TEGURAN_TERKIRIM: 'Final, surat teguran terkirim',
  USUL_PENCABUTAN: 'Final, usul pencabutan menunggu konfirmasi',
  PKS_DICABUT: 'Final, PKS dicabut',
  USUL_DITOLAK: 'Final, usul pencabutan tidak disetujui',
};

export function isEvaluationState(value: string): value is EvaluationState {
  return (EVALUATION_STATES as readonly string[]).includes(value);
}

export const EVALUATION_ACTIONS = [
  'SIMPAN',
  'FINALKAN',
  'BATALKAN',
  'CATAT_TEGURAN',
  'KONFIRMASI_PENCABUTAN',
  'TOLAK_PENCABUTAN',
] as const;
export type EvaluationAction = (typeof EVALUATION_ACTIONS)[number];

export const EVALUATION_ACTION_LABELS: Readonly<Record<EvaluationAction | 'DIBUAT', string>> = {
  DIBUAT: 'Draf evaluasi dibuat',
  SIMPAN: 'Draf disimpan',
  FINALKAN: 'Evaluasi difinalkan',
  BATALKAN: 'Draf dibatalkan',
  CATAT_TEGURAN: 'Surat teguran dicatat terkirim',
  KONFIRMASI_PENCABUTAN: 'Usul pencabutan dikonfirmasi: PKS dicabut',
  TOLAK_PENCABUTAN: 'Usul pencabutan tidak disetujui',
};

/** The admin trail's verb of each action. */
export const EVALUATION_ADMIN_ACTIONS: Readonly<Record<EvaluationAction | 'DIBUAT', string>> = {
  DIBUAT: 'EVALUASI_DIBUAT',
  SIMPAN: 'EVALUASI_DISIMPAN',
  FINALKAN: 'EVALUASI_DIFINALKAN',
  BATALKAN: 'EVALUASI_DIBATALKAN',
  CATAT_TEGURAN: 'EVALUASI_TEGURAN_TERKIRIM',
  KONFIRMASI_PENCABUTAN: 'EVALUASI_PENCABUTAN_DIKONFIRMASI',
  TOLAK_PENCABUTAN: 'EVALUASI_PENCABUTAN_DITOLAK',
};

export interface EvaluationTransition {
  readonly from: readonly EvaluationState[];
  /** One state, or the state each follow-up leads to. */
  readonly to: EvaluationState | Readonly<Record<FollowUp, EvaluationState>>;
  /** The follow-ups under which the action is open (all when absent). */
  readonly followUps?: readonly FollowUp[];
}

/** Every allowed move; anything not listed here is refused. */
export const EVALUATION_TRANSITIONS: Readonly<Record<EvaluationAction, EvaluationTransition>> = {
  SIMPAN: { from: ['DRAFT'], to: 'DRAFT' },
  BATALKAN: { from: ['DRAFT'], to: 'DIBATALKAN' },
  FINALKAN: {
    from: ['DRAFT'],
    to: {
      TIDAK_ADA: 'FINAL',
      SURAT_TEGURAN: 'TEGURAN_DISIAPKAN',
      USUL_PENCABUTAN: 'USUL_PENCABUTAN',
    },
  },
  CATAT_TEGURAN: {
    from: ['TEGURAN_DISIAPKAN'],
    to: 'TEGURAN_TERKIRIM',
    followUps: ['SURAT_TEGURAN'],
  },
  KONFIRMASI_PENCABUTAN: {
    from: ['USUL_PENCABUTAN'],
    to: 'PKS_DICABUT',
    followUps: ['USUL_PENCABUTAN'],
  },
  TOLAK_PENCABUTAN: {
    from: ['USUL_PENCABUTAN'],
    to: 'USUL_DITOLAK',
    followUps: ['USUL_PENCABUTAN'],
  },
};

/**
 * The state `action` leads to from `state` under `followUp`, or undefined when it is not
 * allowed there.
 */
export function nextEvaluationState(
  state: EvaluationState,
  action: EvaluationAction,
  followUp: FollowUp,
): EvaluationState | undefined {
  const rule = EVALUATION_TRANSITIONS[action];
  if (!rule.from.includes(state)) return undefined;
  if (rule.followUps && !rule.followUps.includes(followUp)) return undefined;
  return typeof rule.to === 'string' ? rule.to : rule.to[followUp];
}

/** The actions open in a state, in the order of the flow. */
export function evaluationActionsIn(
  state: EvaluationState,
  followUp: FollowUp,
): EvaluationAction[] {
  return EVALUATION_ACTIONS.filter(
    (action) => nextEvaluationState(state, action, followUp) !== undefined,
  );
}

export function isFinalEvaluation(state: EvaluationState): boolean {
  return state !== 'DRAFT' && state !== 'DIBATALKAN';
}

// ---- Checklist ------------------------------------------------------------------------------

export const ANSWERS = ['YA', 'TIDAK', 'TIDAK_BERLAKU'] as const;
export type Answer = (typeof ANSWERS)[number];

export const ANSWER_LABELS: Readonly<Record<Answer, string>> = {
  YA: 'Memenuhi',
  TIDAK: 'Tidak memenuhi',
  TIDAK_BERLAKU: 'Tidak berlaku',
};

export function isAnswer(value: string): value is Answer {
  return (ANSWERS as readonly string[]).includes(value);
}

export const CHECK_ITEMS = [
  'DATA_BALIKAN',
  'POLA_AKSES',
  'TENGGAT',
  'NDA_SPTJM',
  'ISO_27001',
  'TUJUAN',
  'KERAHASIAAN',
  'PENGAMANAN',
] as const;
export type CheckItem = (typeof CHECK_ITEMS)[number];

export interface CheckItemDefinition {
  /** The question, as the form and the documents print it. */
  readonly label: string;
  /** The duty it comes from. */
  readonly duty: string;
  /** DATA: answered from the records when they can; EVALUATOR: always by the evaluator. */
  readonly source: 'DATA' | 'EVALUATOR';
  /** Its weight in the score (the weights add up to 100). */
  readonly weight: number;
  /** A critical item answered "Tidak memenuhi" caps the grade at C. */
  readonly critical: boolean;
}

/** Share of the return data already due that must have been sent (percent). */
export const RETURN_SHARE_MIN = 95;

export const CHECK_ITEM_DEFINITIONS: Readonly<Record<CheckItem, CheckItemDefinition>> = {
  DATA_BALIKAN: {
    label: `Data balikan dikirim untuk NIK yang diakses (paling sedikit ${RETURN_SHARE_MIN}% dari yang telah jatuh tempo)`,
    duty: 'Kewajiban data balikan (PKS; SPEC §3)',
    source: 'DATA',
    weight: 20,
    critical: false,
  },
  POLA_AKSES: {
    label:
      'Peringatan pola akses dalam periode telah ditinjau dan tidak ada penyalahgunaan yang terbukti',
    duty: 'Penggunaan akses sesuai ketentuan (PKS; pengawasan pola input)',
    source: 'DATA',
    weight: 15,
    critical: true,
  },
  TENGGAT: {
    label:
      'Kewajiban bertenggat yang jatuh tempo dalam periode dipenuhi tepat waktu (laporan semester, perpanjangan, perubahan pejabat, sertifikat)',
    duty: 'Pasal 8 PKS dan Juknis V (laporan); kewajiban bertenggat (SPEC §4)',
    source: 'DATA',
    weight: 15,
    critical: false,
  },
  NDA_SPTJM: {
    label:
      'Setiap pengguna aktif memiliki NDA (operator dan kepala) dan SPTJM (kepala) yang ditandatangani',
    duty: 'NDA setiap operator dan SPTJM kepala instansi (SPEC §4)',
    source: 'DATA',
    weight: 15,
    critical: true,
  },
  ISO_27001: {
    label:
      'Sertifikat ISO/IEC 27001 diserahkan paling lambat 6 bulan sejak PKS ditandatangani (dan diperbarui sebelum habis berlaku)',
    duty: 'Kewajiban sertifikat ISO/IEC 27001 (SPEC §4)',
    source: 'DATA',
    weight: 10,
    critical: false,
  },
  TUJUAN: {
    label: 'Data kependudukan hanya digunakan untuk tujuan yang tercantum dalam PKS',
    duty: 'Tujuan pemanfaatan data (PKS)',
    source: 'EVALUATOR',
    weight: 10,
    critical: true,
  },
  KERAHASIAAN: {
    label:
      'Tidak ada penyimpanan, penggandaan, atau penyebaran data kependudukan kepada pihak lain',
    duty: 'SPTJM dan NDA: kerahasiaan data kependudukan',
    source: 'EVALUATOR',
    weight: 10,
    critical: true,
  },
  PENGAMANAN: {
    label:
      'Akses hanya dari titik akses yang disepakati; akun dan perangkat dijaga (tidak dipinjamkan)',
    duty: 'Titik akses dan pengamanan (PKS; Juknis)',
    source: 'EVALUATOR',
    weight: 5,
    critical: false,
  },
};

/** What the records say, as the data answers read it (gathered by services/evaluation). */
export interface EvaluationFacts {
  readonly returnData: {
    /** The agreement has a return-data schema (the duty applies). */
    readonly applicable: boolean;
    readonly dueDays: number | null;
    readonly accessed: number;
    readonly returned: number;
    readonly pending: number;
    readonly overdue: number;
  };
  readonly alerts: {
    readonly total: number;
    /** Not yet closed by Dukcapil's review (OPEN or DITINJAU). */
    readonly unresolved: number;
    /** Closed with the user's hold kept: misuse Dukcapil confirmed. */
    readonly holdsKept: number;
  };
  /** The agreement's duties due within the period. */
  readonly deadlines: {
    readonly met: number;
    readonly metLate: number;
    readonly missed: number;
  };
  readonly users: {
    /** Active users (AKTIF or DITAHAN). */
    readonly active: number;
    /** User IDs of active users without every document their role needs. */
    readonly missingDocuments: readonly string[];
  };
  /** The ISO/IEC 27001 duty due most recently by the evaluation's day; null: none due yet. */
  readonly iso: {
    readonly dueOn: string;
    readonly receivedOn: string | null;
    readonly late: boolean;
  } | null;
}

export interface DataAnswer {
  /** null: the records cannot settle it; the evaluator answers. */
  readonly answer: Answer | null;
  /** What the records show, in words. */
  readonly basis: string;
}

function percent(part: number, whole: number): string {
  return `${(Math.round((part / whole) * 1000) / 10).toLocaleString('id-ID')}%`;
}

/** Each data item's answer from the facts: the rules of docs/REPORTS.md, "Evaluasi". */
export function dataAnswers(facts: EvaluationFacts): Readonly<Record<CheckItem, DataAnswer>> {
  const r = facts.returnData;
  const owed = r.returned + r.overdue;
  const returnAnswer: DataAnswer = !r.applicable
    ? { answer: 'TIDAK_BERLAKU', basis: 'PKS belum menetapkan skema data balikan' }
    : r.accessed === 0
      ? { answer: 'TIDAK_BERLAKU', basis: 'Tidak ada NIK yang diakses dalam periode' }
      : owed === 0
        ? {
            answer: 'YA',
            basis: `${r.accessed} NIK diakses; belum ada data balikan yang jatuh tempo`,
          }
        : {
            answer: (r.returned / owed) * 100 >= RETURN_SHARE_MIN ? 'YA' : 'TIDAK',
            basis: `${r.returned} dari ${owed} NIK yang telah jatuh tempo sudah dikirim data balikannya (${percent(r.returned, owed)}); ${r.overdue} terlambat, ${r.pending} belum jatuh tempo`,
          };

  const a = facts.alerts;
  const alertAnswer: DataAnswer =
    a.total === 0
      ? { answer: 'YA', basis: 'Tidak ada peringatan pola akses dalam periode' }
      : a.holdsKept > 0
        ? {
            answer: 'TIDAK',
            basis: `${a.total} peringatan; ${a.holdsKept} berakhir dengan penahanan pengguna dipertahankan`,
          }
        : a.unresolved > 0
          ? {
              answer: null,
              basis: `${a.total} peringatan; ${a.unresolved} belum selesai ditinjau Dukcapil — dinilai oleh evaluator`,
            }
          : {
              answer: 'YA',
              basis: `${a.total} peringatan, semuanya selesai ditinjau tanpa penahanan yang dipertahankan`,
            };

  const d = facts.deadlines;
  const dueCount = d.met + d.metLate + d.missed;
  const deadlineAnswer: DataAnswer =
    dueCount === 0
      ? { answer: 'TIDAK_BERLAKU', basis: 'Tidak ada kewajiban yang jatuh tempo dalam periode' }
      : {
          answer: d.metLate + d.missed === 0 ? 'YA' : 'TIDAK',
          basis: `${dueCount} kewajiban jatuh tempo: ${d.met} tepat waktu, ${d.metLate} terlambat, ${d.missed} belum dipenuhi`,
        };

  const u = facts.users;
  const userAnswer: DataAnswer =
    u.active === 0
      ? { answer: 'TIDAK_BERLAKU', basis: 'Instansi tidak memiliki pengguna aktif' }
      : u.missingDocuments.length === 0
        ? { answer: 'YA', basis: `${u.active} pengguna aktif, semuanya lengkap` }
        : {
            answer: 'TIDAK',
            basis: `${u.missingDocuments.length} dari ${u.active} pengguna aktif belum lengkap: ${u.missingDocuments.join(', ')}`,
          };

  const iso = facts.iso;
  const isoAnswer: DataAnswer =
    iso === null
      ? { answer: 'TIDAK_BERLAKU', basis: 'Kewajiban sertifikat belum jatuh tempo' }
      : iso.receivedOn === null
        ? { answer: 'TIDAK', basis: `Jatuh tempo ${iso.dueOn}; sertifikat belum diterima` }
        : {
            answer: iso.late ? 'TIDAK' : 'YA',
            basis: `Jatuh tempo ${iso.dueOn}; diterima ${iso.receivedOn}${iso.late ? ' (terlambat)' : ''}`,
          };

  const evaluator: DataAnswer = { answer: null, basis: 'Dinilai oleh evaluator' };
  return {
    DATA_BALIKAN: returnAnswer,
    POLA_AKSES: alertAnswer,
    TENGGAT: deadlineAnswer,
    NDA_SPTJM: userAnswer,
    ISO_27001: isoAnswer,
    TUJUAN: evaluator,
    KERAHASIAAN: evaluator,
    PENGAMANAN: evaluator,
  };
}

/** One line of the checklist as stored (evaluation.checklist) and shown. */
export interface ChecklistLine {
  readonly item: CheckItem;
  /** The answer in force: the records' when they gave one, else the evaluator's (or null). */
  readonly answer: Answer | null;
  /** DATA: answered from the records; EVALUATOR: by the evaluator; null: not yet answered. */
  readonly answeredBy: 'DATA' | 'EVALUATOR' | null;
  readonly basis: string;
  /** The evaluator's note on the item. */
  readonly note: string;
}

export const ITEM_NOTE_MAX = 500;

/** The evaluator's answers and notes, by item. */
export type EvaluatorAnswers = Readonly<
  Partial<Record<CheckItem, { readonly answer: Answer | null; readonly note: string }>>
>;

/**
 * The checklist: the records' answer where they give one (the evaluator cannot override it,
 * only note on it), the evaluator's otherwise. An evaluator item cannot be "not applicable".
 */
export function checklist(
  facts: EvaluationFacts,
  answers: EvaluatorAnswers,
): readonly ChecklistLine[] {
  const fromData = dataAnswers(facts);
  return CHECK_ITEMS.map((item) => {
    const data = fromData[item];
    const given = answers[item];
    const note = given?.note.trim() ?? '';
    if (data.answer !== null)
      return { item, answer: data.answer, answeredBy: 'DATA', basis: data.basis, note };
    const answer = given?.answer ?? null;
    return {
      item,
      answer,
      answeredBy: answer === null ? null : 'EVALUATOR',
      basis: data.basis,
      note,
    };
  });
}

/** Problems of the evaluator's answers against the data (the form shows them by field). */
export function answerProblems(
  facts: EvaluationFacts,
  answers: EvaluatorAnswers,
): { readonly item: CheckItem; readonly message: string }[] {
  const fromData = dataAnswers(facts);
  const problems: { item: CheckItem; message: string }[] = [];
  for (const item of CHECK_ITEMS) {
    const given = answers[item];
    if (!given) continue;
    if (given.note.length > ITEM_NOTE_MAX) {
      problems.push({ item, message: `Catatan paling banyak ${ITEM_NOTE_MAX} karakter` });
    }
    if (
      given.answer === 'TIDAK_BERLAKU' &&
      fromData[item].answer === null &&
      CHECK_ITEM_DEFINITIONS[item].source === 'EVALUATOR'
    ) {
      problems.push({ item, message: 'Butir ini berlaku untuk setiap instansi' });
    }
  }
  return problems;
}

// ---- Score and grade ------------------------------------------------------------------------

export const GRADES = ['A', 'B', 'C', 'D'] as const;
export type Grade = (typeof GRADES)[number];

export const GRADE_LABELS: Readonly<Record<Grade, string>> = {
  A: 'A (Baik)',
  B: 'B (Cukup)',
  C: 'C (Kurang)',
  D: 'D (Buruk)',
};

/** Lowest score of each grade (percent of the applicable weight answered "Memenuhi"). */
export const GRADE_FLOORS: Readonly<Record<Grade, number>> = { A: 85, B: 70, C: 50, D: 0 };

/** The follow-up each grade calls for (the evaluator may choose another, on the record). */
export const RECOMMENDED_FOLLOW_UP: Readonly<Record<Grade, FollowUp>> = {
  A: 'TIDAK_ADA',
  B: 'TIDAK_ADA',
  C: 'SURAT_TEGURAN',
  D: 'USUL_PENCABUTAN',
};

export interface Score {
  /** 0–100, whole numbers; null while an item is unanswered. */
  readonly score: number | null;
  readonly grade: Grade | null;
  readonly recommended: FollowUp | null;
  /** Items still to answer. */
  readonly unanswered: readonly CheckItem[];
  /** Critical items answered "Tidak memenuhi". */
  readonly criticalFailed: readonly CheckItem[];
}

/**
 * The rule: score = round(100 × Σ weight of items "Memenuhi" ÷ Σ weight of items that apply)
 * (items "Tidak berlaku" leave both sums); grade A ≥ 85, B ≥ 70, C ≥ 50, D below; a critical
 * item "Tidak memenuhi" caps the grade at C. No score while an item is unanswered.
 */
export function scoreOf(lines: readonly ChecklistLine[]): Score {
  const unanswered = lines.filter((l) => l.answer === null).map((l) => l.item);
  const criticalFailed = lines
    .filter((l) => l.answer === 'TIDAK' && CHECK_ITEM_DEFINITIONS[l.item].critical)
    .map((l) => l.item);
  if (unanswered.length > 0) {
    return { score: null, grade: null, recommended: null, unanswered, criticalFailed };
  }
  let met = 0;
  let applicable = 0;
  for (const line of lines) {
    if (line.answer === 'TIDAK_BERLAKU') continue;
    const weight = CHECK_ITEM_DEFINITIONS[line.item].weight;
    applicable += weight;
    if (line.answer === 'YA') met += weight;
  }
  const score = applicable === 0 ? 100 : Math.round((100 * met) / applicable);
  let grade: Grade = GRADES.find((g) => score >= GRADE_FLOORS[g])!;
  if (criticalFailed.length > 0 && (grade === 'A' || grade === 'B')) grade = 'C';
  return { score, grade, recommended: RECOMMENDED_FOLLOW_UP[grade], unanswered, criticalFailed };
}

// ---- What the evaluator writes --------------------------------------------------------------

export const TEXT_MAX = 4000;
export const REASON_MIN = 5;

/** Problems of a draft before it is finalised, by field. */
export function finalisationProblems(input: {
  readonly lines: readonly ChecklistLine[];
  readonly findings: string;
  readonly recommendations: string;
  readonly followUp: FollowUp | null;
}): { readonly field: string; readonly message: string }[] {
  const problems: { field: string; message: string }[] = [];
  for (const line of input.lines) {
    if (line.answer === null) {
      problems.push({
        field: `jawaban_${line.item}`,
        message: `Butir "${CHECK_ITEM_DEFINITIONS[line.item].label}" belum dijawab`,
      });
    }
  }
  if (input.findings.trim().length < REASON_MIN) {
    problems.push({ field: 'temuan', message: 'Temuan wajib diisi (minimal 5 karakter)' });
  }
  if (input.recommendations.trim().length < REASON_MIN) {
    problems.push({
      field: 'rekomendasi',
      message: 'Rekomendasi wajib diisi (minimal 5 karakter)',
    });
  }
  if (input.followUp === null) {
    problems.push({ field: 'tindakLanjut', message: 'Pilih tindak lanjut' });
  }
  return problems;
}
