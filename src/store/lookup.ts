import { CompiledQuery, sql, type RawBuilder } from 'kysely';
import type { Executor } from './db.js';
import { prepared } from './prepared-statements.js';
import { batchOf } from './statement-batch.js';
import type { ResponseCode } from '../domain/responses.js';

export interface LookupStatementInput {
  /** The session's or token's hash; null for a card reader's read. */
  readonly tokenHash: Buffer | null;
  readonly sessionKind: 'PORTAL' | 'API';
  readonly channel: 'PORTAL' | 'API' | 'CARD_READER';
  /**
   * A card reader's read (issue 12, migration 020): the reader's credential hash, the SAM it
   * names, the operator at the reader, and the elements the agency asks to keep (a consent of
   * the resident must cover them). null for the portal and the API.
   */
  readonly cardReader: {
    readonly credentialHash: Buffer;
    readonly samNumber: string;
    readonly operatorUserId: string;
    readonly keep: readonly string[];
  } | null;
  /**
   * An application's bearer token (migration 026) instead of a user's: its hash, and the
   * operator it names (`X-Gerbang-Operator`), by user ID within the application's agency.
   */
  readonly application: {
    readonly tokenHash: Buffer;
    readonly operatorUserId: string | null;
  } | null;
  readonly now: Date;
  /** The WIB day of `now`, YYYY-MM-DD: the quota's day. */
  readonly day: string;
  /** The NIK when it passed the domain's format check, otherwise null. */
  readonly nik: string | null;
  /** What was typed, as the audit trail keeps it (control characters replaced, cut short). */
  readonly nikAsTyped: string;
  /** The purpose stated; null: the agreement's own (a compatible client states none, SPEC §9). */
  readonly purpose: string | null;
  readonly clientIp: string;
  /** Daily hits allowed before the proof of concept. */
  readonly limitBeforePoc: number;
  /** Rows an unlimited agency's daily count is spread over. */
  readonly quotaShards: number;
  /** The written reason sent with the lookup (the ALASAN policy), or null. */
  readonly reason: string | null;
  /** The input-pattern policy looks at lookups (false only with GERBANG_OVERSIGHT=off, the bench). */
  readonly watchPatterns: boolean;
  /** JSON for audit_log.detail (migration 024), e.g. the elements a verification asked; or null. */
  readonly detail: string | null;
}

export interface LookupStatementRow {
  /** null when the session is unknown, expired or revoked (the answer is GAGAL_LOGIN). */
  readonly user_id: number | null;
  readonly agency_id: number | null;
  readonly response_code: ResponseCode;
  readonly granted_elements: string[] | null;
  readonly quota_limit: number | null;
  /** Hits of the agency today, this one included when it counted; null without an agreement in force. */
  readonly quota_used: number | null;
  readonly nik: string | null;
  readonly nama_lengkap: string | null;
  readonly jenis_kelamin: string | null;
  readonly tempat_lahir: string | null;
  readonly tanggal_lahir: string | null;
  readonly status_perkawinan: string | null;
  readonly jenis_pekerjaan: string | null;
  readonly alamat: string | null;
  readonly kode_desa: string | null;
  readonly rt: string | null;
  readonly rw: string | null;
  /** The audit row written for this lookup. */
  readonly audit_id: number;
  readonly agreement_id: number | null;
  /** The agreement's input-pattern policy and the agency's service hours (migration 012). */
  readonly pattern_policy: 'PERINGATAN' | 'ALASAN' | 'BLOKIR' | null;
  readonly service_start: string | null;
  readonly service_end: string | null;
  readonly service_days: number[] | null;
  /** The NIK looked up is one Dukcapil planted (the caller is never told). */
  readonly is_honeytoken: boolean;
  /**
   * The input-pattern policy looks at this lookup (the caller passed the access checks): it
   * goes into the user's and the agency's windows (services/lookup/pattern-windows.ts).
   */
  readonly watched: boolean;
  /** The agreement lets the agency print results (migration 021); false without one. */
  readonly print_allowed: boolean;
  /**
   * The application the call came through (migration 026): the one whose token it carried,
   * or, for a user's API token or a compatible client's login, the agency's application that
   * passed its PoC at the caller's address. null otherwise.
   */
  readonly application_id: number | null;
  /** An application's live token named no operator of its agency (the answer is GAGAL_LOGIN). */
  readonly operator_unknown: boolean;
}

/**
 * The statement's parameters by name: what `lookupStatement` interpolates. The input's own
 * scalar fields, and the card reader's and the application's fields flattened (null when
 * absent).
 */
