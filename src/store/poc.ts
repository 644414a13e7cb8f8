import type { Executor } from './db.js';

/** The PoC checklist and result of a request (migration 027). */

export async function listChecklistCases(db: Executor, requestId: number) {
  return db
    .selectFrom('poc_checklist_case')
    .select(['case_code', 'passed', 'note'])
    .where('request_id', '=', requestId)
    .execute();
}

export async function upsertChecklistCase(
  db: Executor,
  entry: {
    requestId: number;
    code: string;
    passed: boolean;
    note: string;
    by: number;
    at: Date;
  },
): Promise<void> {
  await db
    .insertInto('poc_checklist_case')
    .values({
      request_id: entry.requestId,
      case_code: entry.code,
      passed: entry.passed,
      note: entry.note,
      recorded_by: entry.by,
      recorded_at: entry.at,
    })
    .onConflict((oc) =>
      oc.columns(['request_id', 'case_code']).doUpdateSet({
        passed: entry.passed,
        note: entry.note,
        recorded_by: entry.by,
        recorded_at: entry.at,
      }),
    )
    .execute();
}

export async function insertPocResult(
  db: Executor,
  entry: {
    requestId: number;
    letterNumber: string;
    letterDate: string;
    application: string;
    passed: boolean;
    cases: unknown;
    conclusion: string;
    by: number;
    at: Date;
  },
): Promise<void> {
  await db
    .insertInto('poc_result')
    .values({
      request_id: entry.requestId,
      letter_number: entry.letterNumber,
      letter_date: entry.letterDate,
      application: entry.application,
      passed: entry.passed,
      cases: JSON.stringify(entry.cases),
      conclusion: entry.conclusion,
      recorded_by: entry.by,
      recorded_at: entry.at,
    })
    .execute();
}

export async function findPocResult(db: Executor, requestId: number) {
  return db
    .selectFrom('poc_result')
    .selectAll()
    .where('request_id', '=', requestId)
    .executeTakeFirst();
}
