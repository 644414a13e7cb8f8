import type { Actor } from '../../domain/actor.js';
import type { DataBalikanSchema } from '../../domain/data-balikan.js';
import { prefilledReturnData } from '../../domain/service-case.js';
import { findServiceCase } from '../../store/service-cases.js';
import { authorizeSender } from '../data-balikan/sender.js';
import {
  returnSchemaOfAgency,
  submitDataBalikan,
  type SubmissionResult,
} from '../data-balikan/submission.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';
import { caseView, loadCase, moveCase, requireStep, type ServiceCaseView } from './cases.js';
import { serviceKindsOf } from './kinds.js';

/** The return-data form of a case: the agreement's schema and what the case fills in. */
export interface CaseReturnForm {
  /** Absent while Dukcapil has not set the agreement's schema: nothing can be sent yet. */
  readonly schema: DataBalikanSchema | undefined;
  readonly values: Readonly<Record<string, string>>;
}

/**
 * Step 6's form, prefilled with what the case knows: the number of the document just
 * issued in the field the kind names, and the kind's fixed values (e.g. the permit's kind).
 */
export async function caseReturnForm(
  deps: Deps,
  actor: Pick<Actor, 'id' | 'role' | 'agencyId'>,
  id: number,
): Promise<CaseReturnForm> {
  const row = await loadCase(deps.db, actor, id);
  const schema = await returnSchemaOfAgency(deps, row.agency_id);
  if (!schema) return { schema: undefined, values: {} };
  const kind = (await serviceKindsOf(deps.db, row.agreement_id)).find(
    (k) => k.code === row.kind_code,
  );
  return { schema, values: prefilledReturnData(kind, row.document_number, schema) };
}

/**
 * Step 6: the case's return data sent through the one return-data use case (the same checks
 * of the agreement's schema and of the NIK accessed, as the form under a lookup result), for
 * the case's NIK — never a NIK posted with the form — and the case moved on in the same
 * transaction: both or neither. A record the schema refuses is refused with every reason in
 * Bahasa Indonesia; nothing is written. A record equal to one already received (sent before
 * by file, say) counts as sent.
 */
export async function sendCaseReturnData(
  deps: Deps,
  actor: Pick<Actor, 'id' | 'userId' | 'role' | 'agencyId' | 'clientIp'>,
  id: number,
  values: Readonly<Record<string, string>>,
): Promise<{ readonly result: SubmissionResult; readonly case: ServiceCaseView }> {
  const row = await loadCase(deps.db, actor, id);
  requireStep(row, 'KIRIM_DATA_BALIKAN');
  const caller = await authorizeSender(deps, actor, 'PORTAL');
  const result = await deps.db.transaction().execute(async (trx) => {
    const submitted = await submitDataBalikan(
      deps,
      caller,
      'FORMULIR',
      [{ line: 1, nik: row.nik, values }],
      'SEMUA',
      { transaction: trx },
    );
    const refused = submitted.refused[0];
    if (refused) {
      throw new Refusal(
        'PERMINTAAN_TIDAK_VALID',
        `Data balikan tidak diterima: ${refused.reasons.join('; ')}`,
        { problems: refused.reasons },
      );
    }
    const at = deps.clock();
    await moveCase(trx, {
      actor,
      row,
      action: 'KIRIM_DATA_BALIKAN',
      at,
      changes: { returnSentAt: at },
      detail: {
        ditambah: submitted.added,
        dikoreksi: submitted.corrected,
        tidakBerubah: submitted.unchanged,
      },
    });
    return submitted;
  });
  const current = await findServiceCase(deps.db, row.agency_id, row.id);
  return { result, case: caseView(current!) };
}
