import { z } from 'zod';
import type { ClassificationInput } from '../../../src/core/metrics/classification-report.ts';
import { loadGoldenCases, type GoldenCase } from '../../support/golden.ts';

/**
 * The public metrics golden cases, split by task and with their inputs validated and converted
 * into the shapes the metric functions take. Shared by the core and the CLI tests.
 */

const Label = z.union([z.number(), z.string()]);

const ClassificationInputs = z.object({
  y_true: z.array(Label).min(1),
  y_pred: z.array(Label).min(1),
  y_score: z.array(z.number()).optional(),
  proba: z.array(z.array(z.number())).optional(),
  proba_labels: z.array(Label).optional(),
});

const RegressionInputs = z.object({
  y_true: z.array(z.number()).min(1),
  y_pred: z.array(z.number()).min(1),
});

/** A classification case with its inputs in `classificationReport` form. */
export interface ClassificationCase {
  golden: GoldenCase;
  task: 'binary' | 'multiclass';
  input: Omit<ClassificationInput, 'zeroDivision'>;
  /** The binary positive-class score when the case gives a 1-D `y_score`. */
  yScore?: number[];
}

/** A regression case with its inputs as Float64Arrays. */
export interface RegressionCase {
  golden: GoldenCase;
  yTrue: Float64Array;
  yPred: Float64Array;
}

const all = loadGoldenCases('metrics.json');
const TaskField = z.object({ task: z.enum(['binary', 'multiclass', 'regression']) });

function columns(rows: readonly (readonly number[])[], count: number): Float64Array[] {
  return Array.from({ length: count }, (_, k) =>
    Float64Array.from(rows, (row) => row[k] ?? Number.NaN),
  );
}

/** Binary and multiclass cases. */
export const classificationCases: ClassificationCase[] = all.flatMap((golden) => {
  const { task } = TaskField.parse(golden);
  if (task === 'regression') return [];
  const inputs = ClassificationInputs.parse(golden.inputs);
  const yTrue = inputs.y_true.map(String);
  const yPred = inputs.y_pred.map(String);
  let scores: ClassificationInput['scores'];
  if (inputs.y_score) {
    // The vectors call log_loss with labels=[0, 1]; the 1-D score is P(label 1).
    const p = Float64Array.from(inputs.y_score);
    scores = { labels: ['0', '1'], proba: [p.map((v) => 1 - v), p] };
  } else if (inputs.proba && inputs.proba_labels) {
    scores = {
      labels: inputs.proba_labels.map(String),
      proba: columns(inputs.proba, inputs.proba_labels.length),
    };
  }
  return [{ golden, task, input: { yTrue, yPred, scores }, yScore: inputs.y_score }];
});

/** Regression cases. */
export const regressionCases: RegressionCase[] = all.flatMap((golden) => {
  if (TaskField.parse(golden).task !== 'regression') return [];
  const inputs = RegressionInputs.parse(golden.inputs);
  return [
    { golden, yTrue: Float64Array.from(inputs.y_true), yPred: Float64Array.from(inputs.y_pred) },
  ];
});
