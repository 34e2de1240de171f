import type { SyncedIssue } from '../flows/release-issue.ts';

/** A monitoring flow's outcome: the issue synced, or why it was not written. */
export type IssueOutcome = SyncedIssue | { kind: 'no-release' | 'skipped'; reason: string };

/**
 * One line for the log and the job summary: what became of the release's drift or performance
 * issue (`noun`), worded the same for both.
 */
export function issueLine(noun: 'drift' | 'performance', result: IssueOutcome): string {
  if (result.kind !== 'synced') return `The ${noun} issue was not written: ${result.reason}.`;
  const name = `${noun[0]?.toUpperCase() ?? ''}${noun.slice(1)} issue`;
  const link = result.issue === null ? '' : `[#${result.issue.number}](${result.issue.url})`;
  if (result.alreadyReported) {
    return `${name} ${link} already reports this run (or a newer one); nothing written.`;
  }
  return result.issue === null ? `No ${noun} issue is open.` : `${name} ${link}: ${result.action}.`;
}
