import { performance } from 'node:perf_hooks';
import { createRandom } from '../src/core/random.ts';
import { compareOnRows } from '../src/core/significance/significance.ts';
import { median } from './median.ts';

/**
 * `significance` on 1e6 paired rows: accuracy (Wilson, Clopper–Pearson, exact McNemar) and
 * ROC AUC (DeLong) of two correlated binary classifiers, as `modelgate significance` and the
 * gate run them once the rows are paired. The target is under a second on this machine; the
 * figure is the median of five runs (the first warms the JIT up).
 */

const N = 1_000_000;
const RUNS = 5;
const TARGET_MS = 1000;

function data() {
  const next = createRandom(7);
  const yTrue = new Array<string>(N);
  const predB = new Array<string>(N);
  const predC = new Array<string>(N);
  const scoreB = new Float64Array(N);
  const scoreC = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const positive = next() < 0.4;
    yTrue[i] = positive ? '1' : '0';
    const signal = (positive ? 1 : -1) + 2 * (next() - 0.5) * 2;
    const b = 1 / (1 + Math.exp(-signal));
    const c = 1 / (1 + Math.exp(-(signal + 0.4 * (next() - 0.5))));
    scoreB[i] = b;
    scoreC[i] = c;
    predB[i] = b >= 0.5 ? '1' : '0';
    predC[i] = c >= 0.5 ? '1' : '0';
  }
  return { yTrue, predB, predC, scoreB, scoreC };
}

/** Runs the benchmark and prints the median time; returns it for callers. */
export default function benchSignificance(): { ms: number } {
  const d = data();
  const times: number[] = [];
  let p = NaN;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const result = compareOnRows({
      task: 'classification',
      yTrue: d.yTrue,
      baseline: { yPred: d.predB, yScore: d.scoreB },
      candidate: { yPred: d.predC, yScore: d.scoreC },
    });
    times.push(performance.now() - start);
    p = result.metrics.roc_auc?.p_value ?? NaN;
  }
  const ms = median(times);
  const verdict = ms < TARGET_MS ? 'under' : 'OVER';
  console.log(
    `significance: accuracy + ROC AUC (DeLong) on ${N.toLocaleString('en-US')} paired rows: ${ms.toFixed(0)} ms (median of ${RUNS}), ${verdict} the ${TARGET_MS} ms target (AUC p = ${p.toPrecision(3)})`,
  );
  return { ms };
}
