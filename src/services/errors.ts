import { Refusal, type RefusalCode, type RefusalDetail } from '../domain/refusals.js';

/**
 * Use cases refuse with `throw new Refusal(code, message?, detail?)` (domain/refusals.ts):
 * one closed list of codes, no HTTP. The transports map the code to a status or a page.
 */
export { Refusal, type RefusalCode, type RefusalDetail };
