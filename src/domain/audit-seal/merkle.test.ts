import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  appendLeaf,
  appendLeaves,
  EMPTY_FRONTIER,
  EMPTY_ROOT,
  frontierRoot,
  inclusionProof,
  inclusionProofs,
  leafHash,
  nodeHash,
  treeRoot,
  verifyInclusion,
} from './merkle.js';

const leaves = (n: number) => Array.from({ length: n }, (_, i) => leafHash(`baris ${i}`));

describe('the Merkle tree hash (RFC 6962 / 9162)', () => {
  it('hashes as Certificate Transparency does: the known values of the empty tree and of one empty leaf', () => {
    expect(EMPTY_ROOT.toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(leafHash('').toString('hex')).toBe(
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
    const [a, b, c] = leaves(3);
    expect(treeRoot([a!, b!, c!])).toEqual(nodeHash(nodeHash(a!, b!), c!));
  });

  it('grows by a frontier to the same root as the definition, at every size', () => {
    const all = leaves(70);
    let frontier = EMPTY_FRONTIER;
    expect(frontierRoot(frontier)).toEqual(EMPTY_ROOT);
    for (let n = 1; n <= all.length; n += 1) {
      frontier = appendLeaf(frontier, all[n - 1]!);
      expect(frontierRoot(frontier), `size ${n}`).toEqual(treeRoot(all.slice(0, n)));
      // One subtree per 1-bit of the size.
      expect(frontier.subtrees).toHaveLength(n.toString(2).replaceAll('0', '').length);
    }
    expect(appendLeaves(appendLeaves(EMPTY_FRONTIER, all.slice(0, 33)), all.slice(33))).toEqual(
      frontier,
    );
  });

  it('proves every leaf of every tree up to 40 leaves, and no other leaf, position or root', () => {
    const all = leaves(40);
    for (let size = 1; size <= all.length; size += 1) {
      const root = treeRoot(all.slice(0, size));
      for (let index = 0; index < size; index += 1) {
        const proof = inclusionProof(all, index, size);
        expect(verifyInclusion(all[index]!, index, size, proof, root), `${index}/${size}`).toBe(
          true,
        );
        expect(verifyInclusion(leafHash('palsu'), index, size, proof, root)).toBe(false);
        if (size > 1) {
          expect(verifyInclusion(all[index]!, (index + 1) % size, size, proof, root)).toBe(false);
        }
        expect(verifyInclusion(all[index]!, index, size, proof, leafHash('akar lain'))).toBe(false);
      }
    }
  });

  it('proves many leaves of one tree at once, each proof verifying against the root', () => {
    const all = leaves(37);
    for (const size of [1, 2, 3, 8, 13, 37]) {
      const positions = Array.from({ length: size }, (_, i) => i);
      const root = treeRoot(all.slice(0, size));
      const many = inclusionProofs(all, size, positions);
      positions.forEach((p) =>
        expect(verifyInclusion(all[p]!, p, size, many[p]!, root), `${p}/${size}`).toBe(true),
      );
    }
  });

  it('rejects any change to a proof (property)', () => {
    const all = leaves(300);
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 300 }),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 0, max: 31 }),
        (size, at, step, byte) => {
          const index = at % size;
          const proof = inclusionProof(all, index, size);
          const root = treeRoot(all.slice(0, size));
          const changed = proof.map((h) => Buffer.from(h));
          const target = changed[step % changed.length]!;
          target[byte] = target[byte]! ^ 0xff;
          return (
            verifyInclusion(all[index]!, index, size, proof, root) &&
            !verifyInclusion(all[index]!, index, size, changed, root) &&
            !verifyInclusion(all[index]!, index, size, proof.slice(0, -1), root)
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
