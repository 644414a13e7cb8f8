import { sql, type Selectable } from 'kysely';
import type { MaritalStatus, Resident } from '../domain/resident.js';
import type { ResidentStatus } from '../domain/responses.js';
import type { Executor, Tx } from './db.js';
import type { ResidentTable } from './schema.js';

/**
 * The population register (table `resident`) and its bulk load.
 *
 * A bulk load goes through a temporary staging table that lives only inside the load's
 * transaction: rows are appended to it in batches as the source is read, tagged with the
 * source line, then merged into the register by one statement that keeps the last line of
 * each NIK. Memory in this process stays at one batch however large the file; the database
 * does the de-duplication; and nothing reaches `resident` unless the whole load commits.
 */

const STAGING = 'resident_staging';

/** Rows of one batch, column by column: the shape the staging insert sends. */
export class ResidentBatch {
  readonly line: number[] = [];
  readonly nik: string[] = [];
  readonly namaLengkap: string[] = [];
  readonly jenisKelamin: string[] = [];
  readonly tempatLahir: string[] = [];
  readonly tanggalLahir: string[] = [];
  readonly statusPerkawinan: string[] = [];
  readonly jenisPekerjaan: string[] = [];
  readonly alamat: string[] = [];
  readonly kodeDesa: string[] = [];
  readonly rt: string[] = [];
  readonly rw: string[] = [];
  readonly status: string[] = [];

  get size(): number {
    return this.line.length;
  }

  add(line: number, resident: Resident): void {
    this.line.push(line);
    this.nik.push(resident.nik);
    this.namaLengkap.push(resident.namaLengkap);
    this.jenisKelamin.push(resident.jenisKelamin);
    this.tempatLahir.push(resident.tempatLahir);
    this.tanggalLahir.push(resident.tanggalLahir);
    this.statusPerkawinan.push(resident.statusPerkawinan);
    this.jenisPekerjaan.push(resident.jenisPekerjaan);
    this.alamat.push(resident.alamat);
    this.kodeDesa.push(resident.kodeDesa);
    this.rt.push(resident.rt);
    this.rw.push(resident.rw);
    this.status.push(resident.status);
  }
}

/** Creates the staging table of a bulk load; it disappears when the transaction ends. */
export async function createResidentStaging(tx: Tx): Promise<void> {
  await sql`CREATE TEMPORARY TABLE ${sql.raw(STAGING)} (
    line integer NOT NULL,
    nik text NOT NULL,
    nama_lengkap text NOT NULL,
    jenis_kelamin text NOT NULL,
    tempat_lahir text NOT NULL,
    tanggal_lahir date NOT NULL,
    status_perkawinan text NOT NULL,
    jenis_pekerjaan text NOT NULL,
    alamat text NOT NULL,
    kode_desa text NOT NULL,
    rt text NOT NULL,
    rw text NOT NULL,
    status text NOT NULL
  ) ON COMMIT DROP`.execute(tx);
}

/** Appends one batch to the staging table: one statement, one array per column. */
export async function stageResidents(tx: Tx, batch: ResidentBatch): Promise<void> {
  if (batch.size === 0) return;
  await sql`INSERT INTO ${sql.raw(STAGING)}
    SELECT * FROM unnest(
      ${batch.line}::integer[], ${batch.nik}::text[], ${batch.namaLengkap}::text[],
      ${batch.jenisKelamin}::text[], ${batch.tempatLahir}::text[], ${batch.tanggalLahir}::date[],
      ${batch.statusPerkawinan}::text[], ${batch.jenisPekerjaan}::text[], ${batch.alamat}::text[],
      ${batch.kodeDesa}::text[], ${batch.rt}::text[], ${batch.rw}::text[], ${batch.status}::text[]
    )`.execute(tx);
}

export interface StagedDuplicate {
  /** A line whose NIK appears again further on; it is superseded. */
  readonly line: number;
  readonly nik: string;
  /** The last line with that NIK: the one applied. */
  readonly keptLine: number;
}

/** NIKs staged more than once: how many lines are superseded, and the first `limit` of them. */
export async function findStagedDuplicates(
  tx: Tx,
  limit: number,
): Promise<{ count: number; first: StagedDuplicate[] }> {
  const repeated = sql`SELECT nik, max(line) AS kept_line, count(*) AS n
    FROM ${sql.raw(STAGING)} GROUP BY nik HAVING count(*) > 1`;
  const total = await sql<{ superseded: number | string | null }>`
    SELECT sum(n - 1) AS superseded FROM (${repeated}) AS r`.execute(tx);
  const count = Number(total.rows[0]?.superseded ?? 0);
  if (count === 0 || limit <= 0) return { count, first: [] };
  const rows = await sql<{ line: number; nik: string; kept_line: number }>`
    SELECT s.line, s.nik, r.kept_line
    FROM ${sql.raw(STAGING)} AS s JOIN (${repeated}) AS r USING (nik)
    WHERE s.line < r.kept_line
    ORDER BY s.line
    LIMIT ${limit}`.execute(tx);
  return {
    count,
    first: rows.rows.map((row) => ({ line: row.line, nik: row.nik, keptLine: row.kept_line })),
  };
}

