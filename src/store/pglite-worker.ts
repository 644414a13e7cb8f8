import { parentPort, workerData } from 'node:worker_threads';
import { PGliteSession } from './pglite-session.js';
import type { ThreadReply, ThreadRequest, ThreadStart } from './pglite-thread.js';

/**
 * The worker thread of store/pglite-thread.ts: owns the PGlite instance, so that its
 * WebAssembly runs beside the thread that serves HTTP instead of on it, and answers the
 * requests of PGliteThread one by one, in the order they come.
 */
const port = parentPort!;
const start = workerData as ThreadStart;

/** An error as plain fields: PostgreSQL's code, detail, position… survive the crossing. */
function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const fields: Record<string, unknown> = { message: error.message, name: error.name };
  for (const [key, value] of Object.entries(error))
    if (['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value;
  return fields;
}

function reply(message: ThreadReply, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

try {
  const session = await PGliteSession.open(
    start.dataDir,
    start.loadDataDir ? new Blob([start.loadDataDir]) : undefined,
  );
  port.on('message', (request: ThreadRequest) => {
    void (async () => {
      try {
        if (request.op === 'query') {
          reply({ id: request.id, result: await session.query(request.sql, request.parameters) });
        } else if (request.op === 'dump') {
          const dump = await (await session.dumpDataDir()).arrayBuffer();
          reply({ id: request.id, dump }, [dump]);
        } else {
          await session.close();
          reply({ id: request.id });
          port.close();
        }
      } catch (error) {
        reply({ id: request.id, error: errorFields(error) });
      }
    })();
  });
  reply({ id: 0 });
} catch (error) {
  reply({ id: 0, error: errorFields(error) });
}
