import type { ActingParty } from '../../domain/actor.js';
import { dgApprovalProblems, type DgApprovalLetter } from '../../domain/agreement-ending.js';
import { effectiveStatus, type AgreementStatus } from '../../domain/agreement-state.js';
import { wibDay } from '../../domain/time.js';
import { setDgApproval } from '../../store/agreements.js';
import type { Executor } from '../../store/db.js';
import { Refusal } from '../errors.js';
import { lockedAgreement, record } from './agreement-lifecycle.js';
import { inTransaction } from './transactions.js';

/**
 * The Director General's approval letter an agreement rests on (SPEC §4: number and date; for
 * the first two agreements 400.8.1.2/8765/Dukcapil of 25 July 2025). Recorded on a draft or an
 * agreement in force (its extension period included) — not one of the terms an addendum
 * changes, but a fact about them; recorded again, the correction stays in the history.
 */
export async function recordDgApproval(
  db: Executor,
  actor: Pick<ActingParty, 'id'>,
  agreementId: number,
  input: DgApprovalLetter,
  now: Date,
): Promise<void> {
  const today = wibDay(now);
  const letter = { nomor: input.nomor.trim(), tanggal: input.tanggal.trim() };
  const fields = dgApprovalProblems(letter, today);
  if (fields.length > 0) {
    throw new Refusal('PERMINTAAN_TIDAK_VALID', fields.map((f) => f.message).join('; '), {
      fields,
      problems: fields.map((f) => f.message),
    });
  }
  await inTransaction(db, async (tx) => {
    const { agency, row } = await lockedAgreement(tx, agreementId);
    const status = effectiveStatus(
      {
        status: row.status as AgreementStatus,
        endsOn: row.ends_on,
        extensionPending: row.extension_request_id !== null,
      },
      today,
    );
    if (status !== 'DRAFT' && status !== 'AKTIF') {
      throw new Refusal(
        'PERMINTAAN_TIDAK_VALID',
        'Surat persetujuan Direktur Jenderal hanya dicatat pada draf PKS atau PKS yang berlaku',
      );
    }
    await setDgApproval(tx, agreementId, letter);
    await record(tx, actor, now, {
      agreementId,
      agencyId: agency.id,
      nomorDukcapil: row.nomor_dukcapil,
      kind: 'PERSETUJUAN_DIRJEN',
      action: 'PKS_PERSETUJUAN_DIRJEN',
      reason: `Surat persetujuan Direktur Jenderal nomor ${letter.nomor} tanggal ${letter.tanggal}`,
      before: null,
      after: null,
      detail: {
        dgApproval: letter,
        ...(row.dg_approval_number
          ? { previous: { nomor: row.dg_approval_number, tanggal: row.dg_approval_date } }
          : {}),
      },
    });
  });
}
