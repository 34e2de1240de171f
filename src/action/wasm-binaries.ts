import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** A binary `scripts/bundle.mjs` copies next to `dist/index.js`. */
const MARKER_BINARY = 'tfjs-backend-wasm-simd.wasm';

/**
 * Points the TensorFlow.js wasm backend at the binaries that `scripts/bundle.mjs` copies next
 * to the bundle. Loaded from `node_modules` the backend finds them on its own, but inside the
 * bundle its `__dirname` guess depends on the banner, and a wrong guess only shows up as a
 * silent fall back to the slower cpu backend. Must run before the backend is initialised.
 *
 * @param moduleUrl `import.meta.url` of the running module (the bundle when bundled).
 * @returns the directory used, or `null` when not running from a bundle.
 */
export function useBundledWasmBinaries(moduleUrl: string = import.meta.url): string | null {
  const directory = dirname(fileURLToPath(moduleUrl));
  if (!existsSync(join(directory, MARKER_BINARY))) return null;
  setWasmPaths(`${directory}/`);
  return directory;
}
