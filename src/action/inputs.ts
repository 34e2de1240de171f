import { isAbsolute, relative, resolve as resolvePath, sep } from 'node:path';
import * as core from '@actions/core';
import { BACKEND_CHOICES } from '../core/config/schema.ts';
import { InputError } from '../core/errors.ts';
import type { BackendChoice } from '../train/backend.ts';

/** The four things the Action can do in one step (see `action.yml`). */
export const MODES = ['train', 'report', 'release', 'monitor'] as const;
/** One of `MODES`. */
export type Mode = (typeof MODES)[number];

/**
 * The step's inputs, parsed once. Optional inputs the user left empty are `undefined`, so
 * the config file's value (or the built-in default) applies.
 */
export interface Inputs {
  mode: Mode;
  /** Config path relative to `workingDirectory`. */
  config: string;
  /** API token; `undefined` when the workflow passes none (then nothing is posted). */
  token: string | undefined;
  backend: BackendChoice | undefined;
  /** Absolute path of the workspace (`GITHUB_WORKSPACE`), the root of the repository. */
  workspace: string;
  /** Absolute path of the directory the config's paths are relative to. */
  workingDirectory: string;
  /** Run directory relative to `workingDirectory`. */
  runDir: string;
  /**
   * `monitor`: the current data; `train` with `predictions`: the data to profile for drift
   * monitoring (default: the config's `data.path`). Relative to `workingDirectory`.
   */
  data: string | undefined;
  /**
   * `train` without training: test predictions another framework wrote (`modelgate metrics`'
   * layout), relative to `workingDirectory`.
   */
  predictions: string | undefined;
  /** With `predictions`: the model file or folder to release, relative to `workingDirectory`. */
  model: string | undefined;
  historyBranch: string | undefined;
  runId: number | undefined;
  failOnGate: boolean;
  failOnDrift: boolean;
  uploadArtifact: boolean;
}

function optional(name: string): string | undefined {
  const value = core.getInput(name);
  return value === '' ? undefined : value;
}

function required(name: string, fallback: string): string {
  return optional(name) ?? fallback;
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  const match = allowed.find((candidate) => candidate === value);
  if (match === undefined) {
    throw new InputError(
      `Invalid '${name}' input: expected one of ${allowed.map((a) => `"${a}"`).join(', ')}, got "${value}".`,
    );
  }
  return match;
}

function boolean(name: string, fallback: boolean): boolean {
  if (optional(name) === undefined) return fallback;
  try {
    return core.getBooleanInput(name);
  } catch {
    throw new InputError(
      `Invalid '${name}' input: expected true or false, got "${core.getInput(name)}".`,
    );
  }
}

function positiveInteger(name: string): number | undefined {
  const value = optional(name);
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new InputError(
      `Invalid '${name}' input: expected a workflow run id (a positive integer), got "${value}".`,
    );
  }
  return Number(value);
}

/**
 * Reads every input of `action.yml` through `@actions/core` (which maps `INPUT_<NAME>`
 * variables and trims them) and checks its form; the defaults repeat `action.yml`'s so the
 * step behaves the same when run outside a runner (e.g. by `@github/local-action`).
 *
 * @param cwd directory that a relative `working-directory` is resolved against
 *   (`GITHUB_WORKSPACE` on a runner).
 */
export function parseInputs(cwd: string): Inputs {
  const backend = optional('backend');
  const workingDirectory = required('working-directory', '.');
  return {
    mode: oneOf('mode', required('mode', 'train'), MODES),
    config: required('config', '.github/modelgate.yml'),
    token: optional('token'),
    backend: backend === undefined ? undefined : oneOf('backend', backend, BACKEND_CHOICES),
    workspace: cwd,
    workingDirectory: resolvePath(cwd, workingDirectory),
    runDir: required('run-dir', '.modelgate/run'),
    data: optional('data'),
    predictions: optional('predictions'),
    model: optional('model'),
    historyBranch: optional('history-branch'),
    runId: positiveInteger('run-id'),
    failOnGate: boolean('fail-on-gate', false),
    failOnDrift: boolean('fail-on-drift', false),
    uploadArtifact: boolean('upload-artifact', true),
  };
}

/**
 * Path of `path` (relative to `working-directory`) inside the repository, with `/`
 * separators, as the contents API wants it. Throws when it leaves the repository.
 */
export function repositoryPath(
  inputs: Pick<Inputs, 'workspace' | 'workingDirectory'>,
  path: string,
): string {
  const inside = relative(inputs.workspace, resolvePath(inputs.workingDirectory, path));
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    throw new InputError(
      `'${path}' under 'working-directory' resolves outside the repository; expected a path inside the checkout.`,
    );
  }
  return inside.split(sep).join('/');
}
