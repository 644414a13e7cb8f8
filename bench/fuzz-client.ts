import type { FuzzCase, FuzzTarget } from './fuzz.js';

/**
 * The fuzzer's side of the wire (bench/fuzz.ts makes the cases): the operator's credentials,
 * sending one case, and the answers counted by status per endpoint.
 */

/** The path a case calls: the route's parameters filled, its query appended. */
export function casePath(target: FuzzTarget, fuzz: FuzzCase): string {
  let i = 0;
  const path = target.url.replace(/:[A-Za-z]+/g, () => fuzz.params[i++] || 'x');
  return fuzz.query ? `${path}?${fuzz.query}` : path;
}

/** Credentials of the calling side: the operator's bearer token, session cookie and CSRF token. */
export interface FuzzCaller {
  readonly bearer: string;
  readonly cookie: string;
  readonly csrf: string;
}

/**
 * How long a case may wait for its answer. A server that never answers one (a parser stuck
 * on a malformed body, as @fastify/busboy once was) then fails the property with the case and
 * fast-check's seed, instead of the whole test file timing out without either.
 */
const ANSWER_TIMEOUT_MS = 15_000;

/** Sends one case; the answer's status, or 0 when the server did not answer (in time) at all. */
export async function sendCase(
  baseUrl: string,
  target: FuzzTarget,
  fuzz: FuzzCase,
  caller: FuzzCaller,
): Promise<number> {
  const signedIn = target.caller === 'operator';
  const headers: Record<string, string> = {};
  if (fuzz.body.contentType) headers['content-type'] = fuzz.body.contentType;
  if (signedIn && target.kind === 'api') headers.authorization = `Bearer ${caller.bearer}`;
  if (fuzz.idempotencyKey !== undefined) headers['idempotency-key'] = fuzz.idempotencyKey;
  if (target.kind === 'portal')
    headers.cookie = signedIn
      ? caller.cookie
      : caller.cookie.replace(/gerbang_sesi=[^;]*;?\s*/, '');
  try {
    const response = await fetch(`${baseUrl}${casePath(target, fuzz)}`, {
      method: target.method,
      redirect: 'manual',
      headers,
      body: target.method === 'GET' ? undefined : fuzz.body.bytes,
      signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

/** Answers counted by status, per endpoint. */
export type StatusCounts = Map<string, Map<number, number>>;

/** An endpoint as counts, progress and reports name it: `POST /api/v1/nik/lookup`. */
export const endpointOf = (target: FuzzTarget): string => `${target.method} ${target.url}`;

export function countStatus(counts: StatusCounts, target: FuzzTarget, status: number): void {
  const key = endpointOf(target);
  const byStatus = counts.get(key) ?? new Map<number, number>();
  byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  counts.set(key, byStatus);
}

/** Cookies kept between the requests of a sign-in, as a browser keeps them. */
function keepCookies(jar: Map<string, string>, response: Response): void {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const at = pair!.indexOf('=');
    const value = pair!.slice(at + 1);
    if (value === '') jar.delete(pair!.slice(0, at));
    else jar.set(pair!.slice(0, at), value);
  }
}

/** Signs the operator in on the portal: their session cookie, and a CSRF token with its cookie. */
export async function portalCaller(
  baseUrl: string,
  userId: string,
  password: string,
): Promise<{ cookie: string; csrf: string }> {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  const visit = await fetch(`${baseUrl}/masuk`);
  keepCookies(jar, visit);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await visit.text())![1]!;
  const login = await fetch(`${baseUrl}/masuk`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
    body: new URLSearchParams({ _csrf: csrf, userId, password }).toString(),
  });
  keepCookies(jar, login);
  const page = await fetch(`${baseUrl}/cari`, { headers: { cookie: cookie() } });
  keepCookies(jar, page);
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!token) throw new Error('no form on /cari after signing in');
  return { cookie: cookie(), csrf: token };
}
