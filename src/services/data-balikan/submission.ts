import {
  checkDataBalikanRecord,
  parseDataBalikanSchema,
  sameFields,
  type DataBalikanSchema,
} from '../../domain/data-balikan.js';
import { wibDay } from '../../domain/time.js';
import { findAgreementInForce } from '../../store/agreements.js';
import {
  findAccessedNiks,
  findCurrentRecords,
  insertVersions,
  lockAgreementReturns,
  type NewVersion,
  type VersionContext,
} from '../../store/data-balikan.js';
import type { Tx } from '../../store/db.js';
import type { AgencyCaller } from './sender.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';

export type DataBalikanChannel = VersionContext['channel'];

/** One record as received: its place (file line, or position in an API array) and values. */
export interface IncomingRecord {
  readonly line: number;
  readonly nik: unknown;
  readonly values: Readonly<Record<string, unknown>>;
  /**
   * What was already wrong when the record was read (e.g. a file row with a value in a
   * column without a header): the record is refused with these reasons before its own.
   */
  readonly problems?: readonly string[];
}

export interface RefusedRecord {
  readonly line: number;
  /** What was sent as the NIK, cut short: the user needs it to find the row. */
  readonly nik: string;
  readonly reasons: readonly string[];
}

/**
 * SEMUA: apply only when every record is valid (all or nothing).
 * YANG_VALID: apply the valid records and report the others.
 */
export type ApplyMode = 'SEMUA' | 'YANG_VALID';

export interface SubmissionResult {
  readonly received: number;
  /** Whether the submission was applied (false when SEMUA met a refused record: nothing written). */
  readonly applied: boolean;
  /** Records that passed every check (written, or would be with YANG_VALID). */
  readonly acceptable: number;
  /** New records written (first versions). */
  readonly added: number;
  /** Corrections written (a new version of an earlier record, which stays in history). */
  readonly corrected: number;
  /** Records identical to the current one: nothing to write. */
  readonly unchanged: number;
  /** NIKs of the unchanged records, in input order. */
  readonly unchangedNiks: readonly string[];
  /** Sorted by line. */
  readonly refused: readonly RefusedRecord[];
}

export interface SubmitOptions {
  /**
   * An open transaction to write in instead of a new one, so that the caller's own record
   * of the submission (the API's idempotency key) commits or rolls back with the data.
   */
  readonly transaction?: Tx;
}

export const NOT_ACCESSED_REASON =
  'NIK ini tidak pernah diakses instansi Anda dalam PKS yang berlaku, sehingga data balikannya tidak dapat diterima';

export function requireSchema(caller: AgencyCaller): DataBalikanSchema {
  if (!caller.dataBalikanSchema) {
    throw new Refusal(
      'PERMINTAAN_TIDAK_VALID',
      'Skema data balikan PKS instansi Anda belum ditetapkan Dukcapil; data balikan belum dapat diterima',
    );
  }
  return caller.dataBalikanSchema;
}

/**
 * The return-data schema of the agency's agreement in force today, for the portal's form
 * under a lookup result; undefined without an agreement in force or a schema.
 */
export async function returnSchemaOfAgency(
  deps: Deps,
  agencyId: number,
): Promise<DataBalikanSchema | undefined> {
  const agreement = await findAgreementInForce(deps.db, agencyId, wibDay(deps.clock()));
  if (!agreement || agreement.data_balikan_schema === null) return undefined;
  return parseDataBalikanSchema(agreement.data_balikan_schema);
}

function shown(nik: unknown): string {
  if (typeof nik === 'string') return nik.slice(0, 32);
  return typeof nik === 'number' ? String(nik) : '';
}

/**
 * Receives return data from an agency user through any channel (form, file, API, the
 * compatible store endpoint). Every record is checked against the agreement's schema, a
 * NIK appearing twice in one submission is refused after its first appearance, and only
 * NIKs this agency accessed under its agreement in force are accepted. A record equal to
 * the current one is left as it is; a different one becomes a new version. What is
 * written is written in one transaction: all of it or none of it.
 */
export async function submitDataBalikan(
  deps: Deps,
  caller: AgencyCaller,
  channel: DataBalikanChannel,
  records: readonly IncomingRecord[],
  mode: ApplyMode,
  options: SubmitOptions = {},
): Promise<SubmissionResult> {
  const schema = requireSchema(caller);
  const now = deps.clock();
  const refused: RefusedRecord[] = [];
  const valid: { line: number; nik: string; fields: Readonly<Record<string, string>> }[] = [];
  const firstLine = new Map<string, number>();

  for (const record of records) {
    const check = checkDataBalikanRecord(schema, record.nik, record.values, now);
    const problems = record.problems ?? [];
    if (!check.ok || problems.length > 0) {
      const reasons = check.ok ? problems : [...problems, ...check.reasons];
      refused.push({ line: record.line, nik: shown(record.nik), reasons });
      continue;
    }
    const earlier = firstLine.get(check.nik);
    if (earlier !== undefined) {
      refused.push({
        line: record.line,
        nik: check.nik,
        reasons: [`NIK ini sudah ada pada baris ${earlier}; setiap NIK cukup dikirim sekali`],
      });
      continue;
    }
    firstLine.set(check.nik, record.line);
    valid.push({ line: record.line, nik: check.nik, fields: check.fields });
  }

  const write = async (trx: Tx): Promise<SubmissionResult> => {
    await lockAgreementReturns(trx, caller.agreementId);
    const niks = valid.map((r) => r.nik);
    const accessed = await findAccessedNiks(trx, caller.agreementId, niks);
    const current = await findCurrentRecords(trx, caller.agreementId, niks);

    const versions: NewVersion[] = [];
    const unchangedNiks: string[] = [];
    let corrected = 0;
    for (const record of valid) {
      if (!accessed.has(record.nik)) {
        refused.push({ line: record.line, nik: record.nik, reasons: [NOT_ACCESSED_REASON] });
        continue;
      }
      const existing = current.get(record.nik);
      if (existing && sameFields(existing.fields, record.fields)) {
        unchangedNiks.push(record.nik);
        continue;
      }
      if (existing) corrected++;
      versions.push({
        nik: record.nik,
        fields: record.fields,
        version: (existing?.version ?? 0) + 1,
      });
    }
    refused.sort((a, b) => a.line - b.line);

    const applied = refused.length === 0 || mode === 'YANG_VALID';
    if (applied && versions.length > 0) {
      await insertVersions(
        trx,
        {
          agreementId: caller.agreementId,
          agencyId: caller.agencyId,
          submittedBy: caller.id,
          channel,
          receivedAt: now,
        },
        versions,
      );
    }
    return {
      received: records.length,
      applied,
      acceptable: versions.length + unchangedNiks.length,
      added: applied ? versions.length - corrected : 0,
      corrected: applied ? corrected : 0,
      unchanged: unchangedNiks.length,
      unchangedNiks,
      refused,
    };
  };
  return options.transaction ? write(options.transaction) : deps.db.transaction().execute(write);
}
