import { InputError } from '../core/errors.ts';
import type { MetricsReport } from '../core/metrics-report.ts';
import { compareRunOrder, parseRunOrderKey, runOrderKey } from '../core/gate/run-policy.ts';
import {
  decideGate,
  type GateConfig,
  type GateResult,
  type ReportRead,
} from '../core/gate/verdict.ts';
import { overrideFor, type OverrideRecord } from '../core/records/override-record.ts';
import { addTrendPoint, readPullState, withPullState } from '../core/records/pull-state.ts';
import { renderGate, type RenderedGate } from '../core/render/gate.ts';
import type {
  FlowPort,
  GateCheck,
  PullRequest,
  PullThread,
  RepoReader,
  WorkflowRun,
} from './ports.ts';
import { gatherDataFacts } from './data-facts.ts';
import { hasResult, isTrustedTrainingRun, latestTrainingRun } from './training-runs.ts';

/** What asked for a gate. */
export interface JudgeRequest {
  pull: PullRequest;
  /** The run whose completion was delivered; absent for a rerun, an override, a new base. */
  delivered?: WorkflowRun;
  /** Said under the verdict (e.g. by a face whose token could not write something). */
  notices?: readonly string[];
  /** The writer's records as the caller already read them (a command), so they are listed once. */
  thread?: PullThread;
}

/** What the gate came to: published, or left alone and why. */
export type JudgeOutcome =
  | { kind: 'ignored'; reason: string }
  | {
      kind: 'published';
      result: GateResult;
      /** The judged run's validated metrics, when it had a valid report. */
      metrics: MetricsReport | null;
      rendered: RenderedGate;
      run: WorkflowRun | null;
      checkUrl: string | null;
      commentUrl: string | null;
      /** The commit judged, and the override the verdict honoured (null: none). */
      sha: string;
      override: OverrideRecord | null;
    };

/**
 * Judges a pull request's head and publishes the verdict: the one place the gate is decided,
 * for the App and the Action alike. The verdict always reports the newest attempt of the
 * newest trusted training run of the head (see `latestTrainingRun`), so a late or repeated
 * delivery of an older run publishes nothing. Everything trusted (rules, baseline, overrides)
 * comes from the default branch and the writer's own records; the run's artifact is
 * untrusted input. The check and the comment come from one rendering.
 */
export async function judgePullRequest(
  port: FlowPort,
  request: JudgeRequest,
): Promise<JudgeOutcome> {
  let outcome = await judgeOnce(port, request);
  // Another writer (a replica, the Action) may have recorded an override between this
  // judge's read of the records and its write, and published before it: this verdict then
  // overwrote one that honoured it. Records are written before the judge that reads them, so
  // a look after the write sees every record a later-published verdict could have missed;
  // judging again with them makes the last write the complete one. Twice at most: a record
  // written after the second look is judged by its own writer, after this write.
  for (let again = 0; again < 2 && outcome.kind === 'published'; again += 1) {
    const judged = outcome.override;
    const after = await port.readThread(request.pull.number);
    // Two writers answered one command at once: the newer copy goes, the decision never read it.
    if (after.duplicateAnswers.length > 0) await port.deleteComments(after.duplicateAnswers);
    const current = overrideFor(after.overrides, outcome.sha);
    if ((current?.comment ?? null) === (judged?.comment ?? null)) break;
    port.log.info(`#${request.pull.number}: an override was recorded meanwhile; judging again.`);
    outcome = await judgeOnce(port, { ...request, thread: after });
  }
  return outcome;
}

