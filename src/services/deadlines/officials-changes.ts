import type { Actor } from '../../domain/actor.js';
import { wibDay } from '../../domain/time.js';
import { isDukcapilRole } from '../../domain/users.js';
import { isIsoDate } from '../../domain/working-days.js';
import { recordAdminAction } from '../../store/admin-actions.js';
import {
  addOfficialsNotice,
  findAgencyForDeadlines,
  findOpenOfficialsChange,
  insertDeadlineDocument,
  insertOfficialsChange,
} from '../../store/deadlines.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';
import { checkScan, type UploadedFile } from './deadline-scan.js';
import { assertScope } from './deadline-scope.js';

function checkedChange(input: { changedOn: string; description: string }, today: string) {
  const changedOn = input.changedOn.trim();
  const description = input.description.trim().replace(/\s+/g, ' ');
  const problems: string[] = [];
  if (!isIsoDate(changedOn)) problems.push('Tanggal perubahan harus tanggal yang sah, YYYY-MM-DD');
  else if (changedOn > today) problems.push('Tanggal perubahan tidak boleh sesudah hari ini');
  else if (changedOn < '2000-01-01')
    problems.push('Tanggal perubahan tidak boleh sebelum tahun 2000');
  if (description.length < 5 || description.length > 1000) {
    problems.push('Uraian perubahan 5–1.000 karakter');
  }
  if (problems.length > 0) throw new Refusal('DITOLAK', problems.join('; '));
  return { changedOn, description };
}

/**
 * Records a change of the agency's officials or structure. From the agency head it is the
 * notice itself and needs the letter's scan. A Dukcapil admin may record it with the
 * agency's letter received on paper, or without one: a change Dukcapil learned of, which
 * stays an open duty until the agency's notice is added to it.
 */
export async function recordOfficialsChange(
  deps: Deps,
  actor: Pick<Actor, 'id' | 'role' | 'agencyId'>,
  agencyId: number,
  input: { changedOn: string; description: string; file: UploadedFile | undefined },
): Promise<{ id: number; documentId: number | null }> {
  assertScope(actor, agencyId, 'record');
  const now = deps.clock();
  const today = wibDay(now);
  const agency = await findAgencyForDeadlines(deps.db, { id: agencyId });
  if (!agency) throw new Refusal('TIDAK_DITEMUKAN', 'Instansi tidak ditemukan');
  const change = checkedChange(input, today);
  const withNotice = !isDukcapilRole(actor.role) || (input.file && input.file.bytes.length > 0);
  const scan = withNotice ? await checkScan(input.file, 'surat pemberitahuan') : null;
  return deps.db.transaction().execute(async (tx) => {
    const documentId = scan
      ? await insertDeadlineDocument(tx, {
          agencyId,
          ...scan,
          uploadedBy: actor.id,
          uploadedAt: now,
        })
      : null;
    const id = await insertOfficialsChange(tx, {
      agencyId,
      changedOn: change.changedOn,
      description: change.description,
      recordedBy: actor.id,
      recordedAt: now,
      notice: documentId === null ? null : { documentId, notifiedOn: today },
    });
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId,
      action:
        documentId === null ? 'PERUBAHAN_PEJABAT_DIKETAHUI' : 'PERUBAHAN_PEJABAT_DIBERITAHUKAN',
      target: agency.code,
      detail: {
        changeId: id,
        changedOn: change.changedOn,
        description: change.description,
        documentId,
        sha256: scan?.sha256.toString('hex') ?? null,
      },
    });
    return { id, documentId };
  });
}

/** Adds the agency's notice to a change Dukcapil recorded without one. */
export async function fileOfficialsNotice(
  deps: Deps,
  actor: Pick<Actor, 'id' | 'role' | 'agencyId'>,
  agencyId: number,
  input: { changeId: number; file: UploadedFile | undefined },
): Promise<{ documentId: number }> {
  assertScope(actor, agencyId, 'record');
  const now = deps.clock();
  const scan = await checkScan(input.file, 'surat pemberitahuan');
  const agency = await findAgencyForDeadlines(deps.db, { id: agencyId });
  if (!agency) throw new Refusal('TIDAK_DITEMUKAN', 'Instansi tidak ditemukan');
  return deps.db.transaction().execute(async (tx) => {
    const change = await findOpenOfficialsChange(tx, agencyId, input.changeId);
    if (!change) {
      throw new Refusal('DITOLAK', 'Perubahan ini tidak ada atau sudah diberitahukan');
    }
    const documentId = await insertDeadlineDocument(tx, {
      agencyId,
      ...scan,
      uploadedBy: actor.id,
      uploadedAt: now,
    });
    await addOfficialsNotice(tx, change.id, {
      documentId,
      notifiedOn: wibDay(now),
      notifiedBy: actor.id,
    });
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId,
      action: 'PERUBAHAN_PEJABAT_DIBERITAHUKAN',
      target: agency.code,
      detail: {
        changeId: change.id,
        changedOn: change.changed_on,
        documentId,
        sha256: scan.sha256.toString('hex'),
      },
    });
    return { documentId };
  });
}
