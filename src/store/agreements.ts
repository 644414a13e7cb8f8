import { sql } from 'kysely';
import type { AgreementTerms } from '../domain/agreement.js';
import type { Executor } from './db.js';

/** An agreement's terms, as the domain checked them, for one agency. */
export type NewAgreement = AgreementTerms & { readonly agencyId: number };

export async function insertAgreement(db: Executor, agreement: NewAgreement): Promise<number> {
  const row = await db
    .insertInto('agreement')
    .values({
      agency_id: agreement.agencyId,
      nomor_dukcapil: agreement.nomorDukcapil,
      nomor_instansi: agreement.nomorInstansi,
      nomor_juknis: agreement.nomorJuknis,
      signed_on: agreement.signedOn,
      ends_on: agreement.endsOn,
      purpose: agreement.purpose,
      granted_elements: [...agreement.grantedElements],
      access_methods: [...agreement.accessMethods],
      // inet[] from text[]: each address or network is checked by PostgreSQL itself.
      access_points: sql<string[]>`${[...agreement.accessPoints]}::inet[]`,
      quota_stage: agreement.quotaStage,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function setAgreementQuotaStage(
  db: Executor,
  agreementId: number,
  stage: 'PRA_POC' | 'PASCA_POC',
) {
  await db
    .updateTable('agreement')
    .set({ quota_stage: stage })
    .where('id', '=', agreementId)
    .execute();
}

/** The agreement of an agency in force on a WIB day: active and within its dates. */
export async function findAgreementInForce(db: Executor, agencyId: number, day: string) {
  return db
    .selectFrom('agreement')
    .selectAll()
    .where('agency_id', '=', agencyId)
    .where('status', '=', 'AKTIF')
    .where('signed_on', '<=', day)
    .where('ends_on', '>=', day)
    .orderBy('ends_on', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function findAgreementByNumber(db: Executor, nomorDukcapil: string) {
  return db
    .selectFrom('agreement')
    .selectAll()
    .where('nomor_dukcapil', '=', nomorDukcapil)
    .executeTakeFirst();
}
