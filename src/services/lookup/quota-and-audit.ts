import { dailyLimit, quotaView, type QuotaStage, type QuotaView } from '../../domain/quota.js';
import { wibDay } from '../../domain/time.js';
import { findAgreementInForce } from '../../store/agreements.js';
import { sumQuotaUsage } from '../../store/quota.js';
import type { Deps } from '../deps.js';

/** Today's quota of an agency, or undefined when it has no agreement in force. */
export async function quotaToday(deps: Deps, agencyId: number): Promise<QuotaView | undefined> {
  const day = wibDay(deps.clock());
  const agreement = await findAgreementInForce(deps.db, agencyId, day);
  if (!agreement) return undefined;
  const used = await sumQuotaUsage(deps.db, agencyId, day);
  return quotaView(dailyLimit(agreement.quota_stage as QuotaStage), used);
}
