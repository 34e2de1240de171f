import type { GateRule } from '../config/schema.ts';
import { dataChange, type DataChange, type DataFacts } from '../data-diff/diff-data.ts';
import type { DataSummary } from '../data-diff/data-summary-schema.ts';
import { InputError } from '../errors.ts';
import type { MetricsReport } from '../metrics-report.ts';
import {
  artifactMissingProblem,
  artifactRejectedProblem,
  configProblem,
  noRunProblem,
  runFailedProblem,
  workflowChangedProblem,
  type GateProblemReport,
  type ProblemRun,
} from '../render/gate-problem.ts';
import type { PredictionSet } from '../significance/pairing.ts';
import { compareRuns, compareWithPredictions, gateOutcome } from './compare.ts';
import { FAILED_CONCLUSIONS } from './run-policy.ts';
import type { Comparison, GateOutcome } from './types.ts';

/** The gate rules as read from the default branch. */
export type GateConfig =
  | {
      kind: 'ok';
      rules: readonly GateRule[];
      /** Where the rules come from (`.github/modelgate.yml@main`), named in rule errors. */
      source?: string;
      /** Markdown said beside the verdict (e.g. the config file is missing). */
      notice: string | null;
    }
  | { kind: 'invalid'; path: string; detail: string };

/** What the judged run's report artifact turned out to be. */
export type ReportRead =
  | {
      kind: 'ok';
      metrics: MetricsReport;
      /** Its predictions.csv, validated; null (or absent) when it has none or it was refused. */
      predictions?: PredictionSet | null;
      /** Why its predictions.csv was refused, said beside the verdict. */
      predictionsProblem?: string | null;
      /** Its data-summary.json, validated; null (or absent) when it has none or it was refused. */
      dataSummary?: DataSummary | null;
      dataSummaryProblem?: string | null;
    }
  | { kind: 'missing' }
  | { kind: 'invalid'; detail: string };

/** Everything the gate of one head commit is decided from. */
export interface GateFacts {
  config: GateConfig;
  /** The newest trusted training run of the head; null when there is none. */
  run: (ProblemRun & { headSha: string }) | null;
  /** Its report; null when the run failed (nothing is read from a failed run). */
  report: ReportRead | null;
  /** Record of the base the pull request is compared with; null: only absolute rules apply. */
  baseline: { sha: string; metrics: MetricsReport; predictions?: PredictionSet | null } | null;
  /** Path of the training workflow when the pull request changes it, else null. */
  changedWorkflow: string | null;
  headSha: string;
  /** Both runs' data summaries and DVC pointers, when the flow read them. */
  data?: DataFacts | null;
}

/** What the gate of one head commit came to, before any override. */
export type GateResult =
  | {
      kind: 'compared';
      comparison: Comparison;
      outcome: GateOutcome;
      notice: string | null;
      /** What the pull request did to the training data; null when it left it alone. */
      data: DataChange | null;
    }
  | ({ kind: 'problem' } & GateProblemReport);

/**
 * The one gate decision, shared by the App and the Action. In this order, the first that
 * holds decides: a broken config (nothing can be judged); no training run; a pull request
 * that changed its own training workflow (its report cannot be trusted: a maintainer
 * overrides that commit or nobody); a failed run; a missing or rejected report; then the
 * comparison of the report with the baseline by the default branch's rules. An override is
 * applied on top by the renderer, so the comment still says what was overridden.
 */
export function decideGate(facts: GateFacts): GateResult {
  const { config, run } = facts;
  if (config.kind === 'invalid') return problem(configProblem(config.detail, config.path));
  if (run === null) return problem(noRunProblem(facts.headSha));
  if (facts.changedWorkflow !== null)
    return problem(workflowChangedProblem(run, facts.changedWorkflow));
  if (run.conclusion !== 'success' || facts.report === null) return problem(runFailedProblem(run));
  const { report } = facts;
  if (report.kind === 'missing') return problem(artifactMissingProblem(run));
  if (report.kind === 'invalid') return problem(artifactRejectedProblem(run, report.detail));
  try {
    const judged = compareReport(report, facts.baseline, config.rules, config.source);
    const notices = [config.notice, ...judged.notices];
    return {
      kind: 'compared',
      comparison: judged.comparison,
      outcome: gateOutcome(judged.comparison),
      notice: notices.filter((notice) => notice !== null).join('\n\n') || null,
      data: facts.data ? dataChange(facts.data) : null,
    };
  } catch (error) {
    // A rule naming a metric this task does not have is a config mistake, not a bug.
    if (!(error instanceof InputError)) throw error;
    return problem(configProblem(error.message));
  }
}

/** A valid report: its metrics and, when it kept them, its validated predictions. */
export type ReportEvidence = Extract<ReportRead, { kind: 'ok' }>;

/**
 * The comparison the gate is decided on, once the run's report is valid: with the runs'
 * predictions (paired tests, intervals) when either run has them or a rule asks for
 * significance, else exactly `compareRuns`. Predictions that were refused, or cannot be paired
 * (an InputError from the pairing), are dropped with a notice, never trusted: the rules then
 * apply on their bounds alone. `decideGate` and the Action's train-mode job summary both call
 * it, so the summary of a pull request's run says what its gate will say. A rule mistake
 * throws InputError.
 */
export function compareReport(
  report: ReportEvidence,
  baseline: GateFacts['baseline'],
  rules: readonly GateRule[],
  source?: string,
): { comparison: Comparison; notices: string[] } {
  const notices: string[] = [];
  if (report.predictionsProblem)
    notices.push(
      `${report.predictionsProblem} Its predictions were not used: rules with \`significance\` apply as without it.`,
    );
  const options = {
    baselineSha: baseline?.sha ?? null,
    ...(source === undefined ? {} : { rulesSource: source }),
  };
  const plain = () =>
    compareRuns({
      baseline: baseline?.metrics ?? null,
      candidate: report.metrics,
      rules,
      ...options,
    });
  const predictions = {
    baseline: baseline?.predictions ?? null,
    candidate: report.predictions ?? null,
  };
  const wanted =
    predictions.baseline !== null ||
    predictions.candidate !== null ||
    rules.some((rule) => 'significance' in rule && rule.significance !== undefined);
  if (!wanted) return { comparison: plain(), notices };
  try {
    const comparison = compareWithPredictions(
      baseline === null ? null : { metrics: baseline.metrics, predictions: predictions.baseline },
      { metrics: report.metrics, predictions: predictions.candidate },
      rules,
      options,
    );
    return { comparison, notices };
  } catch (error) {
    // A rule mistake throws again from `plain` and becomes the config problem it is.
    if (!(error instanceof InputError)) throw error;
    notices.push(
      `The predictions could not be paired (${error.message}); rules with \`significance\` apply as without it.`,
    );
    return { comparison: plain(), notices };
  }
}

function problem(report: GateProblemReport): GateResult {
  return { kind: 'problem', ...report };
}

/**
 * Whether a completed run is one the gate must answer: it uploaded a report, or it failed
 * before it could. A run that did not train (`skipped`, `neutral`) and left no report says
 * nothing about the model.
 */
export function runNeedsGate(conclusion: string | null, hasReport: boolean): boolean {
  return hasReport || conclusion === 'success' || FAILED_CONCLUSIONS.has(conclusion ?? '');
}
