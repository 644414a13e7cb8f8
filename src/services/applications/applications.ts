import crypto from 'node:crypto';
import type { Actor } from '../../domain/actor.js';
import {
  checkApplicationForm,
  checkedOverlapHours,
  CLIENT_ID_PREFIX,
  CLIENT_SECRET_PREFIX,
  MAX_OVERLAP_HOURS,
} from '../../domain/applications.js';
import { can } from '../../domain/permissions.js';
import { letterProblems } from '../../domain/requests.js';
import { wibDay } from '../../domain/time.js';
import { recordAdminAction } from '../../store/admin-actions.js';
import {
  applicationNameInUse,
  endSecrets,
  findApplication,
  insertApplication,
  insertSecret,
  listApplications,
  lockApplication,
  markRevoked,
  setClientId,
  setJuknisRevision,
  setPocRequest,
  setPocResult,
} from '../../store/applications.js';
import type { Executor } from '../../store/db.js';
import { hashToken } from '../account/tokens.js';
import { inTransaction } from '../agreements/transactions.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';

/**
 * Applications that use the web service (issue 11 items 3 and 4): the agency head registers
 * one (which records the technical guide's revision it requires, for Dukcapil to note), its
 * PoC runs through the PoC request flow (requests/decision.ts calls pocDecided), and once it
 * passed the head issues its client ID and secret, rotates the secret with an overlap, or
 * revokes the application; Dukcapil's admin may revoke it too. Every change is in the admin
 * trail.
 */

type ApplicationActor = Pick<Actor, 'id' | 'role' | 'agencyId'>;

const NOT_FOUND = 'Aplikasi tidak ditemukan';

/** Whose applications the actor sees: Dukcapil every agency's, the head their own. */
function scopeOf(actor: ApplicationActor): number | null {
  if (can(actor.role, 'application.viewAll')) return null;
  if (can(actor.role, 'application.manageOwn') && actor.agencyId !== null) return actor.agencyId;
  throw new Refusal('TIDAK_BERWENANG');
}

function requireHead(actor: ApplicationActor): number {
  if (!can(actor.role, 'application.manageOwn') || actor.agencyId === null)
    throw new Refusal('TIDAK_BERWENANG');
  return actor.agencyId;
}

/** The application under its lock, if the actor may see it (another agency's reads as absent). */
async function lockedVisible(tx: Executor, actor: ApplicationActor, id: number) {
  const scope = scopeOf(actor);
  const app = Number.isInteger(id) && id > 0 ? await lockApplication(tx, id) : undefined;
  if (!app || (scope !== null && app.agency_id !== scope))
    throw new Refusal('TIDAK_ADA', NOT_FOUND);
  return app;
}

export async function registerApplication(
  deps: Deps,
  actor: ApplicationActor,
  raw: Readonly<Record<string, unknown>>,
): Promise<number> {
  const agencyId = requireHead(actor);
  const form = checkApplicationForm(raw);
  if (!form.ok) {
    throw new Refusal('PERMINTAAN_TIDAK_VALID', form.fields.map((f) => f.message).join('; '), {
      fields: form.fields,
    });
  }
  const now = deps.clock();
  return inTransaction(deps.db, async (tx) => {
    if (await applicationNameInUse(tx, agencyId, form.value.name)) {
      throw new Refusal('PERMINTAAN_TIDAK_VALID', 'Nama aplikasi sudah dipakai aplikasi lain', {
        fields: [{ field: 'name', message: 'Nama aplikasi sudah dipakai aplikasi lain instansi' }],
      });
    }
    const id = await insertApplication(tx, { ...form.value, agencyId, at: now, by: actor.id });
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId,
      action: 'APLIKASI_DIDAFTARKAN',
      target: `Aplikasi ${form.value.name}`,
      // SPEC §2: a new application needs its own PoC and a revision of the technical guide.
      detail: {
        applicationId: id,
        accessPoint: form.value.accessPoint,
        pocRequired: true,
        juknisRevisionRequired: true,
      },
    });
    return id;
  });
}

export async function applicationsFor(deps: Deps, actor: ApplicationActor) {
  return listApplications(deps.db, scopeOf(actor), deps.clock());
}

