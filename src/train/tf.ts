/**
 * The TensorFlow.js modelgate trains with, and hands to a user's `createModel(tf, …)`.
 *
 * Run from source (tsx, vitest) this is the `@tensorflow/tfjs` umbrella: its Node build is the
 * only CommonJS that registers the chained ops (`x.square().sum()`, `.asScalar()`, which
 * tfjs-layers and src/train/fit.ts call) and every gradient. The Action's and the CLI's
 * bundles replace it (scripts/bundle-plugins.mjs, `slimTfjs`) with tfjs-core and tfjs-layers
 * plus those two registrations, from tfjs's ES-module build: the umbrella also carries the
 * WebGL backend, the graph-model converter and tfjs-data, which Node never runs and which
 * were a fifth of the Action's bundle, parsed on every cold start (issue 20). A model module
 * therefore finds `tf.data` and `tf.loadGraphModel` only when run from source. Backends are
 * loaded when selected (src/train/backend.ts).
 *
 * tfjs-node, when installed, registers its backend on the engine that every copy of
 * tfjs-core shares through a global, so this module sees it all the same.
 */
export * from '@tensorflow/tfjs';
