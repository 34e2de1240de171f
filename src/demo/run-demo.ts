import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { errorMessage } from '../core/errors.ts';
import { git } from './git.ts';
import { createPrinter, stepPassed, type Printer, type StepOutcome } from './printer.ts';
import { collectReport } from './report/collect.ts';
import { serveReport, untilAborted } from './serve-report.ts';
import { writeHtmlReport } from './report/write-report.ts';
import { startStage, type Stage } from './stage.ts';
import { deployRelease } from './steps-deploy.ts';
import { mergeAndRelease, recordBaseline } from './steps-main.ts';
import { changeData } from './steps-data.ts';
import { detectDrift, driftResolved } from './steps-monitor.ts';
import { noisyModel } from './steps-noise.ts';
import { performanceDrops, performanceRecovers } from './steps-performance.ts';
import { PREDICTIONS_STEPS } from './steps-predictions.ts';
import { sklearnExample } from './predictions-example.ts';
import { improveModel, regressModel } from './steps-pulls.ts';
import { fact, checked, type StepRunner, type StoryState } from './story-state.ts';
import { summaryLine, type StoryPart } from './summary.ts';

export interface DemoOptions {
  /** Keep the temp dir (clone, runner workspaces) instead of removing it. */
  keep?: boolean;
  /** Where `index.html` is written (default `demo-report` in the current directory). */
  reportDir?: string;
  /** Where the story is printed. */
  write?: (text: string) => void;
  color?: boolean;
  /** Stops the story before its next step (Ctrl+C); the temp dir is still cleaned up. */
  signal?: AbortSignal;
  /**
   * After the story, keep the GitHub stand-in and the HTML report served on loopback, print
   * their URLs, and wait for `signal` (Ctrl+C) before cleaning up.
   */
  serve?: boolean;
  /** The Action's bundle to run (default: the committed `dist/index.js`). */
  actionBundle?: string;
  /**
   * The Python users' path instead: `examples/sklearn/`, whose own step writes predictions
   * (played by copying its committed predictions files), scored, gated, released, monitored.
   */
  predictions?: boolean;
}

export interface DemoResult {
  ok: boolean;
  steps: StepOutcome[];
  state: StoryState;
  reportPath: string | null;
  workDir: string;
  seconds: number;
}

/** The story of DESIGN.md §8, in order; `part` names what the summary line may claim. */
const TFJS_STEPS: ReadonlyArray<{ title: string; part?: StoryPart; run: StepRunner }> = [
  { title: 'Baseline recorded from main', part: 'baseline', run: recordBaseline },
  {
    title: 'PR 1 improves the model: sticky comment and a passing gate',
    part: 'improve',
    run: improveModel,
  },
  {
    title: 'PR 2 regresses the model: the gate fails and says why',
    part: 'regress',
    run: regressModel,
  },
  {
    title: 'PR 3 drops within noise: the significance rule passes it',
    part: 'noise',
    run: noisyModel,
  },
  {
    title: 'PR 4 changes the data: the comment says what changed',
    part: 'data',
    run: changeData,
  },
  { title: 'PR 1 merged: tag, release and deployment', part: 'release', run: mergeAndRelease },
  {
    title: 'Deploy workflow: deployment in_progress → success, page served',
    part: 'deploy',
    run: deployRelease,
  },
  {
    title: 'Monitoring on shifted data: drift issue opened',
    part: 'driftOpened',
    run: detectDrift,
  },
  {
    title: 'Monitoring on clean data: drift issue closed',
    part: 'driftClosed',
    run: driftResolved,
  },
  {
    title: 'Labels arrive, accuracy fell: performance issue opened',
    part: 'performanceOpened',
    run: performanceDrops,
  },
  {
    title: 'Labelled data the model gets right: performance issue closed',
    part: 'performanceClosed',
    run: performanceRecovers,
  },
];

