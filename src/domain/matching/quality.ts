import type { TextKind } from './normalise.js';

/** One row of the labelled set (labelled-pairs.csv). */
export interface LabelledPair {
  readonly kind: TextKind;
  readonly asked: string;
  readonly register: string;
  /** Whether the two texts name the same person, place or address. */
  readonly match: boolean;
  readonly note: string;
}

export interface Quality {
  readonly threshold: number;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  readonly trueNegatives: number;
  /** Of the pairs answered `Sesuai`, the share that are the same (1 when none is). */
  readonly precision: number;
  /** Of the pairs that are the same, the share answered `Sesuai`. */
  readonly recall: number;
  readonly f1: number;
}

/** Precision and recall of a scorer (0–100) on labelled pairs, at one threshold. */
export function quality(
  pairs: readonly LabelledPair[],
  score: (pair: LabelledPair) => number,
  threshold: number,
): Quality {
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  let trueNegatives = 0;
  for (const pair of pairs) {
    const said = score(pair) >= threshold;
    if (said && pair.match) truePositives++;
    else if (said) falsePositives++;
    else if (pair.match) falseNegatives++;
    else trueNegatives++;
  }
  const answered = truePositives + falsePositives;
  const same = truePositives + falseNegatives;
  const precision = answered === 0 ? 1 : truePositives / answered;
  const recall = same === 0 ? 1 : truePositives / same;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    threshold,
    truePositives,
    falsePositives,
    falseNegatives,
    trueNegatives,
    precision,
    recall,
    f1,
  };
}

/** The thresholds the issue compares at (callers send theirs as `TRESHOLD` / `ambang`). */
export const COMPARED_THRESHOLDS = [70, 80, 90] as const;
