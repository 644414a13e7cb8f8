import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { seedDataDir } from './db.js';
import { makeAgency } from './factories.js';
import { freePort, ROOT } from './processes.js';

/** The server's own limit (src/server-process.ts): past it, it exits by force and with status 1. */
const STOP_BOUND_MS = 15_000;

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Servers this file started, killed at the end should a failed test leave one behind. */
const startedPids: number[] = [];

interface Started {
  readonly child: ChildProcess;
  readonly port: number;
  /** The server's own pid, from the lock file it holds (under npm, not the child's pid). */
  readonly serverPid: number;
  output(): string;
}

/** Starts the built server as a service manager would, and waits until it answers. */
async function startAsService(command: string, args: string[], dataDir: string) {
  const port = await freePort();
  const child = spawn(command, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: '',
      GERBANG_DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}): ${output}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/masuk`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not answer within 60 s: ${output}`);
    }
    await sleep(100);
  }
  const serverPid = Number(fs.readFileSync(path.join(dataDir, 'gerbang.lock'), 'utf8'));
  startedPids.push(serverPid, child.pid!);
  return { child, port, serverPid, output: () => output } satisfies Started;
}

/**
 * A token request whose body is held back: `received` resolves once the server has read its
 * headers (it answers `Expect: 100-continue` then), so the request is in flight; `finish`
 * sends the rest of the body.
 */
function slowTokenRequest(port: number) {
  const body = JSON.stringify({ userId: 'tidak.terdaftar', password: 'kata-sandi-salah-1' });
  const request = http.request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/api/v1/auth/token',
    headers: {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      expect: '100-continue',
    },
  });
  const received = once(request, 'continue');
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request.on('error', reject);
    request.on('response', (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
  });
  request.flushHeaders();
  return { received, answer, finish: () => request.end(body) };
}

/** Resolves once the server no longer accepts connections: it has begun to stop. */
async function refusesConnections(port: number): Promise<void> {
  const deadline = Date.now() + STOP_BOUND_MS;
  while (Date.now() < deadline) {
    try {
      await fetch(`http://127.0.0.1:${port}/masuk`, { signal: AbortSignal.timeout(1000) });
    } catch {
      return;
    }
    await sleep(50);
  }
  throw new Error('the server still accepts connections');
}

// Embedded database only: the lock file is what this is about; PostgreSQL has none.
describe('stopping the server as a service manager does', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-stop-'));
    // The migrated template (initdb and the migrations are not what this is about); an agency
    // makes the database not empty: the server skips the demo load.
    await seedDataDir(dataDir);
    const open = await openDatabase({ dataDir });
    await migrate(open.db);
    await makeAgency(open.db);
    await open.close();
  });
  afterAll(() => {
    for (const pid of startedPids) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('SIGTERM to `npm start` lets the request in flight finish, then the server exits and frees the database', async () => {
    // `npm start` as a unit's ExecStart runs it; --ignore-scripts skips prestart's build (the
    // suite runs on the dist/ that `npm test` has just built).
    const server = await startAsService('npm', ['start', '--ignore-scripts', '--silent'], dataDir);
    // npm runs the server as its child: the signal must reach through it.
    expect(server.serverPid).not.toBe(server.child.pid);
    const slow = slowTokenRequest(server.port);
    await slow.received;
    const stopped = Date.now();
    const exited = once(server.child, 'exit');
    server.child.kill('SIGTERM');
    await refusesConnections(server.port);
    // Stopping, yet still there: the request in flight holds it until answered.
    expect(isRunning(server.serverPid)).toBe(true);
    slow.finish();
    const answer = await slow.answer;
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toHaveProperty('code');
    const [code] = (await exited) as [number | null];
    expect(Date.now() - stopped).toBeLessThan(STOP_BOUND_MS);
    expect(code, server.output()).toBe(0);
    expect(isRunning(server.serverPid)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'gerbang.lock'))).toBe(false);
  }, 120_000);
});
