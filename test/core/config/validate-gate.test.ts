import { describe, expect, it } from 'vitest';
import { validateGateRules } from '../../../src/core/config/validate-gate.ts';
import type { GateRule } from '../../../src/core/config/schema.ts';

function messageOf(rules: GateRule[], classes: number): string {
  try {
    validateGateRules(rules, { task: 'classification', classes, source: 'modelgate.yml' });
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return '';
}

describe('validateGateRules against the classes of the data', () => {
  it('refuses a binary-only metric on three classes and names its multiclass form', () => {
    expect(messageOf([{ metric: 'roc_auc', min: 0.9 }], 3)).toMatch(
      /^modelgate\.yml: gate\[0\]\.metric 'roc_auc' is for two classes, but the label has 3 \(did you mean 'roc_auc_ovr_macro'\?\); expected one of accuracy, .*roc_auc_ovo_macro, log_loss\.$/,
    );
    expect(messageOf([{ metric: 'f1', max_drop: 0.01 }], 3)).toContain(
      "gate[0].metric 'f1' is for two classes, but the label has 3 (did you mean 'f1_macro'?)",
    );
    expect(messageOf([{ metric: 'precision', min: 0.5 }], 4)).toContain(
      "(did you mean 'precision_macro'?)",
    );
  });

  it('refuses a multiclass-only metric on two classes and names its binary form', () => {
    expect(messageOf([{ metric: 'roc_auc_ovr_macro', min: 0.9 }], 2)).toContain(
      "gate[0].metric 'roc_auc_ovr_macro' is for three classes or more, but the label has 2 (did you mean 'roc_auc'?)",
    );
  });

  it('accepts what the data will have', () => {
    expect(
      messageOf(
        [
          { metric: 'roc_auc', min: 0.9 },
          { metric: 'f1', min: 0.5 },
        ],
        2,
      ),
    ).toBe('');
    expect(
      messageOf(
        [
          { metric: 'roc_auc_ovr_macro', min: 0.9 },
          { metric: 'log_loss', max: 1 },
        ],
        3,
      ),
    ).toBe('');
  });
});