type LookupParameters = Omit<LookupStatementInput, 'cardReader' | 'application'> & {
  readonly keep: string[];
  readonly credentialHash: Buffer | null;
  readonly operatorUserId: string | null;
  readonly samNumber: string | null;
  readonly applicationTokenHash: Buffer | null;
  readonly applicationOperatorUserId: string | null;
};

type ParameterName = keyof LookupParameters;

/**
 * How each parameter is read from a lookup's input: read one by one in the text's order
 * instead of spreading the input into a new object of them all for every lookup (7 µs of the
 * server's CPU per lookup in the bench's profile, issue 13).
 */
const PARAMETERS: { readonly [name in ParameterName]: (input: LookupStatementInput) => unknown } = {
  tokenHash: (input) => input.tokenHash,
  sessionKind: (input) => input.sessionKind,
  channel: (input) => input.channel,
  now: (input) => input.now,
  day: (input) => input.day,
  nik: (input) => input.nik,
  nikAsTyped: (input) => input.nikAsTyped,
  purpose: (input) => input.purpose,
  clientIp: (input) => input.clientIp,
  limitBeforePoc: (input) => input.limitBeforePoc,
  quotaShards: (input) => input.quotaShards,
  reason: (input) => input.reason,
  watchPatterns: (input) => input.watchPatterns,
  detail: (input) => input.detail,
  keep: (input) => [...(input.cardReader?.keep ?? [])],
  credentialHash: (input) => input.cardReader?.credentialHash ?? null,
  operatorUserId: (input) => input.cardReader?.operatorUserId ?? null,
  samNumber: (input) => input.cardReader?.samNumber ?? null,
  applicationTokenHash: (input) => input.application?.tokenHash ?? null,
  applicationOperatorUserId: (input) => input.application?.operatorUserId ?? null,
};

/** A stand-in for a parameter while the text is compiled: its name, found again afterwards. */
class Slot {
  constructor(readonly name: ParameterName) {}
}

/**
 * The statement with its parameters as named slots, compiled once: the text (the same for
 * every lookup, so PostgreSQL plans it once per connection) and which parameter goes where.
 */
interface CompiledLookup {
  readonly text: string;
  /** The parameters' readers, in the order of the text's placeholders. */
  readonly order: readonly ((input: LookupStatementInput) => unknown)[];
}

let compiled: CompiledLookup | undefined;

function compiledLookup(db: Executor): CompiledLookup {
  if (!compiled) {
    const p = new Proxy({} as Record<ParameterName, Slot>, {
      get: (_target, name) => new Slot(name as ParameterName),
    });
    const query = lookupStatement(p).compile(db);
    compiled = {
      text: query.sql,
      order: query.parameters.map((value) => {
        if (!(value instanceof Slot)) throw new Error('lookup statement: a value outside a slot');
        return PARAMETERS[value.name];
      }),
    };
  }
  return compiled;
}

/** The statement's parameters for one lookup, in the order of its text. */
function boundParameters(text: CompiledLookup, input: LookupStatementInput): unknown[] {
  return text.order.map((read) => read(input));
}

/**
 * The whole lookup as one statement, so that it costs one round trip and is atomic:
 * authenticate the session, check the user, agency, agreement, access point and input,
 * count the hit against the agency's quota for the day, read the resident, and write the
 * audit record. If any part fails, nothing is counted, nothing is audited and no data is
 * returned. The precedence of the refusals is the order of the CASE in `verdict`.
 *
 * A lookup with an unknown, expired or revoked session is audited too, as GAGAL_LOGIN.
 */
export async function runLookup(
  db: Executor,
  input: LookupStatementInput,
): Promise<LookupStatementRow> {
  const statement = compiledLookup(db);
  const result = await db.executeQuery<LookupStatementRow>(
    CompiledQuery.raw(statement.text, boundParameters(statement, input)),
  );
  return result.rows[0]!;
}

/**
 * Several lookups in arrival order as one message and one transaction (services/lookup/
 * lookup-batch.ts): each runs the statement above, sees the ones before it, and nothing is
 * committed (or answered) before all are. If one fails, none is committed. Returns a row per
 * input, in order. The connection sends it (store/statement-batch.ts).
 */
export async function runLookups(
  db: Executor,
  inputs: readonly LookupStatementInput[],
): Promise<LookupStatementRow[]> {
  const statement = compiledLookup(db);
  const result = await db.executeQuery<LookupStatementRow>(
    CompiledQuery.raw(
      batchOf(statement.text),
      inputs.map((input) => boundParameters(statement, input)),
    ),
  );
  if (result.rows.length !== inputs.length)
    throw new Error(`lookup batch: ${result.rows.length} rows for ${inputs.length} lookups`);
  return result.rows;
}

