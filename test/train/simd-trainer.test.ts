import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../src/core/config/schema.ts';
import { createRandom } from '../../src/data/random.ts';
import { selectBackend } from '../../src/train/backend.ts';
import { BatchBuilder, targetRows } from '../../src/train/batches.ts';
import { fit } from '../../src/train/fit.ts';
import { buildModel, type ModelConfig } from '../../src/train/model.ts';
import { ADD_BIAS, RELU, kernelModule, type Kernels } from '../../src/train/simd/kernels.ts';
import { SimdTrainer } from '../../src/train/simd/simd-trainer.ts';
import { wasmApi } from '../../src/train/simd/wasm-runtime.ts';

function kernels(): { k: Kernels; f: Float32Array } {
  const api = wasmApi();
  if (!api) throw new Error('no WebAssembly');
  const memory = new api.Memory({ initial: 4, maximum: 4, shared: true });
  const { exports } = new api.Instance(kernelModule(api), { env: { memory } });
  const names = ['gemm', 'reluGrad', 'addInto', 'adam', 'transpose', 'gather', 'softmaxLoss'];
  const missing = names.filter((name) => typeof exports[name] !== 'function');
  if (missing.length > 0) throw new Error(`missing exports: ${missing.join(', ')}`);
  return { k: exports as unknown as Kernels, f: new Float32Array(memory.buffer) };
}

