/**
 * The foldable groups of a step's log, in order, read from the `::group::` / `::endgroup::`
 * workflow commands as the runner reads them. Throws when a group opens inside another or
 * never closes: GitHub's log has one level, and an unclosed group swallows the rest.
 */
export function logGroups(stdout: string): string[] {
  const titles: string[] = [];
  let open: string | null = null;
  for (const line of stdout.split('\n')) {
    const start = /^::group::(.*)$/.exec(line);
    if (start) {
      if (open !== null) throw new Error(`Group "${start[1]}" opens inside "${open}".`);
      open = start[1] ?? '';
      titles.push(open);
    } else if (line === '::endgroup::') {
      if (open === null) throw new Error('An ::endgroup:: closes no group.');
      open = null;
    }
  }
  if (open !== null) throw new Error(`Group "${open}" is never closed.`);
  return titles;
}

/** The lines of the log group `title` (its first occurrence). */
export function groupLines(stdout: string, title: string): string[] {
  const lines = stdout.split('\n');
  const start = lines.indexOf(`::group::${title}`);
  if (start < 0) return [];
  const end = lines.indexOf('::endgroup::', start);
  return lines.slice(start + 1, end < 0 ? undefined : end);
}
