import { describe, expect, it } from 'vitest';
import { CHECK_OUTPUT_LIMIT, truncateOutput } from '../../src/github/gate-check.ts';

describe('truncateOutput', () => {
  it('keeps text within the limit unchanged', () => {
    expect(truncateOutput('| a | b |')).toBe('| a | b |');
  });

  it("cuts longer text to GitHub's limit and says how much was left out", () => {
    const text = 'x'.repeat(100_000);
    const cut = truncateOutput(text);
    expect(cut.length).toBeLessThanOrEqual(CHECK_OUTPUT_LIMIT);
    const omitted = Number(/truncated: (\d+) more characters/.exec(cut)?.[1]);
    expect(cut.indexOf('\n')).toBe(100_000 - omitted);
  });
});
