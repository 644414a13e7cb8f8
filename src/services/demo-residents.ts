import type { Db } from '../store/db.js';
import { generateResidents } from './registry-generate.js';
import { importResidentRecords } from './registry-import.js';

/** The demo's synthetic population, straight from the generator into the register. */
export async function seedDemoResidents(db: Db, count: number, seed: number): Promise<void> {
  await importResidentRecords(db, generateResidents({ count, seed }));
}
