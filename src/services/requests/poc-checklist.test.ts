import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeRequestWorld, RequestRefused } from '../../../test/requests.js';
import { POC_CASES, type CaseVerdict } from '../../domain/poc-checklist.js';
import type { Refusal } from '../errors.js';
import { makeDeps, type Deps } from '../deps.js';
import { fileRequest } from './filing.js';
import { schedulePoc } from './poc.js';
import {
  CHECKLIST_RECORDED,
  getPocChecklist,
  recordPocChecklist,
  recordPocResult,
  RESULT_RECORDED,
} from './poc-checklist.js';
import { attachmentFor } from './reading.js';

let database: TestDatabase;
let deps: Deps;
const now = new Date('2026-11-26T03:00:00Z');
let world: Awaited<ReturnType<typeof makeRequestWorld>>;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, database.db, {
    clock: () => now,
  });
  world = await makeRequestWorld(database.db);
});
afterAll(() => database.drop());

/** A PoC filed by an agency head and scheduled for today. */
async function scheduledPoc(actor: (typeof world.actors)['headA'], application: string) {
  const id = await fileRequest(deps, actor, {
    kind: 'POC',
    letterNumber: `470/${application.length}/2026`,
    letterDate: '2026-11-20',
    fields: { namaAplikasi: application, keterangan: '' },
    files: [],
  });
  await schedulePoc(deps, world.actors.admin, id, '2026-11-26');
  return id;
}

const allPassed = (): CaseVerdict[] =>
  POC_CASES.map((c) => ({ code: c.code, passed: true, note: 'sesuai' }));

async function problems(work: Promise<unknown>): Promise<readonly string[]> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RequestRefused);
  return (error as Refusal).detail!.problems!;
}

async function letterText(id: number, actor = world.actors.admin) {
  const view = await getPocChecklist(deps, actor, id);
  const letter = view.detail.attachments.find((a) => a.purpose === 'SURAT_JAWABAN')!;
  const file = await attachmentFor(deps, actor, id, letter.id);
  return (await new PDFParse({ data: file.content }).getText()).text.replace(/\s+/g, ' ');
}

async function trail(id: number) {
  return database.db
    .selectFrom('admin_action')
    .select(['action', 'detail'])
    .where('target', '=', `Permohonan ${id}`)
    .orderBy('id')
    .execute();
}

describe('the PoC checklist and its result letter (issue 11 item 5)', () => {
  it('all cases passed: the letter states the application, each case and the conclusion, and the approval lifts the quota', async () => {
    const id = await scheduledPoc(world.actors.headA, 'SIMRS Khanza RSUD Goeteng');
    // Half the checklist first, then the rest: a case recorded again is replaced.
    await recordPocChecklist(deps, world.actors.admin, id, allPassed().slice(0, 6));
    expect(
      await problems(
        recordPocResult(deps, world.actors.admin, id, {
          letterNumber: '400.12/4001/2026',
          letterDate: '2026-11-26',
        }),
      ),
    ).toEqual([expect.stringContaining('Daftar periksa belum lengkap: 12 kasus belum dicatat')]);
    await recordPocChecklist(deps, world.actors.admin, id, allPassed());

    const result = await recordPocResult(deps, world.actors.admin, id, {
      letterNumber: '400.12/4001/2026',
      letterDate: '2026-11-26',
    });
    expect(result).toMatchObject({ state: 'DISETUJUI', passed: true });
    const agreement = await database.db
      .selectFrom('agreement')
      .select('quota_stage')
      .where('id', '=', world.agreementA.id)
      .executeTakeFirstOrThrow();
    expect(agreement.quota_stage).toBe('PASCA_POC');

    const view = await getPocChecklist(deps, world.actors.headA, id);
    expect(view.detail.state).toBe('DISETUJUI');
    expect(view.detail.answer).toEqual({ nomor: '400.12/4001/2026', tanggal: '2026-11-26' });
    expect(view.open).toBe(false);
    expect(view.result).toMatchObject({ passed: true, letterNumber: '400.12/4001/2026' });

    // The agency head reads the letter too.
    const text = await letterText(id, world.actors.headA);
    expect(text).toContain('SURAT HASIL PROOF OF CONCEPT (PoC)');
    expect(text).toContain('Nomor: 400.12/4001/2026');
    expect(text).toContain(
      'Kamis tanggal dua puluh enam bulan November tahun dua ribu dua puluh enam',
    );
    expect(text).toContain('SIMRS Khanza RSUD Goeteng');
    for (const c of POC_CASES) expect(text).toContain(c.label.slice(0, 40));
    expect(text).toContain('dinyatakan LULUS PoC');
    expect(text).not.toContain('TIDAK LULUS');

    expect((await trail(id)).map((row) => row.action)).toEqual([
      'PERMOHONAN_DIAJUKAN',
      'PERMOHONAN_DIJADWALKAN',
      CHECKLIST_RECORDED,
      CHECKLIST_RECORDED,
      'PERMOHONAN_DISETUJUI',
      RESULT_RECORDED,
    ]);
    // Closed: the checklist is no longer changed.
    expect(await problems(recordPocChecklist(deps, world.actors.admin, id, allPassed()))).toEqual([
      'Daftar periksa PoC hanya dapat dicatat untuk PoC yang sudah dijadwalkan dan belum diputus',
    ]);
  });

  it('a failed case rejects the request with its letter; a failed case needs its note; only the admin records', async () => {
    const id = await scheduledPoc(world.actors.headB, 'Aplikasi OSS Daerah');
    const failing = allPassed().map((v) =>
      v.code === 'JAWABAN_KUOTA_HABIS' ? { ...v, passed: false, note: '' } : v,
    );
    expect(await problems(recordPocChecklist(deps, world.actors.admin, id, failing))).toEqual([
      'Kasus JAWABAN_KUOTA_HABIS tidak lulus: tuliskan catatan apa yang gagal',
    ]);
    await expect(
      recordPocChecklist(deps, world.actors.headB, id, allPassed()),
    ).rejects.toMatchObject({ code: 'TIDAK_BERWENANG' });
    await recordPocChecklist(
      deps,
      world.actors.admin,
      id,
      failing.map((v) =>
        v.passed ? v : { ...v, note: 'Aplikasi mengulang otomatis saat kuota habis' },
      ),
    );
    const result = await recordPocResult(deps, world.actors.admin, id, {
      letterNumber: '400.12/4002/2026',
      letterDate: '2026-11-26',
    });
    expect(result).toMatchObject({ state: 'DITOLAK', passed: false });
    const view = await getPocChecklist(deps, world.actors.admin, id);
    expect(view.detail.decisionReason).toContain('JAWABAN_KUOTA_HABIS');
    const text = await letterText(id);
    expect(text).toContain('Aplikasi OSS Daerah');
    expect(text).toContain('TIDAK LULUS');
    expect(text).toContain('Aplikasi mengulang otomatis saat kuota habis');
    expect(text).toContain('dinyatakan TIDAK LULUS PoC: 1 kasus uji tidak terpenuhi');
    const agreement = await database.db
      .selectFrom('agreement')
      .select('quota_stage')
      .where('id', '=', world.agreementB.id)
      .executeTakeFirstOrThrow();
    expect(agreement.quota_stage).toBe('PRA_POC');
    const actions = (await trail(id)).map((row) => row.action);
    expect(actions.slice(-2)).toEqual(['PERMOHONAN_DITOLAK', RESULT_RECORDED]);
  });
});
