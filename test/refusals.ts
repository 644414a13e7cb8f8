import { Refusal } from '../src/domain/refusals.js';

/*
 * Matchers for `toThrow(…)` and `toBeInstanceOf(…)` in the service tests. The use cases throw
 * the one Refusal (domain/refusals.ts) with a code; the tests still tell the two kinds of
 * refusal apart that the classes RuleViolation and NotFound stood for, now by code.
 */

const NOT_FOUND_CODES: ReadonlySet<string> = new Set(['TIDAK_ADA', 'TIDAK_DITEMUKAN']);

/** A refusal of the rules or of the role: any Refusal but a not-found one. */
export class RuleViolation {
  static [Symbol.hasInstance](error: unknown): boolean {
    return error instanceof Refusal && !NOT_FOUND_CODES.has(error.code);
  }
}

/** Something absent, or not the caller's to see. */
export class NotFound {
  static [Symbol.hasInstance](error: unknown): boolean {
    return error instanceof Refusal && NOT_FOUND_CODES.has(error.code);
  }
}
