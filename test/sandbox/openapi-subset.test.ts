import { describe, expect, it } from 'vitest';
import { allRoutes } from '../../src/sandbox/index.ts';
import { loadSubset } from '../support/openapi.ts';

describe('the committed OpenAPI subset', () => {
  it('holds exactly the operations the sandbox serves (re-run scripts/openapi-subset.mjs after adding a route)', () => {
    const subset = loadSubset();
    const committed = Object.entries(subset.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const served = allRoutes.map((route) => `${route.method} ${route.path}`);
    expect(new Set(committed)).toEqual(new Set(served));
    expect(subset.source).toMatch(
      /^@octokit\/openapi@\d+\.\d+\.\d+ generated\/api\.github\.com\.deref\.json$/,
    );
  });
});
