import { copyFile, cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StageExample } from './stage-example.ts';

/**
 * The Python users' repository of `npm run demo -- --predictions`: `examples/sklearn/` (its
 * config, workflow, data and committed predictions). The machine needs no Python: the
 * workflow's Python step is played by copying the predictions file that `train.py` wrote for
 * the same `--c`, committed in `predictions/`.
 */

const SKLEARN_DIR = fileURLToPath(new URL('../../examples/sklearn/', import.meta.url));
const SKLEARN_WORKFLOW = '.github/workflows/modelgate.yml';
/** The workflow's training command, as `examples/sklearn/` writes it. */
const TRAIN_COMMAND = 'python train.py ';
export const TRAIN_SCRIPT = 'train.py';
/** `train.py`'s `--c` default, as `examples/sklearn/` writes it (C = 1.0). */
export const DEFAULT_C_LINE = '"--c", type=float, default=1.0';
/**
 * The story's first model: strongly regularised (C = 0.01, `predictions/main.csv`). The
 * default changes in `train.py`, not in the workflow: the gate fails a pull request that
 * changes the training workflow, as it should.
 */
export const FIRST_C_LINE = '"--c", type=float, default=0.01';

/** The committed run of `train.py` per `--c` (the README of `examples/sklearn/` says which). */
const COMMITTED_RUNS = new Map<number, string>([
  [0.01, 'predictions/main.csv'],
  [1, 'predictions/pull-request.csv'],
]);

/**
 * Copies `examples/sklearn/` into `workDir` with `train.py`'s `--c` defaulting to 0.01, so
 * main starts from the weaker model and a pull request can improve on it.
 */
export async function sklearnExample(workDir: string): Promise<StageExample> {
  const source = join(workDir, 'sklearn-example');
  await mkdir(source, { recursive: true });
  await cp(SKLEARN_DIR, source, { recursive: true });
  const path = join(source, TRAIN_SCRIPT);
  const script = await readFile(path, 'utf8');
  if (!script.includes(DEFAULT_C_LINE))
    throw new Error(`examples/sklearn/${TRAIN_SCRIPT} has no "${DEFAULT_C_LINE}" argument.`);
  await writeFile(path, script.replace(DEFAULT_C_LINE, FIRST_C_LINE));
  return {
    source,
    repoName: 'tumour-classifier-sklearn',
    description: 'A scikit-learn tumour classifier under modelgate (examples/sklearn)',
    message: 'A strongly regularised logistic regression (C=0.01), trained in Python',
    train: {
      // The workflow's `with:`, and `mode`'s default as the runner fills it from action.yml.
      inputs: { mode: 'train', predictions: 'out/predictions.csv', model: 'out/model' },
      verb: 'scored, without training, the predictions of',
      // The sklearn workflow's one job: `permissions: { contents: read }`.
      permissions: { contents: 'read', metadata: 'read', actions: 'read' },
      prepare: pythonStepStandIn,
    },
  };
}

/**
 * The workflow's Python step without Python: reads `--c` from its command in the checkout (or
 * `train.py`'s default when the command gives none) and copies the committed predictions of that run to `out/predictions.csv`; the model folder gets
 * a stand-in for the pickled pipeline. Returns what it did, for the step's fact.
 */
export async function pythonStepStandIn(workspace: string): Promise<string> {
  const workflow = await readFile(join(workspace, SKLEARN_WORKFLOW), 'utf8');
  const command = workflow.split('\n').find((line) => line.includes(TRAIN_COMMAND));
  if (command === undefined)
    throw new Error(`${SKLEARN_WORKFLOW} has no "${TRAIN_COMMAND}" step to stand in for.`);
  const script = await readFile(join(workspace, TRAIN_SCRIPT), 'utf8');
  const given =
    /--c\s+(\S+)/.exec(command)?.[1] ?? /"--c", type=float, default=([^,)\s]+)/.exec(script)?.[1];
  const c = Number(given);
  const committed = COMMITTED_RUNS.get(c);
  if (committed === undefined) {
    throw new Error(
      `train.py --c ${given ?? '(no default)'} has no committed predictions; expected --c 0.01 or 1.0 (predictions/main.csv, predictions/pull-request.csv).`,
    );
  }
  await mkdir(join(workspace, 'out/model'), { recursive: true });
  await copyFile(join(workspace, committed), join(workspace, 'out/predictions.csv'));
  await writeFile(
    join(workspace, 'out/model/model.joblib'),
    `A stand-in for the pipeline train.py --c ${given ?? c} pickles (the demo runs no Python).\n`,
  );
  return `Python step replaced: train.py --c ${given ?? c} → committed ${committed} copied to out/predictions.csv`;
}
