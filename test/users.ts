import * as OTPAuth from 'otpauth';
import zlib from 'node:zlib';
import type { PortalClient } from './server.js';

/** Helpers for the users, documents and TOTP tests. */

/** The code an authenticator app shows at `at` for a base32 secret (spaces ignored). */
export function totpCode(secret: string, at: Date): string {
  return new OTPAuth.TOTP({
    secret: OTPAuth.Secret.fromBase32(secret.replace(/\s+/g, '')),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
  }).generate({ timestamp: at.getTime() });
}

/** A code for the same secret that is wrong at `at` (and in the steps around it). */
export function wrongCode(secret: string, at: Date): string {
  const around = [-1, 0, 1].map((step) => totpCode(secret, new Date(at.getTime() + step * 30_000)));
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, '0');
    if (!around.includes(code)) return code;
  }
}

/** The TOTP secret as the enrolment page shows it. */
export function secretOnPage(html: string): string {
  const secret = /id="kunci-totp">([A-Z2-7 ]+)</.exec(html)?.[1];
  if (!secret) throw new Error('no TOTP secret on the page');
  return secret.replace(/\s+/g, '');
}

/** Starts and confirms TOTP for the signed-in user of `client`; returns the secret. */
export async function enrolTotp(client: PortalClient, at: Date): Promise<string> {
  await client.submit('/akun', '/akun/totp/mulai', {});
  const page = await client.request('/akun/totp');
  const secret = secretOnPage(page.html);
  const confirmed = await client.submit('/akun/totp', '/akun/totp/konfirmasi', {
    kode: totpCode(secret, at),
  });
  if (confirmed.location !== '/akun?selesai=totp-aktif') {
    throw new Error(`TOTP enrolment not confirmed: ${confirmed.status} ${confirmed.location}`);
  }
  return secret;
}

/** The one-time password shown once after creating a user or resetting a password. */
export function oneTimePasswordOnPage(html: string): string {
  const password = /id="sandi-sekali-pakai">([^<]+)</.exec(html)?.[1];
  if (!password) throw new Error('no one-time password on the page');
  return password;
}

/** A tiny but real PNG (1×1, white) and JPEG header, as a scanner would send. */
export function tinyPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.from([0, 255]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export function tinyJpeg(): Buffer {
  // SOI, JFIF APP0, EOI: enough for a content check (file-type reads the signature).
  return Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');
}
