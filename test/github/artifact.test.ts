import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProfile } from '../../src/core/drift/index.ts';
import { InputError } from '../../src/core/errors.ts';
import { downloadRunArtifact } from '../../src/github/artifact.ts';
import type { ArtifactFiles } from '../../src/sandbox/index.ts';
import { metricsFixture } from '../history/fixtures.ts';
import { sandboxRepo, type SandboxRepo } from './sandbox-setup.ts';

let env: SandboxRepo;
let headSha: string;
beforeAll(async () => {
  env = await sandboxRepo();
  headSha = await env.sandbox.commit({
    repo: env.repo.fullName,
    branch: 'pr',
    files: { 'a.txt': '1' },
    message: 'a',
  });
});
afterAll(async () => {
  await env.sandbox.close();
});

const metricsText = JSON.stringify(metricsFixture(0.91));
const profile = buildProfile({
  path: 'data/train.csv',
  sha256: 'b'.repeat(64),
  rows: 4,
  columns: [
    { name: 'x', kind: 'numeric', values: Float64Array.from([1, 2, 3, Number.NaN]) },
    { name: 'color', kind: 'categorical', values: ['red', 'blue', null, 'red'] },
  ],
});
const good: ArtifactFiles = {
  'metrics.json': metricsText,
  'profile.json': JSON.stringify(profile),
  'report.md': '# Report\n',
  'model/model.json': '{"format":"layers-model"}',
  'model/weights.bin': new Uint8Array(64).fill(7),
};

async function runWith(files: ArtifactFiles | null): Promise<number> {
  const run = await env.sandbox.addWorkflowRun({
    repo: env.repo.fullName,
    headSha,
    headBranch: 'pr',
    artifacts: files === null ? {} : { 'modelgate-report': files },
  });
  return run.id;
}

async function failure(
  files: ArtifactFiles,
  maxBytes = 1_000_000,
): Promise<{ runId: number; message: string }> {
  const runId = await runWith(files);
  const error = await downloadRunArtifact({ ...env.context, runId, maxBytes }).catch(
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return { runId, message: error instanceof Error ? error.message : '' };
}

describe('downloadRunArtifact', () => {
  it('returns the validated metrics, profile, report and, on request, the model files', async () => {
    const runId = await runWith(good);
    const artifact = await downloadRunArtifact({
      ...env.context,
      runId,
      maxBytes: 1_000_000,
      includeModel: true,
    });
    expect(artifact?.metrics).toEqual(metricsFixture(0.91));
    expect(artifact?.profile).toEqual(profile);
    expect(artifact?.report).toBe('# Report\n');
    expect([...(artifact?.model?.keys() ?? [])].sort()).toEqual([
      'model/model.json',
      'model/weights.bin',
    ]);
    expect(artifact?.model?.get('model/weights.bin')).toEqual(new Uint8Array(64).fill(7));

    const lean = await downloadRunArtifact({ ...env.context, runId, maxBytes: 1_000_000 });
    expect(lean?.model).toBeNull();
  });

  it('reads only the files asked for: a 60 MiB broken profile.json is neither inflated nor parsed', async () => {
    const runId = await runWith({
      'metrics.json': metricsText,
      // Not JSON: parsing it would fail, so success shows it was never read.
      'profile.json': `{${' '.repeat(60 * 1024 * 1024)}`,
    });
    const limits = { maxBytes: 10 * 1024 * 1024, maxUncompressedBytes: 100 * 1024 * 1024 };
    const artifact = await downloadRunArtifact({
      ...env.context,
      runId,
      ...limits,
      files: ['metrics.json'],
    });
    expect(artifact?.metrics).toEqual(metricsFixture(0.91));
    expect(artifact?.profile).toBeNull();
    const everything = await downloadRunArtifact({ ...env.context, runId, ...limits }).catch(
      (e: unknown) => e,
    );
    expect(String(everything)).toMatch(/profile\.json/);
  });

  it('returns null for a run without the artifact', async () => {
    expect(
      await downloadRunArtifact({ ...env.context, runId: await runWith(null), maxBytes: 1000 }),
    ).toBeNull();
  });

  it('refuses an artifact over the size limit without downloading it', async () => {
    const runId = await runWith(good);
    const mark = env.sandbox.requests.length;
    const error = await downloadRunArtifact({ ...env.context, runId, maxBytes: 100 }).catch(
      (e: unknown) => e,
    );
    expect(String(error)).toMatch(
      new RegExp(
        `^InputError: artifact modelgate-report of run ${runId} is \\d+ bytes; the limit is 100 bytes\\.$`,
      ),
    );
    expect(env.requestsSince(mark).filter((r) => r.includes('/zip'))).toEqual([]);
  });

  it('refuses a zip bomb before inflating it', async () => {
    const { runId, message } = await failure({ 'metrics.json': new Uint8Array(30_000_000) });
    expect(message).toBe(
      `artifact modelgate-report of run ${runId}: the archive declares more than 10000000 bytes uncompressed.`,
    );
  });

  it('names an infinite metric', async () => {
    const text = metricsText.replace('"accuracy":0.91', '"accuracy":1e999');
    const { runId, message } = await failure({ 'metrics.json': text });
    expect(message).toBe(
      `artifact modelgate-report of run ${runId}: metrics.json: metrics.accuracy must be a finite number, got Infinity`,
    );
  });

  it('says NaN is not JSON', async () => {
    const { runId, message } = await failure({
      'metrics.json': metricsText.replace('0.91', 'NaN'),
    });
    expect(message).toMatch(
      new RegExp(
        `^artifact modelgate-report of run ${runId}: metrics\\.json is not valid JSON \\(`,
      ),
    );
  });

  it('refuses a file that is not JSON at all', async () => {
    const { message } = await failure({ 'metrics.json': 'accuracy: 0.9' });
    expect(message).toContain('metrics.json is not valid JSON');
  });

  it('refuses a path that climbs out of the archive', async () => {
    const { runId, message } = await failure({
      'metrics.json': metricsText,
      '../../.bashrc': 'echo pwned',
    });
    expect(message).toBe(
      `artifact modelgate-report of run ${runId}: entry "../../.bashrc" has a '..' segment in its path.`,
    );
  });

  it('refuses an artifact without metrics.json', async () => {
    const { runId, message } = await failure({ 'report.md': '# r' });
    expect(message).toBe(`artifact modelgate-report of run ${runId} has no metrics.json.`);
  });

  it('refuses a profile of another schema', async () => {
    const { runId, message } = await failure({
      'metrics.json': metricsText,
      'profile.json': '{"schema":"other@1"}',
    });
    expect(message).toBe(
      `artifact modelgate-report of run ${runId}: profile.json: schema must be "modelgate/profile@1", got "other@1"`,
    );
  });

  it('refuses a tampered profile, naming the feature', async () => {
    const tampered = { ...profile, rows: 5 };
    const { runId, message } = await failure({
      'metrics.json': metricsText,
      'profile.json': JSON.stringify(tampered),
    });
    expect(message).toBe(
      `artifact modelgate-report of run ${runId}: profile.json: features[0] accounts for 4 rows, the profile has 5`,
    );
  });

  it('refuses a metrics file over its own cap', async () => {
    const padded = JSON.stringify({ ...metricsFixture(0.9), warnings: ['x'.repeat(900)] }).padEnd(
      1_100_000,
      ' ',
    );
    const { runId, message } = await failure({ 'metrics.json': padded }, 5_000_000);
    expect(message).toBe(
      `artifact modelgate-report of run ${runId}: entry metrics.json inflates to more than 1048576 bytes.`,
    );
  });
});
