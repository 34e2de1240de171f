import { defineConfig } from 'vitest/config';

// In CI a green run is a few lines: dots, then the names and errors of failures only
// (`github-actions` adds annotations on GitHub). Locally the default reporter shows files.
const ci = process.env['CI'] === 'true' || process.env['CI'] === '1';
const reporters = !ci
  ? ['default']
  : process.env['GITHUB_ACTIONS']
    ? ['dot', 'github-actions']
    : ['dot'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters,
    // What the code under test logs (Octokit's request log, @actions/core, sandbox and App
    // logs) is buffered per test and printed only for a test that fails, under its name.
    silent: 'passed-only',
    // A private TMPDIR per run and per file; a file that leaves temp files behind fails.
    globalSetup: ['test/support/temp-root.ts'],
    setupFiles: ['test/support/temp-per-file.ts'],
    snapshotFormat: { escapeString: false, printBasicPrototype: false },
  },
});
