import { stepPassed, type StepOutcome } from './printer.ts';
import { metric, type StoryState } from './story-state.ts';

/** The parts of the story the summary line names, each told by one step. */
export type StoryPart =
  | 'baseline'
  | 'improve'
  | 'regress'
  | 'noise'
  | 'data'
  | 'release'
  | 'deploy'
  | 'driftOpened'
  | 'driftClosed'
  | 'performanceOpened'
  | 'performanceClosed';

/**
 * The last line of the demo: the whole story in one sentence. Each part is named only when
 * its step was verified, so the line never claims what did not happen.
 */
export function summaryLine(input: {
  ok: boolean;
  steps: readonly StepOutcome[];
  total: number;
  state: StoryState;
  seconds: number;
}): string {
  const { state, steps } = input;
  // By the part a step tells, not its position: adding a step must not shift the claims.
  const verified = (part: StoryPart): boolean => {
    const step = steps.find((outcome) => outcome.part === part);
    return step !== undefined && stepPassed(step);
  };
  const parts = [
    verified('baseline') && state.baseline
      ? `baseline accuracy ${metric(state.baseline.accuracy)}`
      : null,
    verified('improve') && state.improve ? `PR #${state.improve.number} gate passed` : null,
    verified('regress') && state.regress ? `PR #${state.regress.number} gate failed` : null,
    verified('noise') && state.noise ? `PR #${state.noise.number} passed as noise` : null,
    verified('data') ? 'the data change shown' : null,
    verified('release') && state.release ? `released ${state.release.tag}` : null,
    verified('deploy') ? 'deployed' : null,
    verified('driftOpened') && verified('driftClosed') && state.driftIssue !== undefined
      ? `drift issue #${state.driftIssue} opened and closed`
      : null,
    verified('performanceOpened') && verified('performanceClosed')
      ? 'performance issue opened and closed'
      : null,
  ].filter((part): part is string => part !== null);
  const passed = steps.filter(stepPassed).length;
  const head = input.ok
    ? `modelgate demo passed: ${passed}/${input.total} steps as told`
    : `modelgate demo FAILED: ${passed}/${input.total} steps as told`;
  return `${head}${parts.length > 0 ? ` — ${parts.join(', ')}` : ''} (${input.seconds.toFixed(1)} s)`;
}
