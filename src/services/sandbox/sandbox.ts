import crypto from 'node:crypto';
import { requiredDocuments } from '../../domain/documents.js';
import { ELEMENTS } from '../../domain/elements.js';
import { QUOTA_BEFORE_POC } from '../../domain/quota.js';
import {
  SANDBOX_AGENCIES,
  SANDBOX_DEFAULTS,
  SANDBOX_RESIDENTS,
  SANDBOX_UNREACHABLE_ACCESS_POINT,
  SANDBOX_USERS,
  type SandboxAgency,
} from '../../domain/sandbox.js';
import type { Resident } from '../../domain/resident.js';
import { wibDay } from '../../domain/time.js';
import { CLI_ACTOR } from '../../domain/user-scope.js';
import { MIN_PASSWORD_LENGTH } from '../../domain/users.js';
import { countAgencies, findAgencyByCode } from '../../store/agencies.js';
import { insertApplication, setPocResult } from '../../store/applications.js';
import { setDataBalikanSchema } from '../../store/data-balikan.js';
import { fillQuota, isSandboxDatabase, markSandboxDatabase } from '../../store/environment.js';
import { countResidents } from '../../store/residents.js';
import { countUsers } from '../../store/users.js';
import { createAgency, createAgreement } from '../administration/agreements.js';
import { createUser } from '../administration/users.js';
import { close } from '../agreements/agreement-lifecycle.js';
import { DINKES_DATA_BALIKAN } from '../demo/agreements.js';
import { demoDocumentPdf } from '../demo/documents.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';
import { generateResidents } from '../registry/generate.js';
import { importResidentRecords } from '../registry/import.js';
import { changeUserStatus } from '../users/user-actions.js';
import { recordUserDocument } from '../users/user-documents.js';

/**
 * The PoC sandbox's database (issue 11 item 5): marked as a sandbox before anything goes in
 * (so that the register import refuses it from the first moment), synthetic residents from
 * the demo's generator plus the fixed ones of domain/sandbox.ts, the sandbox agencies with
 * their agreements, and the users that reach each answer on purpose.
 */

export interface SandboxOptions {
  /** Every sandbox user's password; a random one is made (and reported once) when absent. */
  readonly password: string | undefined;
  readonly residents?: number;
  /** Where developers call from: the sandbox agreements' access points (default: anywhere). */
  readonly accessPoints?: readonly string[];
  readonly log: (line: string) => void;
}

export const MAX_SANDBOX_RESIDENTS = 100_000;
const ANYWHERE = ['0.0.0.0/0', '::/0'];

/** Whether this database is a sandbox (the register import and the server ask). */
export async function isSandbox(deps: Pick<Deps, 'db'>): Promise<boolean> {
  return isSandboxDatabase(deps.db);
}

/**
 * Opens the sandbox on its database: loads it when empty, checks it is one otherwise. A
 * database that holds anything and is not a sandbox is refused: the sandbox never runs on a
 * register.
 */
export async function prepareSandbox(deps: Deps, options: SandboxOptions): Promise<boolean> {
  if (await isSandboxDatabase(deps.db)) {
    if (!(await findAgencyByCode(deps.db, 'SANDBOX'))) {
      throw new Refusal(
        'PERMINTAAN_TIDAK_VALID',
        'Basis data sandbox tidak lengkap (pemuatan sebelumnya terhenti): hapus foldernya dan jalankan lagi',
      );
    }
    await keepSandboxQuotaSpent(deps);
    return false;
  }
  const [agencies, users, residents] = await Promise.all([
    countAgencies(deps.db),
    countUsers(deps.db),
    countResidents(deps.db),
  ]);
  if (agencies + users + residents > 0) {
    throw new Refusal(
      'PERMINTAAN_TIDAK_VALID',
      'Folder basis data ini berisi data dan bukan sandbox: sandbox hanya berjalan pada folder kosong miliknya sendiri (--data-dir)',
    );
  }
  await seedSandbox(deps, options);
  return true;
}

