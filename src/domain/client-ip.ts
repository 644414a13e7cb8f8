import net from 'node:net';

/** The client's address as the access-point check compares it: IPv4-mapped IPv6 unwrapped. */
export function normalizeClientIp(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  return net.isIP(ip) ? ip : '0.0.0.0';
}
