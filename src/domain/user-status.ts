/** The states of a user ID and the moves between them that an admin may make. */

export const USER_STATUSES = ['AKTIF', 'NON_AKTIF', 'DITAHAN'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const USER_STATUS_LABELS: Readonly<Record<UserStatus, string>> = {
  AKTIF: 'Aktif',
  NON_AKTIF: 'Non aktif',
  DITAHAN: 'Ditahan',
};

export interface StatusTransition {
  readonly from: UserStatus;
  readonly to: UserStatus;
  /** What the administrative history records. */
  readonly action: string;
}

const TRANSITIONS: readonly StatusTransition[] = [
  { from: 'AKTIF', to: 'NON_AKTIF', action: 'PENGGUNA_DINONAKTIFKAN' },
  { from: 'DITAHAN', to: 'NON_AKTIF', action: 'PENGGUNA_DINONAKTIFKAN' },
  { from: 'NON_AKTIF', to: 'AKTIF', action: 'PENGGUNA_DIAKTIFKAN' },
  { from: 'DITAHAN', to: 'AKTIF', action: 'PENGGUNA_TAHANAN_DILEPAS' },
  { from: 'AKTIF', to: 'DITAHAN', action: 'PENGGUNA_DITAHAN' },
];

/** The move from one state to another, if an admin may make it. */
export function statusTransition(from: UserStatus, to: UserStatus): StatusTransition | undefined {
  return TRANSITIONS.find((t) => t.from === from && t.to === to);
}

export interface StatusAction {
  readonly to: UserStatus;
  readonly from: readonly UserStatus[];
  /** Deactivation ends every session at once: the consoles ask to confirm it. */
  readonly confirm: boolean;
}

/** The status changes the consoles and the API offer, each from the states it leaves. */
export const STATUS_ACTIONS = {
  deactivate: { to: 'NON_AKTIF', from: ['AKTIF', 'DITAHAN'], confirm: true },
  reactivate: { to: 'AKTIF', from: ['NON_AKTIF'], confirm: false },
  releaseHold: { to: 'AKTIF', from: ['DITAHAN'], confirm: false },
} as const satisfies Record<string, StatusAction>;
