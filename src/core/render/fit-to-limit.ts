import type { Section } from './comparison-markdown.ts';

/**
 * GitHub caps a check run's summary and a comment body at 65535 characters. Counting UTF-8
 * bytes instead keeps us under the cap whichever unit GitHub counts in (emoji are 4 bytes).
 */
export const GITHUB_TEXT_LIMIT = 65_535;

function size(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * Joins sections within `limit` bytes: optional sections are dropped from the end first
 * (details before the trend), and a note says what was left out. Should the required part
 * alone be too long — thousands of rules — it is cut at a line boundary with the same note.
 */
export function fitToLimit(
  sections: readonly Section[],
  limit: number,
  prefix = '',
  note = 'Some sections were left out to stay within GitHub’s size limit; metrics.json in the run’s artifact has everything.',
): string {
  const join = (parts: readonly Section[], withNote: boolean): string =>
    prefix +
    [...parts.map((part) => part.markdown), ...(withNote ? [`_${note}_`] : [])].join('\n\n');
  const full = join(sections, false);
  if (size(full) <= limit) return full;

  const kept = [...sections];
  for (let index = kept.length - 1; index >= 0; index -= 1) {
    if (kept[index]?.optional) {
      kept.splice(index, 1);
      const text = join(kept, true);
      if (size(text) <= limit) return text;
    }
  }
  const tail = `\n\n_${note}_`;
  const lines = join(kept, false).split('\n');
  let text = '';
  for (const line of lines) {
    const next = text === '' ? line : `${text}\n${line}`;
    if (size(next) + size(tail) > limit) break;
    text = next;
  }
  return `${text}${tail}`;
}
