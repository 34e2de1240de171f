import { afterAll, describe, expect, it } from 'vitest';
import { csv, runCli, tempDir } from './metrics-cli.ts';

const dir = tempDir();
afterAll(() => dir.cleanup());

/** 114 rows, 109 right for both models; the candidate also gets row 0 wrong. */
function predictions(candidate: boolean, ids: (i: number) => string) {
  const n = 114;
  const rows = Array.from({ length: n }, (_, i) => i);
  const truth = rows.map((i) => i % 2);
  const pred = rows.map((i) => (i < 5 || (candidate && i === 5) ? 1 - (i % 2) : i % 2));
  return csv({ row_id: rows.map(ids), y_true: truth, y_pred: pred });
}

describe('modelgate significance', () => {
  it('says in one sentence that a one-row drop is within noise', async () => {
    const a = dir.write(
      'a.csv',
      predictions(false, (i) => `r${i}`),
    );
    const b = dir.write(
      'b.csv',
      predictions(true, (i) => `r${i}`),
    );
    const run = await runCli(['significance', '--baseline', a, '--candidate', b]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Paired 114 of 114 baseline and 114 candidate rows by row_id');
    expect(run.stdout).toContain('\u22120.9 points, within noise: 1 of 114 rows changed, p = 1.00');
  });

  it('pairs by row_id across reordered and partly different rows', async () => {
    const a = dir.write(
      'a2.csv',
      predictions(false, (i) => `r${i}`),
    );
    // The candidate's file lists rows backwards and 10 of its ids are new rows.
    const text = predictions(true, (i) => (i < 10 ? `new${i}` : `r${i}`))
      .trimEnd()
      .split('\n');
    const b = dir.write('b2.csv', `${[text[0], ...text.slice(1).reverse()].join('\n')}\n`);
    const run = await runCli(['significance', '--baseline', a, '--candidate', b, '--json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.pairing).toEqual({
      by: 'row_id',
      baseline_rows: 114,
      candidate_rows: 114,
      paired_rows: 104,
      conflicting_rows: 0,
      paired: true,
    });
    // Rows 0–9 are gone, and with them every disagreement.
    expect(out.n).toBe(104);
    expect(out.metrics.accuracy.discordant).toEqual([0, 0]);
  });

  it('gives intervals only when fewer than half the rows pair', async () => {
    const a = dir.write(
      'a3.csv',
      predictions(false, (i) => `r${i}`),
    );
    const b = dir.write(
      'b3.csv',
      predictions(true, (i) => (i < 60 ? `x${i}` : `r${i}`)),
    );
    const run = await runCli(['significance', '--baseline', a, '--candidate', b, '--json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.paired).toBe(false);
    expect(out.pairing.paired_rows).toBe(54);
    expect(out.metrics).toEqual({});
    expect(out.intervals.baseline.accuracy.value).toBeCloseTo(109 / 114, 12);
    const text = await runCli(['significance', '--baseline', a, '--candidate', b]);
    expect(text.stdout).toMatch(/^Unpaired: only 54 of 114 baseline and 114 candidate rows/);
  });

  it('refuses a row_id in one file only, and a duplicate id', async () => {
    const a = dir.write(
      'a4.csv',
      predictions(false, (i) => `r${i}`),
    );
    const b = dir.write('b4.csv', csv({ y_true: [0, 1], y_pred: [0, 1] }));
    const one = await runCli(['significance', '--baseline', a, '--candidate', b]);
    expect(one.code).toBe(2);
    expect(one.stderr).toContain('Only the baseline has a row_id column');
    const c = dir.write(
      'c4.csv',
      predictions(true, (i) => `r${i % 100}`),
    );
    const dup = await runCli(['significance', '--baseline', a, '--candidate', c]);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toContain('appears twice');
  });

  it('refuses a confidence that is not a level', async () => {
    const a = dir.write(
      'a5.csv',
      predictions(false, (i) => `r${i}`),
    );
    const run = await runCli([
      'significance',
      '--baseline',
      a,
      '--candidate',
      a,
      '--confidence',
      '95%',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'modelgate: --confidence "95%" is not a number; expected a level in (0, 1) such as 0.95.\n',
    );
  });
});
