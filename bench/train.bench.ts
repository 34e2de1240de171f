import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
 * Issue 8's reference configuration: MLP →64→64→classes (ReLU, no dropout), Adam lr 1e-3,
 * batch 256, 80/20 split, standardised — on synth_60k.csv (10 epochs) and digits.csv (50
 * epochs, issue 20) — per available backend, and scikit-learn's MLPClassifier on the same
 * file in the same run under both OpenBLAS settings (one thread, and its default), since
 * which is faster depends on the machine; the ratio is against the fastest peer row.
 * The peer runs on modelgate's own train/test rows (bench/sklearn-mlp.py) so accuracies
 * compare on the same test rows, plus once more as shared/bench/sklearn_mlp.py (its own
 * split) for reference. Throughput counts training rows x epochs over training plus
 * test-set inference, since a user waits for both (scikit-learn's over its fit alone).
 * `BENCH_RUNS` (3) interleaved runs, run i with seed i on both sides: samples/s is the
 * median, test accuracy the mean over the seeds.
 * `BENCH_BACKENDS=wasm,cpu` limits the backends (cpu alone takes about a minute);
 * `BENCH_REFERENCE=0` skips the two reference rows (autodiff loop, model.fit) on wasm;
 * `BENCH_DATASETS=synth_60k` limits the datasets.
 */

const DATASETS = [
  { name: 'synth_60k', epochs: 10 },
  { name: 'digits', epochs: 50 },
] as const;
type Dataset = (typeof DATASETS)[number];
const REFERENCE = fileURLToPath(new URL('../../shared/bench/sklearn_mlp.py', import.meta.url));
const SAME_SPLIT = fileURLToPath(new URL('./sklearn-mlp.py', import.meta.url));
const PYTHON = '/usr/bin/python3';
const SKLEARN_NAME = 'scikit-learn MLPClassifier';
/** OpenBLAS settings the peer runs under: one thread, and its default (all cores). */
const BLAS_SETTINGS = [
  { label: '1 OpenBLAS thread', threads: '1' },
  { label: 'default OpenBLAS threads', threads: undefined },
] as const;

function dataPath(dataset: Dataset): string {
  return fileURLToPath(new URL(`../../shared/datasets/${dataset.name}.csv`, import.meta.url));
}

interface Row {
  name: string;
  samplesPerS: number;
  wallS: number;
  accuracy: number;
}

function config(backend: BackendName, dataset: Dataset, seed = 0) {
  return ConfigSchema.parse({
    data: { path: dataPath(dataset), label: 'target' },
    task: 'classification',
    model: { type: 'mlp', hidden: [64, 64], dropout: 0, activation: 'relu' },
    train: {
      epochs: dataset.epochs,
      batch_size: 256,
      learning_rate: 1e-3,
      test_split: 0.2,
      seed,
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
  dataset: Dataset,
  seed: number,
  gradients: 'analytic' | 'autodiff' = 'analytic',
): Promise<Row> {
  const { metrics, fit } = await trainAndEvaluate({
    config: config(backend, dataset, seed),
    gradients,
  });
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
async function modelFit(dataset: Dataset): Promise<Row> {
  const cfg = config('wasm', dataset);
  const DATA = dataPath(dataset);
  const EPOCHS = dataset.epochs;
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

/**
 * The peer under one OpenBLAS setting, on modelgate's split (`split`, bench/sklearn-mlp.py)
 * or on its own (the reference script). OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, which this
 * machine's environment may set, are removed for its run only: they pin OpenBLAS to slower
 * kernels than the ones it detects (REFERENCE.md).
 */
function sklearn(
  dataset: Dataset,
  blas: (typeof BLAS_SETTINGS)[number],
  split: { path: string; seed: number } | undefined,
): Row | undefined {
  if (!existsSync(PYTHON)) return undefined;
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  delete env.OPENBLAS_NUM_THREADS;
  if (blas.threads) env.OPENBLAS_NUM_THREADS = blas.threads;
  const args = [dataPath(dataset), 'target', String(dataset.epochs)];
  const result = spawnSync(
    PYTHON,
    split ? [SAME_SPLIT, ...args, split.path, String(split.seed)] : [REFERENCE, ...args],
    {
      encoding: 'utf8',
      env,
    },
  );
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
  const where = split ? 'same split' : "reference script's own split";
  return {
    name: `${SKLEARN_NAME}, ${where} (${blas.label})`,
    samplesPerS: rate,
    wallS: fitS,
    accuracy,
  };
}

/** modelgate's train/test rows of `dataset` for `seed` (20 %), written for the peer to use. */
async function writeSplit(
  dataset: Dataset,
  dir: string,
  seed: number,
): Promise<{ path: string; seed: number }> {
  const table = await readTable(dataPath(dataset));
  const schema = inferSchema(table, { label: 'target', task: 'classification' });
  const labelled = readLabels(table, schema);
  if (labelled.task !== 'classification')
    throw new Error(`${dataset.name} is a classification set.`);
  const split = splitRows(labelled.rows.length, 0.2, seed, labelled.values);
  const rows = (positions: Int32Array) => Array.from(positions, (p) => labelled.rows[p] ?? 0);
  const path = join(dir, `${dataset.name}-split-${seed}.json`);
  await writeFile(path, JSON.stringify({ train: rows(split.train), test: rows(split.test) }));
  return { path, seed };
}

/** The run with the median samples/s (its time and accuracy come with it). */
function median(runs: Row[]): Row | undefined {
  const sorted = [...runs].sort((x, y) => x.samplesPerS - y.samplesPerS);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Per run name, in first-seen order: the median samples/s (with that run's time) and the mean accuracy. */
function medians(runs: Map<string, Row[]>): (Row & { runs: number })[] {
  const rows: (Row & { runs: number })[] = [];
  for (const list of runs.values()) {
    const row = median(list);
    const accuracy = list.reduce((sum, run) => sum + run.accuracy, 0) / list.length;
    if (row) rows.push({ ...row, accuracy, runs: list.length });
  }
  return rows;
}

/** The table of one dataset: modelgate's rows, then the peer's, each with its ratio to the faster peer. */
function table(rows: (Row & { runs: number })[]): string[] {
  const peers = rows.filter((row) => row.name.startsWith(SKLEARN_NAME));
  const ours = rows.filter((row) => !row.name.startsWith(SKLEARN_NAME));
  const peer = peers.reduce<Row | undefined>(
    (best, row) => (best && best.samplesPerS >= row.samplesPerS ? best : row),
    undefined,
  );
  const lines = [
    '| run | runs | samples/s (median) | time (s) | test accuracy (mean) | vs fastest scikit-learn |',
    '| :-- | --: | --: | --: | --: | --: |',
    ...[...ours, ...peers].map((row) => {
      const ratio = peer ? `${(row.samplesPerS / peer.samplesPerS).toFixed(3)}x` : '—';
      return `| ${row.name} | ${row.runs} | ${Math.round(row.samplesPerS).toLocaleString('en-US')} | ${row.wallS.toFixed(2)} | ${row.accuracy.toFixed(4)} | ${ratio} |`;
    }),
  ];
  if (!peer)
    lines.push('(scikit-learn not measured: /usr/bin/python3 with scikit-learn is not installed)');
  return lines;
}

/** Runs the training benchmark and prints a table per dataset (see the header comment). */
export default async function bench(): Promise<void> {
  // Medians of interleaved runs: on a shared machine the load changes from one run to the
  // next, and interleaving exposes modelgate and scikit-learn to the same conditions.
  const repeats = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
  const backends = await available();
  const dir = await mkdtemp(join(tmpdir(), 'modelgate-bench-train-'));
  try {
    await runDatasets(backends, repeats, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function runDatasets(backends: BackendName[], repeats: number, dir: string): Promise<void> {
  const wanted = process.env.BENCH_DATASETS?.split(',').map((name) => name.trim());
  for (const dataset of DATASETS) {
    if (wanted && !wanted.includes(dataset.name)) continue;
    const runs = new Map<string, Row[]>();
    const record = (row: Row | undefined) => {
      if (row) runs.set(row.name, [...(runs.get(row.name) ?? []), row]);
    };
    for (let i = 0; i < repeats; i++) {
      // Run i uses seed i on both sides (modelgate's split, init and order; the peer on that
      // split with random_state i): one initialisation decides a point or more of test
      // accuracy on digits' 360 test rows, so accuracy is compared as a mean over seeds.
      const split = await writeSplit(dataset, dir, i);
      // The cpu backend takes about a minute per run; once is enough to place it.
      for (const backend of backends)
        if (backend !== 'cpu' || i === 0) record(await modelgate(backend, dataset, i));
      for (const blas of BLAS_SETTINGS) record(sklearn(dataset, blas, split));
      record(sklearn(dataset, BLAS_SETTINGS[0], undefined));
    }
    // What the engine did before issue 8, on the default backend, to show the gain in the same run.
    if (
      process.env.BENCH_REFERENCE !== '0' &&
      backends.includes('wasm') &&
      dataset.name === 'synth_60k'
    ) {
      record(await modelgate('wasm', dataset, 0, 'autodiff'));
      record(await modelFit(dataset));
    }
    process.stdout.write(
      `### ${dataset.name} (${dataset.epochs} epochs)\n\n${table(medians(runs)).join('\n')}\n\n`,
    );
  }
}
