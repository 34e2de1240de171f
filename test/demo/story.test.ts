import { describe, expect, it } from 'vitest';
import type { StepOutcome } from '../../src/demo/printer.ts';
import { noiseRules } from '../../src/demo/steps-noise.ts';
import { brokenRules } from '../../src/demo/steps-pulls.ts';
import { editConfig } from '../../src/demo/story-state.ts';
import { summaryLine } from '../../src/demo/summary.ts';

describe('brokenRules', () => {
  it('lists each failed rule of the verdict table with its metric', () => {
    const summary = [
      '### ❌ Gate failed: accuracy 0.7143 is below the minimum 0.85 (+2 more)',
      '',
      '| Metric | Base | PR | Change | Rule | Verdict |',
      '| :-- | --: | --: | :-- | :-- | :-- |',
      '| **Accuracy** | 0.8857 | 0.7143 | 🔴 ▼ −0.1714 | ≥ 0.85<br>drop ≤ 0.02 | ❌ 0.7143 is below the minimum 0.85<br>❌ dropped 0.1714 from 0.8857 |',
      '| **Log loss** | 0.2701 | 0.2600 | 🟢 ▼ −0.0101 | rise ≤ 0.05 | ✅ pass |',
    ].join('\n');
    expect(brokenRules(summary)).toEqual([
      'Accuracy: 0.7143 is below the minimum 0.85',
      'Accuracy: dropped 0.1714 from 0.8857',
    ]);
    expect(brokenRules('### ✅ Gate passed')).toEqual([]);
  });
});

describe('noiseRules', () => {
  it('lists the rules a paired test passed although their bound failed', () => {
    const summary = [
      '| Metric | Base | PR | Change | Rule | Verdict |',
      '| :-- | --: | --: | :-- | :-- | :-- |',
      '| **Accuracy** | 0.8857 | 0.8571 | 🔴 ▼ −0.0286 | ≥ 0.85<br>drop ≤ 0.02 | ✅ pass<br>✅ dropped 0.0286 from 0.8857, more than max_drop 0.02, but within noise (p = 0.25) |',
      '| **Log loss** | 0.2701 | 0.3058 | 🔴 ▲ +0.0357 | rise ≤ 0.05 | ✅ pass |',
    ].join('\n');
    expect(noiseRules(summary)).toEqual([
      'Accuracy: dropped 0.0286 from 0.8857, more than max_drop 0.02, but within noise (p = 0.25)',
    ]);
    expect(noiseRules('| **Accuracy** | 1 | 1 | ±0 | ≥ 0.85 | ✅ pass |')).toEqual([]);
  });
});

describe('editConfig', () => {
  it('changes keys and keeps the comments of the file', () => {
    const text = '# the model\nmodel:\n  type: logistic # a baseline\ntrain:\n  epochs: 4\n';
    const edited = editConfig(text, [
      [['model'], { type: 'mlp', hidden: [16] }],
      [['train', 'epochs'], 30],
    ]);
    expect(edited).toContain('# the model');
    expect(edited).toContain('model: { type: mlp, hidden: [ 16 ] }');
    expect(edited).toContain('epochs: 30');
  });
});

describe('summaryLine', () => {
  const PARTS = [
    'baseline',
    'improve',
    'regress',
    'noise',
    'data',
    'release',
    'deploy',
    'driftOpened',
    'driftClosed',
    'performanceOpened',
    'performanceClosed',
  ] as const;
  const step = (ok: boolean, index: number): StepOutcome => ({
    title: 'step',
    part: PARTS[index] ?? 'none',
    facts: [{ ok, text: ok ? 'held' : 'did not hold' }],
    seconds: 1,
  });
  const state = {
    baseline: { sha: 'a'.repeat(40), accuracy: 0.8857 },
    improve: { number: 1, firstHead: 'b', head: 'c', commentId: 7 },
    regress: { number: 2, head: 'd' },
    noise: { number: 3, head: 'f' },
    release: { sha: 'e', tag: 'model-v0.1.0' },
    driftIssue: 4,
  };

  it('names every verified part of the story', () => {
    expect(
      summaryLine({
        ok: true,
        steps: PARTS.map((_, index) => step(true, index)),
        total: 11,
        state,
        seconds: 31.24,
      }),
    ).toBe(
      'modelgate demo passed: 11/11 steps as told — baseline accuracy 0.886, PR #1 gate passed, PR #2 gate failed, PR #3 passed as noise, the data change shown, released model-v0.1.0, deployed, drift issue #4 opened and closed, performance issue opened and closed (31.2 s)',
    );
  });

  it('never claims a step that was not verified', () => {
    const steps = [true, true, false, false, true, true, false, true, false, true, false].map(step);
    const line = summaryLine({ ok: false, steps, total: 11, state, seconds: 5 });
    expect(line).toMatch(/^modelgate demo FAILED: 6\/11 steps as told/);
    expect(line).toContain('released model-v0.1.0');
    expect(line).not.toContain('PR #2');
    expect(line).not.toContain('PR #3');
    expect(line).not.toContain('drift issue');
    expect(line).not.toContain('performance issue');
    expect(line).not.toContain('deployed');
  });

  it('claims a part by the step that tells it, wherever that step stands', () => {
    const steps = [step(true, 5), step(false, 1)];
    const line = summaryLine({ ok: false, steps, total: 2, state, seconds: 1 });
    expect(line).toContain('released model-v0.1.0');
    expect(line).not.toContain('PR #1');
  });
});
