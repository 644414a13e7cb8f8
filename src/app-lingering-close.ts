import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { refusalBody } from './http/refusal-status.js';

/**
 * How long a request may take to arrive whole (Node's default, which Fastify turns off; set on
 * the server in app.ts): a 20 MB return-data file takes under 3 minutes at the counters' 1 Mbps,
 * and no stalled or trickling body holds a socket for ever. Node answers 408 after it (below).
 */
export const REQUEST_TIMEOUT_MS = 300_000;

/**
 * How long a connection answered before its request arrived whole is still read from: long
 * enough for a client on the closed network to finish sending what it had under way, short
 * enough that a client that never stops cannot hold the socket (nginx's lingering close waits
 * 5 s between reads, 30 s at most).
 */
export const LINGER_MS = 5_000;

/**
 * A refusal sent before the request has arrived whole goes out with `connection: close`: 413 for
 * a body over the limit and a body that cannot be parsed (Fastify: the rest of the body cannot
 * be told from a next request), and Node's own answers to a request it cannot parse (below).
 * Closing the socket as soon as the answer is written resets the connection while the client is
 * still sending, and many clients (fetch among them, found by `npm run bench -- --fuzz`) then
 * report a broken connection instead of the refusal, its status and its message. As web servers
 * do, the server here says it is done (half-closes), reads and discards what the client still
 * sends, and closes once the client has stopped or after LINGER_MS.
 */
export function installLingeringClose(app: FastifyInstance): void {
  // A callback hook, not an async one: it runs on every answer, lookups included, and almost
  // always has nothing to do.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (!request.raw.complete && /\bclose\b/i.test(String(reply.getHeader('connection') ?? ''))) {
      // Node ends such a connection with socket.destroySoon() once the answer is written.
      request.raw.socket.destroySoon = function destroySoon(this: Socket) {
        lingeringClose(this);
      };
    }
    done(null, payload);
  });
}

function lingeringClose(socket: Socket): void {
  socket.end();
  const close = () => void socket.destroy();
  // A client that had already sent all and ended its side is not waited for.
  if (socket.readableEnded) return close();
  const timer = setTimeout(close, LINGER_MS).unref();
  socket.once('close', () => clearTimeout(timer));
  socket.once('end', close);
  socket.resume();
}

/** Node's parser errors with answers of their own; any other is a request that is not HTTP. */
const CLIENT_ERRORS: Readonly<Record<string, { status: number; message: string }>> = {
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    message: `Permintaan tidak diterima utuh dalam ${REQUEST_TIMEOUT_MS / 60_000} menit`,
  },
  HPE_HEADER_OVERFLOW: {
    status: 431,
    message: 'Baris permintaan atau header-nya terlalu besar',
  },
};

/** Sockets already answered: Node's parser reports each later chunk of a broken request again. */
const answered = new WeakSet<Socket>();

/**
 * Fastify's `clientErrorHandler`: a request Node's HTTP parser refused (a header section over
 * its limit, a malformed request, one not received whole in time) is answered in Bahasa
 * Indonesia, as every refusal, in the API's refusal body, and closed by a lingering close
 * (Fastify's own handler answered in English and reset the connection at once).
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed || answered.has(socket)) return;
  answered.add(socket);
  const { status, message } = CLIENT_ERRORS[error.code ?? ''] ?? {
    status: 400,
    message: 'Permintaan HTTP tidak sah',
  };
  // Nothing is written into an answer already under way (Node's own rule).
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    const body = JSON.stringify(refusalBody({ code: 'PERMINTAAN_DITOLAK', message }));
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Cache-Control: no-store\r\nConnection: close\r\n\r\n' +
        body,
    );
  }
  lingeringClose(socket);
}
