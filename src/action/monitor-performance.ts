import { join } from 'node:path';
import * as core from '@actions/core';
import type { PerformanceMonitor } from '../core/config/schema.ts';
import { DRIFT_ARTIFACT_NAME, DRIFT_FILES } from '../core/constants.ts';
import { InputError } from '../core/errors.ts';
import type { PerformanceReport } from '../core/performance/performance-report.ts';
import { performanceBodyFor } from '../core/render/performance-body.ts';
import { writeFileAtomic, writeJsonAtomic } from '../data/atomic-write.ts';
import type { PerformanceOutcome } from '../flows/report-performance.ts';
import type { Inputs } from './inputs.ts';
import { issueLine } from './issue-line.ts';
import { inGroup } from './log-groups.ts';
import type { ActionOctokit } from './octokit.ts';
import { OUTPUTS } from './outputs.ts';
import { measureReleasedModel } from './released-model.ts';
import { isPermissionError } from './write-guard.ts';

/** The performance part of a monitoring run, once measured and written to the run directory. */
export interface MeasuredPerformance {
  report: PerformanceReport;
  /** The issue text of this run, as the job summary shows it. */
  body: string;
  /** What joins the `modelgate-drift` artifact, relative to the run directory. */
  files: string[];
}

/** Input of `measurePerformance`. */
export interface MeasurePerformanceInput {
  octokit: ActionOctokit;
  owner: string;
  repo: string;
  releaseTag: string;
  dataPath: string;
  /** `monitor.performance`; nothing is measured when it is not set. */
  settings: PerformanceMonitor | undefined;
  inputs: Inputs;
  runDir: string;
  run: { id: number; name: string; htmlUrl: string };
}

/**
 * The released model on the production data, when the config asks: realised or CBPE-estimated
 * metrics judged by `monitor.performance`, written beside drift.json and set as the
 * `performance-drop` output. Null when not asked, or when the release has no model to evaluate.
 */
export async function measurePerformance(
  input: MeasurePerformanceInput,
): Promise<MeasuredPerformance | null> {
  const { settings, inputs, releaseTag } = input;
  if (settings === undefined) return null;
  const report = await inGroup('evaluate', () =>
    measureReleasedModel({
      octokit: input.octokit,
      owner: input.owner,
      repo: input.repo,
      releaseTag,
      dataPath: input.dataPath,
      settings,
      inputs,
      configSource: inputs.config,
    }),
  ).catch((error: unknown) => {
    // A release made before performance monitoring has no model assets to evaluate; that
    // must not stop the drift check, which needs only the profile.
    if (!(error instanceof InputError)) throw error;
    core.warning(`Performance of ${releaseTag} not measured: ${error.message}`);
    return null;
  });
  if (report === null) return null;
  const body = performanceBodyFor({ report, releaseTag, run: input.run });
  await writeJsonAtomic(join(input.runDir, DRIFT_FILES.performance), report);
  await writeFileAtomic(join(input.runDir, DRIFT_FILES.performanceMarkdown), `${body}\n`);
  core.setOutput(OUTPUTS.performanceDrop, String(report.performance_drop));
  return { report, body, files: [DRIFT_FILES.performance, DRIFT_FILES.performanceMarkdown] };
}

/**
 * Runs the performance flow (the release's performance issue, with the trend over monitoring
 * runs) and returns the job summary's section on it; the line on the issue goes to the log too.
 */
export async function reportPerformanceSection(
  measured: MeasuredPerformance,
  releaseTag: string,
  sync: () => Promise<PerformanceOutcome>,
): Promise<string> {
  const line = await guardPerformance(async () => issueLine('performance', await sync()));
  core.info(line);
  return `\n## Performance of ${releaseTag}\n\n${measured.body}\n\n${line}\n`;
}

/** The performance flow; a token that may not write issues or history leaves it to the App. */
async function guardPerformance(sync: () => Promise<string>): Promise<string> {
  try {
    return await sync();
  } catch (error) {
    if (!isPermissionError(error)) throw error;
    return `This token may not write the performance issue or its trend, so they are left to the modelgate App, which reports this run from the \`${DRIFT_ARTIFACT_NAME}\` artifact; without the App, give the workflow \`issues: write\` and \`contents: write\`.`;
  }
}