async function seedSandbox(deps: Deps, options: SandboxOptions): Promise<void> {
  const count = options.residents ?? SANDBOX_DEFAULTS.residents;
  if (!Number.isInteger(count) || count < 0 || count > MAX_SANDBOX_RESIDENTS) {
    throw new Refusal(
      'PERMINTAAN_TIDAK_VALID',
      `Jumlah penduduk sintetis sandbox harus 0–${MAX_SANDBOX_RESIDENTS.toLocaleString('id-ID')}`,
    );
  }
  if (options.password !== undefined && options.password.length < MIN_PASSWORD_LENGTH) {
    throw new Refusal(
      'PERMINTAAN_TIDAK_VALID',
      `Kata sandi sandbox minimal ${MIN_PASSWORD_LENGTH} karakter`,
    );
  }
  const now = deps.clock();
  await markSandboxDatabase(deps.db, now);
  options.log(
    `Memuat sandbox: ${count.toLocaleString('id-ID')} penduduk sintetis dan ${SANDBOX_RESIDENTS.length} penduduk tetap…`,
  );
  await importResidentRecords(deps.db, sandboxResidents(count));

  const password = options.password ?? crypto.randomBytes(12).toString('base64url');
  const accessPoints = options.accessPoints?.length ? [...options.accessPoints] : ANYWHERE;
  const today = wibDay(now);
  const endsOn = `${Number(today.slice(0, 4)) + 2}${today.slice(4)}`.replace('-02-29', '-02-28');
  const agreementIds = new Map<SandboxAgency, number>();
  await deps.db.transaction().execute(async (tx) => {
    for (const [code, name] of Object.entries(SANDBOX_AGENCIES) as [SandboxAgency, string][]) {
      await createAgency(tx, { code, name, headTitle: `Kepala ${name}` }, now);
      const agreementId = await createAgreement(
        tx,
        {
          agencyCode: code,
          nomorDukcapil: `SANDBOX/${code}/PKS`,
          nomorInstansi: `SANDBOX/${code}/INSTANSI`,
          nomorJuknis: null,
          signedOn: today,
          endsOn,
          purpose: 'Uji coba integrasi aplikasi instansi pada lingkungan uji (sandbox) sebelum PoC',
          grantedElements: [...ELEMENTS],
          accessMethods: ['PORTAL', 'API'],
          accessPoints: code === 'UJIIP' ? [SANDBOX_UNREACHABLE_ACCESS_POINT] : accessPoints,
          quotaStage: 'PRA_POC',
        },
        now,
      );
      agreementIds.set(code, agreementId);
      await setDataBalikanSchema(tx, agreementId, DINKES_DATA_BALIKAN);
      // The API answers only through an application whose PoC passed (issue 11): the sandbox,
      // where agencies practise before their PoC, holds one at each of its access points.
      const agency = await findAgencyByCode(tx, code);
      const points = code === 'UJIIP' ? [SANDBOX_UNREACHABLE_ACCESS_POINT] : accessPoints;
      for (const [i, accessPoint] of points.entries()) {
        const applicationId = await insertApplication(tx, {
          agencyId: agency!.id,
          name: `Aplikasi uji sandbox ${i + 1}`,
          purpose: 'Uji coba integrasi aplikasi instansi pada lingkungan uji (sandbox)',
          technicalContact: 'Tim TI instansi',
          accessPoint,
          at: now,
          by: null,
        });
        await setPocResult(tx, applicationId, { passed: true, at: now });
      }
    }
    for (const user of SANDBOX_USERS) {
      await createUser(tx, {
        userId: user.userId,
        displayName: user.displayName,
        role: user.role,
        agencyCode: user.agency,
        password,
      });
    }
  });
  // Agency users may look up at once: the demo's stand-in NDA / SPTJM.
  for (const user of SANDBOX_USERS) {
    if (!user.agency) continue;
    for (const kind of requiredDocuments(user.role)) {
      await recordUserDocument(deps, CLI_ACTOR, {
        userId: user.userId,
        kind,
        signedOn: today,
        content: await demoDocumentPdf(kind, user.userId),
        fileName: `${kind.toLowerCase()}-sandbox-${user.userId}.pdf`,
      });
    }
  }
  for (const user of SANDBOX_USERS) {
    if (!user.status) continue;
    await changeUserStatus(deps, CLI_ACTOR, {
      userId: user.userId,
      to: user.status,
      reason: 'Pengguna uji sandbox untuk jawaban ' + (user.answer ?? user.status),
    });
  }
  await close(
    deps.db,
    CLI_ACTOR,
    agreementIds.get('UJINONAKTIF')!,
    'PKS uji sandbox dicabut agar jawaban Instansi tidak aktif dapat dicoba',
    now,
    'revoke',
  );
  await keepSandboxQuotaSpent(deps);
  options.log(`Pengguna sandbox: ${SANDBOX_USERS.map((user) => user.userId).join(', ')}`);
  options.log(
    options.password === undefined
      ? `Kata sandi sandbox (dibuat acak, hanya ditampilkan sekali ini): ${password}`
      : 'Kata sandi sandbox: nilai GERBANG_SANDBOX_PASSWORD',
  );
}

/** The generated population, then the fixed residents (a NIK given twice keeps the later). */
function* sandboxResidents(count: number): Generator<Resident> {
  yield* generateResidents({ count, seed: SANDBOX_DEFAULTS.seed });
  for (const resident of SANDBOX_RESIDENTS) {
    const { answer, ...record } = resident;
    void answer;
    yield record;
  }
}

/** The agency whose quota is always used up: today's count at the limit. */
export async function keepSandboxQuotaSpent(deps: Deps): Promise<void> {
  await fillQuota(deps.db, 'UJIKUOTA', wibDay(deps.clock()), QUOTA_BEFORE_POC);
}
