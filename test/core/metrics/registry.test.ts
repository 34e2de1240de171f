import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.ts';
import {
  METRIC_NAMES,
  metricDirection,
  metricKeys,
  metricLabel,
  primaryMetric,
} from '../../../src/core/metrics/registry.ts';

describe('metric registry', () => {
  it('knows every key of DESIGN.md §5', () => {
    expect(metricKeys('classification').sort()).toEqual(
      [
        'accuracy',
        'precision_macro',
        'recall_macro',
        'f1_macro',
        'precision_weighted',
        'recall_weighted',
        'f1_weighted',
        'precision_micro',
        'recall_micro',
        'f1_micro',
        'precision',
        'recall',
        'f1',
        'roc_auc',
        'log_loss',
        'roc_auc_ovr_macro',
        'roc_auc_ovr_weighted',
        'roc_auc_ovo_macro',
      ].sort(),
    );
    expect(metricKeys('regression')).toEqual(['mae', 'mse', 'rmse', 'r2']);
    expect([...metricKeys('classification'), ...metricKeys('regression')].sort()).toEqual(
      [...METRIC_NAMES].sort(),
    );
  });

  it('says which way is better', () => {
    const lower = METRIC_NAMES.filter((name) => metricDirection(name) === 'lower');
    expect(lower.sort()).toEqual(['log_loss', 'mae', 'mse', 'rmse']);
  });

  it('has display names and primary metrics', () => {
    expect(metricLabel('roc_auc_ovo_macro')).toBe('ROC AUC (OvO, macro)');
    expect(metricLabel('r2')).toBe('R²');
    expect(primaryMetric('classification')).toBe('accuracy');
    expect(primaryMetric('regression')).toBe('r2');
  });

  it('rejects an unknown metric, listing the known ones', () => {
    expect(() => metricDirection('acuracy')).toThrow(InputError);
    expect(() => metricLabel('acuracy')).toThrow(
      /Unknown metric "acuracy"; expected one of accuracy, precision_macro, /,
    );
    expect(() => metricDirection('toString')).toThrow(InputError);
  });
});
