import { adam } from './adam-kernel.ts';
import { softmaxLoss } from './softmax-kernel.ts';
import { Body, I32, V128, encodeModule, type FunctionDef } from './wasm-encoder.ts';
import type { WasmApi, WasmModule } from './wasm-runtime.ts';

/** `gemm` flags: add the bias row, then apply relu. */
export const ADD_BIAS = 1;
export const RELU = 2;

/**
 * One register block of C = A·B: `rows` rows of C by `vectors` x 4 columns, accumulated
 * over k in v128 locals (4x2 = 8 accumulators plus 2 B vectors and a splat fit in the 16
 * xmm registers V8 allocates on x64). A is read one scalar at a time through two byte
 * strides, so the same block serves A·B (row-major A) and Aᵀ·B (A stored k x m) without
 * a transpose; B and C are row-major with the same row stride.
 * Parameters: aPtr, aRow, aCol, bPtr, cPtr, k, rowBytes, biasPtr, flags (addresses in bytes).
 */
function block(rows: number, vectors: number): Body {
  const f = new Body(9);
  const [aPtr, aRow, aCol, bPtr, cPtr, k, rowBytes, biasPtr, flags] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const acc = Array.from({ length: rows * vectors }, () => f.local(V128));
  const bv = Array.from({ length: vectors }, () => f.local(V128));
  const a = Array.from({ length: rows }, () => f.local(I32));
  const s = f.local(V128);
  // Row pointers into A.
  a.forEach((local, r) => f.get(aPtr).get(aRow).i32(r).mul().add().set(local));
  f.block(() =>
    f.loop(() => {
      f.get(k).eqz().brIf(1);
      bv.forEach((local, v) =>
        f
          .get(bPtr)
          .vLoad(16 * v)
          .set(local),
      );
      a.forEach((row, r) => {
        f.get(row).vLoadSplat().set(s);
        bv.forEach((local, v) => {
          const target = acc[r * vectors + v] ?? 0;
          f.get(target).get(s).get(local).vMul().vAdd().set(target);
        });
        f.get(row).get(aCol).add().set(row);
      });
      f.get(bPtr).get(rowBytes).add().set(bPtr);
      f.get(k).i32(1).sub().set(k);
      f.br(0);
    }),
  );
  const out = f.local(V128);
  for (let r = 0; r < rows; r++) {
    for (let v = 0; v < vectors; v++) {
      f.get(acc[r * vectors + v] ?? 0).set(out);
      f.get(flags)
        .i32(ADD_BIAS)
        .and()
        .when(() => {
          f.get(out)
            .get(biasPtr)
            .vLoad(16 * v)
            .vAdd()
            .set(out);
        });
      f.get(flags)
        .i32(RELU)
        .and()
        .when(() => {
          f.get(out).vZero().vPmax().set(out);
        });
      f.get(cPtr)
        .get(rowBytes)
        .i32(r)
        .mul()
        .add()
        .get(out)
        .vStore(16 * v);
    }
  }
  return f;
}

/**
 * gemm(a, aRow, aCol, b, c, m, k, n, bias, flags): C (m x n) = A·B (+ bias, relu), A read
 * as a[i*aRow + p*aCol] (bytes), B k x n and C m x n row-major; n a multiple of 4.
 * Tiles C in 4x8 blocks, then 4x4, 1x8 and 1x4 at the edges (function indices 1-4).
 */
function gemm(): Body {
  const f = new Body(10);
  const [a, aRow, aCol, b, c, m, k, n, bias, flags] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const i = f.local(I32);
  const j = f.local(I32);
  const rowBytes = f.local(I32);
  f.get(n).i32(4).mul().set(rowBytes);
  const rowsOf = (height: number, wide: number, narrow: number) =>
    f.block(() =>
      f.loop(() => {
        // i + height > m ends the loop.
        f.get(i)
          .i32(height - 1)
          .add()
          .get(m)
          .geS()
          .brIf(1);
        f.i32(0).set(j);
        const call = (fn: number) =>
          f
            .get(a)
            .get(i)
            .get(aRow)
            .mul()
            .add()
            .get(aRow)
            .get(aCol)
            .get(b)
            .get(j)
            .i32(4)
            .mul()
            .add()
            .get(c)
            .get(i)
            .get(rowBytes)
            .mul()
            .add()
            .get(j)
            .i32(4)
            .mul()
            .add()
            .get(k)
            .get(rowBytes)
            .get(bias)
            .get(j)
            .i32(4)
            .mul()
            .add()
            .get(flags)
            .call(fn);
        f.block(() =>
          f.loop(() => {
            f.get(j).i32(7).add().get(n).geS().brIf(1);
            call(wide);
            f.get(j).i32(8).add().set(j);
            f.br(0);
          }),
        );
        f.get(j)
          .get(n)
          .ltS()
          .when(() => call(narrow));
        f.get(i).i32(height).add().set(i);
        f.br(0);
      }),
    );
  rowsOf(4, 1, 2);
  rowsOf(1, 3, 4);
  return f;
}

