import type { Executor } from './db.js';

export interface NewSession {
  readonly tokenHash: Buffer;
  readonly userId: number;
  readonly kind: 'PORTAL' | 'API';
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

export async function insertSession(db: Executor, session: NewSession): Promise<void> {
  await db
    .insertInto('auth_session')
    .values({
      token_hash: session.tokenHash,
      user_id: session.userId,
      kind: session.kind,
      created_at: session.createdAt,
      expires_at: session.expiresAt,
    })
    .execute();
}

export async function revokeSession(db: Executor, tokenHash: Buffer, at: Date): Promise<void> {
  await db
    .updateTable('auth_session')
    .set({ revoked_at: at })
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .execute();
}

/** The signed-in user of a live portal session, with what the pages show of them. */
export async function findPortalSessionUser(db: Executor, tokenHash: Buffer, now: Date) {
  return db
    .selectFrom('auth_session as se')
    .innerJoin('app_user as u', 'u.id', 'se.user_id')
    .leftJoin('agency as ag', 'ag.id', 'u.agency_id')
    .select([
      'u.id',
      'u.user_id',
      'u.display_name',
      'u.role',
      'u.status',
      'u.agency_id',
      'u.must_change_password',
      'u.totp_required',
      'u.totp_enabled_at',
      'u.reason_required_since',
      'ag.name as agency_name',
      'ag.code as agency_code',
    ])
    .where('se.token_hash', '=', tokenHash)
    .where('se.kind', '=', 'PORTAL')
    .where('se.revoked_at', 'is', null)
    .where('se.expires_at', '>', now)
    .executeTakeFirst();
}
