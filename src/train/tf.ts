/**
 * The TensorFlow.js modelgate trains with, and hands to a user's `createModel(tf, …)`: the
 * ops and engine of tfjs-core and the Layers API of tfjs-layers. The backends (tfjs-node,
 * wasm, the pure-JS cpu) are imported when selected, src/train/backend.ts.
 *
 * Not the `@tensorflow/tfjs` umbrella: it also carries the WebGL backend, the graph-model
 * converter and tfjs-data, which Node never runs and which were a fifth of the Action's
 * bundle, parsed on every cold start (issue 20). The names the umbrella adds on top of
 * these two (`tf.data`, `tf.loadGraphModel`, the WebGL and cpu backends' exports) are
 * therefore absent.
 *
 * tfjs-node, when installed, registers its backend on the engine that every copy of
 * tfjs-core shares through a global, so this module sees it all the same.
 */
export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-layers';
