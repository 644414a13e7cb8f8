import { NARRATIVE_MAX } from '../../domain/usage-report.js';
import { updateUsageReport } from '../../store/usage-reports.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';
import { assertHead, reportInScope, type Head } from './scope.js';
import { recordStep } from './steps.js';

/*
 * The narrative the head adds to a drafted usage report (issue 10 item 1): the letter's
 * number, obstacles, follow-up plans, changes of officials and, for a correction, its reason.
 */

export interface NarrativeInput {
  readonly letterNumber?: string | undefined;
  readonly obstacles?: string | undefined;
  readonly followUp?: string | undefined;
  readonly officialsChanges?: string | undefined;
  readonly correctionReason?: string | undefined;
}

export function narrativeOf(input: NarrativeInput) {
  const clean = (value: string | undefined, label: string, max: number) => {
    const text = value?.replace(/\r\n/g, '\n').trim() ?? '';
    if (text.length > max) {
      throw new Refusal('PERMINTAAN_TIDAK_VALID', `${label} paling panjang ${max} karakter`);
    }
    return text === '' ? null : text;
  };
  const letterNumber = clean(input.letterNumber, 'Nomor surat', 100);
  if (letterNumber !== null && letterNumber.length < 3) {
    throw new Refusal('PERMINTAAN_TIDAK_VALID', 'Nomor surat paling sedikit 3 karakter');
  }
  const correctionReason = clean(input.correctionReason, 'Alasan koreksi', 1000);
  if (correctionReason !== null && correctionReason.length < 5) {
    throw new Refusal('PERMINTAAN_TIDAK_VALID', 'Alasan koreksi paling sedikit 5 karakter');
  }
  return {
    letterNumber,
    obstacles: clean(input.obstacles, 'Kendala', NARRATIVE_MAX),
    followUp: clean(input.followUp, 'Rencana tindak lanjut', NARRATIVE_MAX),
    officialsChanges: clean(input.officialsChanges, 'Perubahan pejabat', NARRATIVE_MAX),
    correctionReason,
  };
}

/** Saves the narrative of a draft (each save an event with what changed). */
export async function saveNarrative(
  deps: Deps,
  actor: Head,
  reportId: number,
  input: NarrativeInput,
): Promise<void> {
  const agencyId = assertHead(actor);
  const narrative = narrativeOf(input);
  const now = deps.clock();
  await deps.db.transaction().execute(async (tx) => {
    const report = await reportInScope(deps, actor, reportId, true, tx);
    if (report.state !== 'DRAFT') {
      throw new Refusal('KONFLIK', 'Laporan yang sudah dikirim tidak dapat diubah; buka koreksi');
    }
    if (report.version > 1 && narrative.correctionReason === null) {
      throw new Refusal('PERMINTAAN_TIDAK_VALID', 'Tuliskan alasan koreksi laporan');
    }
    const before = {
      letterNumber: report.letter_number,
      obstacles: report.obstacles,
      followUp: report.follow_up,
      officialsChanges: report.officials_changes,
      correctionReason: report.correction_reason,
    };
    const after = {
      ...narrative,
      correctionReason: report.version > 1 ? narrative.correctionReason : null,
    };
    const changed = Object.keys(after).filter(
      (k) => before[k as keyof typeof before] !== after[k as keyof typeof after],
    );
    if (changed.length === 0) return;
    await updateUsageReport(tx, report.id, {
      letter_number: after.letterNumber,
      obstacles: after.obstacles,
      follow_up: after.followUp,
      officials_changes: after.officialsChanges,
      correction_reason: after.correctionReason,
      updated_at: now,
    });
    await recordStep(tx, report.id, actor, agencyId, now, {
      action: 'NARASI_DISIMPAN',
      stateBefore: 'DRAFT',
      stateAfter: 'DRAFT',
      detail: { changed, before, after },
      adminAction: 'LAPORAN_NARASI_DISIMPAN',
      adminDetail: { changed },
    });
  });
}
