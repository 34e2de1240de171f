/**
 * The wasm backend, imported statically here so that backend.ts can load this module on
 * demand. Importing the CommonJS package itself with `import()` works from node_modules,
 * but in a code-split bundle esbuild hands back only a `default` export (Node's rule for a
 * CommonJS module), so `setWasmPaths` would be missing and the Action's wasm directory would
 * silently go unused. A static import keeps the named exports in every build.
 */
export { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
