import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * WAL checkpoints on a thread of their own (decision 0026). A checkpoint copies the WAL's pages into the
 * database file and fsyncs both; run by SQLite's auto-checkpoint it happens inside whichever COMMIT pushed
 * the WAL past its threshold, on the event loop (10 % of the API's main thread under batched ingest).
 * Here a worker thread with its own connection runs `wal_checkpoint(PASSIVE)` every `intervalMs`: it
 * never waits for or blocks the writer, and the writer restarts the WAL from its start once a checkpoint
 * has copied all of it. The writer keeps a high auto-checkpoint threshold as a safety net (the WAL cannot
 * grow without bound if this thread stops) and goes back to the default if the thread fails.
 */
export interface Checkpointer {
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);

// Plain CommonJS evaluated in the worker (no TypeScript loader there); the driver is the main thread's.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort.postMessage({ error: String((err && err.message) || err) });
  }
}, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export function startCheckpointer(file: string, opts: { intervalMs: number; onError: (message: string) => void }): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver: require.resolve('better-sqlite3'), intervalMs: opts.intervalMs } });
  worker.unref();
  let failed = false;
  const fail = (message: string): void => {
    if (failed) return;
    failed = true;
    opts.onError(message);
  };
  worker.on('message', (m: { error?: string }) => {
    if (m.error) fail(m.error);
  });
  worker.on('error', (err) => fail(err.message));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      worker.postMessage('stop');
      await exited;
    },
  };
}
