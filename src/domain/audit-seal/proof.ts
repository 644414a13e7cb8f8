import { checkpointSignedBy, parseCheckpoint, type AuditVerifier } from './checkpoint.js';
import { leafHash, verifyInclusion } from './merkle.js';

/**
 * An inclusion proof as Gerbang hands it out (`gerbang audit prove`): the sealed row's exact
 * text, its position, the audit path and the signed checkpoint it leads to. Anyone holding
 * the public key can check it with this function alone, without the database.
 */
export interface InclusionProofDocument {
  readonly format: 'gerbang-audit-proof/1';
  readonly position: number;
  /** The canonical text of the row (domain/audit-seal/leaf.ts), hashed as the leaf. */
  readonly leaf: string;
  /** Sibling hashes from the leaf up to the root, hex. */
  readonly proof: readonly string[];
  /** The signed checkpoint, as printed. */
  readonly checkpoint: string;
}

export type ProofCheck =
  | { readonly ok: true; readonly size: number; readonly sealedAt: Date }
  | { readonly ok: false; readonly problem: string };

export function checkInclusionProof(document: unknown, verifier: AuditVerifier): ProofCheck {
  const doc = document as Partial<InclusionProofDocument> | null;
  if (
    !doc ||
    doc.format !== 'gerbang-audit-proof/1' ||
    typeof doc.leaf !== 'string' ||
    typeof doc.checkpoint !== 'string' ||
    !Number.isSafeInteger(doc.position) ||
    !Array.isArray(doc.proof) ||
    !doc.proof.every((p) => typeof p === 'string' && /^[0-9a-f]{64}$/.test(p))
  ) {
    return { ok: false, problem: 'berkas bukan bukti inklusi Gerbang (gerbang-audit-proof/1)' };
  }
  const parsed = parseCheckpoint(doc.checkpoint);
  if (!parsed.ok) return { ok: false, problem: parsed.problem };
  const checkpoint = parsed.checkpoint;
  if (!checkpointSignedBy(checkpoint, verifier)) {
    return { ok: false, problem: 'tanda tangan checkpoint tidak sah untuk kunci publik ini' };
  }
  const included = verifyInclusion(
    leafHash(doc.leaf),
    doc.position!,
    checkpoint.size,
    (doc.proof as string[]).map((p) => Buffer.from(p, 'hex')),
    checkpoint.rootHash,
  );
  if (!included) {
    return {
      ok: false,
      problem:
        'jalur bukti tidak mengarah ke hash akar checkpoint: baris tidak tercakup atau telah diubah',
    };
  }
  return { ok: true, size: checkpoint.size, sealedAt: checkpoint.sealedAt };
}
