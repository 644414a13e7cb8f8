import { dataBalikanSchemaProblems } from '../../domain/data-balikan.js';
import { setDataBalikanSchema } from '../../store/data-balikan.js';
import type { Executor } from '../../store/db.js';
import { Refusal } from '../errors.js';
import { agreementByNumber } from './agreements.js';

/** Sets (or replaces) the return-data schema of an agreement from its JSON configuration. */
export async function setDataBalikanSchemaByNumber(
  db: Executor,
  nomorDukcapil: string,
  schema: unknown,
): Promise<void> {
  const agreement = await agreementByNumber(db, nomorDukcapil);
  const problems = dataBalikanSchemaProblems(schema);
  if (problems.length > 0) throw new Refusal('PERMINTAAN_TIDAK_VALID', problems.join('; '));
  await setDataBalikanSchema(db, agreement.id, schema);
}
