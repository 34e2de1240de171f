import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sniffDelimiter } from '../../src/data/csv-dialect.ts';
import { readTable, type Column } from '../../src/data/read-table.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'modelgate-dialect-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function read(name: string, content: string, delimiter?: ',' | ';') {
  const path = join(root, name);
  await writeFile(path, content);
  return readTable(path, delimiter === undefined ? {} : { delimiter });
}

function values(column: Column | undefined): unknown[] {
  if (column === undefined) return [];
  return column.kind === 'numeric' ? Array.from(column.values) : column.values;
}

describe('CSV dialects', () => {
  it('reads a semicolon file with decimal commas, as a European spreadsheet saves it', async () => {
    const table = await read(
      'excel.csv',
      'radius;city;target\n1,5;Oslo;1\n-0,25;Bergen;0\n3;"Ski; Akershus";1\n',
    );
    expect(table.columns.map((c) => [c.name, c.kind])).toEqual([
      ['radius', 'numeric'],
      ['city', 'categorical'],
      ['target', 'numeric'],
    ]);
    expect(values(table.columns[0])).toEqual([1.5, -0.25, 3]);
    expect(values(table.columns[1])).toEqual(['Oslo', 'Bergen', 'Ski; Akershus']);
  });

  it('reads a tab-separated file named .csv, and a pipe-separated one', async () => {
    const tabs = await read('tabs.csv', 'a\tb\n1\t2\n3\t4\n');
    expect(tabs.columns.map((c) => c.name)).toEqual(['a', 'b']);
    expect(values(tabs.columns[1])).toEqual([2, 4]);
    const pipes = await read('pipes.csv', 'a|b\n1.5|x\n');
    expect(values(pipes.columns[0])).toEqual([1.5]);
  });

  it('reads a BOM with quoted headers, in either dialect', async () => {
    const comma = await read('bom.csv', '\ufeff"a","b c"\r\n"1","2"\r\n');
    expect(comma.columns.map((c) => c.name)).toEqual(['a', 'b c']);
    const semi = await read('bom-semi.csv', '\ufeff"a";"b"\r\n"1,5";"2"\r\n');
    expect(comma.columns.map((c) => c.kind)).toEqual(['numeric', 'numeric']);
    expect(values(semi.columns[0])).toEqual([1.5]);
  });

  it('keeps commas in a comma-separated file as they are: a decimal comma there is a new field', async () => {
    const table = await read('plain.csv', 'a,b\n1,2\n"3,5",4\n');
    expect(values(table.columns[0])).toEqual(['1', '3,5']);
  });

  it('says which delimiter it split on, and the option to set, when a row does not fit', async () => {
    await expect(read('ragged.csv', 'a;b;c\n1;2;3\n4;5\n')).rejects.toThrow(
      'ragged.csv: line 3 has 2 fields, expected 3 like the header (fields split on ";"; set data.delimiter if the file uses another).',
    );
  });

  it('uses data.delimiter when set instead of sniffing', async () => {
    const table = await read('forced.csv', 'a;b,c\n1;2,3\n', ',');
    expect(table.columns.map((c) => c.name)).toEqual(['a;b', 'c']);
  });

  it('prefers a comma when several delimiters fit, and a single column stays one', () => {
    expect(sniffDelimiter('a,b;c\n1,2;3\n')).toBe(',');
    expect(sniffDelimiter('a\n1\n2\n')).toBe(',');
    expect(sniffDelimiter('a;b\n1;2\n')).toBe(';');
  });
});