async function judgeOnce(port: FlowPort, request: JudgeRequest): Promise<JudgeOutcome> {
  const { delivered } = request;
  // A run of an older commit that finishes after a push still gets that commit's check (checks
  // are per commit); the comment is per pull request and only ever shows the current head.
  const isCurrentHead = delivered === undefined || delivered.headSha === request.pull.headSha;
  const pull: PullRequest = {
    ...request.pull,
    headSha: delivered?.headSha ?? request.pull.headSha,
  };
  const where = `#${pull.number} at ${pull.headSha.slice(0, 7)}`;
  if (pull.state !== 'open') return ignored(port, `${where}: the pull request is closed`);

  if (delivered !== undefined) {
    if (!hasResult(delivered))
      return ignored(
        port,
        `${where}: run ${delivered.id} ended with ${delivered.conclusion ?? 'no conclusion'} and trained nothing`,
      );
    if (!(await isTrustedTrainingRun(port, pull, delivered)))
      return ignored(
        port,
        `${where}: run ${delivered.id} (${delivered.path}, ${delivered.event}) is not a run of the training workflow for this head`,
      );
  }
  const latest = await latestTrainingRun(port, pull);
  if (delivered !== undefined && latest.run !== null && compareRunOrder(delivered, latest.run) < 0)
    return ignored(
      port,
      `${where}: run ${delivered.id} (attempt ${delivered.attempt}) is older than run ${latest.run.id} (attempt ${latest.run.attempt})`,
    );
  if (latest.pending) return ignored(port, `${where}: a newer training run is still in progress`);

  const facts = await gatherFacts(port, pull, latest.run);
  const result = decideGate(facts);
  const thread = request.thread ?? (await port.readThread(pull.number));
  const override = overrideFor(thread.overrides, pull.headSha);
  let state = readPullState(thread.sticky?.body);
  if (result.kind === 'compared' && isCurrentHead) {
    const metric = result.comparison.primary_metric;
    const value = result.comparison.metrics.find((row) => row.metric === metric)?.candidate ?? null;
    state = addTrendPoint(state, metric, { sha: pull.headSha, value });
  }
  const rendered = renderGate({
    result,
    override,
    baseRef: pull.baseRef,
    headSha: pull.headSha,
    runUrl: latest.run?.htmlUrl ?? null,
    trend: state.trend,
    trendMetric: state.metric,
    notices: [
      ...(request.notices ?? []),
      ...(isCurrentHead
        ? []
        : [
            `#${pull.number} has moved on to ${request.pull.headSha.slice(0, 7)}; the comment was left for that commit's run.`,
          ]),
    ],
  });

  // The check is looked up first: a newer run's verdict already there means this one lost.
  const existing = await port.findGateCheck(pull.headSha);
  const judged = parseRunOrderKey(existing?.externalId);
  if (latest.run !== null && judged !== null && compareRunOrder(judged, latest.run) > 0)
    return ignored(port, `${where}: a newer run's verdict is already published`);
  const commentUrl = isCurrentHead
    ? await port.upsertSticky(pull.number, withPullState(rendered.comment, state), thread.sticky)
    : null;
  const checkUrl = await publishCheck(
    port,
    pull.headSha,
    rendered,
    latest.run,
    existing,
    commentUrl,
  );
  port.log.info(`Gate of ${where}: ${rendered.conclusion} (${rendered.title}).`);
  const metrics = facts.report?.kind === 'ok' ? facts.report.metrics : null;
  return {
    kind: 'published',
    result,
    metrics,
    rendered,
    run: latest.run,
    checkUrl,
    commentUrl,
    sha: pull.headSha,
    override,
  };
}

async function gatherFacts(port: RepoReader, pull: PullRequest, run: WorkflowRun | null) {
  const repoConfig = await port.readConfig();
  const config: GateConfig =
    repoConfig.kind === 'ok'
      ? {
          kind: 'ok',
          rules: repoConfig.config.gate,
          notice: repoConfig.notice,
          source: repoConfig.source,
        }
      : repoConfig;
  const report = run === null ? null : await readRunReport(port, run);
  const changedWorkflow =
    run !== null && (await port.changesFile(pull.baseSha, pull.headSha, run.path))
      ? run.path
      : null;
  const baseline =
    repoConfig.kind === 'ok' && report?.kind === 'ok'
      ? await port.findBaseline(pull.baseSha, pull.headSha, repoConfig.config.history.branch)
      : null;
  const problemRun =
    run === null
      ? null
      : {
          id: run.id,
          name: run.name,
          conclusion: run.conclusion,
          htmlUrl: run.htmlUrl,
          headSha: run.headSha,
        };
  const data =
    repoConfig.kind === 'ok'
      ? await gatherDataFacts(port, {
          pull,
          dataPath: repoConfig.config.data.path,
          report,
          baseline,
        })
      : null;
  return {
    config,
    run: problemRun,
    report,
    baseline,
    changedWorkflow,
    headSha: pull.headSha,
    data,
  };
}

/** The run's report as the gate reads it: nothing is read from a run that did not succeed. */
export async function readRunReport(
  port: RepoReader,
  run: WorkflowRun,
): Promise<ReportRead | null> {
  if (run.conclusion !== 'success') return null;
  try {
    const report = await port.readReport(run.id, { assets: false });
    if (report === null) return { kind: 'missing' };
    return {
      kind: 'ok',
      metrics: report.metrics,
      predictions: report.predictions,
      predictionsProblem: report.predictionsProblem,
      dataSummary: report.dataSummary ?? null,
      dataSummaryProblem: report.dataSummaryProblem ?? null,
    };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { kind: 'invalid', detail: error.message };
  }
}

/**
 * Publishes the gate check of `sha` unless it already says exactly this. Its details link
 * to the sticky comment, where the table and the trend are; to the run when there is none.
 */
async function publishCheck(
  port: FlowPort,
  sha: string,
  rendered: RenderedGate,
  run: WorkflowRun | null,
  existing: GateCheck | null,
  commentUrl: string | null,
): Promise<string> {
  const externalId = run === null ? undefined : runOrderKey(run);
  if (
    existing !== null &&
    existing.conclusion === rendered.conclusion &&
    existing.title === rendered.title &&
    existing.summary === rendered.summary &&
    (externalId === undefined || existing.externalId === externalId)
  )
    return existing.url;
  const detailsUrl = commentUrl === null || commentUrl === '' ? run?.htmlUrl : commentUrl;
  return port.publishGateCheck(
    sha,
    {
      conclusion: rendered.conclusion,
      title: rendered.title,
      summary: rendered.summary,
      ...(externalId === undefined ? {} : { externalId }),
      ...(detailsUrl === undefined ? {} : { detailsUrl }),
    },
    existing,
  );
}

function ignored(port: RepoReader, reason: string): JudgeOutcome {
  port.log.info(`Gate of ${reason}; nothing published.`);
  return { kind: 'ignored', reason };
}
