import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import type { Actor } from '../domain/actor.js';
import {
  DEADLINE_KIND_LABELS,
  DEADLINE_KINDS,
  DEADLINE_STATUS_LABELS,
  DEADLINE_STATUSES,
  deadlineSubject,
} from '../domain/deadlines.js';
import { Refusal } from '../domain/refusals.js';
import { agencyDeadlines } from '../services/deadlines/agency-deadlines.js';
import type { DeadlineView, StatusCounts } from '../services/deadlines/compute-deadlines.js';
import {
  deadlinesPage,
  KIND_FILTERS,
  parseDeadlineFilter,
  STATUS_FILTERS,
} from '../services/deadlines/deadline-overview.js';
import type { Deps } from '../services/deps.js';
import { actorOf, bearerSecurity } from './caller-hook.js';
import { ErrorBody } from './schemas.js';

const DeadlineItem = Type.Object(
  {
    key: Type.String({ description: 'Pengenal tetap tenggat' }),
    kind: Type.Unsafe<string>({ type: 'string', enum: [...DEADLINE_KINDS] }),
    kindLabel: Type.String(),
    subject: Type.String({ description: 'Uraian kewajiban' }),
    agency: Type.Object({ code: Type.String(), name: Type.String() }),
    agreementNumber: Type.Union([Type.String(), Type.Null()], {
      description: 'Nomor PKS Dukcapil; null untuk pemberitahuan perubahan pejabat',
    }),
    dueOn: Type.String({ format: 'date', description: 'Batas waktu (YYYY-MM-DD)' }),
    daysLeft: Type.Integer({ description: 'Hari menuju batas waktu; negatif bila telah lewat' }),
    status: Type.Unsafe<string>({ type: 'string', enum: [...DEADLINE_STATUSES] }),
    statusLabel: Type.String(),
    fulfilment: Type.Union([
      Type.Object({
        receivedOn: Type.String({ format: 'date' }),
        late: Type.Boolean({ description: 'Diterima setelah batas waktu' }),
        reference: Type.String(),
      }),
      Type.Null(),
    ]),
  },
  { description: 'Satu tenggat kewajiban PKS' },
);

const Counts = Type.Object({
  TERLAMBAT: Type.Integer(),
  SEGERA: Type.Integer(),
  AKAN_DATANG: Type.Integer(),
  TERPENUHI: Type.Integer(),
});

function item(d: DeadlineView): Static<typeof DeadlineItem> {
  return {
    key: d.key,
    kind: d.kind,
    kindLabel: DEADLINE_KIND_LABELS[d.kind],
    subject: deadlineSubject(d),
    agency: { code: d.agency.code, name: d.agency.name },
    agreementNumber: d.agreementNumber,
    dueOn: d.dueOn,
    daysLeft: d.daysLeft,
    status: d.status,
    statusLabel: DEADLINE_STATUS_LABELS[d.status],
    fulfilment: d.fulfilment
      ? { receivedOn: d.fulfilment.on, late: d.fulfilment.late, reference: d.fulfilment.reference }
      : null,
  };
}

const counts = (c: StatusCounts) => ({ ...c });

/**
 * The agency a head acts on: their own. The head's routes are for agency roles, which always
 * have one; a user without an agency is refused as a role without the permission is.
 */
export function ownAgency(actor: Pick<Actor, 'agencyId'>): number {
  if (actor.agencyId === null) throw new Refusal('TIDAK_BERWENANG');
  return actor.agencyId;
}

/**
 * The deadlines of the JSON API, as lists: Dukcapil's of every agency (/api/v1/admin/tenggat)
 * and the head's own (/api/v1/instansi/tenggat). The same use cases as the portal pages; the
 * uploads that fulfil them are in deadline-fulfilments.ts.
 */
export const deadlinesApiRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['Tenggat'];

    api.get(
      '/api/v1/admin/tenggat',
      {
        config: { permission: 'deadline.viewAll' },
        schema: {
          summary: 'Daftar tenggat kewajiban seluruh instansi (Dukcapil)',
          description:
            'Tenggat dihitung saat ini dari PKS yang berlaku, kalender hari libur dan pemenuhan yang tercatat. ' +
            'Diurutkan: terlambat, segera jatuh tempo (≤ 30 hari), akan datang, terpenuhi. 25 per halaman.',
          tags,
          security: bearerSecurity,
          querystring: Type.Object({
            status: Type.Optional(
              Type.Unsafe<string>({ type: 'string', enum: [...STATUS_FILTERS] }),
            ),
            jenis: Type.Optional(Type.Unsafe<string>({ type: 'string', enum: [...KIND_FILTERS] })),
            instansi: Type.Optional(Type.String({ maxLength: 20, description: 'Kode instansi' })),
            halaman: Type.Optional(
              Type.String({ pattern: '^[0-9]{1,6}$', description: 'Nomor halaman, mulai 1' }),
            ),
          }),
          response: {
            200: Type.Object({
              today: Type.String({ format: 'date' }),
              page: Type.Integer(),
              pages: Type.Integer(),
              total: Type.Integer(),
              counts: Counts,
              data: Type.Array(DeadlineItem),
            }),
            401: ErrorBody,
            403: ErrorBody,
          },
        },
      },
      async (request) => {
        const view = await deadlinesPage(
          deps,
          actorOf(request),
          parseDeadlineFilter({
            status: request.query.status,
            kind: request.query.jenis,
            agency: request.query.instansi,
            page: request.query.halaman,
          }),
        );
        return {
          today: view.today,
          page: view.filter.page,
          pages: view.pages,
          total: view.total,
          counts: counts(view.counts),
          data: view.rows.map(item),
        };
      },
    );

    const AgencyList = Type.Object({
      today: Type.String({ format: 'date' }),
      agency: Type.Object({ code: Type.String(), name: Type.String() }),
      agreement: Type.Union([
        Type.Object({
          number: Type.String(),
          signedOn: Type.String({ format: 'date' }),
          endsOn: Type.String({ format: 'date' }),
        }),
        Type.Null(),
      ]),
      counts: Counts,
      openChanges: Type.Array(
        Type.Object({
          id: Type.Integer(),
          changedOn: Type.String({ format: 'date' }),
          description: Type.String(),
        }),
        { description: 'Perubahan pejabat yang dicatat Dukcapil dan menunggu surat pemberitahuan' },
      ),
      data: Type.Array(DeadlineItem),
    });

    api.get(
      '/api/v1/instansi/tenggat',
      {
        config: { permission: 'deadline.viewOwn' },
        schema: {
          summary: 'Tenggat kewajiban PKS instansi sendiri (Kepala Instansi)',
          tags,
          security: bearerSecurity,
          response: { 200: AgencyList, 401: ErrorBody, 403: ErrorBody },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const view = await agencyDeadlines(deps, actor, ownAgency(actor));
        return {
          today: view.today,
          agency: { code: view.agency.code, name: view.agency.name },
          agreement: view.agreement
            ? {
                number: view.agreement.nomorDukcapil,
                signedOn: view.agreement.signedOn,
                endsOn: view.agreement.endsOn,
              }
            : null,
          counts: counts(view.counts),
          openChanges: [...view.openChanges],
          data: view.deadlines.map(item),
        };
      },
    );
  };
