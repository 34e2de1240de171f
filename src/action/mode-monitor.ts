import { join, resolve } from 'node:path';
import * as core from '@actions/core';
import { RUN_FILES } from '../core/constants.ts';
import { driftReport, type Profile } from '../core/drift/index.ts';
import { InputError, errorMessage } from '../core/errors.ts';
import { parseProfile } from '../data/profile.ts';
import { writeJsonAtomic } from '../data/atomic-write.ts';
import { readTable } from '../data/read-table.ts';
import { driftBodyFor } from '../github/drift-body.ts';
import { syncDriftIssue } from '../github/drift-issue.ts';
import { downloadReleaseAsset, findPreviousReleaseTag } from '../github/release-lookup.ts';
import { readWorkspaceConfig } from './config-source.ts';
import type { ActionContext } from './context.ts';
import type { Inputs } from './inputs.ts';
import { requireOctokit } from './octokit.ts';
import { OUTPUTS } from './outputs.ts';
import { writeSummary } from './summary.ts';
import { guardWrite } from './write-guard.ts';

/** A profile keeps capped samples per feature; a release asset beyond this is not one of ours. */
const MAX_PROFILE_BYTES = 64 * 1024 * 1024;

/** Name of the drift report written next to the run directory's other files. */
const DRIFT_FILE = 'drift.json';

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
 * the latest release (its `profile.json` asset, so the training data is not needed) and
 * brings that release's drift issue in line: drift opens it or comments on it, a clean run
 * comments and closes it.
 */
export async function monitorMode(inputs: Inputs, context: ActionContext): Promise<void> {
  const config = await readWorkspaceConfig(inputs.workingDirectory, inputs.config);
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
  const table = await readTable(dataPath, categorical ? { categorical } : {});
  // Production data may carry the label once it is known; the profile leaves it out, and
  // drift of the label is not drift of the model's inputs.
  const current = {
    ...table,
    columns: table.columns.filter((column) => column.name !== config.data.label),
  };
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

  const reportPath = join(resolve(inputs.workingDirectory, inputs.runDir), DRIFT_FILE);
  await writeJsonAtomic(reportPath, report);
  core.setOutput(OUTPUTS.drift, String(report.dataset_drift));
  core.setOutput(OUTPUTS.reportPath, reportPath);

  // The same issue text as the App writes, so an issue reads the same whoever reported a run.
  const markdown = driftBodyFor({
    report,
    releaseTag: release.tag,
    run: {
      id: context.runId ?? 0,
      name: context.workflow ?? 'monitoring',
      htmlUrl:
        context.runId === undefined
          ? `${context.serverUrl}/${owner}/${repo}/actions`
          : `${context.serverUrl}/${owner}/${repo}/actions/runs/${context.runId}`,
    },
  });
  const synced = await guardWrite(`update the drift issue of ${release.tag}`, 'issues: write', () =>
    syncDriftIssue({
      octokit,
      owner,
      repo,
      releaseTag: release.tag,
      report,
      body: markdown,
      labels: config.monitor.labels,
    }),
  );
  const issueLine = !synced.ok
    ? `The drift issue could not be updated: ${synced.reason}`
    : synced.value.issue === null
      ? 'No drift issue is open.'
      : `Drift issue [#${synced.value.issue.number}](${synced.value.issue.url}): ${synced.value.action}.`;
  await writeSummary(`## modelgate monitor: ${release.tag}\n\n${markdown}\n\n${issueLine}\n`);
  if (synced.ok) core.info(issueLine);
  if (inputs.failOnDrift && report.dataset_drift) {
    throw new Error(
      `Data drift against ${release.tag}: ${report.number_of_drifted_columns} of ${report.features.length} columns drifted (fail-on-drift is on).`,
    );
  }
}
