import { describe, expect, test } from 'vitest';
import { gatherDataFacts } from '../../src/flows/data-facts.ts';
import type { PullChanges, PullRequest } from '../../src/flows/ports.ts';
import { portWith } from './port-with.ts';
import { metricsReport } from '../app/fixtures.ts';
import { dvcPointer } from '../support/data-summaries.ts';

const BASE = 'b'.repeat(40);
const HEAD = 'a'.repeat(40);
const MERGE_BASE = 'c'.repeat(40);

const pull: PullRequest = {
  number: 7,
  title: 'x',
  url: 'u',
  state: 'open',
  headSha: HEAD,
  headRef: 'b',
  headRepoName: 'o/r',
  baseRef: 'main',
  baseSha: BASE,
  labels: [],
  merged: false,
  mergeCommitSha: null,
};

const metrics = metricsReport({ accuracy: 0.9 });
const report = {
  kind: 'ok' as const,
  metrics,
  predictions: null,
  predictionsProblem: null,
  dataSummary: null,
  dataSummaryProblem: null,
};

/** The port of a pull request whose compare lists `paths`; `pointers` are the DVC files by ref. */
function scene(changes: Partial<PullChanges>, pointers: Record<string, string> = {}) {
  const reads: string[] = [];
  const port = portWith({
    defaultBranch: 'main',
    pullChanges: async () => ({
      mergeBase: MERGE_BASE,
      paths: new Set(),
      complete: true,
      ...changes,
    }),
    changesFile: async () => false,
    readTextAt: async (ref, path) => {
      reads.push(`${path}@${ref.slice(0, 1)}`);
      return pointers[`${path}@${ref.slice(0, 1)}`] ?? null;
    },
    runsOfCommit: async () => [],
  });
  return { port, reads };
}

describe('the DVC pointers of the data', () => {
  test('are not read when the compare shows neither pointer file changed since the baseline', async () => {
    const { port, reads } = scene({ paths: new Set(['src/model.ts']) });
    const facts = await gatherDataFacts(port, {
      pull,
      dataPath: 'data/train.csv',
      report,
      baseline: { sha: MERGE_BASE, metrics, predictions: null },
    });
    expect(reads).toEqual([]);
    expect(facts).toMatchObject({ fileChanged: false, dvc: null });
  });

  test('are read, and the change found, when the compare lists the pointer', async () => {
    const { port, reads } = scene(
      { paths: new Set(['data/train.csv.dvc']) },
      {
        'data/train.csv.dvc@a': dvcPointer('b', 1200),
        'data/train.csv.dvc@c': dvcPointer('a', 1000),
      },
    );
    const facts = await gatherDataFacts(port, {
      pull,
      dataPath: 'data/train.csv',
      report,
      baseline: { sha: MERGE_BASE, metrics, predictions: null },
    });
    expect(reads).toEqual(['data/train.csv.dvc@a', 'data/train.csv.dvc@c']);
    expect(facts?.dvc).toMatchObject({ source: 'data/train.csv.dvc' });
  });

  test('are read when the baseline is older than the merge base: the compare does not cover it', async () => {
    const { port, reads } = scene({ paths: new Set() }, { 'dvc.lock@a': 'schema: "2.0"\n' });
    await gatherDataFacts(port, {
      pull,
      dataPath: 'data/train.csv',
      report,
      baseline: { sha: 'd'.repeat(40), metrics, predictions: null },
    });
    expect(reads).toEqual(['data/train.csv.dvc@a', 'dvc.lock@a']);
  });

  test('are read when GitHub may have cut the compare listing short', async () => {
    const { port, reads } = scene({ paths: new Set(['src/model.ts']), complete: false });
    await gatherDataFacts(port, {
      pull,
      dataPath: 'data/train.csv',
      report,
      baseline: { sha: MERGE_BASE, metrics, predictions: null },
    });
    expect(reads).toEqual(['data/train.csv.dvc@a', 'dvc.lock@a']);
  });
});
