import { ARTIFACT_NAME } from '../core/constants.ts';
import type { DataSummary } from '../core/data-diff/data-summary-schema.ts';
import type { DataFacts } from '../core/data-diff/diff-data.ts';
import {
  dvcChange,
  MAX_DVC_FILE_BYTES,
  readDvcLock,
  readDvcPointer,
  type DvcChange,
} from '../core/data-diff/dvc-pointer.ts';
import { InputError } from '../core/errors.ts';
import { compareRunOrder } from '../core/gate/run-policy.ts';
import type { ReportRead } from '../core/gate/verdict.ts';
import type { BaselineRecord, PullRequest, RepoReader, WorkflowRun } from './ports.ts';

/** Input of `gatherDataFacts`. */
export interface DataFactsInput {
  pull: PullRequest;
  /** The config's data path (default branch). */
  dataPath: string;
  report: ReportRead | null;
  baseline: BaselineRecord | null;
}

/**
 * The DVC pointer of the data at both commits: `<path>.dvc` beside the file, else the output
 * of `dvc.lock` with that path. Read through the API, so it works when the table itself is
 * not in git (the usual reason for DVC) and from the App, which never has the data.
 */
async function readDvc(
  port: RepoReader,
  path: string,
  baseSha: string,
  headSha: string,
): Promise<DvcChange | null> {
  const read = port.readTextAt?.bind(port);
  if (read === undefined) return null;
  const name = path.split('/').at(-1) ?? path;
  const [pointer, lock] = dvcSources(path);
  // The head first: most repositories track no data with DVC, and then two reads settle it.
  for (const [source, parse] of [
    [pointer, (text: string) => readDvcPointer(text, name)],
    [lock, (text: string) => readDvcLock(text, path)],
  ] as const) {
    const head = await read(headSha, source, MAX_DVC_FILE_BYTES);
    const headOut = head === null ? null : parse(head);
    if (headOut === null) continue;
    const base = await read(baseSha, source, MAX_DVC_FILE_BYTES);
    return dvcChange(source, base === null ? null : parse(base), headOut);
  }
  return null;
}

/** The files that may hold the DVC pointer of the data at `path`, in the order they are read. */
function dvcSources(path: string): readonly [string, string] {
  return [`${path}.dvc`, 'dvc.lock'];
}

/**
 * Whether the pull request's compare (which the gate made already) shows that no DVC pointer
 * file differs between `baseRef` and the head: then both sides read the same text, which is
 * no change, and `readDvc` need read nothing. Only when `baseRef` is the merge base (the
 * compare's other end) and GitHub listed every changed file.
 */
async function dvcUnchanged(port: RepoReader, pull: PullRequest, baseRef: string, path: string) {
  const changes = await port.pullChanges(pull.baseSha, pull.headSha);
  return (
    changes.complete &&
    changes.mergeBase === baseRef &&
    !dvcSources(path).some((source) => changes.paths.has(source))
  );
}

/** The default-branch training run of `sha` whose artifact holds the base data summary. */
async function defaultBranchRun(port: RepoReader, sha: string): Promise<WorkflowRun | null> {
  const runs = await port.runsOfCommit(sha);
  const candidates: WorkflowRun[] = [];
  for (const run of runs) {
    if (run.event !== 'push' || run.headBranch !== port.defaultBranch) continue;
    if (run.conclusion !== 'success') continue;
    if (await port.isTrainingWorkflow(run.path)) candidates.push(run);
  }
  return candidates.sort((a, b) => compareRunOrder(b, a))[0] ?? null;
}

/** The base data summary from the baseline commit's default-branch run, or why there is none. */
async function baseSummary(
  port: RepoReader,
  baseline: BaselineRecord,
): Promise<{ summary: DataSummary | null; problem: string | null }> {
  const sha = baseline.sha.slice(0, 7);
  const run = await defaultBranchRun(port, baseline.sha);
  if (run === null)
    return {
      summary: null,
      problem: `No default-branch training run of ${sha} was found, so the rows, schema and drift are not compared with the base data.`,
    };
  if (!(await port.artifactNames(run.id)).includes(ARTIFACT_NAME))
    return {
      summary: null,
      problem: `The report of ${sha}'s default-branch run ${run.id} has expired, so the rows, schema and drift are not compared with the base data; a new run on the default branch makes a fresh one.`,
    };
  try {
    const report = await port.readReport(run.id, { assets: false });
    const summary = report?.dataSummary ?? null;
    if (summary !== null) return { summary, problem: null };
    return {
      summary: null,
      problem:
        report?.dataSummaryProblem ??
        `The report of ${sha}'s default-branch run ${run.id} has no data summary (made before modelgate kept one), so the rows, schema and drift are not compared with the base data.`,
    };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { summary: null, problem: error.message };
  }
}

/**
 * What the gate's data section is made from: whether the pull request changed the config's
 * data (the file in git, its DVC pointer, or the hash the runs read), and if so both runs'
 * data summaries. Null when the run has no valid report. Reading nothing more when the data
 * is unchanged keeps the common gate as cheap as before.
 */
export async function gatherDataFacts(
  port: RepoReader,
  input: DataFactsInput,
): Promise<DataFacts | null> {
  const { pull, report, baseline } = input;
  if (report?.kind !== 'ok') return null;
  const path = input.dataPath.replace(/^\.\//, '');
  const baseRef = baseline?.sha ?? pull.baseSha;
  const pointers = async () =>
    (await dvcUnchanged(port, pull, baseRef, path))
      ? null
      : readDvc(port, path, baseRef, pull.headSha);
  const [fileChanged, dvc] = await Promise.all([
    port.changesFile(pull.baseSha, pull.headSha, path),
    pointers(),
  ]);
  const hashChanged =
    baseline !== null && baseline.metrics.data.sha256 !== report.metrics.data.sha256;
  const pr = report.dataSummary ?? null;
  if (!fileChanged && dvc === null && !hashChanged)
    return { base: null, baseProblem: null, pr, fileChanged: false, dvc: null };
  const base =
    baseline === null
      ? { summary: null, problem: 'There is no baseline, so the data is not compared.' }
      : await baseSummary(port, baseline);
  const problems = [base.problem, report.dataSummaryProblem ?? null].filter((p) => p !== null);
  return {
    base: base.summary,
    baseProblem: problems.length === 0 ? null : problems.join(' '),
    pr,
    fileChanged: fileChanged || hashChanged,
    dvc,
  };
}
