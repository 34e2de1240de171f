import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CONTROL_WORDS, SHARDS, type Plan } from './layout.ts';
import { outputLoss, shardStep } from './shard-step.ts';
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
/** 1 while the caller computes every shard alone (see `run`); workers sleep on it. */
const PAUSED = 6;

/** How long a thread polls for the next job before it sleeps (the main thread's gap between steps is shorter). */
const SPIN_MS = 0.1;
/**
 * How long the caller polls for the workers' last shards before it sleeps: about one shard's
 * time. Waking from a futex wait takes tens of microseconds on a virtual machine, a large
 * share of a 300 µs step.
 */
const WAIT_SPIN_MS = 0.5;
/**
 * Steps per look at how the workers paid off, and for how many steps they are paused when
 * they did not. On a machine whose cores are busy with other work a worker gets descheduled
 * holding a shard, and the caller waits longer than computing that shard itself would take.
 */
const WINDOW = 32;
const PAUSE_STEPS = 256;
/** A claimed shard not finished in this time means its thread is gone. */
const STALL_MS = 60_000;

/**
 * The worker's whole program: instantiate the kernels on the shared memory, then claim and
 * compute shards of each job. Plain JS from a string (and shardStep from its source) rather
 * than a module file, so it runs the same from TypeScript sources, the tests and a bundle.
 * The two functions keep their own (in a bundle, minified) names, so shardStep finds
 * outputLoss; everything else lives in a block, where no name of theirs can clash with it.
 */
const WORKER_SOURCE = `
const ${outputLoss.name} = (${outputLoss.toString()});
const shardStep = (${shardStep.toString()});
{
const { workerData } = require('node:worker_threads');
const { memory, module, plan, shards, spinMs } = workerData;
const k = new WebAssembly.Instance(module, { env: { memory } }).exports;
const f = new Float32Array(memory.buffer);
const f64 = new Float64Array(memory.buffer);
const ctrl = new Int32Array(memory.buffer, plan.control, ${CONTROL_WORDS});
let seen = 0;
for (;;) {
  if (Atomics.load(ctrl, ${EXIT}) !== 0) break;
  if (Atomics.load(ctrl, ${PAUSED}) !== 0) {
    Atomics.wait(ctrl, ${PAUSED}, 1);
    continue;
  }
  const until = performance.now() + spinMs;
  while (Atomics.load(ctrl, ${GENERATION}) === seen && performance.now() < until);
  Atomics.wait(ctrl, ${GENERATION}, seen);
  if (Atomics.load(ctrl, ${EXIT}) !== 0) break;
  seen = Atomics.load(ctrl, ${GENERATION});
  const n = Atomics.load(ctrl, ${ROWS});
  const end = seen * shards;
  while (Atomics.load(ctrl, ${PAUSED}) === 0) {
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
}
`;

/** Worker threads to start on this machine: one per core beyond the main thread's. */
export function defaultThreads(): number {
  return Math.max(0, Math.min(SHARDS - 1, availableParallelism() - 1));
}

/**
 * Runs the shards of each training step on the calling thread and `threads` worker threads.
 * Every thread, the caller included, claims the next unclaimed shard until none is left, so a
 * worker that is slow to wake (a busy machine) costs nothing: the caller takes its shards;
 * and when workers keep the caller waiting (descheduled holding a shard), `pace` pauses them.
 * Which thread computes a shard never changes its result.
 */
export class ShardPool {
  private readonly ctrl: Int32Array;
  private readonly workers: Worker[] = [];
  private generation = 0;
  /** Shards computed by worker threads so far (the rest ran on the calling thread). */
  workerShards = 0;
  /**
   * This window's steps; the caller's time computing shards and how many it computed; its
   * time waiting for workers and the shards they computed meanwhile (ms); steps left paused.
   */
  private window = { steps: 0, computed: 0, here: 0, waited: 0, there: 0 };
  private pausedFor = 0;

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
    this.pace();
    const end = ++this.generation * SHARDS;
    Atomics.store(ctrl, ROWS, n);
    Atomics.store(ctrl, GENERATION, this.generation);
    if (this.workers.length > 0 && this.pausedFor === 0) Atomics.notify(ctrl, GENERATION);
    const started = performance.now();
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
    const waitStarted = performance.now();
    this.waitForShards(end, waitStarted);
    if (Atomics.load(ctrl, FAILED) !== 0)
      throw new Error('A training worker thread failed while computing its shard of the gradient.');
    this.window.steps++;
    this.window.computed += waitStarted - started;
    this.window.here += here;
    this.window.waited += performance.now() - waitStarted;
    this.window.there += SHARDS - here;
  }

  /** Polls, then sleeps, until every shard up to claim number `end` is done. */
  private waitForShards(end: number, since: number): void {
    const ctrl = this.ctrl;
    const spinUntil = since + WAIT_SPIN_MS;
    const deadline = since + STALL_MS;
    for (;;) {
      const done = Atomics.load(ctrl, DONE);
      if (done >= end) return;
      const now = performance.now();
      if (now < spinUntil) continue;
      if (now > deadline)
        throw new Error(
          'A training worker thread stopped answering; expected it to finish its shard within a minute.',
        );
      Atomics.wait(ctrl, DONE, done, 10);
    }
  }

  /**
   * Pauses the workers for PAUSE_STEPS steps when, over the last WINDOW steps, the caller
   * waited for them longer than computing their shards itself would have taken (at its own
   * time per shard), then tries them again. Only who computes a shard changes, never what.
   */
  private pace(): void {
    if (this.workers.length === 0) return;
    if (this.pausedFor > 0 && --this.pausedFor === 0) {
      Atomics.store(this.ctrl, PAUSED, 0);
      Atomics.notify(this.ctrl, PAUSED);
    }
    const { steps, computed, here, waited, there } = this.window;
    if (steps < WINDOW) return;
    const perShard = here > 0 ? computed / here : 0;
    // No shard on a worker (still starting, or asleep) cost the caller nothing but a look.
    if (this.pausedFor === 0 && there > 0 && waited > there * perShard) {
      this.pausedFor = PAUSE_STEPS;
      Atomics.store(this.ctrl, PAUSED, 1);
    }
    this.window = { steps: 0, computed: 0, here: 0, waited: 0, there: 0 };
  }

  /** Tells the workers to stop and lets them go. */
  dispose(): void {
    Atomics.store(this.ctrl, EXIT, 1);
    Atomics.store(this.ctrl, PAUSED, 0);
    Atomics.notify(this.ctrl, PAUSED);
    Atomics.add(this.ctrl, GENERATION, 1);
    Atomics.notify(this.ctrl, GENERATION);
    for (const worker of this.workers) void worker.terminate();
    this.workers.length = 0;
  }
}
