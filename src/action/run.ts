import * as core from '@actions/core';
import { InputError, errorMessage } from '../core/errors.ts';
import { readActionContext, type ActionContext } from './context.ts';
import { parseInputs, type Inputs, type Mode } from './inputs.ts';
import { monitorMode } from './mode-monitor.ts';
import { releaseMode } from './mode-release.ts';
import { reportMode } from './mode-report.ts';
import { trainMode } from './mode-train.ts';

/** One module per mode; each reads what it needs from the inputs and the runner's context. */
const MODES: Record<Mode, (inputs: Inputs, context: ActionContext) => Promise<void>> = {
  train: trainMode,
  report: reportMode,
  release: releaseMode,
  monitor: monitorMode,
};

/**
 * The Action. The one place that turns an error into a failed step: a user's mistake
 * (InputError) is reported as its one sentence; anything else also leaves its stack trace in
 * the debug log (visible with `ACTIONS_STEP_DEBUG`), since it is a bug to report.
 */
export async function run(): Promise<void> {
  try {
    const inputs = parseInputs(process.env.GITHUB_WORKSPACE || process.cwd());
    const context = readActionContext();
    core.debug(
      `modelgate ${inputs.mode} on ${context.eventName} for ${context.owner}/${context.repo}@${context.sha}`,
    );
    await MODES[inputs.mode](inputs, context);
  } catch (error) {
    core.setFailed(errorMessage(error));
    if (!(error instanceof InputError) && error instanceof Error && error.stack)
      core.debug(error.stack);
  }
}
