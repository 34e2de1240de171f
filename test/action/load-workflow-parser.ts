import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

type WorkflowParser = typeof import('@actions/workflow-parser');
type ActionParser = typeof import('@actions/workflow-parser/actions/index');

/**
 * `@actions/workflow-parser` 0.3 imports its JSON schemas without an import attribute, which
 * Node 20's ESM loader rejects (and vitest externalises node_modules, so Node loads it).
 * Bundling the two entry points with esbuild inlines the JSON; the code that runs is the
 * package's own.
 */
export async function loadWorkflowParser(): Promise<{
  workflows: WorkflowParser;
  actions: ActionParser;
}> {
  const directory = await mkdtemp(join(tmpdir(), 'modelgate-workflow-parser-'));
  const bundle = async (specifier: string, name: string): Promise<string> => {
    const result = await build({
      stdin: { contents: `export * from '${specifier}';`, resolveDir: process.cwd(), loader: 'js' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    const file = join(directory, name);
    await writeFile(file, result.outputFiles[0]?.text ?? '');
    return pathToFileURL(file).href;
  };
  try {
    const workflows: WorkflowParser = await import(
      await bundle('@actions/workflow-parser', 'workflows.mjs')
    );
    const actions: ActionParser = await import(
      await bundle('@actions/workflow-parser/actions/index', 'actions.mjs')
    );
    return { workflows, actions };
  } finally {
    // Imported modules stay in memory; the files are not needed once loaded.
    await rm(directory, { recursive: true, force: true });
  }
}
