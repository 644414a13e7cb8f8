import type { Actor } from '../../domain/actor.js';
import { can } from '../../domain/permissions.js';
import {
  ATTACHMENT_PURPOSE_LABELS,
  checkBandwidthPayload,
  checkExtensionPayload,
  checkMethodElementPayload,
  checkPocPayload,
  pocApplicationId,
  isRequestKind,
  letterProblems,
  MAX_ATTACHMENTS,
  requiredAttachments,
  type BandwidthPayload,
  type CheckResult,
  type ExtensionPayload,
  type MethodElementPayload,
  type PocPayload,
  type RequestKind,
} from '../../domain/requests.js';
import { wibDay } from '../../domain/time.js';
import {
  checkUserIdChangeForm,
  FIELD_LABELS,
  type UserIdChangeForm,
} from '../../domain/user-id-change.js';
import { findRegion } from '../../reference/regions.js';
import { findAgreementInForce } from '../../store/agreements.js';
import { insertAttachment, insertRequest } from '../../store/requests.js';
import { EXTENSION_NOTICE } from '../../domain/agreement-extension.js';
import { openExtensionPeriod } from '../agreements/extension-period.js';
import { inTransaction } from '../agreements/transactions.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';
import { refusedWith } from './access.js';
import { checkAttachment, type CheckedFile, type UploadedFile } from './request-attachments.js';
import { recordStep } from './steps.js';
import { userIdFilingProblems } from './user-id-change.js';
import { pocApplicationCheck, pocFiled } from '../applications/applications.js';

/**
 * Filing (SPEC §4): the agency head sends a letter of one of the five kinds, with the kind's
 * form and the attachments, for their own agency under its agreement in force.
 */

export interface FilingInput {
  readonly kind: string;
  readonly letterNumber: string;
  readonly letterDate: string;
  /** The kind's fields, as a form or the API sends them. */
  readonly fields: Readonly<Record<string, unknown>>;
  readonly files: readonly UploadedFile[];
}

export type RequestPayload =
  UserIdChangeForm | PocPayload | MethodElementPayload | BandwidthPayload | ExtensionPayload;

function payloadOf(
  kind: RequestKind,
  fields: Readonly<Record<string, unknown>>,
  context: { today: Date; currentEnd: string },
): CheckResult<RequestPayload> {
  switch (kind) {
    case 'PERUBAHAN_USER_ID': {
      const form = checkUserIdChangeForm(fields, { today: context.today, regionOf: findRegion });
      return form.ok
        ? form
        : {
            ok: false,
            problems: form.problems.map((p) => `${FIELD_LABELS[p.field]}: ${p.message}`),
          };
    }
    case 'POC':
      return checkPocPayload(fields);
    case 'PERUBAHAN_METODE_ELEMEN':
      return checkMethodElementPayload(fields);
    case 'BANDWIDTH':
      return checkBandwidthPayload(fields);
    case 'PERPANJANGAN':
      return checkExtensionPayload(fields, context.currentEnd);
  }
}

async function checkedFiles(files: readonly UploadedFile[]): Promise<{
  files: CheckedFile[];
  problems: string[];
}> {
  const problems: string[] = [];
  const checked: CheckedFile[] = [];
  for (const file of files) {
    const result = await checkAttachment(file);
    if (result.ok) checked.push(result.file);
    else problems.push(result.problem);
  }
  return { files: checked, problems };
}

/**
 * The agency head files a request for their own agency, under its agreement in force: the
 * letter, the kind's form, the attachments (checked by content). Everything wrong is
 * reported at once; nothing is kept unless everything is right.
 */
