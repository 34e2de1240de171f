import { readFile } from 'node:fs/promises';

/**
 * esbuild plugins that keep code out of the chunks a run loads at start (issue 20: every byte a
 * step loads is decoded, compiled and garbage-collected before the step does any work). Each
 * one corrects what a package's own metadata tells a bundler; each falls back to the normal
 * build when the package changes shape, so an upgrade can cost speed but never break a run
 * (test/action/cold-start.test.ts notices the speed).
 */

/**
 * `@actions/core` imports its `oidc-utils.js` for `getIDToken` alone, which modelgate never
 * calls. esbuild drops that unused code, but still counts the import when it places modules
 * in chunks, so `@actions/http-client` and undici behind it (a twelfth of the bundle) landed
 * in the chunk every step loads. The file only declares a class; marking it free of side
 * effects (which its package.json does not say) lets the split see that it is unused.
 *
 * @type {import('esbuild').Plugin}
 */
export const unusedOidcClient = {
  name: 'modelgate-unused-oidc-client',
  setup(build) {
    const importer = /[\\/]@actions[\\/]core[\\/]lib[\\/]/;
    build.onResolve({ filter: /^\.\/oidc-utils\.js$/ }, async (args) => {
      if (args.pluginData === unusedOidcClient || !importer.test(args.importer)) return undefined;
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: unusedOidcClient,
      });
      return resolved.errors.length > 0 ? undefined : { ...resolved, sideEffects: false };
    });
  },
};

/**
 * zod's namespace carries `z.locales` (and `z.core.locales`): error messages in some forty
 * languages, 255 KB of the bundle, that a bundler cannot drop because `z` is one object.
 * modelgate's messages are English and set nothing else (zod configures `en` itself, from
 * `locales/en.js`), so the namespace is built from English alone.
 *
 * @type {import('esbuild').Plugin}
 */
export const englishZodLocales = {
  name: 'modelgate-english-zod-locales',
  setup(build) {
    const importer = /[\\/]zod[\\/]v4[\\/](?:classic|core|mini)[\\/]/;
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      importer.test(args.importer)
        ? { path: 'zod-locales', namespace: 'modelgate-zod-en', pluginData: args.resolveDir }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'modelgate-zod-en' }, (args) => ({
      contents: "export { default as en } from '../locales/en.js';",
      resolveDir: args.pluginData,
      loader: 'js',
    }));
  },
};

/**
 * tfjs-core requires node-fetch (with whatwg-url and tr46 behind it: 300 KB) only when there is
 * no global `fetch`, which every Node the Action and the CLI run on (≥ 20) has. The stand-in
 * hands over that global fetch, so even that unreachable path would still work.
 *
 * @type {import('esbuild').Plugin}
 */
export const globalFetchForTfjs = {
  name: 'modelgate-global-fetch-for-tfjs',
  setup(build) {
    const importer = /[\\/]@tensorflow[\\/]tfjs-core[\\/]/;
    build.onResolve({ filter: /^node-fetch$/ }, (args) =>
      importer.test(args.importer)
        ? { path: 'node-fetch', namespace: 'modelgate-global-fetch' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'modelgate-global-fetch' }, () => ({
      contents: 'module.exports = globalThis.fetch;',
      loader: 'js',
    }));
  },
};

/**
 * TensorFlow.js in its ES-module build (package.json `module`) rather than its Node build
 * (`main`). Same sources and version; the Node build is one CommonJS file compiled down to
 * ES5 (every `async` a generator state machine), which V8 parses twice (once with the chunk,
 * again when the module is first required) and which is twice the size: 900 KB instead of
 * 450 for core and layers, the largest part of what a training run loads. The ES build
 * declares its side effects (kernel, gradient and platform registration) for bundlers, so
 * what it registers stays. Sources run through Node itself (tsx, vitest) keep the Node build;
 * the engine is one global either way, which is also how tfjs-node joins it.
 *
 * @type {import('esbuild').Plugin}
 */
export const tfjsEsModules = {
  name: 'modelgate-tfjs-es-modules',
  setup(build) {
    build.onResolve(
      { filter: /^@tensorflow\/tfjs-(?:core|layers|backend-cpu|backend-wasm)$/ },
      async (args) => {
        if (args.pluginData === tfjsEsModules) return undefined;
        const options = { kind: args.kind, resolveDir: args.resolveDir, pluginData: tfjsEsModules };
        const manifest = await build.resolve(`${args.path}/package.json`, options);
        if (manifest.errors.length > 0) return undefined;
        const { module } = JSON.parse(await readFile(manifest.path, 'utf8'));
        if (typeof module !== 'string') return undefined;
        // Through esbuild's resolver, so the package's `sideEffects` list still applies.
        const resolved = await build.resolve(
          `${args.path}/${module.replace(/^\.\//, '')}`,
          options,
        );
        return resolved.errors.length > 0 ? undefined : resolved;
      },
    );
  },
};

/**
 * What src/train/tf.ts is in a bundle: tfjs-core and tfjs-layers with the two registrations
 * the `@tensorflow/tfjs` umbrella makes on top of them (chained ops, gradients), without its
 * WebGL backend, converter and tfjs-data (see tf.ts for why).
 *
 * @type {import('esbuild').Plugin}
 */
export const slimTfjs = {
  name: 'modelgate-slim-tfjs',
  setup(build) {
    const importer = /[\\/]src[\\/]train[\\/]tf\.ts$/;
    build.onResolve({ filter: /^@tensorflow\/tfjs$/ }, (args) =>
      importer.test(args.importer)
        ? { path: 'tfjs', namespace: 'modelgate-slim-tfjs', pluginData: args.resolveDir }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'modelgate-slim-tfjs' }, (args) => ({
      contents: [
        "export * from '@tensorflow/tfjs-core';",
        "export * from '@tensorflow/tfjs-layers';",
        "import '@tensorflow/tfjs-core/dist/register_all_gradients';",
        "import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';",
      ].join('\n'),
      resolveDir: args.pluginData,
      loader: 'js',
    }));
  },
};
