import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { projectFile } from '../../project-files.js';

/** The portal's one stylesheet, read once at start and served by app.ts. */
export const STYLESHEET = fs.readFileSync(projectFile('src', 'web', 'static', 'app.css'));

/**
 * Its address with the content's hash: browsers keep it for a day, and a print stylesheet
 * that forbids printing results must not be served from an older copy after an upgrade.
 */
export const STYLESHEET_HREF = `/static/app.css?v=${createHash('sha256')
  .update(STYLESHEET)
  .digest('hex')
  .slice(0, 12)}`;
