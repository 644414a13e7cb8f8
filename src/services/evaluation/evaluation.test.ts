import crypto from 'node:crypto';
import { sql } from 'kysely';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeReturnAgency, recordAccess, testNiks } from '../../../test/data-balikan.js';
import { isoCertificate, submittedReport } from '../../../test/evaluation.js';
import { makeAgency, makeAgreement, makeUser } from '../../../test/factories.js';
import { CHECK_ITEM_DEFINITIONS, GRADE_LABELS } from '../../domain/evaluation.js';
import { Refusal } from '../../domain/refusals.js';
import { endAgreement } from '../agreements/agreement-lifecycle.js';
import { makeDeps, type Deps } from '../deps.js';
import { agencyReports } from '../reports/lists.js';
import {
  cancelEvaluation,
  finaliseEvaluation,
  saveEvaluationDraft,
  type DraftInput,
} from './draft.js';
import { confirmRevocation, recordWarningLetter, rejectRevocation } from './follow-up.js';
import { startAdHocEvaluation, startReportEvaluation } from './start.js';
import { evaluationDetail } from './view.js';
import { warningLetterFile } from './warning-letter.js';

/**
 * Dukcapil's evaluation (issue 10 item 3) on a real database: the checklist answered from
 * the records, the draft → final flow with its refusals, the warning letter (its PDF read
 * back as Dukcapil and the agency head download it), and the revocation proposal confirmed
 * through the agreement's own revocation cascade.
 */

const NOW = new Date('2026-07-20T03:00:00Z'); // after semester 1 2026 and its report's deadline
let t: TestDatabase;
let deps: Deps;
let admin: { id: number; role: 'ADMIN_DUKCAPIL' };
let evaluator: { id: number; role: 'EVALUATOR_DUKCAPIL' };
type World = Awaited<ReturnType<typeof makeReturnAgency>>;
let failing: World;
let failingReportId: number;
const OPERATOR_TOKEN = Buffer.from('sesi-operator-gagal');

/** The text of a PDF, its whitespace made single spaces, and its page count. */
async function pdfText(pdf: Buffer): Promise<{ text: string; pages: number }> {
  // a copy: the parser takes over the bytes it is given
  const parsed = await new PDFParse({ data: Buffer.from(pdf) }).getText();
  return { text: parsed.text.replace(/\s+/g, ' '), pages: parsed.total };
}

async function refusal(work: () => Promise<unknown>): Promise<Refusal> {
  try {
    await work();
  } catch (error) {
    if (error instanceof Refusal) return error;
    throw error;
  }
  throw new Error('not refused');
}

const evaluatorItems = (answer: string): DraftInput['answers'] => ({
  TUJUAN: { answer, note: '' },
  KERAHASIAAN: { answer, note: '' },
  PENGAMANAN: { answer, note: '' },
});

beforeAll(async () => {
  t = await createTestDatabase();
  deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, t.db, { clock: () => NOW });
  const adminUser = await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' });
  const evaluatorUser = await makeUser(t.db, { role: 'EVALUATOR_DUKCAPIL' });
  admin = { id: adminUser.id, role: 'ADMIN_DUKCAPIL' };
  evaluator = { id: evaluatorUser.id, role: 'EVALUATOR_DUKCAPIL' };

  // An agency that fails every duty the records can see.
  failing = await makeReturnAgency(t.db);
  await makeUser(t.db, {
    agencyCode: failing.agency.code,
    userId: 'operator.tanpa.nda',
    documents: false,
  });
  await recordAccess(t.db, {
    agreementId: failing.agreement.id,
    agencyId: failing.agency.id,
    userId: failing.operator.id,
    niks: testNiks(5),
    at: new Date('2026-03-10T03:00:00Z'),
  });
  await t.db
    .insertInto('pattern_alert')
    .values({
      agency_id: failing.agency.id,
      agreement_id: failing.agreement.id,
      user_id: failing.operator.id,
      scope: 'PENGGUNA',
      kind: 'BERURUTAN',
      action: 'BLOKIR',
      summary: 'NIK berurutan',
      evidence: '[]',
      state: 'SELESAI',
      note: 'Terbukti',
      reviewed_by: adminUser.id,
      reviewed_at: new Date('2026-03-12T03:00:00Z'),
      created_at: new Date('2026-03-10T03:05:00Z'),
      last_seen_at: new Date('2026-03-10T03:05:00Z'),
      hold_decision: 'DIPERTAHANKAN',
      hold_decided_by: adminUser.id,
      hold_decided_at: new Date('2026-03-12T03:00:00Z'),
      hold_reason: 'Penyalahgunaan terbukti',
    })
    .execute();
  failingReportId = await submittedReport(t.db, {
    agencyId: failing.agency.id,
    agreementId: failing.agreement.id,
    userId: failing.operator.id,
    semester: '2026-S1',
    receivedOn: '2026-07-10',
  });
  await t.db
    .insertInto('auth_session')
    .values({
      token_hash: OPERATOR_TOKEN,
      user_id: failing.operator.id,
      kind: 'PORTAL',
      created_at: NOW,
      expires_at: new Date(NOW.getTime() + 3600_000),
    })
    .execute();
});

