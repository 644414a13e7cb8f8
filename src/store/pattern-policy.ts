import type { PatternSettings } from '../domain/pattern-alert.js';
import type { Executor } from './db.js';

/** An agreement's input-pattern policy and its agency's service hours (migration 012). */

export async function findPatternSettings(db: Executor, agreementId: number) {
  return db
    .selectFrom('agreement as p')
    .innerJoin('agency as ag', 'ag.id', 'p.agency_id')
    .select([
      'p.id',
      'p.agency_id',
      'p.nomor_dukcapil',
      'ag.code as agency_code',
      'p.pattern_policy',
      'p.service_start',
      'p.service_end',
      'p.service_days',
    ])
    .where('p.id', '=', agreementId)
    .executeTakeFirst();
}

export async function updatePatternSettings(
  db: Executor,
  agreementId: number,
  settings: PatternSettings,
): Promise<void> {
  await db
    .updateTable('agreement')
    .set({
      pattern_policy: settings.policy,
      service_start: settings.hours.start,
      service_end: settings.hours.end,
      service_days: [...settings.hours.days],
    })
    .where('id', '=', agreementId)
    .execute();
}
