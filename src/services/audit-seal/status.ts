import { findLatestCheckpoint, type CheckpointRow } from '../../store/audit-seal.js';
import type { Deps } from '../deps.js';

export async function latestCheckpoint(deps: Deps): Promise<CheckpointRow | undefined> {
  return findLatestCheckpoint(deps.db);
}
