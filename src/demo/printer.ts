/**
 * How the demo talks: one block per step (what happened, and where it can be seen), then a
 * one-line summary. Colour only on a terminal that has it (and never under NO_COLOR).
 */

/** One observed fact of a step: true when it happened as the story says. */
export interface Fact {
  ok: boolean;
  text: string;
  /** Where it can be seen. */
  url?: string;
}

/** A finished step. */
export interface StepOutcome {
  title: string;
  /** The part of the story this step tells, for the summary line (see `summary.ts`). */
  part?: string;
  facts: Fact[];
  seconds: number;
}

/** True when every fact of the step held. */
export function stepPassed(step: StepOutcome): boolean {
  return step.facts.length > 0 && step.facts.every((fact) => fact.ok);
}

export interface Printer {
  intro(lines: readonly string[]): void;
  step(index: number, total: number, outcome: StepOutcome): void;
  line(text: string): void;
}

function paint(enabled: boolean) {
  const wrap = (code: string) => (text: string) =>
    enabled ? `\u001b[${code}m${text}\u001b[0m` : text;
  return { bold: wrap('1'), dim: wrap('2'), green: wrap('32'), red: wrap('31') };
}

/** A printer writing to `write`; colour when `color` is true. */
export function createPrinter(write: (text: string) => void, color: boolean): Printer {
  const c = paint(color);
  return {
    intro(lines) {
      for (const text of lines) write(`${text}\n`);
      write('\n');
    },
    step(index, total, outcome) {
      const passed = stepPassed(outcome);
      const mark = passed ? c.green('✔') : c.red('✘');
      write(
        `${mark} ${c.bold(`[${index}/${total}] ${outcome.title}`)} ${c.dim(`(${outcome.seconds.toFixed(1)} s)`)}\n`,
      );
      for (const fact of outcome.facts) {
        write(`    ${fact.ok ? c.green('✓') : c.red('✗')} ${fact.text}\n`);
        if (fact.url !== undefined) write(`      ${c.dim(fact.url)}\n`);
      }
      write('\n');
    },
    line(text) {
      write(`${text}\n`);
    },
  };
}

/** Whether to colour `stream`'s output: a TTY, and NO_COLOR unset (https://no-color.org). */
export function wantsColor(stream: { isTTY?: boolean }): boolean {
  return stream.isTTY === true && (process.env.NO_COLOR ?? '') === '';
}
