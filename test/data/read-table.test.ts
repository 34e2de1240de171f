import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { readTable } from '../../src/data/read-table.ts';
import { lineOfRow } from '../../src/core/table.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'modelgate-read-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function file(name: string, content: string): Promise<string> {
  const path = join(root, name);
  await writeFile(path, content);
  return path;
}

describe('readTable on CSV', () => {
  it('types columns, reads missing values as NaN/null and infinities as ±Infinity', async () => {
    const content = '\ufeffx,city,z\r\n1.5,Oslo,inf\r\n,NA,-inf\r\n-2e3,,3\r\n\r\n';
    const path = await file('typed.csv', content);
    const table = await readTable(path);
    expect(table.rows).toBe(3);
    expect(table.sha256).toBe(createHash('sha256').update(content).digest('hex'));
    const [x, city, z] = table.columns;
    expect(x?.kind).toBe('numeric');
    expect(Array.from(x?.kind === 'numeric' ? x.values : [])).toEqual([1.5, NaN, -2000]);
    expect(city).toEqual({ name: 'city', kind: 'categorical', values: ['Oslo', null, null] });
    expect(Array.from(z?.kind === 'numeric' ? z.values : [])).toEqual([Infinity, -Infinity, 3]);
  });

  it('types a column without any value as numeric, as pandas reads it as float64', async () => {
    const table = await readTable(await file('blank.csv', 'a,b\n1,\n2,NA\n'));
    // Profile merges and drift reports match such a column with either type.
    expect(table.columns[1]).toEqual({
      name: 'b',
      kind: 'numeric',
      values: Float64Array.from([NaN, NaN]),
    });
  });

  it('parses quoted fields with csv-parse, keeping delimiters and newlines inside quotes', async () => {
    const path = await file('quoted.csv', 'name,v\n"a, b",1\n"multi\nline",2\n');
    const table = await readTable(path);
    expect(table.columns[0]).toEqual({
      name: 'name',
      kind: 'categorical',
      values: ['a, b', 'multi\nline'],
    });
    expect(table.rows).toBe(2);
  });

  it('reads CR-only line endings (classic Mac, some Excel exports) with and without quotes', async () => {
    const plain = await readTable(await file('mac.csv', 'x,city\r1,Oslo\r\r2,Rome\r'));
    const quoted = await readTable(await file('mac-q.csv', 'x,city\r1,"Oslo"\r\r2,Rome\r'));
    for (const table of [plain, quoted]) {
      expect(table.rows).toBe(2);
      expect(table.columns[1]).toEqual({
        name: 'city',
        kind: 'categorical',
        values: ['Oslo', 'Rome'],
      });
      expect([0, 1].map((row) => lineOfRow(table, row))).toEqual([2, 4]);
    }
    await expect(readTable(await file('mac-ragged.csv', 'a,b\r1,2\r3\r'))).rejects.toThrow(
      /mac-ragged\.csv: line 3 has 1 field, expected 2/,
    );
  });

  it('knows the file line of each row, past blank lines and quoted fields', async () => {
    const lines = async (name: string, content: string): Promise<(number | undefined)[]> => {
      const table = await readTable(await file(name, content));
      return Array.from({ length: table.rows }, (_, row) => lineOfRow(table, row));
    };
    expect(await lines('l1.csv', 'a\n1\n2\n3\n')).toEqual([2, 3, 4]);
    expect(await lines('l2.csv', '\na\n1\n\n2\r\n\r\n3\n')).toEqual([3, 5, 7]);
    expect(await lines('l3.csv', 'a,b\n"x\ny",1\n\nz,2\n')).toEqual([3, 5]);
    expect(await lines('l4.jsonl', '{"a":1}\n\n{"a":2}\n')).toEqual([1, 3]);
  });

  it('keeps a column listed as categorical, and rejects JavaScript-only number forms', async () => {
    const path = await file('cat.csv', 'zip,hex\n0101,0x1f\n2000,10\n');
    const table = await readTable(path, { categorical: ['zip'] });
    expect(table.columns[0]).toEqual({
      name: 'zip',
      kind: 'categorical',
      values: ['0101', '2000'],
    });
    expect(table.columns[1]?.kind).toBe('categorical');
  });

  it('names a categorical column that is not there, the near name and every column', async () => {
    const path = await file('cats.csv', 'zip_code,city\n0101,Oslo\n');
    await expect(readTable(path, { categorical: ['zipcode'] })).rejects.toThrow(
      `has no column "zipcode" (did you mean "zip_code"?) (listed as categorical); its columns are zip_code, city.`,
    );
  });

  it('names the line of a ragged row, with and without quotes in the file', async () => {
    const plain = await file('ragged.csv', 'a,b\n1,2\n3\n');
    await expect(readTable(plain)).rejects.toThrow(/ragged\.csv: line 3 has 1 field, expected 2/);
    const quoted = await file('ragged-q.csv', 'a,b\n"1",2\n\n3,4,5\n');
    await expect(readTable(quoted)).rejects.toThrow(/line 4 has 3 fields, expected 2/);
  });

  it('rejects a missing file, an empty file, a header without rows and unknown categorical columns', async () => {
    await expect(readTable(join(root, 'nope.csv'))).rejects.toThrow(/nope\.csv does not exist/);
    await expect(readTable(await file('empty.csv', '\n'))).rejects.toThrow(/empty\.csv is empty/);
    await expect(readTable(await file('head.csv', 'a,b\n'))).rejects.toThrow(
      /has a header but no data rows/,
    );
    const path = await file('ok.csv', 'a\n1\n');
    await expect(readTable(path, { categorical: ['b'] })).rejects.toThrow(/no column "b"/);
    await expect(readTable(path, { categorical: ['b'] })).rejects.toBeInstanceOf(InputError);
  });

  it('refuses a .json file instead of parsing it as CSV', async () => {
    const path = await file('records.json', '[{"a": 1}, {"a": 2}]');
    await expect(readTable(path)).rejects.toThrow(
      `${path} is a .json file; expected data as CSV (.csv, .tsv) or JSON Lines (.jsonl, .ndjson: one object per line).`,
    );
  });

  it('rejects duplicate column names and unbalanced quotes', async () => {
    await expect(readTable(await file('dup.csv', 'a,a\n1,2\n'))).rejects.toThrow(
      /"a" appears twice/,
    );
    await expect(readTable(await file('quote.csv', 'a\n"open\n'))).rejects.toThrow(
      /quote\.csv: line 2 opens a double quote that is never closed; expected balanced double quotes/,
    );
    // The line where the quote opens, past complete rows and blank lines, not the end of file.
    const late = await file('late.csv', 'a,b\n1,2\n\n3,"4\n5,6\n7,8\n');
    await expect(readTable(late)).rejects.toThrow(
      `${late}: line 4 opens a double quote that is never closed; expected balanced double quotes (a quote inside a field is written "").`,
    );
  });

  it('reads a million numeric rows into a Float64Array', async () => {
    const values = Array.from({ length: 1_000_000 }, (_, i) => ((i % 1000) / 7).toFixed(6));
    const path = await file('big.csv', `x\n${values.join('\n')}\n`);
    const table = await readTable(path);
    const column = table.columns[0];
    expect(column?.kind).toBe('numeric');
    expect(column?.kind === 'numeric' ? column.values[999_999] : undefined).toBe(
      Number(values[999_999]),
    );
  });
});

