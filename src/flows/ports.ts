import type { DataSummary } from '../core/data-diff/data-summary-schema.ts';
import type { Config } from '../core/config/schema.ts';
import type { PullRequestInfo } from '../github/pull-requests.ts';
import type { DriftReport } from '../core/drift/drift-report.ts';
import type { PerformanceReport } from '../core/performance/performance-report.ts';
import type { PerformanceRunRecord } from '../history/performance-trend.ts';
import type { MetricsReport } from '../core/metrics-report.ts';
import type { OverrideRecord } from '../core/records/override-record.ts';
import type { ReleaseAsset } from '../core/release/release-assets.ts';
import type { PredictionSet } from '../core/significance/pairing.ts';

/** The first status modelgate gives a release's deployment; a deploy workflow moves it on. */
export type DeploymentFirstStatus = 'success' | 'queued';
/**
 * The GitHub operations the flows need, as small typed ports. Both faces hand the flows the
 * same implementation over their Octokit (`src/github/repo-port.ts`); what differs between
 * them is only who writes (the App's bot, the workflow token) and what a write the token may
 * not make becomes (an error, or a notice in the job summary).
 */

/** Where flows say what they did; the App's delivery logger or the Action's log. */
export interface FlowLog {
  info(message: string): void;
  warn(message: string): void;
}

/** A workflow run, as the API lists it. */
export interface WorkflowRun {
  id: number;
  /** 1 for the first attempt; a re-run of the workflow keeps the id and counts up. */
  attempt: number;
  name: string;
  /** The workflow file, `.github/workflows/<name>.yml`. */
  path: string;
  event: string;
  headSha: string;
  headBranch: string | null;
  /** Repository of the head commit (a fork's for a fork's pull request); null when deleted. */
  headRepoId: number | null;
  headRepoName: string | null;
  status: string | null;
  conclusion: string | null;
  htmlUrl: string;
  createdAt: string;
}

/** A pull request as the flows need it (the API's, read by `src/github/pull-requests.ts`). */
export type PullRequest = Omit<PullRequestInfo, 'isFork' | 'author'>;

/** The default branch's config, or why it cannot be used. */
export type RepoConfig =
  | { kind: 'ok'; config: Config; notice: string | null; source: string }
  | { kind: 'invalid'; path: string; detail: string };

/** The merge base of a pull request and the paths it changes (old and new names of a rename). */
export interface PullChanges {
  mergeBase: string;
  paths: ReadonlySet<string>;
  /** False when GitHub may have cut the listing short (300 files): an unlisted path may differ. */
  complete: boolean;
}

/** A run's report artifact, validated. */
export interface RunReport {
  metrics: MetricsReport;
  /** The release assets the run's files make (only when asked for). */
  assets: ReleaseAsset[];
  /** The run's predictions.csv, parsed strictly and checked against its metrics; else null. */
  predictions: PredictionSet | null;
  /** The validated text of predictions.csv, for the history record; null with `predictions`. */
  predictionsCsv: string | null;
  /** Why a predictions.csv the run did upload was refused (one sentence); null otherwise. */
  predictionsProblem: string | null;
  /** The run's data-summary.json, validated; null or absent when it has none or it was refused. */
  dataSummary?: DataSummary | null;
  /** Why a data-summary.json the run did upload was refused (one sentence). */
  dataSummaryProblem?: string | null;
}

/** A baseline record on the history branch, with its run's predictions when it kept them. */
export interface BaselineRecord {
  sha: string;
  metrics: MetricsReport;
  predictions: PredictionSet | null;
}

/** The trusted writer's records on a pull request, read in one pass over its comments. */
export interface PullThread {
  sticky: { id: number; url: string; body: string } | null;
  overrides: OverrideRecord[];
  /** Command comments the writer has already answered, by comment id. */
  answered: ReadonlySet<number>;
  /**
   * The writer's answers that repeat an earlier answer to the same command (two replicas
   * answered one command at once, neither seeing the other's yet): newer copies, to remove.
   */
  duplicateAnswers: readonly number[];
}

/** The gate check run on a commit, as published by the trusted writer. */
export interface GateCheck {
  id: number;
  url: string;
  conclusion: string | null;
  title: string | null;
  summary: string | null;
  /** The `external_id`: which run the published verdict judged. */
  externalId: string | null;
}

/** What a check shows. */
export interface CheckOutput {
  conclusion: 'success' | 'failure';
  title: string;
  summary: string;
  externalId?: string;
  detailsUrl?: string;
}

