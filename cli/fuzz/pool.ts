/**
 * Runs case indexes in child processes (cdktf synthesis is synchronous and CPU-bound, so one
 * process per core). The parent hands out small batches as workers finish them, so a slow case
 * does not hold up the others' share; a worker that stops answering (a hang) or dies (a crash,
 * out of memory) has its current case recorded as a failure and is replaced.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { caseAt } from './cases';
import { runCase, type CaseResult } from './oracle';

/** Parent → worker. */
interface Batch {
  readonly type: 'batch';
  readonly seed: number;
  readonly indexes: readonly number[];
  readonly scratch: string;
}
/** Worker → parent. */
interface ResultMessage {
  readonly type: 'result';
  readonly result: CaseResult;
}

export interface PoolOptions {
  readonly seed: number;
  /** Case indexes to run, in order. */
  readonly indexes: readonly number[];
  readonly workers: number;
  /** The bundled CLI (dist/cli/fuzz.js); started with `workerArgs`. */
  readonly script: string;
  readonly workerArgs: readonly string[];
  /** A folder the caller removes afterwards; workers make theirs inside. */
  readonly scratch: string;
  /** A case with no result after this long is a failure (a hang), and its worker is replaced. */
  readonly caseTimeoutMs: number;
  readonly onResult: (result: CaseResult) => void;
  /** Awaited a few times a second; throws to stop (Ctrl-C). */
  readonly checkpoint: () => Promise<void>;
}

interface Worker {
  readonly id: number;
  readonly child: ChildProcess;
  /** Indexes sent and not yet answered, in the order the worker runs them. */
  assigned: number[];
  lastActivity: number;
  stderr: string;
  gone: boolean;
}

export async function runPool(options: PoolOptions): Promise<void> {
  const queue = [...options.indexes];
  const total = queue.length;
  let received = 0;
  let nextId = 0;
  const workers = new Set<Worker>();
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));

  const batchSize = () => Math.max(1, Math.min(20, Math.ceil(queue.length / (options.workers * 4))));
  const record = (result: CaseResult) => {
    received++;
    options.onResult(result);
    if (received === total) finish();
  };
  const feed = (worker: Worker) => {
    if (worker.gone || worker.assigned.length || !queue.length) return;
    const indexes = queue.splice(0, batchSize());
    worker.assigned.push(...indexes);
    worker.lastActivity = Date.now();
    const batch: Batch = { type: 'batch', seed: options.seed, indexes, scratch: join(options.scratch, `worker-${worker.id}`) };
    worker.child.send(batch);
  };
  /** A worker that died or hung: its current case failed, the rest of its batch goes back in the queue. */
  const lose = (worker: Worker, why: string) => {
    if (worker.gone) return;
    worker.gone = true;
    workers.delete(worker);
    worker.child.kill('SIGKILL');
    const [current, ...rest] = worker.assigned;
    queue.unshift(...rest);
    if (current !== undefined) {
      let description = '';
      let kind = '?';
      let base = '?';
      try {
        const c = caseAt(options.seed, current);
        ({ description, kind, base } = c);
      } catch {
        // The case cannot even be built here; the failure line says what happened to the worker.
      }
      const tail = worker.stderr.trim().split('\n').slice(-3).join('\n');
      record({ index: current, kind, base, description, outcome: 'failed', failure: `${why}${tail ? `\n${tail}` : ''}`, ms: Date.now() - worker.lastActivity });
    }
    if (received < total) start();
  };
  const start = () => {
    const child = fork(options.script, [...options.workerArgs], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
    const worker: Worker = { id: nextId++, child, assigned: [], lastActivity: Date.now(), stderr: '', gone: false };
    workers.add(worker);
    child.stderr?.on('data', (chunk: Buffer) => {
      worker.stderr = (worker.stderr + chunk.toString()).slice(-4000);
    });
    child.on('message', (message: ResultMessage) => {
      if (message.type !== 'result' || worker.gone) return;
      worker.assigned = worker.assigned.filter((i) => i !== message.result.index);
      worker.lastActivity = Date.now();
      record(message.result);
      feed(worker);
    });
    child.on('exit', (code, signal) => {
      if (!worker.gone && (worker.assigned.length || received < total)) lose(worker, `the worker process exited (${signal ?? `code ${code}`}) while running this case`);
      else {
        worker.gone = true;
        workers.delete(worker);
      }
    });
    child.on('error', (error) => lose(worker, `the worker process failed: ${error.message}`));
    feed(worker);
  };

  try {
    for (let i = 0; i < Math.min(options.workers, total); i++) start();
    if (total === 0) finish();
    let done = false;
    void finished.then(() => (done = true));
    while (!done) {
      await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, 250))]);
      await options.checkpoint();
      const now = Date.now();
      for (const worker of [...workers]) {
        if (worker.assigned.length && now - worker.lastActivity > options.caseTimeoutMs) lose(worker, `no result after ${Math.round(options.caseTimeoutMs / 1000)} s (a hang, or far too slow)`);
      }
    }
  } finally {
    for (const worker of workers) {
      worker.gone = true;
      if (worker.child.connected) worker.child.disconnect();
      worker.child.kill('SIGKILL');
    }
  }
}

/**
 * The worker side: runs each batch the parent sends and answers one message per case. Ctrl-C is
 * the parent's to handle (it stops the workers); the worker ends when the parent disconnects.
 */
export function serveWorker(): Promise<number> {
  process.on('SIGINT', () => undefined);
  return new Promise((resolve) => {
    let chain = Promise.resolve();
    process.on('message', (message: Batch) => {
      if (message.type !== 'batch') return;
      chain = chain.then(async () => {
        mkdirSync(message.scratch, { recursive: true });
        for (const index of message.indexes) {
          let result: CaseResult;
          try {
            result = await runCase(caseAt(message.seed, index), message.scratch);
          } catch (error) {
            result = { index, kind: '?', base: '?', description: '', outcome: 'failed', failure: `building the case threw ${error instanceof Error ? `${error.constructor.name}: ${error.message.split('\n')[0]}` : String(error)}`, ms: 0 };
          }
          await new Promise<void>((done) => process.send!({ type: 'result', result } satisfies ResultMessage, undefined, {}, () => done()));
        }
      });
    });
    process.on('disconnect', () => void chain.then(() => resolve(0)));
  });
}
