/** A request the rules refuse; its message is shown to the user as it is, in Bahasa Indonesia. */
export class RuleViolation extends Error {
  override readonly name = 'RuleViolation';
}

/** A request about something that does not exist (or that the caller may not see). */
export class NotFound extends Error {
  override readonly name = 'NotFound';
}