describe('SIMD kernels', () => {
  const { k, f } = kernels();
  const random = createRandom(4);
  // Edge tiles on both axes (m % 4 != 0, n % 8 == 4), A in both layouts, bias and relu.
  const cases = [
    { m: 7, depth: 5, n: 12, transposed: false, flags: ADD_BIAS | RELU },
    { m: 9, depth: 33, n: 8, transposed: true, flags: 0 },
    { m: 1, depth: 17, n: 4, transposed: false, flags: ADD_BIAS },
  ];
  for (const { m, depth, n, transposed, flags } of cases) {
    it(`gemm matches the plain product: ${m}x${depth}x${n}${transposed ? ', A transposed' : ''}, flags ${flags}`, () => {
      const [a, b, c, bias] = [0, 4096, 8192, 12288];
      for (let i = 0; i < 1024; i++) f[i] = random() * 2 - 1;
      for (let i = 0; i < 1024; i++) f[1024 + i] = random() * 2 - 1;
      for (let i = 0; i < n; i++) f[3072 + i] = random() * 2 - 1;
      const [aRow, aCol] = transposed ? [4, m * 4] : [depth * 4, 4];
      k.gemm(a, aRow, aCol, b, c, m, depth, n, bias, flags);
      let worst = 0;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let sum = flags & ADD_BIAS ? (f[3072 + j] ?? 0) : 0;
          for (let p = 0; p < depth; p++)
            sum += (f[(aRow * i + aCol * p) / 4] ?? 0) * (f[1024 + p * n + j] ?? 0);
          if (flags & RELU) sum = Math.max(0, sum);
          worst = Math.max(worst, Math.abs(sum - (f[2048 + i * n + j] ?? NaN)));
        }
      }
      expect(worst).toBeLessThan(1e-5);
    });
  }

  it('reluGrad keeps the gradient where the activation is positive; addInto adds', () => {
    f.set([1, -2, 3, 4, 5, 6, 7, 8], 0);
    f.set([0.5, 0, -1, 2, 1, 1, 1, 1], 8);
    k.reluGrad(0, 32, 4);
    expect(Array.from(f.subarray(0, 4))).toEqual([1, 0, 0, 4]);
    k.addInto(16, 32, 4);
    expect(Array.from(f.subarray(4, 8))).toEqual([5.5, 6, 6, 10]);
  });

  it('transpose writes every float of a 7 x 12 matrix to its mirrored place', () => {
    for (let i = 0; i < 84; i++) f[i] = random();
    f.fill(NaN, 1024, 1024 + 84);
    k.transpose(0, 4096, 7, 12);
    for (let r = 0; r < 7; r++)
      for (let c = 0; c < 12; c++) expect(f[1024 + c * 7 + r]).toBe(f[r * 12 + c]);
  });

  it('gather copies the indexed rows, repeats included, in index order', () => {
    for (let i = 0; i < 50; i++) f[i] = i;
    const index = new Int32Array(f.buffer, 8192, 4);
    index.set([3, 0, 9, 3]);
    k.gather(4096, 0, 8192, 4, 5 * 4);
    expect(Array.from(f.subarray(1024, 1024 + 20))).toEqual(
      [3, 0, 9, 3].flatMap((row) => [0, 1, 2, 3, 4].map((j) => row * 5 + j)),
    );
  });

  /** Float64 softmax cross-entropy of one row: dL/dz averaged over `total` rows, and the loss. */
  function softmaxReference(z: number[], target: number[], total: number) {
    const max = Math.max(...z);
    const sum = z.reduce((acc, value) => acc + Math.exp(value - max), 0);
    const loss = -z.reduce(
      (acc, value, c) => acc + (target[c] ?? 0) * (value - max - Math.log(sum)),
      0,
    );
    return {
      dz: z.map((value, c) => (Math.exp(value - max) / sum - (target[c] ?? 0)) / total),
      loss,
    };
  }

  /** Runs softmaxLoss on `logits` (rows of `outputs` classes), one-hot at `labels`; returns dz rows, stats and per-row losses. */
  function softmaxKernel(logits: number[][], labels: number[], outputs: number, total: number) {
    const width = Math.ceil(outputs / 4) * 4;
    const [z, y, dz, stats] = [0, 16384, 32768, 49152];
    f.fill(0, 0, 16384);
    logits.forEach((row, r) => {
      f.set(row, z / 4 + r * width);
      f.fill(7, z / 4 + r * width + outputs, z / 4 + (r + 1) * width); // padding: ignored
      f[y / 4 + r * width + (labels[r] ?? 0)] = 1;
    });
    f.fill(NaN, dz / 4, dz / 4 + logits.length * width);
    k.softmaxLoss(z, y, dz, stats, logits.length, width, outputs, total);
    return logits.map((_, r) => ({
      dz: Array.from(f.subarray(dz / 4 + r * width, dz / 4 + (r + 1) * width)),
      loss:
        (f[stats / 4 + 4 * r + 2] ?? 0) * Math.log(f[stats / 4 + 4 * r] ?? 0) -
        (f[stats / 4 + 4 * r + 1] ?? 0),
    }));
  }

  for (const outputs of [2, 3, 10, 5]) {
    it(`softmaxLoss matches float64 softmax cross-entropy: ${outputs} classes, padded columns ignored and zeroed`, () => {
      const logits = Array.from({ length: 13 }, (_, r) =>
        Array.from({ length: outputs }, () => Math.fround((random() * 2 - 1) * (r < 6 ? 3 : 150))),
      );
      const labels = logits.map((_, r) => r % outputs);
      const got = softmaxKernel(logits, labels, outputs, 13);
      logits.forEach((row, r) => {
        const target = row.map((_, c) => (c === labels[r] ? 1 : 0));
        const want = softmaxReference(row, target, 13);
        const result = got[r];
        want.dz.forEach((value, c) =>
          expect(Math.abs((result?.dz[c] ?? NaN) - value)).toBeLessThan(1e-7),
        );
        expect(result?.dz.slice(outputs).every((value) => value === 0)).toBe(true);
        expect(Math.abs((result?.loss ?? NaN) - want.loss)).toBeLessThan(
          1e-5 * Math.max(1, want.loss),
        );
      });
    });
  }

  it('softmaxLoss: exp within a few float32 ulps from 0 down to its underflow, and 0 below it', () => {
    // Row [0, x]: class 1's probability exp(x) / (1 + exp(x)) checks exp(x) itself (x as
    // stored: float32).
    const xs = Array.from({ length: 400 }, (_, i) => Math.fround(-(i / 399) * 87));
    const got = softmaxKernel(
      xs.map((x) => [0, x]),
      xs.map(() => 0),
      2,
      1,
    );
    xs.forEach((x, i) => {
      const want = Math.exp(x) / (1 + Math.exp(x));
      expect(Math.abs((got[i]?.dz[1] ?? NaN) - want) / want).toBeLessThan(1e-6);
    });
    const below = softmaxKernel(
      [
        [0, -88],
        [0, -200],
      ],
      [0, 0],
      2,
      1,
    );
    expect(below.map((row) => row.dz[1])).toEqual([0, 0]);
    expect(below.map((row) => row.dz[0])).toEqual([0, 0]);
  });
});

const rows = 2000;
const inputs = 7;
const random = createRandom(21);
const x = Float32Array.from({ length: rows * inputs }, () => random() * 2 - 1);
const y = Int32Array.from(
  { length: rows },
  (_, i) => ((x[i * inputs] ?? 0) > 0 ? 1 : 0) + ((x[i * inputs + 1] ?? 0) > 0.3 ? 1 : 0),
);

async function built(model: Partial<ModelConfig>) {
  const { tf } = await selectBackend('cpu');
  const config = ConfigSchema.parse({ data: { path: 'unused.csv' }, model }).model;
  return {
    tf,
    built: await buildModel(tf, config, { inputs, outputs: 3, task: 'classification' }, 5),
  };
}

/** Every weight's bytes, in layer order. */
function bytes(weights: { dataSync(): Float32Array | Int32Array | Uint8Array }[]): Buffer {
  return Buffer.concat(weights.map((w) => Buffer.from(w.dataSync().slice().buffer)));
}

