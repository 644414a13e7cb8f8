import crypto from 'node:crypto';
import { countAgencies } from '../../store/agencies.js';
import { countResidents, sampleNikPerStatus } from '../../store/residents.js';
import { setDataBalikanSchema } from '../../store/data-balikan.js';
import { countUsers } from '../../store/users.js';
import { requiredDocuments } from '../../domain/documents.js';
import { CLI_ACTOR } from '../../domain/user-scope.js';
import type { PolicyInput } from '../../domain/pattern-alert.js';
import { MIN_PASSWORD_LENGTH, type Role } from '../../domain/users.js';
import { createAgency, createAgreement } from '../administration/agreements.js';
import { recordDgApproval } from '../agreements/dg-approval.js';
import { createUser } from '../administration/users.js';
import { DEMO_AGENCIES, DEMO_USERS } from './agreements.js';
import { demoDocumentPdf } from './documents.js';
import { plantHoneytokens } from '../oversight/honeytokens.js';
import { setPatternSettings } from '../oversight/pattern-policy.js';
import type { Deps } from '../deps.js';
import { recordUserDocument } from '../users/user-documents.js';
import { Refusal } from '../errors.js';
import { generateResidents } from '../registry/generate.js';
import { DEMO_SERVICE_KINDS } from '../service-cases/demo-kinds.js';
import { upsertServiceKindConfig } from '../../store/service-cases.js';
import { importResidentRecords } from '../registry/import.js';
import { seedDemoCardReaders } from '../card-readers/demo-readers.js';

export const DEMO_RESIDENTS = 50_000;
export const DEMO_SEED = 3303;
/** Made-up residents whose lookup holds the user (issue 9 §2 f), on top of DEMO_RESIDENTS. */
export const DEMO_HONEYTOKENS = 3;
/** The Director General's approval letter of the two signed agreements (SPEC §4). */
export const DEMO_DG_APPROVAL = { nomor: '400.8.1.2/8765/Dukcapil', tanggal: '2025-07-25' };

/**
 * The agreements' input-pattern policy and service hours: DINKES verifies for health
 * services around the clock (births, deaths, emergencies), DPMPTSP at its licensing
 * counter on working days. Both warn (PERINGATAN); Dukcapil may tighten it per agreement.
 */
const DEMO_PATTERN_SETTINGS: Readonly<Record<string, PolicyInput>> = {
  DINKES: {
    policy: 'PERINGATAN',
    allDay: true,
    start: '',
    end: '',
    days: ['1', '2', '3', '4', '5', '6', '7'],
  },
  DPMPTSP: {
    policy: 'PERINGATAN',
    allDay: false,
    start: '07:30',
    end: '16:00',
    days: ['1', '2', '3', '4', '5'],
  },
};

export interface DemoOptions {
  /** Password of every demo user; a random one is generated (and reported once) when absent. */
  readonly password: string | undefined;
  readonly residents?: number;
  readonly log: (line: string) => void;
}

/** Synthetic residents must never mix with a real register: the demo wants an empty database. */
async function isEmpty(deps: Deps): Promise<boolean> {
  const [agencies, users, residents] = await Promise.all([
    countAgencies(deps.db),
    countUsers(deps.db),
    countResidents(deps.db),
  ]);
  return agencies + users + residents === 0;
}

/**
 * Loads the demo: a synthetic population of Kabupaten Purbalingga, the two agencies with
 * their real agreement numbers and dates (quota 200 a day, proof of concept not yet passed)
 * and five users (the officers with a demo NDA / SPTJM recorded; the admin enrols TOTP at
 * the first login), the agreements' service hours, and three honeytoken residents. Refuses a
 * database that holds any agency, user or resident.
 */
