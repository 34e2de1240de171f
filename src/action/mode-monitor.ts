import { join, resolve } from 'node:path';
import * as core from '@actions/core';
import { DRIFT_ARTIFACT_NAME, DRIFT_FILES } from '../core/constants.ts';
import { InputError } from '../core/errors.ts';
import { writeFileAtomic, writeJsonAtomic } from '../data/atomic-write.ts';
import { driftBodyFor } from '../core/render/drift-body.ts';
import { findPreviousReleaseTag } from '../github/release-lookup.ts';
import { reportMonitoring } from '../flows/report-monitoring.ts';
import { reportPerformance } from '../flows/report-performance.ts';
import { measurePerformance, reportPerformanceSection } from './monitor-performance.ts';
import { actionPort } from './action-port.ts';
import { readWorkspaceConfig } from './config-source.ts';
import type { ActionContext } from './context.ts';
import { measureDrift, reportDriftIssue } from './monitor-drift.ts';
import { repositoryPath, type Inputs } from './inputs.ts';
import { requireOctokit } from './octokit.ts';
import { OUTPUTS } from './outputs.ts';
import { downloadReleaseProfile } from './release-profile.ts';
import { writeSummary } from './summary.ts';
import { inGroup } from './log-groups.ts';
import { uploadArtifact } from './upload-report.ts';

/**
 * `monitor` mode, on a schedule: compares the current production data with the profile of
 * the latest release (its `profile.json` asset, so the training data is not needed), uploads
 * the report as the `modelgate-drift` artifact, and brings that release's drift issue in line:
 * drift opens it or comments on it, a clean run comments and closes it. The issue is written
 * here when the token may write issues; otherwise the App writes it from the artifact when the
 * run completes. Both may try: the run attempt's marker in the issue lets the second skip.
 */
export async function monitorMode(inputs: Inputs, context: ActionContext): Promise<void> {
  const config = await inGroup('config', () =>
    readWorkspaceConfig(inputs.workingDirectory, inputs.config),
  );
  const dataPath = inputs.data ?? config.monitor.data;
  if (dataPath === undefined) {
    throw new InputError(
      `'monitor' mode needs the current data: set \`monitor.data\` in ${inputs.config} or the 'data' input.`,
    );
  }
  const octokit = requireOctokit(inputs, context, 'monitor');
  const { owner, repo } = context;
  const release = await findPreviousReleaseTag({
    octokit,
    owner,
    repo,
    prefix: config.release.tag_prefix,
  });
  if (release === null) {
    core.notice(
      `No release tagged ${config.release.tag_prefix}X.Y.Z yet: monitoring compares with the latest release's profile, so there is nothing to compare with.`,
    );
    core.setOutput(OUTPUTS.drift, 'false');
    return;
  }
  const reference = await downloadReleaseProfile({ octokit, owner, repo, tag: release.tag });
  const report = await measureDrift(reference, dataPath, config);

  const runDir = resolve(inputs.workingDirectory, inputs.runDir);
  const reportPath = join(runDir, DRIFT_FILES.report);
  // The same issue text as the App writes, so an issue reads the same whoever reported a run.
  const runInfo = {
    id: context.runId ?? 0,
    name: context.workflow ?? 'monitoring',
    htmlUrl:
      context.runId === undefined
        ? `${context.serverUrl}/${owner}/${repo}/actions`
        : `${context.serverUrl}/${owner}/${repo}/actions/runs/${context.runId}`,
  };
  const markdown = driftBodyFor({ report, releaseTag: release.tag, run: runInfo });
  await writeJsonAtomic(reportPath, report);
  await writeFileAtomic(join(runDir, DRIFT_FILES.markdown), `${markdown}\n`);
  core.setOutput(OUTPUTS.drift, String(report.dataset_drift));
  core.setOutput(OUTPUTS.reportPath, reportPath);
  // The released model on the same data, when the config asks: realised or CBPE-estimated.
  const performance = await measurePerformance({
    octokit,
    owner,
    repo,
    releaseTag: release.tag,
    dataPath,
    settings: config.monitor.performance,
    inputs,
    runDir,
    run: runInfo,
  });
  const artifactFiles = [DRIFT_FILES.report, DRIFT_FILES.markdown, ...(performance?.files ?? [])];
  // Always: it is how the App reports the run when this token may not write issues.
  await inGroup('upload', () => uploadArtifact(DRIFT_ARTIFACT_NAME, artifactFiles, runDir));

  const flowRun =
    context.runId === undefined
      ? null
      : {
          id: context.runId,
          attempt: context.runAttempt,
          name: runInfo.name,
          htmlUrl: runInfo.htmlUrl,
        };
  const makePort = async () => {
    const { data: repository } = await octokit.rest.repos.get({ owner, repo });
    return actionPort({
      octokit,
      owner,
      repo,
      repoId: repository.id,
      defaultBranch: repository.default_branch,
      configPath: repositoryPath(inputs, inputs.config),
      workspace: inputs.workspace,
      notices: [],
    });
  };
  // The monitoring flow the App runs too: the latest release's one drift issue.
  const issueLine = await reportDriftIssue(
    async () => reportMonitoring(await makePort(), { run: flowRun, report }),
    release.tag,
  );
  let summary = `## modelgate monitor: ${release.tag}\n\n${markdown}\n\n${issueLine}\n`;
  core.info(issueLine);
  if (performance !== null) {
    // And its performance issue, with the trend over monitoring runs.
    summary += await reportPerformanceSection(performance, release.tag, async () =>
      reportPerformance(await makePort(), { run: flowRun, report: performance.report }),
    );
  }
  await writeSummary(summary);
  if (inputs.failOnDrift && report.dataset_drift) {
    throw new Error(
      `Data drift against ${release.tag}: ${report.number_of_drifted_columns} of ${report.features.length} columns drifted (fail-on-drift is on).`,
    );
  }
}
