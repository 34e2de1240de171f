/**
 * The pure-JS cpu backend, loaded by backend.ts only when selected or fallen back to: with
 * wasm, the usual case, its 130 KB need not be parsed at start (issue 20). Importing the
 * package registers the backend; the named re-export is what keeps it in a bundle, since
 * the package declares its node build free of side effects and a bundler drops a bare import
 * of it without a trace.
 */
export { version_cpu } from '@tensorflow/tfjs-backend-cpu';
