import { wibDay } from '../../domain/time.js';
import { findAgencyByCode } from '../../store/agencies.js';
import type { Deps } from '../deps.js';
import { actOnReader, registerReader } from './readers.js';

/**
 * The demo's card readers (synthetic serials, SAM numbers and SIFILMA references): one of
 * DINKES in use, one still waiting for SIFILMA, so that both consoles show a reader's life.
 * No credential is issued: the head issues one on the readers page to try a read.
 */
export async function seedDemoCardReaders(deps: Deps): Promise<void> {
  const agency = await findAgencyByCode(deps.db, 'DINKES');
  const users = await deps.db
    .selectFrom('app_user')
    .select(['id', 'user_id'])
    .where('user_id', 'in', ['kepala.dinkes', 'admin.dukcapil'])
    .execute();
  const headId = users.find((u) => u.user_id === 'kepala.dinkes')?.id;
  const adminId = users.find((u) => u.user_id === 'admin.dukcapil')?.id;
  if (!agency || headId === undefined || adminId === undefined) return;
  const head = { id: headId, role: 'KEPALA_INSTANSI' as const, agencyId: agency.id };
  const admin = { id: adminId, role: 'ADMIN_DUKCAPIL' as const, agencyId: null };
  const today = wibDay(deps.clock());

  const inUse = await registerReader(deps, head, {
    serial: 'DEMO-RDR-0001',
    make: 'Card reader KTP-el (demo)',
    location: 'Loket pendaftaran pasien (demo)',
    operator: 'operator.dinkes',
    samNumber: 'SAM-DEMO-0001',
  });
  await actOnReader(deps, head, inUse, 'AJUKAN', { reference: 'SIFILMA-DEMO-001', onDate: today });
  await actOnReader(deps, admin, inUse, 'PERSONALISASI', {
    reference: 'PERSONALISASI-DEMO-001',
    onDate: today,
  });
  await actOnReader(deps, admin, inUse, 'AKTIVASI', {
    reference: 'AKTIVASI-DEMO-001',
    onDate: today,
  });

  const waiting = await registerReader(deps, head, {
    serial: 'DEMO-RDR-0002',
    make: 'Card reader KTP-el (demo)',
    location: 'Loket JKN (demo)',
    operator: 'operator.dinkes',
    samNumber: 'SAM-DEMO-0002',
  });
  await actOnReader(deps, head, waiting, 'AJUKAN', {
    reference: 'SIFILMA-DEMO-002',
    onDate: today,
  });
}
