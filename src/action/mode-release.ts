import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as core from '@actions/core';
import { EXTERNAL_MODEL_TYPE, RUN_FILES } from '../core/constants.ts';
import { InputError } from '../core/errors.ts';
import { RELEASE_FILES, releaseAssetsOf } from '../core/release/release-assets.ts';
import { releaseCommit } from '../flows/release-commit.ts';
import { actionPort } from './action-port.ts';
import { readWorkspaceConfig } from './config-source.ts';
import { branchOfRef, defaultBranchFromPayload, type ActionContext } from './context.ts';
import { repositoryPath, type Inputs } from './inputs.ts';
import { requireOctokit } from './octokit.ts';
import { OUTPUTS } from './outputs.ts';
import { isFile, readRunMetrics, readRunPredictionsFile } from './run-dir.ts';
import { writeSummary } from './summary.ts';
import { inGroup } from './log-groups.ts';

/**
 * The run directory's files a release carries, by their path in it: modelgate's own, and
 * every file directly under `model/` (the model of a `predictions` run, any framework's).
 */
async function runFiles(runDir: string): Promise<Map<string, Uint8Array>> {
  const paths = new Set(RELEASE_FILES.map((file) => file.path));
  const modelDir = join(runDir, RUN_FILES.modelDir);
  for (const name of await readdir(modelDir).catch(() => []))
    paths.add(`${RUN_FILES.modelDir}/${name}`);
  const files = new Map<string, Uint8Array>();
  for (const relative of paths) {
    const path = join(runDir, relative);
    if (await isFile(path)) files.set(relative, new Uint8Array(await readFile(path)));
  }
  return files;
}

/**
 * `release` mode, on a push to the default branch after a `train` step: the release flow the
 * App runs too (`releaseCommit`), with the run directory's files as the release's assets. A
 * commit is released when it merged a pull request whose gate passed and its own report
 * passes the gate against the previous release; re-running it finishes a half-made release.
 */
export async function releaseMode(inputs: Inputs, context: ActionContext): Promise<void> {
  const config = await inGroup('config', () =>
    readWorkspaceConfig(inputs.workingDirectory, inputs.config),
  );
  core.setOutput(OUTPUTS.tag, '');
  if (!config.release.enabled) {
    core.info('release.enabled is false in the config: nothing to release.');
    return;
  }
  const octokit = requireOctokit(inputs, context, 'release');
  const { owner, repo, sha } = context;
  const { data: repository } = await octokit.rest.repos.get({ owner, repo });
  const defaultBranch = defaultBranchFromPayload(context.payload) ?? repository.default_branch;
  if (branchOfRef(context.ref) !== defaultBranch) {
    core.notice(
      `'release' mode releases pushes to the default branch ${defaultBranch}; ${context.ref ?? 'this ref'} is not it, so nothing was released.`,
    );
    return;
  }
  const runDir = resolve(inputs.workingDirectory, inputs.runDir);
  const readRun = async () => {
    const metrics = await readRunMetrics(runDir, 'release');
    const { assets, missing } = releaseAssetsOf(await runFiles(runDir), {
      external: metrics.model.type === EXTERNAL_MODEL_TYPE,
    });
    if (missing.length > 0)
      throw new InputError(
        `The run directory has no ${missing.join(', ')}; run a 'train' step before 'release'.`,
      );
    const predictions = await readRunPredictionsFile(runDir, metrics);
    return { metrics, assets, ...predictions };
  };
  // Read once, when the flow first needs it (never for a skipped commit).
  let loaded: ReturnType<typeof readRun> | undefined;
  const loadRun = () => (loaded ??= readRun());
  const notices: string[] = [];
  const port = await actionPort({
    octokit,
    owner,
    repo,
    repoId: repository.id,
    defaultBranch,
    configPath: repositoryPath(inputs, inputs.config),
    workspace: inputs.workspace,
    notices,
  });
  const run =
    context.runId === undefined
      ? null
      : {
          id: context.runId,
          attempt: context.runAttempt,
          htmlUrl: `${context.serverUrl}/${owner}/${repo}/actions/runs/${context.runId}`,
        };
  // The flow judges the commit's report against the previous release, then tags and releases.
  const outcome = await inGroup('publish', () =>
    releaseCommit(port, { sha, run, loadRun, recordHistory: false }),
  );
  const notes = notices.map((note) => `> ${note}`).join('\n');
  switch (outcome.kind) {
    case 'released':
      core.setOutput(OUTPUTS.tag, outcome.tag);
      core.info(
        `${outcome.action === 'created' ? 'Released' : 'Already released as'} ${outcome.tag}: ${outcome.url}`,
      );
      await writeSummary(
        `## modelgate release [${outcome.tag}](${outcome.url})\n\n${outcome.action === 'existing' ? `Commit ${sha.slice(0, 7)} was already released as ${outcome.tag}; nothing new was made.\n\n` : ''}${outcome.notes}\n\n${notes}`,
      );
      return;
    case 'concurrent':
      core.setOutput(OUTPUTS.tag, outcome.tag);
      await writeSummary(
        `## modelgate release ${outcome.tag}\n\nCommit ${sha.slice(0, 7)} was already released as ${outcome.tag} by a concurrent run; nothing new was made.`,
      );
      return;
    case 'rejected':
      await writeSummary(
        `## modelgate release\n\nCommit ${sha.slice(0, 7)} was not released: its own report fails the gate (${outcome.reason}).\n\n${notes}`,
      );
      throw new Error(
        `Not released: the report of ${sha.slice(0, 7)} fails the gate: ${outcome.reason}.`,
      );
    case 'not-released':
      core.notice(
        `${outcome.reason.charAt(0).toUpperCase()}${outcome.reason.slice(1)}: nothing was released.`,
      );
      if (notes !== '') await writeSummary(`## modelgate release\n\n${notes}`);
  }
}
