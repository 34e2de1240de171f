import { escapeHtml } from './markdown.ts';

/**
 * The metric intervals of a sticky comment drawn as error bars: each metric's base and PR
 * value with its 95 % interval on one shared axis, so a reviewer sees at a glance whether the
 * two overlap. Read from the "Noise or regression?" table of the comment (what GitHub shows),
 * and drawn as inline SVG like the trend chart (nothing loaded).
 */

/** A value and its interval. */
export interface IntervalPoint {
  value: number;
  low: number;
  high: number;
}

/** One metric's two sides; null where the comment shows none. */
export interface IntervalRow {
  metric: string;
  base: IntervalPoint | null;
  pr: IntervalPoint | null;
}

const HEADER = /^\|\s*Metric\s*\|\s*Base \(95 % CI\)\s*\|\s*PR \(95 % CI\)\s*\|$/;
const CELL = /^(-?\d+(?:\.\d+)?) \[(-?\d+(?:\.\d+)?), (-?\d+(?:\.\d+)?)\]$/;

function point(cell: string): IntervalPoint | null {
  const match = CELL.exec(cell.trim());
  if (!match) return null;
  const [value, low, high] = [match[1], match[2], match[3]].map(Number);
  if (value === undefined || low === undefined || high === undefined) return null;
  return low <= value && value <= high ? { value, low, high } : null;
}

/** The interval table of a comment (the first one); empty when it has none. */
export function parseIntervals(markdown: string): IntervalRow[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => HEADER.test(line.trim()));
  if (start < 0) return [];
  const rows: IntervalRow[] = [];
  // Header, then the alignment row, then body rows until the table ends.
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const [, metric = '', base = '', pr = ''] = line.split('|').map((cell) => cell.trim());
    const row = { metric, base: point(base), pr: point(pr) };
    if (row.base !== null || row.pr !== null) rows.push(row);
  }
  return rows;
}

const WIDTH = 640;
const LEFT = 110;
const RIGHT = 24;
const ROW = 46;
const TOP = 10;
const AXIS = 28;
const SIDES = [
  ['base', 'base', '#8c959f'],
  ['pr', 'PR', '#0969da'],
] as const;

function decimals(span: number): number {
  return span >= 1 ? 2 : span >= 0.1 ? 3 : 4;
}

/** The error bars as an SVG element; null when there is nothing to draw. */
export function intervalBarsSvg(rows: readonly IntervalRow[]): string | null {
  const points = rows.flatMap((row) => [row.base, row.pr]).filter((p) => p !== null);
  if (points.length === 0) return null;
  let lo = Math.min(...points.map((p) => p.low));
  let hi = Math.max(...points.map((p) => p.high));
  const pad = (hi - lo || Math.abs(hi) || 1) * 0.08;
  lo -= pad;
  hi += pad;
  const x = (v: number) => LEFT + ((v - lo) / (hi - lo)) * (WIDTH - LEFT - RIGHT);
  const height = TOP + rows.length * ROW + AXIS;
  const digits = decimals(hi - lo);
  const parts: string[] = [];
  rows.forEach((row, i) => {
    const y0 = TOP + i * ROW;
    parts.push(
      `<text x="${LEFT - 10}" y="${y0 + ROW / 2 + 4}" text-anchor="end" font-size="13" fill="#1f2328">${escapeHtml(row.metric)}</text>`,
    );
    SIDES.forEach(([key, label, colour], j) => {
      const p = row[key];
      if (p === null) return;
      const y = y0 + 14 + j * 18;
      parts.push(
        `<g class="error-bar ${key}"><title>${label} ${escapeHtml(row.metric)} ${p.value.toFixed(4)} [${p.low.toFixed(4)}, ${p.high.toFixed(4)}]</title>` +
          `<line x1="${x(p.low).toFixed(1)}" x2="${x(p.high).toFixed(1)}" y1="${y}" y2="${y}" stroke="${colour}" stroke-width="2"/>` +
          `<line x1="${x(p.low).toFixed(1)}" x2="${x(p.low).toFixed(1)}" y1="${y - 5}" y2="${y + 5}" stroke="${colour}" stroke-width="2"/>` +
          `<line x1="${x(p.high).toFixed(1)}" x2="${x(p.high).toFixed(1)}" y1="${y - 5}" y2="${y + 5}" stroke="${colour}" stroke-width="2"/>` +
          `<circle cx="${x(p.value).toFixed(1)}" cy="${y}" r="4" fill="${colour}"/>` +
          `<text x="${WIDTH - RIGHT}" y="${y - 4}" text-anchor="end" font-size="11" fill="${colour}">${label}</text></g>`,
      );
    });
  });
  const axisY = TOP + rows.length * ROW + 6;
  parts.push(
    `<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${axisY}" y2="${axisY}" stroke="#d0d7de"/>`,
  );
  for (let k = 0; k <= 4; k++) {
    const v = lo + ((hi - lo) * k) / 4;
    parts.push(
      `<text x="${x(v).toFixed(1)}" y="${axisY + 16}" text-anchor="middle" font-size="11" fill="#59636e">${v.toFixed(digits)}</text>`,
    );
  }
  return `<svg class="interval-bars" role="img" aria-label="95 % intervals, base and PR" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`;
}

/** The figure for a pull request page: its sticky comment's intervals, or '' without any. */
export function intervalFigure(commentBodies: readonly string[]): string {
  for (const body of commentBodies) {
    const svg = intervalBarsSvg(parseIntervals(body));
    if (svg !== null)
      return `<figure class="card intervals"><figcaption>Each metric with its 95 % interval, base and PR, from the gate's comment: bars that overlap are a change the test set cannot tell from noise.</figcaption>${svg}</figure>`;
  }
  return '';
}
