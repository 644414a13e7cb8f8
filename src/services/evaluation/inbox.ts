import type { Actor } from '../../domain/actor.js';
import { isSemesterPeriod } from '../../domain/deadlines.js';
import { EVALUATION_STATE_LABELS, type EvaluationState } from '../../domain/evaluation.js';
import { can } from '../../domain/permissions.js';
import {
  evaluableAgreements,
  listEvaluations,
  reportInbox,
  reportSemesters,
  type InboxRow,
  type InboxStanding,
} from '../../store/evaluations.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';

/*
 * Dukcapil's report inbox (issue 10 item 5): the agencies' submitted usage reports with where
 * their evaluation stands, filtered by period, agency and standing; beside it the recent
 * evaluations (ad hoc ones included) and the agreements an ad-hoc evaluation may be of.
 */

export const INBOX_PAGE_SIZE = 25;
export const STANDINGS = ['BELUM', 'DRAF', 'FINAL'] as const;
export const STANDING_LABELS: Readonly<Record<InboxStanding, string>> = {
  BELUM: 'Belum dievaluasi',
  DRAF: 'Evaluasi draf',
  FINAL: 'Sudah dievaluasi',
};

export interface InboxFilterInput {
  readonly periode?: string | undefined;
  readonly instansi?: string | undefined;
  readonly status?: string | undefined;
  readonly halaman?: string | number | undefined;
}

export interface ReportInboxPage {
  readonly filter: {
    readonly period: string | null;
    readonly agency: string | null;
    readonly standing: InboxStanding | null;
    readonly page: number;
  };
  readonly rows: readonly (InboxRow & { readonly evaluationLabel: string | null })[];
  readonly total: number;
  readonly pages: number;
  readonly semesters: readonly string[];
  readonly agencies: readonly { readonly code: string; readonly name: string }[];
  readonly evaluations: readonly {
    readonly id: number;
    readonly agencyCode: string;
    readonly kind: string;
    readonly period: { readonly from: string; readonly to: string };
    readonly stateLabel: string;
    readonly grade: string | null;
    readonly score: number | null;
  }[];
  readonly agreements: readonly { readonly id: number; readonly label: string }[];
}

export async function reportInboxPage(
  deps: Deps,
  actor: Pick<Actor, 'role'>,
  input: InboxFilterInput,
): Promise<ReportInboxPage> {
  if (!can(actor.role, 'evaluation.view'))
    throw new Refusal('TIDAK_ADA', 'Halaman tidak ditemukan');
  const periodText = (input.periode ?? '').trim().toUpperCase();
  const period = periodText === 'SEWAKTU_WAKTU' || isSemesterPeriod(periodText) ? periodText : null;
  const agencyText = (input.instansi ?? '').trim().toUpperCase();
  const agency = /^[A-Z0-9_]{2,20}$/.test(agencyText) ? agencyText : null;
  const standingText = (input.status ?? '').trim().toUpperCase();
  const standing = (STANDINGS as readonly string[]).includes(standingText)
    ? (standingText as InboxStanding)
    : null;
  const asked = Number(input.halaman ?? 1);
  const page = Number.isInteger(asked) && asked >= 1 && asked <= 100_000 ? asked : 1;
  const [inbox, semesters, evaluations, agreements] = await Promise.all([
    reportInbox(deps.db, {
      period,
      agencyCode: agency,
      standing,
      limit: INBOX_PAGE_SIZE,
      offset: (page - 1) * INBOX_PAGE_SIZE,
    }),
    reportSemesters(deps.db),
    listEvaluations(deps.db, { agencyCode: agency, states: null, limit: 20 }),
    evaluableAgreements(deps.db),
  ]);
  const agencies = new Map<string, string>();
  for (const a of agreements) agencies.set(a.agency_code, a.agency_name);
  return {
    filter: { period, agency, standing, page },
    rows: inbox.rows.map((r) => ({
      ...r,
      evaluationLabel:
        r.evaluation_state === null
          ? null
          : (EVALUATION_STATE_LABELS[r.evaluation_state as EvaluationState] ?? r.evaluation_state),
    })),
    total: inbox.total,
    pages: Math.max(1, Math.ceil(inbox.total / INBOX_PAGE_SIZE)),
    semesters,
    agencies: [...agencies].map(([code, name]) => ({ code, name })),
    evaluations: evaluations.map((e) => ({
      id: e.id,
      agencyCode: e.agency_code,
      kind: e.kind,
      period: { from: e.period_start, to: e.period_end },
      stateLabel: EVALUATION_STATE_LABELS[e.state as EvaluationState] ?? e.state,
      grade: e.grade,
      score: e.score,
    })),
    agreements: agreements.map((a) => ({
      id: a.id,
      label: `${a.agency_code} — PKS ${a.nomor_dukcapil}${a.status === 'AKTIF' ? '' : ` (${a.status.toLowerCase()})`}`,
    })),
  };
}