export async function applicationOf(deps: Deps, actor: ApplicationActor, id: number) {
  const scope = scopeOf(actor);
  const app = Number.isInteger(id) && id > 0 ? await findApplication(deps.db, id) : undefined;
  if (!app || (scope !== null && app.agency_id !== scope))
    throw new Refusal('TIDAK_ADA', NOT_FOUND);
  return app;
}

export interface IssuedCredentials {
  readonly clientId: string;
  /** Shown once; Gerbang keeps only its SHA-256. */
  readonly clientSecret: string;
  /** A rotation: when the secret(s) it replaced stop working; null for the first issue. */
  readonly previousValidUntil: Date | null;
}

/**
 * Issues the application's client ID (the first time) and a new secret. Only after its PoC
 * passed. A rotation keeps the previous secrets working for `overlapHours` (0: they end now),
 * so that the application's servers can switch without a gap.
 */
export async function issueCredentials(
  deps: Deps,
  actor: ApplicationActor,
  id: number,
  overlapHoursRaw?: unknown,
): Promise<IssuedCredentials> {
  requireHead(actor);
  const overlapHours = checkedOverlapHours(overlapHoursRaw);
  if (overlapHours === undefined) {
    throw new Refusal(
      'PERMINTAAN_TIDAK_VALID',
      `Masa tumpang tindih harus bilangan bulat 0–${MAX_OVERLAP_HOURS} jam`,
      { fields: [{ field: 'overlapHours', message: `Isi 0–${MAX_OVERLAP_HOURS} jam` }] },
    );
  }
  const now = deps.clock();
  return inTransaction(deps.db, async (tx) => {
    const app = await lockedVisible(tx, actor, id);
    if (app.state !== 'LULUS_POC') {
      throw new Refusal(
        'KONFLIK',
        app.state === 'DICABUT'
          ? 'Aplikasi telah dicabut; kredensial tidak dapat diterbitkan'
          : 'Kredensial baru dapat diterbitkan setelah aplikasi lulus PoC',
      );
    }
    const first = app.client_id === null;
    const clientId =
      app.client_id ?? `${CLIENT_ID_PREFIX}${crypto.randomBytes(10).toString('hex')}`;
    if (first) await setClientId(tx, id, clientId);
    const until = new Date(now.getTime() + overlapHours * 3_600_000);
    const replaced = first ? 0 : await endSecrets(tx, id, until);
    const clientSecret = `${CLIENT_SECRET_PREFIX}${crypto.randomBytes(32).toString('base64url')}`;
    await insertSecret(tx, {
      applicationId: id,
      hash: hashToken(clientSecret),
      at: now,
      by: actor.id,
    });
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId: app.agency_id,
      action: first ? 'APLIKASI_KREDENSIAL_DITERBITKAN' : 'APLIKASI_RAHASIA_DIROTASI',
      target: `Aplikasi ${app.name}`,
      // Never the secret: the client ID and when the replaced secrets end.
      detail: {
        applicationId: id,
        clientId,
        ...(first ? {} : { replaced, overlapHours, previousValidUntil: until.toISOString() }),
      },
    });
    return { clientId, clientSecret, previousValidUntil: first ? null : until };
  });
}

/** Revokes an application for good: its secrets and tokens stop at once. */
export async function revokeApplication(
  deps: Deps,
  actor: ApplicationActor,
  id: number,
  reasonRaw: string,
): Promise<void> {
  if (!can(actor.role, 'application.manageOwn') && !can(actor.role, 'application.manage'))
    throw new Refusal('TIDAK_BERWENANG');
  const reason = reasonRaw.trim();
  if (reason.length < 10 || reason.length > 1000) {
    throw new Refusal('PERMINTAAN_TIDAK_VALID', 'Alasan pencabutan harus 10–1.000 karakter', {
      fields: [{ field: 'reason', message: 'Tuliskan alasan pencabutan (10–1.000 karakter)' }],
    });
  }
  const now = deps.clock();
  await inTransaction(deps.db, async (tx) => {
    const app = await lockedVisible(tx, actor, id);
    if (app.state === 'DICABUT') throw new Refusal('KONFLIK', 'Aplikasi sudah dicabut');
    const ended = await endSecrets(tx, id, now);
    await markRevoked(tx, id, { at: now, by: actor.id, reason });
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId: app.agency_id,
      action: 'APLIKASI_DICABUT',
      target: `Aplikasi ${app.name}`,
      reason,
      detail: { applicationId: id, clientId: app.client_id, secretsEnded: ended },
    });
  });
}

