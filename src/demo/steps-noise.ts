import type { Fact } from './printer.ts';
import type { Stage } from './stage.ts';
import { fact, type StoryState } from './story-state.ts';
import {
  checkFact,
  gateCheck,
  openPull,
  pushCommit,
  stickyComments,
  trainPull,
  type PullPlan,
} from './steps-pulls.ts';

/**
 * PR 3: one epoch less. On the 105 test rows it gets 3 more rows wrong than `main` (−2.9
 * points, more than the rule's max_drop 0.02), but the rows it changes are few enough that the
 * paired McNemar test cannot tell it from noise, so the rule with `significance: 0.05` lets it
 * pass where the plain rule would fail it.
 */
export const NOISE: PullPlan = {
  branch: 'three-epochs',
  title: 'perf: train for three epochs instead of four',
  body: [
    'A quarter less training time. The accuracy may move by a row or two on our small test set;',
    'the gate says whether that is a real change or noise.',
  ].join('\n'),
  commits: [{ message: 'perf: train for three epochs', edits: [[['train', 'epochs'], 3]] }],
};

/** The reviewer's sentence of a rule that was tested, e.g. "−2.9 points, within noise: …". */
const SENTENCE = /[\u2212+]?\d+(?:\.\d+)? points, (?:within noise|a real difference): [^|\n]+/;

/**
 * The rules the paired test passed although their bound failed: the verdict cells that say
 * "…, but within noise (p = …)", prefixed with the metric, as in `brokenRules`.
 */
export function noiseRules(summary: string): string[] {
  const found: string[] = [];
  for (const line of summary.split('\n')) {
    if (!line.startsWith('| **')) continue;
    const metricName = (line.split('|')[1] ?? '').replace(/\*\*/g, '').trim();
    for (const match of line.matchAll(/\u2705\s*([^|<]+, but within noise \(p = [^)]+\))/g)) {
      found.push(`${metricName}: ${(match[1] ?? '').trim()}`);
    }
  }
  return found;
}

/** Step 4: PR 3 drops accuracy by less than the test set can tell: the gate passes it. */
export async function noisyModel(stage: Stage, state: StoryState): Promise<Fact[]> {
  await pushCommit(stage, NOISE, 0);
  const number = await openPull(stage, NOISE);
  const run = await trainPull(stage, number, NOISE.branch, 'opened');
  const facts = [...run.facts];
  const check = await gateCheck(stage, run.head);
  facts.push(checkFact(check, 'success', run.head));
  const summary = check?.output.summary ?? '';
  const overruled = noiseRules(summary);
  facts.push(
    fact(
      overruled.length > 0,
      overruled.length > 0
        ? `without significance the rule would fail: ${overruled.join('; ')}`
        : 'no rule of the check summary was passed as noise',
    ),
  );
  const sentence = SENTENCE.exec(summary)?.[0]?.trim();
  const comment = stickyComments(await stage.api.comments(number))[0];
  facts.push(
    fact(
      sentence !== undefined && (comment?.body ?? '').includes(sentence),
      sentence !== undefined
        ? `the comment and the check say why: ${sentence}`
        : 'the check summary has no sentence of a paired test',
      comment?.html_url,
    ),
  );
  state.noise = { number, head: run.head };
  return facts;
}
