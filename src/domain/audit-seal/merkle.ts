import { createHash } from 'node:crypto';

/**
 * The Merkle tree hash of RFC 6962 / RFC 9162 §2.1 over a list of leaves: a leaf hashes as
 * SHA-256(0x00 || data) and a node as SHA-256(0x01 || left || right), and a tree of n leaves
 * splits at the largest power of two below n. The same hashing as Certificate Transparency,
 * so a proof can be checked with any of its tools' algorithms.
 */
export type Hash = Buffer;

export function leafHash(data: string | Buffer): Hash {
  return createHash('sha256').update(Buffer.of(0)).update(data).digest();
}

export function nodeHash(left: Hash, right: Hash): Hash {
  return createHash('sha256').update(Buffer.of(1)).update(left).update(right).digest();
}

/** SHA-256 of nothing: the root of the empty tree. */
export const EMPTY_ROOT: Hash = createHash('sha256').digest();

/**
 * The roots of the perfect subtrees that make up a log of `size` leaves, the largest (the
 * leftmost) first: one per 1-bit of `size`. With them a log grows by one leaf in O(log n)
 * without reading the earlier leaves again, and the root is their fold from the right.
 */
export interface Frontier {
  readonly size: number;
  readonly subtrees: readonly Hash[];
}

export const EMPTY_FRONTIER: Frontier = { size: 0, subtrees: [] };

export function appendLeaf(frontier: Frontier, leaf: Hash): Frontier {
  const subtrees = [...frontier.subtrees];
  let carry = leaf;
  // Merge equal-sized subtrees: the trailing 1-bits of size are the subtrees to merge.
  for (let size = frontier.size; size % 2 === 1; size = Math.floor(size / 2)) {
    carry = nodeHash(subtrees.pop()!, carry);
  }
  subtrees.push(carry);
  return { size: frontier.size + 1, subtrees };
}

/** The same as appendLeaf repeatedly, without copying the list for every leaf. */
export function appendLeaves(frontier: Frontier, leaves: readonly Hash[]): Frontier {
  const subtrees = [...frontier.subtrees];
  let size = frontier.size;
  for (const leaf of leaves) {
    let carry = leaf;
    for (let bits = size; bits % 2 === 1; bits = Math.floor(bits / 2)) {
      carry = nodeHash(subtrees.pop()!, carry);
    }
    subtrees.push(carry);
    size += 1;
  }
  return { size, subtrees };
}

export function frontierRoot(frontier: Frontier): Hash {
  const { subtrees } = frontier;
  if (subtrees.length === 0) return EMPTY_ROOT;
  let root = subtrees[subtrees.length - 1]!;
  for (let i = subtrees.length - 2; i >= 0; i -= 1) root = nodeHash(subtrees[i]!, root);
  return root;
}

/** The root of the tree over `leaves` (leaf hashes), by the definition (for tests and proofs). */
export function treeRoot(leaves: readonly Hash[]): Hash {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return leaves[0]!;
  const k = largestPowerOfTwoBelow(leaves.length);
  return nodeHash(treeRoot(leaves.slice(0, k)), treeRoot(leaves.slice(k)));
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The inclusion proofs (audit paths, RFC 9162 §2.1.3.1) of leaves at `positions` in the tree
 * of the first `size` leaves: the sibling hashes from each leaf up to the root. The roots of
 * the subtrees are kept, so each further proof costs only its path, not a pass over every
 * leaf (a resident's statement proves many lines against one tree).
 */
export function inclusionProofs(
  leaves: readonly Hash[],
  size: number,
  positions: readonly number[],
): Hash[][] {
  const roots = new Map<string, Hash>();
  const root = (from: number, to: number): Hash => {
    if (to - from === 1) return leaves[from]!;
    const key = `${from}:${to}`;
    const known = roots.get(key);
    if (known) return known;
    const k = largestPowerOfTwoBelow(to - from);
    const hash = nodeHash(root(from, from + k), root(from + k, to));
    roots.set(key, hash);
    return hash;
  };
  const path = (from: number, to: number, at: number): Hash[] => {
    const n = to - from;
    if (n === 1) return [];
    const k = largestPowerOfTwoBelow(n);
    return at < k
      ? [...path(from, from + k, at), root(from + k, to)]
      : [...path(from + k, to, at - k), root(from, from + k)];
  };
  return positions.map((position) => {
    if (!(position >= 0 && position < size && size <= leaves.length)) {
      throw new RangeError(`posisi ${position} tidak ada di log berukuran ${size}`);
    }
    return path(0, size, position);
  });
}

/** The inclusion proof of one leaf (inclusionProofs of one position). */
export function inclusionProof(leaves: readonly Hash[], index: number, size: number): Hash[] {
  return inclusionProofs(leaves, size, [index])[0]!;
}

/** RFC 9162 §2.1.3.2: does `proof` lead from `leaf` at `index` to `root` of a tree of `size`? */
export function verifyInclusion(
  leaf: Hash,
  index: number,
  size: number,
  proof: readonly Hash[],
  root: Hash,
): boolean {
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(size) && index >= 0 && index < size)) {
    return false;
  }
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}
