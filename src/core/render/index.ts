/** The pure rendering the faces share: comment, check run, job summary, release notes. */
export {
  comparisonSections,
  noticeSection,
  renderComparison,
  renderVerdictTable,
  type RenderOptions,
  type Section,
} from './comparison-markdown.ts';
export { escapeMarkdown, escapeShort, markdownLink, shortSha } from './escape.ts';
export { fitToLimit, GITHUB_TEXT_LIMIT } from './fit-to-limit.ts';
export {
  artifactMissingProblem,
  artifactRejectedProblem,
  configProblem,
  renderGateProblem,
  runFailedProblem,
  type GateProblem,
  type GateProblemReport,
  type ProblemRun,
} from './gate-problem.ts';
export { gatePasses, gateTitle, renderHeadline, type GateOverride } from './headline.ts';
export { renderJobSummary } from './job-summary.ts';
export { renderPullRequestComment, type PullRequestCommentInput } from './pull-request-comment.ts';
export {
  checkRunTitle,
  gateCheckOutput,
  renderCheckSummary,
  type CheckSummaryInput,
} from './check-summary.ts';
export { renderReleaseNotes, type ReleaseNotesInput } from './release-notes.ts';
export { renderTrendChart, renderTrendTable, type TrendPoint } from './trend-chart.ts';
