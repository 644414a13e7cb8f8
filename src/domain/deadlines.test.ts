import { describe, expect, it } from 'vitest';
import {
  agreementDeadlines,
  certificateProblems,
  deadlineStatus,
  extensionRequestDue,
  isoCertificateDue,
  officialsChangeDeadlines,
  reminderStage,
  reportOpensOn,
  semestersCovered,
  type AgreementDeadlineInput,
  type Deadline,
} from './deadlines.js';
import { fixedHolidays, holidayCalendar, type Holiday } from './working-days.js';

/** The seed's fixed-date holidays only: 1 January 2026 and 2027 are weekdays. */
const calendar = holidayCalendar(fixedHolidays(2025, 2028));

/** The PKS of SPEC: signed 16 September 2025, ends 16 September 2027. */
const pks: AgreementDeadlineInput = {
  agreement: { id: 7, signedOn: '2025-09-16', endsOn: '2027-09-16' },
  certificates: [],
  reports: [],
  extensionRequests: [],
};

const brief = (list: Deadline[]) => list.map((d) => [d.key, d.dueOn, d.status]);

describe('due dates', () => {
  it.each([
    ['2027-09-16', '2027-07-16'],
    ['2027-12-31', '2027-10-31'],
    ['2026-04-30', '2026-02-28'],
    ['2026-08-31', '2026-06-30'],
  ])('extension request for an agreement ending %s is due %s', (endsOn, due) => {
    expect(extensionRequestDue(endsOn)).toBe(due);
  });

  it.each([
    ['2025-09-16', '2026-03-16'],
    ['2025-08-31', '2026-02-28'],
    ['2027-08-31', '2028-02-29'],
  ])('ISO/IEC 27001 certificate for an agreement signed %s is due %s', (signedOn, due) => {
    expect(isoCertificateDue(signedOn)).toBe(due);
  });

  it('covers every semester the agreement touches', () => {
    expect(semestersCovered('2025-09-16', '2027-09-16').map((s) => s.period)).toEqual([
      '2025-S2',
      '2026-S1',
      '2026-S2',
      '2027-S1',
      '2027-S2',
    ]);
    expect(semestersCovered('2026-01-01', '2026-06-30').map((s) => s.period)).toEqual(['2026-S1']);
    expect(semestersCovered('2026-06-30', '2026-07-01').map((s) => s.period)).toEqual([
      '2026-S1',
      '2026-S2',
    ]);
  });

  it('opens a semester report in the semester’s last month', () => {
    expect(reportOpensOn('2026-S1')).toBe('2026-06-01');
    expect(reportOpensOn('2026-S2')).toBe('2026-12-01');
  });
});

describe('deadlineStatus', () => {
  it.each([
    ['2026-12-31', '2026-11-24', null, 'AKAN_DATANG'],
    ['2026-12-24', '2026-11-24', null, 'SEGERA'],
    ['2026-12-25', '2026-11-24', null, 'AKAN_DATANG'],
    ['2026-11-24', '2026-11-24', null, 'SEGERA'],
    ['2026-11-23', '2026-11-24', null, 'TERLAMBAT'],
    ['2026-11-23', '2026-11-24', '2026-11-24', 'TERPENUHI'],
    ['2026-12-31', '2026-11-24', '2026-11-01', 'TERPENUHI'],
  ] as const)('due %s, today %s, fulfilled %s → %s', (due, today, fulfilled, expected) => {
    expect(deadlineStatus(due, today, fulfilled)).toBe(expected);
  });
});

