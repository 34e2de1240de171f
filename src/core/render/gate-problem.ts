import { COMMENT_MARKER, CONFIG_PATH } from '../constants.ts';
import { escapeShort, markdownLink, shortSha } from './escape.ts';
import { fitToLimit, GITHUB_TEXT_LIMIT } from './fit-to-limit.ts';
import { mention, overrideLine, type GateOverride } from './headline.ts';

/** Why there is no comparison to show. */
export type GateProblem = 'config' | 'artifact' | 'run-failed' | 'no-run' | 'workflow-changed';

/** A gate that could not compare anything, and what to tell the pull request about it. */
export interface GateProblemReport {
  problem: GateProblem;
  /** What went wrong, written by modelgate (markdown). */
  message: string;
  /** The underlying error, from untrusted input or the config; escaped when shown. */
  detail?: string;
}

/** The training run a problem is about, as both faces know it. */
export interface ProblemRun {
  id: number;
  /** The workflow's name; it comes from the workflow file, so it is escaped. */
  name: string;
  conclusion: string | null;
  htmlUrl: string;
}

const PROBLEM_TITLES: Record<GateProblem, string> = {
  config: 'the modelgate config on the default branch is invalid',
  artifact: 'the modelgate-report artifact is invalid',
  'run-failed': 'the training run did not succeed',
  'no-run': 'no training run reported for this commit',
  'workflow-changed': 'this pull request changes the training workflow',
};

/** "the training run [CI #123](url)". */
function runLink(run: ProblemRun): string {
  return `the training run ${markdownLink(`${escapeShort(run.name, 80)} #${run.id}`, run.htmlUrl)}`;
}

/**
 * The default branch's config could not be read or does not fit the run; `detail` is the
 * loader's error, which names the key and what was expected. Both faces post it, so the
 * App's and the Action's gates say the same thing.
 *
 * @param path the config file as the face reads it (the Action's `config` input may move it).
 */
export function configProblem(detail: string, path: string = CONFIG_PATH): GateProblemReport {
  return {
    problem: 'config',
    message: `The gate reads its rules from <code>${escapeShort(path, 200)}</code> on the default branch, and that file has a problem:`,
    detail,
  };
}

/** The training run ended without success, so it has no metrics to gate on. */
export function runFailedProblem(run: ProblemRun): GateProblemReport {
  return {
    problem: 'run-failed',
    message: `${runLink(run)} ended with \`${escapeShort(run.conclusion ?? 'no conclusion', 40)}\`, so there are no metrics to gate on.`,
  };
}

/** The run's `modelgate-report` artifact failed validation; `detail` says how. */
export function artifactRejectedProblem(run: ProblemRun, detail: string): GateProblemReport {
  return {
    problem: 'artifact',
    message: `The \`modelgate-report\` artifact of ${runLink(run)} was rejected; the gate only reads a valid report:`,
    detail,
  };
}

/** No trusted training run has finished for the commit. */
export function noRunProblem(headSha: string): GateProblemReport {
  return {
    problem: 'no-run',
    message: `No completed run of the training workflow with the \`modelgate-report\` artifact was found for commit <code>${shortSha(headSha)}</code>.`,
  };
}

/**
 * The pull request edits the workflow that trained it, so the run's report is the pull
 * request's own word: a workflow can upload any metrics it likes. Only a maintainer's
 * override of the commit passes it.
 */
export function workflowChangedProblem(run: ProblemRun, path: string): GateProblemReport {
  return {
    problem: 'workflow-changed',
    message: `This pull request changes <code>${escapeShort(path, 200)}</code>, the workflow of ${runLink(run)}, so its report cannot be trusted on its own. A maintainer who has reviewed the workflow change can pass this commit with \`/modelgate override <reason>\`.`,
  };
}

/** The run succeeded but uploaded no `modelgate-report` artifact. */
export function artifactMissingProblem(run: ProblemRun): GateProblemReport {
  return {
    problem: 'artifact',
    message: `${runLink(run)} did not upload the \`modelgate-report\` artifact.`,
  };
}

/** Input of `renderGateProblem`. */
export interface RenderGateProblemInput {
  report: GateProblemReport;
  override: GateOverride | null;
  /** The commit the gate is about. */
  headSha: string;
  runUrl: string | null;
  /**
   * The sentence that tells the author how to get a new gate; the faces differ (the App
   * offers `/modelgate rerun`, the Action a re-run of the training workflow).
   */
  nextStep: string;
  /** Room kept free in the comment for what the caller appends (the App's state block). */
  reserve?: number;
}

/** A problem as posted: the check's conclusion, title and summary, and the comment. */
export interface RenderedGateProblem {
  conclusion: 'success' | 'failure';
  title: string;
  summary: string;
  /** Sticky comment body, starting with the marker. */
  comment: string;
}

/**
 * The check and the comment for a gate with no comparison: a completed, failing check that
 * says what went wrong, so a pull request is never left waiting on a silent skip (an override
 * turns it into a pass, recorded in both).
 */
export function renderGateProblem(input: RenderGateProblemInput): RenderedGateProblem {
  const { report, override } = input;
  const body = problemBody(input);
  return {
    conclusion: override === null ? 'failure' : 'success',
    title: problemTitle(report.problem, override, (login) => login),
    summary: fitToLimit([{ markdown: body, optional: false }], GITHUB_TEXT_LIMIT),
    comment: fitToLimit(
      [{ markdown: body, optional: false }],
      GITHUB_TEXT_LIMIT - (input.reserve ?? 0),
      `${COMMENT_MARKER}\n`,
    ),
  };
}

function problemTitle(
  problem: GateProblem,
  override: GateOverride | null,
  user: (login: string) => string,
): string {
  const what = PROBLEM_TITLES[problem];
  return override === null
    ? `Gate failed: ${what}`
    : `Gate overridden by ${user(override.by)}: ${what}`;
}

function problemBody(input: RenderGateProblemInput): string {
  const { report, override, runUrl, headSha } = input;
  const icon = override === null ? '❌' : '⚠️';
  const lines = [
    `### ${icon} ${problemTitle(report.problem, override, mention)}`,
    '',
    report.message,
  ];
  if (report.detail !== undefined) lines.push('', codeBlock(report.detail));
  if (override !== null) {
    lines.push('', overrideLine(override));
  } else {
    lines.push('', input.nextStep);
  }
  const footer = [`Commit <code>${shortSha(headSha)}</code>`];
  if (runUrl !== null) footer.push(markdownLink('Workflow run', runUrl));
  lines.push('', footer.join(' · '));
  return lines.join('\n');
}

/** Longest error text shown; the config loader lists every problem, one per line. */
const MAX_DETAIL = 4000;

/**
 * Untrusted text (an error quoting the artifact or the config) as a fenced code block: nothing
 * inside is markdown, HTML or a mention, and the fence is longer than any backtick run in the
 * text, so the text cannot close it.
 */
export function codeBlock(text: string): string {
  const clipped = text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text;
  const longest = Math.max(0, ...(clipped.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}text\n${clipped.replace(/\r/g, '')}\n${fence}`;
}
