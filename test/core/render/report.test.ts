import { describe, expect, it } from 'vitest';
import { COMMENT_MARKER } from '../../../src/core/constants.ts';
import { compareRuns } from '../../../src/core/gate/compare.ts';
import { formatDelta, formatValue } from '../../../src/core/gate/format-value.ts';
import { checkRunTitle, gateCheckOutput } from '../../../src/core/render/check-summary.ts';
import { renderVerdictTable } from '../../../src/core/render/comparison-markdown.ts';
import { fitToLimit, GITHUB_TEXT_LIMIT } from '../../../src/core/render/fit-to-limit.ts';
import { renderPullRequestComment } from '../../../src/core/render/pull-request-comment.ts';
import { plainDecimal, renderTrendChart } from '../../../src/core/render/trend-chart.ts';
import { classificationRun } from '../gate/fixtures.ts';
import { noBaseline, passing, regression } from './scenarios.ts';

describe('number formatting', () => {
  it('uses 4 decimals for usual metrics and fewer for large errors', () => {
    expect(formatValue(0.95)).toBe('0.9500');
    expect(formatValue(123.456)).toBe('123.46');
    expect(formatValue(3010.2)).toBe('3010.2');
    expect(formatValue(-0.25)).toBe('−0.2500');
    expect(formatValue(null)).toBe('—');
  });

  it('signs every delta', () => {
    expect(formatDelta(0.0123)).toBe('+0.0123');
    expect(formatDelta(-0.0045)).toBe('−0.0045');
    expect(formatDelta(0)).toBe('±0.0000');
    expect(formatDelta(-0.00001)).toBe('±0.0000');
  });
});

describe('pull request comment', () => {
  it('starts with the hidden marker', () => {
    expect(
      renderPullRequestComment({ comparison: passing() }).startsWith(`${COMMENT_MARKER}\n`),
    ).toBe(true);
  });

  it('names the failing rule first in the headline', () => {
    const body = renderPullRequestComment({ comparison: regression() });
    const headline = body.split('\n')[1];
    expect(headline).toBe(
      '### ❌ Gate failed: accuracy dropped 0.0350 from 0.9561, more than max_drop 0.01 (+1 more)',
    );
  });

  it('says plainly when there is no baseline', () => {
    const body = renderPullRequestComment({ comparison: noBaseline() });
    expect(body).toContain('**No baseline**');
    expect(body).toContain('2 relative rules skipped');
    expect(body).toContain('⏭️ skipped (no baseline)');
  });

  it('colours arrows by direction: a falling loss is good', () => {
    const table = renderVerdictTable(passing().metrics);
    expect(table).toContain('| **Log loss** | 0.1213 | 0.1101 | 🟢 ▼ −0.0112 |');
    expect(table).toContain('| **Accuracy** | 0.9561 | 0.9649 | 🟢 ▲ +0.0088 |');
  });

  it('stays within GitHub’s limit with thousands of classes and commits', () => {
    const labels = Array.from({ length: 1000 }, (_, index) => `class-${index}-${'x'.repeat(30)}`);
    const perClass = {
      precision: labels.map(() => 0.5),
      recall: labels.map(() => 0.5),
      f1: labels.map(() => 0.5),
      support: labels.map(() => 3),
    };
    const warnings = labels.map((label) => `${label}: no predicted samples, precision is 0`);
    const comparison = compareRuns({
      baseline: null,
      candidate: classificationRun({ accuracy: 0.5 }, { labels, per_class: perClass, warnings }),
      rules: [{ metric: 'accuracy', min: 0.9 }],
    });
    const trend = Array.from({ length: 1000 }, (_, index) => ({
      sha: index.toString(16).padStart(40, '0'),
      value: index / 1000,
    }));
    const body = renderPullRequestComment({ comparison, trend });
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(GITHUB_TEXT_LIMIT);
    expect(body).toContain('950 more classes are in metrics.json.');
    expect(body).toContain('980 more in metrics.json');
    expect(body).toContain('950 earlier commits are not shown.');
    expect(body.match(/"[0-9a-f]{7}"/g)).toHaveLength(30);
  });

  it('cuts sections, never the verdict, when the rules alone exceed the limit', () => {
    const rules = Array.from({ length: 3000 }, (_, index) => ({
      metric: 'accuracy',
      min: index / 3000,
    }));
    const comparison = compareRuns({
      baseline: null,
      candidate: classificationRun({ accuracy: 0.5 }),
      rules,
    });
    const body = renderPullRequestComment({ comparison, reserve: 2000 });
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(GITHUB_TEXT_LIMIT - 2000);
    expect(body.split('\n')[1]).toMatch(
      /^### ❌ Gate failed: accuracy 0\.5000 is below the minimum/,
    );
    expect(body).toContain('left out to stay within GitHub’s size limit');
  });
});