function lookupStatement(p: Record<ParameterName, Slot>): RawBuilder<LookupStatementRow> {
  return sql<LookupStatementRow>`${prepared('lookup')}
    WITH caller AS (
      SELECT se.user_id, se.revoked_at, NULL::int AS reader_id, NULL::text AS reader_state,
             true AS sam_ok, NULL::text AS reader_label, NULL::int AS app_id,
             NULL::text AS app_state, true AS app_secret_live, true AS app_ip_ok
      FROM auth_session se
      WHERE se.token_hash = ${p.tokenHash}::bytea AND se.kind = ${p.sessionKind}
        -- A session ended by an administrative action still names its holder, so that the
        -- refusal that ended it is answered while it applies (migration 007).
        AND (se.revoked_at IS NULL OR se.revoked_because IS NOT NULL)
        AND se.expires_at > ${p.now}
      UNION ALL
      -- A card reader's read: the reader by its credential, the operator by user ID within
      -- the reader's agency (migration 020).
      SELECT ou.id, NULL, cr.id, cr.state, cr.sam_number = ${p.samNumber}::text,
             'Pembaca KTP-el ' || cr.serial || ' (SAM ' || cr.sam_number || ')',
             NULL, NULL, true, true
      FROM card_reader cr
      JOIN app_user ou ON ou.agency_id = cr.agency_id AND ou.user_id = ${p.operatorUserId}::text
      WHERE cr.credential_hash = ${p.credentialHash}::bytea
      UNION ALL
      -- An application's token (migration 026): the application, whether the secret it was
      -- obtained with still works (a rotation's overlap, a revocation), whether the caller is
      -- at the application's access point, and the operator it names within its agency (none
      -- found: user_id NULL, answered GAGAL_LOGIN).
      SELECT ou.id, NULL, NULL, NULL, true, NULL, ap.id, ap.state,
             sec.valid_until IS NULL OR sec.valid_until > ${p.now},
             ${p.clientIp}::inet <<= ap.access_point
      FROM application_token t
      JOIN application_secret sec ON sec.id = t.secret_id
      JOIN application ap ON ap.id = t.application_id
      LEFT JOIN app_user ou ON ou.agency_id = ap.agency_id
        AND ou.user_id = ${p.applicationOperatorUserId}::text
      WHERE t.token_hash = ${p.applicationTokenHash}::bytea
        AND t.expires_at > ${p.now}
    ),
    s AS (
      SELECT u.id AS user_id, u.status AS user_status, u.agency_id,
             -- SPEC §4: operators after their NDA, heads after their SPTJM and their own NDA
             -- (migration 008; domain/documents.ts requiredDocuments).
             CASE u.role WHEN 'OPERATOR' THEN u.nda_signed_on IS NOT NULL
                         WHEN 'KEPALA_INSTANSI' THEN u.sptjm_signed_on IS NOT NULL
                                                 AND u.nda_signed_on IS NOT NULL
                         ELSE true END AS document_ok,
             c.revoked_at IS NOT NULL AS revoked, c.reader_id, c.reader_state, c.sam_ok, c.reader_label,
             -- Keeping data read from a card needs the resident's consent to those elements.
             (cardinality(${p.keep}::text[]) = 0 OR EXISTS (
               SELECT 1 FROM card_consent cc
               WHERE cc.agency_id = u.agency_id AND cc.nik = ${p.nik}::text
                 AND cc.card_reader_id = c.reader_id AND cc.withdrawn_at IS NULL
                 AND cc.elements @> ${p.keep}::text[])) AS consent_ok,
             ag.status AS agency_status, pks.id AS agreement_id, pks.granted_elements,
             pks.access_points, pks.access_methods,
             CASE WHEN pks.quota_stage = 'PRA_POC' THEN ${p.limitBeforePoc}::int END AS quota_limit,
             u.reason_required_since IS NOT NULL AS reason_required,
             pks.pattern_policy, pks.service_start, pks.service_end, pks.service_days,
             pks.purpose AS agreement_purpose, pks.print_allowed,
             coalesce(c.app_id, ipapp.id) AS app_id, c.app_id IS NOT NULL AS app_token,
             c.app_state, c.app_secret_live, c.app_ip_ok
      FROM caller c
      JOIN app_user u ON u.id = c.user_id
      LEFT JOIN agency ag ON ag.id = u.agency_id
      LEFT JOIN LATERAL (
        SELECT p.id, p.granted_elements, p.access_points, p.access_methods, p.quota_stage,
               p.pattern_policy, p.service_start, p.service_end, p.service_days, p.purpose,
               p.print_allowed
        FROM agreement p
        WHERE p.agency_id = u.agency_id AND p.status = 'AKTIF'
          AND p.signed_on <= ${p.day}::date
          -- Past its end date only while a timely extension request is open (migration 022).
          AND (p.ends_on >= ${p.day}::date OR p.extension_request_id IS NOT NULL)
        ORDER BY p.ends_on DESC
        LIMIT 1
      ) pks ON true
      -- A user's API token or a compatible client's login calls through the application of
      -- the agency that passed its PoC at the caller's address (migration 026).
      LEFT JOIN LATERAL (
        SELECT a.id FROM application a
        WHERE ${p.channel} = 'API' AND c.app_id IS NULL AND a.agency_id = u.agency_id
          AND a.state = 'LULUS_POC' AND ${p.clientIp}::inet <<= a.access_point
        ORDER BY masklen(a.access_point) DESC, a.id
        LIMIT 1
      ) ipapp ON true
    ),
    verdict AS (
      SELECT s.*,
        CASE
          -- A card reader not in use, or a SAM that is not the reader's (issue 12).
          WHEN s.reader_id IS NOT NULL AND s.reader_state <> 'AKTIF' THEN 'PEMBACA_TIDAK_AKTIF'
          WHEN NOT s.sam_ok THEN 'SAM_TIDAK_SESUAI'
          WHEN s.user_status = 'NON_AKTIF' THEN 'USER_NON_AKTIF'
          -- Not yet allowed to access data: the §2 table has no own code for it, and this
          -- one tells the officer to see the admin, who records the document.
          WHEN NOT s.document_ok THEN 'USER_NON_AKTIF'
          -- No agreement in force, or one that does not grant this access method.
          WHEN s.agency_status IS DISTINCT FROM 'AKTIF' OR s.agreement_id IS NULL
            OR NOT (${p.channel} = ANY (s.access_methods)) THEN 'INSTANSI_TIDAK_AKTIF'
          WHEN s.revoked OR NOT s.app_secret_live THEN 'GAGAL_LOGIN'
          WHEN s.app_state = 'DICABUT' THEN 'APLIKASI_DICABUT'
          WHEN NOT (${p.clientIp}::inet <<= ANY (s.access_points)) OR NOT s.app_ip_ok
            THEN 'IP_TIDAK_SESUAI'
          -- The API only through an application whose PoC passed (SPEC §2, Juknis II.D).
          WHEN ${p.channel} = 'API'
            AND (s.app_id IS NULL OR s.app_state IS DISTINCT FROM 'LULUS_POC' AND s.app_token)
            THEN 'APLIKASI_BELUM_POC'
          WHEN s.user_status = 'DITAHAN' THEN 'AKSES_DITAHAN'
          -- The ALASAN policy: this lookup must carry a written reason (not a §2 response: the
          -- use case turns it into the refusal ALASAN_DIPERLUKAN; nothing is counted).
          WHEN s.reason_required AND ${p.reason}::text IS NULL THEN 'ALASAN_DIPERLUKAN'
          WHEN ${p.nik}::text IS NULL THEN 'FORMAT_SALAH'
          WHEN NOT s.consent_ok THEN 'PERSETUJUAN_DIPERLUKAN'
        END AS refusal
      FROM s
    ),
    hit AS (
      INSERT INTO quota_usage AS qu (agency_id, day, shard, used)
      SELECT v.agency_id, ${p.day}::date,
             CASE WHEN v.quota_limit IS NULL THEN pg_backend_pid() % ${p.quotaShards}::int ELSE 0 END, 1
      FROM verdict v
      WHERE v.refusal IS NULL AND coalesce(v.quota_limit, 1) > 0
      ON CONFLICT (agency_id, day, shard) DO UPDATE SET used = qu.used + 1
        WHERE (SELECT quota_limit FROM verdict) IS NULL
           OR qu.used < (SELECT quota_limit FROM verdict)
      RETURNING qu.used, qu.shard
    ),
    usage AS (
      -- Limited: shard 0 alone holds the count. Unlimited: the other shards as of this
      -- statement's snapshot, plus this one.
      SELECT CASE
        WHEN v.agreement_id IS NULL OR v.agency_status IS DISTINCT FROM 'AKTIF' OR v.revoked
          THEN NULL
        -- Refused for the quota: the row held exactly the limit when it was checked under
        -- its lock (the snapshot may not yet show the hits that filled it).
        WHEN v.quota_limit IS NOT NULL AND v.refusal IS NULL
          THEN coalesce((SELECT used FROM hit), v.quota_limit)
        WHEN v.quota_limit IS NOT NULL
          THEN coalesce((SELECT q.used FROM quota_usage q
               WHERE q.agency_id = v.agency_id AND q.day = ${p.day}::date AND q.shard = 0), 0)
        ELSE coalesce((SELECT sum(q.used) FROM quota_usage q
               WHERE q.agency_id = v.agency_id AND q.day = ${p.day}::date
                 AND q.shard IS DISTINCT FROM (SELECT shard FROM hit)), 0)
             + coalesce((SELECT used FROM hit), 0)
      END AS used
      FROM verdict v
    ),
    r AS (
      SELECT * FROM resident WHERE nik = ${p.nik} AND EXISTS (SELECT 1 FROM hit)
    ),
    audit AS (
      INSERT INTO audit_log (at, action, channel, user_id, agency_id, agreement_id, client_ip, nik, purpose, reason, detail, card_reader_id, response_code)
      SELECT ${p.now}, 'LOOKUP', ${p.channel}, v.user_id, v.agency_id, v.agreement_id, ${p.clientIp}::inet,
             ${p.nikAsTyped},
             coalesce(v.reader_label || ': ', '') || coalesce(${p.purpose}::text, v.agreement_purpose),
             ${p.reason},
             -- The application a call came through, beside what the use case adds.
             CASE WHEN coalesce(v.app_id, op.app_id) IS NULL THEN ${p.detail}::jsonb
                  ELSE coalesce(${p.detail}::jsonb, '{}'::jsonb)
                       || jsonb_build_object('aplikasi', coalesce(v.app_id, op.app_id)) END,
             v.reader_id,
             CASE WHEN v.user_id IS NULL THEN 'GAGAL_LOGIN' ELSE coalesce(v.refusal, CASE
               WHEN NOT EXISTS (SELECT 1 FROM hit) THEN 'KUOTA_HABIS'
               WHEN r.status IS NULL THEN 'TIDAK_DITEMUKAN'
               WHEN r.status = 'AKTIF' THEN 'DITEMUKAN'
               ELSE r.status
             END) END
      FROM (SELECT 1) AS one LEFT JOIN verdict v ON true LEFT JOIN r ON true
        LEFT JOIN (SELECT app_id FROM caller WHERE user_id IS NULL LIMIT 1) op ON true
      RETURNING id, response_code
    ),
    reason_given AS (
      -- A lookup made with the reason the ALASAN policy asked for lifts the requirement
      -- (PostgreSQL runs a data-modifying CTE whether or not the query reads it).
      UPDATE app_user SET reason_required_since = NULL
      WHERE id = (SELECT user_id FROM verdict WHERE reason_required AND refusal IS NULL)
        AND ${p.reason}::text IS NOT NULL
      RETURNING id
    ),
    watched AS (
      -- The input-pattern policy looks at the lookups of a user who passed the access checks.
      SELECT 1 FROM verdict v
      WHERE (v.refusal IS NULL OR v.refusal = 'FORMAT_SALAH') AND ${p.watchPatterns}::boolean
    )
    SELECT v.user_id, v.agency_id, audit.id AS audit_id, audit.response_code, v.granted_elements,
           v.quota_limit, usage.used AS quota_used, v.agreement_id, v.pattern_policy,
           v.service_start::text AS service_start, v.service_end::text AS service_end,
           v.service_days::int[] AS service_days, coalesce(v.print_allowed, false) AS print_allowed,
           EXISTS (SELECT 1 FROM honeytoken h WHERE h.nik = ${p.nik}) AS is_honeytoken,
           EXISTS (SELECT 1 FROM watched) AS watched,
           v.app_id AS application_id,
           EXISTS (SELECT 1 FROM caller WHERE user_id IS NULL) AS operator_unknown,
           r.nik, r.nama_lengkap, r.jenis_kelamin, r.tempat_lahir, r.tanggal_lahir,
           r.status_perkawinan, r.jenis_pekerjaan, r.alamat, r.kode_desa, r.rt, r.rw
    FROM audit LEFT JOIN verdict v ON true LEFT JOIN usage ON true LEFT JOIN r ON true
  `;
}
