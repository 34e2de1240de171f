import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { classificationReport } from '../src/core/metrics/classification-report.ts';
import { rocAuc } from '../src/core/metrics/roc-auc.ts';
import { createRandom } from '../src/core/random.ts';
import { median } from './median.ts';

/**
 * Metrics at scale against scikit-learn in the same run: ROC AUC on 1e6 continuous scores
 * (sklearn's `roc_auc_score` takes ~539 ms on this class of machine, see ../shared/bench), and
 * the full classification report (every §5 metric) on 1e6 rows, binary and with 3 classes.
 * Each figure is the median of a few runs; the peer is skipped when /usr/bin/python3 with
 * scikit-learn is not there.
 */

const N = 1_000_000;
const RUNS = 3;
const PYTHON = '/usr/bin/python3';

function time(run: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** Binary data: prevalence 0.3, scores = logistic(signal + noise), predictions at 0.5. */
function binaryData() {
  const next = createRandom(42);
  const positive = new Uint8Array(N);
  const score = new Float64Array(N);
  const yTrue = new Array<string>(N);
  const yPred = new Array<string>(N);
  for (let i = 0; i < N; i++) {
    positive[i] = next() < 0.3 ? 1 : 0;
    const logit = (positive[i] ? 1 : -1) + 2 * (next() - 0.5) * 2;
    score[i] = 1 / (1 + Math.exp(-logit));
    yTrue[i] = positive[i] ? '1' : '0';
    yPred[i] = score[i]! >= 0.5 ? '1' : '0';
  }
  return { positive, score, yTrue, yPred, proba: [score.map((p) => 1 - p), score] };
}

/** Three classes: softmax of a noisy one-hot signal; predictions are the argmax. */
function multiclassData() {
  const next = createRandom(7);
  const proba = [new Float64Array(N), new Float64Array(N), new Float64Array(N)];
  const yTrue = new Array<string>(N);
  const yPred = new Array<string>(N);
  for (let i = 0; i < N; i++) {
    const label = Math.floor(next() * 3);
    const logits = [0, 1, 2].map((k) => (k === label ? 1.5 : 0) + 2 * next());
    const total = logits.reduce((sum, l) => sum + Math.exp(l), 0);
    let best = 0;
    logits.forEach((l, k) => {
      proba[k]![i] = Math.exp(l) / total;
      if (l > logits[best]!) best = k;
    });
    yTrue[i] = String(label);
    yPred[i] = String(best);
  }
  return { yTrue, yPred, proba };
}

/** The same three workloads in scikit-learn, timed the same way; prints JSON of medians in ms. */
const PEER = `
import json, time, warnings
import numpy as np
from sklearn import metrics as m
warnings.filterwarnings("ignore")
N, RUNS = ${N}, ${RUNS}
rng = np.random.default_rng(42)
y = (rng.random(N) < 0.3).astype(int)
s = 1 / (1 + np.exp(-((2 * y - 1) + (rng.random(N) - 0.5) * 4)))
p = (s >= 0.5).astype(int)
label = rng.integers(0, 3, N)
logits = np.eye(3)[label] * 1.5 + 2 * rng.random((N, 3))
P = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
q = P.argmax(axis=1)
def med(f):
    t = []
    for _ in range(RUNS):
        a = time.perf_counter(); f(); t.append((time.perf_counter() - a) * 1000)
    return sorted(t)[len(t) // 2]
def common(yt, yp):
    m.accuracy_score(yt, yp); m.confusion_matrix(yt, yp)
    m.precision_recall_fscore_support(yt, yp, zero_division=0)
    for avg in ("macro", "weighted", "micro"):
        m.precision_recall_fscore_support(yt, yp, average=avg, zero_division=0)
def binary():
    common(y, p); m.precision_recall_fscore_support(y, p, average="binary", zero_division=0)
    m.roc_auc_score(y, s); m.log_loss(y, s)
def multi():
    common(label, q)
    m.roc_auc_score(label, P, multi_class="ovr", average="macro")
    m.roc_auc_score(label, P, multi_class="ovr", average="weighted")
    m.roc_auc_score(label, P, multi_class="ovo", average="macro")
    m.log_loss(label, P)
print(json.dumps({"roc_auc": med(lambda: m.roc_auc_score(y, s)), "report_binary": med(binary), "report_multiclass": med(multi)}))
`;

function peerTimes(): Record<string, number> | undefined {
  if (!existsSync(PYTHON)) return undefined;
  const result = spawnSync(PYTHON, ['-c', PEER], { encoding: 'utf8', timeout: 300_000 });
  if (result.status !== 0) return undefined;
  const parsed: unknown = JSON.parse(result.stdout);
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  return Object.fromEntries(
    Object.entries(parsed).filter((e): e is [string, number] => typeof e[1] === 'number'),
  );
}

/** Runs the metric benchmarks and prints one line per workload with the ratio to sklearn. */
export default async function bench(): Promise<{ name: string; ms: number; sklearnMs?: number }[]> {
  const binary = binaryData();
  const multi = multiclassData();
  const workloads = [
    {
      key: 'roc_auc',
      name: 'ROC AUC, 1e6 continuous scores',
      run: () => rocAuc(binary.positive, binary.score),
    },
    {
      key: 'report_binary',
      name: 'classificationReport, 1e6 rows, binary with scores',
      run: () =>
        classificationReport({
          yTrue: binary.yTrue,
          yPred: binary.yPred,
          scores: { labels: ['0', '1'], proba: binary.proba },
        }),
    },
    {
      key: 'report_multiclass',
      name: 'classificationReport, 1e6 rows, 3 classes with probabilities',
      run: () =>
        classificationReport({
          yTrue: multi.yTrue,
          yPred: multi.yPred,
          scores: { labels: ['0', '1', '2'], proba: multi.proba },
        }),
    },
  ];
  const ours = workloads.map(({ key, name, run }) => ({ key, name, ms: time(run) }));
  const peer = peerTimes();
  const results = ours.map(({ key, name, ms }) => ({ name, ms, sklearnMs: peer?.[key] }));
  for (const { name, ms, sklearnMs } of results) {
    const versus =
      sklearnMs === undefined
        ? 'sklearn not available'
        : `sklearn ${sklearnMs.toFixed(0)} ms, ratio ${(ms / sklearnMs).toFixed(2)}x`;
    console.log(`metrics: ${name}: ${ms.toFixed(0)} ms (median of ${RUNS}); ${versus}`);
  }
  return results;
}