/** reluGrad(dh, h, count): dh = h > 0 ? dh : 0, in place (tf's step(h) gradient); count % 4 == 0. */
function reluGrad(): Body {
  const f = new Body(3);
  const [dh, h, count] = [0, 1, 2];
  f.block(() =>
    f.loop(() => {
      f.get(count).eqz().brIf(1);
      f.get(dh).get(dh).vLoad().get(h).vLoad().vZero().vGt().vAnd().vStore();
      f.get(dh).i32(16).add().set(dh);
      f.get(h).i32(16).add().set(h);
      f.get(count).i32(4).sub().set(count);
      f.br(0);
    }),
  );
  return f;
}

/** addInto(dst, src, count): dst += src over count floats; count % 4 == 0. */
function addInto(): Body {
  const f = new Body(3);
  const [dst, src, count] = [0, 1, 2];
  f.block(() =>
    f.loop(() => {
      f.get(count).eqz().brIf(1);
      f.get(dst).get(dst).vLoad().get(src).vLoad().vAdd().vStore();
      f.get(dst).i32(16).add().set(dst);
      f.get(src).i32(16).add().set(src);
      f.get(count).i32(4).sub().set(count);
      f.br(0);
    }),
  );
  return f;
}

/**
 * transpose(src, dst, rows, cols): dst (cols x rows) = srcᵀ, src rows x cols, both
 * row-major f32. Scalar: a kernel of at most a few thousand floats, once per step, where
 * the same loop in JavaScript cost 4 ns per float (digits: 5 % of a step).
 */
function transpose(): Body {
  const f = new Body(4);
  const [src, dst, rows, cols] = [0, 1, 2, 3];
  const r = f.local(I32);
  const c = f.local(I32);
  const to = f.local(I32);
  const rowBytes = f.local(I32);
  f.get(rows).i32(4).mul().set(rowBytes);
  f.block(() =>
    f.loop(() => {
      f.get(r).get(rows).geS().brIf(1);
      // dst + 4r, then one column-of-dst step (4 * rows bytes) per source float.
      f.get(dst).get(r).i32(4).mul().add().set(to);
      f.i32(0).set(c);
      f.block(() =>
        f.loop(() => {
          f.get(c).get(cols).geS().brIf(1);
          f.get(to).get(src).f32Load().f32Store();
          f.get(src).i32(4).add().set(src);
          f.get(to).get(rowBytes).add().set(to);
          f.get(c).i32(1).add().set(c);
          f.br(0);
        }),
      );
      f.get(r).i32(1).add().set(r);
      f.br(0);
    }),
  );
  return f;
}

/**
 * gather(dst, src, index, count, rowBytes): copies rows index[0..count) (i32 at `index`) of
 * the matrix at `src` to consecutive rows at `dst` — a training batch out of the run's rows.
 */
function gather(): Body {
  const f = new Body(5);
  const [dst, src, index, count, rowBytes] = [0, 1, 2, 3, 4];
  f.block(() =>
    f.loop(() => {
      f.get(count).eqz().brIf(1);
      f.get(dst).get(src).get(index).i32Load().get(rowBytes).mul().add().get(rowBytes);
      f.memoryCopy();
      f.get(dst).get(rowBytes).add().set(dst);
      f.get(index).i32(4).add().set(index);
      f.get(count).i32(1).sub().set(count);
      f.br(0);
    }),
  );
  return f;
}

/** The kernels' exports, called with byte addresses into the shared memory. */
export interface Kernels {
  gemm(
    a: number,
    aRow: number,
    aCol: number,
    b: number,
    c: number,
    m: number,
    k: number,
    n: number,
    bias: number,
    flags: number,
  ): void;
  reluGrad(dh: number, h: number, count: number): void;
  addInto(dst: number, src: number, count: number): void;
  transpose(src: number, dst: number, rows: number, cols: number): void;
  gather(dst: number, src: number, index: number, count: number, rowBytes: number): void;
  softmaxLoss(
    z: number,
    y: number,
    dz: number,
    stats: number,
    rows: number,
    width: number,
    outputs: number,
    total: number,
  ): void;
  adam(
    theta: number,
    grad: number,
    m: number,
    v: number,
    l2: number,
    count: number,
    scalars: number,
  ): void;
}

let compiled: WasmModule | undefined;

/**
 * The kernels, compiled once per process (encoding and compiling took 1-20 ms, a few percent
 * of a small run); instantiate on a shared memory of any size.
 */
export function kernelModule(api: WasmApi): WasmModule {
  if (compiled) return compiled;
  const functions: FunctionDef[] = [
    { name: 'gemm', params: 10, body: gemm() },
    { params: 9, body: block(4, 2) },
    { params: 9, body: block(4, 1) },
    { params: 9, body: block(1, 2) },
    { params: 9, body: block(1, 1) },
    { name: 'reluGrad', params: 3, body: reluGrad() },
    { name: 'addInto', params: 3, body: addInto() },
    { name: 'adam', params: 7, body: adam() },
    { name: 'transpose', params: 4, body: transpose() },
    { name: 'gather', params: 5, body: gather() },
    { name: 'softmaxLoss', params: 8, body: softmaxLoss() },
  ];
  compiled = new api.Module(encodeModule(functions));
  return compiled;
}
