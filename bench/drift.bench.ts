import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { driftReport } from '../src/core/drift/drift-report.ts';
import { DriftReportSchema } from '../src/core/drift/drift-report-schema.ts';
import { readTable } from '../src/data/read-table.ts';
import { createOpenRandom } from '../src/core/random.ts';
import { median } from './median.ts';

/**
 * The whole `modelgate drift` command on two CSVs of 1,000,000 rows (one numerical column, the
 * current one shifted) against the same work in Python in the same run: pandas `read_csv` of
 * both files, `scipy.stats.ks_2samp`, `scipy.stats.wasserstein_distance` and a numpy PSI on
 * reference-quantile bins. Both run as child processes, so start-up and file reading count.
 * modelgate runs as the npm package ships it (`dist/cli/index.js`, built here first with
 * `scripts/bundle.mjs --cli`), the way pandas runs as installed; a checkout's
 * `bin/modelgate.js` compiles the TypeScript sources through tsx at every start, and that
 * start-up is printed on its own. Peak RSS comes from `/usr/bin/time`. Goal (issue 20):
 * ratio <= 0.5 and a peak under 300 MB.
 */

const ROWS = 1_000_000;
const SHIFT = 0.2;
const RUNS = 3;
const PYTHON = '/usr/bin/python3';
const TIME = '/usr/bin/time';
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const PEER = `
import sys, json
import numpy as np, pandas as pd
from scipy import stats
ref = pd.read_csv(sys.argv[1])['x'].to_numpy()
cur = pd.read_csv(sys.argv[2])['x'].to_numpy()
ref = ref[np.isfinite(ref)]; cur = cur[np.isfinite(cur)]
ks = stats.ks_2samp(ref, cur)
w = stats.wasserstein_distance(ref, cur)
edges = np.unique(np.quantile(ref, np.arange(1, 10) / 10))
pr = np.bincount(np.searchsorted(edges, ref, side='right'), minlength=len(edges) + 1) / len(ref)
pc = np.bincount(np.searchsorted(edges, cur, side='right'), minlength=len(edges) + 1) / len(cur)
pr = np.where(pr == 0, 1e-4, pr); pc = np.where(pc == 0, 1e-4, pc)
psi = float(np.sum((pc - pr) * np.log(pc / pr)))
print(json.dumps({'ks': float(ks.statistic), 'p': float(ks.pvalue), 'w': float(w), 'psi': psi}))
`;

const PeerSchema = z.object({ ks: z.number(), p: z.number(), w: z.number(), psi: z.number() });

