import { Body, V128 } from './wasm-encoder.ts';

/** Adam's scalars, as f32 at `scalars` (bytes): index of each. */
export const ADAM_SCALARS = [
  'lr',
  'c1',
  'c2',
  'beta1',
  'oneMinusBeta1',
  'beta2',
  'oneMinusBeta2',
  'epsilon',
] as const;

/**
 * adam(theta, grad, m, v, l2, count, scalars): tf.train.adam's update in float32 as its
 * kernels do it — g (+ l2Scale·w when l2 != 0); m = β1·m + (1-β1)·g; v = β2·v + (1-β2)·g²;
 * w -= lr·(m·c1) / (sqrt(v·c2) + ε), with c1, c2 the bias corrections 1/(1-βᵗ).
 */
export function adam(): Body {
  const f = new Body(7);
  const [theta, grad, m, v, l2, count, scalars] = [0, 1, 2, 3, 4, 5, 6];
  // Locals in ADAM_SCALARS order.
  const lr = f.local(V128);
  const c1 = f.local(V128);
  const c2 = f.local(V128);
  const b1 = f.local(V128);
  const nb1 = f.local(V128);
  const b2 = f.local(V128);
  const nb2 = f.local(V128);
  const eps = f.local(V128);
  const splats = [lr, c1, c2, b1, nb1, b2, nb2, eps];
  const g = f.local(V128);
  const mi = f.local(V128);
  const vi = f.local(V128);
  splats.forEach((local, i) =>
    f
      .get(scalars)
      .f32Load(4 * i)
      .splat()
      .set(local),
  );
  f.block(() =>
    f.loop(() => {
      f.get(count).eqz().brIf(1);
      f.get(grad).vLoad().set(g);
      f.get(l2)
        .eqz()
        .eqz()
        .when(() => {
          f.get(g).get(l2).vLoad().get(theta).vLoad().vMul().vAdd().set(g);
          f.get(l2).i32(16).add().set(l2);
        });
      f.get(m).vLoad().get(b1).vMul().get(g).get(nb1).vMul().vAdd().set(mi);
      f.get(v).vLoad().get(b2).vMul().get(g).get(g).vMul().get(nb2).vMul().vAdd().set(vi);
      f.get(m).get(mi).vStore();
      f.get(v).get(vi).vStore();
      f.get(theta).get(theta).vLoad();
      f.get(lr).get(mi).get(c1).vMul().vMul();
      f.get(vi).get(c2).vMul().vSqrt().get(eps).vAdd().vDiv().vSub().vStore();
      for (const pointer of [theta, grad, m, v]) f.get(pointer).i32(16).add().set(pointer);
      f.get(count).i32(4).sub().set(count);
      f.br(0);
    }),
  );
  return f;
}
