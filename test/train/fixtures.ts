import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigSchema, type Config, type ConfigInput } from '../../src/core/config/schema.ts';
import { createRandom } from '../../src/data/random.ts';

/** A temp directory for one test file. */
export function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `modelgate-${prefix}-`));
}

/**
 * A small, learnable classification set: two numeric features and a colour, the class
 * decided mostly by a + b with a shift for "red", some cells missing.
 */
export function classificationCsv(rows = 240, seed = 1): string {
  const random = createRandom(seed);
  const lines = ['a,b,colour,label'];
  const colours = ['red', 'green', 'blue'];
  for (let i = 0; i < rows; i++) {
    const a = random() * 4 - 2;
    const b = random() * 4 - 2;
    const colour = colours[i % 3] ?? 'red';
    const score = a + b + (colour === 'red' ? 0.5 : 0);
    const label = score > 0.3 ? 'yes' : 'no';
    const aText = i % 37 === 5 ? '' : a.toFixed(4);
    lines.push(`${aText},${b.toFixed(4)},${colour},${label}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A small regression set: y = 3a - 2b + noise. */
export function regressionCsv(rows = 200, seed = 2): string {
  const random = createRandom(seed);
  const lines = ['a,b,y'];
  for (let i = 0; i < rows; i++) {
    const a = random() * 2 - 1;
    const b = random() * 2 - 1;
    lines.push(
      `${a.toFixed(4)},${b.toFixed(4)},${(3 * a - 2 * b + (random() - 0.5) * 0.2 + 10).toFixed(4)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Writes `content` to `dir/name` and returns the path. */
export async function writeData(dir: string, name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

/** A full config for a data file with small, fast training settings. */
export function testConfig(path: string, label: string, extra: Partial<ConfigInput> = {}): Config {
  return ConfigSchema.parse({
    data: { path, label },
    ...extra,
    train: { epochs: 15, batch_size: 32, learning_rate: 0.01, backend: 'wasm', ...extra.train },
  });
}
