import type { Actor } from '../../domain/actor.js';
import {
  certificateProblems,
  isSemesterPeriod,
  reportOpensOn,
  semesterLabel,
  semestersCovered,
} from '../../domain/deadlines.js';
import { wibDay } from '../../domain/time.js';
import { recordAdminAction } from '../../store/admin-actions.js';
import {
  insertDeadlineDocument,
  insertFulfilment,
  trackedAgreements,
  type NewFulfilment,
  type TrackedAgreementRow,
} from '../../store/deadlines.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';
import { checkScan, type CheckedScan, type UploadedFile } from './deadline-scan.js';
import { assertScope } from './deadline-scope.js';

async function agreementInForce(deps: Deps, agencyId: number): Promise<TrackedAgreementRow> {
  const agreement = (await trackedAgreements(deps.db, agencyId))[0];
  if (!agreement) {
    throw new Refusal(
      'DITOLAK',
      'Instansi ini tidak memiliki PKS yang berlaku; tidak ada tenggat yang dapat dipenuhi',
    );
  }
  return agreement;
}

export interface RecordedFulfilment {
  readonly id: number;
  readonly documentId: number;
}

/**
 * Keeps a fulfilment handed in under the agreement in force, with its scan and the admin
 * action naming the agreement, in one transaction. It counts as received today.
 */
async function storeFulfilment(
  deps: Deps,
  actor: Pick<Actor, 'id' | 'role' | 'agencyId'>,
  agreement: TrackedAgreementRow,
  now: Date,
  scan: CheckedScan,
  fulfilment: NewFulfilment,
  action: { readonly name: string; readonly detail: Record<string, unknown> },
): Promise<RecordedFulfilment> {
  const agencyId = agreement.agency_id;
  return deps.db.transaction().execute(async (tx) => {
    const documentId = await insertDeadlineDocument(tx, {
      agencyId,
      ...scan,
      uploadedBy: actor.id,
      uploadedAt: now,
    });
    const id = await insertFulfilment(tx, {
      ...fulfilment,
      agreementId: agreement.id,
      agencyId,
      documentId,
      receivedOn: wibDay(now),
      recordedBy: actor.id,
      recordedAt: now,
    });
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId,
      action: action.name,
      target: agreement.nomor_dukcapil,
      detail: { ...action.detail, documentId, sha256: scan.sha256.toString('hex') },
    });
    return { id, documentId };
  });
}

/** Records an ISO/IEC 27001 certificate handed in, with its scan. */
export async function recordIsoCertificate(
  deps: Deps,
  actor: Pick<Actor, 'id' | 'role' | 'agencyId'>,
  agencyId: number,
  input: { number: string; issuedOn: string; expiresOn: string; file: UploadedFile | undefined },
): Promise<RecordedFulfilment> {
  assertScope(actor, agencyId, 'record');
  const now = deps.clock();
  const today = wibDay(now);
  const agreement = await agreementInForce(deps, agencyId);
  const details = {
    number: input.number.trim(),
    issuedOn: input.issuedOn.trim(),
    expiresOn: input.expiresOn.trim(),
  };
  const problems = certificateProblems(details, today);
  if (problems.length > 0) throw new Refusal('DITOLAK', problems.join('; '));
  const scan = await checkScan(input.file, 'sertifikat');
  return storeFulfilment(
    deps,
    actor,
    agreement,
    now,
    scan,
    {
      kind: 'SERTIFIKAT_ISO',
      certificateNumber: details.number,
      issuedOn: details.issuedOn,
      expiresOn: details.expiresOn,
    },
    {
      name: 'SERTIFIKAT_ISO_DICATAT',
      detail: {
        certificateNumber: details.number,
        issuedOn: details.issuedOn,
        expiresOn: details.expiresOn,
      },
    },
  );
}

/** Records a semester usage report handed in, with its scan. */
export async function recordSemesterReport(
  deps: Deps,
  actor: Pick<Actor, 'id' | 'role' | 'agencyId'>,
  agencyId: number,
  input: { period: string; file: UploadedFile | undefined },
): Promise<RecordedFulfilment> {
  assertScope(actor, agencyId, 'record');
  const now = deps.clock();
  const today = wibDay(now);
  const agreement = await agreementInForce(deps, agencyId);
  const period = input.period.trim().toUpperCase();
  const covered = semestersCovered(agreement.signed_on, agreement.ends_on).map((s) => s.period);
  if (!isSemesterPeriod(period) || !covered.includes(period)) {
    throw new Refusal(
      'DITOLAK',
      `Periode laporan harus salah satu semester yang dicakup PKS: ${covered.join(', ')}`,
    );
  }
  if (today < reportOpensOn(period)) {
    throw new Refusal(
      'DITOLAK',
      `Laporan ${semesterLabel(period)} baru dapat dikirim mulai ${reportOpensOn(period)}`,
    );
  }
  const scan = await checkScan(input.file, 'laporan');
  return storeFulfilment(
    deps,
    actor,
    agreement,
    now,
    scan,
    { kind: 'LAPORAN_SEMESTER', period },
    { name: 'LAPORAN_SEMESTER_DICATAT', detail: { period } },
  );
}
