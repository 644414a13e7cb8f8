import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINGER_MS } from '../app-lingering-close.js';
import { createTestDatabase, type TestDatabase } from '../../test/db.js';
import { startTestServer, type TestServer } from '../../test/server.js';

/**
 * A refusal sent while the client is still sending its request (a body over the limit, a
 * request line or headers over Node's limit) reaches the client: found by `npm run bench --
 * --fuzz`, where such requests from fetch ended as broken connections instead of 413 or 431.
 */
describe('refusals before the request has arrived whole', () => {
  let t: TestDatabase;
  let server: TestServer;

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await startTestServer(t.db);
  });
  afterAll(async () => {
    await server.close();
    await t.drop();
  });

  /**
   * A raw connection to the server that announces a login body of `length` bytes (the header
   * section is written at once; what the caller writes next follows it).
   */
  function announceBody(length: number, allowHalfOpen = false): net.Socket {
    const socket = net.connect({
      port: Number(new URL(server.url).port),
      host: '127.0.0.1',
      allowHalfOpen,
    });
    socket.write(
      'POST /api/v1/auth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${length}\r\n\r\n`,
    );
    return socket;
  }

  it('a client sending a body over the limit whole meets no reset and reads the 413', async () => {
    const body = Buffer.alloc(16 * 1024 * 1024, 0x20);
    const outcome = await new Promise<{ sent: boolean; answer: string }>((resolve) => {
      const socket = announceBody(body.length);
      let answer = '';
      let sent = false;
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
      socket.on('error', () => undefined);
      socket.on('close', () => resolve({ sent, answer }));
      // Far more than the kernel buffers: most of it is written after the answer has left.
      socket.write(body, (error) => {
        sent = !error;
        socket.end();
      });
    });
    expect(outcome.sent).toBe(true);
    expect(outcome.answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(outcome.answer).toContain(
      '{"code":"PERMINTAAN_DITOLAK","message":"Permintaan terlalu besar"}',
    );
  });

  async function send(path: string) {
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'x'.repeat(1024 * 1024), password: 'y' }),
    });
    return { status: response.status, body: await response.json() };
  }

  it("a request line over Node's limit is answered 431 in Bahasa Indonesia", async () => {
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => send(`/api/v1/auth/token?q=${'x'.repeat(20_000)}`)),
    );
    for (const answer of answers) {
      expect(answer).toEqual({
        status: 431,
        body: {
          code: 'PERMINTAAN_DITOLAK',
          message: 'Baris permintaan atau header-nya terlalu besar',
        },
      });
    }
  });

  /**
   * A raw connection that announces 100 MB and sends its first megabyte: the answer it reads,
   * and how long after it the server closes the connection while the client `keepsSending` (a
   * chunk every 50 ms) or stops and closes its side.
   */
  async function refusedConnection(keepsSending: boolean) {
    return new Promise<{ answer: string; closedAfterMs: number }>((resolve, reject) => {
      // A client that goes on sending does not end its side when the server ends its own.
      const socket = announceBody(100 * 1024 * 1024, keepsSending);
      socket.write(Buffer.alloc(1024 * 1024, 0x20));
      let answer = '';
      let answeredAt = 0;
      let sender: NodeJS.Timeout | undefined;
      socket.on('data', (chunk: Buffer) => {
        answer += chunk.toString('latin1');
        if (answeredAt > 0 || !answer.includes('\r\n\r\n')) return;
        answeredAt = performance.now();
        if (keepsSending) {
          sender = setInterval(() => socket.write(Buffer.alloc(16 * 1024, 0x20)), 50);
        } else {
          socket.end();
        }
      });
      // Writing into a connection the server has closed fails: that is the end looked for.
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearInterval(sender);
        if (answeredAt === 0) reject(new Error(`closed without an answer: ${answer}`));
        else resolve({ answer, closedAfterMs: performance.now() - answeredAt });
      });
    });
  }

  it('a client that stops sending after the refusal is let go at once', async () => {
    const { answer, closedAfterMs } = await refusedConnection(false);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('connection: close');
    expect(closedAfterMs).toBeLessThan(LINGER_MS / 2);
  });

  it('a client that goes on sending is cut off after the lingering time', async () => {
    const { answer, closedAfterMs } = await refusedConnection(true);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(closedAfterMs).toBeGreaterThan(LINGER_MS - 1_000);
    expect(closedAfterMs).toBeLessThan(LINGER_MS + 5_000);
  });
});
