import { sql } from 'kysely';
import type { DataBalikanSchema } from '../src/domain/data-balikan.js';
import { composeNik } from '../src/domain/nik.js';
import type { AgencyCaller } from '../src/services/data-balikan/sender.js';
import { DINKES_DATA_BALIKAN } from '../src/services/demo/agreements.js';
import { setDataBalikanSchema } from '../src/store/data-balikan.js';
import type { Db } from '../src/store/db.js';
import { makeAgency, makeAgreement, makeUser } from './factories.js';

/** An agency with an agreement in force carrying a return-data schema, and one operator. */
export async function makeReturnAgency(
  db: Db,
  schema: DataBalikanSchema | null = DINKES_DATA_BALIKAN,
) {
  const agency = await makeAgency(db);
  const agreement = await makeAgreement(db, agency.code);
  if (schema) await setDataBalikanSchema(db, agreement.id, schema);
  const operator = await makeUser(db, { agencyCode: agency.code });
  const caller: AgencyCaller = {
    id: operator.id,
    userId: operator.userId,
    role: 'OPERATOR',
    agencyId: agency.id,
    agreementId: agreement.id,
    dataBalikanSchema: schema,
  };
  return { agency, agreement, operator, caller };
}

/**
 * Distinct valid NIKs of Purbalingga (district 330301, women born 1990-01-01 onward), the
 * n-th always the same: test data for large files without touching the register.
 */
export function testNiks(count: number, offset = 0): string[] {
  const niks: string[] = [];
  for (let i = offset; i < offset + count; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    const month = String((Math.floor(i / 28) % 12) + 1).padStart(2, '0');
    const serial = Math.floor(i / (28 * 12)) + 1;
    niks.push(composeNik('330301', `1990-${month}-${day}`, 'PEREMPUAN', serial));
  }
  return niks;
}

/**
 * Writes audit records as lookups of these NIKs by the user under the agreement would
 * have (response DITEMUKAN unless told), in one statement: how a test gives an agency
 * 100,000 accessed NIKs without making 100,000 lookups.
 */
export async function recordAccess(
  db: Db,
  input: {
    agreementId: number;
    agencyId: number;
    userId: number;
    niks: readonly string[];
    at?: Date;
    responseCode?: string;
  },
): Promise<void> {
  const at = input.at ?? new Date('2026-11-20T02:00:00Z');
  await db.transaction().execute(async (trx) => {
    // Without the row-by-row checks of audit_log's three foreign keys (triggers, skipped in
    // replica mode): they were half the time of 100,000 rows on PGlite, and the ids come
    // from the factories that just made the agency, agreement and user.
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    await sql`
      INSERT INTO audit_log (at, action, channel, user_id, agency_id, agreement_id, client_ip, nik, purpose, response_code)
      SELECT ${at}::timestamptz, 'LOOKUP', 'PORTAL', ${input.userId}::int, ${input.agencyId}::int,
             ${input.agreementId}::int, '127.0.0.1'::inet, n, 'Verifikasi pasien',
             ${input.responseCode ?? 'DITEMUKAN'}
      FROM unnest(${[...input.niks]}::text[]) AS n`.execute(trx);
  });
}
