/**
 * The thresholds of the input-pattern detector (issue 9 §2; SPEC §2: input must not be
 * "berurutan, berpola, dan dalam waktu yang berdekatan"). Each default is chosen so that an
 * ordinary counter day raises nothing — applicants in random order, families served together,
 * a few repeats, the odd mistyped NIK, a queue of 60 an hour over 3–4 operators — while each
 * attack of the labelled traffic (traffic.ts) is caught within the few lookups that
 * README.md lists. A run counts distinct NIKs: a repeated NIK never lengthens a run.
 *
 * Every count must be at most `windowSize`: the detector sees no more than the window.
 */
export interface PatternSettings {
  /**
   * How many of the user's, and of the agency's, most recent lookups (the new one included)
   * the detector reads. 30 is half an hour of a busy agency (60 an hour) and a couple of
   * hours of one operator: long enough for every run below, short enough to read in one
   * indexed query on every lookup.
   */
  readonly windowSize: number;

  /**
   * BERURUTAN: this many distinct NIKs of one region and one birth date whose serials run up
   * (or down) — the NIK issued next to the last. Twins and triplets share a region and birth
   * date with neighbouring serials, so a family comes to 3 at most; 4 is a sweep.
   */
  readonly sequentialMinRun: number;
  /**
   * The largest serial step that still makes a run. A sweep counts by 1; an operator who
   * takes every 3rd serial of a sweep split over three counters counts by 3; 5 leaves room
   * for a split over five and for skipped serials, and a region + birth date holds so few
   * people that no applicants come this close by chance.
   */
  readonly sequentialMaxSerialStep: number;
  /**
   * BERURUTAN by birth date: `sequentialMinRun` distinct NIKs of one region whose birth
   * dates run up (or down) by at most this many days each (a sweep day by day, or every 2nd
   * or 3rd day). Applicants' birth dates spread over 90 years, infants' over 2 years, so a
   * chain of such steps does not happen by chance.
   */
  readonly sequentialMaxDateStepDays: number;

  /**
   * BERPOLA: this many distinct NIKs in a row whose numbers differ by one constant (any step:
   * the next district code, month, year, or every 10th serial). Three equal differences
   * among unrelated NIKs do not occur.
   */
  readonly progressionMinRun: number;
  /**
   * BERPOLA: this many distinct NIKs with one birth date (men and women alike) in the
   * window, from one district (a sweep of its serials) or across districts (a sweep of the
   * district codes). Among 30 applicants two may share a birthday; 5 would not, even at a
   * puskesmas where a fifth of the patients are infants.
   */
  readonly sameBirthDateMinDistinct: number;
  /**
   * BERPOLA: this many distinct NIKs in a row in ascending (or descending) NIK order — a
   * list sorted by NIK worked through. Unrelated NIKs fall in order by chance with
   * probability 2/n!: for 12, 4 in a billion per lookup, so never on a counter day.
   */
  readonly sortedMinRun: number;

  /**
   * BERDEKATAN per user: this many lookups within `userRateSeconds` (the new one included).
   * Typing a 16-digit NIK, reading the answer and serving the applicant takes a minute or
   * more; a family served together is 2–4 lookups. 9 in 60 s is more than 8 a minute, more
   * than a counter can serve.
   */
  readonly userRateCount: number;
  readonly userRateSeconds: number;
  /**
   * BERDEKATAN per user, a burst: this many lookups within `userBurstSeconds`. Typing 16
   * digits takes several seconds, so 5 in 10 s is a script, or the same NIK sent again and
   * again.
   */
  readonly userBurstCount: number;
  readonly userBurstSeconds: number;
  /**
   * BERDEKATAN per agency: this many lookups within `agencyRateSeconds`, whoever made them.
   * 21 in 30 s is more than 40 a minute: beyond five counters working flat out, where 60 an
   * hour is one a minute.
   */
  readonly agencyRateCount: number;
  readonly agencyRateSeconds: number;
  /** BERDEKATAN per agency, a burst: this many lookups within `agencyBurstSeconds`. */
  readonly agencyBurstCount: number;
  readonly agencyBurstSeconds: number;

  /**
   * TIDAK_DITEMUKAN: of the last `notFoundSample` answered lookups (found, not found or
   * wrong format; refusals such as KUOTA_HABIS do not count), at least `notFoundMinSample`
   * were made and at least `notFoundShare` of them found no one — and the new one found no
   * one either. Applicants from other regencies (not in the register), mistyped NIKs and
   * their repeats make up to a fifth of a permit office's day: 60 % of a sample of 10 came
   * up about once in 500 generated days, 65 % of at least 15 not once in 2,400. NIKs made
   * up to see which exist find no one nine times out of ten, so a guesser is caught by the
   * 15th–16th lookup, or sooner when the window is already full. An agency that serves many
   * applicants from outside the regency may need a higher share.
   */
  readonly notFoundSample: number;
  readonly notFoundMinSample: number;
  readonly notFoundShare: number;

  /**
   * DI_LUAR_JAM: minutes after the agency's closing time in which a lookup still counts as
   * within hours — the counter finishes the queue that came before closing. Before opening
   * there is no grace.
   */
  readonly afterHoursGraceMinutes: number;

  /**
   * An agency-wide finding (scope INSTANSI) is reported only when its lookups come from at
   * least this many users: one user's pattern is that user's finding, and reporting it again
   * for the agency would only double the alert.
   */
  readonly agencyMinUsers: number;
}

export const DEFAULT_PATTERN_SETTINGS: PatternSettings = Object.freeze({
  windowSize: 30,
  sequentialMinRun: 4,
  sequentialMaxSerialStep: 5,
  sequentialMaxDateStepDays: 3,
  progressionMinRun: 4,
  sameBirthDateMinDistinct: 5,
  sortedMinRun: 12,
  userRateCount: 9,
  userRateSeconds: 60,
  userBurstCount: 5,
  userBurstSeconds: 10,
  agencyRateCount: 21,
  agencyRateSeconds: 30,
  agencyBurstCount: 10,
  agencyBurstSeconds: 10,
  notFoundSample: 20,
  notFoundMinSample: 15,
  notFoundShare: 0.65,
  afterHoursGraceMinutes: 15,
  agencyMinUsers: 2,
});

/**
 * The same detector on Dukcapil's counter, over officers' requests for residents' access
 * histories (issue 14): each request is a resident in person with their KTP-el, checked by
 * the officer, so the pace is minutes, not seconds. Rates are set for that pace; the
 * sequence and pattern rules stay as for lookups (a resident's family may come together, as
 * at an agency's counter). Every request answers (a statement, perhaps empty), so the
 * not-found rule never fires; the counter's hours are not checked.
 */
export const HISTORY_REQUEST_SETTINGS: PatternSettings = Object.freeze({
  ...DEFAULT_PATTERN_SETTINGS,
  // More than 5 in 10 minutes: faster than residents can be checked in person.
  userRateCount: 6,
  userRateSeconds: 600,
  // 3 in a minute: nobody checks three KTP-el and types three requests in a minute.
  userBurstCount: 3,
  userBurstSeconds: 60,
  // The whole counter: more than 15 in 10 minutes, 6 in a minute.
  agencyRateCount: 16,
  agencyRateSeconds: 600,
  agencyBurstCount: 6,
  agencyBurstSeconds: 60,
});
