import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What one step of the bundled Action left behind, as a runner would see it. */
export interface ActionStepResult {
  exitCode: number;
  /** `GITHUB_OUTPUT`, parsed into name → value. */
  outputs: Record<string, string>;
  /** The job summary (`GITHUB_STEP_SUMMARY`). */
  summary: string;
  /** `::error::` and `::warning::` workflow commands the step printed. */
  errors: string[];
  warnings: string[];
  stdout: string;
  stderr: string;
  seconds: number;
}

/** Parses `GITHUB_OUTPUT` as the runner does: `name<<DELIMITER` … `DELIMITER` blocks. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[index] ?? '');
    if (!match?.[1] || !match[2]) continue;
    const value: string[] = [];
    for (index += 1; index < lines.length && lines[index] !== match[2]; index += 1)
      value.push(lines[index] ?? '');
    outputs[match[1]] = value.join('\n');
  }
  return outputs;
}

function workflowCommands(stdout: string, name: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith(`::${name}`))
    .map((line) =>
      // @actions/core escapes %, CR and LF in command messages; undo it for display.
      line
        .slice(line.indexOf('::', 2) + 2)
        .replace(/%0D/g, '\r')
        .replace(/%0A/g, '\n')
        .replace(/%25/g, '%'),
    );
}

/** Input of `runActionStep`. */
export interface ActionStepInput {
  /** The bundled Action, `dist/index.js`. */
  bundle: string;
  /** The checkout the step runs in (`GITHUB_WORKSPACE`, and the working directory). */
  workspace: string;
  /** The runner's variables (`runnerEnvironment` of the sandbox, plus any extra). */
  env: Record<string, string>;
  /** The step's `with:` values. */
  inputs: Record<string, string>;
  event: { name: string; payload: unknown };
  /** Where the step's files (`RUNNER_TEMP`, event, output, summary) go; the OS temp dir by default. */
  runnerTemp?: string;
  /** Kill a step that runs longer (a hung step still shows what it printed). */
  timeoutMs?: number;
}

/**
 * Runs the bundled Action (`dist/index.js`) as a child process the way a runner runs a
 * `node24` action: the runner's variables, `INPUT_<NAME>` per `with:` value, the event payload
 * in the file named by `GITHUB_EVENT_PATH`, and fresh `GITHUB_OUTPUT` / `GITHUB_STEP_SUMMARY`
 * files. Only PATH and HOME of the caller's environment are passed on (git needs them), so
 * nothing of the caller's setup leaks into the step. The demo and the Action's end-to-end
 * tests both run the Action through here.
 */
export async function runActionStep(input: ActionStepInput): Promise<ActionStepResult> {
  const files = await mkdtemp(join(input.runnerTemp ?? tmpdir(), 'modelgate-step-'));
  const eventPath = join(files, 'event.json');
  const outputPath = join(files, 'output');
  const summaryPath = join(files, 'summary.md');
  await writeFile(eventPath, JSON.stringify(input.event.payload));
  await writeFile(outputPath, '');
  await writeFile(summaryPath, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? files,
    ...input.env,
    GITHUB_EVENT_NAME: input.event.name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_WORKSPACE: input.workspace,
    RUNNER_TEMP: files,
  };
  for (const [name, value] of Object.entries(input.inputs)) {
    // The runner's mapping of `with:` keys: upper case, spaces to underscores (dashes stay).
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  const started = performance.now();
  const { exitCode, stdout, stderr } = await new Promise<{
    exitCode: number;
    stdout: string;
    stderr: string;
  }>((resolve) => {
    execFile(
      process.execPath,
      [input.bundle],
      {
        cwd: input.workspace,
        env,
        maxBuffer: 64 * 1024 * 1024,
        ...(input.timeoutMs === undefined ? {} : { timeout: input.timeoutMs }),
      },
      (error, out, err) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ exitCode: code, stdout: out, stderr: err });
      },
    );
  });
  const outputs = parseOutputFile(await readFile(outputPath, 'utf8'));
  const summary = await readFile(summaryPath, 'utf8');
  // A runner empties RUNNER_TEMP after every job, too.
  await rm(files, { recursive: true, force: true });
  return {
    exitCode,
    outputs,
    summary,
    errors: workflowCommands(stdout, 'error'),
    warnings: workflowCommands(stdout, 'warning'),
    stdout,
    stderr,
    seconds: (performance.now() - started) / 1000,
  };
}
