import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What one step of the bundled Action left behind, as a runner would see it. */
export interface StepResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** `GITHUB_OUTPUT`, parsed. */
  outputs: Record<string, string>;
  /** `GITHUB_STEP_SUMMARY`. */
  summary: string;
  /** `::warning ...::message` workflow commands printed by the step. */
  warnings: string[];
  /** The `::error::` line of a failed step. */
  errors: string[];
}

/** Parses `GITHUB_OUTPUT` as the runner does: `name<<DELIMITER\nvalue\nDELIMITER` blocks. */
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

function commands(stdout: string, name: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith(`::${name}`))
    .map((line) =>
      // The escaping of @actions/core's issueCommand, undone.
      line
        .slice(line.indexOf('::', 2) + 2)
        .replace(/%0D/g, '\r')
        .replace(/%0A/g, '\n')
        .replace(/%25/g, '%'),
    );
}

/**
 * Runs `bundle` (the built `index.js`) as a child process the way a runner runs a
 * `node24` action: the runner's variables, `INPUT_<NAME>` for each `with:` value, the event
 * payload in a file named by `GITHUB_EVENT_PATH`, and fresh `GITHUB_OUTPUT` and
 * `GITHUB_STEP_SUMMARY` files. Nothing of the test process's environment leaks in but PATH
 * and HOME (git needs them).
 */
export async function runAction(input: {
  bundle: string;
  env: Record<string, string>;
  inputs: Record<string, string>;
  event: { name: string; payload: unknown };
  workspace: string;
}): Promise<StepResult> {
  const files = await mkdtemp(join(tmpdir(), 'modelgate-runner-'));
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
  for (const [name, value] of Object.entries(input.inputs))
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value; // the runner keeps dashes
  const { exitCode, stdout, stderr } = await new Promise<{
    exitCode: number;
    stdout: string;
    stderr: string;
  }>((resolve) => {
    execFile(
      process.execPath,
      [input.bundle],
      // Well inside vitest's timeout, so a hung step still shows what it printed.
      { cwd: input.workspace, env, maxBuffer: 64 * 1024 * 1024, timeout: 45_000 },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === 'number' ? error.code : error ? 1 : 0;
        resolve({ exitCode: code, stdout, stderr });
      },
    );
  });
  const outputs = parseOutputFile(await readFile(outputPath, 'utf8'));
  const summary = await readFile(summaryPath, 'utf8');
  // RUNNER_TEMP is emptied after every job on a runner, too.
  await rm(files, { recursive: true, force: true });
  return {
    exitCode,
    stdout,
    stderr,
    outputs,
    summary,
    warnings: commands(stdout, 'warning'),
    errors: commands(stdout, 'error'),
  };
}
