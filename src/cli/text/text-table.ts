/**
 * Plain-text tables for a terminal or a CI log, where markdown pipes and `<br>` are noise.
 * Columns are padded to their widest cell; a cell with line breaks spans several lines, so a
 * metric with two gate rules shows them one under the other, as the markdown table does.
 */

/** Alignment of a column. */
export type Align = 'left' | 'right';

/** Display width: code points, since the tables hold `±`, `≥`, `▲` and sparkline blocks. */
function width(text: string): number {
  return [...stripAnsi(text)].length;
}

/** Text without colour codes, to measure and to compare in tests. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex -- the escape character is the point
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

function pad(text: string, size: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, size - width(text)));
  return align === 'right' ? fill + text : text + fill;
}

/**
 * Renders `rows` under `headers`, two spaces between columns, a rule of `─` under the header,
 * no trailing spaces. Cells may contain `\n`.
 */
export function textTable(
  headers: readonly string[],
  aligns: readonly Align[],
  rows: readonly (readonly string[])[],
): string {
  const split = rows.map((row) => headers.map((_, j) => (row[j] ?? '').split('\n')));
  const widths = headers.map((header, j) =>
    Math.max(width(header), ...split.flatMap((row) => (row[j] ?? []).map(width))),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, j) => pad(cell, widths[j] ?? 0, aligns[j] ?? 'left'))
      .join('  ')
      .trimEnd();
  const out = [line(headers), line(widths.map((w) => '─'.repeat(w)))];
  for (const row of split) {
    const height = Math.max(...row.map((cell) => cell.length));
    for (let k = 0; k < height; k++) out.push(line(row.map((cell) => cell[k] ?? '')));
  }
  return out.join('\n');
}
