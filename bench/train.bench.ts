import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigSchema } from '../src/core/config/schema.ts';
import { selectBackend, type BackendName } from '../src/train/backend.ts';
import { trainAndEvaluate } from '../src/train/train-run.ts';
import { fitPreprocessing, transform } from '../src/data/preprocess.ts';
import { readTable } from '../src/data/read-table.ts';
import { inferSchema, readLabels } from '../src/data/schema.ts';
import { splitRows } from '../src/data/split.ts';
import { buildModel } from '../src/train/model.ts';

/**
 * Issue 8's reference configuration: MLP 20→64→64→3 (ReLU, no dropout), Adam lr 1e-3,
 * batch 256, 10 epochs, 80/20 split, standardised, on synth_60k.csv — per available
 * backend, and scikit-learn's MLPClassifier on the same file in the same run. Throughput
 * counts training rows x epochs over training plus test-set inference, since a user waits
 * for both. Medians of `BENCH_RUNS` (3) interleaved runs of modelgate and scikit-learn.
 * `BENCH_BACKENDS=wasm,cpu` limits the backends (cpu alone takes about a minute);
 * `BENCH_REFERENCE=0` skips the two reference rows (autodiff loop, model.fit) on wasm.
 */

const DATA = fileURLToPath(new URL('../../shared/datasets/synth_60k.csv', import.meta.url));
const SKLEARN = fileURLToPath(new URL('../../shared/bench/sklearn_mlp.py', import.meta.url));
const PYTHON = '/usr/bin/python3';
const EPOCHS = 10;
const SKLEARN_NAME = 'scikit-learn MLPClassifier';

interface Row {
  name: string;
  samplesPerS: number;
  wallS: number;
  accuracy: number;
}

function config(backend: BackendName) {
  return ConfigSchema.parse({
    data: { path: DATA, label: 'target' },
    task: 'classification',
    model: { type: 'mlp', hidden: [64, 64], dropout: 0, activation: 'relu' },
    train: {
      epochs: EPOCHS,
      batch_size: 256,
      learning_rate: 1e-3,
      test_split: 0.2,
      seed: 0,
      backend,
    },
  });
}

async function available(): Promise<BackendName[]> {
  const wanted = process.env.BENCH_BACKENDS?.split(',').map((name) => name.trim());
  const found: BackendName[] = [];
  for (const name of ['node', 'wasm', 'cpu'] as const) {
    if (wanted && !wanted.includes(name)) continue;
    try {
      await selectBackend(name);
      found.push(name);
    } catch {
      // Not installed here (tfjs-node offline); the table says which ran.
    }
  }
  return found;
}

async function modelgate(
  backend: BackendName,
  gradients: 'analytic' | 'autodiff' = 'analytic',
): Promise<Row> {
  const { metrics, fit } = await trainAndEvaluate({ config: config(backend), gradients });
  const seconds = metrics.timing.train_s + metrics.timing.eval_s;
  return {
    name:
      gradients === 'analytic'
        ? `modelgate (${backend})`
        : `reference: tfjs autodiff + tf.train.adam (${backend})`,
    samplesPerS: fit.samples / seconds,
    wallS: seconds,
    accuracy: metrics.metrics.accuracy ?? NaN,
  };
}

/**
 * Issue 8's baseline: the same model and data through tfjs-layers' `model.fit` (batch 256,
 * shuffled, no per-epoch logging) and `model.predict` on the test rows.
 */
