import type { Actor } from '../../domain/actor.js';
import { parseDataBalikanSchema } from '../../domain/data-balikan.js';
import { deadlineSubject, DEADLINE_STATUS_LABELS } from '../../domain/deadlines.js';
import { isElement, type Element } from '../../domain/elements.js';
import {
  describeServiceHours,
  POLICY_DESCRIPTIONS,
  POLICY_LABELS,
  type PatternPolicy,
} from '../../domain/pattern-alert.js';
import { dailyLimit, type QuotaStage } from '../../domain/quota.js';
import { wibDay } from '../../domain/time.js';
import { findAgreementInForce } from '../../store/agreements.js';
import { computeDeadlines } from '../deadlines/compute-deadlines.js';
import type { Deps } from '../deps.js';

/**
 * The numbers of the user's own agreement that the guide inside the portal fills in
 * (issue 12 item 4): quota, elements granted, return data, printing, the input-pattern
 * policy, the duties with their due dates, the end date. Only for the agency's own users,
 * only the agreement in force today.
 */

export interface GuideDeadline {
  readonly subject: string;
  readonly dueOn: string;
  readonly statusLabel: string;
}

export interface GuideFigures {
  readonly nomorDukcapil: string;
  readonly nomorInstansi: string;
  readonly nomorJuknis: string | null;
  readonly signedOn: string;
  readonly endsOn: string;
  readonly purpose: string;
  readonly grantedElements: readonly Element[];
  /** NIK hits a day; null once the proof of concept lifted the limit. */
  readonly dailyLimit: number | null;
  readonly returnData: {
    readonly fields: readonly { readonly label: string; readonly required: boolean }[];
    readonly dueDays: number;
  } | null;
  readonly printAllowed: boolean;
  readonly patternPolicy: string;
  readonly serviceHours: string;
  /** The agency's dated duties under this agreement and its officials' changes. */
  readonly deadlines: readonly GuideDeadline[];
}

/** The figures of the agency's agreement in force, or null (Dukcapil staff, none in force). */
export async function guideFigures(
  deps: Deps,
  actor: Pick<Actor, 'agencyId'>,
): Promise<GuideFigures | null> {
  if (actor.agencyId === null) return null;
  const row = await findAgreementInForce(deps.db, actor.agencyId, wibDay(deps.clock()));
  if (!row) return null;
  const computed = await computeDeadlines(deps, actor.agencyId);
  const schema =
    row.data_balikan_schema === null ? null : parseDataBalikanSchema(row.data_balikan_schema);
  const policy = row.pattern_policy as PatternPolicy;
  return {
    nomorDukcapil: row.nomor_dukcapil,
    nomorInstansi: row.nomor_instansi,
    nomorJuknis: row.nomor_juknis,
    signedOn: row.signed_on,
    endsOn: row.ends_on,
    purpose: row.purpose,
    grantedElements: row.granted_elements.filter(isElement),
    dailyLimit: dailyLimit(row.quota_stage as QuotaStage),
    returnData: schema
      ? {
          fields: schema.fields.map((f) => ({ label: f.label, required: f.required })),
          dueDays: schema.dueDays,
        }
      : null,
    printAllowed: row.print_allowed,
    patternPolicy: `${POLICY_LABELS[policy]}: ${POLICY_DESCRIPTIONS[policy]}`,
    serviceHours: describeServiceHours({
      start: row.service_start?.slice(0, 5) ?? null,
      end: row.service_end?.slice(0, 5) ?? null,
      days: row.service_days.map(Number),
    }),
    deadlines: computed.deadlines
      .filter((d) => d.agreementId === row.id || d.agreementId === null)
      .map((d) => ({
        subject: deadlineSubject(d),
        dueOn: d.dueOn,
        statusLabel: DEADLINE_STATUS_LABELS[d.status],
      })),
  };
}
