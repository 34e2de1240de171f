import { Body, F32, I32, V128 } from './wasm-encoder.ts';

/** Below this exp(x) is 0 in float32 for the loss's purposes (exp(-87.34) is the least normal). */
const EXP_FLOOR = -87.33654;
/** Cody-Waite split of ln 2 and the degree-5 minimax polynomial of Cephes' expf (1 ulp). */
const LN2_HI = 0.693359375;
const LN2_LO = -2.1219444e-4;
const EXP_POLY = [
  1.98756915e-4, 1.39819995e-3, 8.33345191e-3, 4.16657959e-2, 1.66666655e-1, 5.00000012e-1,
];

/**
 * Emits e = exp(x) lane-wise (x at most 0 here: logits minus their row maximum), Cephes'
 * expf: n = round(x·log2 e), r = x − n·ln 2 in two parts, exp(r) by its polynomial, times
 * 2ⁿ built in the exponent bits; lanes below EXP_FLOOR give 0.
 */
function exp(f: Body, x: number, e: number, scratch: { n: number; r: number; p: number }): void {
  const { n, r, p } = scratch;
  f.get(x).f32Const(EXP_FLOOR).splat().vMax().set(r);
  f.get(r).f32Const(Math.LOG2E).splat().vMul().vNearest().set(n);
  f.get(r).get(n).f32Const(LN2_HI).splat().vMul().vSub();
  f.get(n).f32Const(LN2_LO).splat().vMul().vSub().set(r);
  f.f32Const(EXP_POLY[0] ?? 0)
    .splat()
    .set(p);
  for (const c of EXP_POLY.slice(1)) f.get(p).get(r).vMul().f32Const(c).splat().vAdd().set(p);
  // p·r² + r + 1
  f.get(p).get(r).vMul().get(r).vMul().get(r).vAdd().f32Const(1).splat().vAdd();
  // · 2ⁿ: (n + 127) << 23 as float bits.
  f.get(n).iFromF().i32(127).iSplat().iAdd().i32(23).iShl().vMul();
  f.get(x).f32Const(EXP_FLOOR).splat().vLt().vAndNot().set(e);
}

/**
 * softmaxLoss(z, y, dz, stats, rows, width, outputs, total): softmax cross-entropy of
 * `rows` rows of logits at `z` (row stride `width` floats, the first `outputs` real) against
 * one-hot targets at `y`, as tf.losses.softmaxCrossEntropy computes it (log-sum-exp shifted
 * by the row maximum). Writes dL/dz = (softmax − y) / total at `dz` (0 in padding columns)
 * and, per row at `stats` (4 floats), the sum of exp(z − max), Σ y·(z − max) and Σ y: the
 * row's loss is Σy · ln(sum) − Σ y·(z − max), left to the caller's Math.log.
 */
export function softmaxLoss(): Body {
  const f = new Body(8);
  const [z, y, dz, stats, rows, width, outputs, total] = [0, 1, 2, 3, 4, 5, 6, 7];
  const rowBytes = f.local(I32);
  const at = f.local(I32);
  const mask = f.local(V128);
  const max = f.local(V128);
  const x = f.local(V128);
  const e = f.local(V128);
  const target = f.local(V128);
  const sum = f.local(V128);
  const dot = f.local(V128);
  const mass = f.local(V128);
  const inverse = f.local(V128);
  const perRow = f.local(V128);
  const scratch = { n: f.local(V128), r: f.local(V128), p: f.local(V128) };
  const rowSum = f.local(F32);
  f.get(width).i32(4).mul().set(rowBytes);
  f.f32Const(1).get(total).f32FromI32().f32Div().splat().set(perRow);
  // Lanes of the vector at byte `at` that hold a real class: lane index < outputs − at/4.
  const lanes = () =>
    f.vConstI32(0, 1, 2, 3).get(outputs).get(at).i32(4).divS().sub().iSplat().iLt().set(mask);
  const overRow = (body: () => void) => {
    f.i32(0).set(at);
    f.block(() =>
      f.loop(() => {
        f.get(at).get(rowBytes).geS().brIf(1);
        body();
        f.get(at).i32(16).add().set(at);
        f.br(0);
      }),
    );
  };
  const horizontal = (vector: number, combine: () => void) => {
    f.get(vector).lane(0).get(vector).lane(1);
    combine();
    f.get(vector).lane(2);
    combine();
    f.get(vector).lane(3);
    combine();
  };
  f.block(() =>
    f.loop(() => {
      f.get(rows).eqz().brIf(1);
      // The row's maximum over its real classes.
      f.f32Const(-Infinity).splat().set(max);
      overRow(() => {
        lanes();
        f.get(max).get(z).get(at).add().vLoad().f32Const(-Infinity).splat().get(mask).vSelect();
        f.vMax().set(max);
      });
      horizontal(max, () => f.f32Max());
      f.splat().set(max);
      // exp(z − max) parked in dz; its sum, Σ y·(z − max) and Σ y.
      f.vZero().set(sum).vZero().set(dot).vZero().set(mass);
      overRow(() => {
        lanes();
        f.get(z).get(at).add().vLoad().get(max).vSub().get(mask).vAnd().set(x);
        exp(f, x, e, scratch);
        f.get(e).get(mask).vAnd().set(e);
        f.get(dz).get(at).add().get(e).vStore();
        f.get(y).get(at).add().vLoad().set(target);
        f.get(sum).get(e).vAdd().set(sum);
        f.get(dot).get(target).get(x).vMul().vAdd().set(dot);
        f.get(mass).get(target).vAdd().set(mass);
      });
      horizontal(sum, () => f.f32Add());
      f.set(rowSum);
      f.get(stats).get(rowSum).f32Store(0);
      f.get(stats);
      horizontal(dot, () => f.f32Add());
      f.f32Store(4);
      f.get(stats);
      horizontal(mass, () => f.f32Add());
      f.f32Store(8);
      // dz = (exp / sum − y) / total.
      f.f32Const(1).get(rowSum).f32Div().splat().set(inverse);
      overRow(() => {
        f.get(dz).get(at).add();
        f.get(dz).get(at).add().vLoad().get(inverse).vMul();
        f.get(y).get(at).add().vLoad().vSub().get(perRow).vMul().vStore();
      });
      for (const pointer of [z, y, dz]) f.get(pointer).get(rowBytes).add().set(pointer);
      f.get(stats).i32(16).add().set(stats);
      f.get(rows).i32(1).sub().set(rows);
      f.br(0);
    }),
  );
  return f;
}