describe('agreementDeadlines', () => {
  it('lists every duty of the SPEC agreement with its status on a given day', () => {
    expect(brief(agreementDeadlines(pks, '2026-11-24', calendar))).toEqual([
      // 10 working days after Wed 31 Dec 2025, skipping Thu 1 Jan 2026 (Tahun Baru).
      ['pks-7-laporan-2025-S2', '2026-01-15', 'TERLAMBAT'],
      ['pks-7-iso-2026-03-16', '2026-03-16', 'TERLAMBAT'],
      ['pks-7-laporan-2026-S1', '2026-07-14', 'TERLAMBAT'],
      // After Thu 31 Dec 2026, skipping Fri 1 Jan 2027.
      ['pks-7-laporan-2026-S2', '2027-01-15', 'AKAN_DATANG'],
      ['pks-7-laporan-2027-S1', '2027-07-14', 'AKAN_DATANG'],
      ['pks-7-perpanjangan-2027-07-16', '2027-07-16', 'AKAN_DATANG'],
      // After Fri 31 Dec 2027: 1 Jan 2028 is a Saturday.
      ['pks-7-laporan-2027-S2', '2028-01-14', 'AKAN_DATANG'],
    ]);
  });

  it('moves a semester report when the calendar gains a cuti bersama', () => {
    // An entry of this test's calendar, as Dukcapil would enter one from the year's decree.
    const leave: Holiday = {
      date: '2026-01-02',
      name: 'Cuti bersama (entri kalender uji)',
      kind: 'CUTI_BERSAMA',
    };
    const withLeave = holidayCalendar([...fixedHolidays(2025, 2028), leave]);
    const report = agreementDeadlines(pks, '2026-01-05', withLeave).find(
      (d) => d.key === 'pks-7-laporan-2025-S2',
    )!;
    expect(report.dueOn).toBe('2026-01-16');
    expect(report.status).toBe('SEGERA');
    expect(report.daysLeft).toBe(11);
    expect(report.basis).toMatchObject({
      kind: 'LAPORAN_SEMESTER',
      semesterEnd: '2025-12-31',
      skipped: [{ date: '2026-01-01' }, { date: '2026-01-02' }],
    });
  });

  it('marks what was handed in, on time or late', () => {
    const list = agreementDeadlines(
      {
        ...pks,
        certificates: [
          {
            id: 1,
            number: 'ISMS-001',
            issuedOn: '2026-03-01',
            expiresOn: '2029-03-01',
            receivedOn: '2026-03-20',
            documentId: 11,
          },
        ],
        reports: [
          { id: 2, period: '2025-S2', receivedOn: '2026-01-15', documentId: 12 },
          { id: 3, period: '2026-S1', receivedOn: '2026-07-20', documentId: 13 },
        ],
        extensionRequests: [{ filedOn: '2027-05-02', reference: 'Surat 470/88/2027' }],
      },
      '2026-11-24',
      calendar,
    );
    const byKey = new Map(list.map((d) => [d.key, d]));
    expect(byKey.get('pks-7-laporan-2025-S2')).toMatchObject({
      status: 'TERPENUHI',
      fulfilment: { on: '2026-01-15', late: false, documentId: 12 },
    });
    expect(byKey.get('pks-7-laporan-2026-S1')).toMatchObject({
      status: 'TERPENUHI',
      fulfilment: { on: '2026-07-20', late: true },
    });
    expect(byKey.get('pks-7-iso-2026-03-16')).toMatchObject({
      status: 'TERPENUHI',
      fulfilment: { on: '2026-03-20', late: true, reference: 'Sertifikat nomor ISMS-001' },
    });
    // A certificate valid past the agreement's end: no renewal duty.
    expect(list.filter((d) => d.kind === 'SERTIFIKAT_ISO')).toHaveLength(1);
    expect(byKey.get('pks-7-perpanjangan-2027-07-16')).toMatchObject({
      status: 'TERPENUHI',
      fulfilment: { on: '2027-05-02', late: false },
    });
  });

  it('asks for a new certificate by the day the current one lapses before the agreement ends', () => {
    const first = {
      id: 1,
      number: 'ISMS-001',
      issuedOn: '2026-01-10',
      expiresOn: '2027-01-10',
      receivedOn: '2026-02-01',
      documentId: 11,
    };
    const open = agreementDeadlines({ ...pks, certificates: [first] }, '2026-12-20', calendar);
    expect(brief(open.filter((d) => d.kind === 'SERTIFIKAT_ISO'))).toEqual([
      ['pks-7-iso-2026-03-16', '2026-03-16', 'TERPENUHI'],
      ['pks-7-iso-2027-01-10', '2027-01-10', 'SEGERA'],
    ]);
    const renewed = agreementDeadlines(
      {
        ...pks,
        certificates: [
          first,
          {
            ...first,
            id: 2,
            number: 'ISMS-002',
            expiresOn: '2030-01-10',
            receivedOn: '2027-01-05',
          },
        ],
      },
      '2027-01-06',
      calendar,
    );
    expect(brief(renewed.filter((d) => d.kind === 'SERTIFIKAT_ISO'))).toEqual([
      ['pks-7-iso-2026-03-16', '2026-03-16', 'TERPENUHI'],
      ['pks-7-iso-2027-01-10', '2027-01-10', 'TERPENUHI'],
    ]);
  });

  it('recomputes the extension deadline from a new end date (addendum)', () => {
    const extended = agreementDeadlines(
      { ...pks, agreement: { ...pks.agreement, endsOn: '2029-09-16' } },
      '2027-08-01',
      calendar,
    );
    expect(extended.find((d) => d.kind === 'PERPANJANGAN')).toMatchObject({
      key: 'pks-7-perpanjangan-2029-07-16',
      status: 'AKAN_DATANG',
    });
  });
});

