import { describe, expect, it } from 'vitest';
import { niceTicks, parseXyChart, renderXyChartSvg } from '../../src/demo/report/xychart-svg.ts';

/** What modelgate's comment holds for a pull request with two commits (renderTrendChart). */
const TREND = `xychart-beta
    title "Accuracy per commit of this pull request"
    x-axis ["93fa988", "8d21e60"]
    y-axis "Accuracy" 0.880952 --> 0.938095
    line [0.92381, 0.933333]
    line [0.885714, 0.885714]`;

describe('parseXyChart', () => {
  it('reads the title, quoted categories, the y range and every series', () => {
    expect(parseXyChart(TREND)).toEqual({
      title: 'Accuracy per commit of this pull request',
      categories: ['93fa988', '8d21e60'],
      xLabel: null,
      yLabel: 'Accuracy',
      yRange: [0.880952, 0.938095],
      series: [
        { kind: 'line', values: [0.92381, 0.933333] },
        { kind: 'line', values: [0.885714, 0.885714] },
      ],
    });
  });

  it('accepts bars, unquoted categories and a numeric x range', () => {
    const chart = parseXyChart('xychart-beta\n  x-axis [jan, feb, mar]\n  bar [1, 2, 3]');
    expect(chart?.categories).toEqual(['jan', 'feb', 'mar']);
    expect(chart?.series).toEqual([{ kind: 'bar', values: [1, 2, 3] }]);
    const ranged = parseXyChart('xychart-beta\n  x-axis "Step" 1 --> 3\n  line [5, 6, 7]');
    expect(ranged?.xLabel).toBe('Step');
    expect(ranged?.categories).toEqual(['1', '2', '3']);
  });

  it('refuses what it cannot draw', () => {
    expect(parseXyChart('graph TD; A-->B')).toBeNull();
    expect(parseXyChart('xychart-beta horizontal\n  line [1, 2]')).toBeNull();
    expect(parseXyChart('xychart-beta\n  line [1, two]')).toBeNull();
    expect(parseXyChart('xychart-beta\n  title "no data"')).toBeNull();
    expect(parseXyChart('xychart-beta\n  legend on\n  line [1, 2]')).toBeNull();
  });
});

describe('renderXyChartSvg', () => {
  it('draws one polyline per line series, a point per value, inside the y range', () => {
    const chart = parseXyChart(TREND);
    if (chart === null) throw new Error('the trend chart did not parse');
    const svg = renderXyChartSvg(chart);
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg.match(/<circle/g)).toHaveLength(4);
    expect(svg).toContain('>93fa988</text>');
    const ys = [...svg.matchAll(/<circle cx="[\d.]+" cy="([\d.]+)"/g)].map((m) => Number(m[1]));
    // Plot area: 44 (below the title) to 264 (above the axis labels).
    for (const y of ys) {
      expect(y).toBeGreaterThanOrEqual(44);
      expect(y).toBeLessThanOrEqual(264);
    }
    // The higher value is drawn higher (smaller y).
    expect(ys[1]).toBeLessThan(ys[0] ?? 0);
  });

  it('escapes text taken from the chart', () => {
    const svg = renderXyChartSvg({
      title: '<script>',
      categories: ['a&b'],
      xLabel: null,
      yLabel: null,
      yRange: null,
      series: [{ kind: 'bar', values: [1] }],
    });
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('a&amp;b');
    expect(svg).not.toContain('<script>');
  });
});

describe('niceTicks', () => {
  it('gives round steps covering the range', () => {
    expect(niceTicks(0.880952, 0.938095)).toEqual([0.89, 0.9, 0.91, 0.92, 0.93]);
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
});
