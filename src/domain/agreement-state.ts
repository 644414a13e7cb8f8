/**
 * The states of an agreement (PKS) and what may move it between them (SPEC §4):
 *
 *   DRAFT ──activate──▶ AKTIF ──end──▶ BERAKHIR
 *     │ edit (stays)      │ └──revoke──▶ DICABUT
 *     └──cancel──▶ BATAL  └ amend (addendum or quota stage; stays AKTIF)
 *
 * BERAKHIR, DICABUT and BATAL are final. An AKTIF agreement whose end date has passed is
 * ended for every purpose (lookups, logins, pages, actions): see `effectiveStatus` — unless
 * the agency asked for its extension on time and the request is still open: then it stays in
 * force under the SPTJM (domain/agreement-extension.ts).
 */

export const AGREEMENT_STATUSES = ['DRAFT', 'AKTIF', 'BERAKHIR', 'DICABUT', 'BATAL'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

export const AGREEMENT_STATUS_LABELS: Readonly<Record<AgreementStatus, string>> = {
  DRAFT: 'Draf',
  AKTIF: 'Berlaku',
  BERAKHIR: 'Berakhir',
  DICABUT: 'Dicabut',
  BATAL: 'Dibatalkan',
};

export function isAgreementStatus(value: string): value is AgreementStatus {
  return (AGREEMENT_STATUSES as readonly string[]).includes(value);
}

export const AGREEMENT_ACTIONS = ['edit', 'activate', 'cancel', 'amend', 'end', 'revoke'] as const;
export type AgreementAction = (typeof AGREEMENT_ACTIONS)[number];

/** The kinds of entries of an agreement's history (agreement_event.kind). */
export type AgreementEventKind =
  | 'DIBUAT'
  | 'DIUBAH'
  | 'DIAKTIFKAN'
  | 'DIBATALKAN'
  | 'ADENDUM'
  | 'PERUBAHAN'
  | 'DIAKHIRI'
  | 'DICABUT'
  | 'BERAKHIR'
  | 'PERSETUJUAN_DIRJEN'
  | 'FORCE_MAJEURE';

export const AGREEMENT_EVENT_LABELS: Readonly<Record<AgreementEventKind, string>> = {
  DIBUAT: 'Dibuat',
  DIUBAH: 'Draf diubah',
  DIAKTIFKAN: 'Diberlakukan',
  DIBATALKAN: 'Draf dibatalkan',
  ADENDUM: 'Adendum',
  PERUBAHAN: 'Perubahan tanpa adendum (tahap kuota atau bandwidth)',
  DIAKHIRI: 'Diakhiri',
  DICABUT: 'Dicabut',
  BERAKHIR: 'Berakhir (masa berlaku habis)',
  PERSETUJUAN_DIRJEN: 'Surat persetujuan Direktur Jenderal dicatat',
  FORCE_MAJEURE: 'Diakhiri karena keadaan kahar (force majeure)',
};

export interface Transition {
  /** The (effective) statuses the action starts from. */
  readonly from: readonly AgreementStatus[];
  readonly to: AgreementStatus;
  /** Whether the action must state why (recorded in the history). */
  readonly reasonRequired: boolean;
}

/** Every allowed move; anything not listed here is refused. */
export const TRANSITIONS: Readonly<Record<AgreementAction, Transition>> = {
  edit: { from: ['DRAFT'], to: 'DRAFT', reasonRequired: false },
  activate: { from: ['DRAFT'], to: 'AKTIF', reasonRequired: false },
  cancel: { from: ['DRAFT'], to: 'BATAL', reasonRequired: true },
  amend: { from: ['AKTIF'], to: 'AKTIF', reasonRequired: true },
  end: { from: ['AKTIF'], to: 'BERAKHIR', reasonRequired: true },
  revoke: { from: ['AKTIF'], to: 'DICABUT', reasonRequired: true },
};

/** What each action is called in a refusal: "PKS tidak dapat <verb>". */
const ACTION_VERBS: Readonly<Record<AgreementAction, string>> = {
  edit: 'diubah',
  activate: 'diberlakukan',
  cancel: 'dibatalkan',
  amend: 'diubah dengan adendum',
  end: 'diakhiri',
  revoke: 'dicabut',
};

export const AGREEMENT_ACTION_LABELS: Readonly<Record<AgreementAction, string>> = {
  edit: 'Ubah draf',
  activate: 'Berlakukan',
  cancel: 'Batalkan draf',
  amend: 'Adendum',
  end: 'Akhiri',
  revoke: 'Cabut',
};

function whyNot(action: AgreementAction, status: AgreementStatus): string {
  switch (status) {
    case 'DRAFT':
      return 'PKS masih berupa draf dan belum berlaku';
    case 'AKTIF':
      if (action === 'edit') return 'PKS yang berlaku hanya dapat diubah melalui adendum';
      if (action === 'activate') return 'PKS sudah berlaku';
      return 'PKS yang berlaku diakhiri atau dicabut, bukan dibatalkan';
    case 'BERAKHIR':
      return 'PKS telah berakhir; statusnya final';
    case 'DICABUT':
      return 'PKS telah dicabut; statusnya final';
    case 'BATAL':
      return 'draf PKS telah dibatalkan; statusnya final';
  }
}

/** Why `action` is not allowed from `status` (the effective one), or undefined when it is. */
export function transitionRefusal(
  action: AgreementAction,
  status: AgreementStatus,
): string | undefined {
  if (TRANSITIONS[action].from.includes(status)) return undefined;
  return `PKS tidak dapat ${ACTION_VERBS[action]}: ${whyNot(action, status)}`;
}

/** The actions allowed from a status, in the order the console offers them. */
export function allowedActions(status: AgreementStatus): AgreementAction[] {
  return AGREEMENT_ACTIONS.filter((action) => TRANSITIONS[action].from.includes(status));
}

export function isFinal(status: AgreementStatus): boolean {
  return allowedActions(status).length === 0;
}

/**
 * The status that counts on a WIB day (YYYY-MM-DD): an agreement in force ends with its end
 * date, whether or not anything has run since to record it — except while the agency's
 * timely extension request is open (`extensionPending`): then it stays in force (SPEC §4).
 */
export function effectiveStatus(
  agreement: {
    readonly status: AgreementStatus;
    readonly endsOn: string;
    readonly extensionPending?: boolean;
  },
  today: string,
): AgreementStatus {
  return agreement.status === 'AKTIF' &&
    agreement.endsOn < today &&
    agreement.extensionPending !== true
    ? 'BERAKHIR'
    : agreement.status;
}

/** Whether an agreement's dates allow it to be put in force on `today`. */
export function activationProblems(
  terms: { readonly signedOn: string; readonly endsOn: string },
  today: string,
): string[] {
  const problems: string[] = [];
  if (terms.signedOn > today)
    problems.push(`Tanggal penandatanganan (${terms.signedOn}) belum tiba`);
  if (terms.endsOn < today)
    problems.push(`Tanggal berakhir (${terms.endsOn}) telah lewat; buat PKS baru`);
  return problems;
}
