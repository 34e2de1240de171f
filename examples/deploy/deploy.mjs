#!/usr/bin/env node
// The steps of examples/deploy/deploy.yml, in plain Node (20+, no dependencies), so they run the
// same on a runner and against the modelgate sandbox in the demo.
//
//   node deploy.mjs status <in_progress|success|failure> [environment_url]
//   node deploy.mjs fetch <site-dir>
//
// `fetch` downloads the release's model assets named in the deployment modelgate created,
// refuses any whose sha256 differs from the digest modelgate put in the deployment payload,
// and writes a static site: page/index.html, which runs the TF.js model in the browser, with
// the model files beside it. Reads the runner's GITHUB_API_URL, GITHUB_REPOSITORY,
// GITHUB_EVENT_PATH, GITHUB_SERVER_URL, GITHUB_RUN_ID and a GITHUB_TOKEN with
// `contents: read` and `deployments: write`.
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The TF.js model a modelgate release carries; preprocessing.json turns a row into input. */
export const MODEL_ASSETS = ['model.json', 'weights.bin', 'preprocessing.json'];
const STATES = ['in_progress', 'success', 'failure'];

function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; expected the runner's environment.`);
  return value;
}

async function api(path, init = {}) {
  const response = await globalThis.fetch(
    `${env('GITHUB_API_URL')}/repos/${env('GITHUB_REPOSITORY')}${path}`,
    {
      ...init,
      headers: {
        authorization: `Bearer ${env('GITHUB_TOKEN')}`,
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
        ...init.headers,
      },
    },
  );
  if (!response.ok)
    throw new Error(`${init.method ?? 'GET'} ${path} answered ${response.status}; expected 2xx.`);
  return response;
}

/** The deployment of the `deployment` event, with the tag and digests modelgate recorded. */
async function deploymentOfEvent() {
  const event = JSON.parse(await readFile(env('GITHUB_EVENT_PATH'), 'utf8'));
  const deployment = event.deployment;
  let payload = deployment?.payload ?? {};
  if (typeof payload === 'string') payload = JSON.parse(payload);
  if (typeof deployment?.id !== 'number' || typeof payload.tag !== 'string')
    throw new Error(
      'The event has no deployment with a payload tag; expected a modelgate deployment.',
    );
  const digests =
    typeof payload.assets === 'object' && payload.assets !== null ? payload.assets : {};
  return { id: deployment.id, tag: payload.tag, digests };
}

/** Sets the deployment's status, as GitHub's environments page shows it. */
export async function setStatus(state, environmentUrl) {
  if (!STATES.includes(state))
    throw new Error(`Unknown state "${state}"; expected one of ${STATES.join(', ')}.`);
  const { id, tag } = await deploymentOfEvent();
  const logUrl = `${env('GITHUB_SERVER_URL')}/${env('GITHUB_REPOSITORY')}/actions/runs/${env('GITHUB_RUN_ID')}`;
  const description = {
    in_progress: `Deploying model ${tag}`,
    success: `Model ${tag} is live`,
    failure: `Model ${tag} could not be deployed`,
  }[state];
  const response = await api(`/deployments/${id}/statuses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      state,
      description,
      log_url: logUrl,
      ...(environmentUrl ? { environment_url: environmentUrl } : {}),
    }),
  });
  return response.json();
}

/** Downloads, checks and lays out the site; throws naming the asset whose bytes differ. */
export async function fetchSite(siteDir) {
  const { tag, digests } = await deploymentOfEvent();
  const release = await (await api(`/releases/tags/${encodeURIComponent(tag)}`)).json();
  await mkdir(join(siteDir, 'model'), { recursive: true });
  for (const name of MODEL_ASSETS) {
    const asset = release.assets.find((candidate) => candidate.name === name);
    if (asset === undefined)
      throw new Error(`Release ${tag} has no ${name}; expected a TF.js model release.`);
    const expected = digests[name];
    if (typeof expected !== 'string' || !/^[0-9a-f]{64}$/.test(expected))
      throw new Error(
        `The deployment of ${tag} names no sha256 for ${name}; refusing to deploy an unchecked file.`,
      );
    const bytes = Buffer.from(
      await (
        await api(`/releases/assets/${asset.id}`, {
          headers: { accept: 'application/octet-stream' },
        })
      ).arrayBuffer(),
    );
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== expected)
      throw new Error(
        `${name} of ${tag} has sha256 ${actual}; expected ${expected} from the deployment.`,
      );
    await writeFile(join(siteDir, 'model', name), bytes);
  }
  await copyFile(
    join(dirname(fileURLToPath(import.meta.url)), 'page/index.html'),
    join(siteDir, 'index.html'),
  );
  await writeFile(
    join(siteDir, 'release.json'),
    `${JSON.stringify({ tag, sha256: digests }, null, 2)}\n`,
  );
  return { tag, files: MODEL_ASSETS };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command, ...args] = process.argv.slice(2);
  try {
    if (command === 'status') {
      const status = await setStatus(args[0], args[1]);
      console.log(`Deployment status: ${status.state}${args[1] ? ` at ${args[1]}` : ''}`);
    } else if (command === 'fetch') {
      const site = await fetchSite(args[0] ?? '_site');
      console.log(`Checked ${site.files.join(', ')} of ${site.tag} against their sha256.`);
    } else {
      throw new Error(`Unknown command "${command ?? ''}"; expected status or fetch.`);
    }
  } catch (error) {
    console.error(`::error::${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
