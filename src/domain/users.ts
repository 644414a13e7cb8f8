export const ROLES = [
  'ADMIN_DUKCAPIL',
  'EVALUATOR_DUKCAPIL',
  'PETUGAS_LAYANAN_DUKCAPIL',
  'KEPALA_INSTANSI',
  'OPERATOR',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  ADMIN_DUKCAPIL: 'Admin Dukcapil',
  EVALUATOR_DUKCAPIL: 'Evaluator Dukcapil',
  PETUGAS_LAYANAN_DUKCAPIL: 'Petugas Layanan Dukcapil',
  KEPALA_INSTANSI: 'Kepala Instansi',
  OPERATOR: 'Operator',
};

/** Dukcapil's own staff belong to no agency; everyone else belongs to exactly one. */
export function isDukcapilRole(role: Role): boolean {
  return (
    role === 'ADMIN_DUKCAPIL' ||
    role === 'EVALUATOR_DUKCAPIL' ||
    role === 'PETUGAS_LAYANAN_DUKCAPIL'
  );
}

export const MIN_PASSWORD_LENGTH = 10;

export const USER_ID_PATTERN = /^[a-z0-9._-]{3,60}$/;

/** One-time passwords an admin hands over (creation, reset): four groups, about 92 bits. */
export const ONE_TIME_PASSWORD_GROUPS = 4;
