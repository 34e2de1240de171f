/**
 * Draws a mermaid `xychart-beta` block as inline SVG, so the report shows the charts GitHub
 * draws in the comment without loading mermaid (about 3 MB of script) or anything from the
 * network. It understands what modelgate writes and the common rest of the grammar: `title`,
 * `x-axis` with a category list or a numeric range, `y-axis` with an optional range, and
 * `line` / `bar` series. Anything else returns null and the block is shown as code.
 */

/** A parsed chart. */
export interface XyChart {
  title: string | null;
  categories: string[];
  xLabel: string | null;
  yLabel: string | null;
  yRange: [number, number] | null;
  series: { kind: 'line' | 'bar'; values: number[] }[];
}

const STRING = /"([^"]*)"/y;

/** Splits a `[a, "b", 3]` list into its items (quotes removed). */
function parseList(text: string): string[] | null {
  const inner = /^\[(.*)\]$/.exec(text.trim())?.[1];
  if (inner === undefined) return null;
  const items: string[] = [];
  let rest = inner.trim();
  while (rest.length > 0) {
    STRING.lastIndex = 0;
    const quoted = STRING.exec(rest);
    if (quoted) {
      items.push(quoted[1] ?? '');
      rest = rest.slice(quoted[0].length);
    } else {
      const comma = rest.indexOf(',');
      items.push((comma === -1 ? rest : rest.slice(0, comma)).trim());
      rest = comma === -1 ? '' : rest.slice(comma);
    }
    rest = rest.replace(/^\s*,?\s*/, '');
  }
  return items;
}

function parseNumbers(text: string): number[] | null {
  const items = parseList(text);
  if (items === null || items.length === 0) return null;
  const values = items.map(Number);
  return values.every(Number.isFinite) ? values : null;
}

/** Parses an axis: optional quoted label, then a `[...]` list or a `lo --> hi` range. */
function parseAxis(text: string): {
  label: string | null;
  list: string[] | null;
  range: [number, number] | null;
} {
  let rest = text.trim();
  let label: string | null = null;
  const quoted = /^"([^"]*)"\s*/.exec(rest);
  if (quoted) {
    label = quoted[1] ?? null;
    rest = rest.slice(quoted[0].length);
  } else {
    const word = /^([^\s["]+)\s*/.exec(rest);
    if (word && !/^-?[\d.]/.test(word[1] ?? '')) {
      label = word[1] ?? null;
      rest = rest.slice(word[0].length);
    }
  }
  if (rest.startsWith('[')) return { label, list: parseList(rest), range: null };
  const range = /^(-?[\d.eE+-]+)\s*-->\s*(-?[\d.eE+-]+)$/.exec(rest);
  if (range) {
    const low = Number(range[1]);
    const high = Number(range[2]);
    if (Number.isFinite(low) && Number.isFinite(high) && high > low)
      return { label, list: null, range: [low, high] };
  }
  return { label, list: null, range: null };
}

/** Parses the text of a mermaid block; null when it is not an xychart this module can draw. */
export function parseXyChart(source: string): XyChart | null {
  const lines = source
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('%%'));
  if (!/^xychart(-beta)?(\s+(horizontal|vertical))?$/.test(lines[0] ?? '')) return null;
  if (/horizontal/.test(lines[0] ?? '')) return null;
  const chart: XyChart = {
    title: null,
    categories: [],
    xLabel: null,
    yLabel: null,
    yRange: null,
    series: [],
  };
  let xRange: [number, number] | null = null;
  for (const line of lines.slice(1)) {
    const keyword = line.split(/\s+/)[0] ?? '';
    const rest = line.slice(keyword.length).trim();
    if (keyword === 'title') {
      chart.title = /^"([^"]*)"$/.exec(rest)?.[1] ?? (rest || null);
    } else if (keyword === 'x-axis') {
      const axis = parseAxis(rest);
      chart.xLabel = axis.label;
      if (axis.list) chart.categories = axis.list;
      xRange = axis.range;
    } else if (keyword === 'y-axis') {
      const axis = parseAxis(rest);
      chart.yLabel = axis.label;
      chart.yRange = axis.range;
    } else if (keyword === 'line' || keyword === 'bar') {
      // A series may carry its own quoted name before the list; the values are what is drawn.
      const list = rest.slice(rest.indexOf('['));
      const values = parseNumbers(list);
      if (values === null) return null;
      chart.series.push({ kind: keyword, values });
    } else {
      return null;
    }
  }
  const count = Math.max(0, ...chart.series.map((series) => series.values.length));
  if (count === 0) return null;
  if (chart.categories.length === 0) {
    // A numeric x range: evenly spaced positions labelled with their values.
    const [low, high] = xRange ?? [1, count];
    chart.categories = Array.from({ length: count }, (_, index) =>
      String(Number((low + ((high - low) * index) / Math.max(1, count - 1)).toPrecision(4))),
    );
  }
  return chart;
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/**
 * About five round tick values covering [low, high]: a step of 1, 2 or 5 times a power of ten,
 * picked the way d3's `tickIncrement` does (the factor nearest the raw step, on a log scale).
 */
