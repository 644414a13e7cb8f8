/** A request the rules refuse; its message is shown to the user as it is, in Bahasa Indonesia. */
export class RuleViolation extends Error {
  override readonly name = 'RuleViolation';
}