describe('SIMD training determinism', () => {
  it('batches gathered in the shared memory equal batches copied in JavaScript, and so do the weights', async () => {
    const targets = targetRows({ x, rows, inputs, y, classes: 3 });
    const source = new BatchBuilder(x, inputs, targets.values, targets.width);
    const trainRows = Int32Array.from({ length: rows - 100 }, (_, i) => i + 100);
    const runs: { batches: number[][]; first: number; weights: Buffer }[] = [];
    for (const residentBytes of [undefined, 0]) {
      const { tf, built: model } = await built({ hidden: [8], activation: 'relu' });
      const trainer = new SimdTrainer(tf, model.dense ?? [], {
        learningRate: 0.01,
        l2: 0,
        classification: true,
        batch: 64,
        threads: 0,
        source,
        residentBytes,
      });
      const batches: number[][] = [];
      const draw = createRandom(9);
      let first = -1;
      try {
        for (let step = 0; step < 20; step++) {
          const size = step % 5 === 4 ? 17 : 64;
          const positions = Int32Array.from({ length: size }, () =>
            Math.floor(draw() * trainRows.length),
          );
          trainer.loadBatch(positions, trainRows);
          if (step === 0) first = trainRows[positions[0] ?? 0] ?? -1;
          batches.push([
            ...trainer.x.subarray(0, size * inputs),
            ...trainer.y.subarray(0, size * trainer.targetWidth),
          ]);
          trainer.step(size, step);
        }
        trainer.writeBack();
      } finally {
        trainer.dispose();
      }
      runs.push({ batches, first, weights: bytes(model.model.getWeights()) });
      model.model.dispose();
    }
    expect(runs[0]?.batches).toEqual(runs[1]?.batches);
    // The batch holds the drawn rows: its first row is x's row trainRows[positions[0]].
    const first = runs[0]?.first ?? 0;
    expect(runs[0]?.batches[0]?.slice(0, inputs)).toEqual([
      ...x.subarray(first * inputs, (first + 1) * inputs),
    ]);
    expect(runs[0]?.weights.equals(runs[1]?.weights ?? Buffer.alloc(0))).toBe(true);
  });

  it('fit gives byte-identical weights for one seed, with a worker thread and without', async () => {
    const runs: { weights: Buffer; workerShards: number }[] = [];
    for (const threads of [1, 0]) {
      const { tf, built: model } = await built({ hidden: [16, 16], dropout: 0.1 });
      const result = fit(
        tf,
        model,
        { x, rows, inputs, y, classes: 3 },
        {
          epochs: 110,
          batchSize: 64,
          learningRate: 0.01,
          seed: 8,
          validationSplit: 0,
          threads,
        },
      );
      expect(result.loss.at(-1)).toBeLessThan(result.loss[0] ?? 0);
      runs.push({ weights: bytes(model.model.getWeights()), workerShards: result.workerShards });
      model.model.dispose();
    }
    // The worker boots in tens of ms; 110 epochs of 32 steps leave it time to take shards.
    expect(runs[0]?.workerShards).toBeGreaterThan(0);
    expect(runs[1]?.workerShards).toBe(0);
    expect(runs[0]?.weights.equals(runs[1]?.weights ?? Buffer.alloc(0))).toBe(true);
  });

  it('gives the same bytes whichever threads compute the shards', async () => {
    const weights: Buffer[] = [];
    const workerShards: number[] = [];
    // The threaded run goes first and as long as its workers need to boot and take shards
    // (they start in tens of ms); the single-threaded run then takes exactly as many steps.
    let steps = 300;
    for (const threads of [3, 0]) {
      const { tf, built: model } = await built({
        hidden: [24, 12],
        dropout: 0.2,
        activation: 'tanh',
      });
      const trainer = new SimdTrainer(tf, model.dense ?? [], {
        learningRate: 0.01,
        l2: 0.001,
        classification: true,
        batch: 100,
        threads,
      });
      const started = performance.now();
      try {
        let step = 0;
        for (; step < steps || (threads > 0 && trainer.workerShards === 0); step++) {
          if (performance.now() - started > 20_000) break;
          const first = (step * 100) % (rows - 100);
          trainer.x.set(x.subarray(first * inputs, (first + 100) * inputs));
          trainer.y.fill(0);
          for (let r = 0; r < 100; r++)
            trainer.y[r * trainer.targetWidth + (y[first + r] ?? 0)] = 1;
          trainer.step(step % 7 === 0 ? 37 : 100, step);
        }
        steps = step;
        trainer.writeBack();
      } finally {
        trainer.dispose();
      }
      weights.push(bytes(model.model.getWeights()));
      workerShards.push(trainer.workerShards);
      model.model.dispose();
    }
    expect(workerShards[0]).toBeGreaterThan(0);
    expect(workerShards[1]).toBe(0);
    expect(weights[0]?.equals(weights[1] ?? Buffer.alloc(0))).toBe(true);
  });
});
