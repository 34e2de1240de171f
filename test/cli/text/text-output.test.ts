import { describe, expect, it } from 'vitest';
import { DriftReportSchema } from '../../../src/core/drift/index.ts';
import { renderDriftText } from '../../../src/cli/text/drift-text.ts';
import { style, styleFor, useColour } from '../../../src/cli/text/style.ts';
import { stripAnsi, textTable } from '../../../src/cli/text/text-table.ts';

describe('colour', () => {
  it('is on only for a terminal, and never with NO_COLOR set', () => {
    expect(useColour({ isTTY: true }, {})).toBe(true);
    expect(useColour({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(useColour({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(useColour({ isTTY: false }, {})).toBe(false);
    expect(useColour({}, {})).toBe(false);
    expect(styleFor({ isTTY: true }, {}).bad('x')).toBe('\u001b[31mx\u001b[39m');
    expect(styleFor({ isTTY: true }, { NO_COLOR: 'yes' }).bad('x')).toBe('x');
  });
});

describe('textTable', () => {
  it('pads to the widest cell, aligns numbers right and spreads a multi-line cell', () => {
    const bold = style(true).bold;
    const table = textTable(
      ['Metric', 'Value', 'Rule'],
      ['left', 'right', 'left'],
      [
        [bold('Accuracy'), '0.9', '≥ 0.9\ndrop ≤ 0.01'],
        ['F1', '0.85', ''],
      ],
    );
    expect(stripAnsi(table)).toBe(
      [
        'Metric    Value  Rule',
        '────────  ─────  ───────────',
        'Accuracy    0.9  ≥ 0.9',
        '                 drop ≤ 0.01',
        'F1         0.85',
      ].join('\n'),
    );
  });
});

describe('renderDriftText', () => {
  it('prints a hostile column name without its control characters', () => {
    const report = DriftReportSchema.parse({
      schema: 'modelgate/drift@1',
      dataset_drift: false,
      drift_share: 0.5,
      number_of_columns: 0,
      number_of_drifted_columns: 0,
      share_of_drifted_columns: 0,
      reference: { source: 'ref.csv', kind: 'data', rows: 3 },
      current: { source: 'cur.csv', kind: 'data', rows: 3 },
      features: [],
      warnings: ['column \u001b[2J\u001b[31mevil was empty'],
    });
    const text = renderDriftText(report, style(false));
    expect(text).not.toContain('\u001b');
    expect(text).toContain('! column �[2J�[31mevil was empty');
  });
});
