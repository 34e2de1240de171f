import { fileURLToPath } from 'node:url';
import type { Permissions } from '../sandbox/index.ts';

/** Where the repository's own files are, relative to this module. */
const EXAMPLES_DIR = fileURLToPath(new URL('../../examples/', import.meta.url));

/** How the example's workflow trains: the Action's `with:` inputs and any step before it. */
export interface TrainJob {
  inputs: Record<string, string>;
  /** What the Action does, as a fact says it: `trained`, `scored the predictions of`. */
  verb: string;
  /** The job's token, when the example's workflow differs from `examples/`'s jobs. */
  permissions?: Permissions;
  /** A step before the Action's in the checkout (the user's own training); says what it did. */
  prepare?: (workspace: string) => Promise<string>;
}

/** The repository the story is told on: its files, its name and how its workflow trains. */
export interface StageExample {
  source: string;
  repoName: string;
  description: string;
  /** The first commit's message. */
  message: string;
  train: TrainJob;
}

/** The TensorFlow.js example of `examples/`: modelgate trains the model itself. */
export const TFJS_EXAMPLE: StageExample = {
  source: EXAMPLES_DIR,
  repoName: 'tumour-classifier',
  description: 'A tumour classifier under modelgate (the example repository)',
  message: 'A logistic-regression baseline of the tumour classifier',
  train: { inputs: { mode: 'train' }, verb: 'trained' },
};
