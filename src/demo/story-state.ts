import { isCollection, parseDocument } from 'yaml';
import { errorMessage } from '../core/errors.ts';
import type { ActionStepResult } from '../sandbox/action-step.ts';
import type { Fact } from './printer.ts';
import type { Stage } from './stage.ts';

/** What the steps learn and later steps (and the report) build on. */
export interface StoryState {
  baseline?: { sha: string; accuracy: number };
  improve?: { number: number; firstHead: string; head: string; commentId: number | null };
  regress?: { number: number; head: string };
  /** The pull request whose drop is within noise (passes only with `significance`). */
  noise?: { number: number; head: string };
  release?: { sha: string; tag: string };
  driftIssue?: number;
}

/** A step of the story: plays its part on the stage and reports the facts it checked. */
export type StepRunner = (stage: Stage, state: StoryState) => Promise<Fact[]>;

/** A fact that holds when `ok`; the text says what was seen either way. */
export function fact(ok: boolean, text: string, url?: string | null): Fact {
  return url ? { ok, text, url } : { ok, text };
}

/**
 * The facts about an Action step itself: it exited 0 and printed no error. On failure the
 * step's own error lines say why, which is what a user would look for in the run's log.
 */
export function stepFacts(what: string, step: ActionStepResult, runUrl: string): Fact[] {
  if (step.exitCode === 0 && step.errors.length === 0) {
    return [fact(true, `${what} (${step.seconds.toFixed(1)} s)`, runUrl)];
  }
  const why = step.errors[0] ?? step.stderr.trim().split('\n').slice(-3).join(' ');
  return [fact(false, `${what} failed with exit code ${step.exitCode}: ${why}`, runUrl)];
}

/** Formats a metric value the way the comment does: three decimals. */
export function metric(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(3);
}

/** An output of the step as a number, or undefined. */
export function numberOutput(step: ActionStepResult, name: string): number | undefined {
  const raw = step.outputs[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * Changes keys of the YAML config while keeping its comments and layout, the way a person
 * edits the file in a pull request.
 */
export function editConfig(text: string, edits: ReadonlyArray<[string[], unknown]>): string {
  const document = parseDocument(text);
  for (const [path, value] of edits) {
    const node = document.createNode(value);
    // Flow style, as the example config writes its rules: `{ type: mlp, hidden: [16] }`.
    if (isCollection(node)) node.flow = true;
    document.setIn(path, node);
  }
  return document.toString({ lineWidth: 100 });
}

/** Runs a check, turning an exception into a failed fact instead of ending the story. */
export async function checked(what: string, body: () => Promise<Fact[]>): Promise<Fact[]> {
  try {
    return await body();
  } catch (error) {
    return [fact(false, `${what}: ${errorMessage(error)}`)];
  }
}
