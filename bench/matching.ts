import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { jaroWinkler } from '@skyra/jaro-winkler';
import { readLabelledPairs } from '../src/domain/matching/labelled-set.js';
import { COMPARED_THRESHOLDS, quality, type Quality } from '../src/domain/matching/quality.js';
import { similarity } from '../src/domain/matching/similarity.js';
import { writeSection } from './report.js';

/**
 * Precision and recall of the Indonesian text matching (src/domain/matching) on the labelled
 * pairs, against plain Jaro-Winkler (@skyra/jaro-winkler) on the texts as written, at the
 * thresholds callers send (issue 11). A quality figure, not a timing: it does not depend on
 * the machine. `node dist/bench/run.js --matching` (`npm run bench -- --matching`) writes the
 * section <!-- bench:matching --> of BENCHMARKS.md.
 */
export const SECTION = 'bench:matching';

const percent = (value: number) => `${(value * 100).toFixed(1)} %`;

function row(label: string, figures: Quality): string {
  return `| ${figures.threshold} | ${label} | ${percent(figures.precision)} | ${percent(figures.recall)} | ${figures.f1.toFixed(3)} | ${figures.truePositives} / ${figures.falsePositives} / ${figures.falseNegatives} / ${figures.trueNegatives} |`;
}

export function matchingMarkdown(now = new Date()): string {
  const pairs = readLabelledPairs();
  const plain = (pair: (typeof pairs)[number]) =>
    Math.round(
      jaroWinkler(pair.asked.trim().toUpperCase(), pair.register.trim().toUpperCase()) * 100,
    );
  const ours = (pair: (typeof pairs)[number]) => similarity(pair.kind, pair.asked, pair.register);
  const count = (kind: string, match: boolean) =>
    pairs.filter((pair) => pair.kind === kind && pair.match === match).length;
  const lines = [
    '## Matching names, places and addresses (`npm run bench -- --matching`)',
    '',
    `Computed ${now.toISOString().slice(0, 10)} on src/domain/matching/labelled-pairs.csv: ${pairs.length} pairs — names ${count('name', true)} same / ${count('name', false)} different, places ${count('place', true)} / ${count('place', false)}, addresses ${count('address', true)} / ${count('address', false)}. "Gerbang" is \`similarity()\` (normalise.ts + token alignment); "plain Jaro-Winkler" is @skyra/jaro-winkler on the two texts upper-cased and trimmed. A pair is answered \`Sesuai\` when its score reaches the threshold. The matcher was tuned on this set, so its own figures are an upper bound; the set's origin is written at its top.`,
    '',
    '| Threshold | Scorer | Precision | Recall | F1 | TP / FP / FN / TN |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const threshold of COMPARED_THRESHOLDS) {
    lines.push(row('Gerbang', quality(pairs, ours, threshold)));
    lines.push(row('plain Jaro-Winkler', quality(pairs, plain, threshold)));
  }
  return lines.join('\n');
}

export function runMatchingBench(): void {
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'BENCHMARKS.md');
  const body = matchingMarkdown();
  writeSection(file, body, SECTION);
  process.stdout.write(`${body}\n\nWritten to ${file} (section <!-- ${SECTION} -->).\n`);
}
