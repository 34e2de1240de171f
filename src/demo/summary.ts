import { stepPassed, type StepOutcome } from './printer.ts';
import { metric, type StoryState } from './story-state.ts';

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
  const verified = (index: number): boolean => {
    const step = steps[index];
    return step !== undefined && stepPassed(step);
  };
  const parts = [
    verified(0) && state.baseline ? `baseline accuracy ${metric(state.baseline.accuracy)}` : null,
    verified(1) && state.improve ? `PR #${state.improve.number} gate passed` : null,
    verified(2) && state.regress ? `PR #${state.regress.number} gate failed` : null,
    verified(3) && state.noise ? `PR #${state.noise.number} passed as noise` : null,
    verified(4) && state.release ? `released ${state.release.tag}` : null,
    verified(5) && verified(6) && state.driftIssue !== undefined
      ? `drift issue #${state.driftIssue} opened and closed`
      : null,
  ].filter((part): part is string => part !== null);
  const passed = steps.filter(stepPassed).length;
  const head = input.ok
    ? `modelgate demo passed: ${passed}/${input.total} steps as told`
    : `modelgate demo FAILED: ${passed}/${input.total} steps as told`;
  return `${head}${parts.length > 0 ? ` — ${parts.join(', ')}` : ''} (${input.seconds.toFixed(1)} s)`;
}