describe('readTable on JSON Lines', () => {
  it('unions keys over sparse records, keeps JSON numbers and maps booleans to text', async () => {
    const path = await file('rows.jsonl', '{"a":1,"b":"x"}\n\n{"b":null,"c":true}\n{"a":"2.5"}\n');
    const table = await readTable(path);
    expect(table.rows).toBe(3);
    const [a, b, c] = table.columns;
    expect(Array.from(a?.kind === 'numeric' ? a.values : [])).toEqual([1, NaN, 2.5]);
    expect(b).toEqual({ name: 'b', kind: 'categorical', values: ['x', null, null] });
    expect(c).toEqual({ name: 'c', kind: 'categorical', values: [null, 'true', null] });
  });

  it('names the line of invalid JSON, a non-object line and a nested value', async () => {
    await expect(readTable(await file('bad.ndjson', '{"a":1}\n{"a":\n'))).rejects.toThrow(
      /bad\.ndjson: line 2 is not valid JSON/,
    );
    await expect(readTable(await file('arr.jsonl', '[1,2]\n'))).rejects.toThrow(
      /line 1 is an array; expected one JSON object/,
    );
    await expect(readTable(await file('nest.jsonl', '{"a":{"b":1}}\n'))).rejects.toThrow(
      /field "a" is an object/,
    );
  });
});
