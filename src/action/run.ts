import * as core from '@actions/core';
import { InputError, errorMessage } from '../core/errors.ts';
import { readActionContext, type ActionContext } from './context.ts';
import { parseInputs, type Inputs, type Mode } from './inputs.ts';

/**
 * One module per mode; each reads what it needs from the inputs and the runner's context.
 * Loaded on demand: the bundle splits at these imports, so a `train` run never parses the
 * artifact download, release or drift-issue code of the other modes (issue 20's cold start).
 */
const MODES: Record<Mode, (inputs: Inputs, context: ActionContext) => Promise<void>> = {
  train: async (inputs, context) => (await import('./mode-train.ts')).trainMode(inputs, context),
  report: async (inputs, context) => (await import('./mode-report.ts')).reportMode(inputs, context),
  release: async (inputs, context) =>
    (await import('./mode-release.ts')).releaseMode(inputs, context),
  monitor: async (inputs, context) =>
    (await import('./mode-monitor.ts')).monitorMode(inputs, context),
};

/**
 * The config's paths (data, model module, monitoring data) are relative to the repository,
 * as for the CLI, and end up in metrics.json, profile.json and the drift report, so they are
 * read relative to the working directory rather than made absolute runner paths.
 */
function enterWorkingDirectory(directory: string): void {
  try {
    process.chdir(directory);
  } catch (error) {
    throw new InputError(
      `The 'working-directory' input ${directory} cannot be entered (${errorMessage(error)}); expected the directory of the repository checkout.`,
    );
  }
}

/**
 * The Action. The one place that turns an error into a failed step: a user's mistake
 * (InputError) is reported as its one sentence; anything else also leaves its stack trace in
 * the debug log (visible with `ACTIONS_STEP_DEBUG`), since it is a bug to report.
 */
export async function run(): Promise<void> {
  try {
    const inputs = parseInputs(process.env.GITHUB_WORKSPACE || process.cwd());
    const context = readActionContext();
    // `report` reads nothing from the checkout (the config comes from the default branch
    // through the API), and its job may check out only the Action itself.
    if (inputs.mode !== 'report') enterWorkingDirectory(inputs.workingDirectory);
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
