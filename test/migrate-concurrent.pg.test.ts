import crypto from 'node:crypto';
import pg from 'pg';
import { expect, it } from 'vitest';
import { openDatabase } from '../src/store/db.js';
import { migrate, migrationFiles } from '../src/store/migrate.js';
import { serverUrl, withDatabase } from './db.js';

it('three processes starting at once on a fresh PostgreSQL database migrate it exactly once', async () => {
  const name = `gerbang_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const opened = await Promise.all(
    [1, 2, 3].map(() => openDatabase({ url: withDatabase(serverUrl!, name), poolSize: 2 })),
  );
  try {
    const applied = await Promise.all(opened.map((open) => migrate(open.db)));
    expect(applied.flat().sort()).toEqual(migrationFiles());
  } finally {
    await Promise.all(opened.map((open) => open.close()));
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
  }
});
