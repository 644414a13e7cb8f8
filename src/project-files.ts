import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package's root folder, whether this module runs from src/ (tests) or from the build in
 * dist/src/: the first folder upwards that holds package.json. Files that are not compiled —
 * migrations, the stylesheet, reference data — are read from there.
 */
function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Folder paket Gerbang (package.json) tidak ditemukan');
    dir = parent;
  }
  return dir;
}

const root = findRoot();

/** A path inside the package, e.g. projectFile('src', 'store', 'migrations'). */
export function projectFile(...segments: string[]): string {
  return path.join(root, ...segments);
}
