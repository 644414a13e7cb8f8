import { login } from '../src/services/account/login.js';
import type { Deps } from '../src/services/deps.js';
import { lookupResident } from '../src/services/lookup/lookup-resident.js';
import type { Db } from '../src/store/db.js';
import { makeAgency, makeAgreement, makeUser } from './factories.js';

/**
 * The world of the agreement-terms tests (issue 12 item 5: extension access, force majeure,
 * the Director General's letter, the head's NDA): an agency whose agreement ends on
 * 31 December 2026 (its extension due 31 October), its head, an operator and a Dukcapil admin.
 */
export const NIK = '3303054703900002';
export const ENDS_ON = '2026-12-31';
export const AFTER_END = new Date('2027-01-05T03:00:00Z');

export function agreementTermsHelpers(context: () => { readonly db: Db; readonly deps: Deps }) {
  return {
    agencyWorld: async () => {
      const { db } = context();
      const agency = await makeAgency(db);
      const agreement = await makeAgreement(db, agency.code, { endsOn: ENDS_ON });
      const head = await makeUser(db, { role: 'KEPALA_INSTANSI', agencyCode: agency.code });
      const operator = await makeUser(db, { role: 'OPERATOR', agencyCode: agency.code });
      const admin = await makeUser(db, { role: 'ADMIN_DUKCAPIL' });
      return {
        agency,
        agreement,
        head: {
          ...head,
          actor: { id: head.id, role: 'KEPALA_INSTANSI' as const, agencyId: agency.id },
        },
        operator,
        admin: { id: admin.id, role: 'ADMIN_DUKCAPIL' as const, agencyId: null },
      };
    },

    token: async (userId: string, password: string, kind: 'API' | 'PORTAL' = 'API') => {
      const result = await login(context().deps, {
        userId,
        password,
        kind,
        clientIp: '127.0.0.1',
      });
      if (!result.ok) return { refused: result.code };
      return { token: result.token };
    },

    lookupCode: async (tokenValue: string): Promise<string> => {
      const outcome = await lookupResident(context().deps, {
        token: tokenValue,
        channel: 'API',
        nik: NIK,
        purpose: 'Verifikasi pasien',
        clientIp: '127.0.0.1',
      });
      return outcome.code;
    },
  };
}
