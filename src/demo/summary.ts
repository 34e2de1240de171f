import { stepPassed, type StepOutcome } from './printer.ts';
import { metric, type StoryState } from './story-state.ts';

/** The last line of the demo: the whole story in one sentence. */
export function summaryLine(input: {
  ok: boolean;
  steps: readonly StepOutcome[];
  total: number;
  state: StoryState;
  seconds: number;
}): string {
  const { state } = input;
  const passed = input.steps.filter(stepPassed).length;
  const parts = [
    state.baseline ? `baseline ${metric(state.baseline.accuracy)}` : null,
    state.improve ? `PR #${state.improve.number} gate passed` : null,
    state.regress ? `PR #${state.regress.number} gate failed` : null,
    state.release ? `released ${state.release.tag}` : null,
    state.driftIssue !== undefined ? `drift issue #${state.driftIssue} opened and closed` : null,
  ].filter((part): part is string => part !== null);
  const head = input.ok
    ? `modelgate demo passed: ${passed}/${input.total} steps as told`
    : `modelgate demo FAILED: ${passed}/${input.total} steps as told`;
  return `${head}${parts.length > 0 ? ` — ${parts.join(', ')}` : ''} (${input.seconds.toFixed(1)} s)`;
}