export async function fileRequest(
  deps: Deps,
  actor: Pick<Actor, 'id' | 'role' | 'agencyId'>,
  input: FilingInput,
): Promise<number> {
  if (!can(actor.role, 'request.file') || actor.agencyId === null)
    throw new Refusal('TIDAK_BERWENANG');
  const agencyId = actor.agencyId;
  const now = deps.clock();
  const today = wibDay(now);
  if (!isRequestKind(input.kind)) throw refusedWith(['Jenis permohonan tidak dikenal']);
  const kind = input.kind;
  const agreement = await findAgreementInForce(deps.db, agencyId, today);
  if (!agreement) throw refusedWith(['Instansi Anda tidak memiliki PKS yang berlaku hari ini']);

  const letter = { nomor: input.letterNumber.trim(), tanggal: input.letterDate.trim() };
  const problems = letterProblems('surat permohonan', letter, today);
  const fields = await withApplicationName(deps, kind, agencyId, input.fields, problems);
  const payload = payloadOf(kind, fields, { today: now, currentEnd: agreement.ends_on });
  if (!payload.ok) problems.push(...payload.problems);
  if (input.files.length > MAX_ATTACHMENTS)
    problems.push(`Paling banyak ${MAX_ATTACHMENTS} lampiran per permohonan`);
  if (input.files.some((file) => file.purpose === 'SURAT_JAWABAN'))
    problems.push('Surat jawaban dilampirkan oleh Dukcapil, bukan oleh instansi');
  for (const purpose of requiredAttachments(kind)) {
    if (!input.files.some((file) => file.purpose === purpose))
      problems.push(`${ATTACHMENT_PURPOSE_LABELS[purpose]} wajib dilampirkan`);
  }
  const files = await checkedFiles(input.files);
  problems.push(...files.problems);

  if (kind === 'PERPANJANGAN' && agreement.extension_request_id !== null) {
    problems.push(
      'Permohonan perpanjangan PKS ini sudah diajukan tepat waktu dan masih diproses; tunggu jawabannya',
    );
  }
  if (payload.ok && kind === 'PERUBAHAN_USER_ID') {
    problems.push(
      ...(await userIdFilingProblems(deps, agencyId, payload.value as UserIdChangeForm)),
    );
  }
  if (problems.length > 0 || !payload.ok) throw refusedWith(problems);

  return inTransaction(deps.db, async (tx) => {
    const id = await insertRequest(tx, {
      agencyId,
      agreementId: agreement.id,
      kind,
      letterNumber: letter.nomor,
      letterDate: letter.tanggal,
      payload: payload.value,
      filedBy: actor.id,
      filedAt: now,
    });
    for (const file of files.files) {
      await insertAttachment(tx, { ...file, requestId: id, uploadedBy: actor.id, uploadedAt: now });
    }
    const aplikasiId = kind === 'POC' ? (payload.value as PocPayload).aplikasiId : undefined;
    if (aplikasiId !== undefined) {
      // Checked again under the application's lock: two PoC requests for it do not both pass.
      const check = await pocApplicationCheck(tx, agencyId, aplikasiId);
      if (!check.ok) throw refusedWith([check.problem]);
      await pocFiled(tx, aplikasiId, id);
    }
    // An extension asked for on time keeps access past the end date (SPEC §4).
    const extensionPeriod =
      kind === 'PERPANJANGAN' && (await openExtensionPeriod(tx, actor, agreement.id, id, now));
    await recordStep(tx, {
      requestId: id,
      agencyId,
      actorId: actor.id,
      at: now,
      from: null,
      to: 'DIAJUKAN',
      note:
        `Surat nomor ${letter.nomor} tanggal ${letter.tanggal}` +
        (extensionPeriod ? `. ${EXTENSION_NOTICE}` : ''),
      action: 'PERMOHONAN_DIAJUKAN',
      detail: {
        kind,
        letter,
        attachments: files.files.length,
        ...(kind === 'PERPANJANGAN' ? { timely: extensionPeriod } : {}),
        ...(aplikasiId !== undefined ? { applicationId: aplikasiId } : {}),
      },
    });
    return id;
  });
}

/**
 * A PoC naming a registered application (`aplikasiId`) tests that application: its name is
 * the application's, whatever the form said; a problem with it joins the others.
 */
async function withApplicationName(
  deps: Deps,
  kind: RequestKind,
  agencyId: number,
  fields: Readonly<Record<string, unknown>>,
  problems: string[],
): Promise<Readonly<Record<string, unknown>>> {
  if (kind !== 'POC') return fields;
  const aplikasiId = pocApplicationId(fields);
  if (aplikasiId === undefined || !Number.isInteger(aplikasiId) || aplikasiId < 1) return fields;
  const check = await inTransaction(deps.db, (tx) => pocApplicationCheck(tx, agencyId, aplikasiId));
  if (!check.ok) {
    problems.push(check.problem);
    return fields;
  }
  return { ...fields, namaAplikasi: check.name };
}

/** The terms of the head's agreement in force, which a new request starts from. */
export interface FilingContext {
  readonly agreementNumber: string;
  readonly endsOn: string;
  readonly accessMethods: readonly string[];
  readonly grantedElements: readonly string[];
  readonly bandwidthKbps: number;
  readonly quotaStage: string;
  /** The agency's registered applications that may be put to a PoC (not passed, not revoked). */
  readonly applications: readonly { readonly id: number; readonly name: string }[];
}

export async function filingContext(
  deps: Deps,
  actor: Pick<Actor, 'id' | 'role' | 'agencyId'>,
): Promise<FilingContext | undefined> {
  if (!can(actor.role, 'request.file') || actor.agencyId === null)
    throw new Refusal('TIDAK_BERWENANG');
  const agreement = await findAgreementInForce(deps.db, actor.agencyId, wibDay(deps.clock()));
  if (!agreement) return undefined;
  const applications = await deps.db
    .selectFrom('application')
    .select(['id', 'name'])
    .where('agency_id', '=', actor.agencyId)
    .where('state', '=', 'TERDAFTAR')
    .orderBy('id')
    .execute();
  return {
    applications,
    agreementNumber: agreement.nomor_dukcapil,
    endsOn: agreement.ends_on,
    accessMethods: agreement.access_methods,
    grantedElements: agreement.granted_elements,
    bandwidthKbps: agreement.bandwidth_kbps,
    quotaStage: agreement.quota_stage,
  };
}
