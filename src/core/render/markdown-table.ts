/** Column alignment in a GitHub-flavoured markdown table. */
export type Align = 'left' | 'right' | 'center';

const RULE: Readonly<Record<Align, string>> = { left: ':--', right: '--:', center: ':-:' };

/**
 * A GFM table from cells that are already markdown (escape untrusted text first). A pipe in
 * a cell would start a new column, so cells are expected to carry none unescaped.
 */
export function markdownTable(
  headers: readonly string[],
  align: readonly Align[],
  rows: readonly (readonly string[])[],
): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [
    line(headers),
    line(headers.map((_, index) => RULE[align[index] ?? 'left'])),
    ...rows.map((row) => line(row)),
  ].join('\n');
}

/** A collapsed section; the summary is markdown-free text (GitHub shows it verbatim). */
export function details(summary: string, body: string, open = false): string {
  return `<details${open ? ' open' : ''}><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}