export function niceTicks(low: number, high: number, count = 5): number[] {
  const raw = (high - low) / count;
  const power = Math.floor(Math.log10(raw));
  const error = raw / 10 ** power;
  const factor =
    error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1;
  const step = factor * 10 ** power;
  const ticks: number[] = [];
  for (let index = Math.ceil(low / step); index * step <= high + step * 1e-9; index += 1) {
    ticks.push(Number((index * step).toPrecision(12)));
  }
  return ticks;
}

function tickLabel(value: number, ticks: readonly number[]): string {
  const step = ticks.length > 1 ? Math.abs((ticks[1] ?? 0) - (ticks[0] ?? 0)) : 1;
  // As many decimals as the step has (0.05 → 2, 0.025 → 3), so ticks read 0.85, 0.90, ...
  const decimals = (String(Number(step.toPrecision(6))).split('.')[1] ?? '').length;
  return value.toFixed(Math.min(6, decimals));
}

/** Colours of the series, in order: the PR's line, then the baseline's. */
const PALETTE = ['#1f6feb', '#8c959f', '#bf3989', '#1a7f37', '#bc4c00'];

/** Renders a parsed chart as a standalone `<svg>` element. */
export function renderXyChartSvg(chart: XyChart): string {
  const width = 640;
  const height = 320;
  const margin = {
    top: chart.title ? 44 : 16,
    right: 24,
    bottom: chart.xLabel ? 56 : 40,
    left: 72,
  };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const all = chart.series.flatMap((series) => series.values);
  let [low, high] = chart.yRange ?? [Math.min(0, ...all), Math.max(...all)];
  if (high <= low) [low, high] = [low - 1, high + 1];
  const y = (value: number) => margin.top + plotHeight * (1 - (value - low) / (high - low));
  const band = plotWidth / chart.categories.length;
  const x = (index: number) => margin.left + band * (index + 0.5);
  const ticks = niceTicks(low, high);
  const parts: string[] = [];
  const label = chart.title ?? 'chart';
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="xychart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(label)}">`,
    `<title>${escapeXml(label)}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
  );
  if (chart.title) {
    parts.push(
      `<text x="${width / 2}" y="26" text-anchor="middle" font-size="15" font-weight="600" fill="#1f2328">${escapeXml(chart.title)}</text>`,
    );
  }
  for (const tick of ticks) {
    const ty = y(tick).toFixed(1);
    parts.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${ty}" y2="${ty}" stroke="#d0d7de" stroke-dasharray="3 3"/>`,
      `<text x="${margin.left - 8}" y="${ty}" dy="4" text-anchor="end" font-size="11" fill="#59636e">${tickLabel(tick, ticks)}</text>`,
    );
  }
  parts.push(
    `<line x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${margin.top + plotHeight}" stroke="#59636e"/>`,
    `<line x1="${margin.left}" x2="${width - margin.right}" y1="${margin.top + plotHeight}" y2="${margin.top + plotHeight}" stroke="#59636e"/>`,
  );
  chart.categories.forEach((category, index) => {
    parts.push(
      `<text x="${x(index).toFixed(1)}" y="${margin.top + plotHeight + 18}" text-anchor="middle" font-size="11" font-family="ui-monospace, SFMono-Regular, Menlo, monospace" fill="#59636e">${escapeXml(category)}</text>`,
    );
  });
  if (chart.yLabel) {
    const cy = margin.top + plotHeight / 2;
    parts.push(
      `<text x="16" y="${cy}" transform="rotate(-90 16 ${cy})" text-anchor="middle" font-size="12" fill="#1f2328">${escapeXml(chart.yLabel)}</text>`,
    );
  }
  if (chart.xLabel) {
    parts.push(
      `<text x="${margin.left + plotWidth / 2}" y="${height - 12}" text-anchor="middle" font-size="12" fill="#1f2328">${escapeXml(chart.xLabel)}</text>`,
    );
  }
  const bars = chart.series.filter((series) => series.kind === 'bar');
  chart.series.forEach((series, seriesIndex) => {
    const color = PALETTE[seriesIndex % PALETTE.length] ?? '#1f6feb';
    if (series.kind === 'bar') {
      const slot = bars.indexOf(series);
      const barWidth = (band * 0.7) / bars.length;
      series.values.forEach((value, index) => {
        const left = x(index) - band * 0.35 + slot * barWidth;
        const top = y(Math.max(value, low));
        parts.push(
          `<rect class="series-${seriesIndex}" x="${left.toFixed(1)}" y="${top.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${(margin.top + plotHeight - top).toFixed(1)}" fill="${color}"/>`,
        );
      });
      return;
    }
    const points = series.values.map(
      (value, index) => `${x(index).toFixed(1)},${y(value).toFixed(1)}`,
    );
    parts.push(
      `<polyline class="series-${seriesIndex}" points="${points.join(' ')}" fill="none" stroke="${color}" stroke-width="2.5" stroke-linejoin="round"/>`,
    );
    series.values.forEach((value, index) => {
      parts.push(
        `<circle cx="${x(index).toFixed(1)}" cy="${y(value).toFixed(1)}" r="4" fill="${color}"><title>${escapeXml(`${chart.categories[index] ?? index}: ${value}`)}</title></circle>`,
      );
    });
  });
  parts.push('</svg>');
  return parts.join('');
}