export interface MergeCounts {
  readonly inserted: number;
  readonly updated: number;
  /** NIKs already in the register with exactly the staged data: left untouched. */
  readonly unchanged: number;
}

/**
 * Merges the staging table into the register: for each NIK the staged row with the highest
 * line wins; a new NIK is inserted, a known one updated — and left alone (its updated_at
 * too) when nothing changed, so re-loading the same export costs no writes.
 */
export async function mergeStagedResidents(tx: Tx): Promise<MergeCounts> {
  const result = await sql<{ inserted: number; updated: number; distinct_niks: number }>`
    WITH latest AS MATERIALIZED (
      SELECT DISTINCT ON (nik)
        nik, nama_lengkap, jenis_kelamin, tempat_lahir, tanggal_lahir, status_perkawinan,
        jenis_pekerjaan, alamat, kode_desa, rt, rw, status
      FROM ${sql.raw(STAGING)}
      ORDER BY nik, line DESC
    ), merged AS (
      INSERT INTO resident AS r (nik, nama_lengkap, jenis_kelamin, tempat_lahir, tanggal_lahir,
        status_perkawinan, jenis_pekerjaan, alamat, kode_desa, rt, rw, status)
      SELECT * FROM latest
      ON CONFLICT (nik) DO UPDATE SET
        nama_lengkap = excluded.nama_lengkap,
        jenis_kelamin = excluded.jenis_kelamin,
        tempat_lahir = excluded.tempat_lahir,
        tanggal_lahir = excluded.tanggal_lahir,
        status_perkawinan = excluded.status_perkawinan,
        jenis_pekerjaan = excluded.jenis_pekerjaan,
        alamat = excluded.alamat,
        kode_desa = excluded.kode_desa,
        rt = excluded.rt,
        rw = excluded.rw,
        status = excluded.status,
        updated_at = now()
      WHERE (r.nama_lengkap, r.jenis_kelamin, r.tempat_lahir, r.tanggal_lahir,
          r.status_perkawinan, r.jenis_pekerjaan, r.alamat, r.kode_desa, r.rt, r.rw, r.status)
        IS DISTINCT FROM
        (excluded.nama_lengkap, excluded.jenis_kelamin, excluded.tempat_lahir,
          excluded.tanggal_lahir, excluded.status_perkawinan, excluded.jenis_pekerjaan,
          excluded.alamat, excluded.kode_desa, excluded.rt, excluded.rw, excluded.status)
      -- xmax is 0 on a freshly inserted row version and set on one written by the update.
      RETURNING (r.xmax = 0) AS inserted
    )
    SELECT
      (SELECT count(*) FROM merged WHERE inserted)::integer AS inserted,
      (SELECT count(*) FROM merged WHERE NOT inserted)::integer AS updated,
      (SELECT count(*) FROM latest)::integer AS distinct_niks`.execute(tx);
  const row = result.rows[0]!;
  return {
    inserted: row.inserted,
    updated: row.updated,
    unchanged: row.distinct_niks - row.inserted - row.updated,
  };
}

function toResident(row: Selectable<ResidentTable>): Resident {
  return {
    nik: row.nik,
    namaLengkap: row.nama_lengkap,
    jenisKelamin: row.jenis_kelamin as Resident['jenisKelamin'],
    tempatLahir: row.tempat_lahir,
    tanggalLahir: row.tanggal_lahir,
    statusPerkawinan: row.status_perkawinan as MaritalStatus,
    jenisPekerjaan: row.jenis_pekerjaan,
    alamat: row.alamat,
    kodeDesa: row.kode_desa,
    rt: row.rt,
    rw: row.rw,
    status: row.status as ResidentStatus,
  };
}

/** One resident into the register (a honeytoken's made-up resident; test records). */
export async function insertResident(db: Executor, r: Resident): Promise<void> {
  await db
    .insertInto('resident')
    .values({
      nik: r.nik,
      nama_lengkap: r.namaLengkap,
      jenis_kelamin: r.jenisKelamin,
      tempat_lahir: r.tempatLahir,
      tanggal_lahir: r.tanggalLahir,
      status_perkawinan: r.statusPerkawinan,
      jenis_pekerjaan: r.jenisPekerjaan,
      alamat: r.alamat,
      kode_desa: r.kodeDesa,
      rt: r.rt,
      rw: r.rw,
      status: r.status,
    })
    .execute();
}

export async function findResidentByNik(db: Executor, nik: string): Promise<Resident | undefined> {
  const row = await db.selectFrom('resident').selectAll().where('nik', '=', nik).executeTakeFirst();
  return row ? toResident(row) : undefined;
}

export async function countResidents(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('resident')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One NIK per register status, for the demo's hint of what to try. */
export async function sampleNikPerStatus(db: Executor): Promise<Record<string, string>> {
  const rows = await db
    .selectFrom('resident')
    .select(['status', (eb) => eb.fn.min('nik').as('nik')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.status, row.nik]));
}
