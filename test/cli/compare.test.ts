import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { metricKeys } from '../../src/core/metrics/registry.ts';
import { classificationRun } from '../core/gate/fixtures.ts';

let dir: string;

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await main(['node', 'modelgate', 'compare', ...args]);
    // An internal failure (exit 3) is a bug: show its message in the test's failure.
    if (code === 3) throw new Error(err.mock.calls.map((call) => String(call[0])).join(''));
    return {
      code,
      stdout: out.mock.calls.map((call) => String(call[0])).join(''),
      stderr: err.mock.calls.map((call) => String(call[0])).join(''),
    };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

async function writeJson(name: string, value: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, JSON.stringify(value));
  return path;
}

const CONFIG = [
  'data: { path: data.csv }',
  'gate:',
  '  - { metric: accuracy, min: 0.9 }',
  '  - { metric: accuracy, max_drop: 0.01 }',
].join('\n');

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'modelgate-compare-'));
  process.exitCode = undefined;
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('modelgate compare', () => {
  it('prints text tables by default and exits 0 when the gate passes', async () => {
    const baseline = await writeJson(
      'base.json',
      classificationRun({ accuracy: 0.95, f1_macro: 0.94 }),
    );
    const candidate = await writeJson(
      'pr.json',
      classificationRun({ accuracy: 0.96, f1_macro: 0.95 }),
    );
    const config = join(dir, 'modelgate.yml');
    await writeFile(config, CONFIG);
    const result = await run('--baseline', baseline, '--candidate', candidate, '--config', config);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    // Not a terminal here: no colour codes, no markdown, no HTML.
    expect(result.stdout).toBe(
      [
        '✓ Gate passed: 2 of 2 rules hold',
        '',
        'Metric      Base  Candidate  Change     Rule         Verdict',
        '────────  ──────  ─────────  ─────────  ───────────  ───────',
        'Accuracy  0.9500     0.9600  ▲ +0.0100  ≥ 0.9        ✓ pass',
        '                                        drop ≤ 0.01  ✓ pass',
        '',
        'Rules: 2 passed, 0 failed, 0 skipped',
        '',
        'All metrics',
        'Metric        Base  Candidate  Change',
        '──────────  ──────  ─────────  ─────────',
        'Accuracy    0.9500     0.9600  ▲ +0.0100',
        'F1 (macro)  0.9400     0.9500  ▲ +0.0100',
        '',
      ].join('\n'),
    );
  });

  it('prints GitHub markdown with --format md', async () => {
    const baseline = await writeJson(
      'base.json',
      classificationRun({ accuracy: 0.95, f1_macro: 0.94 }),
    );
    const candidate = await writeJson(
      'pr.json',
      classificationRun({ accuracy: 0.96, f1_macro: 0.95 }),
    );
    const config = join(dir, 'modelgate.yml');
    await writeFile(config, CONFIG);
    const result = await run(
      '--baseline',
      baseline,
      '--candidate',
      candidate,
      '--config',
      config,
      '--format',
      'md',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('### ✅ Gate passed: 2 of 2 rules hold');
    expect(result.stdout).toContain('| Metric | Base | PR | Change | Rule | Verdict |');
    expect(result.stdout).toContain('| F1 (macro) | 0.9400 | 0.9500 | 🟢 ▲ +0.0100 |');
    expect(result.stdout).not.toContain('<details>');
    expect(result.stderr).toBe('');
  });

  it('exits 1 naming the failing rule when the gate fails', async () => {
    const baseline = await writeJson('base.json', classificationRun({ accuracy: 0.95 }));
    const candidate = await writeJson('pr.json', classificationRun({ accuracy: 0.92 }));
    const config = join(dir, 'modelgate.yml');
    await writeFile(config, CONFIG);
    const result = await run('--baseline', baseline, '--candidate', candidate, '--config', config);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ dropped 0.0300 from 0.9500, more than max_drop 0.01');
    expect(result.stderr).toBe(
      'modelgate: Gate failed: accuracy dropped 0.0300 from 0.9500, more than max_drop 0.01.\n',
    );
  });

  it('prints the modelgate/comparison@1 document with --format json', async () => {
    const baseline = await writeJson('base.json', classificationRun({ accuracy: 0.95 }));
    const candidate = await writeJson('pr.json', classificationRun({ accuracy: 0.92 }));
    const config = join(dir, 'modelgate.yml');
    await writeFile(config, CONFIG);
    const result = await run(
      '--baseline',
      baseline,
      '--candidate',
      candidate,
      '--config',
      config,
      '--format',
      'json',
    );
    expect(result.code).toBe(1);
    const comparison: unknown = JSON.parse(result.stdout);
    expect(comparison).toMatchObject({
      schema: 'modelgate/comparison@1',
      verdict: 'fail',
      failures: [{ metric: 'accuracy', bound: 'max_drop', status: 'fail' }],
      metrics: [{ metric: 'accuracy', base: 0.95, candidate: 0.92, change: 'regressed' }],
    });
  });

  it('applies only absolute rules without --baseline', async () => {
    const candidate = await writeJson('pr.json', classificationRun({ accuracy: 0.93 }));
    const config = join(dir, 'modelgate.yml');
    await writeFile(config, CONFIG);
    const result = await run('--candidate', candidate, '--config', config);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No baseline: only absolute rules apply.');
    expect(result.stdout).toContain('- skipped (no baseline)');
  });

  it('reads .github/modelgate.yml from the working directory by default', async () => {
    await mkdir(join(dir, '.github'));
    await writeFile(join(dir, '.github', 'modelgate.yml'), CONFIG);
    await writeJson('pr.json', classificationRun({ accuracy: 0.5 }));
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const result = await run('--candidate', 'pr.json');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('accuracy 0.5000 is below the minimum 0.9');
    } finally {
      process.chdir(cwd);
    }
  });

  it('compares without rules when there is no config', async () => {
    const candidate = await writeJson('pr.json', classificationRun({ accuracy: 0.5 }));
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const result = await run('--candidate', candidate);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('No gate rules configured');
    } finally {
      process.chdir(cwd);
    }
  });

  it('exits 2 naming the file and the field of an invalid metrics.json', async () => {
    const candidate = await writeJson('pr.json', {
      ...classificationRun({ accuracy: 0.9 }),
      metrics: { accuracy: 'high' },
    });
    const result = await run('--candidate', candidate);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `modelgate: ${candidate}: metrics.accuracy must be a number, got "high".\n`,
    );
  });

  it('exits 2 on an infinite metric (JSON 1e999 parses as Infinity), saying it must be finite', async () => {
    const candidate = join(dir, 'pr.json');
    await writeFile(
      candidate,
      JSON.stringify(classificationRun({ accuracy: 0.9 })).replace(
        '"accuracy":0.9',
        '"accuracy":1e999',
      ),
    );
    const result = await run('--candidate', candidate);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `modelgate: ${candidate}: metrics.accuracy must be a finite number, got Infinity.\n`,
    );
  });

  it('exits 2 on a missing file, broken JSON or a bad config', async () => {
    const missing = await run('--candidate', join(dir, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      `modelgate: The candidate ${join(dir, 'nope.json')} does not exist; expected a metrics.json written by modelgate train.\n`,
    );

    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{"schema": ');
    const parsed = await run('--candidate', broken);
    expect(parsed.code).toBe(2);
    expect(parsed.stderr).toContain(`${broken} is not valid JSON`);

    const candidate = await writeJson('pr.json', classificationRun({ accuracy: 0.9 }));
    const config = join(dir, 'bad.yml');
    await writeFile(config, 'data: { path: d.csv }\ngate: [{ metric: accuracy, max_drop: "5%" }]');
    const bad = await run('--candidate', candidate, '--config', config);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      `modelgate: ${config}: gate[0].max_drop must be a number ≥ 0, got "5%".\n`,
    );
  });

  it('keeps the JSON error of a pretty-printed file with NaN on one line', async () => {
    const candidate = join(dir, 'pr.json');
    const pretty = JSON.stringify(classificationRun({ accuracy: 0.9 }), null, 2);
    await writeFile(candidate, pretty.replace('"accuracy": 0.9', '"accuracy": NaN'));
    const result = await run('--candidate', candidate);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^modelgate: \S+pr\.json is not valid JSON \(.*NaN.*\); expected a metrics\.json written by modelgate train\.\n$/,
    );
    expect(result.stderr.split('\n')).toHaveLength(2);
  });

  it('exits 2 on an unknown --format', async () => {
    const candidate = await writeJson('pr.json', classificationRun({ accuracy: 0.9 }));
    const result = await run('--candidate', candidate, '--format', 'html');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("argument 'html' is invalid");
  });
});

describe('modelgate compare with a config for another task', () => {
  it('names the config file and the rule whose metric the run does not have', async () => {
    const candidate = await writeJson('pr.json', classificationRun({ accuracy: 0.9 }));
    const config = join(dir, 'modelgate.yml');
    await writeFile(config, 'data: { path: d.csv }\ngate: [{ metric: r2, min: 0.3 }]');
    const result = await run('--candidate', candidate, '--config', config);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `modelgate: ${config}: gate[0].metric 'r2' is not a classification metric; expected one of ${metricKeys('classification').join(', ')}.\n`,
    );
  });
});