/** Box–Muller on the seeded generator: normal deviates, so every run reads the same files. */
function normal(seed: number): () => number {
  const uniform = createOpenRandom(seed);
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

async function writeColumn(path: string, seed: number, shift: number): Promise<void> {
  const next = normal(seed);
  const lines = new Array<string>(ROWS + 1);
  lines[0] = 'x';
  for (let i = 1; i <= ROWS; i++) lines[i] = (next() + shift).toFixed(6);
  await writeFile(path, `${lines.join('\n')}\n`);
}

interface Measured {
  seconds: number;
  /** User + system CPU seconds, steadier than wall time on a shared machine. */
  cpuSeconds: number | null;
  peakMb: number | null;
  stdout: string;
  status: number | null;
}

/** Runs a command under /usr/bin/time when it exists (for peak RSS), else times it here. */
function measure(command: string, args: string[]): Measured {
  const timed = existsSync(TIME);
  const started = performance.now();
  const result = timed
    ? spawnSync(TIME, ['-f', 'MAXRSS_KB=%M CPU=%U+%S', command, ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        maxBuffer: 1 << 28,
      })
    : spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = (performance.now() - started) / 1000;
  const rss = /MAXRSS_KB=(\d+)/.exec(result.stderr ?? '');
  const cpu = /CPU=([\d.]+)\+([\d.]+)/.exec(result.stderr ?? '');
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}: ${result.stderr}`);
  }
  return {
    seconds,
    cpuSeconds: cpu ? Number(cpu[1]) + Number(cpu[2]) : null,
    peakMb: rss ? Number(rss[1]) / 1024 : null,
    stdout: result.stdout,
    status: result.status,
  };
}

const fmt = (seconds: number) => `${seconds.toFixed(2)} s`;
const mb = (value: number | null) => (value === null ? 'n/a' : `${Math.round(value)} MB`);

/** Runs the drift benchmark and prints its table (see the header comment). */
export default async function run(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'modelgate-drift-bench-'));
  try {
    const reference = join(dir, 'reference.csv');
    const current = join(dir, 'current.csv');
    const out = join(dir, 'drift.json');
    await writeColumn(reference, 1, 0);
    await writeColumn(current, 2, SHIFT);

    // The shipped CLI, rebuilt from the sources under test (dist/cli/ is not committed).
    const built = spawnSync(process.execPath, [join('scripts', 'bundle.mjs'), '--cli'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (built.status !== 0) throw new Error(`Bundling the CLI failed: ${built.stderr}`);
    const cli = [join('dist', 'cli', 'index.js')];
    const driftArgs = [
      ...cli,
      'drift',
      '--reference',
      reference,
      '--current',
      current,
      '--format',
      'json',
      '--out',
      out,
    ];
    const hasPeer =
      existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import scipy, pandas']).status === 0;

    const ours: Measured[] = [];
    const peer: Measured[] = [];
    const startup: Measured[] = [];
    const checkout: Measured[] = [];
    for (let i = 0; i < RUNS; i++) {
      // Alternate, so load from other processes on the machine hits both sides alike.
      ours.push(measure(process.execPath, driftArgs));
      if (hasPeer) peer.push(measure(PYTHON, ['-c', PEER, reference, current]));
      startup.push(measure(process.execPath, [...cli, 'drift', '--help']));
      checkout.push(measure(process.execPath, [join('bin', 'modelgate.js'), 'drift', '--help']));
    }

    // The same work in this process, without start-up: where the command's time goes.
    const reads: number[] = [];
    const tests: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      const [ref, cur] = [await readTable(reference), await readTable(current)];
      const read = performance.now();
      driftReport({ reference: ref, current: cur });
      reads.push((read - started) / 1000);
      tests.push((performance.now() - read) / 1000);
    }

    const report = DriftReportSchema.parse(JSON.parse(await readFile(out, 'utf8')));
    const feature = report.features[0];
    const oursSeconds = median(ours.map((m) => m.seconds));
    const startupSeconds = median(startup.map((m) => m.seconds));
    const startupCpu = median(startup.map((m) => m.cpuSeconds ?? Number.NaN));
    const oursPeak = Math.max(...ours.map((m) => m.peakMb ?? 0));
    console.log(
      `Two CSVs of ${ROWS.toLocaleString('en-US')} rows, one numerical column, current shifted by ${SHIFT}; median of ${RUNS} runs.\n`,
    );
    console.log('| | modelgate drift | Python peer | ratio (goal <= 0.5) |');
    console.log('|---|--:|--:|--:|');
    if (hasPeer) {
      const peerSeconds = median(peer.map((m) => m.seconds));
      const peerPeak = Math.max(...peer.map((m) => m.peakMb ?? 0));
      const values = PeerSchema.parse(JSON.parse(peer[0]?.stdout ?? '{}'));
      console.log(
        `| wall time, whole command | ${fmt(oursSeconds)} | ${fmt(peerSeconds)} | ${(oursSeconds / peerSeconds).toFixed(2)} |`,
      );
      const oursCpu = median(ours.map((m) => m.cpuSeconds ?? Number.NaN));
      const peerCpu = median(peer.map((m) => m.cpuSeconds ?? Number.NaN));
      if (Number.isFinite(oursCpu) && Number.isFinite(peerCpu)) {
        console.log(
          `| CPU time (user + sys) | ${fmt(oursCpu)} | ${fmt(peerCpu)} | ${(oursCpu / peerCpu).toFixed(2)} |`,
        );
      }
      console.log(`| peak RSS (goal < 300 MB) | ${mb(oursPeak)} | ${mb(peerPeak)} | |`);
      console.log(`| KS D | ${feature?.ks?.statistic} | ${values.ks} | |`);
      console.log(`| Wasserstein-1 | ${feature?.wasserstein} | ${values.w} | |`);
      console.log(`| PSI (10 reference-quantile bins) | ${feature?.psi} | ${values.psi} | |`);
    } else {
      console.log(
        `| wall time, whole command | ${fmt(oursSeconds)} | (no ${PYTHON} with scipy and pandas) | |`,
      );
      console.log(`| peak RSS (goal < 300 MB) | ${mb(oursPeak)} | | |`);
    }
    console.log(
      `\nIncluded in modelgate's time: ${fmt(startupSeconds)} (${Number.isFinite(startupCpu) ? `${fmt(startupCpu)} CPU` : 'CPU n/a'}) of CLI start-up (\`node dist/cli/index.js drift --help\`: Node and the drift command's modules). From a checkout, \`bin/modelgate.js\` compiles the sources through tsx first: ${fmt(median(checkout.map((m) => m.seconds)))} of start-up.`,
    );
    console.log(
      `In-process (no start-up): reading both CSVs ${fmt(median(reads))}, all statistics and the report ${fmt(median(tests))}.`,
    );
    console.log(
      `Verdict: ${report.dataset_drift ? 'dataset drift' : 'no dataset drift'} (${feature?.test} score ${feature?.score}, exit ${ours[0]?.status}).`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
