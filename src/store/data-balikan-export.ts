import { sql } from 'kysely';
import type { Executor } from './db.js';

/** Which received return data an export carries. */
export interface ExportSelection {
  /** Only this agency's records; all agencies when absent. */
  readonly agencyId?: number | undefined;
  /** Received at or after this instant … */
  readonly from?: Date | undefined;
  /** … and before this one. */
  readonly to?: Date | undefined;
  /** Every version (corrections keep the earlier ones); only the current ones when false. */
  readonly history: boolean;
}

function selected(selection: ExportSelection, upToId: number) {
  return sql`
    d.id <= ${upToId}
    ${selection.agencyId === undefined ? sql`` : sql`AND d.agency_id = ${selection.agencyId}`}
    ${selection.from ? sql`AND d.received_at >= ${selection.from.toISOString()}::timestamptz` : sql``}
    ${selection.to ? sql`AND d.received_at < ${selection.to.toISOString()}::timestamptz` : sql``}
    ${selection.history ? sql`` : sql`AND d.is_current`}`;
}

export interface ExportExtent {
  readonly rows: number;
  /** The newest record when the export began: records received later wait for the next export. */
  readonly upToId: number;
  /** Every field key the selected records carry, sorted. */
  readonly fieldKeys: string[];
}

/** How many records the selection holds now, up to which id, and which field keys they use. */
export async function measureExport(
  db: Executor,
  selection: ExportSelection,
): Promise<ExportExtent> {
  const top = await db
    .selectFrom('data_balikan')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  const upToId = Number(top?.id ?? 0);
  const counted = await sql<{ rows: number }>`
    SELECT count(*)::int AS rows FROM data_balikan d WHERE ${selected(selection, upToId)}`.execute(
    db,
  );
  const keys = await sql<{ key: string }>`
    SELECT DISTINCT k.key FROM data_balikan d, jsonb_object_keys(d.fields) AS k(key)
    WHERE ${selected(selection, upToId)} ORDER BY 1`.execute(db);
  return {
    rows: counted.rows[0]?.rows ?? 0,
    upToId,
    fieldKeys: keys.rows.map((r) => r.key),
  };
}

export interface ExportRow {
  readonly id: number;
  readonly agency_code: string;
  readonly nomor_dukcapil: string;
  readonly nik: string;
  readonly version: number;
  readonly is_current: boolean;
  readonly received_at: Date;
  readonly channel: string;
  readonly submitted_by: string;
  readonly fields: Record<string, string>;
}

/** The next batch of the selection after `afterId`, in id order (keyset pagination). */
export async function readExportBatch(
  db: Executor,
  selection: ExportSelection,
  extent: { readonly upToId: number },
  afterId: number,
  limit: number,
): Promise<ExportRow[]> {
  const result = await sql<ExportRow>`
    SELECT d.id, ag.code AS agency_code, a.nomor_dukcapil, d.nik, d.version, d.is_current,
           d.received_at, d.channel, u.user_id AS submitted_by, d.fields
    FROM data_balikan d
    JOIN agency ag ON ag.id = d.agency_id
    JOIN agreement a ON a.id = d.agreement_id
    JOIN app_user u ON u.id = d.submitted_by
    WHERE d.id > ${afterId} AND ${selected(selection, extent.upToId)}
    ORDER BY d.id
    LIMIT ${limit}`.execute(db);
  return result.rows;
}

/** The field keys of the agreements' return-data schemas, to order the export's columns. */
export async function findSchemas(db: Executor, agencyId: number | undefined) {
  let query = db.selectFrom('agreement').select(['id', 'data_balikan_schema']).orderBy('id');
  if (agencyId !== undefined) query = query.where('agency_id', '=', agencyId);
  return query.execute();
}
