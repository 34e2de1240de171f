import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A binary `scripts/bundle.mjs` copies next to `dist/index.js`. */
const MARKER_BINARY = 'tfjs-backend-wasm-simd.wasm';

/**
 * The directory (with a trailing slash, as `setWasmPaths` wants it) of the TensorFlow.js wasm
 * binaries that `scripts/bundle.mjs` copies next to the bundle, or `null` when not running
 * from a bundle. Loaded from `node_modules` the wasm backend finds its binaries on its own;
 * inside a bundle its guess depends on `__dirname`, and a wrong guess only shows up as a
 * silent fall back to the slower cpu backend, so the Action passes the directory explicitly.
 *
 * @param moduleUrl `import.meta.url` of the running module (the bundle when bundled).
 */
export function bundledWasmDirectory(moduleUrl: string = import.meta.url): string | null {
  const directory = dirname(fileURLToPath(moduleUrl));
  return existsSync(join(directory, MARKER_BINARY)) ? `${directory}/` : null;
}
