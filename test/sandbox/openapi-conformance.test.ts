import { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { json, repoRoute, startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { createOpenApiValidator } from '../support/openapi.ts';

/**
 * Drives every REST route the sandbox serves through @octokit/rest with the OpenAPI validator
 * on, then asserts there was no violation: what the sandbox accepts and sends is what GitHub
 * documents.
 */

let sandbox: Sandbox;
const validator = createOpenApiValidator();

beforeAll(async () => {
  sandbox = await startSandbox({ validate: validator });
});

afterAll(async () => {
  await sandbox.close();
});

function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' &&
    error !== null &&
    'status' in error &&
    typeof error.status === 'number'
    ? error.status
    : undefined;
}

async function expectStatus(promise: Promise<unknown>, status: number): Promise<void> {
  let caught: unknown;
  await promise.catch((error: unknown) => {
    caught = error;
  });
  expect(statusOf(caught), `expected HTTP ${status}`).toBe(status);
}

describe('every route conforms to GitHub OpenAPI', () => {
  it('repos, contents, git data, commits and compare', async () => {
    const user = new Octokit({ baseUrl: sandbox.apiUrl, auth: sandbox.adminToken });
    const { data: created } = await user.rest.repos.createForAuthenticatedUser({
      name: 'conform',
      auto_init: true,
    });
    const owner = created.owner.login;
    const repo = 'conform';
    await user.rest.repos.get({ owner, repo });
    await user.rest.repos.listBranches({ owner, repo });
    await user.rest.repos.getBranch({ owner, repo, branch: 'main' });
    await user.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username: owner });

    const put = await user.rest.repos.createOrUpdateFileContents({
      owner,
      repo,
      path: 'dir/a.txt',
      message: 'a',
      content: Buffer.from('a').toString('base64'),
    });
    expect(put.status).toBe(201);
    await expectStatus(
      user.rest.repos.createOrUpdateFileContents({
        owner,
        repo,
        path: 'dir/a.txt',
        message: 'again',
        content: 'YQ==',
      }),
      422,
    );
    await expectStatus(
      user.rest.repos.createOrUpdateFileContents({
        owner,
        repo,
        path: 'dir/a.txt',
        message: 'stale',
        content: 'YQ==',
        sha: 'f'.repeat(40),
      }),
      409,
    );
    const fileSha = put.data.content?.sha ?? '';
    const updated = await user.rest.repos.createOrUpdateFileContents({
      owner,
      repo,
      path: 'dir/a.txt',
      message: 'b',
      content: Buffer.from('b').toString('base64'),
      sha: fileSha,
    });
    expect(updated.status).toBe(200);
    const { data: dir } = await user.rest.repos.getContent({ owner, repo, path: 'dir' });
    expect(Array.isArray(dir)).toBe(true);
    const raw = await user.request('GET /repos/{owner}/{repo}/contents/{path}', {
      owner,
      repo,
      path: 'dir/a.txt',
      mediaType: { format: 'raw' },
    });
    expect(String(raw.data)).toBe('b');
    await user.rest.repos.deleteFile({
      owner,
      repo,
      path: 'dir/a.txt',
      message: 'rm',
      sha: updated.data.content?.sha ?? '',
    });
    await expectStatus(user.rest.repos.getContent({ owner, repo, path: 'dir/a.txt' }), 404);

    const { data: main } = await user.rest.git.getRef({ owner, repo, ref: 'heads/main' });
    await user.rest.git.createRef({ owner, repo, ref: 'refs/heads/topic', sha: main.object.sha });
    await user.rest.git.listMatchingRefs({ owner, repo, ref: 'heads/' });
    const { data: commit } = await user.rest.git.getCommit({
      owner,
      repo,
      commit_sha: main.object.sha,
    });
    const parent = commit.parents[0]?.sha ?? '';
    await expectStatus(
      user.rest.git.updateRef({ owner, repo, ref: 'heads/topic', sha: parent }),
      422,
    );
    await user.rest.git.updateRef({ owner, repo, ref: 'heads/topic', sha: parent, force: true });
    await user.rest.git.deleteRef({ owner, repo, ref: 'heads/topic' });
    const { data: tag } = await user.rest.git.createTag({
      owner,
      repo,
      tag: 'v1',
      message: 'v1',
      object: main.object.sha,
      type: 'commit',
    });
    await user.rest.git.createRef({ owner, repo, ref: 'refs/tags/v1', sha: tag.sha });
    await user.rest.git.getTag({ owner, repo, tag_sha: tag.sha });
    const { data: commits } = await user.rest.repos.listCommits({ owner, repo, per_page: 2 });
    expect(commits).toHaveLength(2);
    await user.rest.repos.getCommit({ owner, repo, ref: 'main' });
    const { data: compare } = await user.rest.repos.compareCommitsWithBasehead({
      owner,
      repo,
      basehead: `${parent}...main`,
    });
    expect(compare.merge_base_commit.sha).toBe(parent);
    expect(compare.status).toBe('ahead');
    // The git database: an orphan commit built from a blob and a tree.
    const { data: blob } = await user.rest.git.createBlob({
      owner,
      repo,
      content: Buffer.from('h').toString('base64'),
      encoding: 'base64',
    });
    const { data: fetched } = await user.rest.git.getBlob({ owner, repo, file_sha: blob.sha });
    expect(Buffer.from(fetched.content, 'base64').toString('utf8')).toBe('h');
    const { data: tree } = await user.rest.git.createTree({
      owner,
      repo,
      tree: [
        { path: 'history/README.md', mode: '100644', type: 'blob', content: '# history\n' },
        { path: 'history/x.json', mode: '100644', type: 'blob', sha: blob.sha },
      ],
    });
    const { data: orphan } = await user.rest.git.createCommit({
      owner,
      repo,
      message: 'start history',
      tree: tree.sha,
      parents: [],
    });
    expect(orphan.parents).toEqual([]);
    await user.rest.git.createRef({
      owner,
      repo,
      ref: 'refs/heads/modelgate-history',
      sha: orphan.sha,
    });
    const { data: listing } = await user.rest.git.getTree({
      owner,
      repo,
      tree_sha: 'modelgate-history',
      recursive: 'true',
    });
    expect(listing.tree.map((entry) => entry.path)).toEqual([
      'history/README.md',
      'history/x.json',
    ]);
    expect(await sandbox.readFile(`${owner}/${repo}`, 'history/x.json', 'modelgate-history')).toBe(
      'h',
    );
    await expectStatus(
      user.request('GET /repos/{owner}/{repo}/no-such-thing', { owner, repo }),
      404,
    );
    expect(sandbox.violations.map((v) => `${v.operation} ${v.status}: ${v.message}`)).toEqual([]);
    expect(sandbox.serverErrors).toEqual([]);
  });

  it('pulls, issues, comments, labels, checks', async () => {
    const repo = await sandbox.createRepo({ name: 'conform-pulls' });
    const { owner, name } = repo;
    await sandbox.commit({
      repo: repo.fullName,
      branch: 'feature',
      files: { 'model.json': '{}' },
      message: 'Train',
    });
    const { id: installationId } = sandbox.createInstallation({ repositories: [repo.fullName] });
    const app = new Octokit({
      baseUrl: sandbox.apiUrl,
      auth: sandbox.createInstallationToken(installationId),
    });

    const { data: pull } = await app.rest.pulls.create({
      owner,
      repo: name,
      head: 'feature',
      base: 'main',
      title: 'Train',
    });
    await app.rest.pulls.list({ owner, repo: name, state: 'all' });
    await app.rest.pulls.get({ owner, repo: name, pull_number: pull.number });
    await app.rest.pulls.update({ owner, repo: name, pull_number: pull.number, body: 'details' });
    await app.rest.pulls.listCommits({ owner, repo: name, pull_number: pull.number });

    const { data: issue } = await app.rest.issues.create({
      owner,
      repo: name,
      title: 'Drift',
      labels: ['drift'],
    });
    await app.rest.issues.get({ owner, repo: name, issue_number: issue.number });
    await app.rest.issues.listForRepo({ owner, repo: name, labels: 'drift', state: 'all' });
    await app.rest.issues.update({
      owner,
      repo: name,
      issue_number: issue.number,
      state: 'closed',
      state_reason: 'completed',
    });
    await app.rest.issues.createLabel({
      owner,
      repo: name,
      name: 'release:minor',
      color: '00ff00',
    });
    await app.rest.issues.addLabels({
      owner,
      repo: name,
      issue_number: pull.number,
      labels: ['release:minor'],
    });
    await app.rest.issues.listLabelsOnIssue({ owner, repo: name, issue_number: pull.number });
    await app.rest.issues.removeLabel({
      owner,
      repo: name,
      issue_number: pull.number,
      name: 'release:minor',
    });
    await app.rest.issues.listLabelsForRepo({ owner, repo: name });
    const { data: comment } = await app.rest.issues.createComment({
      owner,
      repo: name,
      issue_number: pull.number,
      body: 'one',
    });
    await app.rest.issues.updateComment({ owner, repo: name, comment_id: comment.id, body: 'two' });
    await app.rest.issues.getComment({ owner, repo: name, comment_id: comment.id });
    await app.rest.issues.listComments({ owner, repo: name, issue_number: pull.number });
    await app.rest.issues.deleteComment({ owner, repo: name, comment_id: comment.id });

    const { data: check } = await app.rest.checks.create({
      owner,
      repo: name,
      name: 'modelgate / gate',
      head_sha: pull.head.sha,
      status: 'in_progress',
    });
    await app.rest.checks.update({
      owner,
      repo: name,
      check_run_id: check.id,
      conclusion: 'failure',
      output: { title: 'Gate failed', summary: 'accuracy dropped' },
    });
    await app.rest.checks.get({ owner, repo: name, check_run_id: check.id });
    await app.rest.checks.listForRef({
      owner,
      repo: name,
      ref: pull.head.sha,
      check_name: 'modelgate / gate',
    });

    // A label without a description: GitHub's pull-request-simple (the list shapes) types the
    // description as a string, where the full pull request and the label endpoints allow null.
    await app.rest.issues.addLabels({
      owner,
      repo: name,
      issue_number: pull.number,
      labels: ['release:minor'],
    });
    const { data: associated } = await app.rest.repos.listPullRequestsAssociatedWithCommit({
      owner,
      repo: name,
      commit_sha: pull.head.sha,
    });
    expect(associated.map((item) => item.number)).toEqual([pull.number]);
    expect(associated[0]?.labels.map((label) => label.description)).toEqual(['']);
    const { data: listed } = await app.rest.pulls.list({ owner, repo: name, state: 'open' });
    expect(listed[0]?.labels.map((label) => label.description)).toEqual(['']);
    const { data: full } = await app.rest.pulls.get({
      owner,
      repo: name,
      pull_number: pull.number,
    });
    expect(full.labels.map((label) => label.description)).toEqual([null]);
    const { data: merged } = await app.rest.pulls.merge({
      owner,
      repo: name,
      pull_number: pull.number,
      merge_method: 'squash',
    });
    expect(merged.merged).toBe(true);
    await expectStatus(app.rest.pulls.merge({ owner, repo: name, pull_number: pull.number }), 405);
    expect(sandbox.violations.map((v) => `${v.operation} ${v.status}: ${v.message}`)).toEqual([]);
    expect(sandbox.serverErrors).toEqual([]);
  });

  it('releases, assets, deployments, workflow runs, artifacts and the App endpoints', async () => {
    const repo = await sandbox.createRepo({ name: 'conform-release' });
    const { owner, name } = repo;
    const { id: installationId } = sandbox.createInstallation({ repositories: [repo.fullName] });
    const token = sandbox.createInstallationToken(installationId);
    const app = new Octokit({ baseUrl: sandbox.apiUrl, auth: token });

    const { data: release } = await app.rest.repos.createRelease({
      owner,
      repo: name,
      tag_name: 'model-v1.0.0',
      name: 'model-v1.0.0',
      body: 'notes',
    });
    await expectStatus(
      app.rest.repos.createRelease({ owner, repo: name, tag_name: 'model-v1.0.0' }),
      422,
    );
    await app.rest.repos.uploadReleaseAsset({
      owner,
      repo: name,
      release_id: release.id,
      name: 'metrics.json',
      data: '{"accuracy":0.9}',
      url: release.upload_url,
      headers: { 'content-type': 'application/json' },
    });
    // Octokit's own upload route (uploads.github.com layout), given the sandbox as the host.
    await app.rest.repos.uploadReleaseAsset({
      owner,
      repo: name,
      release_id: release.id,
      name: 'notes.md',
      data: '# notes',
      baseUrl: sandbox.url,
      headers: { 'content-type': 'text/markdown' },
    });
    const { data: assets } = await app.rest.repos.listReleaseAssets({
      owner,
      repo: name,
      release_id: release.id,
    });
    expect(assets.map((asset) => [asset.name, asset.size])).toEqual([
      ['metrics.json', 16],
      ['notes.md', 7],
    ]);
    const { data: asset } = await app.rest.repos.getReleaseAsset({
      owner,
      repo: name,
      asset_id: assets[0]?.id ?? 0,
    });
    expect(asset.name).toBe('metrics.json');
    const binary = await app.request('GET /repos/{owner}/{repo}/releases/assets/{asset_id}', {
      owner,
      repo: name,
      asset_id: asset.id,
      headers: { accept: 'application/octet-stream' },
    });
    expect(
      Buffer.from(binary.data instanceof ArrayBuffer ? binary.data : new ArrayBuffer(0)).toString(
        'utf8',
      ),
    ).toBe('{"accuracy":0.9}');
    const download = await fetch(assets[0]?.browser_download_url ?? '');
    expect(await download.text()).toBe('{"accuracy":0.9}');
    await app.rest.repos.listReleases({ owner, repo: name });
    await app.rest.repos.getLatestRelease({ owner, repo: name });
    await app.rest.repos.getReleaseByTag({ owner, repo: name, tag: 'model-v1.0.0' });
    await app.rest.repos.getRelease({ owner, repo: name, release_id: release.id });

    const { data: deployment } = await app.rest.repos.createDeployment({
      owner,
      repo: name,
      ref: 'model-v1.0.0',
      environment: 'production',
      required_contexts: [],
      auto_merge: false,
    });
    if (!('id' in deployment)) throw new Error('expected a deployment');
    await app.rest.repos.createDeploymentStatus({
      owner,
      repo: name,
      deployment_id: deployment.id,
      state: 'success',
    });
    await app.rest.repos.listDeploymentStatuses({
      owner,
      repo: name,
      deployment_id: deployment.id,
    });
    await app.rest.repos.listDeployments({ owner, repo: name, environment: 'production' });
    await app.rest.repos.getDeployment({ owner, repo: name, deployment_id: deployment.id });

    const sha = (await sandbox.branchSha(repo.fullName, 'main')) ?? '';
    const run = await sandbox.addWorkflowRun({
      repo: repo.fullName,
      headSha: sha,
      headBranch: 'main',
      event: 'push',
      artifacts: { 'modelgate-report': { 'metrics.json': '{}' } },
    });
    await app.rest.actions.listWorkflowRunsForRepo({ owner, repo: name, head_sha: sha });
    await app.rest.actions.getWorkflowRun({ owner, repo: name, run_id: run.id });
    const { data: artifacts } = await app.rest.actions.listWorkflowRunArtifacts({
      owner,
      repo: name,
      run_id: run.id,
      name: 'modelgate-report',
    });
    const artifactId = artifacts.artifacts[0]?.id ?? 0;
    await app.rest.actions.listArtifactsForRepo({ owner, repo: name });
    await app.rest.actions.getArtifact({ owner, repo: name, artifact_id: artifactId });
    const zip = await app.rest.actions.downloadArtifact({
      owner,
      repo: name,
      artifact_id: artifactId,
      archive_format: 'zip',
    });
    expect(
      Buffer.from(zip.data instanceof ArrayBuffer ? zip.data : new ArrayBuffer(0))
        .subarray(0, 2)
        .toString('latin1'),
    ).toBe('PK');
    expect(sandbox.violations.map((v) => `${v.operation} ${v.status}: ${v.message}`)).toEqual([]);
    expect(sandbox.serverErrors).toEqual([]);
  });

  it('records a violation when a response has a shape GitHub would not send', async () => {
    const broken = await startSandbox({
      validate: validator,
      routes: [
        repoRoute(
          'GET',
          '/repos/{owner}/{repo}/issues/{issue_number}',
          'issues',
          'read',
          async (ctx) => json(200, { number: Number(ctx.params['issue_number']), title: 42 }),
        ),
      ],
    });
    try {
      const repo = await broken.createRepo({ name: 'broken' });
      const number = broken.createIssue({ repo: repo.fullName, title: 'x' });
      const octokit = new Octokit({ baseUrl: broken.apiUrl, auth: broken.adminToken });
      await octokit.rest.issues.get({ owner: repo.owner, repo: repo.name, issue_number: number });
      expect(broken.violations).toHaveLength(1);
      expect(broken.violations[0]?.operation).toBe(
        'GET /repos/{owner}/{repo}/issues/{issue_number}',
      );
      expect(broken.violations[0]?.message).toMatch(/must have required property 'assignee'/);
      expect(broken.serverErrors).toEqual([]);
      // And a real issue with a single wrong field is caught too.
      const real = await fetch(`${broken.apiUrl}/repos/${repo.fullName}/issues`, {
        headers: { authorization: `token ${broken.adminToken}` },
      });
      const [first] = z.array(z.record(z.string(), z.unknown())).parse(await real.json());
      expect(
        validator.checkResponse('GET', '/repos/{owner}/{repo}/issues/{issue_number}', 200, first),
      ).toEqual([]);
      expect(
        validator.checkResponse('GET', '/repos/{owner}/{repo}/issues/{issue_number}', 200, {
          ...first,
          title: 42,
        }),
      ).toEqual([expect.stringMatching(/\/title must be string/)]);
    } finally {
      await broken.close();
    }
  });

  it('rejects request bodies GitHub would reject', () => {
    expect(
      validator.checkRequest('POST', '/repos/{owner}/{repo}/check-runs', { head_sha: 'abc' }),
    ).toEqual([expect.stringMatching(/must have required property 'name'/)]);
    expect(
      validator.checkRequest('POST', '/repos/{owner}/{repo}/issues/{issue_number}/comments', {
        body: 'ok',
      }),
    ).toEqual([]);
  });
});
