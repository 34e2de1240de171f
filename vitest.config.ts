import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // A private TMPDIR per run and per file; a file that leaves temp files behind fails.
    globalSetup: ['test/support/temp-root.ts'],
    setupFiles: ['test/support/temp-per-file.ts'],
    snapshotFormat: { escapeString: false, printBasicPrototype: false },
  },
});
