import { leafData, type SealSource } from '../../domain/audit-seal/leaf.js';
import { inclusionProof } from '../../domain/audit-seal/merkle.js';
import type { InclusionProofDocument } from '../../domain/audit-seal/proof.js';
import { findLatestCheckpoint, findLeafOf, readLeafHashes } from '../../store/audit-seal.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';

/**
 * The inclusion proof of one sealed row against the latest checkpoint. Refused when the row
 * does not exist or is not sealed yet (the sealer runs a few times a second: try again).
 */
export async function proveAuditRow(
  deps: Deps,
  target: { readonly source: SealSource; readonly id: number },
): Promise<InclusionProofDocument> {
  const leaf = await findLeafOf(deps.db, target.source, target.id);
  if (!leaf) {
    throw new Refusal(
      'TIDAK_DITEMUKAN',
      `Baris ${target.source} id ${target.id} tidak ada atau belum disegel`,
    );
  }
  if (!leaf.row) {
    throw new Refusal(
      'KONFLIK',
      `Baris ${target.source} id ${target.id} telah dihapus dari jejak audit`,
    );
  }
  const checkpoint = await findLatestCheckpoint(deps.db);
  if (!checkpoint || checkpoint.size <= leaf.position) {
    throw new Refusal('KONFLIK', 'Baris ini belum tercakup checkpoint; coba lagi sebentar lagi');
  }
  const hashes = await readLeafHashes(deps.db, checkpoint.size);
  return {
    format: 'gerbang-audit-proof/1',
    position: leaf.position,
    leaf: leafData(leaf.row),
    proof: inclusionProof(hashes, leaf.position, checkpoint.size).map((h) => h.toString('hex')),
    checkpoint: checkpoint.note,
  };
}
