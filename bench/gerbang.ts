import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Gerbang as its users run it: the built CLI and the built server, as child processes. */

const here = path.dirname(fileURLToPath(import.meta.url));
/** dist/ of the build this file belongs to (bench/ compiles to dist/bench/). */
const dist = path.resolve(here, '..');
export const CLI = path.join(dist, 'src', 'cli', 'main.js');
export const SERVER = path.join(dist, 'src', 'main.js');

export type Env = Record<string, string | undefined>;

/** The environment of a child: ours without any Gerbang setting, plus `env`. */
function childEnv(env: Env): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('GERBANG_') || ['DATABASE_URL', 'PORT', 'HOST', 'LOG_LEVEL'].includes(key))
      continue;
    base[key] = value;
  }
  for (const [key, value] of Object.entries(env)) if (value !== undefined) base[key] = value;
  return base;
}

export interface CliResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number | null;
  readonly seconds: number;
}

/** Runs `gerbang …` (with `nodeArgs` for Node itself); rejects on a non-zero exit unless `allowFailure`. */
export function gerbang(
  args: string[],
  env: Env,
  options: { stdin?: string; allowFailure?: boolean; nodeArgs?: string[] } = {},
): Promise<CliResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), CLI, ...args], {
      env: childEnv(env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const result = { stdout, stderr, code, seconds: (performance.now() - started) / 1000 };
      if (code !== 0 && !options.allowFailure) {
        reject(
          new Error(`gerbang ${args.join(' ')} exited ${code}: ${stderr.trim() || stdout.trim()}`),
        );
      } else {
        resolve(result);
      }
    });
    child.stdin.end(options.stdin ?? '');
  });
}

/** Runs `tasks` with at most `limit` at a time, keeping their order in the result. */
export async function inParallel<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

export interface RunningServer {
  readonly pid: number;
  readonly port: number;
  readonly url: string;
  /** The server's output so far (warnings and errors at LOG_LEVEL=warn). */
  log(): string;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();

/** Kills every server still running (for the exit path after a failure). */
export function killServers(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}

async function waitForHttp(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
  log: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`server exited (${child.exitCode}) before listening:\n${log()}`);
    try {
      const response = await fetch(`${url}/api/v1/openapi.json`);
      if (response.ok) {
        await response.arrayBuffer();
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server did not answer on ${url} within ${timeoutMs / 1000} s:\n${log()}`);
}

/**
 * The Node flags of `npm start` (package.json), so that the bench measures the server as it
 * is run: among them the heap cap that keeps a process's memory in bounds under load.
 */
const START_FLAGS = (
  JSON.parse(fs.readFileSync(path.join(dist, '..', 'package.json'), 'utf8')) as {
    scripts: { start: string };
  }
).scripts.start
  .split(/\s+/)
  .filter((word) => word.startsWith('--'));

/** Starts the server as `npm start` does, on 127.0.0.1:`port`, and waits until it answers. */
export async function startServer(
  port: number,
  env: Env,
  timeoutMs = 120_000,
): Promise<RunningServer> {
  const child = spawn(process.execPath, [...START_FLAGS, SERVER], {
    env: childEnv({ LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForHttp(url, child, timeoutMs, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    live.delete(child);
    throw error;
  }
  return {
    pid: child.pid!,
    port,
    url,
    log: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      live.delete(child);
    },
  };
}

/** POST /api/v1/auth/token → the bearer token. */
export async function login(url: string, userId: string, password: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId, password }),
  });
  const body = (await response.json()) as { accessToken?: string; code?: string; message?: string };
  if (!response.ok || !body.accessToken) {
    throw new Error(
      `login ${userId} refused (${response.status}): ${body.code ?? ''} ${body.message ?? ''}`,
    );
  }
  return body.accessToken;
}

/** One lookup through the API, to check the set-up before any load. */
export async function lookupOnce(
  url: string,
  token: string,
  nik: string,
): Promise<{ status: number; code: string }> {
  const response = await fetch(`${url}/api/v1/nik/lookup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ nik, purpose: 'Verifikasi peserta JKN (uji beban)' }),
  });
  const body = (await response.json()) as { code: string };
  return { status: response.status, code: body.code };
}

export function writeLines(file: string, lines: readonly string[]): void {
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}
