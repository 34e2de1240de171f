import { z } from 'zod';
import { loadGoldenCases, type GoldenCase } from '../../support/golden.ts';

/**
 * The cases of `refdata/public/significance.json`, typed. A side's own `y_true` (error cases)
 * overrides the shared one; `confidence` absent means the default.
 */

const Cell = z.union([z.number(), z.string()]);
const Side = z.object({
  y_pred: z.array(Cell),
  y_score: z.array(z.number()).optional(),
  proba: z.array(z.array(z.number())).optional(),
  proba_labels: z.array(Cell).optional(),
  y_true: z.array(Cell).optional(),
});
const Inputs = z.object({
  y_true: z.array(Cell),
  baseline: Side,
  candidate: Side,
  confidence: z.number().optional(),
});

/** One significance case with its inputs parsed. */
export interface SignificanceCase {
  readonly golden: GoldenCase;
  readonly task: 'binary' | 'multiclass' | 'regression';
  readonly inputs: z.infer<typeof Inputs>;
}

/** Every case of significance.json, in file order. */
export const significanceCases: SignificanceCase[] = loadGoldenCases('significance.json').map(
  (golden) => ({
    golden,
    task: z.enum(['binary', 'multiclass', 'regression']).parse(golden.task),
    inputs: Inputs.parse(golden.inputs),
  }),
);
