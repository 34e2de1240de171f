import * as core from '@actions/core';
import type { TrainPhase } from '../train/train-run.ts';
import { createProgress } from '../train/progress.ts';
import type { EpochLog } from '../train/fit.ts';

/**
 * Titles of the foldable groups in the Action's log, one per phase. A reader of a long log
 * opens the phase that failed; tests and users' log searches rely on these names.
 */
export const LOG_GROUPS = {
  config: 'Load the config',
  data: 'Read the data',
  train: 'Train',
  evaluate: 'Evaluate',
  compare: 'Compare',
  upload: 'Upload',
  publish: 'Publish',
} as const;

/** One of the phases the Action logs as a group. */
export type LogGroup = keyof typeof LOG_GROUPS;

/** Runs `fn` inside the log group of `phase` (`core.group`: closed whether it throws or not). */
export function inGroup<T>(phase: LogGroup, fn: () => Promise<T>): Promise<T> {
  return core.group(LOG_GROUPS[phase], fn);
}

/** Training's own phases, as `trainAndEvaluate` reports them, mapped to log groups. */
const TRAIN_GROUPS: Record<TrainPhase, LogGroup> = {
  read: 'data',
  train: 'train',
  evaluate: 'evaluate',
};

/**
 * Hooks for `trainAndEvaluate` inside one `inGroup`-like span: each phase it enters closes the
 * previous group and opens its own (GitHub's log has no nested groups), and the epochs go to
 * the log as the CLI writes them to a CI log: a line every few epochs, with loss, validation
 * loss and ETA. `close()` ends the last group; call it in a `finally`.
 */
export function trainingGroups(): {
  onPhase: (phase: TrainPhase) => void;
  onEpoch?: (log: EpochLog) => void;
  close: () => void;
} {
  let open = false;
  const progress = createProgress({
    mode: 'lines',
    stream: { write: (chunk: string) => core.info(chunk.replace(/\n$/, '')) },
  });
  const end = () => {
    if (open) core.endGroup();
    open = false;
  };
  return {
    onPhase: (phase) => {
      // The last epoch line belongs to training, before its group closes.
      if (phase === 'evaluate') progress.done();
      end();
      core.startGroup(LOG_GROUPS[TRAIN_GROUPS[phase]]);
      open = true;
    },
    ...(progress.onEpoch === undefined ? {} : { onEpoch: progress.onEpoch }),
    close: end,
  };
}
