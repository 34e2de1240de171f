#!/usr/bin/env node
/**
 * Builds the GitHub Action into `dist/`: the ESM entry `dist/index.js` (what `action.yml`
 * runs), the chunks it imports on demand, and the TensorFlow.js wasm binaries next to them.
 * `dist/` is committed because `uses: owner/modelgate@v1` runs straight from the tag without
 * installing anything; CI rebuilds it and fails when the committed copy differs
 * (`npm run check:dist`).
 *
 * Why esbuild and not ncc: tfjs' CommonJS builds call `require('util')` and read `__dirname`,
 * which an ESM bundle does not have. esbuild keeps those calls working with a banner that
 * recreates `require`, `__filename` and `__dirname` from `import.meta.url`; ncc has no such
 * hook and does not copy the `.wasm` files either.
 */
import { build } from 'esbuild';
import {
  englishZodLocales,
  globalFetchForTfjs,
  slimTfjs,
  tfjsEsModules,
  unusedOidcClient,
} from './bundle-plugins.mjs';
import { copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

// The names are prefixed so they cannot clash with a bundled module's own top-level `require`.
const banner = [
  "import { createRequire as __modelgateCreateRequire } from 'node:module';",
  "import { fileURLToPath as __modelgateFileURLToPath } from 'node:url';",
  "import { dirname as __modelgateDirname } from 'node:path';",
  'const require = __modelgateCreateRequire(import.meta.url);',
  'const __filename = __modelgateFileURLToPath(import.meta.url);',
  'const __dirname = __modelgateDirname(__filename);',
].join('\n');

/**
 * The esbuild settings both bundles ship with: one ESM entry `index.js` in `outDir`, split
 * into chunks at every dynamic `import()`, so a run parses only the code its path reaches
 * (the CLI's `--version` never parses TensorFlow.js; the Action's `train` mode without a
 * token never parses Octokit or the artifact client — issue 20's cold start). Chunks sit in
 * `outDir` beside `index.js`, where the banner's `__dirname` points, so tfjs-backend-wasm
 * finds its binaries from whichever chunk it lands in.
 *
 * @param {string} entry the entry module, relative to the repository root
 * @param {string} outDir
 * @returns {import('esbuild').BuildOptions}
 */
function splitEsmBundle(entry, outDir) {
  return {
    absWorkingDir: root,
    entryPoints: { index: entry },
    outdir: outDir,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    banner: { js: banner },
    chunkNames: '[name]-[hash]',
    plugins: [unusedOidcClient, englishZodLocales, globalFetchForTfjs, slimTfjs, tfjsEsModules],
    // tfjs-node is an optional native dependency that the engine loads with a dynamic import
    // when it is installed; it cannot be bundled (a .node binary plus libtensorflow), and on a
    // runner without it the engine falls back to the wasm backend.
    external: ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'],
    // Minified, the bundle is 5 MB instead of 7 and carries no module paths. `keepNames` would
    // keep readable stack traces but costs a fifth more start-up CPU (a defineProperty per
    // function); a user's mistake is reported as one sentence without a stack trace anyway.
    minify: true,
    legalComments: 'eof',
    logLevel: 'warning',
  };
}

/**
 * Bundles `entry` (relative to the repository root) into `outDir/index.js` plus its chunks
 * and copies the wasm binaries next to them. Exported so the tests can bundle a small probe
 * with exactly the settings the Action ships with.
 *
 * @param {{ entry?: string, outDir?: string }} [options]
 * @returns {Promise<{ outFile: string, wasmFiles: string[], metafile: import('esbuild').Metafile }>}
 *   `metafile`: which modules went into which chunk, for the test that keeps a run from
 *   loading more than its path needs.
 */
export async function bundleAction({
  entry = 'src/action/index.ts',
  outDir = join(root, 'dist'),
} = {}) {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const { metafile } = await build({ ...splitEsmBundle(entry, outDir), metafile: true });

  // The wasm backend loads its binary from the directory passed to `setWasmPaths` (the Action
  // points it at the bundle's own directory), so the binaries travel with the bundle.
  const wasmFiles = await copyWasm(outDir);

  // The bundle is an ES module wherever it is copied to, without Node having to detect it
  // (detection parses a CommonJS attempt first: twice the work at every cold start).
  await writeFile(join(outDir, 'package.json'), `${JSON.stringify({ type: 'module' }, null, 2)}\n`);

  return { outFile: join(outDir, 'index.js'), wasmFiles, metafile };
}

/**
 * Builds the `modelgate` command into `dist/cli/` for the npm package (`bin/modelgate.js` runs
 * it when the sources are not there): every runtime dependency is inlined, so installing the
 * package downloads no dependency tree and needs no TypeScript loader. Code splitting keeps
 * the CLI's lazy command imports lazy: `--version` or `compare` never parse TensorFlow.js or
 * Probot. The directory sits two levels deep like `src/cli/`, so the `new URL('../../…',
 * import.meta.url)` paths to `package.json`, `examples/` and `dist/index.js` still resolve.
 * Not committed (`.gitignore`): `npm pack` and git installs build it (`prepack`, `prepare`).
 *
 * @param {{ outDir?: string }} [options]
 * @returns {Promise<{ outFile: string, wasmFiles: string[] }>}
 */
export async function bundleCli({ outDir = join(root, 'dist', 'cli') } = {}) {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  await build(splitEsmBundle('src/cli/index.ts', outDir));
  // Chunks define `__dirname` as their own directory, which is where tfjs-backend-wasm looks
  // for its binaries when nobody called `setWasmPaths`.
  const wasmFiles = await copyWasm(outDir);
  await writeFile(join(outDir, 'package.json'), `${JSON.stringify({ type: 'module' }, null, 2)}\n`);
  return { outFile: join(outDir, 'index.js'), wasmFiles };
}

async function copyWasm(outDir) {
  const wasmDir = join(
    dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')),
    'dist',
  );
  const wasmFiles = (await readdir(wasmDir)).filter((name) => name.endsWith('.wasm')).sort();
  if (wasmFiles.length === 0) throw new Error(`No .wasm files found in ${wasmDir}.`);
  await mkdir(outDir, { recursive: true });
  for (const name of wasmFiles) await copyFile(join(wasmDir, name), join(outDir, name));
  return wasmFiles;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // `--cli` builds only the package's CLI (what `prepack` and `prepare` need); without it both
  // are built, the Action first because it clears `dist/`.
  if (!process.argv.includes('--cli')) {
    const { wasmFiles } = await bundleAction();
    console.log(`bundled dist/index.js and ${wasmFiles.length} wasm files`);
  }
  await bundleCli();
  console.log("bundled dist/cli/ (the npm package's modelgate command)");
}