/** Read-side operations of one repository. */
export interface RepoReader {
  readonly repoId: number;
  /** `owner/name`, as said to users. */
  readonly fullName: string;
  readonly defaultBranch: string;
  readonly log: FlowLog;
  now(): Date;
  /** The config of the default branch (never a pull request's head). */
  readConfig(): Promise<RepoConfig>;
  getPullRequest(number: number): Promise<PullRequest>;
  /**
   * The open pull requests a run of `sha` belongs to: those its payload lists, else (a fork's
   * run lists none) the open ones whose head is `sha`.
   */
  openPullRequestsWithHead(sha: string, listed: readonly number[]): Promise<PullRequest[]>;
  /** The merged pull request `sha` belongs to (its merge commit, when there is one), or null. */
  mergedPullRequestOf(sha: string): Promise<PullRequest | null>;
  /** Workflow runs of a commit, any status. */
  runsOfCommit(sha: string): Promise<WorkflowRun[]>;
  /** Whether the default branch's copy of `path` runs modelgate. */
  isTrainingWorkflow(path: string): Promise<boolean>;
  /** Whether the pull request (merge base to head) changes `path`. */
  changesFile(baseSha: string, headSha: string, path: string): Promise<boolean>;
  /** What the pull request (merge base to head) changes; asked of GitHub once per port. */
  pullChanges(baseSha: string, headSha: string): Promise<PullChanges>;
  /** Names of a run's unexpired artifacts. */
  artifactNames(runId: number): Promise<string[]>;
  /** The run's report, or null when it uploaded none; InputError when it is invalid. */
  readReport(runId: number, options: { assets: boolean }): Promise<RunReport | null>;
  /**
   * A small text file of the repository at `ref` (a DVC pointer); null when it is missing, not
   * a file, or larger than `maxBytes`.
   */
  readTextAt?(ref: string, path: string, maxBytes: number): Promise<string | null>;
  /** The run's drift report, or null; InputError when invalid. */
  readDriftReport(runId: number): Promise<DriftReport | null>;
  findBaseline(baseSha: string, headSha: string, branch: string): Promise<BaselineRecord | null>;
  readThread(number: number): Promise<PullThread>;
  findGateCheck(sha: string): Promise<GateCheck | null>;
  hasWriteAccess(login: string): Promise<boolean>;
}

/** Write-side operations; each looks before it writes, so a retry or redelivery changes nothing. */
export interface RepoWriter {
  publishGateCheck(sha: string, output: CheckOutput, existing: GateCheck | null): Promise<string>;
  /** Creates or edits the sticky comment; returns its URL. */
  upsertSticky(number: number, body: string, existing: PullThread['sticky']): Promise<string>;
  /** Posts a comment carrying the writer's marker; false when the token may not. */
  comment(number: number, body: string): Promise<boolean>;
  /** Deletes the writer's own comments by id; one already gone counts as deleted. */
  deleteComments(ids: readonly number[]): Promise<void>;
}

/** A release tag and the commit it points at. */
export interface ReleaseTagRef {
  tag: string;
  sha: string;
}

/** What a published release made. */
export interface PublishedRelease {
  action: 'created' | 'existing';
  url: string;
  deployment: { id: number; environment: string } | null;
}

/** History and release operations, for the release flow. */
export interface ReleasePort {
  readHistory(sha: string, branch: string): Promise<MetricsReport | null>;
  /** The predictions kept beside the record of `sha`; null when there are none or they are invalid. */
  readHistoryPredictions(sha: string, branch: string): Promise<PredictionSet | null>;
  /**
   * Writes `history/<sha>.json` unless a record is there (records are never overwritten),
   * and before it `history/<sha>.predictions.csv` when the run kept predictions.
   */
  recordHistory(
    sha: string,
    branch: string,
    metrics: MetricsReport,
    predictionsCsv?: string | null,
  ): Promise<'created' | 'exists'>;
  /** A release tag already on `sha` (any version), or null. */
  releaseTagOf(prefix: string, sha: string): Promise<ReleaseTagRef | null>;
  /** The newest release tag before `before` (or the newest of all), or null. */
  previousReleaseTag(prefix: string, before?: string): Promise<ReleaseTagRef | null>;
  /**
   * Tags `sha` with the version `choose` gives the newest tag, once per commit however many
   * claimers race; `created` is true for exactly the one that must publish. Null: skipped.
   */
  claimReleaseTag(
    prefix: string,
    sha: string,
    choose: (latest: ReleaseTagRef | null) => { tag: string; reason: string } | null,
  ): Promise<{ tag: string; reason: string; created: boolean } | null>;
  publishRelease(input: {
    sha: string;
    tag: string;
    notes: string;
    assets: readonly ReleaseAsset[];
    environment: string;
    /** The deployment's first status (`release.deployment_status`). */
    deploymentStatus: DeploymentFirstStatus;
  }): Promise<PublishedRelease>;
}

/** The two monitoring issues a release can have, each with its own markers and title. */
export type MonitorIssueName = 'drift' | 'performance';

/** A release's monitoring issue, for the drift and the performance flows alike. */
export interface MonitorPort {
  /**
   * Opens, comments on, closes or reopens the release's one issue of `kind` for a monitoring
   * run attempt (`open`: whether the run found a problem); writes nothing when the issue
   * already reports that attempt or a newer one.
   */
  syncMonitorIssue(input: {
    kind: MonitorIssueName;
    releaseTag: string;
    open: boolean;
    body: string;
    labels: readonly string[];
    run: { id: number; attempt: number } | null;
  }): Promise<{
    action: string;
    issue: { number: number; url: string } | null;
    alreadyReported: boolean;
  }>;
}

/** The performance issue and trend of a release, for the performance monitoring flow. */
export interface PerformancePort {
  /** The run's performance.json from its `modelgate-drift` artifact; null when it has none. */
  readPerformanceReport(runId: number): Promise<PerformanceReport | null>;
  /** Appends the run's point to the release's trend on the history branch (never rewrites). */
  recordPerformanceRun(branch: string, record: PerformanceRunRecord): Promise<'created' | 'exists'>;
  /** The release's recorded points, oldest first. */
  readPerformanceTrend(branch: string, releaseTag: string): Promise<PerformanceRunRecord[]>;
}

/** Everything a flow may ask of GitHub. */
export type FlowPort = RepoReader & RepoWriter & ReleasePort & MonitorPort & PerformancePort;
