import { describe, expect, test } from 'vitest';
import { parsePredictionsCsv } from '../../src/github/predictions-csv.ts';
import { metricsReport } from '../app/fixtures.ts';

/** A 4-row binary run whose accuracy (3 of 4) matches the file below. */
const report = { ...metricsReport({ accuracy: 0.75 }), n_test: 4 };
const GOOD = `row_id,y_true,y_pred,y_score
00000000000000a1,0,0,0.1
00000000000000a2,1,1,0.9
00000000000000a3,1,0,0.4
00000000000000a4,0,0,0.2
`;
const bytes = (text: string) => new TextEncoder().encode(text);
const parse = (text: string) => parsePredictionsCsv(bytes(text), report, 'predictions.csv');

describe('parsePredictionsCsv', () => {
  test('reads what modelgate train writes', () => {
    const set = parse(GOOD);
    expect(set.task).toBe('classification');
    expect(set.rowIds).toEqual([
      '00000000000000a1',
      '00000000000000a2',
      '00000000000000a3',
      '00000000000000a4',
    ]);
    if (set.task === 'classification')
      expect(Array.from(set.yScore ?? [])).toEqual([0.1, 0.9, 0.4, 0.2]);
  });

  test.each([
    [
      'a wrong header',
      GOOD.replace('y_pred', 'pred'),
      /line 1 has the header .*expected row_id,y_true,y_pred/,
    ],
    [
      'a repeated id',
      GOOD.replace('00000000000000a2', '00000000000000a1'),
      /line 3 repeats row_id/,
    ],
    [
      'an id that is not one',
      GOOD.replace('00000000000000a2', '<script>'),
      /line 3 has row_id "<script>"; expected an id/,
    ],
    [
      'a label the run does not have',
      GOOD.replace(',1,1,', ',1,cat,'),
      /line 3 has y_pred "cat"; expected one of the run's labels/,
    ],
    [
      'a score that is not finite',
      GOOD.replace('0.9', 'Infinity'),
      /line 3 has y_score "Infinity"; expected a finite number/,
    ],
    [
      'a probability above 1',
      GOOD.replace('0.9', '1.5'),
      /line 3 has a probability 1.5; expected one in \[0, 1\]/,
    ],
    [
      'more rows than the test set',
      `${GOOD}00000000000000a5,0,0,0.1\n`,
      /has 5 rows; expected 1 to 4/,
    ],
    [
      'a score that is NaN',
      GOOD.replace('0.9', 'NaN'),
      /line 3 has y_score "NaN"; expected a finite number/,
    ],
    [
      "a regression run's file (another task)",
      'row_id,y_true,y_pred\n00000000000000a1,0.5,0.25\n',
      /line 2 has y_true "0\.5"; expected one of the run's labels/,
    ],
    ['a ragged row', GOOD.replace('0,0,0.2', '0,0'), /line 5 has 3 fields, expected 4/],
    [
      'another model',
      GOOD.replace('1,0,0.4', '1,1,0.6'),
      /gives accuracy 1 but the run's metrics.json says 0.75/,
    ],
  ])('refuses %s with one sentence naming the file', (_what, text, message) => {
    expect(() => parse(text)).toThrow(message);
    expect(() => parse(text)).toThrow(/^predictions\.csv/);
  });

  test('refuses a classification file for a regression run (another task)', () => {
    const regression = { ...report, task: 'regression' as const, metrics: { mae: 0.1 } };
    expect(() => parsePredictionsCsv(bytes(GOOD), regression, 'predictions.csv')).toThrow(
      /^predictions\.csv: line 1 has the header "row_id,y_true,y_pred,y_score"; expected row_id,y_true,y_pred for a regression run\.$/,
    );
  });

  test('refuses 10^7 rows by counting lines, before decoding or parsing them', () => {
    const rows = 10_000_000;
    const huge = Buffer.alloc(rows * 6 + 21);
    huge.write('row_id,y_true,y_pred\n');
    huge.fill('a,0,0\n', 21);
    expect(() => parsePredictionsCsv(huge, report, 'predictions.csv')).toThrow(
      /^predictions\.csv has more than 10 lines; expected 1 to 4 rows \(the run's test rows\)\.$/,
    );
  });

  test('refuses bytes that are not UTF-8', () => {
    const bad = new Uint8Array([...bytes(GOOD), 0xff]);
    expect(() => parsePredictionsCsv(bad, report, 'predictions.csv')).toThrow(/not UTF-8/);
  });
});
