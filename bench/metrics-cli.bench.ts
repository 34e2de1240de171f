import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { createRandom } from '../src/core/random.ts';
import { median } from './median.ts';

/**
 * The whole `modelgate metrics` command on a 1,000,000-row binary predictions CSV (y_true,
 * y_pred, y_score) against pandas `read_csv` + the same scikit-learn metrics, both as child
 * processes so start-up and parsing count. The run also checks that both sides agree on the
 * numbers at this scale (ROC AUC, log loss, F1, accuracy).
 */

const ROWS = 1_000_000;
const RUNS = 3;
const PYTHON = '/usr/bin/python3';
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const PEER = `
import sys, json, warnings
import pandas as pd
from sklearn import metrics as m
warnings.filterwarnings("ignore")
df = pd.read_csv(sys.argv[1])
y, p, s = df["y_true"].to_numpy(), df["y_pred"].to_numpy(), df["y_score"].to_numpy()
out = {"accuracy": m.accuracy_score(y, p), "roc_auc": m.roc_auc_score(y, s), "log_loss": m.log_loss(y, s)}
m.confusion_matrix(y, p)
for avg in ("macro", "weighted", "micro"):
    m.precision_recall_fscore_support(y, p, average=avg, zero_division=0)
out["f1"] = m.precision_recall_fscore_support(y, p, average="binary", zero_division=0)[2]
print(json.dumps({k: float(v) for k, v in out.items()}))
`;

const Metrics = z.object({
  accuracy: z.number(),
  roc_auc: z.number(),
  log_loss: z.number(),
  f1: z.number(),
});
const OursSchema = z.object({ metrics: Metrics });

async function writePredictions(path: string): Promise<void> {
  const next = createRandom(3);
  const lines = new Array<string>(ROWS + 1);
  lines[0] = 'y_true,y_pred,y_score';
  for (let i = 1; i <= ROWS; i++) {
    const y = next() < 0.3 ? 1 : 0;
    const score = 1 / (1 + Math.exp(-(2 * y - 1 + (next() - 0.5) * 4)));
    lines[i] = `${y},${score >= 0.5 ? 1 : 0},${score.toFixed(6)}`;
  }
  await writeFile(path, `${lines.join('\n')}\n`);
}

function timed(command: string, args: string[]): { seconds: number; stdout: string } {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}: ${result.stderr}`);
  }
  return { seconds: (performance.now() - started) / 1000, stdout: result.stdout };
}

/** Times both sides (alternating, so machine load hits both alike) and compares their values. */
export default async function bench(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'modelgate-metrics-bench-'));
  try {
    const file = join(dir, 'predictions.csv');
    await writePredictions(file);
    const args = [join('bin', 'modelgate.js'), 'metrics', '--predictions', file, '--json'];
    const hasPeer =
      existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import sklearn, pandas']).status === 0;
    const ours: number[] = [];
    const peer: number[] = [];
    let oursOut = '';
    let peerOut = '';
    for (let i = 0; i < RUNS; i++) {
      const run = timed(process.execPath, args);
      ours.push(run.seconds);
      oursOut = run.stdout;
      if (hasPeer) {
        const py = timed(PYTHON, ['-c', PEER, file]);
        peer.push(py.seconds);
        peerOut = py.stdout;
      }
    }
    const mine = OursSchema.parse(JSON.parse(oursOut)).metrics;
    const line = `metrics CLI: ${ROWS.toLocaleString('en')} rows, binary with y_score: ${median(ours).toFixed(2)} s (median of ${RUNS})`;
    if (!hasPeer) {
      console.log(`${line}; pandas + sklearn not available`);
      return;
    }
    const theirs = Metrics.parse(JSON.parse(peerOut));
    const keys = ['accuracy', 'roc_auc', 'log_loss', 'f1'] as const;
    const worst = Math.max(
      ...keys.map((k) => Math.abs(mine[k] - theirs[k]) / Math.max(Math.abs(theirs[k]), 1e-300)),
    );
    console.log(
      `${line}; pandas + sklearn ${median(peer).toFixed(2)} s, ratio ${(median(ours) / median(peer)).toFixed(2)}x`,
    );
    console.log(
      `metrics CLI: ROC AUC ${mine.roc_auc} (sklearn ${theirs.roc_auc}), log loss ${mine.log_loss} (sklearn ${theirs.log_loss}); largest relative difference over accuracy, ROC AUC, log loss, F1: ${worst.toExponential(2)}`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
