import { Refusal, type RefusalCode, type RefusalDetail } from '../domain/refusals.js';

/**
 * Use cases refuse with `throw new Refusal(code, message?, detail?)` (domain/refusals.ts):
 * one closed list of codes, no HTTP. The transports map the code to a status or a page.
 */
export { Refusal, type RefusalCode, type RefusalDetail };

/**
 * A request the rules refuse; its message is shown to the user as it is, in Bahasa Indonesia.
 * @deprecated Throw `new Refusal('PERMINTAAN_TIDAK_VALID', message)` (or the code that says
 * what went wrong). Kept, as a Refusal, while the features move over; catching it still
 * catches only what it caught before.
 */
export class RuleViolation extends Refusal {
  override readonly name: string = 'RuleViolation';
  constructor(
    message: string,
    code: RefusalCode = 'PERMINTAAN_TIDAK_VALID',
    detail?: RefusalDetail,
  ) {
    super(code, message, detail);
  }
}

/**
 * A request about something that does not exist (or that the caller may not see).
 * @deprecated Throw `new Refusal('TIDAK_ADA', message)` (or 'TIDAK_DITEMUKAN' for a record).
 */
export class NotFound extends Refusal {
  override readonly name: string = 'NotFound';
  constructor(message: string) {
    super('TIDAK_ADA', message);
  }
}
