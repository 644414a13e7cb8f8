import { openDatabase } from '/work/main/dist/src/store/db.js';
import { migrate } from '/work/main/dist/src/store/migrate.js';
import { sql } from 'kysely';
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
let c = cpu();
const a = await openDatabase({});
await migrate(a.db);
const blob = await a.dumpDataDir();
await a.close();
console.log('setup cpu', cpu() - c);
let b;
for (let i = 0; i < 3; i++) {
  c = cpu();
  b = await openDatabase({ loadDataDir: blob });
  await sql`select 1`.execute(b.db);
  console.log('open cpu ms', (cpu() - c).toFixed(0));
  if (i < 2) await b.close();
}
const tables = (await sql`select tablename from pg_tables where schemaname='public'`.execute(b.db)).rows.map(r=>r.tablename);
for (let i = 0; i < 3; i++) {
  c = cpu();
  await sql.raw(`SET session_replication_role = replica; TRUNCATE ${tables.map(x=>'"'+x+'"').join(',')} RESTART IDENTITY CASCADE; SET session_replication_role = origin`).execute(b.db);
  console.log('truncate cpu ms', tables.length, (cpu() - c).toFixed(0));
}
