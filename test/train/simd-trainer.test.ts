import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../src/core/config/schema.ts';
import { createRandom } from '../../src/data/random.ts';
import { selectBackend } from '../../src/train/backend.ts';
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
  const { gemm, reluGrad, addInto, adam } = exports;
  if (
    typeof gemm !== 'function' ||
    typeof reluGrad !== 'function' ||
    typeof addInto !== 'function' ||
    typeof adam !== 'function'
  )
    throw new Error('missing exports');
  return { k: { gemm, reluGrad, addInto, adam } as Kernels, f: new Float32Array(memory.buffer) };
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
  it('two trainings with one seed give byte-identical weights (worker threads on)', async () => {
    const runs: Buffer[] = [];
    for (let run = 0; run < 2; run++) {
      const { tf, built: model } = await built({ hidden: [16, 16], dropout: 0.1 });
      // 2000 rows x 110 epochs is past fit's small-run limit (200,000): worker threads start.
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
        },
      );
      expect(result.loss.at(-1)).toBeLessThan(result.loss[0] ?? 0);
      runs.push(bytes(model.model.getWeights()));
      model.model.dispose();
    }
    expect(runs[0]?.equals(runs[1] ?? Buffer.alloc(0))).toBe(true);
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