afterAll(async () => {
  await t.drop();
});

describe('evaluation of a submitted report', () => {
  let id: number;

  it('starts a draft whose checklist the records answer', async () => {
    id = await startReportEvaluation(deps, evaluator, failingReportId);
    expect(await startReportEvaluation(deps, evaluator, failingReportId)).toBe(id);
    const { evaluation } = await evaluationDetail(deps, evaluator, id);
    expect(evaluation).toMatchObject({
      kind: 'LAPORAN',
      state: 'DRAFT',
      semester: '2026-S1',
      period: { from: '2026-01-01', to: '2026-06-30' },
    });
    const byItem = Object.fromEntries(evaluation.checklist.map((l) => [l.item, l]));
    expect(byItem.DATA_BALIKAN).toMatchObject({ answer: 'TIDAK', answeredBy: 'DATA' });
    expect(byItem.DATA_BALIKAN!.basis).toContain('0 dari 5');
    expect(byItem.POLA_AKSES).toMatchObject({ answer: 'TIDAK', answeredBy: 'DATA' });
    expect(byItem.TENGGAT).toMatchObject({ answer: 'TIDAK', answeredBy: 'DATA' });
    expect(byItem.NDA_SPTJM).toMatchObject({ answer: 'TIDAK', answeredBy: 'DATA' });
    expect(byItem.NDA_SPTJM!.basis).toContain('operator.tanpa.nda');
    expect(byItem.ISO_27001).toMatchObject({ answer: 'TIDAK', answeredBy: 'DATA' });
    expect(byItem.TUJUAN).toMatchObject({ answer: null, answeredBy: null });
    expect(evaluation.score.score).toBeNull();
  });

  it('refuses an evaluator item marked not applicable, and writes nothing', async () => {
    const refused = await refusal(() =>
      saveEvaluationDraft(deps, evaluator, id, {
        answers: { ...evaluatorItems('YA'), TUJUAN: { answer: 'TIDAK_BERLAKU', note: '' } },
        findings: 'Temuan sementara',
        recommendations: '',
        followUp: '',
      }),
    );
    expect(refused.code).toBe('PERMINTAAN_TIDAK_VALID');
    expect(refused.detail?.fields?.map((f) => f.field)).toEqual(['jawaban_TUJUAN']);
    const { evaluation } = await evaluationDetail(deps, evaluator, id);
    expect(evaluation.findings).toBe('');
  });

  it('refuses to finalise without findings, recommendations and a follow-up', async () => {
    const refused = await refusal(() =>
      finaliseEvaluation(deps, evaluator, id, {
        answers: evaluatorItems('YA'),
        findings: '',
        recommendations: '',
        followUp: '',
      }),
    );
    expect(refused.detail?.fields?.map((f) => f.field)).toEqual([
      'temuan',
      'rekomendasi',
      'tindakLanjut',
    ]);
  });

  it('finalises with the score of the rule and the proposal as follow-up', async () => {
    await saveEvaluationDraft(deps, evaluator, id, {
      answers: evaluatorItems('YA'),
      findings: 'Data balikan tidak dikirim',
      recommendations: 'Cabut akses',
      followUp: '',
    });
    const state = await finaliseEvaluation(deps, evaluator, id, {
      answers: evaluatorItems('YA'),
      findings: 'Data balikan tidak dikirim; penyalahgunaan terbukti',
      recommendations: 'Akses dicabut sampai instansi memenuhi kewajibannya',
      followUp: 'USUL_PENCABUTAN',
    });
    expect(state).toBe('USUL_PENCABUTAN');
    const { evaluation, history } = await evaluationDetail(deps, evaluator, id);
    // Met: TUJUAN 10 + KERAHASIAAN 10 + PENGAMANAN 5 of 100.
    expect(evaluation.score).toMatchObject({
      score: 25,
      grade: 'D',
      recommended: 'USUL_PENCABUTAN',
    });
    expect(history.map((h) => h.action)).toEqual(['DIBUAT', 'SIMPAN', 'FINALKAN']);
    const row = await t.db
      .selectFrom('evaluation')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      score: 25,
      grade: 'D',
      follow_up: 'USUL_PENCABUTAN',
      finalized_by: evaluator.id,
    });
  });

  it('refuses changes to a final evaluation', async () => {
    const refused = await refusal(() =>
      saveEvaluationDraft(deps, evaluator, id, {
        answers: {},
        findings: 'x',
        recommendations: '',
        followUp: '',
      }),
    );
    expect(refused.code).toBe('KONFLIK');
    expect((await refusal(() => cancelEvaluation(deps, evaluator, id, 'tidak jadi'))).code).toBe(
      'KONFLIK',
    );
  });

  it('leaves the confirmation to the admin', async () => {
    const refused = await refusal(() =>
      confirmRevocation(deps, evaluator, id, 'Dasar keputusan rapat'),
    );
    expect(refused.code).toBe('TIDAK_BERWENANG');
    const agreement = await t.db
      .selectFrom('agreement')
      .select('status')
      .where('id', '=', failing.agreement.id)
      .executeTakeFirstOrThrow();
    expect(agreement.status).toBe('AKTIF');
  });

  it('confirmed, revokes the agreement through its cascade: the users’ access ends', async () => {
    const result = await confirmRevocation(deps, admin, id, 'Keputusan Kepala Dinas atas evaluasi');
    expect(result.revokedSessions).toBeGreaterThanOrEqual(1);
    const agreement = await t.db
      .selectFrom('agreement')
      .select('status')
      .where('id', '=', failing.agreement.id)
      .executeTakeFirstOrThrow();
    expect(agreement.status).toBe('DICABUT');
    const session = await t.db
      .selectFrom('auth_session')
      .select('revoked_at')
      .where('token_hash', '=', OPERATOR_TOKEN)
      .executeTakeFirstOrThrow();
    expect(session.revoked_at).not.toBeNull();
    const events = await t.db
      .selectFrom('agreement_event')
      .select(['kind', 'reason'])
      .where('agreement_id', '=', failing.agreement.id)
      .orderBy('id')
      .execute();
    expect(events.at(-1)).toMatchObject({ kind: 'DICABUT' });
    expect(events.at(-1)!.reason).toContain(`evaluasi #${id}`);
    const trail = await t.db
      .selectFrom('admin_action')
      .select('action')
      .where('agency_id', '=', failing.agency.id)
      .orderBy('id')
      .execute();
    expect(trail.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'EVALUASI_DIBUAT',
        'EVALUASI_DIFINALKAN',
        'PKS_DICABUT',
        'EVALUASI_PENCABUTAN_DIKONFIRMASI',
      ]),
    );
    const { evaluation } = await evaluationDetail(deps, admin, id);
    expect(evaluation.state).toBe('PKS_DICABUT');
    expect(
      (await refusal(() => confirmRevocation(deps, admin, id, 'Sekali lagi dicoba'))).code,
    ).toBe('KONFLIK');
  });

  it('refuses a report no longer current, and an agency role', async () => {
    await expect(startReportEvaluation(deps, evaluator, 999_999)).rejects.toMatchObject({
      code: 'TIDAK_DITEMUKAN',
    });
    await expect(
      startReportEvaluation(deps, { id: failing.operator.id, role: 'OPERATOR' }, failingReportId),
    ).rejects.toMatchObject({ code: 'TIDAK_ADA' });
  });
});