describe('officialsChangeDeadlines', () => {
  it('gives each change a notice due 14 days after it', () => {
    const list = officialsChangeDeadlines(
      3,
      [
        {
          id: 1,
          changedOn: '2026-11-02',
          description: 'Pelantikan Kepala Dinas baru',
          notifiedOn: null,
          documentId: null,
        },
        {
          id: 2,
          changedOn: '2026-09-01',
          description: 'Perubahan nomenklatur bidang',
          notifiedOn: '2026-09-20',
          documentId: 5,
        },
      ],
      '2026-11-24',
    );
    expect(brief(list)).toEqual([
      ['instansi-3-pejabat-2', '2026-09-15', 'TERPENUHI'],
      ['instansi-3-pejabat-1', '2026-11-16', 'TERLAMBAT'],
    ]);
    expect(list[0]!.fulfilment).toMatchObject({ late: true, documentId: 5 });
  });
});

describe('reminderStage', () => {
  const at = (dueOn: string, today: string, fulfilled = false) =>
    reminderStage(
      agreementDeadlines(
        {
          ...pks,
          agreement: { id: 1, signedOn: '2020-01-01', endsOn: '2099-01-01' },
          extensionRequests: fulfilled ? [{ filedOn: today, reference: 'x' }] : [],
        },
        today,
        calendar,
      ).find((d) => d.kind === 'PERPANJANGAN' && d.dueOn === dueOn)!,
    );
  it.each([
    ['2098-11-01', '2098-09-01', null],
    ['2098-11-01', '2098-10-01', null],
    ['2098-11-01', '2098-10-02', 'H_30'],
    ['2098-11-01', '2098-10-24', 'H_30'],
    ['2098-11-01', '2098-10-25', 'H_7'],
    ['2098-11-01', '2098-10-26', 'H_7'],
    ['2098-11-01', '2098-10-31', 'H_1'],
    ['2098-11-01', '2098-11-01', 'H_1'],
    ['2098-11-01', '2098-11-02', 'TERLAMBAT'],
    ['2098-11-01', '2099-03-01', 'TERLAMBAT'],
  ])('due %s, today %s → %s', (dueOn, today, expected) => {
    expect(at(dueOn, today)).toBe(expected);
  });
  it('sends nothing for a fulfilled deadline', () => {
    expect(at('2098-11-01', '2098-11-02', true)).toBeNull();
  });
});

describe('certificateProblems', () => {
  const today = '2026-11-24';
  it.each([
    [{ number: 'ISMS-001', issuedOn: '2026-01-01', expiresOn: '2029-01-01' }, []],
    [
      { number: 'x', issuedOn: '2026-01-01', expiresOn: '2029-01-01' },
      ['Nomor sertifikat 3–100 karakter'],
    ],
    [
      { number: 'ISMS-001', issuedOn: '2026-02-30', expiresOn: '2029-01-01' },
      ['Tanggal terbit sertifikat tidak valid (YYYY-MM-DD)'],
    ],
    [
      { number: 'ISMS-001', issuedOn: '2026-12-01', expiresOn: '2029-01-01' },
      ['Tanggal terbit tidak boleh sesudah hari ini'],
    ],
    [
      { number: 'ISMS-001', issuedOn: '2023-01-01', expiresOn: '2026-01-01' },
      ['Sertifikat sudah tidak berlaku pada hari ini'],
    ],
    [
      { number: 'ISMS-001', issuedOn: '2026-01-01', expiresOn: '2025-12-31' },
      [
        'Tanggal berakhir harus sesudah tanggal terbit',
        'Sertifikat sudah tidak berlaku pada hari ini',
      ],
    ],
  ])('%o → %o', (input, expected) => {
    expect(certificateProblems(input, today)).toEqual(expected);
  });
});
