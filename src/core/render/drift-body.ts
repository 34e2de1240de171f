import { renderDriftMarkdown } from '../drift/drift-markdown.ts';
import type { DriftReport } from '../drift/drift-report.ts';
import { escapeShort, markdownLink } from './escape.ts';

/** What a drift issue body is made of. */
export interface DriftBodyInput {
  report: DriftReport;
  /** The monitoring run: its workflow name, id and page. */
  run: { id: number; name: string; htmlUrl: string };
  releaseTag: string;
}

/**
 * Body of a drift issue or of a comment on it: which release and which monitoring run, then
 * the engine's drift report (verdict, per-feature table, all statistics). The Action and the
 * App write the same text, so an issue reads the same whoever reported a run.
 */
export function driftBodyFor({ report, run, releaseTag }: DriftBodyInput): string {
  const runLink = markdownLink(`${escapeShort(run.name, 80)} #${run.id}`, run.htmlUrl);
  return `Production data of model **${escapeShort(releaseTag, 60)}**, checked by ${runLink}.\n\n${renderDriftMarkdown(report)}`;
}
