#!/usr/bin/env node
// Writes test/fixtures/openapi/subset.json: GitHub's OpenAPI description (dereferenced) cut
// down to the operations the sandbox serves, so tests can validate the sandbox's requests and
// responses against what GitHub documents without installing @octokit/openapi (385 MB).
//
//   node scripts/openapi-subset.mjs            regenerate the subset
//   node scripts/openapi-subset.mjs --check    fail when the committed subset is stale
//
// The package is fetched with `npm pack` into a temp dir and only the one JSON file is
// extracted from the tarball. The version is pinned so the subset is reproducible.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const OPENAPI_PACKAGE = '@octokit/openapi@23.0.2';
const SPEC_FILE = 'package/generated/api.github.com.deref.json';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const output = join(root, 'test/fixtures/openapi/subset.json');

register();
const { allRoutes } = await import('../src/sandbox/routes/index.ts');
const { writeFileAtomic } = await import('../src/data/atomic-write.ts');

const work = mkdtempSync(join(tmpdir(), 'openapi-subset-'));
let spec;
try {
  const tarball = execFileSync(
    'npm',
    ['pack', OPENAPI_PACKAGE, '--silent', '--pack-destination', work],
    {
      encoding: 'utf8',
    },
  )
    .trim()
    .split('\n')
    .pop();
  execFileSync('tar', ['-xzf', join(work, tarball), '-C', work, SPEC_FILE]);
  spec = JSON.parse(readFileSync(join(work, SPEC_FILE), 'utf8'));
} finally {
  rmSync(work, { recursive: true, force: true });
}

function jsonSchemaOf(content) {
  if (!content) return undefined;
  const entry = content['application/json'] ?? content['application/scim+json'];
  return entry?.schema;
}

const paths = {};
const missing = [];
for (const route of allRoutes) {
  const method = route.method.toLowerCase();
  const operation = spec.paths[route.path]?.[method];
  if (!operation) {
    missing.push(`${route.method} ${route.path}`);
    continue;
  }
  const responses = {};
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    const schema = jsonSchemaOf(response.content);
    responses[status] = schema === undefined ? {} : { schema };
  }
  const requestSchema = jsonSchemaOf(operation.requestBody?.content);
  paths[route.path] ??= {};
  paths[route.path][method] = {
    operationId: operation.operationId,
    ...(requestSchema
      ? {
          requestBody: { required: operation.requestBody.required === true, schema: requestSchema },
        }
      : {}),
    responses,
  };
}
if (missing.length > 0) {
  console.error(`These sandbox routes are not in ${OPENAPI_PACKAGE}:\n  ${missing.join('\n  ')}`);
  process.exit(1);
}

const subset = {
  source: `${OPENAPI_PACKAGE} ${SPEC_FILE.replace(/^package\//, '')}`,
  info: { title: spec.info.title, version: spec.info.version },
  paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
};
const text = `${JSON.stringify(subset, null, 1)}\n`;

if (process.argv.includes('--check')) {
  const current = readFileSync(output, 'utf8');
  if (current !== text) {
    console.error(`${output} is stale; run node scripts/openapi-subset.mjs and commit the result.`);
    process.exit(1);
  }
  console.log('OpenAPI subset is up to date.');
} else {
  mkdirSync(dirname(output), { recursive: true });
  await writeFileAtomic(output, text);
  console.log(
    `Wrote ${Object.values(paths).reduce((n, ops) => n + Object.keys(ops).length, 0)} operations to ${output} (${(text.length / 1e6).toFixed(1)} MB).`,
  );
}
