import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliDatabase, type CliDatabase } from '../../test/cli.js';
import { makeAgency, makeAgreement } from '../../test/factories.js';
import { DPMPTSP_DATA_BALIKAN } from '../services/demo/agreements.js';
import { DEMO_SERVICE_KINDS } from '../services/service-cases/demo-kinds.js';
import { setDataBalikanSchema } from '../store/data-balikan.js';

/**
 * `gerbang agreement layanan`: an agreement's kinds of service from a JSON file, checked
 * against its return-data schema, recorded in the admin trail; a bad file changes nothing.
 */
describe('gerbang agreement layanan', () => {
  let cli: CliDatabase;
  let nomor: string;
  let agreementId: number;

  beforeAll(async () => {
    cli = await createCliDatabase('gerbang-layanan-cli-');
    await cli.withDb(async (db) => {
      const agency = await makeAgency(db, { code: 'PTSP_CLI' });
      const agreement = await makeAgreement(db, agency.code);
      await setDataBalikanSchema(db, agreement.id, DPMPTSP_DATA_BALIKAN);
      nomor = agreement.nomorDukcapil;
      agreementId = agreement.id;
    });
  });
  afterAll(() => cli.remove());

  const write = (name: string, content: unknown) => {
    const file = path.join(cli.dir, name);
    fs.writeFileSync(file, JSON.stringify(content));
    return file;
  };
  const stored = () =>
    cli.withDb((db) =>
      db
        .selectFrom('service_kind_config')
        .select('kinds')
        .where('agreement_id', '=', agreementId)
        .executeTakeFirst(),
    );

  it('sets the kinds and records it', async () => {
    const file = write('jenis.json', DEMO_SERVICE_KINDS.DPMPTSP);
    const run = await cli.run(cli.env, [
      'agreement',
      'layanan',
      '--nomor-dukcapil',
      nomor,
      '--file',
      file,
    ]);
    expect([run.code, run.stdout]).toEqual([0, `Jenis layanan PKS ${nomor} ditetapkan.\n`]);
    expect((await stored())?.kinds).toEqual(DEMO_SERVICE_KINDS.DPMPTSP);
    const trail = await cli.withDb((db) =>
      db
        .selectFrom('admin_action')
        .select(['action', 'actor_id'])
        .where('target', '=', nomor)
        .where('action', '=', 'PKS_JENIS_LAYANAN_DITETAPKAN')
        .execute(),
    );
    expect(trail).toEqual([{ action: 'PKS_JENIS_LAYANAN_DITETAPKAN', actor_id: null }]);
  });

  it('refuses kinds naming a field the schema lacks, and keeps what was set', async () => {
    const file = write('salah.json', [
      { code: 'NIB', label: 'NIB', documentLabel: 'Nomor NIB', returnField: 'nomor_jkn' },
    ]);
    const run = await cli.run(cli.env, [
      'agreement',
      'layanan',
      '--nomor-dukcapil',
      nomor,
      '--file',
      file,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'Jenis layanan ke-1: kolom data balikan "nomor_jkn" tidak ada pada skema',
    );
    expect((await stored())?.kinds).toEqual(DEMO_SERVICE_KINDS.DPMPTSP);
  });
});