describe('fitToLimit', () => {
  const section = (text: string, optional: boolean) => ({ markdown: text, optional });

  it('returns everything when it fits', () => {
    expect(fitToLimit([section('a', false), section('b', true)], 100)).toBe('a\n\nb');
  });

  it('drops optional sections from the end first', () => {
    const text = fitToLimit(
      [section('head', false), section('x'.repeat(50), true), section('y'.repeat(500), true)],
      120,
      '',
      'cut',
    );
    expect(text).toBe(`head\n\n${'x'.repeat(50)}\n\n_cut_`);
  });

  it('cuts required text at a line boundary as a last resort', () => {
    const lines = Array.from({ length: 100 }, (_, index) => `line ${index}`).join('\n');
    const text = fitToLimit([section(lines, false)], 60, '', 'cut');
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(60);
    expect(text.endsWith('\n\n_cut_')).toBe(true);
    expect(text.startsWith('line 0\nline 1\n')).toBe(true);
  });
});

describe('check run output', () => {
  it('agrees with the comment on verdict and table', () => {
    const comparison = regression();
    const check = gateCheckOutput({ comparison });
    expect(check.conclusion).toBe('failure');
    expect(check.title).toBe(
      'Gate failed: accuracy dropped 0.0350 from 0.9561, more than max_drop 0.01 (+1 more)',
    );
    const table = renderVerdictTable(comparison.metrics.filter((row) => row.rules.length > 0));
    expect(check.summary).toContain(table);
    expect(renderPullRequestComment({ comparison })).toContain(table);
  });

  it('passes an overridden gate and says so', () => {
    const check = gateCheckOutput({
      comparison: regression(),
      override: { by: 'octocat', reason: 'noise' },
    });
    expect(check.conclusion).toBe('success');
    expect(check.title).toBe('Gate overridden by octocat: 2 failing rules accepted');
    expect(check.summary).toContain('> **Override** by @octocat: noise');
  });

  it('titles a pass without baseline and a pass with none configured', () => {
    expect(checkRunTitle(noBaseline())).toBe(
      'Gate passed without a baseline: 1 absolute rule holds',
    );
    const noRules = compareRuns({
      baseline: null,
      candidate: classificationRun({ accuracy: 0.5 }),
      rules: [],
    });
    expect(checkRunTitle(noRules)).toBe('No gate rules configured');
    expect(gateCheckOutput({ comparison: noRules }).conclusion).toBe('success');
  });
});

describe('renderTrendChart', () => {
  it('draws a mermaid xychart with quoted short shas and a baseline line', () => {
    const chart = renderTrendChart(
      [
        { sha: '1234567aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', value: 0.9 },
        { sha: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', value: null },
        { sha: 'cccccccccccccccccccccccccccccccccccccccc', value: 0.95 },
      ],
      { metric: 'Accuracy', baseline: 0.92 },
    );
    expect(chart.split('\n')).toEqual([
      '```mermaid',
      'xychart-beta',
      '    title "Accuracy per commit of this pull request"',
      '    x-axis ["1234567", "ccccccc"]',
      '    y-axis "Accuracy" 0.895 --> 0.955',
      '    line [0.9, 0.95]',
      '    line [0.92, 0.92]',
      '```',
    ]);
  });

  it('keeps a baseline below or above every value inside the y-axis, so its line is drawn', () => {
    const points = [
      { sha: 'a'.repeat(40), value: 0.93 },
      { sha: 'b'.repeat(40), value: 0.95 },
    ];
    const axis = (baseline: number) => {
      const match = / {4}y-axis "Accuracy" (\S+) --> (\S+)/.exec(
        renderTrendChart(points, { metric: 'Accuracy', baseline }),
      );
      return [Number(match?.[1]), Number(match?.[2])];
    };
    const [low = NaN, high = NaN] = axis(0.8857);
    expect(low).toBeLessThan(0.8857);
    expect(high).toBeGreaterThan(0.95);
    const [, top = NaN] = axis(0.99);
    expect(top).toBeGreaterThan(0.99);
  });

  it('draws nothing for fewer than two values', () => {
    expect(renderTrendChart([{ sha: 'a'.repeat(40), value: 0.9 }])).toBe('');
    expect(
      renderTrendChart([
        { sha: 'a'.repeat(40), value: 0.9 },
        { sha: 'b'.repeat(40), value: null },
      ]),
    ).toBe('');
  });

  it('pads a flat series so the axis is not empty', () => {
    const chart = renderTrendChart([
      { sha: 'a'.repeat(40), value: 0.5 },
      { sha: 'b'.repeat(40), value: 0.5 },
    ]);
    expect(chart).toContain('y-axis "metric" 0.495 --> 0.505');
  });
});

/** mermaid's xychart number grammar (the `NUMBER_WITH_DECIMAL` token of its parser). */
const MERMAID_NUMBER = /^[+-]?(?:\d+(?:\.\d+)?|\.\d+)$/;

/** Every number a chart's y-axis and line statements hold. */
function chartNumbers(chart: string): string[] {
  return chart.split('\n').flatMap((line) => {
    const axis = /^ {4}y-axis "[^"]*" (\S+) --> (\S+)$/.exec(line);
    if (axis) return axis.slice(1);
    const data = /^ {4}line \[(.*)\]$/.exec(line);
    return data ? (data[1] ?? '').split(', ') : [];
  });
}

