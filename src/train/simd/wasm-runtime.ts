/**
 * The few WebAssembly JS API types the trainer uses. The project's `lib` (ES2023, no DOM)
 * and @types/node 20 do not declare the WebAssembly namespace, so it is described here and
 * taken from globalThis once.
 */

/** A shared WebAssembly.Memory. */
export interface WasmMemory {
  readonly buffer: SharedArrayBuffer;
}

/** A compiled WebAssembly.Module (opaque; cloneable to worker threads). */
export interface WasmModule {
  readonly [Symbol.toStringTag]: string;
}

/** The constructors of the WebAssembly JS API the trainer uses. */
export interface WasmApi {
  Memory: new (descriptor: { initial: number; maximum: number; shared: true }) => WasmMemory;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (
    module: WasmModule,
    imports: { env: { memory: WasmMemory } },
  ) => { exports: Record<string, unknown> };
}

function isApi(value: unknown): value is WasmApi {
  return (
    typeof value === 'object' &&
    value !== null &&
    'Memory' in value &&
    typeof value.Memory === 'function' &&
    'Module' in value &&
    typeof value.Module === 'function' &&
    'Instance' in value &&
    typeof value.Instance === 'function'
  );
}

/** The runtime's WebAssembly API, or undefined where there is none (the trainer then falls back). */
export function wasmApi(): WasmApi | undefined {
  const api: unknown = Reflect.get(globalThis, 'WebAssembly');
  return isApi(api) ? api : undefined;
}