async function modelFit(): Promise<Row> {
  const cfg = config('wasm');
  const { tf } = await selectBackend('wasm');
  const table = await readTable(DATA);
  const schema = inferSchema(table, { label: 'target', task: 'classification' });
  const labelled = readLabels(table, schema);
  if (labelled.task !== 'classification') throw new Error('synth_60k is a classification set.');
  const split = splitRows(labelled.rows.length, 0.2, 0, labelled.values);
  const rowsOf = (positions: Int32Array) =>
    Int32Array.from(positions, (p) => labelled.rows[p] ?? 0);
  const codes = (positions: Int32Array) =>
    Int32Array.from(positions, (p) => labelled.classes.indexOf(labelled.values[p] ?? ''));
  const prep = fitPreprocessing(table, schema, rowsOf(split.train), { classes: labelled.classes });
  const train = transform(table, prep, rowsOf(split.train));
  const test = transform(table, prep, rowsOf(split.test));
  const k = labelled.classes.length;
  const built = await buildModel(
    tf,
    cfg.model,
    { inputs: prep.inputs, outputs: k, task: 'classification' },
    0,
  );
  built.model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  const x = tf.tensor2d(train.x, [train.rows, train.inputs]);
  const y = tf.oneHot(tf.tensor1d(codes(split.train), 'int32'), k);
  const started = performance.now();
  await built.model.fit(x, y, { batchSize: 256, epochs: EPOCHS, shuffle: true, verbose: 0 });
  const predicted = tf.tidy(() => {
    const out = built.model.predict(tf.tensor2d(test.x, [test.rows, test.inputs]));
    return (Array.isArray(out) ? out[0] : out)?.argMax(1).dataSync() ?? new Int32Array(0);
  });
  const seconds = (performance.now() - started) / 1000;
  const truth = codes(split.test);
  const correct = truth.reduce((n, code, i) => n + (code === predicted[i] ? 1 : 0), 0);
  tf.dispose([x, y]);
  built.model.dispose();
  return {
    name: 'reference: tfjs-layers model.fit (wasm)',
    samplesPerS: (train.rows * EPOCHS) / seconds,
    wallS: seconds,
    accuracy: correct / truth.length,
  };
}

function sklearn(): Row | undefined {
  if (!existsSync(PYTHON)) return undefined;
  const result = spawnSync(PYTHON, [SKLEARN, DATA, 'target', String(EPOCHS)], { encoding: 'utf8' });
  if (result.status !== 0) {
    process.stderr.write(`scikit-learn run failed: ${result.stderr}\n`);
    return undefined;
  }
  const parsed: unknown = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}');
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const fitS = 'fit_s' in parsed && typeof parsed.fit_s === 'number' ? parsed.fit_s : NaN;
  const rate =
    'samples_per_s' in parsed && typeof parsed.samples_per_s === 'number'
      ? parsed.samples_per_s
      : NaN;
  const accuracy =
    'test_accuracy' in parsed && typeof parsed.test_accuracy === 'number'
      ? parsed.test_accuracy
      : NaN;
  return { name: SKLEARN_NAME, samplesPerS: rate, wallS: fitS, accuracy };
}

/** The run with the median samples/s (its time and accuracy come with it). */
function median(runs: Row[]): Row | undefined {
  const sorted = [...runs].sort((x, y) => x.samplesPerS - y.samplesPerS);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Runs the training benchmark and prints its table (see the header comment). */
export default async function bench(): Promise<void> {
  // Medians of interleaved runs: on a shared machine the load changes from one run to the
  // next, and interleaving exposes modelgate and scikit-learn to the same conditions.
  const repeats = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
  const backends = await available();
  const runs = new Map<string, Row[]>();
  const record = (row: Row | undefined) => {
    if (row) runs.set(row.name, [...(runs.get(row.name) ?? []), row]);
  };
  for (let i = 0; i < repeats; i++) {
    // The cpu backend takes about a minute per run; once is enough to place it.
    for (const backend of backends)
      if (backend !== 'cpu' || i === 0) record(await modelgate(backend));
    record(sklearn());
  }
  // What the engine did before issue 8, on the default backend, to show the gain in the same run.
  if (process.env.BENCH_REFERENCE !== '0' && backends.includes('wasm')) {
    record(await modelgate('wasm', 'autodiff'));
    record(await modelFit());
  }
  const rows: (Row & { runs: number })[] = [];
  for (const list of runs.values()) {
    const row = median(list);
    if (row) rows.push({ ...row, runs: list.length });
  }
  // scikit-learn last, as the yardstick.
  rows.sort((a, b) => Number(a.name === SKLEARN_NAME) - Number(b.name === SKLEARN_NAME));
  const peer = rows.find((row) => row.name === SKLEARN_NAME);
  const lines = [
    '| run | runs | samples/s (median) | time (s) | test accuracy | vs scikit-learn |',
    '| :-- | --: | --: | --: | --: | --: |',
    ...rows.map((row) => {
      const ratio = peer ? `${(row.samplesPerS / peer.samplesPerS).toFixed(3)}x` : '—';
      return `| ${row.name} | ${row.runs} | ${Math.round(row.samplesPerS).toLocaleString('en-US')} | ${row.wallS.toFixed(2)} | ${row.accuracy.toFixed(4)} | ${ratio} |`;
    }),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (!peer)
    process.stdout.write(
      '(scikit-learn not measured: /usr/bin/python3 with scikit-learn is not installed)\n',
    );
}
