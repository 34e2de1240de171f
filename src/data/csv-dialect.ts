/**
 * CSV dialects as spreadsheets write them. A European Excel saves "CSV" with `;` between
 * fields and `,` as the decimal mark; a tab-separated export keeps the `.csv` name. Read as
 * comma-separated, such a file is one column whose name is the whole header line, and the
 * user is told the label column is missing: true, and no help. So the delimiter is sniffed
 * from the first lines (the way Python's csv.Sniffer does, by consistent field counts), and
 * decimal commas are read as numbers when the fields are not comma-separated.
 */

/** Delimiters tried, in order of preference when several fit. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;
/** A field delimiter `readTable` accepts (`data.delimiter`). */
export type Delimiter = (typeof DELIMITERS)[number];

/** Lines the sniffer looks at: enough to see a pattern, few enough to cost nothing. */
const SAMPLE_LINES = 50;

/** Fields on one line for `delimiter`, not counting delimiters inside double quotes. */
function fieldCount(line: string, delimiter: string): number {
  let count = 1;
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === delimiter) count++;
  }
  return count;
}

/**
 * The delimiter under which the header has more than one field and the most sample lines
 * have as many fields as the header; `,` wins ties (and single-column files).
 */
export function sniffDelimiter(text: string): Delimiter {
  const lines = text
    .replace(/^\ufeff/, '')
    .split(/\r\n|\r|\n/, SAMPLE_LINES * 2)
    .filter((line) => line.trim() !== '')
    .slice(0, SAMPLE_LINES);
  const [header, ...rows] = lines;
  if (header === undefined) return ',';
  let best: { delimiter: Delimiter; score: number } = { delimiter: ',', score: -1 };
  for (const delimiter of DELIMITERS) {
    const fields = fieldCount(header, delimiter);
    if (fields < 2) continue;
    const score = rows.filter((row) => fieldCount(row, delimiter) === fields).length;
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

/** `1,5`, `-0,25`, `,5`, `12` (and an exponent): a number written with a decimal comma. */
const DECIMAL_COMMA = /^\s*[+-]?(\d+(,\d*)?|,\d+)([eE][+-]?\d+)?\s*$/;

/**
 * The cells of a column with decimal commas turned into points, when every present cell is a
 * number written that way and at least one has a comma; else undefined (the column is read
 * as it is). Only for files whose fields are not comma-separated, where a comma in a number
 * cannot be anything else. `isMissing` says which cells are empty (pandas' NA spellings).
 */
export function decimalCommaColumn(
  cells: readonly string[],
  isMissing: (cell: string) => boolean,
): string[] | undefined {
  let commas = 0;
  for (const cell of cells) {
    if (isMissing(cell)) continue;
    if (!DECIMAL_COMMA.test(cell)) return undefined;
    if (cell.includes(',')) commas++;
  }
  return commas === 0 ? undefined : cells.map((cell) => cell.replace(',', '.'));
}

/** How a delimiter is named in messages: a tab is invisible when quoted. */
export function delimiterName(delimiter: string): string {
  return delimiter === '\t' ? 'tab' : `"${delimiter}"`;
}
