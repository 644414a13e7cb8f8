import crypto from 'node:crypto';
import type { FieldError } from '../../domain/refusals.js';
import { wibDay } from '../../domain/time.js';
import { isIsoDate } from '../../domain/working-days.js';
import { revokeAgreement } from '../agreements/agreement-lifecycle.js';
import type { Deps } from '../deps.js';
import {
  invalid,
  loadEvaluation,
  requiredNote,
  requirePermission,
  type Evaluator,
} from './access.js';
import { lockedFor, move } from './steps.js';
import { makeWarningLetter } from './warning-letter.js';

/*
 * The follow-up of a final evaluation (issue 10 item 3): a warning letter recorded as sent,
 * the letter made then kept with the record (warning-letter.ts); or a revocation proposal
 * confirmed — through the agreement's own revocation cascade — or not.
 */

/** The warning letter of a final evaluation, recorded as sent: its number and date. */
export async function recordWarningLetter(
  deps: Deps,
  actor: Evaluator,
  id: number,
  letter: { readonly number: string; readonly on: string },
): Promise<void> {
  requirePermission(actor, 'evaluation.write');
  const number = letter.number.trim();
  const on = letter.on.trim();
  const today = wibDay(deps.clock());
  const fields: FieldError[] = [];
  if (number.length < 3 || number.length > 100) {
    fields.push({
      field: 'nomorSurat',
      message: 'Nomor surat teguran wajib diisi (3–100 karakter)',
    });
  }
  if (!isIsoDate(on)) fields.push({ field: 'tanggalSurat', message: 'Tanggal surat wajib diisi' });
  else if (on > today) {
    fields.push({ field: 'tanggalSurat', message: 'Tanggal surat tidak boleh sesudah hari ini' });
  }
  if (fields.length > 0) throw invalid(fields);
  // The letter is made before the transaction (pdfkit is slow to load): what it is made of is
  // frozen since the evaluation was finalised, and the step below refuses unless the letter
  // is still to be sent.
  const current = await loadEvaluation(deps, id);
  const pdf =
    current.state === 'TEGURAN_DISIAPKAN'
      ? await makeWarningLetter(deps, current, { number, on })
      : undefined;
  const now = deps.clock();
  await deps.db.transaction().execute(async (tx) => {
    const { row, to } = await lockedFor(tx, id, 'CATAT_TEGURAN');
    if (on < wibDay(row.finalized_at!)) {
      throw invalid([
        { field: 'tanggalSurat', message: 'Tanggal surat tidak boleh sebelum evaluasi difinalkan' },
      ]);
    }
    await move(
      tx,
      actor,
      row,
      'CATAT_TEGURAN',
      to,
      now,
      {
        warningLetterNumber: number,
        warningLetterOn: on,
        ...(pdf ? { warningLetterPdf: pdf } : {}),
      },
      `Surat teguran nomor ${number} tanggal ${on}`,
      {
        nomorSurat: number,
        tanggalSurat: on,
        ...(pdf ? { sha256: crypto.createHash('sha256').update(pdf).digest('hex') } : {}),
      },
    );
  });
}

/**
 * Dukcapil confirms the revocation proposal: the agreement is revoked through its own
 * cascade (agreement-lifecycle.ts revokeAgreement: status DICABUT, every session and token of
 * the agency's users ended, card readers suspended, its history and admin trail) in the same
 * transaction as the evaluation's step, so both happen or neither.
 */
export async function confirmRevocation(
  deps: Deps,
  actor: Evaluator,
  id: number,
  note: string,
): Promise<{ revokedSessions: number }> {
  requirePermission(actor, 'evaluation.decide');
  const why = requiredNote(note, 'catatan', 'Dasar keputusan pencabutan');
  const now = deps.clock();
  return deps.db.transaction().execute(async (tx) => {
    const { row, to } = await lockedFor(tx, id, 'KONFIRMASI_PENCABUTAN');
    const revokedSessions = await revokeAgreement(
      tx,
      actor,
      row.agreement_id,
      `Dicabut berdasarkan evaluasi #${row.id} Dinas Dukcapil: ${why}`,
      now,
    );
    await move(
      tx,
      actor,
      row,
      'KONFIRMASI_PENCABUTAN',
      to,
      now,
      { decidedAt: now, decidedBy: actor.id, decisionNote: why },
      why,
      { agreementId: row.agreement_id, revokedSessions },
    );
    return { revokedSessions };
  });
}

/** Dukcapil does not take up the revocation proposal (with why); the agreement stays. */
export async function rejectRevocation(
  deps: Deps,
  actor: Evaluator,
  id: number,
  note: string,
): Promise<void> {
  requirePermission(actor, 'evaluation.decide');
  const why = requiredNote(note, 'catatan', 'Dasar keputusan');
  const now = deps.clock();
  await deps.db.transaction().execute(async (tx) => {
    const { row, to } = await lockedFor(tx, id, 'TOLAK_PENCABUTAN');
    await move(
      tx,
      actor,
      row,
      'TOLAK_PENCABUTAN',
      to,
      now,
      { decidedAt: now, decidedBy: actor.id, decisionNote: why },
      why,
    );
  });
}
