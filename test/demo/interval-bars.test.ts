import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  intervalBarsSvg,
  intervalFigure,
  parseIntervals,
} from '../../src/demo/report/interval-bars.ts';

const comment = () =>
  readFile(
    new URL('../core/render/__snapshots__/comment-within-noise.md.snap', import.meta.url),
    'utf8',
  );

describe('the interval error bars of the demo report', () => {
  it("reads the comment's interval table", async () => {
    expect(parseIntervals(await comment())).toEqual([
      {
        metric: 'accuracy',
        base: { value: 0.9561, low: 0.9014, high: 0.9811 },
        pr: { value: 0.9474, low: 0.8899, high: 0.9757 },
      },
    ]);
  });

  it('draws one bar per side, its ends at the interval and its dot at the value', () => {
    const svg =
      intervalBarsSvg([
        { metric: 'accuracy', base: { value: 0.5, low: 0, high: 1 }, pr: null },
        { metric: 'mae', base: null, pr: { value: 0.25, low: 0, high: 0.5 } },
      ]) ?? '';
    expect(svg.match(/class="error-bar /g)).toHaveLength(2);
    // Axis 0 → 1 padded by 8 %: x(0) = 110 + 0.08/1.16·506 ≈ 144.9, x(1) ≈ 581.1.
    expect(svg).toContain('<line x1="144.9" x2="581.1"');
    expect(svg).toContain('<circle cx="363.0"');
  });

  it('shows metric text as text, and draws nothing without a table', () => {
    const hostile = intervalBarsSvg([
      { metric: '<script>x</script>', base: { value: 1, low: 0, high: 2 }, pr: null },
    ]);
    expect(hostile).not.toContain('<script>');
    expect(intervalFigure(['no table here', '| Metric | Base | PR |'])).toBe('');
  });

  it('skips a cell whose value lies outside its own interval', () => {
    const table = [
      '| Metric | Base (95 % CI) | PR (95 % CI) |',
      '| :-- | --: | --: |',
      '| accuracy | 0.9 [0.95, 0.99] | — |',
    ].join('\n');
    expect(parseIntervals(table)).toEqual([]);
  });
});
