import type { Actor } from '../../domain/actor.js';
import { can } from '../../domain/permissions.js';
import { recordAdminAction } from '../../store/admin-actions.js';
import { setUserEmail, userEmail } from '../../store/deadlines.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export async function reminderEmailOf(
  deps: Deps,
  actor: Pick<Actor, 'id'>,
): Promise<string | null> {
  return userEmail(deps.db, actor.id);
}

/** The head's own address for deadline reminders; empty removes it. */
export async function setReminderEmail(
  deps: Deps,
  actor: Pick<Actor, 'id' | 'userId' | 'role' | 'agencyId'>,
  email: string,
): Promise<string | null> {
  if (!can(actor.role, 'deadline.viewOwn') || actor.agencyId === null) {
    throw new Refusal('TIDAK_ADA', 'Halaman tidak ditemukan');
  }
  const value = email.trim();
  if (value !== '' && (value.length > 200 || !EMAIL.test(value))) {
    throw new Refusal(
      'DITOLAK',
      'Alamat surel tidak valid (contoh: kepala@dinkes.purbalinggakab.go.id)',
    );
  }
  const stored = value === '' ? null : value;
  await deps.db.transaction().execute(async (tx) => {
    await setUserEmail(tx, actor.id, stored);
    await recordAdminAction(tx, {
      at: deps.clock(),
      actorId: actor.id,
      agencyId: actor.agencyId,
      action: 'SUREL_PENGINGAT_DIUBAH',
      target: actor.userId,
      detail: { removed: stored === null },
    });
  });
  return stored;
}
