import { afterAll, describe, expect, it } from 'vitest';
import { expectClose, isExpectedError } from '../support/golden.ts';
import { significanceCases, type SignificanceCase } from '../core/significance/golden-cases.ts';
import { csv, runCli, tempDir } from './metrics-cli.ts';

/**
 * `modelgate significance --json` on every public case of significance.json, written as the
 * two CSV files DEFINITIONS.md describes (`y_true,y_pred[,y_score][,proba_<label>…]`): the
 * valid cases match within their tolerance, the three error cases exit with 2 (bad input).
 */

const dir = tempDir();
afterAll(() => dir.cleanup());

type Side = SignificanceCase['inputs']['baseline'];

function sideCsv(yTrue: readonly (string | number)[], side: Side): string {
  const columns: Record<string, readonly (string | number)[]> = {
    y_true: side.y_true ?? yTrue,
    y_pred: side.y_pred,
  };
  if (side.y_score) columns.y_score = side.y_score;
  side.proba_labels?.forEach((label, k) => {
    columns[`proba_${label}`] = (side.proba ?? []).map((row) => row[k] ?? 0);
  });
  return csv(columns);
}

function args(c: SignificanceCase): string[] {
  const id = c.golden.id;
  const baseline = dir.write(`${id}-a.csv`, sideCsv(c.inputs.y_true, c.inputs.baseline));
  const candidate = dir.write(`${id}-b.csv`, sideCsv(c.inputs.y_true, c.inputs.candidate));
  const task = c.task === 'regression' ? 'regression' : 'classification';
  const out = ['significance', '--baseline', baseline, '--candidate', candidate, '--task', task];
  if (c.inputs.confidence !== undefined) out.push('--confidence', String(c.inputs.confidence));
  return [...out, '--json'];
}

describe('modelgate significance on the golden cases', () => {
  it.each(significanceCases.map((c) => [c.golden.id, c] as const))('%s', async (_id, c) => {
    const run = await runCli(args(c));
    if (isExpectedError(c.golden.expected)) {
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^modelgate: .+; expected .+\.\n$/);
      return;
    }
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const { n, confidence, metrics } = c.golden.expected;
    expectClose(JSON.parse(run.stdout), { n, confidence, metrics, paired: true }, c.golden.tol);
  });
});
