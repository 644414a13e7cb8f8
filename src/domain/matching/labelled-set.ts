import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { projectFile } from '../../project-files.js';
import type { TextKind } from './normalise.js';
import type { LabelledPair } from './quality.js';

const KINDS: readonly TextKind[] = ['name', 'place', 'address'];

/** The labelled pairs kept beside this module (labelled-pairs.csv), for the test and the bench. */
export function readLabelledPairs(
  file = projectFile('src', 'domain', 'matching', 'labelled-pairs.csv'),
): LabelledPair[] {
  const rows = parse<Record<string, string>>(fs.readFileSync(file), {
    columns: true,
    comment: '#',
    skip_empty_lines: true,
  });
  return rows.map((row, index) => {
    const kind = row.kind as TextKind;
    if (!KINDS.includes(kind) || (row.match !== '0' && row.match !== '1')) {
      throw new Error(`labelled-pairs.csv row ${index + 1}: kind or match not understood`);
    }
    return {
      kind,
      asked: row.asked ?? '',
      register: row.register ?? '',
      match: row.match === '1',
      note: row.note ?? '',
    };
  });
}
