import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { z } from 'zod';
import type { Fact } from './printer.ts';
import type { Stage } from './stage.ts';
import { fact, type StoryState } from './story-state.ts';

/** The deploy workflow's script, as a repository made from `examples/` holds it. */
const DEPLOY_SCRIPT = fileURLToPath(new URL('../../examples/deploy/deploy.mjs', import.meta.url));
const run = promisify(execFile);

const DeploymentJson = z.looseObject({ id: z.number(), environment: z.string(), task: z.string() });
const StatusJson = z.object({ state: z.string(), environment_url: z.string().optional() });
const Digests = z.object({ assets: z.record(z.string(), z.string()) });

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.bin': 'application/octet-stream',
};

/** GitHub Pages, on loopback: the folder `deploy-pages` would publish, served as it is. */
async function servePages(root: string): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://pages').pathname;
    const file = resolve(root, `.${path.endsWith('/') ? `${path}index.html` : path}`);
    if (!file.startsWith(`${resolve(root)}${sep}`)) {
      response.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (bytes) => {
        response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'text/plain' });
        response.end(bytes);
      },
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, server };
}

/**
 * Step 5: the deploy workflow of `examples/deploy/` answers modelgate's deployment. Its steps
 * run as the runner runs them (`node deploy/deploy.mjs …` with the job's token and event), the
 * Pages upload replaced by serving the site on loopback: in_progress, the model's files
 * checked against the sha256 in the deployment, then success with the page's URL.
 */
export async function deployRelease(stage: Stage, state: StoryState): Promise<Fact[]> {
  const { sandbox, repo, api } = stage;
  if (state.release === undefined) return [fact(false, 'no release to deploy')];
  const { sha, tag } = state.release;
  const listed = z
    .array(DeploymentJson)
    .parse(await api.request('GET', api.repoPath(`/deployments?sha=${sha}&task=deploy:model`)));
  const deployment = listed[0];
  if (deployment === undefined) return [fact(false, `no deployment of ${tag} to answer`)];
  const digests = Digests.safeParse(deployment['payload']);
  const facts: Fact[] = [
    fact(
      digests.success,
      digests.success
        ? `deployment ${deployment.id} of ${tag} names the sha256 of ${Object.keys(digests.data.assets).length} assets`
        : `deployment ${deployment.id} of ${tag} carries no asset digests`,
    ),
  ];

  const workflowRun = await sandbox.addWorkflowRun({
    repo: repo.fullName,
    headSha: sha,
    headBranch: repo.defaultBranch,
    event: 'deployment',
    name: 'deploy model',
    path: '.github/workflows/deploy.yml',
  });
  const token = sandbox.createToken({
    repo: repo.fullName,
    permissions: { contents: 'read', deployments: 'write', metadata: 'read' },
  });
  const dir = join(stage.runnerDir, `deploy-${workflowRun.id}`);
  await mkdir(dir, { recursive: true });
  const eventPath = join(dir, 'event.json');
  await writeFile(eventPath, JSON.stringify({ action: 'created', deployment }));
  const env = {
    PATH: process.env.PATH ?? '',
    ...sandbox.runnerEnvironment(workflowRun, { token }),
    GITHUB_TOKEN: token,
    GITHUB_EVENT_NAME: 'deployment',
    GITHUB_EVENT_PATH: eventPath,
  };
  const step = async (...args: string[]): Promise<string | null> => {
    try {
      await run(process.execPath, [DEPLOY_SCRIPT, ...args], { env, cwd: dir });
      return null;
    } catch (error) {
      return error instanceof Error && 'stdout' in error
        ? String(error.stdout).trim()
        : String(error);
    }
  };
  const site = join(dir, '_site');
  const failed = (await step('status', 'in_progress')) ?? (await step('fetch', site));
  if (failed !== null) {
    await step('status', 'failure');
    return [...facts, fact(false, `the deploy workflow failed: ${failed}`)];
  }
  const pages = await servePages(site);
  try {
    const finished = await step('status', 'success', pages.url);
    const statuses = z
      .array(StatusJson)
      .parse(await api.request('GET', api.repoPath(`/deployments/${deployment.id}/statuses`)))
      .reverse();
    const states = statuses.map((status) => status.state);
    const last = statuses.at(-1);
    facts.push(
      fact(
        finished === null && last?.state === 'success' && last.environment_url === pages.url,
        `deployment ${deployment.id} of ${tag} to ${deployment.environment}: ${states.join(' → ')}, environment ${last?.environment_url ?? 'none'}`,
        last?.environment_url,
      ),
    );
    const page = await fetch(pages.url);
    const html = await page.text();
    const weights = Buffer.from(await (await fetch(`${pages.url}model/weights.bin`)).arrayBuffer());
    const expected = digests.success ? digests.data.assets['weights.bin'] : undefined;
    facts.push(
      fact(
        page.ok &&
          html.includes('tf.loadLayersModel') &&
          createHash('sha256').update(weights).digest('hex') === expected,
        `${pages.url} serves the page that runs ${tag} in the browser, with the checked weights.bin`,
        pages.url,
      ),
    );
  } finally {
    await new Promise((done) => pages.server.close(done));
  }
  return facts;
}
