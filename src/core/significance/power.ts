import { normalQuantile, zCritical } from './distributions.ts';

/** Power the smallest detectable drop is sized for (the usual 80 %). */
export const DEFAULT_POWER = 0.8;

/**
 * The smallest drop in accuracy a test set of n rows can detect with a two-sided test at
 * level α and the given power: (z_{1−α/2} + z_power)·√(2·p(1−p)/n), with p the baseline
 * accuracy. TensorRT-LLM's accuracy suite sizes its θ the same way, −(z_α + z_β)·√(2σ²/n);
 * it tests one-sided with a fixed σ, while the gate's tests are two-sided and the Bernoulli
 * σ² = p(1−p) of the baseline is known. It is conservative for
 * the paired McNemar test, which gains power when the models agree on most rows, so a rule
 * finer than this will mostly pass on noise and miss real drops of its own size. p is
 * clamped to [1/n, 1 − 1/n] so a perfect baseline does not claim an infinitely fine test.
 */
export function minimumDetectableDrop(
  n: number,
  accuracy: number,
  alpha: number,
  power = DEFAULT_POWER,
): number {
  if (!(n > 0)) return NaN;
  const p = Math.min(Math.max(accuracy, 1 / n), 1 - 1 / n);
  const spread = Math.sqrt((2 * p * (1 - p)) / n);
  return (zCritical(alpha) + normalQuantile(power)) * spread;
}