/**
 * Plays the whole story offline: the sandbox GitHub, the App server and the bundled Action,
 * each step checked through the REST API. A step whose facts do not all hold makes the
 * result not ok, but the story goes on so the report shows everything that did happen.
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const started = performance.now();
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  const printer: Printer = createPrinter(write, options.color ?? false);
  const workDir = await mkdtemp(join(tmpdir(), 'modelgate-demo-'));
  const state: StoryState = {};
  const steps: StepOutcome[] = [];
  let stage: Stage | null = null;
  let reportPath: string | null = null;
  const STEPS = options.predictions ? PREDICTIONS_STEPS : TFJS_STEPS;
  try {
    stage = options.predictions
      ? await startStage(workDir, options.actionBundle, await sklearnExample(workDir))
      : await startStage(workDir, options.actionBundle);
    printer.intro([
      options.predictions
        ? "modelgate demo --predictions: the Python users' path offline, on a GitHub stand-in"
        : 'modelgate demo: the whole story offline, on a GitHub stand-in',
      `  GitHub (sandbox)  ${stage.sandbox.url}   repository ${stage.repo.fullName}`,
      `  modelgate App     ${stage.app.webhookUrl}`,
      `  modelgate Action  dist/index.js, run as a runner runs it`,
      ...(options.predictions
        ? [
            '  Python step       not run: the committed predictions file train.py wrote for the same --c is copied',
          ]
        : []),
    ]);
    for (const [index, step] of STEPS.entries()) {
      if (options.signal?.aborted) {
        const stopped: StepOutcome = {
          title: 'Interrupted',
          facts: [fact(false, `stopped before step ${index + 1}: ${step.title}`)],
          seconds: 0,
        };
        steps.push(stopped);
        printer.step(index + 1, STEPS.length, stopped);
        break;
      }
      const stepStart = performance.now();
      const current = stage;
      const facts = await checked(step.title, () => step.run(current, state));
      const outcome: StepOutcome = {
        title: step.title,
        ...(step.part === undefined ? {} : { part: step.part }),
        facts,
        seconds: (performance.now() - stepStart) / 1000,
      };
      steps.push(outcome);
      printer.step(index + 1, STEPS.length, outcome);
    }
    if (!options.signal?.aborted) {
      const report = await collectReport(stage, state);
      reportPath = await writeHtmlReport(
        resolve(options.reportDir ?? 'demo-report'),
        report,
        steps,
      );
      if (options.serve) await serveUntilInterrupted(stage, reportPath, printer, options.signal);
    }
  } catch (error) {
    const broken: StepOutcome = {
      title: 'The demo could not go on',
      facts: [fact(false, errorMessage(error))],
      seconds: 0,
    };
    steps.push(broken);
    printer.step(steps.length, STEPS.length, broken);
  } finally {
    if (options.keep && stage !== null) await keepClone(stage);
    await stage?.close();
    if (!options.keep) await rm(workDir, { recursive: true, force: true });
  }
  const seconds = (performance.now() - started) / 1000;
  const ok = steps.length === STEPS.length && steps.every(stepPassed) && reportPath !== null;
  if (reportPath !== null) printer.line(`Report: ${reportPath}`);
  if (options.keep) {
    printer.line(
      `Kept: ${workDir} (clone/: every branch, the history branch and the tags; runner/: the workspace of each run)`,
    );
  }
  printer.line(summaryLine({ ok, steps, total: STEPS.length, state, seconds }));
  return { ok, steps, state, reportPath, workDir, seconds };
}

/** `--serve`: the URLs to look at, held open until Ctrl+C. */
async function serveUntilInterrupted(
  stage: Stage,
  reportPath: string,
  printer: Printer,
  signal: AbortSignal | undefined,
): Promise<void> {
  const server = await serveReport(reportPath);
  // The stand-in speaks GitHub's REST API (anonymous reads of the public repository); the
  // report is where the pull requests, release and issue are drawn as GitHub draws them.
  const api = `${stage.sandbox.url}/api/v3/repos/${stage.repo.fullName}`;
  printer.line(
    [
      'Serving until Ctrl+C:',
      `  report (as GitHub shows it)  ${server.url}`,
      `  pull requests (REST)         ${api}/pulls?state=all`,
      `  releases (REST)              ${api}/releases`,
      `  issues (REST)                ${api}/issues?state=all`,
    ].join('\n'),
  );
  try {
    await untilAborted(signal);
  } finally {
    await server.close();
  }
}

/**
 * Before the stand-in goes away, fetches every branch (the history branch too) and tag into
 * the developer's clone, so a kept clone still shows what the story left on GitHub.
 */
async function keepClone(stage: Stage): Promise<void> {
  try {
    await git(stage.clone, [
      'fetch',
      '--quiet',
      '--tags',
      'origin',
      '+refs/heads/*:refs/remotes/origin/*',
    ]);
  } catch {
    // The clone is kept either way; only the last refs are missing.
  }
}
