import type { Role } from './users.js';

/**
 * Who may do what (SPEC §1): one table, read by every page, API endpoint and use case, so
 * that the rules cannot drift between channels. Agency roles act only on their own agency;
 * that scope is checked where the agency is known (the use case), not here.
 */
export const PERMISSIONS = {
  /** Operators once their NDA is recorded; heads once their SPTJM is (issue 3). */
  'nik.lookup': ['OPERATOR', 'KEPALA_INSTANSI'],
  'dataBalikan.submit': ['OPERATOR', 'KEPALA_INSTANSI'],
  'dataBalikan.export': ['ADMIN_DUKCAPIL'],
  'compliance.viewOwn': ['OPERATOR', 'KEPALA_INSTANSI'],
  'compliance.viewAll': ['ADMIN_DUKCAPIL', 'EVALUATOR_DUKCAPIL'],
  'audit.view': ['ADMIN_DUKCAPIL', 'EVALUATOR_DUKCAPIL'],
  /** Dukcapil's export (CSV/XLSX) of an audit search; each export is itself audited. */
  'audit.export': ['ADMIN_DUKCAPIL', 'EVALUATOR_DUKCAPIL'],
  /** The agency head's view of the agency's lookups (/instansi/penggunaan). */
  'usage.viewOwn': ['KEPALA_INSTANSI'],
  /** Dukcapil's view of every agency's lookups (/dukcapil/penggunaan). */
  'usage.viewAll': ['ADMIN_DUKCAPIL', 'EVALUATOR_DUKCAPIL'],
  /** The input-pattern policy's alerts (issue 9): Dukcapil reads them, its admins review them. */
  'alert.viewAll': ['ADMIN_DUKCAPIL', 'EVALUATOR_DUKCAPIL'],
  'alert.review': ['ADMIN_DUKCAPIL'],
  /** Each agreement's input-pattern policy and the agency's service hours. */
  'pattern.configure': ['ADMIN_DUKCAPIL'],
  'agency.manage': ['ADMIN_DUKCAPIL'],
  'agreement.manage': ['ADMIN_DUKCAPIL'],
  'agreement.viewAll': ['ADMIN_DUKCAPIL', 'EVALUATOR_DUKCAPIL'],
  'agreement.viewOwn': ['KEPALA_INSTANSI'],
  'user.manage': ['ADMIN_DUKCAPIL'],
  'user.viewOwnAgency': ['KEPALA_INSTANSI'],
  /** NDA and SPTJM scans: Dukcapil for any agency, the head for their own. */
  'document.record': ['ADMIN_DUKCAPIL', 'KEPALA_INSTANSI'],
  /** Reading the scans: Dukcapil staff for any agency, the head for their own agency. */
  'document.view': ['ADMIN_DUKCAPIL', 'EVALUATOR_DUKCAPIL', 'KEPALA_INSTANSI'],
  'request.file': ['KEPALA_INSTANSI'],
  'request.decide': ['ADMIN_DUKCAPIL'],
  'request.viewAll': ['ADMIN_DUKCAPIL', 'EVALUATOR_DUKCAPIL'],
  'request.viewOwn': ['KEPALA_INSTANSI'],
  'deadline.viewAll': ['ADMIN_DUKCAPIL', 'EVALUATOR_DUKCAPIL'],
  'deadline.viewOwn': ['KEPALA_INSTANSI'],
  /** ISO/IEC 27001 certificate, semester reports, change-of-officials notices. */
  'deadline.record': ['ADMIN_DUKCAPIL', 'KEPALA_INSTANSI'],
  /** deadline.record for one's own agency (viewOwn + record): the head's forms and API. */
  'deadline.recordOwn': ['KEPALA_INSTANSI'],
  /** deadline.record on an agency's behalf (viewAll + record): Dukcapil's forms and API. */
  'deadline.recordForAgency': ['ADMIN_DUKCAPIL'],
  /** The calendar of national holidays and cuti bersama that working days skip. */
  'holiday.manage': ['ADMIN_DUKCAPIL'],
  /**
   * A resident's statement of who accessed their data (issue 14): Dukcapil's counter officer,
   * whose role has this permission and nothing else, and the admin.
   */
  'residentHistory.issue': ['ADMIN_DUKCAPIL', 'PETUGAS_LAYANAN_DUKCAPIL'],
  /** KTP-el card readers (issue 12): the head registers and returns the agency's own. */
  'cardReader.manageOwn': ['KEPALA_INSTANSI'],
  /**
   * The agency's SAM-return duties (SPEC §5): pull the SAM, make and download the BAST of the
   * SAM return and reader deactivation, record the sending. The one permission the head of an
   * ended agreement keeps (AFTER_END_PERMISSIONS).
   */
  'cardReader.returnOwn': ['KEPALA_INSTANSI'],
  /** Every agency's readers, SIFILMA records and SAM receipts: Dukcapil reads, its admin acts. */
  'cardReader.viewAll': ['ADMIN_DUKCAPIL', 'EVALUATOR_DUKCAPIL'],
  'cardReader.manage': ['ADMIN_DUKCAPIL'],
  /** Residents' consents to keeping data read from their card (Juknis IV.F). */
  'cardConsent.record': ['OPERATOR', 'KEPALA_INSTANSI'],
  'account.self': [
    'ADMIN_DUKCAPIL',
    'EVALUATOR_DUKCAPIL',
    'PETUGAS_LAYANAN_DUKCAPIL',
    'KEPALA_INSTANSI',
    'OPERATOR',
  ],
  /**
   * Applications that use the web service (issue 11): the head registers the agency's own,
   * issues and rotates their credentials and revokes them; Dukcapil reads every agency's, its
   * admin records the technical guide's revision and may revoke.
   */
  'application.manageOwn': ['KEPALA_INSTANSI'],
  'application.viewAll': ['ADMIN_DUKCAPIL', 'EVALUATOR_DUKCAPIL'],
  'application.manage': ['ADMIN_DUKCAPIL'],
  /** The counter service flow (issue 12): open and work the agency's service cases. */
  'serviceCase.handle': ['OPERATOR', 'KEPALA_INSTANSI'],
  /** The head's view of the agency's cases per state and per officer. */
  'serviceCase.supervise': ['KEPALA_INSTANSI'],
  /** The agency's usage report (issue 10): the head drafts, completes, submits, corrects it. */
  'report.manageOwn': ['KEPALA_INSTANSI'],
  /** Every agency's submitted usage reports: Dukcapil reads them. */
  'report.viewAll': ['ADMIN_DUKCAPIL', 'EVALUATOR_DUKCAPIL'],
  /** Dukcapil's evaluations of agencies and their reports (issue 10 item 3): read, write. */
  'evaluation.view': ['ADMIN_DUKCAPIL', 'EVALUATOR_DUKCAPIL'],
  'evaluation.write': ['ADMIN_DUKCAPIL', 'EVALUATOR_DUKCAPIL'],
  /** Confirming or declining a revocation proposal: the agreement's revocation is the admin's. */
  'evaluation.decide': ['ADMIN_DUKCAPIL'],
  /** The semester report to the Directorate General (issue 10 item 4): produce and send. */
  'dgReport.produce': ['ADMIN_DUKCAPIL', 'EVALUATOR_DUKCAPIL'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/**
 * What the head of an ended agreement (ended by its term, by the parties, revoked, force
 * majeure, extension refused) keeps while a SAM return that end opened lacks Dukcapil's
 * receipt: the portal sign-in for these permissions alone — with the guide and signing out,
 * which are public. Every other page answers 403, the API and lookups refuse as at any end;
 * once every SAM is received the sign-in is refused again (services/card-readers/after-end.ts).
 */
export const AFTER_END_PERMISSIONS: readonly Permission[] = ['cardReader.returnOwn'];

/** Whether the role may do this after its agreement's end, while SAMs are outstanding. */
export function canAfterEnd(role: Role, permission: Permission): boolean {
  return AFTER_END_PERMISSIONS.includes(permission) && can(role, permission);
}
