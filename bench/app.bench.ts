import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSandbox } from '../src/sandbox/sandbox.ts';
import type { PullHandle } from '../src/sandbox/state-api.ts';
import { CONFIG_YAML, WORKFLOW_YAML, metricsReport } from '../test/app/fixtures.ts';
import { addPullRun, openPull, seedBaseline } from '../test/app/harness.ts';
import { workflowRunCompleted } from '../test/app/payloads.ts';
import { startReplica, type Replica } from '../test/support/app-replicas.ts';

/**
 * The App on the sandbox GitHub: deliveries per second, webhook-to-check latency (POST of a
 * `workflow_run.completed` until the replica answered, i.e. comment and check written) at p50
 * and p99, and the GitHub calls one delivery makes, by operation — for one and two replicas
 * (separate processes, no Redis). Deliveries arrive CONCURRENCY at a time, round-robin; a
 * first pass sends them one at a time, where the time the sandbox took to answer each call
 * (its request log's `ms`) splits a delivery's latency into GitHub's share and the App's.
 */

const PULLS = 16;
const CONCURRENCY = 4;

interface Result {
  replicas: number;
  concurrency: number;
  /** Mean time the sandbox spent answering a delivery's calls (ms; overlapping calls once). */
  githubMs: number;
  /** Mean latency (ms). */
  meanMs: number;
  perSecond: number;
  p50: number;
  p99: number;
  calls: Map<string, number>;
}

/**
 * Milliseconds in which the sandbox was answering at least one of `requests`: the union of
 * their intervals, since the App makes some calls side by side.
 */
function busyMs(requests: { at: number; ms: number }[]): number {
  const sorted = [...requests].sort((a, b) => a.at - b.at);
  let busy = 0;
  let end = -Infinity;
  for (const { at, ms } of sorted) {
    const finish = at + ms;
    if (finish <= end) continue;
    busy += finish - Math.max(at, end);
    end = finish;
  }
  return busy;
}

async function measure(replicaCount: number, concurrency: number): Promise<Result> {
  const sandbox = await startSandbox({});
  const replicas: Replica[] = [];
  try {
    const repo = await sandbox.createRepo({
      name: 'churn-model',
      files: {
        'README.md': '# model\n',
        '.github/workflows/modelgate.yml': WORKFLOW_YAML,
        '.github/modelgate.yml': CONFIG_YAML,
      },
    });
    const { id: installationId } = sandbox.createInstallation({ repositories: [repo.fullName] });
    const scene = { sandbox, repo };
    await seedBaseline(scene, 0.9);
    const secret = randomBytes(16).toString('hex');
    const options = {
      appId: sandbox.app.id,
      privateKey: sandbox.app.privateKey,
      secret,
      baseUrl: sandbox.apiUrl,
    };
    for (let i = 0; i < replicaCount; i++) replicas.push(await startReplica(options));
    const payloads: unknown[] = [];
    const shas: string[] = [];
    for (let i = 0; i < PULLS; i++) {
      const pull: PullHandle = await openPull(scene, `bench-${i}`);
      const run = await addPullRun(scene, pull, metricsReport({ accuracy: 0.9 + (i % 5) / 100 }));
      shas.push(pull.headSha);
      payloads.push(
        workflowRunCompleted(
          { repo, installationId, baseUrl: sandbox.url },
          { run, pulls: [pull] },
        ),
      );
    }
    // One warm-up delivery per replica (tsx compiles handlers on first use), not measured.
    const warm = await openPull(scene, 'warm-up');
    const warmRun = await addPullRun(scene, warm, metricsReport({ accuracy: 0.91 }));
    for (const replica of replicas)
      await replica.deliver(
        'workflow_run',
        workflowRunCompleted(
          { repo, installationId, baseUrl: sandbox.url },
          { run: warmRun, pulls: [warm] },
        ),
      );

    const before = sandbox.requests.length;
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < payloads.length) {
          const index = next++;
          const replica = replicas[index % replicas.length];
          const sent = performance.now();
          await replica?.deliver('workflow_run', payloads[index], randomUUID());
          // Probot answers 202 when a handler outlives 9 s: the latency ends at the check.
          while (!gated(shas[index])) await sleep(10);
          latencies.push(performance.now() - sent);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    // Calls are counted once GitHub heard nothing for a second (a 202's work has finished).
    for (let seen = -1; seen !== sandbox.requests.length; await sleep(1000))
      seen = sandbox.requests.length;
    const calls = new Map<string, number>();
    const served = sandbox.requests.slice(before);
    for (const entry of served) {
      // Artifact blobs are one kind, whatever their id.
      const kind = entry.operation ?? `${entry.method} ${entry.path.replace(/\d+/g, '<id>')}`;
      calls.set(kind, (calls.get(kind) ?? 0) + 1);
    }
    latencies.sort((a, b) => a - b);
    function gated(sha: string | undefined): boolean {
      return sandbox
        .records(repo.fullName)
        .checkRuns.some((check) => check.headSha === sha && check.status === 'completed');
    }
    const at = (q: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
    return {
      replicas: replicaCount,
      concurrency,
      githubMs: busyMs(served) / PULLS,
      meanMs: latencies.reduce((sum, ms) => sum + ms, 0) / PULLS,
      perSecond: PULLS / seconds,
      p50: at(0.5),
      p99: at(0.99),
      calls,
    };
  } finally {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await sandbox.close();
  }
}

export default async function run(): Promise<void> {
  const results: Result[] = [];
  for (const [count, concurrency] of [
    [1, 1],
    [1, CONCURRENCY],
    [2, CONCURRENCY],
  ] as const)
    results.push(await measure(count, concurrency));
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`${PULLS} workflow_run deliveries per row, App processes without Redis`);
  out('');
  out(
    '| replicas | in flight | deliveries/s | latency p50 | latency p99 | GitHub calls/delivery |',
  );
  out('|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const total = [...r.calls.values()].reduce((sum, n) => sum + n, 0);
    out(
      `| ${r.replicas} | ${r.concurrency} | ${r.perSecond.toFixed(1)} | ${r.p50.toFixed(0)} ms | ${r.p99.toFixed(0)} ms | ${(total / PULLS).toFixed(1)} |`,
    );
  }
  const alone = results[0];
  if (alone) {
    out('');
    out(
      `One delivery at a time: ${alone.meanMs.toFixed(0)} ms from webhook to check on average, of which the sandbox GitHub took ${alone.githubMs.toFixed(0)} ms to answer the calls (real git behind compare and contents) and the App the other ${(alone.meanMs - alone.githubMs).toFixed(0)} ms.`,
    );
  }
  out('');
  out('GitHub calls per delivery by operation (1 replica, one at a time):');
  const first = results[0];
  if (first === undefined) return;
  for (const [kind, count] of [...first.calls].sort((a, b) => b[1] - a[1]))
    out(`- ${(count / PULLS).toFixed(2)}  ${kind}`);
}
