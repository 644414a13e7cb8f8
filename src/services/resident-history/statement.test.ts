import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { makeAgency, makeAgreement, makeUser } from '../../../test/factories.js';
import { auditKeyPair, verifierKey } from '../../domain/audit-seal/checkpoint.js';
import { checkStatement, type StatementDocument } from '../../domain/resident-statement.js';
import { wibDateTime, wibDay } from '../../domain/time.js';
import type { Role } from '../../domain/users.js';
import { AUDIT_LOG_ORIGIN } from '../audit-seal/keys.js';
import { sealAll } from '../audit-seal/sealer.js';
import { makeDeps, type Deps } from '../deps.js';
import { Refusal } from '../errors.js';
import { PRINTED_ACTION, REQUESTED_ACTION, residentAccessStatement } from './statement.js';

/**
 * The resident's statement on a real engine: accesses of several NIKs by two agencies, some
 * on the edges of the WIB period; the statement must list exactly those of the resident's NIK
 * in the period (computed here from the rows written, not from the service's query), every
 * line must check with the public key, and an edited line, another key or a row rewritten
 * after sealing must fail.
 */
const NOW = new Date('2026-12-06T03:00:00Z'); // 10:00 WIB
const settings = { tokenTtlSeconds: 600, sessionTtlSeconds: 600 };
const seed = Buffer.alloc(32, 7);
const key = auditKeyPair(AUDIT_LOG_ORIGIN, seed);
const otherKey = auditKeyPair(AUDIT_LOG_ORIGIN, Buffer.alloc(32, 8));

const NIK = '3303054703900011';
const OTHER_NIK = '3303054703900012';

interface Written {
  readonly id: number;
  readonly at: Date;
  readonly action: string;
  readonly nik: string | null;
  readonly agencyName: string;
  readonly purpose: string;
  readonly responseCode: string;
  readonly verification: boolean;
}

let t: TestDatabase;
let deps: Deps;
let admin: { id: number; role: Role };
let operatorUserId: string;
const written: Written[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  deps = makeDeps(settings, t.db, { clock: () => NOW, auditKey: seed });
  const hospital = await makeAgency(t.db, { name: 'RSUD dr. Goeteng Taroenadibrata' });
  const bank = await makeAgency(t.db, { name: 'Bank Jateng Cabang Purbalingga' });
  const agreement = await makeAgreement(t.db, hospital.code);
  const operator = await makeUser(t.db, { role: 'OPERATOR', agencyCode: hospital.code });
  operatorUserId = operator.userId;
  const adminUser = await makeUser(t.db, { role: 'ADMIN_DUKCAPIL' });
  admin = { id: adminUser.id, role: 'ADMIN_DUKCAPIL' };
  const agencies = [
    { id: hospital.id, name: 'RSUD dr. Goeteng Taroenadibrata' },
    { id: bank.id, name: 'Bank Jateng Cabang Purbalingga' },
  ];

  // The period asked below: 2026-03-01 … 2026-03-31 WIB. Its edges in UTC: it begins
  // 2026-02-28T17:00:00Z and ends before 2026-03-31T17:00:00Z.
  const times = [
    '2026-02-28T16:59:59.999Z', // 23:59:59 WIB on 28 February: outside
    '2026-02-28T17:00:00.000Z', // 00:00:00 WIB on 1 March: inside
    '2026-03-10T02:15:00.000Z',
    '2026-03-15T08:30:00.000Z',
    '2026-03-31T16:59:59.000Z', // 23:59:59 WIB on 31 March: inside
    '2026-03-31T17:00:00.000Z', // 00:00 WIB on 1 April: outside
    '2026-11-20T04:00:00.000Z', // within the default 12 months
    '2025-12-06T16:59:00.000Z', // 23:59 WIB on 6 December 2025: before the default period
  ];
  const responses = ['DITEMUKAN', 'TIDAK_DITEMUKAN', 'KUOTA_HABIS', 'MENINGGAL'];
  let n = 0;
  for (const at of times) {
    for (const [nik, action] of [
      [NIK, 'LOOKUP'],
      [OTHER_NIK, 'LOOKUP'],
      [NIK, 'EKSPOR'],
    ] as const) {
      n += 1;
      const agency = agencies[n % 2]!;
      const row = {
        at: new Date(at),
        action,
        channel: n % 3 === 0 ? 'API' : 'PORTAL',
        user_id: operator.id,
        agency_id: agency.id,
        client_ip: '10.10.0.67',
        nik,
        purpose: `Pendaftaran pasien nomor RM-${1000 + n}`,
        response_code: responses[n % responses.length]!,
        // Every other access a verification without disclosure (sealed in leaf format 2).
        detail: n % 2 === 0 ? JSON.stringify({ verifikasi: ['namaLengkap'] }) : null,
      };
      const { id } = await t.db
        .insertInto('audit_log')
        .values(row)
        .returning('id')
        .executeTakeFirstOrThrow();
      written.push({
        id,
        at: row.at,
        action,
        nik,
        agencyName: agency.name,
        purpose: row.purpose,
        responseCode: row.response_code,
        verification: row.detail !== null,
      });
    }
  }
  // A login, without a NIK, never appears.
  await t.db
    .insertInto('audit_log')
    .values({
      at: new Date('2026-03-12T01:00:00Z'),
      action: 'LOGIN',
      channel: 'PORTAL',
      user_id: operator.id,
      agency_id: hospital.id,
      client_ip: '10.10.0.67',
      nik: null,
      purpose: null,
      response_code: 'DITEMUKAN',
    })
    .execute();
  // Return data the hospital sent for the NIK.
  await t.db
    .insertInto('data_balikan')
    .values({
      agreement_id: agreement.id,
      agency_id: hospital.id,
      nik: NIK,
      fields: JSON.stringify({ nomor_rm: 'RM-1002' }),
      version: 1,
      channel: 'FORMULIR',
      submitted_by: operator.id,
      received_at: new Date('2026-03-10T03:00:00Z'),
    })
    .execute();
}, 60_000);

