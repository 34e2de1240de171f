import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/core/config/load.ts';
import { InputError } from '../../../src/core/errors.ts';

const SOURCE = '.github/modelgate.yml';

function errorOf(text: string): string {
  try {
    parseConfig(text, SOURCE);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('expected parseConfig to throw');
}

describe('parseConfig', () => {
  it('fills every default from a two-line file', () => {
    const config = parseConfig('data: { path: data/train.csv, label: target }\n', SOURCE);
    expect(config.data).toEqual({ path: 'data/train.csv', label: 'target' });
    expect(config.task).toBeUndefined();
    expect(config.model).toMatchObject({ type: 'mlp', hidden: [64, 32], dropout: 0.1 });
    expect(config.train).toMatchObject({ batch_size: 64, seed: 42, test_split: 0.2 });
    // Chosen by data size when training (train/training-plan.ts), with early stopping on.
    expect(config.train.epochs).toBeUndefined();
    expect(config.train.validation_split).toBeUndefined();
    expect(config.gate).toEqual([]);
    expect(config.release).toEqual({
      tag_prefix: 'model-v',
      bump: 'labels',
      environment: 'production',
      deployment_status: 'success',
      initial_version: '0.1.0',
      enabled: true,
    });
    expect(config.history.branch).toBe('modelgate-history');
  });

  it('parses the full example of DESIGN.md §3 into one-bound gate rules', () => {
    const config = parseConfig(
      [
        'data: { path: data/train.csv, label: target }',
        'task: classification',
        'model: { type: mlp, hidden: [64, 32], dropout: 0.1 }',
        'train: { epochs: 20, batch_size: 64, learning_rate: 0.001, seed: 42, test_split: 0.2 }',
        'gate:',
        '  - { metric: accuracy, min: 0.90 }',
        '  - { metric: accuracy, max_drop: 0.01 }',
        '  - { metric: log_loss, max_increase: 0.05 }',
        'release: { tag_prefix: model-v, bump: labels, environment: production }',
        'monitor: { data: monitoring/current.csv, drift_share: 0.5, labels: [drift] }',
      ].join('\n'),
      SOURCE,
    );
    expect(config.gate).toEqual([
      { metric: 'accuracy', min: 0.9 },
      { metric: 'accuracy', max_drop: 0.01 },
      { metric: 'log_loss', max_increase: 0.05 },
    ]);
    expect(config.monitor).toMatchObject({ data: 'monitoring/current.csv', labels: ['drift'] });
  });

  it('names the key path, the value and the expectation of a wrong gate bound', () => {
    const message = errorOf(
      [
        'data: { path: d.csv }',
        'gate:',
        '  - { metric: accuracy, min: 0.9 }',
        '  - { metric: f1_macro, min: 0.8 }',
        '  - { metric: accuracy, max_drop: "5%" }',
      ].join('\n'),
    );
    expect(message).toBe('.github/modelgate.yml: gate[2].max_drop must be a number ≥ 0, got "5%".');
  });

  it('suggests the key an unknown key was probably meant to be', () => {
    expect(errorOf('data: { path: d.csv }\ntrain: { epoch: 5 }')).toBe(
      ".github/modelgate.yml: unknown key 'epoch' in train (did you mean 'epochs'?).",
    );
    expect(errorOf('data: { path: d.csv }\ngate: [{ metric: accuracy, max_dorp: 0.1 }]')).toBe(
      ".github/modelgate.yml: unknown key 'max_dorp' in gate[0] (did you mean 'max_drop'?).",
    );
    // Two swapped letters are one slip.
    expect(errorOf('data: { path: d.csv }\ntrian: { epochs: 5 }')).toBe(
      ".github/modelgate.yml: unknown key 'trian' at the top level (did you mean 'train'?).",
    );
  });

  it('lists the valid keys when nothing is close', () => {
    expect(errorOf('data: { path: d.csv }\nwebhook: true')).toBe(
      ".github/modelgate.yml: unknown key 'webhook' at the top level (valid keys: data, task, model, train, gate, release, monitor, history).",
    );
  });

  it('rejects a rule with two bounds or none, saying how to fix it', () => {
    expect(errorOf('data: { path: d.csv }\ngate: [{ metric: accuracy, min: 0.9, max: 1 }]')).toBe(
      ".github/modelgate.yml: gate[0] sets 'min' and 'max'; a rule takes exactly one bound, so write one rule per bound.",
    );
    expect(errorOf('data: { path: d.csv }\ngate: [{ metric: accuracy }]')).toBe(
      ".github/modelgate.yml: gate[0] needs one bound (min, max, max_drop, max_increase) besides 'metric'.",
    );
  });

  it('describes enum, integer and range expectations', () => {
    const message = errorOf(
      'data: { path: d.csv }\nmodel: { type: cnn }\ntrain: { epochs: 2.5, test_split: 1 }',
    );
    expect(message.split('\n')).toEqual([
      '.github/modelgate.yml: model.type must be one of "mlp", "logistic", "linear", got "cnn".',
      '.github/modelgate.yml: train.epochs must be an integer > 0 and ≤ 10000, got 2.5.',
      '.github/modelgate.yml: train.test_split must be a number > 0 and < 1, got 1.',
    ]);
  });

  it('says a required key is missing and what it takes', () => {
    expect(errorOf('train: { epochs: 3 }')).toBe(
      '.github/modelgate.yml: data is required: expected a mapping with keys path, label, features, categorical, delimiter.',
    );
    expect(errorOf('data: { label: y }')).toBe(
      '.github/modelgate.yml: data.path is required: expected a non-empty string.',
    );
  });

  it('treats YAML 1.2 "yes" as the string it is', () => {
    expect(errorOf('data: { path: d.csv }\nrelease: { enabled: yes }')).toBe(
      '.github/modelgate.yml: release.enabled must be true or false, got "yes".',
    );
  });

  it('rejects patience without a validation split, naming both keys', () => {
    const data = 'data: { path: a.csv }\n';
    expect(errorOf(`${data}train: { epochs: 30, patience: 3 }\n`)).toBe(
      `${SOURCE}: train.patience needs train.validation_split above 0 (the held-out training rows whose loss early stopping watches); set both, or drop patience.`,
    );
    expect(errorOf(`${data}train: { patience: 3, validation_split: 0 }\n`)).toMatch(
      /train\.patience needs train\.validation_split above 0/,
    );
    // An invalid patience gets its own message only.
    expect(errorOf(`${data}train: { patience: 0 }\n`)).toBe(
      `${SOURCE}: train.patience must be an integer > 0, got 0.`,
    );
    // Without epochs the run holds out its own validation rows, so patience alone is fine.
    expect(parseConfig(`${data}train: { patience: 3 }\n`, SOURCE).train.patience).toBe(3);
    const config = parseConfig(`${data}train: { patience: 3, validation_split: 0.2 }\n`, SOURCE);
    expect(config.train).toMatchObject({ patience: 3, validation_split: 0.2 });
  });

  it('gives line and column of YAML syntax errors', () => {
    expect(errorOf('data: { path: d.csv, label: "y }')).toMatch(
      /^\.github\/modelgate\.yml:1:\d+: invalid YAML: Missing closing "quote\.$/,
    );
    expect(errorOf('data: { path: d.csv }\ndata: { path: e.csv }')).toBe(
      '.github/modelgate.yml:2:1: invalid YAML: Map keys must be unique.',
    );
  });

  it('rejects an empty file and a file that is not a mapping', () => {
    expect(errorOf('')).toBe(
      '.github/modelgate.yml is empty; expected at least "data: { path: <csv or jsonl>, label: <column> }".',
    );
    expect(errorOf('# only a comment\n')).toContain('is empty');
    expect(errorOf('- data')).toBe(
      '.github/modelgate.yml must be a YAML mapping of settings (data, task, model, train, gate, ...), got a list.',
    );
  });
});

describe('parseConfig release settings', () => {
  it('accepts a semantic initial version and rejects anything else, showing it', () => {
    expect(
      parseConfig('data: { path: d.csv }\nrelease: { initial_version: 1.0.0 }', SOURCE).release
        .initial_version,
    ).toBe('1.0.0');
    expect(errorOf('data: { path: d.csv }\nrelease: { initial_version: "1.0" }')).toBe(
      '.github/modelgate.yml: release.initial_version must be a semantic version such as 0.1.0, got "1.0".',
    );
  });
});

describe('parseConfig gate metrics', () => {
  it('names an unknown metric, suggests the close one and lists the task metrics', () => {
    const message = errorOf(
      'data: { path: d.csv }\ntask: regression\ngate: [{ metric: r2, min: 0.3 }, { metric: maee, max: 50 }]',
    );
    expect(message).toBe(
      ".github/modelgate.yml: gate[1].metric 'maee' is not a regression metric (did you mean 'mae'?); expected one of mae, mse, rmse, r2.",
    );
  });

  it('rejects a classification metric in a regression config', () => {
    expect(
      errorOf('data: { path: d.csv }\ntask: regression\ngate: [{ metric: accuracy, min: 0.9 }]'),
    ).toMatch(/gate\[0\]\.metric 'accuracy' is not a regression metric; expected one of mae/);
  });

  it('checks against every metric when the task is inferred', () => {
    expect(
      parseConfig('data: { path: d.csv }\ngate: [{ metric: mae, max: 3 }]', SOURCE).gate,
    ).toEqual([{ metric: 'mae', max: 3 }]);
    expect(errorOf('data: { path: d.csv }\ngate: [{ metric: acuracy, min: 0.9 }]')).toMatch(
      /gate\[0\]\.metric 'acuracy' is not a known metric \(did you mean 'accuracy'\?\); expected one of accuracy, /,
    );
  });

  it('says which bound fits the metric direction', () => {
    expect(errorOf('data: { path: d.csv }\ngate: [{ metric: log_loss, max_drop: 0.1 }]')).toBe(
      '.github/modelgate.yml: gate[0]: max_drop is for metrics where higher is better, but a lower log_loss is better; use max_increase.',
    );
    expect(errorOf('data: { path: d.csv }\ngate: [{ metric: f1_macro, max_increase: 0.1 }]')).toBe(
      '.github/modelgate.yml: gate[0]: max_increase is for metrics where lower is better, but a higher f1_macro is better; use max_drop.',
    );
  });
});

describe('parseConfig monitor.performance metrics', () => {
  it('checks the performance rules when the config is read, as the gate rules are', () => {
    const message = errorOf(
      'data: { path: d.csv }\nmonitor: { performance: { rules: [{ metric: acuracy, max_drop: 0.05 }] } }',
    );
    expect(message).toMatch(
      /^\.github\/modelgate\.yml: monitor\.performance\.rules\[0\]\.metric 'acuracy' is not a known metric \(did you mean 'accuracy'\?\); expected one of accuracy, /,
    );
    expect(message.split('\n')).toHaveLength(1);
  });

  it('checks them against the stated task and the metric direction', () => {
    expect(
      errorOf(
        'data: { path: d.csv }\ntask: regression\nmonitor: { performance: { rules: [{ metric: maee, max_increase: 1 }] } }',
      ),
    ).toBe(
      ".github/modelgate.yml: monitor.performance.rules[0].metric 'maee' is not a regression metric (did you mean 'mae'?); expected one of mae, mse, rmse, r2.",
    );
    expect(
      errorOf(
        'data: { path: d.csv }\nmonitor: { performance: { rules: [{ metric: accuracy, min: 0.8 }, { metric: log_loss, max_drop: 0.1 }] } }',
      ),
    ).toBe(
      '.github/modelgate.yml: monitor.performance.rules[1]: max_drop is for metrics where higher is better, but a lower log_loss is better; use max_increase.',
    );
  });

  it('reports a bad gate rule and a bad performance rule together, one per line', () => {
    expect(
      errorOf(
        'data: { path: d.csv }\ngate: [{ metric: acuracy, min: 0.9 }]\nmonitor: { performance: { rules: [{ metric: f1_macr, max_drop: 0.05 }] } }',
      )
        .split('\n')
        .map((line) => line.split(' is not ')[0]),
    ).toEqual([
      ".github/modelgate.yml: gate[0].metric 'acuracy'",
      ".github/modelgate.yml: monitor.performance.rules[0].metric 'f1_macr'",
    ]);
  });

  it('accepts valid performance rules', () => {
    const config = parseConfig(
      'data: { path: d.csv }\nmonitor: { performance: { rules: [{ metric: f1, max_drop: 0.05 }] } }',
      SOURCE,
    );
    expect(config.monitor.performance?.rules).toEqual([{ metric: 'f1', max_drop: 0.05 }]);
  });
});
