/**
 * The TensorFlow.js modelgate trains with, and hands to a user's `createModel(tf, …)`: the
 * ops and engine of tfjs-core, the Layers API of tfjs-layers, and the pure-JS cpu backend as
 * the last fallback (the wasm backend is imported when selected, src/train/backend.ts).
 *
 * Not the `@tensorflow/tfjs` umbrella: it also carries the WebGL backend, the graph-model
 * converter and tfjs-data, which Node never runs and which were a fifth of the Action's
 * bundle, parsed on every cold start (issue 20). The names the umbrella adds on top of
 * these two (`tf.data`, `tf.loadGraphModel`, the WebGL helpers) are therefore absent.
 *
 * tfjs-node, when installed, registers its backend on the engine that every copy of
 * tfjs-core shares through a global, so this module sees it all the same.
 */
export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-layers';
// Re-exported as the umbrella does (`version_cpu`, `shared`), not imported bare: importing
// the package registers the backend, but its package.json declares its node build free of
// side effects, so a bundler drops a bare import of it and `auto` finds no cpu fallback.
export * from '@tensorflow/tfjs-backend-cpu';
