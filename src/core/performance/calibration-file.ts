import { z } from 'zod';
import { CALIBRATION_SCHEMA } from '../constants.ts';
import { fitIsotonic, type IsotonicFit } from './isotonic.ts';

/** Knots a calibrator may have: two per test row at most, and no test split is this large. */
const MAX_KNOTS = 2_000_000;

const finite = z.number().finite();

/**
 * model/calibration.json: a binary classifier's isotonic calibrator, fitted on the test split
 * when training and shipped with the model (and as a release asset), so monitoring can
 * estimate performance on production data before its labels arrive.
 */
export const CalibrationFileSchema = z
  .object({
    schema: z.literal(CALIBRATION_SCHEMA),
    method: z.literal('isotonic'),
    /** The class whose probability is calibrated (the greater label, as metrics.json's `f1`). */
    positive_label: z.string(),
    /** Test rows it was fitted on. */
    n: z.number().int().positive(),
    x: z.array(finite).min(1).max(MAX_KNOTS),
    y: z.array(finite.min(0).max(1)).min(1).max(MAX_KNOTS),
  })
  .strict()
  .superRefine((file, ctx) => {
    if (file.x.length !== file.y.length) {
      ctx.addIssue({ code: 'custom', message: `'x' and 'y' must have the same length` });
      return;
    }
    for (let i = 1; i < file.x.length; i++) {
      if (!((file.x[i] ?? 0) > (file.x[i - 1] ?? 0)) || (file.y[i] ?? 0) < (file.y[i - 1] ?? 0)) {
        ctx.addIssue({
          code: 'custom',
          path: ['x', i],
          message: 'knots must be strictly increasing in x and non-decreasing in y',
        });
        return;
      }
    }
  });

/** A parsed calibration.json. */
export type CalibrationFile = z.infer<typeof CalibrationFileSchema>;

/** Fits the calibrator of a binary classifier on its test rows. */
export function fitCalibrationFile(input: {
  /** The model's probability of the positive class per test row. */
  scores: ArrayLike<number>;
  /** Whether each test row's true label is the positive class. */
  positive: ArrayLike<boolean>;
  positiveLabel: string;
}): CalibrationFile {
  const outcomes = Float64Array.from({ length: input.positive.length }, (_, i) =>
    input.positive[i] ? 1 : 0,
  );
  const fit: IsotonicFit = fitIsotonic(input.scores, outcomes);
  return {
    schema: CALIBRATION_SCHEMA,
    method: 'isotonic',
    positive_label: input.positiveLabel,
    n: input.scores.length,
    x: fit.x,
    y: fit.y,
  };
}