describe('chart numbers', () => {
  it('are plain decimals, never exponent form, for tiny and huge values', () => {
    expect(plainDecimal(2e-7)).toBe('0.0000002');
    expect(plainDecimal(-3.5e-9)).toBe('-0.0000000035');
    expect(plainDecimal(1e21)).toBe('1000000000000000000000');
    expect(plainDecimal(1.23456789e21)).toBe('1234570000000000000000');
    expect(plainDecimal(0.1 + 0.2)).toBe('0.3');
    expect(plainDecimal(-0)).toBe('0');
    expect(plainDecimal(1000000.1, 8)).toBe('1000000.1');
  });

  it.each([
    ['tiny', [2e-7, 3e-7], 1e-7],
    ['huge', [1e21, 3e21], 2e21],
    ['near ±Number.MAX_VALUE', [1e308, -1e308], null],
    ['subnormal', [5e-324, 1e-300], null],
  ])('keeps a chart of %s values parseable by mermaid', (_, values, baseline) => {
    const points = values.map((value, i) => ({ sha: String(i).repeat(40), value }));
    const numbers = chartNumbers(renderTrendChart(points, { metric: 'R²', baseline }));
    expect(numbers).toHaveLength(2 + values.length * (baseline === null ? 1 : 2));
    for (const number of numbers) expect(number).toMatch(MERMAID_NUMBER);
  });

  it('draws tiny values at their place on the axis', () => {
    const chart = renderTrendChart(
      [
        { sha: 'a'.repeat(40), value: 2e-7 },
        { sha: 'b'.repeat(40), value: 3e-7 },
      ],
      { metric: 'R²', baseline: 1e-7 },
    );
    expect(chart).toContain('    y-axis "R²" 0.00000008 --> 0.00000032\n');
    expect(chart).toContain('    line [0.0000002, 0.0000003]\n    line [0.0000001, 0.0000001]\n');
  });

  it('shows values that differ far past the sixth digit apart', () => {
    const chart = renderTrendChart([
      { sha: 'a'.repeat(40), value: 1000000.1 },
      { sha: 'b'.repeat(40), value: 1000000.2 },
    ]);
    expect(chart).toContain('    line [1000000.1, 1000000.2]');
  });
});

describe('footer', () => {
  it('names the baseline only by what is known of it', () => {
    const comparison = compareRuns({
      baseline: classificationRun({ accuracy: 0.9 }, { git: undefined }),
      candidate: classificationRun({ accuracy: 0.9 }),
      rules: [],
    });
    expect(renderPullRequestComment({ comparison })).not.toContain('Baseline:');
    expect(renderPullRequestComment({ comparison, baseRef: 'main' })).toContain(
      'Baseline: <code>main</code>\n',
    );
  });
});

describe('gate title', () => {
  it('counts skipped rules in a pass', () => {
    const comparison = compareRuns({
      baseline: classificationRun({ accuracy: 0.9 }),
      candidate: classificationRun({ accuracy: 0.91, log_loss: 0.2 }),
      rules: [
        { metric: 'accuracy', min: 0.9 },
        { metric: 'log_loss', max_increase: 0.1 },
      ],
    });
    expect(checkRunTitle(comparison)).toBe('Gate passed: 1 of 2 rules holds (1 skipped)');
  });
});
