import { jaroWinkler } from '@skyra/jaro-winkler';
import { tokens, type TextKind } from './normalise.js';

/**
 * How alike what an applicant wrote is to what the register holds, 0–100 (issue 11): the
 * score a verification answers as `Sesuai (92)` / `Tidak Sesuai (62)` against the caller's
 * threshold. Both texts are first brought to canonical tokens (normalise.ts); the score is
 * then a matching of tokens, not of whole strings, because the ways a name differs on a
 * form are token-shaped: a title added, the words in another order, a word left out of a
 * long name, an initial for a word, two words written as one.
 *
 * Plain Jaro-Winkler on the whole string rewards a common beginning, which in Indonesia is
 * the rule rather than a sign of identity (`MUHAMMAD RIZKY` and `MUHAMMAD FAJAR` score 0.87):
 * here each token is compared with Jaro-Winkler on its own, and a shared `MUHAMMAD` counts
 * for one token out of two.
 */
export function similarity(kind: TextKind, asked: string, register: string): number {
  let a = tokens(kind, asked);
  let b = tokens(kind, register);
  if (kind === 'address') [a, b] = withoutOneSidedNeighbourhoods(a, b);
  if (a.length === 0 || b.length === 0) return 0;
  let best = alignment(a, b);
  // Two words written as one (`NUR HAYATI` / `NURHAYATI`): try each adjacent pair joined.
  for (const [longer, shorter] of [
    [a, b],
    [b, a],
  ] as const) {
    if (longer.length <= shorter.length) continue;
    for (let i = 0; i + 1 < longer.length; i++) {
      const word = longer[i]! + longer[i + 1]!;
      // Only a join that yields a word of the other side: joining two words that match
      // nothing would merely halve the penalty for a word too many.
      if (!shorter.some((other) => wordSimilarity(word, other) >= 0.9)) continue;
      const joined = [...longer.slice(0, i), word, ...longer.slice(i + 2)];
      best = Math.max(best, alignment(joined, shorter));
    }
  }
  return Math.round(Math.min(1, best) * 100);
}

const NEIGHBOURHOOD = /^R[TW]\d+$/;

/**
 * RT and RW are elements of their own in the register (NO_RT, NO_RW): an address written
 * with them is compared without them when the other side has none, and with them otherwise.
 */
function withoutOneSidedNeighbourhoods(a: string[], b: string[]): [string[], string[]] {
  const has = (list: string[]) => list.some((token) => NEIGHBOURHOOD.test(token));
  if (has(a) === has(b)) return [a, b];
  const drop = (list: string[]) => list.filter((token) => !NEIGHBOURHOOD.test(token));
  return [drop(a), drop(b)];
}

/** An initial (`M.`, `S.`) for a word that begins with it: likely, not certain. */
const INITIAL_CREDIT = 0.85;
/**
 * A word one side has and the other lacks counts half against the match: a long name is
 * often written without its middle word, and a person is still the same person; a name of
 * one word against a name of two is more often another person, and scores below 70.
 */
const MISSING_WEIGHT = 0.5;
/**
 * Below this, two words are different words (random pairs of Javanese names score 0.5–0.7
 * in Jaro-Winkler); above it, a misspelling of one word. Credit rises from 0 at the floor
 * to the similarity itself at 0.9, so a near miss does not add up with others into a match.
 */
const WORD_FLOOR = 0.75;

function wordSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  // Numbers (house, RT/RW) are equal or not; a digit out is another house.
  if (/\d/.test(a) || /\d/.test(b)) return 0;
  if (a.length === 1 || b.length === 1) return a[0] === b[0] ? INITIAL_CREDIT : 0;
  if (differentEndings(a, b)) return 0;
  const score = jaroWinkler(a, b);
  if (score >= 0.9) return score;
  if (score <= WORD_FLOOR) return 0;
  return ((score - WORD_FLOOR) / (0.9 - WORD_FLOOR)) * 0.9;
}

/**
 * Javanese names and places are compounds on a few common beginnings (KARANG-, KALI-,
 * SIDA-, NUR-, SUPR-): `KARANGREJA` and `KARANGANYAR` share six letters and Jaro-Winkler
 * rewards exactly that. When two words share four letters or more at the start and both go
 * on for three letters or more, the rest decides: different rests, different words. A
 * misspelling keeps its rest alike (`SUPRIYADI` / `SUPRIADI`: `YADI` / `ADI`).
 */
function differentEndings(a: string, b: string): boolean {
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  if (common < 4 || a.length - common < 3 || b.length - common < 3) return false;
  return jaroWinkler(a.slice(common), b.slice(common)) < 0.7;
}

/**
 * The best one-to-one pairing of the two token lists (greedy by similarity, which for lists
 * of a few words finds the optimum in practice), scored over the shorter list with missing
 * words weighed in.
 */
function alignment(a: readonly string[], b: readonly string[]): number {
  const pairs: [number, number, number][] = [];
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      const score = wordSimilarity(a[i]!, b[j]!);
      if (score > 0) pairs.push([score, i, j]);
    }
  }
  pairs.sort((x, y) => y[0] - x[0]);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  let sum = 0;
  for (const [score, i, j] of pairs) {
    if (usedA.has(i) || usedB.has(j)) continue;
    usedA.add(i);
    usedB.add(j);
    sum += score;
  }
  const shorter = Math.min(a.length, b.length);
  const longer = Math.max(a.length, b.length);
  return sum / (shorter + MISSING_WEIGHT * (longer - shorter));
}

/** `Sesuai` when the score reaches the threshold (percent, as callers send it). */
export function matches(score: number, threshold: number): boolean {
  return score >= threshold;
}
