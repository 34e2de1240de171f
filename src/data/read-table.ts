import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { InputError } from '../core/errors.ts';
import { listNames, nearName } from '../core/name-list.ts';
import { decimalCommaColumn, sniffDelimiter, type Delimiter } from './csv-dialect.ts';
import { parseCsv, type RawCsv } from './parse-csv.ts';
import { MISSING, parseNumber } from './parse-number.ts';
import { parseJsonl, type JsonCell } from './parse-jsonl.ts';
import { headText, isBlank } from './byte-text.ts';
import { parseTypedCsv, type TypedCells, type TypedCsv } from './parse-typed-csv.ts';
import type { CategoricalColumn, Column, NumericColumn, RowLines, Table } from '../core/table.ts';

export type { CategoricalColumn, Column, NumericColumn, Table } from '../core/table.ts';
export { parseNumber } from './parse-number.ts';

/** How `readTable` types columns. */
export interface ReadTableOptions {
  /** Columns to keep as categorical even when every value looks like a number (ids, zip codes). */
  categorical?: string[];
  /** Field delimiter of a CSV file (`data.delimiter`); sniffed from the first lines when unset. */
  delimiter?: Delimiter | undefined;
}

function toNumeric(name: string, cells: readonly JsonCell[]): NumericColumn | undefined {
  const values = new Float64Array(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const value = parseNumber(cells[i] ?? null);
    if (value === undefined) return undefined;
    values[i] = value;
  }
  return { name, kind: 'numeric', values };
}

function toCategorical(name: string, cells: readonly JsonCell[]): CategoricalColumn {
  const values = cells.map((cell) => {
    if (cell === null) return null;
    if (typeof cell === 'number') return Number.isNaN(cell) ? null : String(cell);
    return MISSING.has(cell) ? null : cell;
  });
  return { name, kind: 'categorical', values };
}

/**
 * Parses CSV text with the given delimiter or the sniffed one; with fields not separated by
 * commas, a column of numbers written with decimal commas (a European spreadsheet) is read as
 * numbers.
 */
function readCsv(path: string, text: string, delimiter: string): RawCsv {
  const raw = parseCsv(path, text, delimiter);
  if (delimiter === ',') return raw;
  const columns = raw.columns.map(
    (cells) => decimalCommaColumn(cells, (cell) => MISSING.has(cell)) ?? cells,
  );
  return { ...raw, columns };
}

/** The file's text through csv-parse (or the JSONL reader without a delimiter). */
function general(path: string, text: string, delimiter: string | undefined) {
  return delimiter === undefined ? parseJsonl(path, text) : readCsv(path, text, delimiter);
}

/** `readCsv`'s decimal commas for the text columns of a typed read (numbers have none). */
function decimalCommas(typed: TypedCsv | undefined, delimiter: string): TypedCsv | undefined {
  if (!typed || delimiter === ',') return typed;
  const columns = typed.columns.map((cells) =>
    cells instanceof Float64Array
      ? cells
      : (decimalCommaColumn(cells, (cell) => MISSING.has(cell)) ?? cells),
  );
  return { ...typed, columns };
}

function checkNames(path: string, names: string[]): string[] {
  const seen = new Set<string>();
  return names.map((raw, i) => {
    // pandas names a blank header cell "Unnamed: i" (an index column written by to_csv).
    const name = raw.trim() === '' ? `Unnamed: ${i}` : raw;
    if (seen.has(name)) {
      throw new InputError(
        `${path}: column "${name}" appears twice in the header; expected unique column names.`,
      );
    }
    seen.add(name);
    return name;
  });
}

/**
 * Reads a CSV (`.tsv`: tab-separated) or JSON Lines (`.jsonl`, `.ndjson`) file into typed
 * columns. A column is numeric when every present value parses as a number (including
 * "inf"/"-inf"), unless `options.categorical` names it; so is a column without any value
 * (pandas reads it as float64), which profile merges and drift reports match with either
 * type. Throws InputError for a missing or
 * empty file, a ragged row or a bad JSON line, naming the file and the line.
 */
export async function readTable(path: string, options: ReadTableOptions = {}): Promise<Table> {
  // Else "Data file  does not exist": the path vanishes from the sentence.
  if (path === '')
    throw new InputError('The data file path is empty; expected a CSV or JSONL file.');
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? error.code : undefined;
    if (code === 'ENOENT')
      throw new InputError(`Data file ${path} does not exist; expected a CSV or JSONL file.`);
    if (code === 'EISDIR')
      throw new InputError(`${path} is a directory; expected a CSV or JSONL file.`);
    throw new InputError(`Cannot read data file ${path} (${String(code ?? error)}).`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (isBlank(bytes))
    throw new InputError(`${path} is empty; expected a header line and data rows.`);

  const extension = extname(path).toLowerCase();
  // A .json file (an array of records, or a profile/metrics file passed by mistake) would
  // otherwise be parsed as CSV and fail with a baffling quote error.
  if (extension === '.json') {
    throw new InputError(
      `${path} is a .json file; expected data as CSV (.csv, .tsv) or JSON Lines (.jsonl, .ndjson: one object per line).`,
    );
  }
  const jsonl = extension === '.jsonl' || extension === '.ndjson';
  const delimiter = jsonl
    ? undefined
    : (options.delimiter ?? (extension === '.tsv' ? '\t' : sniffDelimiter(headText(bytes))));
  // Issue 20: most files have no quotes; read those from the bytes into typed columns.
  const typed =
    delimiter !== undefined && (options.categorical ?? []).length === 0
      ? decimalCommas(parseTypedCsv(bytes, delimiter, parseNumber), delimiter)
      : undefined;
  const raw: {
    names: string[];
    columns: readonly (readonly JsonCell[] | TypedCells)[];
    lines: RowLines;
  } = typed ?? general(path, bytes.toString('utf8'), jsonl ? undefined : delimiter);
  const names = checkNames(path, raw.names);
  const rows = raw.columns[0]?.length ?? 0;
  if (rows === 0)
    throw new InputError(`${path} has a header but no data rows; expected at least one row.`);

  const forced = new Set(options.categorical ?? []);
  const unknown = [...forced].filter((name) => !names.includes(name));
  if (unknown.length > 0) {
    throw new InputError(
      `${path} has no column ${unknown.map((n) => `"${n}"${nearName(n, names)}`).join(', ')} (listed as categorical); its columns are ${listNames(names, { max: Infinity })}.`,
    );
  }
  const columns: Column[] = names.map((name, j) => {
    const cells = raw.columns[j] ?? [];
    if (cells instanceof Float64Array) return { name, kind: 'numeric', values: cells };
    return (forced.has(name) ? undefined : toNumeric(name, cells)) ?? toCategorical(name, cells);
  });
  return { path, sha256, rows, columns, lines: raw.lines };
}
