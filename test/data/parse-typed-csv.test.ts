import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/parse-csv.ts';
import { parseTypedCsv } from '../../src/data/parse-typed-csv.ts';
import { parseNumber } from '../../src/data/parse-number.ts';
import { createRandom } from '../../src/data/random.ts';

/** What the general path makes of `text`: string cells, then numbers where every cell is one. */
function general(text: string, delimiter: string) {
  const raw = parseCsv('t.csv', text, delimiter);
  const columns = raw.columns.map((cells) => {
    const values = cells.map((cell) => parseNumber(cell));
    return values.every((v) => v !== undefined) ? Float64Array.from(values) : cells;
  });
  return { names: raw.names, columns, lines: raw.lines };
}

function typed(text: string, delimiter = ',') {
  return parseTypedCsv(Buffer.from(text, 'utf8'), delimiter, parseNumber);
}

/** Same names, lines and cells, numbers compared bit for bit (-0 and NaN included). */
function expectSame(text: string, delimiter = ','): void {
  const got = typed(text, delimiter);
  const want = general(text, delimiter);
  expect(got?.names).toEqual(want.names);
  expect(got?.lines).toEqual(want.lines);
  want.columns.forEach((column, j) => {
    const mine = got?.columns[j];
    if (column instanceof Float64Array) {
      if (!(mine instanceof Float64Array)) throw new Error(`column ${j} is not numeric`);
      expect(Array.from(mine).map((v) => Object.is(v, -0) || v)).toEqual(
        Array.from(column).map((v) => Object.is(v, -0) || v),
      );
    } else expect(mine).toEqual(column);
  });
}

describe('parseTypedCsv', () => {
  it('reads exactly what the general path reads: BOM, CRLF, lone CR, blank lines, missing cells', () => {
    expectSame('\ufeffx,y\r\n1.5,-0\r\n,NA\r\n\r\n-2e3,inf\r\n');
    expectSame('x,y\r1,2\r\r3,4\r');
    expectSame('x\n1\n\n\n2\n3');
    expectSame('a;b\n1;x\n2;y\n', ';');
    expectSame('a\tb\n.5\t1.\n+3\t-.25e-2\n', '\t');
    expectSame('x,y\n1,\r\r\n2,3\n');
    expectSame('x,y\n 1,2\n3 ,4\n');
    expectSame('id,name\n0x1f,Oslo\n2,Rome\n');
    expectSame('x,y\r\n1\r,2\r\n3,4\r\n');
    expectSame('x\r\n1\r\r\n2\r\n\r\n');
    expectSame('x,y\r1,2\r\r\r3,4');
  });

  it('agrees with the general path on random files of number-like bytes', () => {
    const random = createRandom(7);
    const alphabet = ['1', '7', '0', '.', '-', '+', 'e', 'E', ',', ',', '\r', '\n', '\n', ' ', 'a'];
    for (let trial = 0; trial < 3000; trial++) {
      const body = Array.from(
        { length: 1 + Math.floor(random() * 30) },
        () => alphabet[Math.floor(random() * alphabet.length)] ?? '',
      ).join('');
      const text = `${random() < 0.5 ? 'x' : 'x,y'}\n${body}`;
      let want: ReturnType<typeof general> | undefined;
      try {
        want = general(text, ',');
      } catch {
        want = undefined;
      }
      const got = typed(text);
      if (got === undefined) continue; // the general path decides these files
      if (want === undefined) throw new Error(`typed read ${JSON.stringify(text)}, general failed`);
      expectSame(text);
    }
  });

  it('keeps a column whose first cell is not a number as its raw cells', () => {
    const got = typed('x,label\n1,malignant\n2,benign\n');
    expect(got?.columns[1]).toEqual(['malignant', 'benign']);
    expect(got?.columns[0]).toEqual(Float64Array.from([1, 2]));
  });

  it('leaves every case it cannot read identically to the general path', () => {
    expect(typed('x,y\n"1",2\n')).toBeUndefined(); // quotes
    expect(typed('x,y\n1,2,3\n')).toBeUndefined(); // too many fields
    expect(typed('x,y\n1\n')).toBeUndefined(); // too few
    expect(typed('x\n1\nabc\n')).toBeUndefined(); // a number column meets text
    expect(typed('x,y\n')).toBeUndefined(); // no rows
  });

  it('parses every decimal literal to the same double as Number()', () => {
    const random = createRandom(20);
    const digits = (n: number) =>
      Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
    const cells: string[] = ['0', '-0', '-0.0', '9007199254740993', '1e22', '1e23', '1e-22'];
    for (let i = 0; i < 20_000; i++) {
      const sign = ['', '-', '+'][Math.floor(random() * 3)] ?? '';
      const int = digits(Math.floor(random() * 12));
      const frac = random() < 0.7 ? `.${digits(Math.floor(random() * 18))}` : '';
      const exp = random() < 0.2 ? `e${Math.floor(random() * 60) - 30}` : '';
      if (int === '' && frac.length < 2) continue;
      cells.push(`${sign}${int}${frac}${exp}`);
    }
    const got = typed(`x\n${cells.join('\n')}\n`)?.columns[0];
    expect(got).toBeInstanceOf(Float64Array);
    cells.forEach((cell, i) => {
      const value = got?.[i];
      if (!Object.is(value, Number(cell)))
        expect({ cell, value }).toEqual({ cell, value: Number(cell) });
    });
  });
});
