import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isExpectedError, mismatches } from '../support/golden.ts';
import { classificationCases, regressionCases } from '../core/metrics/golden-cases.ts';
import { csv, runCli, tempDir } from './metrics-cli.ts';

/**
 * `modelgate metrics --json` agrees with every public golden case of metrics.json. Each case is
 * written as a predictions CSV (binary: `y_score`; multiclass: `proba_<label>` columns) and
 * scored with the task left to inference, so inference is pinned too. The only expected value
 * the CLI does not print is regression's `r2_force_finite_false` (not a metric of §5; the core
 * tests cover it).
 */

const Output = z.object({
  schema: z.literal('modelgate/prediction-metrics@1'),
  task: z.enum(['classification', 'regression']),
  labels: z.array(z.string()),
  metrics: z.record(z.string(), z.number().nullable()),
  confusion_matrix: z.array(z.array(z.number())).optional(),
  per_class: z
    .object({
      precision: z.array(z.number()),
      recall: z.array(z.number()),
      f1: z.array(z.number()),
      support: z.array(z.number()),
    })
    .optional(),
  warnings: z.array(z.string()),
});
type Output = z.infer<typeof Output>;

const dir = tempDir();
afterAll(() => dir.cleanup());

async function score(file: string, extra: string[] = []): Promise<Output> {
  const run = await runCli(['metrics', '--predictions', file, '--json', ...extra]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return Output.parse(JSON.parse(run.stdout));
}

function averages(output: Output, binary: boolean) {
  const m = output.metrics;
  return {
    per_class: output.per_class,
    macro: { precision: m.precision_macro, recall: m.recall_macro, f1: m.f1_macro },
    weighted: { precision: m.precision_weighted, recall: m.recall_weighted, f1: m.f1_weighted },
    micro: { precision: m.precision_micro, recall: m.recall_micro, f1: m.f1_micro },
    ...(binary ? { binary: { precision: m.precision, recall: m.recall, f1: m.f1 } } : {}),
  };
}

describe('modelgate metrics on the classification golden cases', () => {
  it.each(classificationCases.map((c) => [c.golden.id, c] as const))(
    '%s',
    async (id, { golden, task, input, yScore }) => {
      const columns: Record<string, readonly (string | number)[]> = {
        y_true: input.yTrue,
        y_pred: input.yPred,
      };
      if (yScore) columns.y_score = yScore;
      else if (input.scores) {
        input.scores.labels.forEach((label, k) => {
          columns[`proba_${label}`] = Array.from(input.scores?.proba[k] ?? []);
        });
      }
      const file = dir.write(`${id}.csv`, csv(columns));
      const zd0 = await score(file);
      const zd1 = await score(file, ['--zero-division', '1']);
      expect(zd0.task).toBe('classification');

      const expected = Object.fromEntries(
        Object.entries(golden.expected).filter(([, v]) => !isExpectedError(v)),
      );
      const actual: Record<string, unknown> = {
        labels: zd0.labels,
        accuracy: zd0.metrics.accuracy,
        confusion_matrix: zd0.confusion_matrix,
        zd0: averages(zd0, task === 'binary'),
        zd1: averages(zd1, task === 'binary'),
      };
      for (const key of Object.keys(expected))
        if (key in zd0.metrics) actual[key] = zd0.metrics[key];
      const labels = Array.isArray(expected.labels) ? expected.labels.map(String) : expected.labels;
      expect(mismatches(actual, { ...expected, labels }, golden.tol)).toEqual([]);
      for (const [key, value] of Object.entries(golden.expected)) {
        if (!isExpectedError(value)) continue;
        expect(zd0.metrics[key], key).toBeNull();
        expect(zd0.warnings.some((line) => line.startsWith(`${key} is undefined`))).toBe(true);
      }
    },
  );
});

describe('modelgate metrics on the regression golden cases', () => {
  it.each(regressionCases.map((c) => [c.golden.id, c] as const))(
    '%s',
    async (id, { golden, yTrue, yPred }) => {
      const file = dir.write(
        `${id}.csv`,
        csv({ y_true: Array.from(yTrue), y_pred: Array.from(yPred) }),
      );
      const output = await score(file);
      expect(output.task).toBe('regression');
      const { mae, mse, rmse, r2 } = golden.expected;
      if (r2 === 'NaN') {
        expect(mismatches(output.metrics, { mae, mse, rmse }, golden.tol)).toEqual([]);
        expect(output.metrics.r2).toBeNull();
        expect(output.warnings).toEqual([expect.stringMatching(/^r2 is undefined/)]);
      } else {
        expect(mismatches(output.metrics, { mae, mse, rmse, r2 }, golden.tol)).toEqual([]);
      }
    },
  );
});
