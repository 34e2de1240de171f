import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { parseInputs, repositoryPath } from '../../src/action/inputs.ts';
import { InputError } from '../../src/core/errors.ts';

const ActionInputsSchema = z.object({
  inputs: z.record(z.string(), z.object({ default: z.string().optional() })),
});

function inputVariable(name: string): string {
  // The runner's own mapping: upper case, spaces to underscores, dashes kept.
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

const touched = new Set<string>();
function setInputs(values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) {
    const variable = inputVariable(name);
    touched.add(variable);
    process.env[variable] = value;
  }
}

afterEach(() => {
  for (const variable of touched) delete process.env[variable];
  touched.clear();
});

describe('parseInputs', () => {
  it('applies the same defaults as action.yml when the runner passes them', async () => {
    const action = ActionInputsSchema.parse(
      parseYaml(await readFile(new URL('../../action.yml', import.meta.url), 'utf8')),
    );
    const withoutRunner = parseInputs('/repo');
    const defaults = Object.fromEntries(
      Object.entries(action.inputs)
        // `${{ github.token }}` is an expression only the runner evaluates.
        .filter(([, input]) => input.default !== undefined && !input.default.includes('${{'))
        .map(([name, input]) => [name, input.default ?? '']),
    );
    setInputs(defaults);
    expect(parseInputs('/repo')).toEqual(withoutRunner);
    expect(withoutRunner).toMatchObject({
      mode: 'train',
      config: '.github/modelgate.yml',
      workingDirectory: '/repo',
      runDir: '.modelgate/run',
      failOnGate: false,
      failOnDrift: false,
      uploadArtifact: true,
    });
  });

  it('treats empty optional inputs as not given', () => {
    setInputs({ token: '', backend: '', data: '', 'history-branch': '', 'run-id': '' });
    expect(parseInputs('/repo')).toMatchObject({
      token: undefined,
      backend: undefined,
      data: undefined,
      historyBranch: undefined,
      runId: undefined,
    });
  });

  it('parses every input into its type', () => {
    setInputs({
      mode: 'monitor',
      config: 'ml/modelgate.yml',
      token: 'ghs_x',
      backend: 'wasm',
      'working-directory': 'sub',
      'run-dir': 'out',
      data: 'prod.csv',
      'history-branch': 'metrics',
      'run-id': '42',
      'fail-on-gate': 'TRUE',
      'fail-on-drift': 'true',
      'upload-artifact': 'False',
    });
    expect(parseInputs('/repo')).toEqual({
      mode: 'monitor',
      config: 'ml/modelgate.yml',
      token: 'ghs_x',
      backend: 'wasm',
      workspace: '/repo',
      workingDirectory: '/repo/sub',
      runDir: 'out',
      data: 'prod.csv',
      historyBranch: 'metrics',
      runId: 42,
      failOnGate: true,
      failOnDrift: true,
      uploadArtifact: false,
    });
  });

  it.each([
    [
      { mode: 'deploy' },
      `Invalid 'mode' input: expected one of "train", "report", "release", "monitor", got "deploy".`,
    ],
    [
      { backend: 'gpu' },
      `Invalid 'backend' input: expected one of "auto", "node", "wasm", "cpu", got "gpu".`,
    ],
    [{ 'fail-on-gate': 'yes' }, `Invalid 'fail-on-gate' input: expected true or false, got "yes".`],
    [
      { 'run-id': '12abc' },
      `Invalid 'run-id' input: expected a workflow run id (a positive integer), got "12abc".`,
    ],
  ])('rejects %o with a sentence naming the input', (values, message) => {
    setInputs(values);
    expect(() => parseInputs('/repo')).toThrow(new InputError(message));
  });
});

describe('repositoryPath', () => {
  it('gives the path inside the repository of a path under working-directory', () => {
    const inputs = { workspace: '/repo', workingDirectory: '/repo/examples' };
    expect(repositoryPath(inputs, '.github/modelgate.yml')).toBe('examples/.github/modelgate.yml');
    expect(repositoryPath({ workspace: '/repo', workingDirectory: '/repo' }, 'ml.yml')).toBe(
      'ml.yml',
    );
  });

  it('refuses a path that leaves the repository', () => {
    expect(() =>
      repositoryPath({ workspace: '/repo', workingDirectory: '/repo' }, '../other.yml'),
    ).toThrow(
      new InputError(
        "'../other.yml' under 'working-directory' resolves outside the repository; expected a path inside the checkout.",
      ),
    );
  });
});
