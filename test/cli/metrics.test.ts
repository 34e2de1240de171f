import { afterAll, describe, expect, it } from 'vitest';
import { csv, runCli, tempDir } from './metrics-cli.ts';

const dir = tempDir();
afterAll(() => dir.cleanup());

/** Runs `modelgate metrics` on a file written from `text`; paths in the output become `<dir>/`. */
async function metrics(name: string, text: string, ...args: string[]) {
  const file = dir.write(name, text);
  const run = await runCli(['metrics', '--predictions', file, ...args]);
  const strip = (s: string) => s.replaceAll(`${dir.path('')}/`, '<dir>/');
  return { ...run, stdout: strip(run.stdout), stderr: strip(run.stderr) };
}

describe('modelgate metrics output', () => {
  it('prints metrics, confusion matrix, per-label scores and warnings as tables', async () => {
    const run = await metrics(
      'animals.csv',
      csv({
        y_true: ['cat', 'dog', 'bird', 'dog', 'cat'],
        y_pred: ['cat', 'cat', 'bird', 'dog', 'cat'],
        proba_bird: [0.1, 0.2, 0.7, 0.1, 0.2],
        proba_cat: [0.8, 0.5, 0.2, 0.1, 0.6],
        proba_dog: [0.1, 0.3, 0.1, 0.8, 0.2],
        proba_fish: [0, 0, 0, 0, 0],
      }),
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatchInlineSnapshot(`
      "<dir>/animals.csv: 5 rows, classification, 3 labels

      Metric                    Value
      Accuracy                 0.8000
      Precision (macro)        0.8889
      Recall (macro)           0.8333
      F1 (macro)               0.8222
      Precision (weighted)     0.8667
      Recall (weighted)        0.8000
      F1 (weighted)            0.7867
      Precision (micro)        0.8000
      Recall (micro)           0.8000
      F1 (micro)               0.8000
      ROC AUC (OvR, macro)        n/a
      ROC AUC (OvR, weighted)     n/a
      ROC AUC (OvO, macro)     1.0000
      Log loss                 0.5036

      Confusion matrix (rows: true label, columns: predicted label)
            bird  cat  dog
      bird     1    0    0
      cat      0    2    0
      dog      0    1    1

      Per label
      Label  Precision  Recall      F1  Support
      bird      1.0000  1.0000  1.0000        1
      cat       0.6667  1.0000  0.8000        2
      dog       1.0000  0.5000  0.6667        2

      Warnings
      - roc_auc_ovr_macro is undefined: label "fish" has no samples in y_true, so its one-vs-rest ROC AUC is not defined.
      - roc_auc_ovr_weighted is undefined: label "fish" has no samples in y_true, so its one-vs-rest ROC AUC is not defined.
      "
    `);
  });

  it('prints regression metrics and infers the task from non-integer values', async () => {
    const run = await metrics('reg.csv', csv({ y_true: [1.5, 2, 3, 4], y_pred: [1, 2.5, 3, 3.5] }));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatchInlineSnapshot(`
      "<dir>/reg.csv: 4 rows, regression

      Metric   Value
      MAE     0.3750
      MSE     0.1875
      RMSE    0.4330
      R²      0.7966
      "
    `);
  });

  it('reads JSON Lines and keeps text labels', async () => {
    const lines = [
      { y_true: 'no', y_pred: 'no', y_score: 0.1 },
      { y_true: 'yes', y_pred: 'yes', y_score: 0.9 },
      { y_true: 'yes', y_pred: 'no', y_score: 0.4 },
    ];
    const run = await metrics('p.jsonl', lines.map((l) => JSON.stringify(l)).join('\n'), '--json');
    expect(run.code).toBe(0);
    const output: unknown = JSON.parse(run.stdout);
    expect(output).toMatchObject({
      task: 'classification',
      labels: ['no', 'yes'],
      metrics: { roc_auc: 1, precision: 1, recall: 0.5 },
    });
  });

  it('scores a single label with y_score, leaving only ROC AUC and log loss null', async () => {
    // sklearn 1.2.1 on y_true = y_pred = [1, 1, 1]: accuracy and every P/R/F1 are 1.0;
    // roc_auc_score and log_loss(y_true, y_score) raise for one class.
    const run = await metrics(
      'one-label.csv',
      'y_true,y_pred,y_score\n1,1,0.9\n1,1,0.3\n1,1,0.8\n',
      '--json',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      metrics: {
        accuracy: 1,
        precision_macro: 1,
        f1_weighted: 1,
        recall_micro: 1,
        precision: 1,
        recall: 1,
        f1: 1,
        roc_auc: null,
        log_loss: null,
      },
      warnings: [
        'roc_auc is undefined: Only one class present in y_true. ROC AUC score is not defined in that case.',
        'log_loss is undefined: Log loss needs at least two labels; y_true contains only one label and no other label was given.',
      ],
    });
  });

  it('--help says what y_score gives when the data has a single label', async () => {
    const run = await runCli(['metrics', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /y_true,y_pred,y_score +binary: y_score = probability of the greater label\n +one label only: ROC AUC and log loss are null, with a warning\n/,
    );
  });

  it('matches proba_<label> columns to numeric labels by value', async () => {
    const run = await metrics(
      'numeric.csv',
      'y_true,y_pred,proba_0.0,proba_1.0,proba_2.0\n0,0,0.8,0.1,0.1\n1,1,0.1,0.8,0.1\n2,1,0.1,0.5,0.4\n',
      '--json',
    );
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toMatchObject({
      labels: ['0', '1', '2'],
      metrics: { roc_auc_ovo_macro: 1 },
    });
  });

  it.each([
    [
      'integer labels seen in y_true',
      { y_true: [0, 1, 2, 1], y_pred: [0, 2, 2, 1] },
      'classification',
    ],
    ['a prediction outside y_true', { y_true: [0, 1, 2, 1], y_pred: [0, 3, 2, 1] }, 'regression'],
    [
      'more than 50 distinct integers',
      {
        y_true: Array.from({ length: 51 }, (_, i) => i),
        y_pred: Array.from({ length: 51 }, (_, i) => i),
      },
      'regression',
    ],
    ['text labels', { y_true: ['a', 'b'], y_pred: ['b', 'b'] }, 'classification'],
  ])('infers the task: %s', async (_name, columns, task) => {
    const run = await metrics('infer.csv', csv(columns), '--json');
    expect(JSON.parse(run.stdout)).toMatchObject({ task });
  });

  it('lets --task override the inference', async () => {
    const run = await metrics(
      'override.csv',
      csv({ y_true: [0, 1, 2, 1], y_pred: [0, 2, 2, 1] }),
      '--task',
      'regression',
      '--json',
    );
    expect(JSON.parse(run.stdout)).toMatchObject({ task: 'regression', metrics: { mae: 0.25 } });
  });
});

describe('modelgate metrics rejects bad input with exit 2 and one sentence', () => {
  it.each([
    [
      'a missing column',
      'y_true,prediction\n1,1\n',
      [],
      '<dir>/bad.csv has no "y_pred" column; expected columns y_true and y_pred (optionally y_score or proba_<label>), found: y_true, prediction.',
    ],
    ['an empty file', '', [], '<dir>/bad.csv is empty; expected a header line and data rows.'],
    [
      'a header without rows',
      'y_true,y_pred\n',
      [],
      '<dir>/bad.csv has a header but no data rows; expected at least one row.',
    ],
    [
      'a missing label',
      'y_true,y_pred\na,a\n,b\n',
      [],
      '<dir>/bad.csv: "y_true" has no value (empty or NaN) on data row 2; expected a label on every row.',
    ],
    [
      'a probability above 1',
      'y_true,y_pred,y_score\n0,0,0.2\n1,1,1.5\n',
      [],
      '<dir>/bad.csv: "y_score" is 1.5 on data row 2; expected a probability between 0 and 1.',
    ],
    [
      'a negative probability',
      'y_true,y_pred,proba_a,proba_b\na,a,-0.1,1.1\nb,b,0,1\n',
      [],
      '<dir>/bad.csv: "proba_a" is -0.1 on data row 1; expected a probability between 0 and 1.',
    ],
    [
      'a text probability',
      'y_true,y_pred,y_score\n0,0,high\n1,1,0.9\n',
      [],
      '<dir>/bad.csv: "y_score" holds "high" on data row 1; expected a probability between 0 and 1.',
    ],
    [
      'a missing probability',
      'y_true,y_pred,y_score\n0,0,\n1,1,0.9\n',
      [],
      '<dir>/bad.csv: "y_score" has no value (empty or NaN) on data row 1; expected a probability between 0 and 1 on every row.',
    ],
    [
      'proba columns that miss a label',
      'y_true,y_pred,proba_a,proba_b\na,a,0.5,0.5\nc,b,0.5,0.5\n',
      [],
      '<dir>/bad.csv has no probability column for label(s) "c"; expected "proba_c" next to "proba_a", "proba_b".',
    ],
    [
      'y_score with three labels',
      'y_true,y_pred,y_score\na,b,0.5\nc,b,0.5\n',
      [],
      '<dir>/bad.csv: "y_score" is the probability of the greater of two labels, but y_true and y_pred hold 3 label(s) ("a", "b", "c"); use proba_<label> columns instead.',
    ],
    [
      'both y_score and proba columns',
      'y_true,y_pred,y_score,proba_a\na,b,0.5,0.5\n',
      [],
      '<dir>/bad.csv has both "y_score" and proba_<label> columns; expected one or the other.',
    ],
    [
      'numbers against text labels',
      'y_true,y_pred\n1,a\n0,b\n',
      [],
      '<dir>/bad.csv: "y_true" holds numbers but "y_pred" holds text labels; expected both columns to use the same labels.',
    ],
    [
      'text in a regression',
      'y_true,y_pred\n1.5,a\n2.5,b\n',
      ['--task', 'regression'],
      '<dir>/bad.csv: "y_pred" holds "a" on data row 1; expected a number.',
    ],
    [
      'probabilities in a regression',
      'y_true,y_pred,y_score\n1.5,1,0.5\n',
      ['--task', 'regression'],
      '<dir>/bad.csv has the probability column "y_score", but the task is regression; expected only y_true and y_pred.',
    ],
    [
      'a hexadecimal number in a regression',
      'y_true,y_pred\n1.5,0x1f\n2.5,3\n',
      ['--task', 'regression'],
      '<dir>/bad.csv: "y_pred" holds "0x1f" on data row 1; expected a number.',
    ],
  ])('%s', async (_name, text, args, message) => {
    const run = await metrics('bad.csv', text, ...args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`modelgate: ${message}\n`);
  });

  it('names a file that does not exist', async () => {
    const run = await runCli(['metrics', '--predictions', dir.path('nope.csv')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('nope.csv does not exist');
  });

  it('rejects an unknown --zero-division value', async () => {
    const run = await metrics(
      'ok.csv',
      csv({ y_true: [0, 1], y_pred: [0, 1] }),
      '--zero-division',
      '2',
    );
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    // One sentence and where to look, not the whole help text.
    expect(run.stderr).toBe(
      "modelgate: option '--zero-division <value>' argument '2' is invalid. Allowed choices are 0, 1.\n(run 'modelgate metrics --help' for usage)\n",
    );
  });
});