/** Dukcapil records the revision of the technical guide the application required. */
export async function recordJuknisRevision(
  deps: Deps,
  actor: ApplicationActor,
  id: number,
  revision: { nomor: string; tanggal: string },
): Promise<void> {
  if (!can(actor.role, 'application.manage')) throw new Refusal('TIDAK_BERWENANG');
  const now = deps.clock();
  const letter = { nomor: revision.nomor.trim(), tanggal: revision.tanggal.trim() };
  const problems = letterProblems('revisi Juknis', letter, wibDay(now), 60);
  if (problems.length > 0)
    throw new Refusal('PERMINTAAN_TIDAK_VALID', problems.join('; '), { problems });
  await inTransaction(deps.db, async (tx) => {
    const app = await lockedVisible(tx, actor, id);
    await setJuknisRevision(tx, id, { ...letter, by: actor.id });
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId: app.agency_id,
      action: 'APLIKASI_REVISI_JUKNIS',
      target: `Aplikasi ${app.name}`,
      detail: {
        applicationId: id,
        revision: letter,
        ...(app.juknis_revision_number
          ? {
              previous: { nomor: app.juknis_revision_number, tanggal: app.juknis_revision_on },
            }
          : {}),
      },
    });
  });
}

// ---------------------------------------------------------------------------------------
// The PoC request flow (services/requests/filing.ts and decision.ts)

/**
 * A PoC request names the application to be tested: one of the agency's, registered and not
 * yet passed, without another PoC open. Returns its name, or the problems.
 */
export async function pocApplicationCheck(
  tx: Executor,
  agencyId: number,
  applicationId: number,
): Promise<{ ok: true; name: string } | { ok: false; problem: string }> {
  const app = await lockApplication(tx, applicationId);
  if (!app || app.agency_id !== agencyId)
    return { ok: false, problem: 'Aplikasi yang diuji bukan aplikasi terdaftar instansi Anda' };
  if (app.state === 'DICABUT') return { ok: false, problem: 'Aplikasi yang diuji telah dicabut' };
  if (app.state === 'LULUS_POC')
    return { ok: false, problem: 'Aplikasi yang diuji sudah lulus PoC' };
  if (app.poc_request_id !== null && app.poc_result === null) {
    const open = await tx
      .selectFrom('request')
      .select('state')
      .where('id', '=', app.poc_request_id)
      .executeTakeFirst();
    if (open && open.state !== 'DISETUJUI' && open.state !== 'DITOLAK')
      return { ok: false, problem: 'PoC aplikasi ini masih diproses; tunggu hasilnya' };
  }
  return { ok: true, name: app.name };
}

/** The PoC request filed: the application points at it. */
export async function pocFiled(
  tx: Executor,
  applicationId: number,
  requestId: number,
): Promise<void> {
  await setPocRequest(tx, applicationId, requestId);
}

/**
 * The PoC's result recorded (approved: passed; rejected: not passed) in the transaction of
 * the decision: the application may call once passed, and not before.
 */
export async function pocDecided(
  tx: Executor,
  actor: Pick<Actor, 'id'>,
  decision: { applicationId: number; requestId: number; passed: boolean; at: Date },
): Promise<void> {
  const app = await lockApplication(tx, decision.applicationId);
  if (!app || app.state === 'DICABUT') return;
  await setPocResult(tx, decision.applicationId, decision);
  await recordAdminAction(tx, {
    at: decision.at,
    actorId: actor.id,
    agencyId: app.agency_id,
    action: decision.passed ? 'APLIKASI_LULUS_POC' : 'APLIKASI_TIDAK_LULUS_POC',
    target: `Aplikasi ${app.name}`,
    detail: { applicationId: app.id, requestId: decision.requestId },
  });
}
