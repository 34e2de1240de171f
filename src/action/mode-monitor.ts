import { join, resolve } from 'node:path';
import * as core from '@actions/core';
import { DRIFT_ARTIFACT_NAME, DRIFT_FILES, RUN_FILES } from '../core/constants.ts';
import { driftReport, type Profile } from '../core/drift/index.ts';
import { InputError, errorMessage } from '../core/errors.ts';
import { parseProfile } from '../data/profile.ts';
import { writeFileAtomic, writeJsonAtomic } from '../data/atomic-write.ts';
import { readTable } from '../data/read-table.ts';
import { driftBodyFor } from '../core/render/drift-body.ts';
import { downloadReleaseAsset, findPreviousReleaseTag } from '../github/release-lookup.ts';
import { reportMonitoring, type MonitoringOutcome } from '../flows/report-monitoring.ts';
import { reportPerformance } from '../flows/report-performance.ts';
import { performanceBodyFor } from '../core/render/performance-body.ts';
import { measureReleasedModel, performanceIssueLine } from './monitor-performance.ts';
import { actionPort } from './action-port.ts';
import { readWorkspaceConfig } from './config-source.ts';
import type { ActionContext } from './context.ts';
import { repositoryPath, type Inputs } from './inputs.ts';
import { requireOctokit } from './octokit.ts';
import { OUTPUTS } from './outputs.ts';
import { writeSummary } from './summary.ts';
import { inGroup, LOG_GROUPS } from './log-groups.ts';
import { uploadArtifact } from './upload-report.ts';
import { isPermissionError } from './write-guard.ts';

/** A profile keeps capped samples per feature; a release asset beyond this is not one of ours. */
const MAX_PROFILE_BYTES = 64 * 1024 * 1024;

/** Parses a downloaded profile.json, which is untrusted input: a sentence, not a stack trace. */
function decodeProfile(bytes: Uint8Array, tag: string): Profile {
  const source = `${RUN_FILES.profile} of release ${tag}`;
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new InputError(`${source} is not valid JSON: ${errorMessage(error)}.`);
  }
  return parseProfile(json, source);
}

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
  const bytes = await downloadReleaseAsset({
    octokit,
    owner,
    repo,
    tag: release.tag,
    name: RUN_FILES.profile,
    maxBytes: MAX_PROFILE_BYTES,
  });
  const reference = decodeProfile(bytes, release.tag);
  const categorical = config.monitor.categorical ?? config.data.categorical;
  // Relative to the working directory (run() entered it), so the report names the file as
  // the repository does.
  const table = await inGroup('data', () =>
    readTable(dataPath, categorical ? { categorical } : {}),
  );
  // Production data may carry the label once it is known; the profile leaves it out, and
  // drift of the label is not drift of the model's inputs.
  const current = {
    ...table,
    columns: table.columns.filter((column) => column.name !== config.data.label),
  };
  // Synchronous: a start and an end rather than core.group's callback.
  core.startGroup(LOG_GROUPS.compare);
  const report = driftReport({
    reference,
    current,
    options: {
      driftShare: config.monitor.drift_share,
      ...(config.monitor.method === undefined ? {} : { method: config.monitor.method }),
      ...(config.monitor.threshold === undefined ? {} : { threshold: config.monitor.threshold }),
      ...(categorical === undefined
        ? {}
        : { categorical: categorical.filter((name) => name !== config.data.label) }),
    },
  });
  core.endGroup();

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
  const settings = config.monitor.performance;
  const performance =
    settings === undefined
      ? null
      : await inGroup('evaluate', () =>
          measureReleasedModel({
            octokit,
            owner,
            repo,
            releaseTag: release.tag,
            dataPath,
            settings,
            inputs,
            configSource: inputs.config,
          }),
        ).catch((error: unknown) => {
          // A release made before performance monitoring has no model assets to evaluate;
          // that must not stop the drift check, which needs only the profile.
          if (!(error instanceof InputError)) throw error;
          core.warning(`Performance of ${release.tag} not measured: ${error.message}`);
          return null;
        });
  const artifactFiles: string[] = [DRIFT_FILES.report, DRIFT_FILES.markdown];
  if (performance !== null) {
    const body = performanceBodyFor({ report: performance, releaseTag: release.tag, run: runInfo });
    await writeJsonAtomic(join(runDir, DRIFT_FILES.performance), performance);
    await writeFileAtomic(join(runDir, DRIFT_FILES.performanceMarkdown), `${body}\n`);
    artifactFiles.push(DRIFT_FILES.performance, DRIFT_FILES.performanceMarkdown);
    core.setOutput(OUTPUTS.performanceDrop, String(performance.performance_drop));
  }
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
  const issueLine = await reportOnIssue(
    async () => reportMonitoring(await makePort(), { run: flowRun, report }),
    release.tag,
  );
  let summary = `## modelgate monitor: ${release.tag}\n\n${markdown}\n\n${issueLine}\n`;
  core.info(issueLine);
  if (performance !== null) {
    // And its performance issue, with the trend over monitoring runs.
    const line = await guardPerformance(async () =>
      performanceIssueLine(
        await reportPerformance(await makePort(), { run: flowRun, report: performance }),
      ),
    );
    summary += `\n## Performance of ${release.tag}\n\n${performanceBodyFor({ report: performance, releaseTag: release.tag, run: runInfo })}\n\n${line}\n`;
    core.info(line);
  }
  await writeSummary(summary);
  if (inputs.failOnDrift && report.dataset_drift) {
    throw new Error(
      `Data drift against ${release.tag}: ${report.number_of_drifted_columns} of ${report.features.length} columns drifted (fail-on-drift is on).`,
    );
  }
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

/**
 * Runs the monitoring flow and says in one line what happened. A token that may not read or
 * write issues is no failure here: the `modelgate-drift` artifact carries the report to the
 * App, which writes the issue with its own token when the run completes.
 */
async function reportOnIssue(
  sync: () => Promise<MonitoringOutcome>,
  releaseTag: string,
): Promise<string> {
  let result: MonitoringOutcome;
  try {
    result = await inGroup('publish', sync);
  } catch (error) {
    if (!isPermissionError(error)) throw error;
    const reason = (errorMessage(error).split('\n')[0] ?? '').trim().replace(/\.+$/, '');
    return `This token may not write issues (${reason}), so the drift issue of ${releaseTag} is left to the modelgate App, which reports this run from the \`${DRIFT_ARTIFACT_NAME}\` artifact; without the App, give the workflow \`issues: write\`.`;
  }
  if (result.kind === 'no-release') return `The drift issue was not written: ${result.reason}.`;
  const link = result.issue === null ? '' : `[#${result.issue.number}](${result.issue.url})`;
  if (result.alreadyReported) {
    return `Drift issue ${link} already reports this run (or a newer one); nothing written.`;
  }
  return result.issue === null
    ? 'No drift issue is open.'
    : `Drift issue ${link}: ${result.action}.`;
}
