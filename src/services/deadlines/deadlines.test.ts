import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { NotFound, oversizedPdf, RuleViolation, SCANS } from '../../../test/deadlines.js';
import { makeAgency, makeAgreement, makeUser } from '../../../test/factories.js';
import type { Actor } from '../../domain/actor.js';
import type { Role } from '../../domain/users.js';
import { addHoliday } from './holidays.js';
import { agencyDeadlines } from './agency-deadlines.js';
import { deadlineDocument } from './deadline-documents.js';
import { deadlinesPage, parseDeadlineFilter } from './deadline-overview.js';
import { recordIsoCertificate, recordSemesterReport } from './fulfilments.js';
import { fileOfficialsNotice, recordOfficialsChange } from './officials-changes.js';
import { setReminderEmail } from './reminder-address.js';
import { makeDeps, type Deps } from '../deps.js';

/** The part of the one Actor the deadline use cases read. */
type DeadlineActor = Pick<Actor, 'id' | 'userId' | 'role' | 'agencyId'>;

describe('deadlines of an agreement, computed from its dates, the calendar and what was handed in', () => {
  let t: TestDatabase;
  let now = new Date('2026-11-24T03:00:00Z');
  let deps: Deps;
  let admin: DeadlineActor;
  let evaluator: DeadlineActor;

  async function agencyWithHead(code: string, agreement = true) {
    const agency = await makeAgency(t.db, { code });
    if (agreement) await makeAgreement(t.db, code);
    const user = await makeUser(t.db, { role: 'KEPALA_INSTANSI', agencyCode: code });
    const head: DeadlineActor = {
      id: user.id,
      userId: user.userId,
      role: 'KEPALA_INSTANSI',
      agencyId: agency.id,
    };
    return { agency, head };
  }

  const actor = async (role: Role): Promise<DeadlineActor> => {
    const user = await makeUser(t.db, { role });
    return { id: user.id, userId: user.userId, role, agencyId: null };
  };

  const statusOf = async (who: DeadlineActor, agencyId: number) =>
    Object.fromEntries(
      (await agencyDeadlines(deps, who, agencyId)).deadlines.map((d) => [
        d.key.replace(/^pks-\d+-|^instansi-\d+-/, ''),
        [d.dueOn, d.status],
      ]),
    );

  const actionsOf = async (agencyId: number) =>
    (
      await t.db
        .selectFrom('admin_action')
        .select(['action', 'actor_id', 'target'])
        .where('agency_id', '=', agencyId)
        .where('action', 'not like', 'INSTANSI_%')
        .orderBy('id')
        .execute()
    ).map((a) => a.action);

  beforeAll(async () => {
    t = await createTestDatabase();
    deps = makeDeps({ tokenTtlSeconds: 3600, sessionTtlSeconds: 3600 }, t.db, { clock: () => now });
    admin = await actor('ADMIN_DUKCAPIL');
    evaluator = await actor('EVALUATOR_DUKCAPIL');
  });
  afterAll(async () => {
    await t.drop();
  });

  it('lists every duty of the SPEC agreement, overdue ones flagged, on the seeded calendar', async () => {
    now = new Date('2026-11-24T03:00:00Z');
    const { agency, head } = await agencyWithHead('TGT_A');
    expect(await statusOf(head, agency.id)).toEqual({
      // 1 January 2026 (seeded) is skipped: 10 working days after 31 Dec 2025 is 15 Jan.
      'laporan-2025-S2': ['2026-01-15', 'TERLAMBAT'],
      'iso-2026-03-16': ['2026-03-16', 'TERLAMBAT'],
      'laporan-2026-S1': ['2026-07-14', 'TERLAMBAT'],
      'laporan-2026-S2': ['2027-01-15', 'AKAN_DATANG'],
      'laporan-2027-S1': ['2027-07-14', 'AKAN_DATANG'],
      'perpanjangan-2027-07-16': ['2027-07-16', 'AKAN_DATANG'],
      'laporan-2027-S2': ['2028-01-14', 'AKAN_DATANG'],
    });
    const view = await agencyDeadlines(deps, head, agency.id);
    expect(view.counts).toEqual({ TERLAMBAT: 3, SEGERA: 0, AKAN_DATANG: 4, TERPENUHI: 0 });
    // Only fixed-date holidays are seeded: the years of open reports are flagged.
    expect(view.calendarGaps).toEqual([2026, 2027, 2028]);
    // Overdue first.
    expect(view.deadlines.map((d) => d.status).slice(0, 3)).toEqual([
      'TERLAMBAT',
      'TERLAMBAT',
      'TERLAMBAT',
    ]);
  });

  it('records an ISO/IEC 27001 certificate with its scan; the deadline is met, late', async () => {
    now = new Date('2026-11-24T03:00:00Z');
    const { agency, head } = await agencyWithHead('TGT_ISO');
    const recorded = await recordIsoCertificate(deps, head, agency.id, {
      number: ' ISMS/2026/117 ',
      issuedOn: '2026-10-01',
      expiresOn: '2029-09-30',
      file: { fileName: 'C:\\Pindaian\\sertifikat iso.PDF', bytes: SCANS.pdf.content },
    });
    const iso = (await agencyDeadlines(deps, head, agency.id)).deadlines.find(
      (d) => d.kind === 'SERTIFIKAT_ISO',
    )!;
    expect(iso.status).toBe('TERPENUHI');
    expect(iso.fulfilment).toEqual({
      on: '2026-11-24',
      late: true,
      reference: 'Sertifikat nomor ISMS/2026/117',
      documentId: recorded.documentId,
    });
    expect(await actionsOf(agency.id)).toContain('SERTIFIKAT_ISO_DICATAT');
    const file = await deadlineDocument(deps, head, recorded.documentId);
    expect(file).toMatchObject({ fileName: 'sertifikat iso.pdf', contentType: 'application/pdf' });
    expect(file.content.equals(SCANS.pdf.content)).toBe(true);
    // Dukcapil reads it; another agency's head does not even learn it exists.
    expect((await deadlineDocument(deps, evaluator, recorded.documentId)).fileName).toBe(
      'sertifikat iso.pdf',
    );
    const other = await agencyWithHead('TGT_ISO_B');
    await expect(deadlineDocument(deps, other.head, recorded.documentId)).rejects.toThrow(NotFound);
  });

  it.each([
    ['text named .pdf', SCANS.fakePdf.content, /bukan PDF, PNG atau JPEG menurut isinya/],
    ['a program named .pdf', SCANS.exe.content, /terbaca sebagai EXE/],
    ['a file over 5 MB', oversizedPdf(), /melebihi 5 MB/],
    ['no file', Buffer.alloc(0), /Pilih berkas sertifikat/],
  ])('refuses %s as a certificate scan, and stores nothing', async (_name, bytes, message) => {
    const { agency, head } = await agencyWithHead(`TGT_F${Math.floor(Math.random() * 1e6)}`);
    await expect(
      recordIsoCertificate(deps, head, agency.id, {
        number: 'ISMS-1',
        issuedOn: '2026-01-01',
        expiresOn: '2029-01-01',
        file: { fileName: 'x.pdf', bytes },
      }),
    ).rejects.toThrow(message);
    const stored = await t.db
      .selectFrom('deadline_document')
      .select('id')
      .where('agency_id', '=', agency.id)
      .execute();
    expect(stored).toEqual([]);
  });

  it('refuses a certificate whose dates do not hold', async () => {
    const { agency, head } = await agencyWithHead('TGT_DATES');
    await expect(
      recordIsoCertificate(deps, head, agency.id, {
        number: 'ISMS-1',
        issuedOn: '2023-01-01',
        expiresOn: '2026-01-01',
        file: { fileName: 'x.pdf', bytes: SCANS.pdf.content },
      }),
    ).rejects.toThrow('Sertifikat sudah tidak berlaku pada hari ini');
  });

  it('keeps every agency to its own: another head, the evaluator and the operator cannot record', async () => {
    const a = await agencyWithHead('TGT_SCOPE_A');
    const b = await agencyWithHead('TGT_SCOPE_B');
    const operatorUser = await makeUser(t.db, { agencyCode: 'TGT_SCOPE_A' });
    const operator: DeadlineActor = {
      id: operatorUser.id,
      userId: operatorUser.userId,
      role: 'OPERATOR',
      agencyId: a.agency.id,
    };
    const input = { period: '2026-S1', file: { fileName: 'l.png', bytes: SCANS.png.content } };
    for (const who of [b.head, evaluator, operator]) {
      await expect(recordSemesterReport(deps, who, a.agency.id, input)).rejects.toThrow(NotFound);
    }
    await expect(agencyDeadlines(deps, b.head, a.agency.id)).rejects.toThrow(NotFound);
    await expect(agencyDeadlines(deps, operator, a.agency.id)).rejects.toThrow(NotFound);
    await expect(deadlinesPage(deps, b.head, parseDeadlineFilter({}))).rejects.toThrow(NotFound);
    // The admin records on the agency's behalf.
    await recordSemesterReport(deps, admin, a.agency.id, input);
    expect((await statusOf(b.head, b.agency.id))['laporan-2026-S1']).toEqual([
      '2026-07-14',
      'TERLAMBAT',
    ]);
    expect((await statusOf(a.head, a.agency.id))['laporan-2026-S1']).toEqual([
      '2026-07-14',
      'TERPENUHI',
    ]);
  });

  it('accepts a semester report only for a semester of the agreement, from its last month', async () => {
    now = new Date('2026-11-24T03:00:00Z');
    const { agency, head } = await agencyWithHead('TGT_REPORT');
    const file = { fileName: 'laporan.png', bytes: SCANS.png.content };
    await expect(
      recordSemesterReport(deps, head, agency.id, { period: '2026-S2', file }),
    ).rejects.toThrow('baru dapat dikirim mulai 2026-12-01');
    await expect(
      recordSemesterReport(deps, head, agency.id, { period: '2025-S1', file }),
    ).rejects.toThrow(RuleViolation);
    now = new Date('2026-12-30T03:00:00Z');
    await recordSemesterReport(deps, head, agency.id, { period: '2026-s2', file });
    const report = (await agencyDeadlines(deps, head, agency.id)).deadlines.find((d) =>
      d.key.endsWith('laporan-2026-S2'),
    )!;
    expect(report).toMatchObject({
      status: 'TERPENUHI',
      fulfilment: { on: '2026-12-30', late: false },
    });
    now = new Date('2026-11-24T03:00:00Z');
  });

  it('moves a semester report when Dukcapil enters a holiday, and stops flagging that year', async () => {
    now = new Date('2026-11-24T03:00:00Z');
    const { agency, head } = await agencyWithHead('TGT_CAL');
    // 31 Dec 2026 (Thu) → 1 Jan 2027 (Fri, seeded) skipped → 15 Jan 2027. A decree entry
    // of this test on Monday 4 January 2027 pushes it one more working day.
    await addHoliday(deps, admin, {
      date: '2027-01-04',
      name: 'Cuti bersama (entri kalender uji)',
      kind: 'CUTI_BERSAMA',
    });
    const view = await agencyDeadlines(deps, head, agency.id);
    const report = view.deadlines.find((d) => d.key.endsWith('laporan-2026-S2'))!;
    expect(report.dueOn).toBe('2027-01-18');
    expect(report.basis).toMatchObject({
      skipped: [{ date: '2027-01-01' }, { date: '2027-01-04', kind: 'CUTI_BERSAMA' }],
    });
    expect(view.calendarGaps).toEqual([2026, 2028]);
    await t.db.deleteFrom('holiday').where('day', '=', '2027-01-04').execute();
  });

  it('tracks a change of officials: Dukcapil records it, the agency’s notice fulfils it', async () => {
    now = new Date('2026-11-24T03:00:00Z');
    const { agency, head } = await agencyWithHead('TGT_CHANGE', false);
    // The head must attach the letter.
    await expect(
      recordOfficialsChange(deps, head, agency.id, {
        changedOn: '2026-11-20',
        description: 'Pelantikan Kepala Dinas baru',
        file: undefined,
      }),
    ).rejects.toThrow('Pilih berkas surat pemberitahuan');
    // Dukcapil learned of a change without a letter: an open duty, due 14 days after it.
    const known = await recordOfficialsChange(deps, admin, agency.id, {
      changedOn: '2026-11-02',
      description: 'Pelantikan Kepala Dinas baru',
      file: undefined,
    });
    expect(known.documentId).toBeNull();
    let view = await agencyDeadlines(deps, head, agency.id);
    expect(view.agreement).toBeNull();
    expect(view.openChanges).toEqual([
      { id: known.id, changedOn: '2026-11-02', description: 'Pelantikan Kepala Dinas baru' },
    ]);
    expect(view.deadlines.map((d) => [d.dueOn, d.status])).toEqual([['2026-11-16', 'TERLAMBAT']]);

    await fileOfficialsNotice(deps, head, agency.id, {
      changeId: known.id,
      file: { fileName: 'surat.pdf', bytes: SCANS.pdf.content },
    });
    view = await agencyDeadlines(deps, head, agency.id);
    expect(view.openChanges).toEqual([]);
    expect(view.deadlines[0]).toMatchObject({
      status: 'TERPENUHI',
      fulfilment: { on: '2026-11-24', late: true },
    });
    await expect(
      fileOfficialsNotice(deps, head, agency.id, {
        changeId: known.id,
        file: { fileName: 'surat.pdf', bytes: SCANS.pdf.content },
      }),
    ).rejects.toThrow('sudah diberitahukan');

    // The head's own notice, filed within the period.
    await recordOfficialsChange(deps, head, agency.id, {
      changedOn: '2026-11-20',
      description: 'Perubahan struktur organisasi bidang pelayanan',
      file: { fileName: 'surat.pdf', bytes: SCANS.pdf.content },
    });
    view = await agencyDeadlines(deps, head, agency.id);
    expect(view.deadlines.map((d) => [d.dueOn, d.status, d.fulfilment?.late])).toEqual([
      ['2026-11-16', 'TERPENUHI', true],
      ['2026-12-04', 'TERPENUHI', false],
    ]);
    expect(await actionsOf(agency.id)).toEqual([
      'PERUBAHAN_PEJABAT_DIKETAHUI',
      'PERUBAHAN_PEJABAT_DIBERITAHUKAN',
      'PERUBAHAN_PEJABAT_DIBERITAHUKAN',
    ]);
  });

  it('counts an extension request filed (migrations/009) as meeting the extension deadline', async () => {
    now = new Date('2027-06-01T03:00:00Z');
    const { agency, head } = await agencyWithHead('TGT_EXT');
    const agreement = await t.db
      .selectFrom('agreement')
      .select('id')
      .where('agency_id', '=', agency.id)
      .executeTakeFirstOrThrow();
    expect((await statusOf(head, agency.id))['perpanjangan-2027-07-16']).toEqual([
      '2027-07-16',
      'AKAN_DATANG',
    ]);
    await sql`
      INSERT INTO request (agency_id, agreement_id, kind, letter_number, letter_date, payload,
        filed_by, filed_at)
      VALUES (${agency.id}, ${agreement.id}, 'PERPANJANGAN', '470/55/2027', '2027-05-31',
        '{}'::jsonb, ${head.id}, '2027-05-31T20:00:00Z')`.execute(t.db);
    const extension = (await agencyDeadlines(deps, head, agency.id)).deadlines.find(
      (d) => d.kind === 'PERPANJANGAN',
    )!;
    // 20:00 UTC on 31 May is 03:00 WIB on 1 June.
    expect(extension).toMatchObject({
      status: 'TERPENUHI',
      fulfilment: { on: '2027-06-01', late: false, reference: 'Surat nomor 470/55/2027' },
    });
    now = new Date('2026-11-24T03:00:00Z');
  });

  it('lists every agency for Dukcapil, filtered and paged', async () => {
    now = new Date('2026-11-24T03:00:00Z');
    const all = await deadlinesPage(deps, evaluator, parseDeadlineFilter({}));
    expect(all.total).toBeGreaterThan(25);
    expect(all.rows).toHaveLength(25);
    expect(all.pages).toBe(Math.ceil(all.total / 25));
    const last = await deadlinesPage(deps, evaluator, parseDeadlineFilter({ page: all.pages }));
    expect(last.rows.length).toBe(all.total - 25 * (all.pages - 1));
    const overdueIso = await deadlinesPage(
      deps,
      evaluator,
      parseDeadlineFilter({ status: 'terlambat', kind: 'SERTIFIKAT_ISO' }),
    );
    expect(
      overdueIso.rows.every((d) => d.status === 'TERLAMBAT' && d.kind === 'SERTIFIKAT_ISO'),
    ).toBe(true);
    const one = await deadlinesPage(deps, evaluator, parseDeadlineFilter({ agency: 'tgt_a' }));
    expect(new Set(one.rows.map((d) => d.agency.code))).toEqual(new Set(['TGT_A']));
    expect(one.total).toBe(7);
    expect(one.byAgency.find((r) => r.agency.code === 'TGT_A')?.counts.TERLAMBAT).toBe(3);
  });

  it('keeps the head’s reminder address, checked', async () => {
    const { head } = await agencyWithHead('TGT_MAIL');
    await expect(setReminderEmail(deps, head, 'bukan alamat')).rejects.toThrow(RuleViolation);
    expect(await setReminderEmail(deps, head, ' kepala@dinas.go.id ')).toBe('kepala@dinas.go.id');
    expect(await setReminderEmail(deps, head, '')).toBeNull();
    await expect(setReminderEmail(deps, admin, 'a@b.go.id')).rejects.toThrow(NotFound);
  });
});
