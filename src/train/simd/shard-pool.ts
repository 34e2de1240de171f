import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CONTROL_WORDS, SHARDS, type Plan } from './layout.ts';
import { shardStep } from './shard-step.ts';
import type { WasmMemory, WasmModule } from './wasm-runtime.ts';

/**
 * Control words in the shared memory. Claims and completions count up across jobs, so job g
 * owns claim numbers [(g-1)·SHARDS, g·SHARDS) and nothing needs resetting between jobs: a
 * thread still holding job g-1 sees the counter past its range and claims nothing of job g.
 */
const GENERATION = 0;
const CLAIMED = 1;
const DONE = 2;
const ROWS = 3;
const EXIT = 4;
const FAILED = 5;

/** How long a thread polls for the next job before it sleeps (the main thread's gap between steps is shorter). */
const SPIN_MS = 0.2;
/** A claimed shard not finished in this time means its thread is gone. */
const STALL_MS = 60_000;

/**
 * The worker's whole program: instantiate the kernels on the shared memory, then claim and
 * compute shards of each job. Plain JS from a string (and shardStep from its source) rather
 * than a module file, so it runs the same from TypeScript sources, the tests and a bundle.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { memory, module, plan, shards, spinMs } = workerData;
const shardStep = (${shardStep.toString()});
const k = new WebAssembly.Instance(module, { env: { memory } }).exports;
const f = new Float32Array(memory.buffer);
const f64 = new Float64Array(memory.buffer);
const ctrl = new Int32Array(memory.buffer, plan.control, ${CONTROL_WORDS});
let seen = 0;
for (;;) {
  const until = performance.now() + spinMs;
  while (Atomics.load(ctrl, ${GENERATION}) === seen && performance.now() < until);
  Atomics.wait(ctrl, ${GENERATION}, seen);
  if (Atomics.load(ctrl, ${EXIT}) !== 0) break;
  seen = Atomics.load(ctrl, ${GENERATION});
  const n = Atomics.load(ctrl, ${ROWS});
  const end = seen * shards;
  for (;;) {
    const c = Atomics.load(ctrl, ${CLAIMED});
    if (c >= end) break;
    if (Atomics.compareExchange(ctrl, ${CLAIMED}, c, c + 1) !== c) continue;
    try {
      shardStep(k, f, f64, plan, c - (end - shards), n);
    } catch {
      Atomics.store(ctrl, ${FAILED}, 1);
    }
    Atomics.add(ctrl, ${DONE}, 1);
    Atomics.notify(ctrl, ${DONE});
  }
}
`;

/** Worker threads to start on this machine: one per core beyond the main thread's. */
export function defaultThreads(): number {
  return Math.max(0, Math.min(SHARDS - 1, availableParallelism() - 1));
}

/**
 * Runs the shards of each training step on the calling thread and `threads` worker threads.
 * Every thread, the caller included, claims the next unclaimed shard until none is left, so a
 * worker that is slow to wake (a busy machine) costs nothing: the caller takes its shards.
 * Which thread computes a shard never changes its result.
 */
export class ShardPool {
  private readonly ctrl: Int32Array;
  private readonly workers: Worker[] = [];
  private generation = 0;
  /** Shards computed by worker threads so far (the rest ran on the calling thread). */
  workerShards = 0;

  constructor(memory: WasmMemory, module: WasmModule, plan: Plan, threads = defaultThreads()) {
    this.ctrl = new Int32Array(memory.buffer, plan.control, CONTROL_WORDS);
    for (let i = 0; i < threads; i++) {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { memory, module, plan, shards: SHARDS, spinMs: SPIN_MS },
      });
      // A worker that fails to start leaves its shards to the others; never keep the process alive.
      worker.on('error', () => undefined);
      worker.unref();
      this.workers.push(worker);
    }
  }

  /** Computes every shard of an `n`-row batch with `compute`, here and on the workers. */
  run(n: number, compute: (shard: number) => void): void {
    const ctrl = this.ctrl;
    const end = ++this.generation * SHARDS;
    Atomics.store(ctrl, ROWS, n);
    Atomics.store(ctrl, GENERATION, this.generation);
    if (this.workers.length > 0) Atomics.notify(ctrl, GENERATION);
    let here = 0;
    for (;;) {
      const c = Atomics.load(ctrl, CLAIMED);
      if (c >= end) break;
      if (Atomics.compareExchange(ctrl, CLAIMED, c, c + 1) !== c) continue;
      compute(c - (end - SHARDS));
      Atomics.add(ctrl, DONE, 1);
      here++;
    }
    this.workerShards += SHARDS - here;
    const deadline = performance.now() + STALL_MS;
    for (;;) {
      const done = Atomics.load(ctrl, DONE);
      if (done >= end) break;
      if (performance.now() > deadline)
        throw new Error(
          'A training worker thread stopped answering; expected it to finish its shard within a minute.',
        );
      Atomics.wait(ctrl, DONE, done, 10);
    }
    if (Atomics.load(ctrl, FAILED) !== 0)
      throw new Error('A training worker thread failed while computing its shard of the gradient.');
  }

  /** Tells the workers to stop and lets them go. */
  dispose(): void {
    Atomics.store(this.ctrl, EXIT, 1);
    Atomics.add(this.ctrl, GENERATION, 1);
    Atomics.notify(this.ctrl, GENERATION);
    for (const worker of this.workers) void worker.terminate();
    this.workers.length = 0;
  }
}