describe('ad-hoc evaluation', () => {
  let clean: {
    agencyId: number;
    agencyCode: string;
    agreementId: number;
    head: { id: number; role: 'KEPALA_INSTANSI'; agencyId: number };
  };

  beforeAll(async () => {
    const agency = await makeAgency(t.db);
    const agreement = await makeAgreement(t.db, agency.code, {
      signedOn: '2026-01-02',
      endsOn: '2028-01-02',
    });
    const head = await makeUser(t.db, { agencyCode: agency.code, role: 'KEPALA_INSTANSI' });
    await isoCertificate(t.db, {
      agencyId: agency.id,
      agreementId: agreement.id,
      userId: head.id,
      receivedOn: '2026-06-20',
    });
    await t.db
      .updateTable('agency')
      .set({ head_title: 'Kepala Dinas Bersih', address: 'Jl. Bersih No. 2, Purbalingga' })
      .where('id', '=', agency.id)
      .execute();
    clean = {
      agencyId: agency.id,
      agencyCode: agency.code,
      agreementId: agreement.id,
      head: { id: head.id, role: 'KEPALA_INSTANSI', agencyId: agency.id },
    };
  });

  it('refuses a period outside the agreement or not yet ended', async () => {
    const outside = await refusal(() =>
      startAdHocEvaluation(deps, evaluator, {
        agreementId: clean.agreementId,
        from: '2025-01-01',
        to: '2025-06-30',
      }),
    );
    expect(outside.code).toBe('PERMINTAAN_TIDAK_VALID');
    expect(outside.message).toContain('masa berlaku PKS');
    const future = await refusal(() =>
      startAdHocEvaluation(deps, evaluator, {
        agreementId: clean.agreementId,
        from: '2026-07-01',
        to: '2026-07-25',
      }),
    );
    expect(future.code).toBe('PERMINTAAN_TIDAK_VALID');
    const count = await t.db
      .selectFrom('evaluation')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('agreement_id', '=', clean.agreementId)
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(0);
  });

  it('a clean agency scores 100 (A); finalised without follow-up it is FINAL', async () => {
    const id = await startAdHocEvaluation(deps, evaluator, {
      agreementId: clean.agreementId,
      from: '2026-01-01',
      to: '2026-06-30',
    });
    const { evaluation } = await evaluationDetail(deps, evaluator, id);
    expect(evaluation.semester).toBe('2026-S1');
    const state = await finaliseEvaluation(deps, evaluator, id, {
      answers: evaluatorItems('YA'),
      findings: 'Tidak ada temuan',
      recommendations: 'Pertahankan',
      followUp: 'TIDAK_ADA',
    });
    expect(state).toBe('FINAL');
    expect((await evaluationDetail(deps, evaluator, id)).evaluation.score).toMatchObject({
      score: 100,
      grade: 'A',
    });
  });

  it('a warning letter is recorded as sent, with its number and a date not before the evaluation', async () => {
    const id = await startAdHocEvaluation(deps, evaluator, {
      agreementId: clean.agreementId,
      from: '2026-04-01',
      to: '2026-06-30',
    });
    expect(
      await finaliseEvaluation(deps, evaluator, id, {
        answers: {
          ...evaluatorItems('YA'),
          PENGAMANAN: { answer: 'TIDAK', note: 'Akun dipinjamkan' },
        },
        findings: 'Akun operator dipakai bersama',
        recommendations: 'Tegur dan latih ulang',
        followUp: 'SURAT_TEGURAN',
      }),
    ).toBe('TEGURAN_DISIAPKAN');
    const early = await refusal(() =>
      recordWarningLetter(deps, evaluator, id, { number: '470/12/2026', on: '2026-07-01' }),
    );
    expect(early.detail?.fields?.[0]?.field).toBe('tanggalSurat');

    // Dukcapil's draft of the letter before it is numbered; not yet the agency head's
    const draft = await warningLetterFile(deps, evaluator, id);
    expect(draft.fileName).toBe(`surat-teguran-evaluasi-${id}-draf.pdf`);
    const draftText = (await pdfText(draft.content)).text;
    expect(draftText).toContain('SURAT TEGURAN');
    expect(draftText).toContain('DRAF (belum bernomor dan belum dikirim)');
    expect(draftText).toContain(CHECK_ITEM_DEFINITIONS.PENGAMANAN.label);
    expect(draftText).toContain('Catatan: Akun dipinjamkan');
    expect((await refusal(() => warningLetterFile(deps, clean.head, id))).code).toBe(
      'TIDAK_DITEMUKAN',
    );

    await recordWarningLetter(deps, evaluator, id, { number: '470/12/2026', on: '2026-07-20' });
    const { evaluation } = await evaluationDetail(deps, evaluator, id);
    expect(evaluation).toMatchObject({
      state: 'TEGURAN_TERKIRIM',
      warningLetter: { number: '470/12/2026', on: '2026-07-20' },
    });

    // the letter as made when recorded: number, date, addressee, evaluation, texts
    const sent = await warningLetterFile(deps, evaluator, id);
    expect(sent.fileName).toBe(`surat-teguran-evaluasi-${id}.pdf`);
    const { text, pages } = await pdfText(sent.content);
    expect(text).toContain('SURAT TEGURAN Nomor: 470/12/2026');
    expect(text).toContain('Purbalingga, 20 Juli 2026');
    expect(text).toContain(
      `Kepala Dinas Bersih Instansi Uji ${clean.agencyCode} Jl. Bersih No. 2, Purbalingga`,
    );
    expect(text).toContain('untuk periode 1 April 2026 s.d. 30 Juni 2026');
    expect(text).toContain(
      `dengan nilai ${evaluation.score.score} dan predikat ${GRADE_LABELS[evaluation.score.grade!]}`,
    );
    expect(text).toContain(CHECK_ITEM_DEFINITIONS.PENGAMANAN.label);
    expect(text).toContain('Akun operator dipakai bersama');
    expect(text).toContain('Tegur dan latih ulang');
    expect(text).toContain(`Halaman 1 dari ${pages}`);
    expect(text).not.toContain('DRAF');

    // the head of the agency gets the same letter, listed on the report page; no one else does
    const forHead = await warningLetterFile(deps, clean.head, id);
    expect(forHead.content.equals(sent.content)).toBe(true);
    const listed = await agencyReports(deps, clean.head);
    expect(listed.warningLetters.map((l) => [l.id, l.warning_letter_number])).toEqual([
      [id, '470/12/2026'],
    ]);
    const otherHead = await makeUser(t.db, {
      agencyCode: failing.agency.code,
      role: 'KEPALA_INSTANSI',
    });
    for (const stranger of [
      { role: 'KEPALA_INSTANSI' as const, agencyId: failing.agency.id, id: otherHead.id },
      { role: 'OPERATOR' as const, agencyId: clean.agencyId, id: 0 },
    ]) {
      expect((await refusal(() => warningLetterFile(deps, stranger, id))).code).toBe(
        'TIDAK_DITEMUKAN',
      );
    }
    const trail = await t.db
      .selectFrom('admin_action')
      .select('detail')
      .where('action', '=', 'EVALUASI_TEGURAN_TERKIRIM')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(trail.detail).toMatchObject({
      nomorSurat: '470/12/2026',
      sha256: crypto.createHash('sha256').update(sent.content).digest('hex'),
    });
  });

  it('a proposal whose agreement ended meanwhile is refused whole: nothing half-written', async () => {
    const id = await startAdHocEvaluation(deps, evaluator, {
      agreementId: clean.agreementId,
      from: '2026-05-01',
      to: '2026-06-30',
    });
    await finaliseEvaluation(deps, evaluator, id, {
      answers: evaluatorItems('TIDAK'),
      findings: 'Data dipakai di luar tujuan',
      recommendations: 'Cabut akses',
      followUp: 'USUL_PENCABUTAN',
    });
    await endAgreement(t.db, { id: admin.id }, clean.agreementId, 'Berakhir atas kesepakatan', NOW);
    const refused = await refusal(() => confirmRevocation(deps, admin, id, 'Keputusan pencabutan'));
    expect(refused.code).toBe('PERMINTAAN_TIDAK_VALID');
    expect((await evaluationDetail(deps, admin, id)).evaluation.state).toBe('USUL_PENCABUTAN');
    await rejectRevocation(deps, admin, id, 'PKS telah berakhir atas kesepakatan');
    expect((await evaluationDetail(deps, admin, id)).evaluation.state).toBe('USUL_DITOLAK');
  });
});