export async function seedDemo(deps: Deps, options: DemoOptions): Promise<void> {
  if (options.password !== undefined && options.password.length < MIN_PASSWORD_LENGTH) {
    throw new Refusal(
      'PERMINTAAN_TIDAK_VALID',
      `Kata sandi demo minimal ${MIN_PASSWORD_LENGTH} karakter`,
    );
  }
  if (!(await isEmpty(deps))) {
    throw new Refusal(
      'PERMINTAAN_TIDAK_VALID',
      'Basis data sudah berisi instansi, pengguna atau penduduk; demo hanya dimuat ke basis data kosong',
    );
  }
  const count = options.residents ?? DEMO_RESIDENTS;
  options.log(
    `Memuat data demo: ${count.toLocaleString('id-ID')} penduduk sintetis Kabupaten Purbalingga…`,
  );
  await importResidentRecords(deps.db, generateResidents({ count, seed: DEMO_SEED }));

  const generated = options.password === undefined;
  const password = options.password ?? crypto.randomBytes(12).toString('base64url');
  const now = deps.clock();
  const agreementIds = new Map<string, number>();
  await deps.db.transaction().execute(async (tx) => {
    for (const agency of DEMO_AGENCIES) {
      await createAgency(tx, agency, now);
      const agreementId = await createAgreement(
        tx,
        { ...agency.agreement, agencyCode: agency.code },
        now,
      );
      agreementIds.set(agency.code, agreementId);
      await setDataBalikanSchema(tx, agreementId, agency.dataBalikan);
      const kinds = DEMO_SERVICE_KINDS[agency.code];
      if (kinds) await upsertServiceKindConfig(tx, agreementId, kinds, now);
    }
    for (const user of DEMO_USERS) await createUser(tx, { ...user, password });
  });
  // Both agreements rest on the Director General's approval 400.8.1.2/8765/Dukcapil of
  // 25 July 2025 (SPEC §4).
  for (const agreementId of agreementIds.values()) {
    await recordDgApproval(deps.db, CLI_ACTOR, agreementId, DEMO_DG_APPROVAL, now);
  }
  // The input-pattern policy's service hours (issue 9): lookups outside them are a finding.
  for (const [code, settings] of Object.entries(DEMO_PATTERN_SETTINGS)) {
    const agreementId = agreementIds.get(code);
    if (agreementId !== undefined) await setPatternSettings(deps, CLI_ACTOR, agreementId, settings);
  }
  // Demo officers may look up at once: each gets a generated stand-in for the NDA / SPTJM
  // that the real ones sign (the lookup refuses an officer without it).
  for (const user of DEMO_USERS) {
    const agency = DEMO_AGENCIES.find((a) => a.code === user.agencyCode);
    if (!agency) continue;
    for (const kind of requiredDocuments(user.role as Role)) {
      await recordUserDocument(deps, CLI_ACTOR, {
        userId: user.userId,
        kind,
        signedOn: agency.agreement.signedOn,
        content: await demoDocumentPdf(kind, user.userId),
        fileName: `${kind.toLowerCase()}-demo-${user.userId}.pdf`,
      });
    }
  }

  // Two synthetic KTP-el card readers of DINKES (issue 12).
  await seedDemoCardReaders(deps);

  options.log(`Pengguna demo: ${DEMO_USERS.map((user) => user.userId).join(', ')}`);
  // The samples are read before the honeytokens are planted: none of them is one.
  const samples = await sampleNikPerStatus(deps.db);
  options.log(
    `Contoh NIK sintetis untuk dicoba: ${Object.entries(samples)
      .map(([status, nik]) => `${nik} (${status})`)
      .join(', ')}`,
  );
  const honeytokens = await plantHoneytokens(deps, CLI_ACTOR, {
    count: DEMO_HONEYTOKENS,
    note: 'Demo',
  });
  // Made-up like every demo resident; shown so that the hold can be tried. A real
  // deployment plants its own with `gerbang honeytoken tanam` and keeps them secret.
  options.log(
    `NIK penanda (honeytoken) demo, rahasia Dinas Dukcapil — pencarian salah satunya menahan pengguna: ${honeytokens.join(', ')}`,
  );
  options.log(
    generated
      ? `Kata sandi demo (dibuat acak, hanya ditampilkan sekali ini): ${password}`
      : 'Kata sandi demo: nilai GERBANG_DEMO_PASSWORD',
  );
}

/** `npm start` on an empty embedded database loads the demo; otherwise nothing happens. */
export async function seedDemoIfEmpty(deps: Deps, options: DemoOptions): Promise<boolean> {
  if (!(await isEmpty(deps))) return false;
  await seedDemo(deps, options);
  return true;
}
