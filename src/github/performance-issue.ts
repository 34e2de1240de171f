import {
  PERFORMANCE_ISSUE_MARKER_PREFIX,
  PERFORMANCE_RUN_MARKER_PREFIX,
} from '../core/constants.ts';
import type { MonitorIssueKind } from './drift-issue.ts';

/** The hidden marker that ties a performance issue to one model release. */
export function performanceIssueMarker(releaseTag: string): string {
  // As the drift marker: the closing `-->` keeps model-v1.1.0 from matching model-v1.1.0-rc.
  return `${PERFORMANCE_ISSUE_MARKER_PREFIX} ${releaseTag} -->`;
}

/**
 * The performance issue of a release: the drift issue's lifecycle (one per release, updated,
 * closed by a clean run, reopened when the drop is back) under its own markers and title, so
 * a release can have both and neither adopts the other's.
 */
export const PERFORMANCE_ISSUE_KIND: MonitorIssueKind = {
  issueMarker: performanceIssueMarker,
  runMarkerPrefix: PERFORMANCE_RUN_MARKER_PREFIX,
  title: (tag) => `Performance drop of model ${tag} in production`,
  clean: (tag) => `No performance drop in the latest check of ${tag}; closing.`,
  back: (tag) => `The performance drop of ${tag} is back; reopening.`,
};
