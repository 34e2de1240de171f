import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncConfigReference } from '../../../scripts/config-docs.ts';
import {
  configReferenceRows,
  renderConfigReference,
  replaceReferenceBlock,
} from '../../../src/core/config/config-reference.ts';

describe('config reference', () => {
  it('documents every key with type, default and description', () => {
    const rows = configReferenceRows();
    const byKey = new Map(rows.map((row) => [row.key, row]));
    expect(byKey.get('`data.path`')).toMatchObject({ type: 'string', default: 'required' });
    expect(byKey.get('`train.epochs`')).toEqual({
      key: '`train.epochs`',
      type: 'integer > 0 and ≤ 10000',
      default: '',
      description:
        'Training epochs (upper bound with early stopping); when omitted, chosen by data size with early stopping on.',
    });
    expect(byKey.get('`model.hidden`')?.default).toBe('`[64, 32]`');
    expect(byKey.get('`gate[].max_drop`')?.type).toBe('number ≥ 0');
    expect(byKey.get('`release.initial_version`')?.default).toBe('`0.1.0`');
    expect(rows.every((row) => row.description !== '')).toBe(true);
  });

  it('escapes the pipes of enum types so rows keep four cells', () => {
    const line = renderConfigReference()
      .split('\n')
      .find((row) => row.startsWith('| `model.type`'));
    expect(line).toContain('mlp \\| logistic \\| linear');
    expect(line?.split(/(?<!\\)\|/)).toHaveLength(6);
  });

  it('replaces only the marked block', () => {
    const doc =
      'intro\n<!-- config-reference:start -->\nold\n<!-- config-reference:end -->\nrest\n';
    expect(replaceReferenceBlock(doc, 'NEW')).toBe(
      'intro\n<!-- config-reference:start -->\n\nNEW\n\n<!-- config-reference:end -->\nrest\n',
    );
    expect(replaceReferenceBlock('no markers', 'NEW')).toBeNull();
  });
});

describe('syncConfigReference', () => {
  let dir: string;
  let readme: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'modelgate-docs-'));
    readme = join(dir, 'README.md');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports a stale block in check mode without writing, then writes and is current', async () => {
    const stale = '# x\n\n<!-- config-reference:start -->\nold\n<!-- config-reference:end -->\n';
    await writeFile(readme, stale);
    expect(await syncConfigReference({ readmePath: readme, check: true })).toBe('stale');
    expect(await readFile(readme, 'utf8')).toBe(stale);

    expect(await syncConfigReference({ readmePath: readme, check: false })).toBe('written');
    const written = await readFile(readme, 'utf8');
    expect(written).toContain('| `train.epochs`');
    // Formatting the README afterwards must not change the block, or --check would flap.
    expect(await prettier.format(written, { parser: 'markdown' })).toBe(written);
    expect(await syncConfigReference({ readmePath: readme, check: true })).toBe('current');
  });

  it('says when the README has no markers', async () => {
    await writeFile(readme, '# x\n');
    expect(await syncConfigReference({ readmePath: readme, check: true })).toBe('no-markers');
  });
});
