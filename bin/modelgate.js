#!/usr/bin/env node
// Two ways to run, chosen by what is installed next to this file:
// - a checkout of the repository (src/ present): the TypeScript sources through tsx, so
//   `npx modelgate` runs the code being edited straight after `npm ci`, without a build step;
// - the npm package (only dist/cli/, see package.json `files`): the bundled CLI, which needs
//   no dependency installed and no TypeScript loader.
import { existsSync } from 'node:fs';

const sources = new URL('../src/cli/index.ts', import.meta.url);
if (existsSync(sources)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(sources.href);
} else {
  await import('../dist/cli/index.js');
}
