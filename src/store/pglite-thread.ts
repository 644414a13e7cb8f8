import { Worker } from 'node:worker_threads';
import type { EmbeddedDatabase, StatementResult } from './pglite-session.js';

/** What the worker (store/pglite-worker.ts) starts from. */
export interface ThreadStart {
  readonly dataDir: string | undefined;
  readonly loadDataDir: ArrayBuffer | undefined;
}

export type ThreadRequest =
  | {
      readonly id: number;
      readonly op: 'query';
      readonly sql: string;
      readonly parameters: readonly unknown[];
    }
  | { readonly id: number; readonly op: 'dump' | 'close' };

/** Id 0 answers the start: nothing, or the error that stopped PGlite from opening. */
export interface ThreadReply {
  readonly id: number;
  readonly result?: StatementResult;
  readonly dump?: ArrayBuffer;
  readonly error?: Record<string, unknown>;
}

/**
 * The embedded database in a worker thread (GERBANG_PGLITE_WORKER, on for the server).
 * PGlite runs PostgreSQL as WebAssembly on the thread that calls it: in the server's thread
 * every statement held up the HTTP work of all other requests. PGlite's own worker mode needs
 * browser APIs Node lacks, hence a `node:worker_threads` Worker. Values cross by structured
 * clone (a bytea arrives as a Uint8Array, as PGlite gives it); an error arrives with its
 * PostgreSQL fields (code, detail…). PGlitePool still hands the one session to one caller at
 * a time, so a transaction's statements (BEGIN … COMMIT) arrive in order and alone.
 */
export class PGliteThread implements EmbeddedDatabase {
  private nextId = 1;
  private readonly pending = new Map<number, (reply: ThreadReply) => void>();
  private failure: Error | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: ThreadReply) => {
      const answer = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      // Idle, the worker must not keep the process alive, as PGlite in this thread did not.
      if (this.pending.size === 0) worker.unref();
      answer?.(reply);
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      for (const answer of this.pending.values())
        answer({ id: -1, error: { message: error.message, name: error.name } });
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) =>
      fail(new Error(`Thread basis data tertanam berhenti (kode ${code})`)),
    );
  }

  static async open(dataDir: string | undefined, loadDataDir?: Blob): Promise<PGliteThread> {
    const start: ThreadStart = {
      dataDir,
      loadDataDir: loadDataDir ? await loadDataDir.arrayBuffer() : undefined,
    };
    const worker = new Worker(new URL('./pglite-worker.js', import.meta.url), {
      workerData: start,
      transferList: start.loadDataDir ? [start.loadDataDir] : [],
    });
    const thread = new PGliteThread(worker);
    try {
      await thread.request(0, () => undefined);
    } catch (error) {
      await worker.terminate();
      throw error;
    }
    return thread;
  }

  /** Waits for the reply with this id (0: the start, posted by the worker unasked). */
  private request(id: number, send: () => void): Promise<ThreadReply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, (reply) =>
        reply.error
          ? reject(Object.assign(new Error(String(reply.error.message)), reply.error))
          : resolve(reply),
      );
      send();
    });
  }

  private send(request: ThreadRequest): Promise<ThreadReply> {
    return this.request(request.id, () => this.worker.postMessage(request));
  }

  async query(sql: string, parameters: readonly unknown[]): Promise<StatementResult> {
    return (await this.send({ id: this.nextId++, op: 'query', sql, parameters })).result!;
  }

  async dumpDataDir(): Promise<Blob> {
    const reply = await this.send({ id: this.nextId++, op: 'dump' });
    return new Blob([reply.dump!], { type: 'application/x-gzip' });
  }

  async close(): Promise<void> {
    if (!this.failure) await this.send({ id: this.nextId++, op: 'close' });
    await this.worker.terminate();
  }
}
