/**
 * A minimal WebAssembly binary encoder: just the instructions the training kernels use.
 * Written by hand because no toolchain that emits wasm (clang, wat2wasm, binaryen) is a
 * dependency here, and a prebuilt .wasm blob would be unreviewable; the kernels are built
 * from readable TypeScript at load time (a few kilobytes, well under a millisecond).
 * Opcodes: WebAssembly core spec 2.0, §5.4 (SIMD under the 0xfd prefix).
 */

/** Value types of locals and parameters. */
export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;

function uleb(value: number): number[] {
  const out: number[] = [];
  let rest = value >>> 0;
  do {
    const byte = rest & 0x7f;
    rest >>>= 7;
    out.push(rest === 0 ? byte : byte | 0x80);
  } while (rest !== 0);
  return out;
}

function sleb(value: number): number[] {
  const out: number[] = [];
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    const done = (rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** Emits one function body; every method appends one instruction and returns `this`. */
export class Body {
  readonly bytes: number[] = [];
  private readonly locals: number[] = [];

  constructor(private readonly params: number) {}

  /** Declares a local of `type` and returns its index. */
  local(type: number): number {
    this.locals.push(type);
    return this.params + this.locals.length - 1;
  }

  private op(...bytes: number[]): this {
    this.bytes.push(...bytes);
    return this;
  }

  private simd(code: number, ...rest: number[]): this {
    return this.op(0xfd, ...uleb(code), ...rest);
  }

  get(index: number): this {
    return this.op(0x20, ...uleb(index));
  }
  set(index: number): this {
    return this.op(0x21, ...uleb(index));
  }
  tee(index: number): this {
    return this.op(0x22, ...uleb(index));
  }
  i32(value: number): this {
    return this.op(0x41, ...sleb(value));
  }
  add(): this {
    return this.op(0x6a);
  }
  sub(): this {
    return this.op(0x6b);
  }
  mul(): this {
    return this.op(0x6c);
  }
  and(): this {
    return this.op(0x71);
  }
  divS(): this {
    return this.op(0x6d);
  }
  ltS(): this {
    return this.op(0x48);
  }
  geS(): this {
    return this.op(0x4e);
  }
  eqz(): this {
    return this.op(0x45);
  }
  /** Loads the f32 at address + offset (bytes). */
  f32Load(offset = 0): this {
    return this.op(0x2a, 2, ...uleb(offset));
  }
  f32Store(offset = 0): this {
    return this.op(0x38, 2, ...uleb(offset));
  }
  f32Add(): this {
    return this.op(0x92);
  }
  f32Div(): this {
    return this.op(0x95);
  }
  f32Max(): this {
    return this.op(0x97);
  }
  /** f32.convert_i32_s. */
  f32FromI32(): this {
    return this.op(0xb2);
  }
  f32Const(value: number): this {
    const bytes = new Uint8Array(new Float32Array([value]).buffer);
    return this.op(0x43, ...bytes);
  }
  /** v128.const of four i32 lanes. */
  vConstI32(...lanes: [number, number, number, number]): this {
    return this.simd(0x0c, ...new Uint8Array(new Int32Array(lanes).buffer));
  }
  /** f32x4.extract_lane. */
  lane(index: number): this {
    return this.simd(0x1f, index);
  }
  /** i32x4.splat. */
  iSplat(): this {
    return this.simd(0x11);
  }
  vLoad(offset = 0): this {
    return this.simd(0x00, 4, ...uleb(offset));
  }
  /** v128.load32_splat: one f32 from memory into all four lanes (a single broadcast load). */
  vLoadSplat(offset = 0): this {
    return this.simd(0x09, 2, ...uleb(offset));
  }
  vStore(offset = 0): this {
    return this.simd(0x0b, 4, ...uleb(offset));
  }
  vZero(): this {
    return this.simd(0x0c, ...new Array<number>(16).fill(0));
  }
  splat(): this {
    return this.simd(0x13);
  }
  vAdd(): this {
    return this.simd(0xe4);
  }
  vSub(): this {
    return this.simd(0xe5);
  }
  vMul(): this {
    return this.simd(0xe6);
  }
  vDiv(): this {
    return this.simd(0xe7);
  }
  vSqrt(): this {
    return this.simd(0xe3);
  }
  vGt(): this {
    return this.simd(0x44);
  }
  vAnd(): this {
    return this.simd(0x4e);
  }
  /** v128.andnot: a & ~b. */
  vAndNot(): this {
    return this.simd(0x4f);
  }
  /** v128.bitselect(a, b, mask): a where mask bits are set, else b. */
  vSelect(): this {
    return this.simd(0x52);
  }
  vLt(): this {
    return this.simd(0x43);
  }
  /** f32x4.max (NaN-propagating, like Math.max). */
  vMax(): this {
    return this.simd(0xe9);
  }
  /** f32x4.nearest: round to nearest, ties to even. */
  vNearest(): this {
    return this.simd(0x6a);
  }
  /** i32x4.trunc_sat_f32x4_s. */
  iFromF(): this {
    return this.simd(0xf8);
  }
  /** i32x4.lt_s. */
  iLt(): this {
    return this.simd(0x39);
  }
  iAdd(): this {
    return this.simd(0xae);
  }
  /** i32x4.shl by an i32 count. */
  iShl(): this {
    return this.simd(0xab);
  }
  /** f32x4.pmax: b < a ? a : b, lane-wise — relu as max(0, x) with tf's NaN passing through. */
  vPmax(): this {
    return this.simd(0xeb);
  }
  /** i32.load at address + offset (bytes). */
  i32Load(offset = 0): this {
    return this.op(0x28, 2, ...uleb(offset));
  }
  /** memory.copy(dst, src, bytes) within the one memory (bulk memory, core spec 2.0). */
  memoryCopy(): this {
    return this.op(0xfc, ...uleb(10), 0x00, 0x00);
  }
  drop(): this {
    return this.op(0x1a);
  }
  block(body: () => void): this {
    this.op(0x02, 0x40);
    body();
    return this.op(0x0b);
  }
  loop(body: () => void): this {
    this.op(0x03, 0x40);
    body();
    return this.op(0x0b);
  }
  when(body: () => void): this {
    this.op(0x04, 0x40);
    body();
    return this.op(0x0b);
  }
  br(depth: number): this {
    return this.op(0x0c, ...uleb(depth));
  }
  brIf(depth: number): this {
    return this.op(0x0d, ...uleb(depth));
  }
  call(index: number): this {
    return this.op(0x10, ...uleb(index));
  }

  /** The encoded body: local declarations (run-length by type), code, `end`. */
  encode(): number[] {
    const runs: number[][] = [];
    let run = 0;
    this.locals.forEach((type, i) => {
      run++;
      if (this.locals[i + 1] === type) return;
      runs.push([...uleb(run), type]);
      run = 0;
    });
    const code = [...vector(runs), ...this.bytes, 0x0b];
    return [...uleb(code.length), ...code];
  }
}

/** A function of the module: `params` i32 parameters, no result. */
export interface FunctionDef {
  name?: string;
  params: number;
  body: Body;
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function vector(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...uleb(bytes.length), ...bytes];
}

/**
 * A module importing a shared memory `env.memory` (any size up to 4 GiB, so one compiled
 * module serves every run, and worker threads run it on the same memory) and exporting the
 * named functions.
 */
export function encodeModule(functions: FunctionDef[]): Uint8Array {
  const arities = [...new Set(functions.map((f) => f.params))];
  const types = vector(
    arities.map((n) => [0x60, ...uleb(n), ...new Array<number>(n).fill(I32), 0]),
  );
  // Limits flag 3: shared, with a maximum (65536 pages of 64 KiB).
  const memory = [...name('env'), ...name('memory'), 0x02, 0x03, ...uleb(1), ...uleb(65536)];
  const exported = functions.flatMap((f, i) =>
    f.name ? [[...name(f.name), 0x00, ...uleb(i)]] : [],
  );
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, types),
    ...section(2, vector([memory])),
    ...section(3, vector(functions.map((f) => uleb(arities.indexOf(f.params))))),
    ...section(7, vector(exported)),
    ...section(10, vector(functions.map((f) => f.body.encode()))),
  ]);
}