afterAll(() => t.drop());

/** The lines expected, from the rows as written: the NIK's lookups whose WIB day is in the period. */
function expected(from: string, to: string) {
  return written
    .filter((w) => w.nik === NIK && w.action === 'LOOKUP')
    .filter((w) => wibDay(w.at) >= from && wibDay(w.at) <= to)
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.id - b.id)
    .map((w) => ({
      at: wibDateTime(w.at),
      agency: w.agencyName,
      purpose: w.purpose,
      verification: w.verification,
    }));
}

const request = {
  nik: NIK,
  requestNumber: 'RA/2026/0042',
  identityCheck: 'KTP-el asli diperiksa di loket',
  from: '2026-03-01',
  to: '2026-03-31',
};

describe('residentAccessStatement', { timeout: 60_000 }, () => {
  let statement: StatementDocument;

  beforeAll(async () => {
    ({ statement } = await residentAccessStatement(deps, admin, request));
  });

  it('lists exactly the NIK’s lookups in the WIB period, edges included, no other NIK', () => {
    const want = expected('2026-03-01', '2026-03-31');
    expect(want).toHaveLength(4);
    expect(
      statement.lines.map((l) => ({
        at: l.at,
        agency: l.agency,
        purpose: l.purpose,
        verification: l.channel.endsWith('verifikasi kesesuaian data (tanpa data dikirim)'),
      })),
    ).toEqual(want);
    expect(want.filter((w) => w.verification)).toHaveLength(2);
    expect(statement.lines[0]!.at).toBe('2026-03-01 00:00:00');
    expect(statement.lines.at(-1)!.at).toBe('2026-03-31 23:59:59');
    expect(statement.lines.map((l) => l.number)).toEqual([1, 2, 3, 4]);
    expect(JSON.stringify(statement)).not.toContain(OTHER_NIK);
    expect(statement.period).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    expect(statement.returnData).toEqual([
      {
        at: '2026-03-10 10:00:00',
        agency: 'RSUD dr. Goeteng Taroenadibrata',
        channel: 'FORMULIR',
        version: 1,
      },
    ]);
  });

  it('shows answers in plain Indonesian and no operator’s name or user ID', () => {
    const answers = new Set(statement.lines.map((l) => l.answer));
    for (const answer of answers) {
      expect([
        'Data ditemukan',
        'Data tidak ditemukan',
        'Ditolak: kuota harian instansi habis',
        'Data ditemukan (tercatat meninggal dunia)',
      ]).toContain(answer);
    }
    const shown = JSON.stringify(statement.lines.map(({ leaf: _leaf, ...shownLine }) => shownLine));
    expect(shown).not.toContain(operatorUserId);
    expect(shown).not.toContain('Pengguna Uji');
  });

  it('defaults to the twelve months up to today (WIB)', async () => {
    const { statement: yearly } = await residentAccessStatement(deps, admin, {
      ...request,
      from: '',
      to: '',
    });
    expect(yearly.period).toEqual({ from: '2025-12-07', to: '2026-12-06' });
    const want = expected('2025-12-07', '2026-12-06');
    expect(yearly.lines.map((l) => l.at)).toEqual(want.map((w) => w.at));
    expect(yearly.lines.some((l) => l.at.startsWith('2025-12-06'))).toBe(false);
  });

  it('every line checks with the public key; an edited line, another key fail', () => {
    expect(statement.publicKey).toBe(verifierKey(key));
    const checked = checkStatement(statement, key);
    expect(checked).toMatchObject({ ok: true, lines: 4 });

    const edited = structuredClone(statement) as unknown as { lines: { purpose: string | null }[] };
    edited.lines[2]!.purpose = 'Keperluan lain';
    expect(checkStatement(edited, key)).toMatchObject({ ok: false, line: 3 });

    const leafEdited = structuredClone(statement) as unknown as { lines: { leaf: string }[] };
    leafEdited.lines[1]!.leaf = leafEdited.lines[1]!.leaf.replace('RM-', 'RX-');
    expect(checkStatement(leafEdited, key)).toMatchObject({
      ok: false,
      line: 2,
      problem: expect.stringContaining('jalur bukti') as string,
    });

    const removed = structuredClone(statement) as unknown as { lines: unknown[] };
    removed.lines.splice(1, 1);
    expect(checkStatement(removed, key)).toMatchObject({ ok: false, line: 2 });

    expect(checkStatement(statement, otherKey)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('tanda tangan checkpoint tidak sah') as string,
    });
  });

  it('records the request and each printout in admin_action, without an agency, and seals them', async () => {
    await residentAccessStatement(deps, admin, request, 'PDF');
    await sealAll(deps);
    const rows = await t.db
      .selectFrom('admin_action as a')
      .leftJoin('audit_seal_leaf as s', (join) =>
        join.onRef('s.source_id', '=', 'a.id').on('s.source', '=', 'admin_action'),
      )
      .select(['a.action', 'a.actor_id', 'a.agency_id', 'a.target', 'a.detail', 's.position'])
      .where('a.target', '=', 'RA/2026/0042')
      .orderBy('a.id')
      .execute();
    expect(rows.map((r) => r.action)).toEqual([REQUESTED_ACTION, REQUESTED_ACTION, PRINTED_ACTION]);
    for (const row of rows) {
      expect(row).toMatchObject({ actor_id: admin.id, agency_id: null });
      expect(row.detail).toMatchObject({ nik: NIK });
      expect(row.position).not.toBeNull();
    }
    expect(rows[2]!.detail).toMatchObject({ format: 'PDF' });
  });

  it('refuses every role but the permission table’s, and a bad request with every problem', async () => {
    for (const role of ['OPERATOR', 'KEPALA_INSTANSI', 'EVALUATOR_DUKCAPIL'] as const) {
      await expect(
        residentAccessStatement(deps, { id: admin.id, role }, request),
      ).rejects.toMatchObject({ code: 'TIDAK_BERWENANG' });
    }
    const bad = await residentAccessStatement(deps, admin, {
      nik: '123',
      requestNumber: ' ',
      identityCheck: '',
      from: '2026-04-01',
      to: '2026-03-01',
    }).catch((error: unknown) => error);
    expect(bad).toBeInstanceOf(Refusal);
    expect((bad as Refusal).detail?.fields?.map((f) => f.field)).toEqual([
      'nik',
      'requestNumber',
      'identityCheck',
      'from',
    ]);
  });

  it('a statement made after a row was rewritten by the database owner fails on that line', async () => {
    const target = written.find(
      (w) =>
        w.nik === NIK && w.action === 'LOOKUP' && w.at.toISOString() === '2026-03-15T08:30:00.000Z',
    )!;
    await t.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL session_replication_role = replica`.execute(trx);
      await sql`UPDATE audit_log SET purpose = 'Diubah' WHERE id = ${target.id}`.execute(trx);
    });
    try {
      const { statement: after } = await residentAccessStatement(deps, admin, request);
      const line = after.lines.findIndex((l) => l.purpose === 'Diubah') + 1;
      expect(line).toBeGreaterThan(0);
      expect(checkStatement(after, key)).toMatchObject({ ok: false, line });
    } finally {
      await t.db.transaction().execute(async (trx) => {
        await sql`SET LOCAL session_replication_role = replica`.execute(trx);
        await sql`UPDATE audit_log SET purpose = ${target.purpose} WHERE id = ${target.id}`.execute(
          trx,
        );
      });
    }
  });
});
