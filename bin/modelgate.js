#!/usr/bin/env node
// Runs the TypeScript sources through tsx, so `npx modelgate` works straight after `npm ci`
// without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/index.ts');
