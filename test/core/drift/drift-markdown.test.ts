import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { driftReport, renderDriftMarkdown } from '../../../src/core/drift/index.ts';
import { formatScore } from '../../../src/core/drift/drift-markdown.ts';
import { seededRandom } from '../../../src/core/drift/samples/reservoir.ts';
import type { Column, Table } from '../../../src/core/table.ts';
import { wrappableName } from '../../../src/core/render/wrappable-name.ts';

/** The drift table as GitHub shows it: few columns, readable numbers, names that wrap. */

function numeric(name: string, seed: number, shift = 0): Column {
  const random = seededRandom(seed);
  return {
    name,
    kind: 'numeric',
    values: Float64Array.from({ length: 300 }, () => random() + shift),
  };
}

function letters(name: string, p: number, seed: number): Column {
  const random = seededRandom(seed);
  const values = Array.from({ length: 300 }, () => (random() < p ? 'a' : 'b'));
  return { name, kind: 'categorical', values };
}

function table(path: string, columns: Column[]): Table {
  return { path, sha256: 'ab'.repeat(32), rows: 300, columns };
}

const LONG = 'mean_fractal_dimension_of_the_worst_cell_in_the_image_after_resampling_v2';

/** Header and body cells of each table of the rendered markdown, as GFM reads them. */
function tables(markdown: string): { header: string[]; rows: string[][] }[] {
  const html = marked.parse(markdown, { async: false, gfm: true });
  return [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map(([, body = '']) => {
    const rows = [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(([, row = '']) =>
      [...row.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map(([, cell = '']) => cell),
    );
    return { header: rows[0] ?? [], rows: rows.slice(1) };
  });
}

describe('the drift table', () => {
  it('names the one test above the table and keeps four columns', () => {
    const report = driftReport({
      reference: table('train.csv', [numeric('a', 1), numeric(LONG, 2)]),
      current: table('prod.csv', [numeric('a', 3), numeric(LONG, 4, 0.5)]),
    });
    const markdown = renderDriftMarkdown(report);
    expect(markdown).toContain(
      'Each column was tested with the Kolmogorov–Smirnov test; it drifted when the p-value is ≤ 0.05.',
    );
    const [main] = tables(markdown);
    expect(main?.header).toEqual(['', 'Column', 'p-value', 'Reference / current (same bins)']);
    for (const row of main?.rows ?? []) expect(row).toHaveLength(4);
    // The drifted column: far below 0.001, shown as such rather than as 1.23e-45.
    expect(main?.rows[0]?.[2]).toBe('&lt; 0.001');
    expect(main?.rows[1]?.[2]).toMatch(/^0\.\d{3}$/);
  });

  it('gives mixed tests a column of short names with their thresholds', () => {
    const report = driftReport({
      reference: table('train.csv', [numeric('x', 1), letters('plan', 0.5, 2)]),
      current: table('prod.csv', [numeric('x', 3), letters('plan', 0.9, 4)]),
    });
    const [main] = tables(renderDriftMarkdown(report));
    expect(main?.header).toEqual([
      '',
      'Column',
      'Test, drift when',
      'Score',
      'Reference / current (same bins)',
    ]);
    expect(main?.rows.map((row) => row[2])).toEqual(['Z-test p &lt; 0.05', 'KS p ≤ 0.05']);
    for (const row of main?.rows ?? []) expect(row).toHaveLength(5);
  });

  it('splits all statistics by column type, so neither table is ten columns wide', () => {
    const report = driftReport({
      reference: table('train.csv', [numeric('x', 1), letters('plan', 0.5, 2)]),
      current: table('prod.csv', [numeric('x', 3), letters('plan', 0.9, 4)]),
    });
    const [, numerical, categorical] = tables(renderDriftMarkdown(report));
    expect(numerical?.header).toHaveLength(7);
    expect(numerical?.rows.map((row) => row[0])).toEqual(['x']);
    expect(categorical?.header).toEqual([
      'Column',
      'n ref / cur',
      'χ² (p, dof)',
      'PSI',
      'JS distance',
    ]);
    expect(categorical?.rows.map((row) => row[0])).toEqual(['plan']);
  });

  it('cuts a long column name and lets it wrap at separators and every 20 characters', () => {
    const shown = wrappableName(LONG);
    const pieces = shown.split('<wbr>').map((piece) => piece.replaceAll('&#95;', '_'));
    expect(pieces.join('')).toBe(`${LONG.slice(0, 59)}…`);
    for (const piece of pieces) expect([...piece].length).toBeLessThanOrEqual(20);
    expect(wrappableName('averyveryverylongnamewithoutanyseparator')).toBe(
      'averyveryverylongnam<wbr>ewithoutanyseparator',
    );
    expect(wrappableName('age')).toBe('age');
    expect(wrappableName('monthly_charges')).toBe('monthly&#95;charges');
  });

  it('formats scores for reading: p-values to three decimals, distances to three digits', () => {
    expect(formatScore(3.2e-31, 'ks')).toBe('< 0.001');
    expect(formatScore(0, 'z')).toBe('< 0.001');
    expect(formatScore(0.0123, 'chisquare')).toBe('0.012');
    expect(formatScore(1, 'ks')).toBe('1.000');
    expect(formatScore(0.123456, 'wasserstein')).toBe('0.123');
    expect(formatScore(12.3456, 'psi')).toBe('12.3');
    expect(formatScore(null, 'psi')).toBe('–');
  });
});
