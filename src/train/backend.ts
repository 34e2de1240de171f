import * as tf from './tf.ts';
import type { BACKEND_CHOICES } from '../core/config/schema.ts';
import { InputError } from '../core/errors.ts';

/** The TensorFlow.js module every part of modelgate (and a user's model module) shares. */
export type TF = typeof tf;

/** `--backend` / `train.backend`: a backend by name, or `auto` for the fastest that loads. */
export type BackendChoice = (typeof BACKEND_CHOICES)[number];
/** Backend names as reported in metrics.json, in the words of the `--backend` flag. */
export type BackendName = 'node' | 'wasm' | 'cpu';

/** Where a bundled build finds the wasm backend's files. */
export interface BackendOptions {
  /**
   * Directory holding tfjs-backend-wasm's `.wasm` files, with a trailing slash. Only a
   * bundle needs it: loaded from node_modules, the backend finds its files by itself.
   */
  wasmDir?: string;
}

/** Registered tfjs backend name of each choice. */
const REGISTERED: Record<BackendName, string> = { node: 'tensorflow', wasm: 'wasm', cpu: 'cpu' };

async function loadNode(): Promise<boolean> {
  try {
    // An optional dependency: its install downloads libtensorflow and is skipped offline.
    // The package registers the 'tensorflow' backend on the engine all copies of tfjs-core share.
    await import('@tensorflow/tfjs-node' as string);
    return tf.findBackendFactory(REGISTERED.node) !== null;
  } catch {
    return false;
  }
}

async function loadWasm(options: BackendOptions): Promise<boolean> {
  try {
    const wasm = await import('./wasm-backend.ts');
    if (options.wasmDir) wasm.setWasmPaths(options.wasmDir);
    return tf.findBackendFactory(REGISTERED.wasm) !== null;
  } catch {
    return false;
  }
}

async function loadCpu(): Promise<boolean> {
  await import('./cpu-backend.ts');
  return tf.findBackendFactory(REGISTERED.cpu) !== null;
}

async function activate(name: BackendName): Promise<boolean> {
  try {
    return (await tf.setBackend(REGISTERED[name])) && tf.getBackend() === REGISTERED[name];
  } catch {
    return false;
  }
}

/**
 * The cpu backend prints a "install tfjs-node" banner through tfjs's warn() on its first
 * tensor, in the middle of modelgate's progress line or `--json` output. modelgate reports
 * the backend itself (metrics.json `model.backend`), so make that first write while tfjs's
 * PROD flag (which only mutes its warn/log) is set, and restore the flag: later warnings,
 * e.g. from a user's model module, still show.
 */
function silenceCpuBanner(): void {
  const prod = tf.env().getBool('PROD');
  tf.env().set('PROD', true);
  // tidy would hand the scalar back (kept), so dispose it: one leaked tensor per selection.
  tf.scalar(0).dispose();
  tf.env().set('PROD', prod);
}

/**
 * Selects the TensorFlow.js backend (DESIGN.md §2): `auto` tries tfjs-node, then wasm, then
 * the pure-JS cpu backend; an explicit choice that cannot load is an input error rather
 * than a silent fallback, because the user asked for it by name.
 */
export async function selectBackend(
  choice: BackendChoice,
  options: BackendOptions = {},
): Promise<{ tf: TF; backend: BackendName }> {
  const order: BackendName[] = choice === 'auto' ? ['node', 'wasm', 'cpu'] : [choice];
  for (const name of order) {
    const loaded =
      name === 'node'
        ? await loadNode()
        : name === 'wasm'
          ? await loadWasm(options)
          : await loadCpu();
    if (loaded && (await activate(name))) {
      await tf.ready();
      if (name === 'cpu') silenceCpuBanner();
      return { tf, backend: name };
    }
  }
  const hint =
    choice === 'node'
      ? 'install the optional dependency @tensorflow/tfjs-node (it downloads libtensorflow)'
      : 'use --backend auto';
  throw new InputError(`The TensorFlow.js backend "${choice}" is not available here; ${hint}.`);
}
