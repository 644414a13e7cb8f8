import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';
import {
  normaliseTotpCode,
  TOTP_DIGITS,
  TOTP_ISSUER,
  TOTP_PERIOD_SECONDS,
  TOTP_WINDOW,
} from '../../domain/totp-policy.js';
import { recordAdminAction } from '../../store/admin-actions.js';
import {
  claimTotpStep,
  clearTotp,
  enableTotp,
  findAccountSecrets,
  setPendingTotpSecret,
} from '../../store/users.js';
import { verifyOwnPassword } from './account.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';
import { seal, unseal } from './secret-box.js';

function totpOf(secretBase32: string, label: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: TOTP_ISSUER,
    label,
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: OTPAuth.Secret.fromBase32(secretBase32),
  });
}

/**
 * The time-step a code belongs to, when it is valid at `now` (one step of drift either
 * way), else undefined. Which step it is matters: a step is accepted once only.
 */
function matchingStep(secretBase32: string, typed: string, now: Date): number | undefined {
  const code = normaliseTotpCode(typed);
  if (!code) return undefined;
  const delta = totpOf(secretBase32, 'cek').validate({
    token: code,
    timestamp: now.getTime(),
    window: TOTP_WINDOW,
  });
  if (delta === null) return undefined;
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS) + delta;
}

/**
 * Checks a code for a user with TOTP enabled and spends its time-step: false for a wrong
 * code and for a code (step) already used, including by a concurrent request.
 */
export async function spendTotpCode(
  deps: Deps,
  user: { id: number; totp_secret: string | null },
  typed: string,
): Promise<boolean> {
  if (!user.totp_secret) return false;
  const step = matchingStep(await unseal(deps, user.totp_secret), typed, deps.clock());
  if (step === undefined) return false;
  return claimTotpStep(deps.db, user.id, step);
}

export interface TotpEnrolment {
  /** Base32, to type into an app that cannot scan. */
  readonly secret: string;
  readonly uri: string;
  /** The otpauth URI as an inline SVG QR code (checked: paths only, no script or style). */
  readonly qrSvg: string;
}

/** qrcode's SVG is a viewBox and paths; anything else would not pass the page's CSP review. */
const PLAIN_SVG =
  /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^<>]*>(<path [^<>]*\/>)+<\/svg>\s*$/;

export async function qrSvg(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  if (!PLAIN_SVG.test(svg) || /script|style|on[a-z]+=|href/i.test(svg)) {
    throw new Error('Kode QR TOTP berisi unsur yang tidak diharapkan');
  }
  return svg;
}

async function enrolmentOf(secret: string, userId: string): Promise<TotpEnrolment> {
  const uri = totpOf(secret, userId).toString();
  return { secret, uri, qrSvg: await qrSvg(uri) };
}

/** The enrolment waiting for its first code, if any. */
export async function pendingTotpEnrolment(
  deps: Deps,
  id: number,
): Promise<TotpEnrolment | undefined> {
  const user = await findAccountSecrets(deps.db, id);
  if (!user?.totp_secret || user.totp_enabled_at) return undefined;
  return enrolmentOf(await unseal(deps, user.totp_secret), user.user_id);
}

/** Starts (or restarts) an enrolment: a fresh secret, shown until a code confirms it. */
export async function beginTotpEnrolment(deps: Deps, id: number): Promise<TotpEnrolment> {
  const user = await findAccountSecrets(deps.db, id);
  if (!user) throw new Refusal('PERMINTAAN_TIDAK_VALID', 'Pengguna tidak ditemukan');
  if (user.totp_enabled_at)
    throw new Refusal('PERMINTAAN_TIDAK_VALID', 'TOTP sudah aktif untuk akun ini');
  const secret = new OTPAuth.Secret({ size: 20 }).base32;
  if (!(await setPendingTotpSecret(deps.db, id, await seal(deps, secret)))) {
    throw new Refusal('PERMINTAAN_TIDAK_VALID', 'TOTP sudah aktif untuk akun ini');
  }
  return enrolmentOf(secret, user.user_id);
}

/** Confirms the pending secret with a code from the app; from now on logins ask for codes. */
export async function confirmTotpEnrolment(deps: Deps, id: number, typed: string): Promise<void> {
  const user = await findAccountSecrets(deps.db, id);
  if (!user?.totp_secret || user.totp_enabled_at) {
    throw new Refusal(
      'PERMINTAAN_TIDAK_VALID',
      'Tidak ada aktivasi TOTP yang menunggu konfirmasi; mulai dari awal',
    );
  }
  const now = deps.clock();
  const step = matchingStep(await unseal(deps, user.totp_secret), typed, now);
  if (step === undefined) {
    throw new Refusal(
      'PERMINTAAN_TIDAK_VALID',
      'Kode tidak cocok. Periksa jam pada ponsel dan masukkan kode 6 digit yang sedang tampil.',
    );
  }
  await deps.db.transaction().execute(async (tx) => {
    if (!(await claimTotpStep(tx, id, step))) {
      throw new Refusal('PERMINTAAN_TIDAK_VALID', 'Kode ini sudah dipakai; tunggu kode berikutnya');
    }
    await enableTotp(tx, id, now);
    await recordAdminAction(tx, {
      at: now,
      actorId: id,
      agencyId: user.agency_id,
      action: 'TOTP_DIAKTIFKAN',
      target: user.user_id,
    });
  });
}

/** Removes the second factor of one's own account; refused where TOTP is required. */
export async function disableOwnTotp(deps: Deps, id: number, password: string): Promise<void> {
  const user = await findAccountSecrets(deps.db, id);
  if (!user) throw new Refusal('PERMINTAAN_TIDAK_VALID', 'Pengguna tidak ditemukan');
  if (user.totp_required) {
    throw new Refusal(
      'PERMINTAAN_TIDAK_VALID',
      'TOTP wajib untuk akun ini dan tidak dapat dinonaktifkan',
    );
  }
  if (!user.totp_secret)
    throw new Refusal('PERMINTAAN_TIDAK_VALID', 'TOTP tidak aktif untuk akun ini');
  if (!(await verifyOwnPassword(deps, user, password))) {
    throw new Refusal('PERMINTAAN_TIDAK_VALID', 'Kata sandi salah');
  }
  const now = deps.clock();
  await deps.db.transaction().execute(async (tx) => {
    await clearTotp(tx, id);
    await recordAdminAction(tx, {
      at: now,
      actorId: id,
      agencyId: user.agency_id,
      action: 'TOTP_DINONAKTIFKAN',
      target: user.user_id,
    });
  });
}
