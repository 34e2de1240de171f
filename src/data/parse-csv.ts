import { CsvError, parse } from 'csv-parse/sync';
import { InputError } from '../core/errors.ts';
import { delimiterName } from './csv-dialect.ts';
import type { RowLines } from '../core/table.ts';

/** Header plus one array of raw strings per column, in file order. */
export interface RawCsv {
  names: string[];
  columns: string[][];
  /** Where each data row is in the file; a quoted record spanning lines has its last. */
  lines: RowLines;
}

function raggedRow(
  path: string,
  line: number,
  got: number,
  expected: number,
  delimiter: string,
): InputError {
  // A comma file with a short row needs no more words; any other delimiter was sniffed (or
  // set), and the user should see which one the count is in.
  const split =
    delimiter === ','
      ? ''
      : ` (fields split on ${delimiterName(delimiter)}; set data.delimiter if the file uses another)`;
  return new InputError(
    `${path}: line ${line} has ${got} field${got === 1 ? '' : 's'}, expected ${expected} like the header${split}.`,
  );
}

function transpose(path: string, records: string[][], lines: number[], delimiter: string): RawCsv {
  const [names, ...rows] = records;
  if (names === undefined)
    throw new InputError(`${path} is empty; expected a header line and data rows.`);
  const columns: string[][] = names.map(() => new Array<string>(rows.length));
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] ?? [];
    if (row.length !== names.length) {
      throw raggedRow(path, lines[i + 1] ?? i + 2, row.length, names.length, delimiter);
    }
    for (let j = 0; j < row.length; j++) (columns[j] ?? [])[i] = row[j] ?? '';
  }
  return { names, columns, lines: lines.slice(1) };
}

/**
 * The record separator: `\r` for a file whose first line ends in a lone CR (classic Mac OS,
 * some Excel exports), else `\n` (with any `\r` before it stripped). csv-parse detects it
 * the same way, from the first line break, so quoted and unquoted files read alike.
 */
function lineBreak(text: string): '\n' | '\r' {
  const at = text.search(/[\r\n]/);
  return at !== -1 && text.charCodeAt(at) === 13 && text.charCodeAt(at + 1) !== 10 ? '\r' : '\n';
}

/**
 * Splits a file without quote characters line by line. csv-parse's state machine costs
 * about 450 ms per million one-field records on this class of machine (measured), against
 * about 150 ms for `indexOf` + `split`, and the drift benchmark reads two such files against
 * pandas. Without a `"` in the file no field can contain a delimiter or a newline, so the
 * split gives exactly csv-parse's records (BOM, CRLF, CR and blank-line handling included).
 */
function splitUnquoted(path: string, text: string, delimiter: string): RawCsv {
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const newline = lineBreak(text);
  let line = 0;
  let names: string[] | undefined;
  let columns: string[][] = [];
  // Row i is on line first + i until a blank line breaks the pattern; only then does every
  // row get an entry (a push per row costs a third more on one-column files, measured).
  let first = 0;
  let rows = 0;
  let lines: number[] | undefined;
  while (pos <= text.length) {
    let end = text.indexOf(newline, pos);
    if (end === -1) end = text.length;
    line++;
    const start = pos;
    pos = end + 1;
    const contentEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    if (contentEnd === start) continue;
    const content = text.slice(start, contentEnd);
    if (names === undefined) {
      names = content.split(delimiter);
      columns = names.map(() => []);
      continue;
    }
    if (lines !== undefined) lines.push(line);
    else if (rows === 0) first = line;
    else if (line !== first + rows)
      lines = [...Array.from({ length: rows }, (_, i) => first + i), line];
    rows++;
    if (columns.length === 1) {
      // One column: the line is the field, no split needed (the benchmark's shape).
      if (content.includes(delimiter)) {
        throw raggedRow(path, line, content.split(delimiter).length, 1, delimiter);
      }
      columns[0]?.push(content);
    } else {
      // Walk the fields with indexOf instead of split(): no array per line.
      let from = 0;
      let j = 0;
      for (; j < columns.length - 1; j++) {
        const comma = content.indexOf(delimiter, from);
        if (comma === -1) break;
        columns[j]?.push(content.slice(from, comma));
        from = comma + delimiter.length;
      }
      if (j < columns.length - 1 || content.includes(delimiter, from)) {
        throw raggedRow(path, line, content.split(delimiter).length, columns.length, delimiter);
      }
      columns[j]?.push(content.slice(from));
    }
  }
  if (names === undefined)
    throw new InputError(`${path} is empty; expected a header line and data rows.`);
  return { names, columns, lines: lines ?? { first } };
}

/** Parses delimited text into a header and raw string columns; bad rows throw InputError with the line. */
export function parseCsv(path: string, text: string, delimiter = ','): RawCsv {
  if (!text.includes('"')) return splitUnquoted(path, text, delimiter);
  const lines: number[] = [];
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      delimiter,
      skip_empty_lines: true,
      // Ragged rows are reported by `transpose` with the line they end on, in our words.
      relax_column_count: true,
      on_record: (record: string[], context) => {
        lines.push(context.lines);
        return record;
      },
    });
  } catch (error) {
    if (error instanceof CsvError && error.code === 'CSV_QUOTE_NOT_CLOSED') {
      // csv-parse reports the end of the file; the quote opened in the record after the last
      // complete one, which is the line a user has to fix.
      let start = (lines.at(-1) ?? 0) + 1;
      const textLines = text.split(/\r\n|\r|\n/);
      while ((textLines[start - 1] ?? 'end').trim() === '') start++;
      throw new InputError(
        `${path}: line ${start} opens a double quote that is never closed; expected balanced double quotes (a quote inside a field is written "").`,
      );
    }
    if (error instanceof CsvError) {
      const where = typeof error.lines === 'number' ? `${path}: line ${error.lines}` : path;
      throw new InputError(
        `${where} is not valid CSV (${error.message}); expected delimited fields with balanced double quotes.`,
      );
    }
    throw error;
  }
  return transpose(path, records, lines, delimiter);
}
